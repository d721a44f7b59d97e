"""jijuqu (集聚区): a system of record for China's industrial cluster zones."""

import django_tables2 as tables

from jijuqu.core.tables import BaseTable, BooleanColumn, MoneyColumn

from .models import Enterprise, EnterpriseYear


class EnterpriseTable(BaseTable):
    name = tables.Column(linkify=True)
    above_scale = BooleanColumn()
    high_tech = BooleanColumn()
    registered_capital = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Enterprise
        fields = (
            "name",
            "credit_code",
            "zone",
            "park",
            "industry",
            "above_scale",
            "high_tech",
            "registered_capital",
        )


class EnterpriseYearTable(BaseTable):
    enterprise = tables.Column(linkify=True)
    year = tables.Column(linkify=lambda record: record.get_absolute_url())
    output_value = MoneyColumn()
    revenue = MoneyColumn()
    tax = MoneyColumn()
    profit = MoneyColumn()
    rd_expense = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = EnterpriseYear
        fields = (
            "enterprise",
            "year",
            "output_value",
            "revenue",
            "tax",
            "profit",
            "rd_expense",
            "patents",
            "employees",
        )

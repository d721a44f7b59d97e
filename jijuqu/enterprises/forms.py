from jijuqu.core.forms import ScopedModelForm

from .models import Enterprise, EnterpriseYear


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "zone",
            "park",
            "industry",
            "above_scale",
            "high_tech",
            "legal_representative",
            "contact",
            "phone",
            "address",
            "established",
            "registered_capital",
        ]


class EnterpriseYearForm(ScopedModelForm):
    class Meta:
        model = EnterpriseYear
        fields = [
            "enterprise",
            "year",
            "output_value",
            "revenue",
            "tax",
            "profit",
            "rd_expense",
            "value_added",
            "energy_use",
            "emissions",
            "evaluation_kind",
            "patents",
            "employees",
        ]

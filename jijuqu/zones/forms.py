from jijuqu.core.forms import ScopedModelForm

from .models import Department, Industry, Official, Park, Region, Zone


class RegionForm(ScopedModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class ZoneForm(ScopedModelForm):
    class Meta:
        model = Zone
        fields = [
            "code",
            "name",
            "aliases",
            "region",
            "level",
            "kind",
            "planned_area",
            "built_area",
            "established",
            "industries",
            "address",
            "description",
        ]


class ParkForm(ScopedModelForm):
    class Meta:
        model = Park
        fields = ["zone", "name", "area", "industries", "description"]


class IndustryForm(ScopedModelForm):
    class Meta:
        model = Industry
        fields = ["code", "name"]


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["name", "region", "zone", "phone"]


class OfficialForm(ScopedModelForm):
    class Meta:
        model = Official
        fields = ["name", "position", "department", "phone"]

import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet

from .choices import RegionLevel, ZoneKind, ZoneLevel
from .models import Department, Industry, Official, Park, Region, Zone


class RegionFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("level"))

    class Meta:
        model = Region
        fields = ["q", "level"]


class ZoneFilterSet(BaseFilterSet):
    search_fields = ("name", "code", "address")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="in_region", label=_("region")
    )
    level = django_filters.ChoiceFilter(choices=ZoneLevel.choices, label=_("zone level"))
    kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("zone kind"))
    industries = django_filters.ModelChoiceFilter(
        queryset=Industry.objects.all(), label=_("leading industry")
    )

    class Meta:
        model = Zone
        fields = ["q", "region", "level", "kind", "industries"]

    def in_region(self, queryset, name, value):
        return queryset.filter(value.below("region"))


class ParkFilterSet(BaseFilterSet):
    search_fields = ("name", "zone__name")
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))

    class Meta:
        model = Park
        fields = ["q", "zone"]


class IndustryFilterSet(BaseFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Industry
        fields = ["q"]


class DepartmentFilterSet(BaseFilterSet):
    search_fields = ("name",)
    region = django_filters.ModelChoiceFilter(queryset=Region.objects.all(), label=_("region"))
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))

    class Meta:
        model = Department
        fields = ["q", "region", "zone"]


class OfficialFilterSet(BaseFilterSet):
    search_fields = ("name", "position", "department__name")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("department"))

    class Meta:
        model = Official
        fields = ["q", "department"]

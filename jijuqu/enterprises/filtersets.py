import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.zones.models import Industry, Park, Region, Zone

from .models import Enterprise, EnterpriseYear


class EnterpriseFilterSet(BaseFilterSet):
    search_fields = ("name", "credit_code", "legal_representative")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), method="in_region", label=_("region")
    )
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))
    park = django_filters.ModelChoiceFilter(queryset=Park.objects.all(), label=_("park"))
    industry = django_filters.ModelChoiceFilter(queryset=Industry.objects.all(), label=_("industry"))
    above_scale = django_filters.BooleanFilter(label=_("above designated size"))
    high_tech = django_filters.BooleanFilter(label=_("high-tech enterprise"))

    class Meta:
        model = Enterprise
        fields = ["q", "region", "zone", "park", "industry", "above_scale", "high_tech"]

    def in_region(self, queryset, name, value):
        return queryset.filter(value.below("zone__region"))


class EnterpriseYearFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "enterprise__credit_code")
    year = django_filters.NumberFilter(label=_("year"))
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="enterprise__zone", label=_("zone")
    )

    class Meta:
        model = EnterpriseYear
        fields = ["q", "year", "zone"]

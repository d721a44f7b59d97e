import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.zones.models import Park, Zone

from .choices import BuildingStatus, PlotStatus
from .models import Building, Plot, PlotFollowUp, Scheme, Tenancy


class PlotFilterSet(BaseFilterSet):
    search_fields = ("number", "enterprise__name", "project__name", "note")
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))
    park = django_filters.ModelChoiceFilter(queryset=Park.objects.all(), label=_("park"))
    status = django_filters.ChoiceFilter(choices=PlotStatus.choices, label=_("status"))

    class Meta:
        model = Plot
        fields = ["q", "zone", "park", "status"]


class PlotFollowUpFilterSet(BaseFilterSet):
    search_fields = ("plot__number", "action")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="plot__zone", label=_("zone")
    )

    class Meta:
        model = PlotFollowUp
        fields = ["q", "zone", "revived"]


class BuildingFilterSet(BaseFilterSet):
    search_fields = ("name", "phase", "park__name")
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))
    park = django_filters.ModelChoiceFilter(queryset=Park.objects.all(), label=_("park"))
    status = django_filters.ChoiceFilter(choices=BuildingStatus.choices, label=_("status"))

    class Meta:
        model = Building
        fields = ["q", "zone", "park", "phase", "status"]


class TenancyFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "building__name", "building__park__name")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="building__zone", label=_("zone")
    )

    class Meta:
        model = Tenancy
        fields = ["q", "zone"]


class SchemeFilterSet(BaseFilterSet):
    search_fields = ("framework__name",)

    class Meta:
        model = Scheme
        fields = ["q"]

import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.zones.models import Zone

from .models import Adjustment, Framework, Indicator, IndicatorGroup, IndicatorValue, StarRule


class FrameworkFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Framework
        fields = ["q", "year"]


class IndicatorGroupFilterSet(BaseFilterSet):
    search_fields = ("name",)
    framework = django_filters.ModelChoiceFilter(queryset=Framework.objects.all(), label=_("framework"))

    class Meta:
        model = IndicatorGroup
        fields = ["q", "framework"]


class IndicatorFilterSet(BaseFilterSet):
    search_fields = ("name", "code")
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), field_name="group__framework", label=_("framework")
    )

    class Meta:
        model = Indicator
        fields = ["q", "framework"]


class IndicatorValueFilterSet(BaseFilterSet):
    search_fields = ("indicator__name", "zone__name")
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(), field_name="indicator__group__framework", label=_("framework")
    )
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))

    class Meta:
        model = IndicatorValue
        fields = ["q", "framework", "zone", "period"]


class AdjustmentFilterSet(BaseFilterSet):
    search_fields = ("reason", "zone__name")
    framework = django_filters.ModelChoiceFilter(queryset=Framework.objects.all(), label=_("framework"))

    class Meta:
        model = Adjustment
        fields = ["q", "framework", "period", "veto"]


class StarRuleFilterSet(BaseFilterSet):
    search_fields = ("indicator__name",)
    framework = django_filters.ModelChoiceFilter(queryset=Framework.objects.all(), label=_("framework"))

    class Meta:
        model = StarRule
        fields = ["q", "framework", "stars"]

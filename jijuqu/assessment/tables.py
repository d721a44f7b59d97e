import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jijuqu.core.tables import BaseTable

from .models import Adjustment, Framework, Indicator, IndicatorGroup, IndicatorValue, StarRule


class FrameworkTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Framework
        fields = ("name", "year", "region", "normalisation", "weighting", "aggregation", "missing")


class IndicatorGroupTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = IndicatorGroup
        fields = ("framework", "order", "name")


class IndicatorTable(BaseTable):
    framework = tables.Column(_("framework"), accessor="group__framework", linkify=True)
    group = tables.Column(_("indicator group"), accessor="group__name")
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Indicator
        fields = (
            "framework",
            "group",
            "code",
            "name",
            "unit",
            "direction",
            "weight",
            "target",
            "low",
            "high",
        )


class IndicatorValueTable(BaseTable):
    value = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = IndicatorValue
        fields = ("period", "zone", "indicator", "value", "note")


class AdjustmentTable(BaseTable):
    reason = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Adjustment
        fields = ("framework", "period", "zone", "enterprise", "points", "veto", "reason")


class StarRuleTable(BaseTable):
    indicator = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = StarRule
        fields = ("framework", "stars", "indicator", "threshold")

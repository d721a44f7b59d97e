import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jijuqu.core.tables import BaseTable, BooleanColumn, MoneyColumn

from .models import Building, Plot, PlotFollowUp, Scheme, Tenancy


class PlotTable(BaseTable):
    number = tables.Column(linkify=True)
    enterprise = tables.Column(linkify=True)
    price = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = Plot
        fields = (
            "number",
            "zone",
            "park",
            "area",
            "planned_use",
            "status",
            "enterprise",
            "project",
            "supplied_on",
            "price",
            "start_by",
            "revived_on",
        )


class PlotFollowUpTable(BaseTable):
    plot = tables.Column(linkify=True)
    date = tables.Column(linkify=lambda record: record.get_absolute_url())
    revived = BooleanColumn()

    class Meta(BaseTable.Meta):
        model = PlotFollowUp
        fields = ("plot", "date", "action", "revived", "user")


class BuildingTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Building
        fields = ("name", "zone", "park", "phase", "floors", "floor_area", "status")


class TenancyTable(BaseTable):
    building = tables.Column(linkify=True)
    enterprise = tables.Column(verbose_name=_("tenant"))
    start = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = Tenancy
        fields = ("building", "enterprise", "area", "start", "end")


class SchemeTable(BaseTable):
    framework = tables.Column(linkify=lambda record: record.get_absolute_url())
    year = tables.Column(accessor="framework__year", verbose_name=_("year"))
    region = tables.Column(accessor="framework__region", verbose_name=_("region"))
    normalisation = tables.Column(
        accessor="framework__get_normalisation_display", verbose_name=_("normalisation")
    )

    class Meta(BaseTable.Meta):
        model = Scheme
        fields = (
            "framework",
            "year",
            "region",
            "normalisation",
            "share_a",
            "share_b",
            "share_c",
            "size_threshold",
        )

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from jijuqu.core.tables import BaseTable, MoneyColumn

from .models import (
    ApplicationField,
    Chain,
    ChainTarget,
    ChainVisit,
    Segment,
    SegmentApplication,
    SegmentEnterprise,
    SegmentProject,
    TargetCompany,
    Technology,
)


def own_link(record):
    return record.get_absolute_url()


class ChainTable(BaseTable):
    name = tables.Column(linkify=True)
    related = ("region", "zone", "industry", "chief")

    class Meta(BaseTable.Meta):
        model = Chain
        fields = ("name", "region", "zone", "industry", "chief")


class ChainTargetTable(BaseTable):
    year = tables.Column(linkify=own_link)
    chain = tables.Column(linkify=True)
    output = MoneyColumn()
    investment = MoneyColumn()
    related = ("chain",)

    class Meta(BaseTable.Meta):
        model = ChainTarget
        fields = ("chain", "year", "output", "enterprises", "investment")


class SegmentTable(BaseTable):
    name = tables.Column(linkify=True)
    chain = tables.Column(linkify=True)
    related = ("chain", "parent")

    class Meta(BaseTable.Meta):
        model = Segment
        fields = ("name", "chain", "stage", "kind", "parent", "order")


class SegmentEnterpriseTable(BaseTable):
    enterprise = tables.Column(linkify=True)
    segment = tables.Column(linkify=True)
    link = tables.Column(accessor="pk", verbose_name=_("record"), linkify=own_link, orderable=False)
    related = ("segment", "enterprise")

    class Meta(BaseTable.Meta):
        model = SegmentEnterprise
        fields = ("segment", "enterprise", "note", "link")


class SegmentProjectTable(BaseTable):
    project = tables.Column(linkify=True)
    segment = tables.Column(linkify=True)
    total_investment = MoneyColumn(
        accessor="project__total_investment", verbose_name=_("total investment (10k yuan)")
    )
    link = tables.Column(accessor="pk", verbose_name=_("record"), linkify=own_link, orderable=False)
    related = ("segment", "project")

    class Meta(BaseTable.Meta):
        model = SegmentProject
        fields = ("segment", "project", "total_investment", "link")


class TechnologyTable(BaseTable):
    name = tables.Column(linkify=True)
    segment = tables.Column(linkify=True)
    related = ("segment",)

    class Meta(BaseTable.Meta):
        model = Technology
        fields = ("name", "segment", "maturity_year", "note")


class ApplicationFieldTable(BaseTable):
    name = tables.Column(linkify=True)
    related = ("chain",)

    class Meta(BaseTable.Meta):
        model = ApplicationField
        fields = ("name", "chain", "market")


class SegmentApplicationTable(BaseTable):
    segment = tables.Column(linkify=True)
    field = tables.Column(linkify=True)
    link = tables.Column(accessor="pk", verbose_name=_("record"), linkify=own_link, orderable=False)
    related = ("segment", "field")

    class Meta(BaseTable.Meta):
        model = SegmentApplication
        fields = ("segment", "field", "weight", "link")


class TargetCompanyTable(BaseTable):
    name = tables.Column(linkify=True)
    segment = tables.Column(linkify=True)
    lead = tables.Column(linkify=True)
    related = ("segment", "province", "city", "lead")

    class Meta(BaseTable.Meta):
        model = TargetCompany
        fields = ("name", "segment", "province", "city", "size", "products", "lead")


class ChainVisitTable(BaseTable):
    date = tables.Column(linkify=own_link)
    chain = tables.Column(linkify=True)
    related = ("chain", "enterprise", "lead", "problem")

    class Meta(BaseTable.Meta):
        model = ChainVisit
        fields = (
            "date",
            "chain",
            "kind",
            "enterprise",
            "counterpart",
            "visitors",
            "outcome",
            "lead",
            "problem",
        )

import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.zones.models import Zone

from .choices import SegmentKind, Stage, VisitKind, VisitOutcome
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


class ChainFilterSet(BaseFilterSet):
    search_fields = ("name", "note", "region__name", "zone__name")
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))

    class Meta:
        model = Chain
        fields = ["q", "zone", "industry"]


class ChainChildFilterSet(BaseFilterSet):
    chain = django_filters.ModelChoiceFilter(queryset=Chain.objects.all(), label=_("industrial chain"))


class ChainTargetFilterSet(ChainChildFilterSet):
    class Meta:
        model = ChainTarget
        fields = ["q", "chain", "year"]


class SegmentFilterSet(ChainChildFilterSet):
    search_fields = ("name", "note")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("stage"))
    kind = django_filters.ChoiceFilter(choices=SegmentKind.choices, label=_("node kind"))

    class Meta:
        model = Segment
        fields = ["q", "chain", "stage", "kind"]


class SegmentChildFilterSet(BaseFilterSet):
    chain = django_filters.ModelChoiceFilter(
        queryset=Chain.objects.all(), field_name="segment__chain", label=_("industrial chain")
    )


class SegmentEnterpriseFilterSet(SegmentChildFilterSet):
    search_fields = ("enterprise__name", "segment__name", "note")

    class Meta:
        model = SegmentEnterprise
        fields = ["q", "chain"]


class SegmentProjectFilterSet(SegmentChildFilterSet):
    search_fields = ("project__name", "segment__name")

    class Meta:
        model = SegmentProject
        fields = ["q", "chain"]


class TechnologyFilterSet(SegmentChildFilterSet):
    search_fields = ("name", "segment__name", "note")

    class Meta:
        model = Technology
        fields = ["q", "chain"]


class ApplicationFieldFilterSet(ChainChildFilterSet):
    search_fields = ("name", "market")

    class Meta:
        model = ApplicationField
        fields = ["q", "chain"]


class SegmentApplicationFilterSet(SegmentChildFilterSet):
    search_fields = ("segment__name", "field__name")

    class Meta:
        model = SegmentApplication
        fields = ["q", "chain"]


class TargetCompanyFilterSet(ChainChildFilterSet):
    search_fields = ("name", "credit_code", "products", "segment__name", "province__name", "city__name")
    turned = django_filters.BooleanFilter(
        field_name="lead", lookup_expr="isnull", exclude=True, label=_("turned into a lead")
    )

    class Meta:
        model = TargetCompany
        fields = ["q", "chain", "turned"]


class ChainVisitFilterSet(ChainChildFilterSet):
    search_fields = ("counterpart", "enterprise__name", "visitors", "result")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("visit kind"))
    outcome = django_filters.ChoiceFilter(choices=VisitOutcome.choices, label=_("outcome"))

    class Meta:
        model = ChainVisit
        fields = ["q", "chain", "kind", "outcome"]

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.core.periods import month_field_value, validate_month
from jijuqu.zones.models import Department, Industry, Official, Region, Zone

from . import analysis
from .analysis import LAGGING_KINDS, Period, lagging_any_q, lagging_q
from .choices import EscalationLevel, ProblemCategory, ProblemStatus, ProjectKind, ProjectLevel, ProjectStatus
from .models import (
    AnnualPlan,
    ApprovalItem,
    ApprovalItemType,
    CalendarDay,
    Inspection,
    MonthlyProgress,
    Problem,
    Project,
)


class PeriodFilterSet(BaseFilterSet):
    """A FilterSet for rows annotated for one period (the view sets `self.period`)."""

    period = django_filters.CharFilter(
        label=_("period"),
        method="keep",
        widget=forms.TextInput(attrs={"type": "month"}),
        validators=[validate_month],
    )
    period_value: Period | None = None

    def keep(self, queryset, name, value):
        return queryset


class ProjectFilterSet(PeriodFilterSet):
    search_fields = ("name", "code", "builder_name", "content")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label=_("region"), method="in_region"
    )
    zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all(), label=_("zone"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("status"))
    level = django_filters.ChoiceFilter(choices=ProjectLevel.choices, label=_("project level"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("construction kind"))
    industry = django_filters.ModelChoiceFilter(queryset=Industry.objects.all(), label=_("industry"))
    leader = django_filters.ModelChoiceFilter(queryset=Official.objects.all(), label=_("leader in charge"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("responsible department")
    )
    lagging = django_filters.ChoiceFilter(
        choices=[("any", _("any lag")), *LAGGING_KINDS.items()], label=_("lagging"), method="filter_lagging"
    )

    class Meta:
        model = Project
        fields = [
            "period",
            "q",
            "region",
            "zone",
            "status",
            "level",
            "kind",
            "industry",
            "leader",
            "department",
            "lagging",
        ]

    def in_region(self, queryset, name, value):
        return queryset.filter(value.below("zone__region"))

    def filter_lagging(self, queryset, name, value):
        period = self.period_value
        return queryset.filter(lagging_any_q(period) if value == "any" else lagging_q(period, value))


class MonthlyProgressFilterSet(BaseFilterSet):
    search_fields = ("project__name", "progress_text")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="project__zone", label=_("zone")
    )
    # Reached from a project's page (?project=ID), not picked from a list: a province has 100,000 projects,
    # and a select of them all took seconds to render.
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(), label=_("key project"), widget=forms.HiddenInput
    )
    year = django_filters.NumberFilter(label=_("year"))
    month = django_filters.NumberFilter(label=_("month"))

    class Meta:
        model = MonthlyProgress
        fields = ["q", "zone", "project", "year", "month"]

    @property
    def form(self):
        form = super().form
        if form.is_bound and form.is_valid():
            form.chosen = form.cleaned_data.get("project")
        return form


class AnnualPlanFilterSet(BaseFilterSet):
    search_fields = ("project__name",)
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="project__zone", label=_("zone")
    )
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = AnnualPlan
        fields = ["q", "zone", "year"]


class ProblemFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "project__name", "enterprise__name")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), label=_("zone"), method="filter_zone"
    )
    category = django_filters.ChoiceFilter(choices=ProblemCategory.choices, label=_("category"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("status"))
    level = django_filters.ChoiceFilter(choices=EscalationLevel.choices, label=_("escalation level"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("responsible department")
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")

    class Meta:
        model = Problem
        fields = ["q", "zone", "category", "status", "level", "department", "overdue"]

    def filter_zone(self, queryset, name, value):
        # The zone of what the problem is about: its project's, else its enterprise's.
        if value is None:
            return queryset
        return queryset.filter(Q(project__zone=value) | Q(project__isnull=True, enterprise__zone=value))

    def filter_overdue(self, queryset, name, value):
        q = {"status": ProblemStatus.OPEN, "deadline__lt": timezone.localdate()}
        return queryset.filter(**q) if value else queryset.exclude(**q)


class ApprovalItemFilterSet(BaseFilterSet):
    search_fields = ("project__name", "item_type__name", "note")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="project__zone", label=_("zone")
    )
    item_type = django_filters.ModelChoiceFilter(
        queryset=ApprovalItemType.objects.all(), label=_("approval item")
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("handling department")
    )
    done = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("completed")
    )
    overdue = django_filters.BooleanFilter(label=_("overdue"), method="filter_overdue")

    class Meta:
        model = ApprovalItem
        fields = ["q", "zone", "item_type", "department", "done", "overdue"]

    def filter_overdue(self, queryset, name, value):
        q = {"completed_on__isnull": True, "due_on__lt": timezone.localdate()}
        return queryset.filter(**q) if value else queryset.exclude(**q)


class ApprovalItemTypeFilterSet(BaseFilterSet):
    search_fields = ("name",)

    class Meta:
        model = ApprovalItemType
        fields = ["q"]


class CalendarDayFilterSet(BaseFilterSet):
    search_fields = ("name",)
    # A year lookup builds dates: beyond 1–9999 it raised (a 500 for ?year=2^64), so the form refuses it.
    year = django_filters.NumberFilter(field_name="date__year", label=_("year"), min_value=1, max_value=9999)

    class Meta:
        model = CalendarDay
        fields = ["q", "year"]


class InspectionFilterSet(BaseFilterSet):
    search_fields = ("project__name", "inspectors", "findings")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="project__zone", label=_("zone")
    )
    published = django_filters.BooleanFilter(label=_("published"))

    class Meta:
        model = Inspection
        fields = ["q", "zone", "published"]


def period_for(request, projects) -> analysis.Period:
    """The period asked for (?period=YYYY-MM), else the page's default (`analysis.default_period`). A bad
    or future month is reported by the FilterSet's validator; the rows are then empty."""
    try:
        return month_field_value(request.GET.get("period"))
    except ValidationError:
        return analysis.default_period(projects)


def ledger_filterset(request, projects) -> ProjectFilterSet:
    """The ledger's FilterSet: `projects` with their figures for the period asked for; the page, its
    export and the API all read the ledger through it."""
    period = period_for(request, projects)
    rows = analysis.with_figures(
        projects.select_related("zone__region__parent", "industry", "leader", "department"), period
    )
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("period"):
        data["period"] = str(period)  # the month field shows the month the figures are for
    fs = ProjectFilterSet(data, queryset=rows, request=request)
    fs.filters["period"].extra["initial"] = str(period)
    fs.period_value = period
    return fs

"""The monthly report (月通报) on key projects for a region or a zone and a month.

`build(area, period, …)` computes everything once: the totals, the ranking by county/zone and by
industry, the lagging projects with their 包联领导 and 责任单位, and the overdue problems and approval
items. The tables (`report_tables`) and the narrative (`narrative.draft`) both read this one object,
so a figure in the text is the figure in the table.

Problems and approval items are taken as they stood at the end of the month (raised or submitted
by then, not yet resolved or completed by then), so last month's report reads the same next year.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jijuqu.core.scope import UserScope
from jijuqu.projects import analysis
from jijuqu.projects.analysis import LAGGING_KINDS, Group, Period
from jijuqu.projects.choices import EscalationLevel, ProjectLevel
from jijuqu.projects.models import AnnualPlan, ApprovalItem, Escalation, MonthlyProgress, Problem, Project
from jijuqu.zones.models import Region, Zone

from .issuance import Issuance, issuance_for

# How a report on each kind of area is worded and broken down.
AREA_WORD = {"province": "全省", "city": "全市", "zone": "全区"}
BREAKDOWN = {"province": "city", "city": "county", "county": "zone", "zone": "leader"}
CHILD_WORD = {"city": "省辖市", "county": "县（市、区）", "zone": "集聚区", "leader": "包联领导"}
# The report is an official Chinese document whatever the interface language.
LEVEL_WORDS = {
    EscalationLevel.DEPARTMENT: "责任单位",
    EscalationLevel.DEPUTY: "分管领导",
    EscalationLevel.HEAD: "主要领导",
}
SUBJECTS = {
    frozenset({ProjectLevel.PROVINCE}): "省重点项目",
    frozenset({ProjectLevel.CITY}): "市重点项目",
    frozenset({ProjectLevel.COUNTY}): "县重点项目",
    frozenset({ProjectLevel.PROVINCE, ProjectLevel.CITY}): "省市重点项目",
}


@dataclass(frozen=True)
class Area:
    """What a report covers: a region (province, city, county) or one zone."""

    name: str
    level: str  # province / city / county / zone
    region: Region | None = None
    zone: Zone | None = None

    @classmethod
    def of(cls, place: Region | Zone) -> Area:
        if isinstance(place, Zone):
            return cls(place.name, "zone", zone=place)
        return cls(place.name, place.level, region=place)

    @classmethod
    def from_code(cls, code: str) -> Area:
        """A region code (6 digits) or a zone code; raises LookupError with a Chinese message."""
        code = (code or "").strip()
        place = Region.objects.filter(code=code).first() or Zone.objects.filter(code=code).first()
        if place is None:
            raise LookupError(f"没有代码为“{code}”的行政区或集聚区")
        return cls.of(place)

    @property
    def code(self) -> str:
        return (self.zone or self.region).code

    @property
    def word(self) -> str:
        """全省 / 全市 / 全县 / 全区: how the text names the whole area."""
        if self.level == "county":
            return "全" + (self.name[-1] if self.name[-1] in "市区县" else "县")
        return AREA_WORD[self.level]

    @property
    def breakdown(self) -> str:
        return BREAKDOWN[self.level]

    @property
    def child_word(self) -> str:
        return CHILD_WORD[self.breakdown]

    def filter(self, projects: QuerySet) -> QuerySet:
        if self.zone is not None:
            return projects.filter(zone=self.zone)
        return projects.filter(self.region.below("zone__region"))


def areas_for(user) -> tuple[QuerySet, QuerySet]:
    """The regions and zones a user may report on: region users their region and below, zone staff
    (and department and enterprise users) only zones, since their projects are a zone's, not a region's."""
    zones = Zone.objects.restrict(user).select_related("region")
    scope = UserScope.of(user)
    if scope.zone_id is not None:
        return Region.objects.none(), zones
    # Regions are readable up the tree (a county sees its city's name); reports go down it only.
    regions = Region.objects.restrict(user).order_by("code")
    if scope.region_prefix:
        regions = regions.filter(code__startswith=scope.region_prefix)
    return regions, zones


def subject_for(levels: Iterable[str] | None) -> str:
    levels = frozenset(levels or ())
    if not levels or levels == frozenset(ProjectLevel.values):
        return "重点项目"
    return SUBJECTS.get(levels, "重点项目")


class LaggingProject(NamedTuple):
    """A row of the 滞后项目名单: what the list prints of a lagging project, read as plain values (a
    province's list runs to tens of thousands of projects; a tuple keeps and pickles small)."""

    pk: int
    code: str  # the project's code in the ledger (orders projects of the same name)
    name: str
    zone_code: str
    zone_name: str
    plan: Decimal | None
    ytd: Decimal
    kinds: list[str]  # keys of LAGGING_KINDS
    leader: str  # 包联领导 as printed (Project.leader_label)
    department: str  # 责任单位 as printed (Project.department_label)
    group: str  # the label of the report's breakdown the project falls in (a city, a county …)

    @property
    def kind_labels(self) -> str:
        return lagging_labels(tuple(self.kinds))


@functools.cache
def lagging_labels(kinds: tuple[str, ...]) -> str:
    """滞后情形 as printed: a province's 54,000 lagging projects share a dozen combinations."""
    return "、".join(LAGGING_KINDS[k] for k in kinds)


class OverdueProblem(NamedTuple):
    """A problem still open at the month's end and past its deadline then."""

    pk: int
    title: str
    project_name: str
    zone_name: str
    department: str
    deadline: dt.date
    days_overdue: int
    level_at_end: int  # the escalation level it had reached by the month's end

    @property
    def level_label(self) -> str:
        return LEVEL_WORDS[self.level_at_end]


class OverdueApproval(NamedTuple):
    """An approval item submitted by the month's end, not completed by then and past its due date."""

    pk: int
    project_name: str
    zone_name: str
    item_type: str
    department: str
    submitted_on: dt.date
    due_on: dt.date
    days_overdue: int


@dataclass
class MonthlyReport:
    area: Area
    period: Period
    subject: str
    schedule: Decimal
    total: Group
    groups: list[Group]
    industries: list[Group]
    lagging: list[LaggingProject]
    lagging_counts: dict[str, int]
    problems: list[OverdueProblem]
    approvals: list[OverdueApproval]
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, paragraph)
    notes: list[str] = field(default_factory=list)
    issuance: Issuance | None = None  # 发文机关, 文号, 成文日期 (issuance.issuance_for)
    no_data: bool = False  # the month is before any of the area's projects had a plan or a report

    @property
    def title(self) -> str:
        return f"{self.area.name}{self.subject}建设情况通报"

    @property
    def subtitle(self) -> str:
        return f"（{self.period.year}年{self.period.label}）"

    @property
    def text(self) -> str:
        """The narrative as one string (what the figures in the tables are checked against)."""
        return "\n".join(paragraph for _, paragraph in self.sections)

    @property
    def file_stem(self) -> str:
        return f"{self.area.name}{self.subject}月通报_{self.period}"


def build(
    area: Area,
    period: Period,
    *,
    user=None,
    levels: Iterable[str] | None = None,
    issuance: Issuance | None = None,
) -> MonthlyReport:
    """Everything the report shows. With a user, only what the user may see is counted."""
    from . import narrative

    projects = Project.objects.restrict(user) if user is not None else Project.objects.all()
    projects = area.filter(projects)
    levels = sorted(set(levels or ()))
    if levels:
        projects = projects.filter(level__in=levels)
    no_data = projects.exists() and not has_data(projects, period)
    if no_data:
        # Projects entered later are not "unreported" in a month before the ledger began.
        projects = projects.none()
    # The figures are the database's aggregates over the projects' plans and kept reports; only the
    # lagging projects, the overdue problems and the overdue approval items are read row by row.
    schedule = analysis.schedule_ratio(period)
    lagging = lagging_projects(projects, period, area.breakdown)
    counts = dict.fromkeys(LAGGING_KINDS, 0)
    for lp in lagging:
        for k in lp.kinds:
            counts[k] += 1
    total, groups = analysis.breakdowns(projects, period, (area.breakdown, "industry"), schedule)
    report = MonthlyReport(
        area=area,
        period=period,
        subject=subject_for(levels),
        schedule=schedule,
        total=total,
        groups=groups[area.breakdown],
        industries=groups["industry"],
        lagging=lagging,
        lagging_counts=counts,
        problems=overdue_problems(projects, period),
        approvals=overdue_approvals(projects, period),
        issuance=issuance or issuance_for(area, period),
        no_data=no_data,
    )
    report.sections = narrative.draft(report)
    return report


def lagging_projects(projects: QuerySet, period: Period, breakdown: str) -> list[LaggingProject]:
    """The projects lagging in any of the ways of LAGGING_KINDS, by zone, the most lagging first."""
    flags = [f"lag_{kind}" for kind in LAGGING_KINDS]
    _key, group = analysis.group_expressions(breakdown)
    rows = (
        analysis.with_lagging(analysis.with_figures(projects, period), period)
        .filter(analysis.lagging_any_q(period))
        .annotate(group_label=group, **Project.label_expressions())
        .order_by()
        .values_list(
            "pk",
            "code",
            "name",
            "zone__code",
            "zone__name",
            "plan",
            "ytd",
            *flags,
            "printed_leader",
            "printed_department",
            "group_label",
        )
    )
    result = []
    for pk, code, name, zone_code, zone_name, plan, ytd, *lags, leader, department, group_label in rows:
        kinds = [kind for kind, lag in zip(LAGGING_KINDS, lags, strict=True) if lag]
        result.append(
            LaggingProject(
                pk, code, name, zone_code, zone_name, plan, ytd, kinds, leader, department, group_label
            )
        )
    # By zone, the most lagging first, then as the ledger orders them.
    result.sort(key=lambda lp: (lp.zone_code, -len(lp.kinds), lp.name, lp.code, lp.pk))
    return result


def has_data(projects: QuerySet, period: Period) -> bool:
    """Whether any of these projects had an annual plan for the period's year or earlier, or a monthly
    report up to the period: a report for an earlier month has nothing to say."""
    plans = AnnualPlan.objects.filter(project=OuterRef("pk"), year__lte=period.year)
    reports = MonthlyProgress.objects.filter(project=OuterRef("pk")).filter(
        Q(year__lt=period.year) | Q(year=period.year, month__lte=period.month)
    )
    # Asked project by project, so the first project with either answers (no list of a province's ids).
    return projects.filter(Exists(plans) | Exists(reports)).exists()


def end_of(period: Period) -> dt.datetime:
    """The last instant of the month, in the configured time zone."""
    return timezone.make_aware(dt.datetime.combine(period.end, dt.time.max))


def overdue_problems(projects: QuerySet, period: Period) -> list[OverdueProblem]:
    """Problems on these projects still open at the month's end and past their deadline then, with
    the escalation level they had reached by that day, the most escalated first."""
    end = period.end
    reached = (
        Escalation.objects.filter(problem=OuterRef("pk"), at__lte=end_of(period))
        .values("problem")
        .annotate(m=Max("level"))
        .values("m")[:1]
    )
    rows = (
        Problem.objects.filter(analysis.of_projects(projects), raised_on__lte=end, deadline__lt=end)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
        .annotate(level_at_end=Coalesce(Subquery(reached), EscalationLevel.DEPARTMENT))
        .order_by("-level_at_end", "deadline", "pk")
        .values_list(
            "pk",
            "title",
            "project__name",
            "project__zone__name",
            "department__name",
            "deadline",
            "level_at_end",
        )
    )
    return [
        OverdueProblem(pk, title, project, zone, department or "", deadline, (end - deadline).days, level)
        for pk, title, project, zone, department, deadline, level in rows
    ]


def overdue_approvals(projects: QuerySet, period: Period) -> list[OverdueApproval]:
    """Approval items submitted by the month's end, not completed by then and past their due date."""
    end = period.end
    rows = (
        ApprovalItem.objects.filter(analysis.of_projects(projects), submitted_on__lte=end, due_on__lt=end)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=end))
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "project__name",
            "project__zone__name",
            "item_type__name",
            "department__name",
            "submitted_on",
            "due_on",
        )
    )
    return [
        OverdueApproval(pk, project, zone, item_type, department or "", submitted, due, (end - due).days)
        for pk, project, zone, item_type, department, submitted, due in rows
    ]

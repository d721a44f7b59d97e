"""Progress analysis of the key-project ledger for one period (year + month).

Completion against the annual plan, comparison with time elapsed (时序进度), the lagging lists, and
aggregation by zone, county, city, industry, level and leader. The monthly report and the pages use
these same functions, so a figure is computed once.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from jijuqu.core import computed
from jijuqu.core.numbers import percent, points, round1, wan, yi
from jijuqu.core.periods import Period
from jijuqu.core.querysets import leave_out_unused_relations
from jijuqu.zones.models import Zone

from . import yearly
from .choices import REPORTING_STATUSES, ProjectStatus
from .models import MonthlyProgress

ZERO = Decimal("0.00")


def schedule_ratio(period: Period, by: str | None = None) -> Decimal:
    """时序进度: the share of the year elapsed at the end of the period, by month (10/12) or by days."""
    by = by or getattr(settings, "JIJUQU_SCHEDULE_BY", "month")
    if by == "day":
        start = dt.date(period.year, 1, 1)
        days_in_year = 366 if calendar.isleap(period.year) else 365
        return Decimal((period.end - start).days + 1) / Decimal(days_in_year)
    if by != "month":
        raise ValueError(f"schedule by {by!r}: use 'month' or 'day'")
    return Decimal(period.month) / Decimal(12)


def completion_rate(done: Decimal, plan: Decimal | None) -> Decimal | None:
    if not plan:
        return None
    return Decimal(done) / Decimal(plan)


def schedule_gap(rate: Decimal | None, schedule: Decimal) -> Decimal | None:
    """Percentage points ahead (+) or behind (−) time elapsed, unrounded."""
    if rate is None:
        return None
    return (rate - schedule) * 100


def gap_phrase(gap: Decimal | None) -> str:
    if gap is None:
        return "无年度计划"
    if round1(gap) == 0:
        return "与时序进度持平"
    if gap > 0:
        return f"超过时序进度{points(gap)}个百分点"
    return f"滞后时序进度{points(gap)}个百分点"


def progress_phrase(done: Decimal, plan: Decimal | None, period: Period, by: str | None = None) -> str:
    """ "占年度投资计划的97.2%，超过时序进度13.9个百分点" — both figures from the unrounded values."""
    rate = completion_rate(done, plan)
    if rate is None:
        return "未下达年度投资计划"
    return f"占年度投资计划的{percent(rate)}，{gap_phrase(schedule_gap(rate, schedule_ratio(period, by)))}"


# -- per-project figures ---------------------------------------------------------------------------


def with_figures(projects: QuerySet, period: Period) -> QuerySet:
    """Annotate plan, year-to-date, since-start, this month's report and the last month with investment:
    the year's plan and the year's kept reports (`yearly`) are one LEFT JOIN each."""
    return with_year(projects, period).annotate(
        plan=F("year_plan__planned_investment"),
        target_start=F("year_plan__target_start"),
        target_completion=F("year_plan__target_completion"),
        target_production=F("year_plan__target_production"),
        **yearly.figures(period, "year_reports"),
    )


def with_year(projects: QuerySet, period: Period) -> QuerySet:
    """The projects joined to their plan (at most one per year) and their kept reports of the year."""
    yearly.carry_into(period.year)
    return projects.annotate(
        year_plan=FilteredRelation(
            "annual_plans", condition=Q(annual_plans__year=period.year, annual_plans__archived__isnull=True)
        ),
        year_reports=FilteredRelation("progress_years", condition=Q(progress_years__year=period.year)),
    )


def lagging_q(period: Period, kind: str, stalled_months: int = 3, by: str | None = None) -> Q:
    """Filters on `with_figures` rows for the lagging lists."""
    if kind == "behind":
        return Q(plan__gt=0, ytd__lt=F("plan") * schedule_ratio(period, by))
    if kind == "not_started":
        return Q(
            target_start=True,
            planned_start__lte=period.end,
            status__in=[ProjectStatus.PLANNING, ProjectStatus.SIGNED],
        )
    if kind == "no_report":
        return Q(status__in=REPORTING_STATUSES, reported=False)
    if kind == "stalled":
        oldest = period.year * 12 + period.month - 1 - (stalled_months - 1)
        return Q(status__in=REPORTING_STATUSES) & (
            Q(last_invested_index__lt=oldest) | Q(last_invested_index__isnull=True)
        )
    raise ValueError(kind)


LAGGING_KINDS = {
    "behind": "投资滞后时序进度",
    "not_started": "计划开工未开工",
    "no_report": "本月未填报",
    "stalled": "连续3个月无投资进展",
}


def with_lagging(rows: QuerySet, period: Period, by: str | None = None) -> QuerySet:
    """Annotate `with_figures` rows with one boolean per lagging kind (`lag_behind`, …)."""
    return rows.annotate(
        **{
            f"lag_{kind}": ExpressionWrapper(lagging_q(period, kind, by=by), output_field=BooleanField())
            for kind in LAGGING_KINDS
        }
    )


def lagging_any_q(period: Period, by: str | None = None) -> Q:
    q = Q()
    for kind in LAGGING_KINDS:
        q |= lagging_q(period, kind, by=by)
    return q


# -- aggregation -----------------------------------------------------------------------------------


@dataclass
class Group:
    key: object
    label: str
    count: int = 0
    total_investment: Decimal = ZERO
    plan: Decimal = ZERO
    ytd: Decimal = ZERO
    month_invested: Decimal = ZERO
    # Milestones of the year: planned (AnnualPlan.target_*), planned and reached by the period's end, and
    # reached without being planned (reported apart: they do not raise the 开工率).
    target_start: int = 0
    started: int = 0
    started_unplanned: int = 0
    target_completion: int = 0
    completed: int = 0
    completed_unplanned: int = 0
    target_production: int = 0
    producing: int = 0
    producing_unplanned: int = 0
    rate: Decimal | None = None
    gap: Decimal | None = None


@dataclass(frozen=True)
class Milestone:
    """A yearly node target: 开工, 竣工 or 投产."""

    word: str  # 开工
    target: str  # Group/annotation field of the plan: target_start
    done: str  # Group field: planned and reached
    unplanned: str  # Group field: reached without a plan
    date_field: str  # Project field: actual_start

    def rate(self, g: Group) -> Decimal | None:
        """开工率: planned projects that reached it / planned projects."""
        target = getattr(g, self.target)
        return Decimal(getattr(g, self.done)) / Decimal(target) if target else None

    def phrase(self, g: Group) -> str:
        """ "计划开工项目9个，年内已开工0个，开工率0.0%，另有计划外开工2个" ("" when there is nothing to say)."""
        target, done, unplanned = (getattr(g, f) for f in (self.target, self.done, self.unplanned))
        parts = []
        if target:
            parts.append(
                f"计划{self.word}项目{target}个，年内已{self.word}{done}个，{self.word}率{percent(self.rate(g))}"
            )
        if unplanned:
            parts.append(f"{'另有' if target else ''}计划外{self.word}{unplanned}个")
        return "，".join(parts)


MILESTONES = (
    Milestone("开工", "target_start", "started", "started_unplanned", "actual_start"),
    Milestone("竣工", "target_completion", "completed", "completed_unplanned", "actual_completion"),
    Milestone("投产", "target_production", "producing", "producing_unplanned", "actual_production"),
)


def milestones_sentence(g: Group) -> str:
    """ "计划开工项目9个，年内已开工0个，开工率0.0%，另有计划外开工2个；计划竣工项目…" for the 通报 and the home."""
    return "；".join(filter(None, (m.phrase(g) for m in MILESTONES)))


def finish_group(g: Group, schedule: Decimal) -> None:
    g.rate = completion_rate(g.ytd, g.plan)
    g.gap = schedule_gap(g.rate, schedule)


# -- figures of many projects, added up by the database ------------------------------------------
#
# A page that shows 50 projects of a province must not read 100,000 to print the 合计 row, nor the
# 月通报 to rank the cities: `total_of` and `breakdowns` ask the database for the Group.
# (projects/tests/per_project.py adds the same figures up project by project; the tests compare them.)


def of_projects(projects: QuerySet) -> Exists:
    """A filter for rows of these projects (reports, problems, approval items): asked of each row's
    project, so a province's rows are not matched against a list of its 100,000 project ids."""
    return Exists(projects.filter(pk=OuterRef("project_id")))


def milestone_counts(period: Period) -> dict:
    """Count() aggregates of the milestone fields of Group (target_start, started, started_unplanned …)
    over `plain_figures` rows: planned for the year (the year's plan's target), and reached in the
    period's year by its end (the project's actual date)."""
    counts = {}
    for m in MILESTONES:
        planned = Q(**{f"year_{m.target}": True})
        reached = Q(
            **{f"{m.date_field}__gte": dt.date(period.year, 1, 1), f"{m.date_field}__lte": period.end}
        )
        counts[m.target] = Count("pk", filter=planned)
        counts[m.done] = Count("pk", filter=planned & reached)
        # No plan for the year (NULL) counts as not planned.
        unplanned = Q(**{f"year_{m.target}": False}) | Q(**{f"year_{m.target}__isnull": True})
        counts[m.unplanned] = Count("pk", filter=unplanned & reached)
    return counts


def project_sums(period: Period) -> dict:
    kept = yearly.figures(period, "year_reports")
    return {
        "count": Count("pk"),
        "total_investment": Coalesce(Sum("total_investment"), Value(ZERO)),
        "plan": Coalesce(Sum("year_plan__planned_investment"), Value(ZERO)),
        "ytd": Coalesce(Sum(kept["ytd"]), Value(ZERO)),
        "month_invested": Coalesce(Sum(kept["month_invested"]), Value(ZERO)),
        **milestone_counts(period),
    }


def total_of(projects: QuerySet, period: Period, schedule: Decimal | None = None) -> Group:
    """The projects' figures added up: the 合计 row of a list, in one aggregate query over the projects'
    plans and kept reports."""
    schedule = schedule_ratio(period) if schedule is None else schedule
    g = Group("total", "合计", **plain_figures(projects, period).aggregate(**project_sums(period)))
    finish_group(g, schedule)
    return g


def plain_figures(projects: QuerySet, period: Period) -> QuerySet:
    """These projects (whatever they were filtered on) with only the year's plan and kept reports joined:
    what the aggregates read, without the annotations of `with_figures`."""
    keys = projects.values("pk")  # a clone: its query is its own
    leave_out_unused_relations(keys.query)
    base = projects.model.objects.filter(pk__in=keys)
    return with_year(base, period).annotate(
        **{f"year_{m.target}": F(f"year_plan__{m.target}") for m in MILESTONES}
    )


# The code ending of GB/T 2260's city-level units for counties a province administers directly (419000).
DIRECTLY_ADMINISTERED = "9000"


def group_expressions(by: str, path: str = "") -> tuple:
    """The key and label of a project's group as database expressions on a project (at `path`): its
    zone, its county (a zone directly under a city — a 示范区 or 高新区 of the city itself — stands on
    its own, as 通报 list them beside the counties), its city, its industry or its leader."""

    def f(name):
        return F(f"{path}{name}")

    county = Q(**{f"{path}zone__region__level": "county"})
    # A county the province administers directly (济源, 仙桃 …) hangs on GB/T 2260's xx9000 unit
    # (省直辖县级行政区划), which is no city: each such county stands as a city of its own.
    in_a_city = county & ~Q(**{f"{path}zone__region__parent__code__endswith": DIRECTLY_ADMINISTERED})
    if by == "zone":
        return f("zone_id"), f("zone__name")
    if by == "city":
        return (
            Case(When(in_a_city, then=f("zone__region__parent__code")), default=f("zone__region__code")),
            Case(When(in_a_city, then=f("zone__region__parent__name")), default=f("zone__region__name")),
        )
    if by == "county":
        return (
            Case(
                When(county, then=f("zone__region__code")),
                default=Concat(Value("zone-"), f("zone_id"), output_field=CharField()),
            ),
            Case(When(county, then=f("zone__region__name")), default=f("zone__name")),
        )
    if by == "industry":
        return f("industry_id"), Coalesce(f("industry__name"), Value("未分类"))
    if by == "leader":
        return f("leader_id"), Coalesce(f("leader__name"), Value("未明确"))
    raise ValueError(by)


SUMMED = ("count", "total_investment", "plan", "ytd", "month_invested") + tuple(
    name for m in MILESTONES for name in (m.target, m.done, m.unplanned)
)


def breakdowns(
    projects: QuerySet, period: Period, bys: tuple[str, ...], schedule: Decimal | None = None
) -> tuple[Group, dict[str, list[Group]]]:
    """The total and the groups by each of `bys` (`group_expressions`), from one aggregate query grouped
    by all of them at once: every figure of a Group is a count or a sum, so the finer rows add up to each
    breakdown and to the total exactly (the 月通报 reads its three tables in one pass over the area).
    Each breakdown's groups are ranked by completion rate (highest first), then by label."""
    if not bys:
        raise ValueError("breakdowns needs at least one grouping")
    schedule = schedule_ratio(period) if schedule is None else schedule
    names = {}
    for i, by in enumerate(bys):
        key, label = group_expressions(by)
        names[f"key_{i}"], names[f"label_{i}"] = key, label
    rows = plain_figures(projects, period).annotate(**names)
    total = Group("total", "合计")
    groups: list[dict] = [{} for _ in bys]
    for row in rows.values(*names).annotate(**project_sums(period)).order_by():
        add_up(total, row)
        for i, found in enumerate(groups):
            k = row[f"key_{i}"]
            g = found.get(k)
            if g is None:
                g = found[k] = Group(k, row[f"label_{i}"])
            add_up(g, row)
    finish_group(total, schedule)
    result = {}
    for by, found in zip(bys, groups, strict=True):
        for g in found.values():
            finish_group(g, schedule)
        result[by] = sorted(
            found.values(), key=lambda g: (g.rate is None, -(g.rate or 0), g.label, str(g.key))
        )
    return total, result


def add_up(g: Group, row: dict) -> None:
    for name in SUMMED:
        setattr(g, name, getattr(g, name) + row[name])


def summary_sentence(group: Group, period: Period) -> str:
    """The headline sentence: "2024年1-10月，56个项目总投资…亿元，累计完成投资629.0亿元，占年度投资计划的97.2%，…"."""
    return (
        f"{period.year}年{period.label}，{group.count}个项目总投资{yi(group.total_investment)}亿元，"
        f"累计完成投资{yi(group.ytd)}亿元，{progress_phrase(group.ytd, group.plan or None, period)}。"
    )


def project_sentence(project, period: Period | None = None) -> str:
    """One project summed up for its page: "截至2026年10月底，累计完成投资5600.00万元（占总投资的56.0%）；
    2026年1-10月完成3200.00万元，占年度投资计划的80.0%，滞后时序进度3.3个百分点。"."""
    one = type(project).objects.filter(pk=project.pk)
    period = period or default_period(one)
    row = with_figures(one, period).get()
    cumulative = f"累计完成投资{wan(row.cumulative)}万元"
    if row.total_investment:
        cumulative += f"（占总投资的{percent(row.cumulative / row.total_investment)}）"
    year = (
        f"{period.year}年{period.label}完成{wan(row.ytd)}万元，{progress_phrase(row.ytd, row.plan, period)}"
    )
    return f"截至{period.title}底，{cumulative}；{year}。"


def default_period(projects: QuerySet, today: dt.date | None = None) -> Period:
    """The month a page opens on: the last closed reporting month (`Period.closed`), or the latest month
    reported for these projects if their reports stop earlier (a ledger imported for a past year).
    A month still running is never the default, however many zones reported it early."""
    closed = Period.closed(today)
    # Kept for the data's state (core.computed): finding it for a city's projects was five queries, a
    # quarter of its ledger's time in the database.
    key = computed.key_of("latest period", computed.query_text(projects), closed)
    latest = computed.remember(key, lambda: latest_period(projects, up_to=closed))
    return latest or closed


LATEST_PROBES = 36
FEW_PROJECTS = 2000


def reported_month(up_to: Period) -> Period | None:
    """The latest month any project reported, not after `up_to`: two seeks back along the index on
    (year, month), whatever the number of reports."""
    months = MonthlyProgress.objects.order_by("-year", "-month").values_list("year", "month")
    row = (
        months.filter(year=up_to.year, month__lte=up_to.month).first()
        or months.filter(year__lt=up_to.year).first()
    )
    return Period(*row) if row else None


def latest_period(projects: QuerySet, up_to: Period | None = None) -> Period | None:
    """The most recent month reported for any of these projects (not after `up_to` if given)."""
    few = list(projects.values_list("pk", flat=True)[:FEW_PROJECTS])
    many = len(few) == FEW_PROJECTS
    if not many:
        reports = MonthlyProgress.objects.filter(project__in=few)
    else:
        # Many projects (a province's 100,000): listing them first cost 0.4 s a probe. A probe starts
        # from the month's reports instead (the index on year, month), narrowed to the zones these
        # projects are in, and asks of each report whether its project is one of these: the first does.
        zones = list(
            Zone.all_objects.filter(Exists(projects.filter(zone=OuterRef("pk")))).values_list("pk", flat=True)
        )
        reports = MonthlyProgress.objects.filter(project__zone__in=zones).filter(of_projects(projects))
    if up_to is not None:
        month = up_to
        # A few projects' reports are read whole after one probe (one project's page probed 12 months
        # its project never reported, one query each); many projects' are probed month by month.
        for _ in range(LATEST_PROBES if many else 1):
            # Only months someone reported are probed: a month nobody reported cost a department's
            # probe one look-up per project of its zones, and two years of them were 0.1 s.
            month = reported_month(month)
            if month is None:
                return None
            if reports.filter(year=month.year, month=month.month).exists():
                return month
            month = month.months_back(1)
        reports = reports.filter(Q(year__lt=month.year) | Q(year=month.year, month__lte=month.month))
    if not many:  # their own reports, project by project
        index = reports.aggregate(m=Max(F("year") * 12 + F("month") - 1))["m"]
        return Period(index // 12, index % 12 + 1) if index is not None else None
    row = reports.order_by("-year", "-month").values("year", "month").first()  # back along the index
    return Period(row["year"], row["month"]) if row else None

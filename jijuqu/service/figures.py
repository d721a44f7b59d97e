"""Figures of enterprise service: coverage of 包联, visits due, and the request figures (受理, 办结,
按时办结率, 满意率, average days to close) by department, category, zone and official. The pages, the
monthly 通报, the command and the assessment's indicator values all count here, once.

Rates count like with like: 按时办结率 = requests closed by their close day / requests closed;
满意率 = 满意 and 基本满意 / requests rated. Monitoring feedback (监测反馈) is counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from jijuqu.core.numbers import round1

from . import clock
from .choices import SATISFIED, RequestCategory, RequestKind, RequestStatus
from .models import Assignment, ServiceRequest, Visit

# -- 包联 coverage ----------------------------------------------------------------------------------


def current_assignments(day: dt.date | None = None):
    q = Q(ended_on__isnull=True)
    if day is not None:
        q = Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return Assignment.objects.filter(q)


def assigned_flag(enterprises):
    """`enterprises` annotated with `assigned` (has an official now)."""
    return enterprises.annotate(assigned=Exists(current_assignments().filter(enterprise=OuterRef("pk"))))


def unassigned(enterprises):
    """Enterprises without an official now (the 全覆盖 gap)."""
    return assigned_flag(enterprises).filter(assigned=False)


@dataclass
class Coverage:
    label: str
    enterprises: int = 0
    assigned: int = 0

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.assigned) / self.enterprises if self.enterprises else None


def coverage(enterprises, by: str = "zone") -> list[Coverage]:
    """Coverage (enterprises with an official / enterprises) by zone or by region (the zone's county
    or city), over the enterprises given (the user's scope); a total row last."""
    path = {"zone": "zone__name", "region": "zone__region__name"}[by]
    rows = (
        assigned_flag(enterprises)
        .values(path)
        .annotate(n=Count("pk", distinct=True), a=Count("pk", filter=Q(assigned=True), distinct=True))
        .order_by(path)
    )
    found = [Coverage(r[path], r["n"], r["a"]) for r in rows]
    found.append(Coverage("合计", sum(c.enterprises for c in found), sum(c.assigned for c in found)))
    return found


def by_department(assignments) -> list[tuple[str, int]]:
    """How many enterprises each department's officials serve now."""
    rows = (
        assignments.filter(ended_on__isnull=True)
        .values("official__department__name")
        .annotate(n=Count("enterprise", distinct=True))
        .order_by("-n", "official__department__name")
    )
    return [(r["official__department__name"], r["n"]) for r in rows]


def not_visited(assignments, since: dt.date):
    """Current assignments whose enterprise has had no visit since `since` (e.g. the quarter's start),
    for their official to go."""
    recent = Visit.objects.filter(enterprise=OuterRef("enterprise"), date__gte=since)
    return (
        assignments.filter(ended_on__isnull=True)
        .annotate(visited=Exists(recent))
        .filter(visited=False)
        .select_related("enterprise", "official")
    )


# -- requests ---------------------------------------------------------------------------------------


@dataclass
class RequestFigures:
    label: str
    received: int = 0
    closed: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(self.on_time) / self.closed if self.closed else None

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return Decimal(self.satisfied) / self.rated if self.rated else None

    @property
    def average_days(self) -> Decimal | None:
        return round1(Decimal(sum(self.days)) / len(self.days)) if self.days else None

    def add(self, r: ServiceRequest, as_of: dt.date) -> None:
        self.received += 1
        closed_on = clock.local_day(r.closed_at)
        if r.status == RequestStatus.CLOSED and closed_on is not None and closed_on <= as_of:
            self.closed += 1
            self.on_time += bool(clock.closed_on_time(r))
            self.days.append((clock.local_day(r.answered_at) - clock.local_day(r.raised_at)).days)
        elif clock.overdue_days(r, as_of) > 0:
            self.overdue += 1
        if r.rating and closed_on is not None and closed_on <= as_of:
            self.rated += 1
            self.satisfied += r.rating in SATISFIED


GROUPS = {
    "department": lambda r: r.department.name if r.department_id else "未转办",
    "category": lambda r: RequestCategory(r.category).label,
    "zone": lambda r: r.enterprise.zone.name,
}


def raised_between(requests, start: dt.date, end: dt.date):
    return requests.filter(raised_at__date__gte=start, raised_at__date__lte=end)


def year_to_month(requests, period, today: dt.date | None = None):
    """The requests raised from 1 January to the end of `period` (a core.periods.Period), or to today
    in the running month, and that day (as_of): what the 通报 and the indicator values count."""
    from django.utils import timezone

    as_of = min(period.end, today or timezone.localdate())
    return raised_between(requests, dt.date(period.year, 1, 1), as_of), as_of


def request_figures(requests, as_of: dt.date, by: str | None = None) -> list[RequestFigures]:
    """The figures of `requests` (monitoring feedback left out) as they stood at the end of `as_of`;
    by department, category, zone or official (the enterprise's official now), or one total row."""
    requests = requests.exclude(kind=RequestKind.MONITORING).select_related("department", "enterprise__zone")
    if by == "official":
        officials = dict(
            current_assignments()
            .filter(enterprise__in=requests.values("enterprise"))
            .values_list("enterprise", "official__name")
        )

        def key(r):
            return officials.get(r.enterprise_id, "未包联")
    elif by is not None:
        key = GROUPS[by]
    else:

        def key(r):
            return "合计"

    rows: dict[str, RequestFigures] = defaultdict(lambda: RequestFigures(""))
    for r in requests:
        label = str(key(r))
        rows[label].label = label
        rows[label].add(r, as_of)
    return sorted(rows.values(), key=lambda f: (-f.received, f.label))


def monitoring_count(requests) -> int:
    return requests.filter(kind=RequestKind.MONITORING).count()


def overdue(requests, today: dt.date) -> list[tuple[ServiceRequest, str, int]]:
    """督办: requests whose awaited step is past its day, most overdue first: (request, step, days)."""
    found = []
    running = requests.exclude(status__in=(RequestStatus.CLOSED, RequestStatus.ANSWERED)).select_related(
        "enterprise", "department"
    )
    for r in running:
        if (days := clock.overdue_days(r, today)) > 0:
            found.append((r, clock.current_step(r)[0], days))
    return sorted(found, key=lambda t: -t[2])

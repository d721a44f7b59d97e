"""The monthly reports kept one row per project and year (`ProgressYear`), and a period's figures read
from that row.

A province's pages list and add up 100,000 projects. Adding up each project's reports for every page
(one subquery per project and figure) cost a minute; reading one kept row per project costs a scan.
The rows are derived and exact: `refresh` rebuilds a project's rows from its reports, and it is called
for every change of a report — a save or delete (form, API, recycle bin; the signals below) and the bulk
writes of imports and the demo (`core.signals.rows_written`). `figures` gives the expressions the lists,
sums and lagging filters of `analysis` use, equal to adding up the reports (tested against that).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from jijuqu.core.periods import Period

from .models import KeptYear, MonthlyProgress, ProgressYear

ZERO = Decimal("0.00")
BATCH = 2000
MONEY = DecimalField(max_digits=18, decimal_places=2)


def refresh(project_ids, models=(MonthlyProgress, ProgressYear, KeptYear)) -> None:
    """Rebuild the kept rows of these projects from their reports (archived reports left out).
    `models` are the migration's own when it fills the table."""
    reports, kept, carried = models
    ids = sorted(set(project_ids))
    through = max([timezone.localdate().year, *carried.objects.values_list("year", flat=True)])
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        months: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
        rows = reports.objects.filter(project_id__in=batch, archived__isnull=True).order_by()
        for project_id, year, month, invested in rows.values_list("project_id", "year", "month", "invested"):
            months[project_id][year][month] = invested
        new = []
        for project_id, years in months.items():
            new += rows_of(kept, project_id, years, max(through, max(years)))
        kept.objects.filter(project_id__in=batch).delete()
        kept.objects.bulk_create(new, batch_size=500)


def rows_of(kept, project_id: int, years: dict[int, dict[int, Decimal]], through: int) -> list:
    """One row per year from the first report's to `through`, each carrying the years before it."""
    rows, before, last_before = [], ZERO, None
    for year in range(min(years), through + 1):
        reported = years.get(year, {})
        rows.append(
            kept(
                project_id=project_id,
                year=year,
                before=before,
                last_before=last_before,
                **{f"m{month}": amount for month, amount in reported.items()},
            )
        )
        before, last_before = carried(year, before, last_before, reported)
    return rows


def carried(year: int, before: Decimal, last_before: int | None, reported: dict[int, Decimal]):
    """What the next year's row carries: everything reported up to the end of `year`, and the index of the
    last month with investment by then."""
    invested = [month for month, amount in reported.items() if amount > 0]
    return (
        before + sum(reported.values(), ZERO),
        year * 12 + max(invested) - 1 if invested else last_before,
    )


def carry_into(year: int) -> None:
    """Make sure every project with reports before `year` has a row for it (a new year that nobody has
    reported in yet: the figures of January must still know what was done before)."""
    if KeptYear.objects.filter(year=year).exists():
        return
    if ProgressYear.objects.filter(year__lt=year).exists():
        carry_into(year - 1)
        previous = ProgressYear.objects.filter(year=year - 1)
        have = ProgressYear.objects.filter(year=year).values("project_id")
        new = []
        for row in previous.exclude(project_id__in=have).order_by().iterator(chunk_size=BATCH):
            reported = {m: getattr(row, f"m{m}") for m in range(1, 13) if getattr(row, f"m{m}") is not None}
            before, last_before = carried(year - 1, row.before, row.last_before, reported)
            new.append(
                ProgressYear(project_id=row.project_id, year=year, before=before, last_before=last_before)
            )
        ProgressYear.objects.bulk_create(new, batch_size=500)
    KeptYear.objects.bulk_create([KeptYear(year=year)], ignore_conflicts=True)


def figures(period: Period, path: str) -> dict:
    """The period's figures of a project from its kept row at `path` (a FilteredRelation on the period's
    year): ytd, month_invested, cumulative, reported and last_invested_index, as `analysis` names them."""

    def month(m):
        return F(f"{path}__m{m}")

    ytd = sum(
        (Coalesce(month(m), Value(ZERO)) for m in range(2, period.month + 1)), Coalesce(month(1), Value(ZERO))
    )
    index = period.year * 12 - 1
    last = Case(
        *(When(**{f"{path}__m{m}__gt": 0}, then=Value(index + m)) for m in range(period.month, 0, -1)),
        default=F(f"{path}__last_before"),
        output_field=IntegerField(),
    )
    return {
        "ytd": Coalesce(ytd, Value(ZERO), output_field=MONEY),
        "month_invested": Coalesce(month(period.month), Value(ZERO), output_field=MONEY),
        "cumulative": Coalesce(F(f"{path}__before") + ytd, Value(ZERO), output_field=MONEY),
        "reported": ExpressionWrapper(
            Q(**{f"{path}__m{period.month}__isnull": False}), output_field=BooleanField()
        ),
        "last_invested_index": last,
    }


# -- what keeps the rows exact -----------------------------------------------------------------------


def report_saved(sender, instance, **kwargs) -> None:
    """A report saved or deleted one by one (form, API, recycle bin, admin)."""
    refresh([instance.project_id])


def reports_written(sender, rows, **kwargs) -> None:
    """Reports written in bulk (an import, the demo)."""
    refresh([row["project_id"] if isinstance(row, dict) else row.project_id for row in rows])

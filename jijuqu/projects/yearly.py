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

from decimal import Decimal

from django.db import connection
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
    """Rebuild the kept rows of these projects from their reports (archived reports left out), set-wise:
    per batch of projects one DELETE and one INSERT … SELECT, so an import of 1,000,000 rows makes no
    Python object per kept row. `models` are the migration's own when it fills the table."""
    reports, kept, carried_into = models
    ids = sorted(set(project_ids))
    through = max([timezone.localdate().year, *carried_into.objects.values_list("year", flat=True)])
    qn = connection.ops.quote_name
    table, source = qn(kept._meta.db_table), qn(reports._meta.db_table)
    months = ", ".join(
        f"SUM(CASE WHEN {qn('month')} = {m} THEN {qn('invested')} END) AS m{m}" for m in range(1, 13)
    )
    total, last = year_sums("r", "r.y")
    window = "PARTITION BY s.p ORDER BY s.y ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"
    # The reports are found by project along their index; SQLite without statistics (a new database,
    # or one an import is filling) took `archived IS NULL` for the better index and read every live
    # report once per batch — a 300,000-row import's refresh grew with the square of its rows. A unary
    # plus keeps SQLite from using an index for that term (PostgreSQL plans by its statistics).
    live = f"{'+' if connection.vendor == 'sqlite' else ''}{qn(reports._meta.get_field('archived').column)} IS NULL"
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {table} WHERE {qn('project_id')} IN ({marks})", batch)
            # `reported`: a row per project and year with reports; `span`: every year from a project's
            # first report to `through` (or its last report, if later); each year carries the sums of
            # the years before it (`year_sums`, the rule carry_into follows too).
            cursor.execute(
                f"""WITH RECURSIVE reported AS (
                        SELECT {qn("project_id")} AS p, CAST({qn("year")} AS INTEGER) AS y, {months}
                        FROM {source}
                        WHERE {live} AND {qn("project_id")} IN ({marks})
                        GROUP BY {qn("project_id")}, {qn("year")}
                    ),
                    span(p, y, last) AS (
                        SELECT p, MIN(y), CASE WHEN MAX(y) > %s THEN MAX(y) ELSE %s END FROM reported GROUP BY p
                        UNION ALL
                        SELECT p, y + 1, last FROM span WHERE y < last
                    )
                INSERT INTO {table} ({qn("project_id")}, {qn("year")}, {qn("before")}, {qn("last_before")},
                    {", ".join(qn(f"m{m}") for m in range(1, 13))})
                SELECT s.p, s.y, ROUND(COALESCE(SUM({total}) OVER w, 0), 2), MAX({last}) OVER w,
                    {", ".join(f"r.m{m}" for m in range(1, 13))}
                FROM span s LEFT JOIN reported r ON r.p = s.p AND r.y = s.y
                WINDOW w AS ({window})""",
                [*batch, through, through],
            )


def year_sums(alias: str, year: str) -> tuple[str, str]:
    """What a year's kept row carries into the next, as SQL over its months `alias`.m1 … m12 of `year`:
    everything reported in it (0 if nothing), and the index (year * 12 + month - 1) of its last month
    with investment (NULL if none)."""
    total = " + ".join(f"COALESCE({alias}.m{m}, 0)" for m in range(1, 13))
    last = " ".join(f"WHEN {alias}.m{m} > 0 THEN {year} * 12 + {m - 1}" for m in range(12, 0, -1))
    return f"({total})", f"(CASE {last} END)"


def carry_into(year: int) -> None:
    """Make sure every project with reports before `year` has a row for it (a new year that nobody has
    reported in yet: the figures of January must still know what was done before)."""
    if KeptYear.objects.filter(year=year).exists():
        return
    if ProgressYear.objects.filter(year__lt=year).exists():
        carry_into(year - 1)
        qn = connection.ops.quote_name
        table = qn(ProgressYear._meta.db_table)
        total, last = year_sums("k", "k.year")
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} ({qn("project_id")}, {qn("year")}, {qn("before")}, {qn("last_before")})
                SELECT k.{qn("project_id")}, %s, ROUND(k.{qn("before")} + {total}, 2),
                    COALESCE({last}, k.{qn("last_before")})
                FROM {table} k
                WHERE k.{qn("year")} = %s AND NOT EXISTS (
                    SELECT 1 FROM {table} h WHERE h.{qn("project_id")} = k.{qn("project_id")} AND h.{qn("year")} = %s
                )""",
                [year, year - 1, year],
            )
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

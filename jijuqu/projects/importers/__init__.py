"""Import of key-project ledgers (重点项目台账) through the import engine, split by job:

- spec: the columns a ledger has and the header texts that mean them;
- rows: which project each row is (by code, else by zone and name) and what it says;
- compare: the month's report from 1-M月 figures, the report rules, what changes (for the preview);
- write: writing it all at once, with history.

A row gives a project, optionally its annual plan, the investment completed this year up to the import
month (1-10月完成投资) or in the month (10月完成投资), the 形象进度, and the problem it reports. The
month's report is derived from the year-to-date figure and the months already reported, so importing
the same file twice changes nothing. A past period's ledger records that period's figures and leaves
the projects' details alone unless asked (Context.update_details).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction

from jijuqu.core.collector import young_only
from jijuqu.core.periods import Period
from jijuqu.core.scope import CHANGE
from jijuqu.imports.engine import BATCH_ROWS, Analysis, DataRow, Issue, Result, no_rows

from ..models import Project
from ..rules import period_error
from . import rows as _rows
from .compare import SHOWN_CHANGES, change_list, compare_with_database, keep_details
from .rows import Context, Lookups, check_headers, read_item
from .spec import SPEC
from .write import write_items

__all__ = ["SPEC", "Context", "import_job", "import_ledger", "is_past"]


def import_job(analysis: Analysis, job, write: bool, progress=None) -> Result:
    """The project ledger as a kind of the import engine (jijuqu.imports.registry)."""
    ctx = Context(
        job.year,
        job.month,
        user=job.user,
        default_zone=job.zone,
        update_details=True if job.options.get("update_details") else None,
    )
    return import_ledger(analysis, ctx, write=write, progress=progress)


def is_past(year: int, month: int, today=None) -> bool:
    """A period before the month just ended: its ledger is history, not the projects' current state."""
    return Period(year, month) < Period.just_ended(today)


@dataclass
class Found:
    """The errors of an import by where they are found, listed in this order whatever the batches."""

    rows: list[Issue] = field(default_factory=list)  # a row's own cells, and repeated projects
    sums: list[Issue] = field(default_factory=list)  # 1-M月 against the months already reported
    reports: list[Issue] = field(default_factory=list)  # the rules of a monthly report
    totals: list[Issue] = field(default_factory=list)  # a total investment below what was reported

    def __bool__(self) -> bool:
        return bool(self.rows or self.sums or self.reports or self.totals)

    def all(self) -> list[Issue]:
        return self.rows + self.sums + self.reports + self.totals


def import_ledger(
    analysis: Analysis,
    ctx: Context,
    *,
    write: bool = True,
    batch_size: int = BATCH_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Check every row; write nothing unless all are valid (and `write`).

    Rows are checked and written batch by batch inside one transaction, so memory does not grow
    with the file: once any error is found nothing more is written, the rest is still checked (every
    error is reported), and the transaction is rolled back. `progress(done, total)` is called after
    each batch with the rows of the file read so far and in all.
    """
    result = Result()
    if message := period_error(ctx.year, ctx.month):
        sheet = analysis.sheets[0].name if analysis.sheets else ""
        result.errors = [
            *analysis.errors,
            *no_rows(analysis),
            Issue(sheet, 0, "", None, f"导入期间：{message}"),
        ]
        return result
    headers = check_headers(analysis, ctx)
    lookups = Lookups(ctx.user)
    details = ctx.update_details if ctx.update_details is not None else not is_past(ctx.year, ctx.month)
    found = Found()
    seen: dict = {}  # a project's key → the row that named it first, across batches
    created: set[int] = set()  # projects this import made: not "existing" for later batches
    past_note = False
    with transaction.atomic() if write else nullcontext(), young_only():
        for batch in analysis.batches(batch_size):
            items = check_batch(batch, ctx, lookups, seen, created, found)
            keep_details(items, details)
            past_note = past_note or (not details and any(i.project is not None for i in items))
            compare_with_database(items, ctx, found.sums, reports=found.reports, totals=found.totals)
            for item in items:
                if item.is_new:
                    result.created += 1
                elif item.dirty:
                    result.updated += 1
                else:
                    result.unchanged += 1
            if len(result.changes) < SHOWN_CHANGES:
                result.changes += change_list(items)[: SHOWN_CHANGES - len(result.changes)]
            if write and not (found or headers or analysis.errors_so_far):
                write_items(items, ctx)
                created.update(i.pk for i in items if i.is_new)
            if progress is not None:
                progress(analysis.done, analysis.total)
        result.errors = [*analysis.errors, *no_rows(analysis), *headers, *found.all()]
        if result.errors and write:
            transaction.set_rollback(True)
    if past_note:
        result.notes.append(
            f"{ctx.year}年{ctx.month}月是往期：只记录该期的计划、完成投资、形象进度和问题，"
            "已有项目的基本信息（开竣工时间、总投资、建设单位、包联领导等）不变。需要时可选择“同时更新项目基本信息”。"
        )
    if result.errors:
        # Nothing is written, so nothing is created or updated.
        result.created = result.updated = result.unchanged = 0
        result.changes = []
    return result


def check_batch(rows: list[DataRow], ctx: Context, lookups: Lookups, seen: dict, created: set, found: Found):
    """The rows' items (which project, what they say); their errors into `found.rows`."""
    existing = _rows.existing_projects(rows, lookups.zones, leave_out=created)
    ids = [p.pk for p in existing.by_code.values()] + [p.pk for p in existing.by_zone_name.values()]
    editable = (
        None
        if ctx.user is None
        else set(Project.objects.restrict(ctx.user, CHANGE).filter(pk__in=ids).values_list("pk", flat=True))
    )
    items = []
    for row in rows:
        item = read_item(row, ctx, lookups, existing, editable, found.rows)
        if item is None:
            continue
        key = item.values.get("code") or (item.zone.pk, item.values.get("name"))
        if key in seen:
            found.rows.append(
                row.issue("name", f"与第{seen[key]}行是同一项目，同一文件中每个项目只能出现一次")
            )
            continue
        seen[key] = row.number
        items.append(item)
    return items

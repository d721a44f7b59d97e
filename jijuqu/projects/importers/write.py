"""Writing a checked ledger: new projects as rows, changed ones with history, the period's plan and
report, the 开工 steps of new projects, and the problems the ledger names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jijuqu.core.fastinsert import insert
from jijuqu.core.sync import sync_rows, update_rows

from ..analysis import Period
from ..choices import ProblemCategory, ProjectKind, ProjectStatus
from ..models import AnnualPlan, MonthlyProgress, Problem, Project, StatusChange
from .compare import changed_fields
from .rows import Context, Item
from .spec import PROBLEM_WORDS


def write_items(items: list[Item], ctx: Context) -> None:
    user = ctx.user
    new, changed, fields = [], [], set()
    for item in items:
        if item.is_new:
            # New projects are written as rows, not model instances (a ledger may hold 100,000).
            item.new_row = {"level": ctx.level, "kind": ProjectKind.NEW, **item.values}
            if day := start_day(item, ctx):
                item.new_row["status"], item.new_row["actual_start"] = ProjectStatus.BUILDING, day
            new.append(item.new_row)
        elif changes := changed_fields(item):
            for k in changes:
                setattr(item.project, k, item.values[k])
            changed.append(item.project)
            fields.update(changes)
    insert(Project, new, user)
    if changed:
        update_rows(Project, changed, fields, user)
    # A new project has no plan or report yet: its rows are inserted as they are. Those of projects
    # already in the database are matched and updated.
    plans = {
        i.pk: {"project_id": i.pk, "year": ctx.year, "planned_investment": i.plan}
        for i in items
        if i.plan is not None
    }
    insert(AnnualPlan, [plans.pop(i.pk) for i in items if i.is_new and i.pk in plans], user)
    ids = [i.pk for i in items if not i.is_new]
    sync_rows(
        AnnualPlan,
        ("project_id", "year"),
        list(plans.values()),
        user=user,
        row_clean=False,
        checked=True,
        queryset=AnnualPlan.objects.filter(project_id__in=ids, year=ctx.year),
    )
    current = {
        p.project_id: p
        for p in MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month)
    }
    new_progress, progress_rows = [], []
    for i in items:
        if i.month_amount is None and i.progress_text is None:
            continue
        old = current.get(i.pk)
        (new_progress if i.is_new else progress_rows).append(
            {
                "project_id": i.pk,
                "year": ctx.year,
                "month": ctx.month,
                "invested": i.month_amount
                if i.month_amount is not None
                else (old.invested if old else Decimal(0)),
                "progress_text": i.progress_text
                if i.progress_text is not None
                else (old.progress_text if old else ""),
            }
        )
    insert(MonthlyProgress, new_progress, user)
    sync_rows(
        MonthlyProgress,
        ("project_id", "year", "month"),
        progress_rows,
        user=user,
        row_clean=False,
        checked=True,
        queryset=MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month),
    )
    record_start([i for i in items if i.is_new], ctx, user)
    write_problems(items, ctx)


def start_day(item: Item, ctx: Context):
    """A new project that reports investment is under construction from its planned start (at the
    latest the end of the import month); None for one that reports nothing."""
    if not item.month_amount:
        return None
    period_end = Period(ctx.year, ctx.month).end
    return min(item.values.get("planned_start") or period_end, period_end)


def record_start(items: list[Item], ctx: Context, user) -> None:
    """The 开工 and 在建 steps of new projects, so their timeline says how they got there."""
    steps = ((ProjectStatus.PLANNING, ProjectStatus.STARTED), (ProjectStatus.STARTED, ProjectStatus.BUILDING))
    user_id = getattr(user, "pk", None)
    rows = [
        {
            "project_id": item.pk,
            "from_status": old,
            "to_status": new,
            "date": item.field("actual_start"),
            "note": "台账导入",
            "user_id": user_id,
        }
        for item in items
        if item.field("status") == ProjectStatus.BUILDING
        for old, new in steps
    ]
    insert(StatusChange, rows, user)


def write_problems(items: list[Item], ctx: Context) -> None:
    """The 存在问题 column becomes an open problem on the project (once per text), raised at the end of
    the ledger's period; its deadline is a month after that or after today, whichever is later, so a
    problem from a past ledger is not born overdue."""
    period_end = Period(ctx.year, ctx.month).end
    deadline = max(period_end, timezone.localdate()) + dt.timedelta(days=30)
    wanted = [i for i in items if i.problem]
    existing = set(
        Problem.objects.filter(project_id__in=[i.pk for i in wanted]).values_list("project_id", "title")
    )
    for item in wanted:
        title = item.problem[:200]
        if (item.pk, title) in existing:
            continue
        # One by one: each problem starts its escalation record.
        Problem.objects.create(
            title=title,
            description=item.problem,
            category=problem_category(item.problem),
            project_id=item.pk,
            department_id=item.field("department_id"),
            raised_on=period_end,
            deadline=deadline,
        )


def problem_category(text_: str) -> str:
    for category, words in PROBLEM_WORDS:
        if any(w in text_ for w in words):
            return category
    return ProblemCategory.OTHER

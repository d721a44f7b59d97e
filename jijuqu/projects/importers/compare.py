"""Comparing checked rows with the database: the month's report derived from 1-M月 figures, the rules
of a monthly report (projects.rules.report_errors, as the form and the API), and, per project,
every field that changes (before → after) for the preview."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from jijuqu.imports.engine import Issue

from ..models import AnnualPlan, MonthlyProgress, Problem, Project
from ..rules import ProposedReport, report_errors, total_errors
from .rows import DETAILS, Context, Item

SHOWN_CHANGES = 500


def keep_details(items: list[Item], details: bool) -> None:
    """A past period's ledger records that period's figures: the projects' details stay as they are."""
    if details:
        return
    for item in items:
        if item.project is not None:
            item.values = {k: v for k, v in item.values.items() if k not in DETAILS}


def compare_with_database(
    items: list[Item],
    ctx: Context,
    errors: list[Issue],
    *,
    reports: list[Issue] | None = None,
    totals: list[Issue] | None = None,
) -> None:
    """Turn 1-M月 figures into the month's report, check each report by the report rules, and mark
    which rows change anything (and what). The errors of the report rules and of total investments go
    to `reports` and `totals` when given (an import in batches lists each kind together)."""
    ids = [i.project.pk for i in items if i.project is not None]
    earlier = dict(
        MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month__lt=ctx.month)
        .values("project")
        .annotate(s=Sum("invested"))
        .values_list("project", "s")
    )
    current = {
        p.project_id: p
        for p in MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month)
    }
    plans = dict(
        AnnualPlan.objects.filter(project_id__in=ids, year=ctx.year).values_list(
            "project_id", "planned_investment"
        )
    )
    problems = set(Problem.objects.filter(project_id__in=ids).values_list("project_id", "title"))
    reporting = []
    for item in items:
        pk = item.project.pk if item.project else None
        # Two decimals whatever the database returns for a sum (SQLite: a float turned Decimal).
        before = (earlier.get(pk) or Decimal(0)).quantize(Decimal("0.01"))
        if item.ytd is not None and item.ytd == before and pk not in current and not item.progress_text:
            # Nothing new this month and nothing to say: no empty report is invented.
            item.ytd = None
        elif item.ytd is not None:
            if item.month_amount is not None and before + item.month_amount != item.ytd:
                errors.append(
                    item.row.issue(
                        "month_invested",
                        f"本月完成投资{item.month_amount}万元加上此前各月"
                        f"{before}万元，不等于1-{ctx.month}月累计{item.ytd}万元",
                    )
                )
                continue
            if item.ytd < before:
                errors.append(
                    item.row.issue(
                        "ytd",
                        f"1-{ctx.month}月累计完成投资{item.ytd}万元，少于已填报的"
                        f"1-{ctx.month - 1}月累计{before}万元",
                    )
                )
                continue
            item.month_amount = item.ytd - before
        if item.month_amount is not None or item.progress_text is not None:
            reporting.append(item)
    check_reports(reporting, ctx, errors if reports is None else reports)
    check_totals(
        [i for i in items if i.project is not None and i.month_amount is None],
        errors if totals is None else totals,
    )
    for item in items:
        if item.is_new:
            continue
        pk = item.project.pk
        report = current.get(pk)
        item.changes = [(label, old, new) for _key, label, old, new in describe(item)]
        if item.plan is not None and plans.get(pk) != item.plan:
            item.changes.append((f"{ctx.year}年计划投资", show(plans.get(pk)), show(item.plan)))
        if item.month_amount is not None and (report is None or report.invested != item.month_amount):
            item.changes.append(
                (
                    f"{ctx.year}年{ctx.month}月完成投资",
                    show(report and report.invested),
                    show(item.month_amount),
                )
            )
        if item.progress_text is not None and (report is None or report.progress_text != item.progress_text):
            item.changes.append(("形象进度", show(report and report.progress_text), item.progress_text))
        if item.problem and (pk, item.problem[:200]) not in problems:
            item.changes.append(("存在问题（新增问题）", "", item.problem))
        item.dirty = bool(item.changes)


def check_reports(items: list[Item], ctx: Context, errors: list[Issue]) -> None:
    """The rules of a monthly report, the same function the form and the API call."""
    proposed = [
        ProposedReport(
            item.project,
            ctx.year,
            ctx.month,
            item.month_amount,
            item.values.get("total_investment"),
        )
        for item in items
    ]
    for item, found in zip(items, report_errors(MonthlyProgress.objects, proposed), strict=True):
        for key, message in found.items():
            column = {"invested": "ytd" if item.ytd is not None else "month_invested", "month": "name"}
            errors.append(item.row.issue(column.get(key, "name"), str(message)))


def check_totals(items: list[Item], errors: list[Issue]) -> None:
    """A row that lowers a project's total investment without reporting a month (report_errors checks
    those) may not set it below the investment already reported: the rule Project.clean calls."""
    changing = {
        item.project.pk: item
        for item in items
        if item.values.get("total_investment") not in (None, item.project.total_investment)
    }
    found = total_errors(
        MonthlyProgress.objects, {pk: item.values["total_investment"] for pk, item in changing.items()}
    )
    for pk, message in found.items():
        errors.append(changing[pk].row.issue("total_investment", str(message)))


def changed_fields(item: Item) -> list[str]:
    return [k for k, v in item.values.items() if getattr(item.project, k) != v]


def describe(item: Item) -> list[tuple[str, str, str, str]]:
    """(field, label, before, after) of each project field the row changes, in words."""
    out = []
    for key in changed_fields(item):
        field = Project._meta.get_field(key.removesuffix("_id"))
        before, after = getattr(item.project, key), item.values[key]
        if field.is_relation:
            model = field.related_model
            before = model.objects.filter(pk=before).first() if before else None
            after = model.objects.filter(pk=after).first() if after else None
        elif field.choices:
            labels = dict(field.flatchoices)
            before, after = labels.get(before, before), labels.get(after, after)
        out.append((key, str(field.verbose_name), show(before), show(after)))
    return out


def show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def change_list(items: list[Item]) -> list[dict]:
    """What the preview shows: per updated project, every change."""
    return [
        {"row": item.row.number, "sheet": item.row.sheet, "name": str(item.project), "fields": item.changes}
        for item in items
        if item.changes
    ][:SHOWN_CHANGES]

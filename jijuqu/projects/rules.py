"""Rules the models themselves call (in clean() and save()), kept below both models.py and services.py.

This module imports nothing from `projects.models`: the rows a rule needs are reached through the
instance it is given (`project.progress`, `problem.escalations`, `item.actions`) or passed in by the
caller (the working-day calendar). So models.py imports it at the top, services.py builds on it,
and neither imports the other inside a method any more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jijuqu.core.numbers import wan
from jijuqu.core.periods import Period, refuse_future

from .choices import ApprovalActionKind, EscalationLevel, ProjectStatus
from .workdays import add_working_days

ZERO = Decimal("0.00")


# -- investment totals (derived, never stored) -----------------------------------------------------


def up_to(year: int, month: int, prefix: str = "") -> Q:
    """Reports of months up to and including year-month."""
    return Q(**{f"{prefix}year__lt": year}) | Q(**{f"{prefix}year": year, f"{prefix}month__lte": month})


def cumulative_investment(project, year: int, month: int) -> Decimal:
    """Investment completed since the start, from the project's reports up to year-month."""
    total = project.progress.filter(up_to(year, month)).aggregate(s=Sum("invested"))["s"]
    return total or ZERO


def ytd_investment(project, year: int, month: int) -> Decimal:
    total = project.progress.filter(year=year, month__lte=month).aggregate(s=Sum("invested"))["s"]
    return total or ZERO


def invested_besides(reports, project_ids, month: tuple[int, int] | None = None) -> dict[int, Decimal]:
    """Each project's investment completed since its start, from `reports` (the MonthlyProgress
    rows), leaving out the report of `month` (year, month) when given: what a new figure for that
    month adds to. The one query behind "no more than the total investment" for a report
    (check_progress), an import (projects.importers) and a bulk write (check_progress_totals)."""
    reports = reports.filter(project_id__in=project_ids)
    if month is not None:
        reports = reports.exclude(year=month[0], month=month[1])
    return dict(reports.values("project").annotate(s=Sum("invested")).values_list("project", "s"))


def total_errors(progress_rows, totals: dict[int, Decimal | None]) -> dict[int, str]:
    """The project side of "the investment completed since the start stays within the total
    investment": for each saved project (pk → the total it is about to have), the message when that
    total is less than what its reports already add up to. Project.clean (the form, the API) and the
    ledger import call it; `progress_rows` is the MonthlyProgress manager (this module imports no
    models)."""
    reported = invested_besides(progress_rows, [pk for pk, total in totals.items() if total is not None])
    return {
        pk: _(
            "The total investment of %(total)s (10k yuan) is less than the investment already reported "
            "since the start, %(reported)s. Check the amount and its unit."
        )
        % {"total": wan(totals[pk]), "reported": wan(done)}
        for pk, done in reported.items()
        if done is not None and done > totals[pk]
    }


def total_error(project) -> str | None:
    """Project.clean's check of the total investment against the reports (total_errors)."""
    if not project.pk or project.total_investment is None:
        return None
    return total_errors(project.progress.model.objects, {project.pk: project.total_investment}).get(
        project.pk
    )


# Projects in these states take no monthly report: nothing is being built.
NOT_REPORTING = (ProjectStatus.PLANNING, ProjectStatus.TERMINATED)


@dataclass
class ProposedReport:
    """A monthly report about to be written, by a form, the API or an import."""

    project: object | None  # a Project; None, or unsaved, for a project an import is about to create
    year: int
    month: int
    invested: Decimal | None
    total_investment: Decimal | None = None  # the project's total as it will be, when that changes


def period_error(year: int, month: int, today: dt.date | None = None) -> str | None:
    """A report's month must have come (the current month may be reported while it runs)."""
    try:
        refuse_future(Period(year, month), today)
    except ValidationError as error:
        return error.messages[0]
    return None


def report_errors(
    progress_rows, reports: list[ProposedReport], today: dt.date | None = None
) -> list[dict[str, str]]:
    """The rules of a monthly report, for many at once: for each report, {field: message} of the rules
    it breaks (empty when none). check_progress (the form and the API) and the ledger import call it;
    `progress_rows` is the MonthlyProgress manager (this module imports no models).

    - its month has come;
    - its project is being built (not 谋划, not 终止);
    - the investment completed since the start stays within the total investment.
    """
    found: list[dict[str, str]] = [{} for _r in reports]
    by_month: dict[tuple[int, int], list[int]] = {}
    today = today or timezone.localdate()
    month_errors: dict[tuple[int, int], str | None] = {}  # asked once a month, not once a report
    for i, r in enumerate(reports):
        if (r.year, r.month) not in month_errors:
            month_errors[(r.year, r.month)] = period_error(r.year, r.month, today)
        if message := month_errors[(r.year, r.month)]:
            found[i]["month"] = message
        project = r.project
        if project is not None and project.pk and project.status in NOT_REPORTING:
            found[i]["project"] = _("The project is %(status)s; it takes no monthly report.") % {
                "status": ProjectStatus(project.status).label
            }
        if r.invested is not None:
            by_month.setdefault((r.year, r.month), []).append(i)
    for month, indexes in by_month.items():
        saved = [
            reports[i].project.pk for i in indexes if reports[i].project is not None and reports[i].project.pk
        ]
        besides = invested_besides(progress_rows, saved, month)
        for i in indexes:
            r = reports[i]
            pk = r.project.pk if r.project is not None else None
            total = (
                r.total_investment
                if r.total_investment is not None
                else getattr(r.project, "total_investment", None)
            )
            since_start = besides.get(pk, ZERO) + r.invested
            if total is None or since_start <= total:
                continue
            ytd = (ytd_investment(r.project, r.year, r.month - 1) if pk else ZERO) + r.invested
            found[i]["invested"] = _(
                "With this report the investment completed since the start would be %(total)s (10k yuan; "
                "%(ytd)s of it in %(year)d up to month %(month)d), more than the project's total investment of "
                "%(limit)s. Check the amount and its unit."
            ) % {
                "total": wan(since_start),
                "ytd": wan(ytd),
                "year": r.year,
                "month": r.month,
                "limit": wan(total),
            }
    return found


def check_progress(progress) -> None:
    """The form's and the API's check of one monthly report (report_errors). A month outside 1–12 is
    refused by the field's own validator, alone: such a month has no place in time to compare."""
    if (
        progress.year is None
        or progress.month is None
        or not 1 <= progress.month <= 12
        or progress.invested is None
        or not progress.project_id
    ):
        return
    proposed = ProposedReport(progress.project, progress.year, progress.month, progress.invested)
    errors = report_errors(type(progress).objects, [proposed])[0]
    if errors:
        raise ValidationError(errors)


# -- problems --------------------------------------------------------------------------------------


def record_first_level(problem) -> None:
    """A new problem starts with its department, from the day it was raised."""
    now = timezone.now()
    raised = timezone.make_aware(dt.datetime.combine(problem.raised_on, dt.time()))
    problem.escalations.get_or_create(
        level=EscalationLevel.DEPARTMENT,
        defaults={"at": min(raised, now), "reason": _("raised")},
    )


# -- approval items: the due date ------------------------------------------------------------------


def paused_spans(actions) -> tuple[list[tuple[dt.date, dt.date]], dt.date | None]:
    """The spans during which an item was back with the applicant (退回补正), from its action log in
    order: each (returned on, accepted again on), and the day of a return not yet followed by an
    acceptance (the clock is stopped now), or None."""
    spans, returned = [], None
    for action in actions:
        day = timezone.localtime(action.at).date()
        if action.kind == ApprovalActionKind.RETURN and returned is None:
            returned = day
        elif action.kind == ApprovalActionKind.ACCEPT and returned is not None:
            spans.append((returned, day))
            returned = None
    return spans, returned


def approval_due_on(item, exceptions_between) -> dt.date | None:
    """The day an approval item's time limit runs out; None while it is back with the applicant.

    The limit counts working days from the day after submission (受理当日不计入); the working days
    from a 退回补正 to the next 受理 (the applicant correcting the file) do not count. Holidays and
    调休 workdays come from the calendar: `exceptions_between(start, end)` gives them as
    {date: is_working_day}.
    """
    if item.submitted_on is None or not item.time_limit:
        return None
    spans, open_return = paused_spans(item.actions.order_by("at", "pk")) if item.pk else ([], None)
    if open_return is not None:
        return None
    # Generous window: 2 weeks of holidays per 5 working days is far more than any calendar has.
    paused_days = sum((end - start).days for start, end in spans)
    end = item.submitted_on + dt.timedelta(days=item.time_limit * 3 + 30 + paused_days)
    exceptions = exceptions_between(item.submitted_on, end)
    for start, stop in spans:
        day = start + dt.timedelta(days=1)
        while day <= stop:
            exceptions[day] = False
            day += dt.timedelta(days=1)
    return add_working_days(item.submitted_on, item.time_limit, exceptions)

"""Business rules of the key-project ledger as plain functions: lifecycle, progress checks, escalation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import TRANSITIONS, EscalationLevel, ProblemStatus, ProjectStatus
from .models import Escalation, MonthlyProgress, Problem, Project, StatusChange

ZERO = Decimal("0.00")


# -- lifecycle -------------------------------------------------------------------------------------


def allowed_transitions(project: Project) -> list[str]:
    allowed = set(TRANSITIONS[ProjectStatus(project.status)])
    if project.status == ProjectStatus.SUSPENDED:
        last = (
            project.status_changes.filter(to_status=ProjectStatus.SUSPENDED).order_by("-date", "-pk").first()
        )
        if last is not None:
            allowed.add(ProjectStatus(last.from_status))
    order = list(ProjectStatus.values)
    return sorted(allowed, key=order.index)


@transaction.atomic
def change_status(project: Project, to_status: str, date: dt.date, user=None, note: str = "") -> StatusChange:
    """Move a project along its lifecycle; refused transitions raise a ValidationError in Chinese.

    The given instance is refreshed, so the caller sees the new status.
    """
    caller, project = project, Project.objects.select_for_update().get(pk=project.pk)
    current = ProjectStatus(project.status)
    target = ProjectStatus(to_status)
    if target not in allowed_transitions(project):
        raise ValidationError(
            _("The project is %(current)s; it cannot change to %(target)s.")
            % {"current": current.label, "target": target.label}
        )
    today = timezone.localdate()
    if date > today:
        raise ValidationError(_("The date %(date)s is in the future.") % {"date": date})
    last = project.status_changes.order_by("-date", "-pk").first()
    if last is not None and date < last.date:
        raise ValidationError(
            _("The date %(date)s is before the previous change on %(previous)s.")
            % {"date": date, "previous": last.date}
        )
    if target == ProjectStatus.STARTED:
        project.actual_start = date
    elif target == ProjectStatus.COMPLETED:
        project.actual_completion = date
        project.actual_start = project.actual_start or date
    elif target == ProjectStatus.PRODUCING:
        project.actual_production = date
    project.status = target
    project.save()
    change = StatusChange.objects.create(
        project=project, from_status=current, to_status=target, date=date, note=note, user=user
    )
    caller.refresh_from_db()
    return change


# -- investment totals (derived, never stored) -----------------------------------------------------


def up_to(year: int, month: int, prefix: str = "") -> Q:
    """Reports of months up to and including year-month."""
    return Q(**{f"{prefix}year__lt": year}) | Q(**{f"{prefix}year": year, f"{prefix}month__lte": month})


def cumulative_investment(project: Project, year: int, month: int) -> Decimal:
    total = MonthlyProgress.objects.filter(up_to(year, month), project=project).aggregate(s=Sum("invested"))[
        "s"
    ]
    return total or ZERO


def ytd_investment(project: Project, year: int, month: int) -> Decimal:
    total = MonthlyProgress.objects.filter(project=project, year=year, month__lte=month).aggregate(
        s=Sum("invested")
    )["s"]
    return total or ZERO


# Projects in these states take no monthly report: nothing is being built.
NOT_REPORTING = (ProjectStatus.PLANNING, ProjectStatus.TERMINATED)


@dataclass
class ProposedReport:
    """A monthly report about to be written, by a form, the API or an import."""

    project: Project | None  # None, or unsaved, for a project an import is about to create
    year: int
    month: int
    invested: Decimal | None
    total_investment: Decimal | None = None  # the project's total as it will be, when that changes


def period_error(year: int, month: int, today: dt.date | None = None) -> str | None:
    """A report's month must have come (the current month may be reported while it runs)."""
    today = today or timezone.localdate()
    if (year, month) > (today.year, today.month):
        return _("%(year)d-%(month)02d has not come yet.") % {"year": year, "month": month}
    return None


def report_errors(reports: list[ProposedReport], today: dt.date | None = None) -> list[dict[str, str]]:
    """The rules of a monthly report, for many at once: for each report, {field: message} of the rules
    it breaks (empty when none). check_progress (the form and the API) and the ledger import call it.

    - its month has come;
    - its project is being built (not 谋划, not 终止);
    - the investment completed since the start stays within the total investment.
    """
    found: list[dict[str, str]] = [{} for _r in reports]
    by_month: dict[tuple[int, int], list[int]] = {}
    for i, r in enumerate(reports):
        if message := period_error(r.year, r.month, today):
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
        besides = invested_besides(saved, month)
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
            ) % {"total": since_start, "ytd": ytd, "year": r.year, "month": r.month, "limit": total}
    return found


def check_progress(progress: MonthlyProgress) -> None:
    """The form's and the API's check of one monthly report (report_errors)."""
    if (
        progress.year is None
        or progress.month is None
        or progress.invested is None
        or not progress.project_id
    ):
        return
    proposed = ProposedReport(progress.project, progress.year, progress.month, progress.invested)
    errors = report_errors([proposed])[0]
    if errors:
        raise ValidationError(errors)


def invested_besides(project_ids, month: tuple[int, int] | None = None) -> dict[int, Decimal]:
    """Each project's investment completed since its start, from its monthly reports, leaving out
    the report of `month` (year, month) when given: what a new figure for that month adds to.
    The one query behind "no more than the total investment" for a report (check_progress), an
    import (projects.importers) and a bulk write (check_progress_totals)."""
    reports = MonthlyProgress.objects.filter(project_id__in=project_ids)
    if month is not None:
        reports = reports.exclude(year=month[0], month=month[1])
    return dict(reports.values("project").annotate(s=Sum("invested")).values_list("project", "s"))


def check_progress_totals(projects) -> None:
    """check_progress for many reports at once: no project's reports may add up past its total
    investment. Used where reports are written in bulk (the demo)."""
    done = invested_besides([p.pk for p in projects])
    errors = [
        _(
            "%(project)s: investment completed since the start %(done)s exceeds the total investment "
            "%(total)s (10k yuan)."
        )
        % {"project": p.name, "done": done[p.pk], "total": p.total_investment}
        for p in sorted(projects, key=lambda p: p.pk)
        if done.get(p.pk, ZERO) > p.total_investment
    ]
    if errors:
        raise ValidationError(errors)


# -- problems: escalation by the clock -------------------------------------------------------------


def escalation_days() -> int:
    return int(getattr(settings, "JIJUQU_ESCALATION_DAYS", 7))


def due_level(problem: Problem, today: dt.date) -> int:
    """Level a problem should be at: the department until the deadline, the leader in charge once it
    passes, the principal leader once it is `escalation_days` overdue."""
    if today <= problem.deadline:
        return EscalationLevel.DEPARTMENT
    if (today - problem.deadline).days <= escalation_days():
        return EscalationLevel.DEPUTY
    return EscalationLevel.HEAD


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Raise every open problem to the level its deadline calls for; returns how many moved.

    Run by the clock (`jijuqu escalate` from cron, or `jijuqu clock`), so nobody has to touch a
    problem for it to move up.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    moved = 0
    candidates = Problem.objects.filter(
        status=ProblemStatus.OPEN, deadline__lt=today, level__lt=EscalationLevel.HEAD
    )
    for problem in candidates.select_related("project", "enterprise"):
        target = due_level(problem, today)
        if target <= problem.level:
            continue
        with transaction.atomic():
            for level in range(problem.level + 1, target + 1):
                days = (today - problem.deadline).days
                Escalation.objects.get_or_create(
                    problem=problem,
                    level=level,
                    defaults={
                        "at": now,
                        "reason": _("%(days)d days past the deadline %(deadline)s")
                        % {"days": days, "deadline": problem.deadline},
                    },
                )
            problem.level = target
            problem.save(update_fields=["level", "updated"])
        moved += 1
    return moved


def record_first_level(problem: Problem) -> None:
    """A new problem starts with its department, from the day it was raised."""
    now = timezone.now()
    raised = timezone.make_aware(dt.datetime.combine(problem.raised_on, dt.time()))
    Escalation.objects.get_or_create(
        problem=problem,
        level=EscalationLevel.DEPARTMENT,
        defaults={"at": min(raised, now), "reason": _("raised")},
    )

"""Business rules of the key-project ledger as plain functions: lifecycle, progress checks, escalation,
the handling of approval items. Rules the models call themselves are in rules.py, below this module."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jijuqu.core.choices import REGION_ROLES, Role
from jijuqu.core.scope import CHANGE, UserScope

from . import escalation, rules
from .choices import (
    APPROVAL_ACTIONS,
    APPROVAL_NEXT_STATUS,
    TRANSITIONS,
    ApprovalActionKind,
    ApprovalStatus,
    EscalationLevel,
    ProblemStatus,
    ProjectStatus,
)
from .models import ApprovalAction, ApprovalItem, Escalation, MonthlyProgress, Problem, Project, StatusChange
from .rules import ZERO

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
    # A project that came from an investment contract is the same identity: its 投产 is the contract's,
    # so the 招商通报 follows the ledger with nobody typing the date twice.
    contract = getattr(project, "contract", None)  # attraction.Contract.project, one to one
    if contract is not None and target == ProjectStatus.PRODUCING:
        from jijuqu.attraction.services import contract_produced

        contract_produced(contract, date)
    caller.refresh_from_db()
    return change


# -- investment totals (derived, never stored; the rules themselves are in rules.py) ---------------


def invested_besides(project_ids, month: tuple[int, int] | None = None) -> dict[int, Decimal]:
    """rules.invested_besides over all monthly reports: for the importer and bulk writes."""
    return rules.invested_besides(MonthlyProgress.objects, project_ids, month)


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


# -- problems: escalation by the clock (the mechanism is escalation.py, shared with requests) ------


def escalation_days() -> int:
    return escalation.escalation_days()


def due_level(problem: Problem, today: dt.date) -> int:
    """Level a problem should be at: escalation.level_due of its deadline."""
    return escalation.level_due(problem.deadline, today)


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
        reason = _("%(days)d days past the deadline %(deadline)s") % {
            "days": (today - problem.deadline).days,
            "deadline": problem.deadline,
        }

        def record(level, problem=problem, reason=reason):
            Escalation.objects.get_or_create(
                problem=problem, level=level, defaults={"at": now, "reason": reason}
            )

        if escalation.escalate_to(problem, due_level(problem, today), record):
            moved += 1
    return moved


# -- approval items: handled by actions ------------------------------------------------------------
#
# An item is entered by the zone (project, type, handling department, day submitted) and takes its
# time limit from its type. The handling department then works it only through actions, each one a
# row of the item's log with who and when:
#
#   待受理 --受理--> 办理中 --办结--> 已办结
#     |                |  ^
#     +--退回补正--> 退回补正中 --受理 (corrected file accepted)
#
# 办理意见 (an opinion) may be given at any point before 办结. 办结 needs 受理 first. The clock runs
# from the day after submission; the working days from a 退回补正 to the next 受理 do not count (the
# file is with the applicant), and while an item is returned it has no due date and is not overdue.
# Only the supervising office (督办单位) changes an item's time limit, with a reason kept in the log
# and the item's history: the analysts of the province, city or county the project is in, and the
# administrators. Neither the zone nor the department can lengthen the limit of an item they are
# late on, and nobody dates a completion in the future.


def is_handler(user, item: ApprovalItem) -> bool:
    """Department staff of the item's handling department act on it (and administrators)."""
    us = UserScope.of(user)
    return us.is_admin or (us.role == Role.DEPARTMENT and us.department_id == item.department_id)


def is_supervisor(user, item: ApprovalItem) -> bool:
    """The supervising office: region analysts whose region holds the project, and administrators."""
    us = UserScope.of(user)
    if us.is_admin:
        return True
    return us.role in REGION_ROLES and ApprovalItem.objects.restrict(user, CHANGE).filter(pk=item.pk).exists()


def available_actions(user, item: ApprovalItem) -> list[str]:
    """The actions `user` may take on `item` now, in the order of ApprovalActionKind."""
    if not is_handler(user, item):
        return []
    allowed = APPROVAL_ACTIONS[ApprovalStatus(item.status)]
    return [kind for kind in ApprovalActionKind.values if kind in allowed]


def check_approval_edit(item: ApprovalItem, user) -> None:
    """Whether an item's entered details (project, type, department, day submitted, note) may be
    written through its form, page or API: by the zone side until it is accepted; never by the
    handling department, who works it through actions."""
    us = UserScope.of(user)
    if us.role == Role.DEPARTMENT:
        raise ValidationError(
            _("A handling department works an approval item through its actions, not by editing it.")
        )
    if item.pk is not None and item.status != ApprovalStatus.SUBMITTED:
        raise ValidationError(
            _("This approval item is %(status)s; it now changes only through its actions.")
            % {"status": ApprovalStatus(item.status).label}
        )


@transaction.atomic
def act_on_approval(
    item: ApprovalItem, user, kind: str, text: str = "", completed_on: dt.date | None = None
) -> ApprovalAction:
    """Take one handling action on an item (受理, 办理意见, 退回补正, 办结) and log it.

    Refused actions raise PermissionDenied (not the item's department) or ValidationError in
    Chinese (wrong order, missing opinion, a completion date in the future or before the item was
    accepted). The given instance is refreshed.
    """
    caller, item = item, ApprovalItem.objects.select_for_update().get(pk=item.pk)
    if not is_handler(user, item):
        raise PermissionDenied(_("Only the handling department acts on this approval item."))
    if kind not in ApprovalActionKind.values or kind == ApprovalActionKind.LIMIT:
        raise ValidationError(_("Unknown action %(action)s.") % {"action": kind})
    action, status = ApprovalActionKind(kind), ApprovalStatus(item.status)
    if action not in APPROVAL_ACTIONS[status]:
        raise ValidationError(
            _("The item is %(status)s; it cannot be given the action %(action)s.")
            % {"status": status.label, "action": action.label}
        )
    text = (text or "").strip()
    if action in (ApprovalActionKind.COMMENT, ApprovalActionKind.RETURN) and not text:
        raise ValidationError(
            _("Write the opinion.")
            if action == ApprovalActionKind.COMMENT
            else _("Say what must be corrected.")
        )
    now = timezone.now()
    if action == ApprovalActionKind.COMPLETE:
        completed_on = completed_on or timezone.localdate()
        check_completion_date(item, completed_on)
    else:
        completed_on = None
    logged = ApprovalAction.objects.create(
        item=item, kind=action, at=now, user=user, text=text, completed_on=completed_on
    )
    if action in APPROVAL_NEXT_STATUS:
        item.status = APPROVAL_NEXT_STATUS[action]
        item.completed_on = completed_on
        item._change_reason = action.label
        item.save()  # due_on follows the pause a return starts or an acceptance ends
    caller.refresh_from_db()
    return logged


def check_completion_date(item: ApprovalItem, day: dt.date) -> None:
    """办结 is dated on or before today, on or after the day the item was (last) accepted."""
    if day > timezone.localdate():
        raise ValidationError(
            {"completed_on": _("The completion date %(date)s is in the future.") % {"date": day}}
        )
    if day < item.submitted_on:
        raise ValidationError(
            {
                "completed_on": _("The completion date %(date)s is before the submission on %(submitted)s.")
                % {"date": day, "submitted": item.submitted_on}
            }
        )
    accepted = item.actions.filter(kind=ApprovalActionKind.ACCEPT).order_by("-at").first()
    if accepted is not None and day < timezone.localtime(accepted.at).date():
        raise ValidationError(
            {
                "completed_on": _("The completion date %(date)s is before the acceptance on %(accepted)s.")
                % {"date": day, "accepted": timezone.localtime(accepted.at).date()}
            }
        )


@transaction.atomic
def set_time_limit(item: ApprovalItem, user, days: int, reason: str) -> ApprovalAction:
    """The supervising office changes an item's time limit (working days), giving its reason; the
    change is logged with the limit before and after, and the due date follows."""
    caller, item = item, ApprovalItem.objects.select_for_update().get(pk=item.pk)
    if not is_supervisor(user, item):
        raise PermissionDenied(
            _(
                "Only the supervising office (the analysts of the region the project is in, or an "
                "administrator) changes an approval item's time limit."
            )
        )
    if item.status == ApprovalStatus.COMPLETED:
        raise ValidationError({"time_limit": _("The item is completed; its time limit no longer changes.")})
    if days is None or days < 1 or days > 32767:
        raise ValidationError(
            {"time_limit": _("The time limit is a whole number of working days, at least 1.")}
        )
    if days == item.time_limit:
        raise ValidationError(
            {"time_limit": _("The time limit is already %(days)d working days.") % {"days": days}}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for changing the time limit.")})
    logged = ApprovalAction.objects.create(
        item=item,
        kind=ApprovalActionKind.LIMIT,
        at=timezone.now(),
        user=user,
        text=reason,
        old_time_limit=item.time_limit,
        new_time_limit=days,
    )
    item.time_limit = days
    item._change_reason = reason
    item.save()
    caller.refresh_from_db()
    return logged

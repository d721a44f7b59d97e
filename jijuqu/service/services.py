"""The rules of enterprise service as plain functions: assigning officials (包联), and the steps of a
request (转办, 首次响应, 答复, 评价, 回访) on the 13710 clock (clock.py), escalated by the shared
mechanism of projects.escalation. The pages and the API call these; nothing else moves a request."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jijuqu.core.choices import REGION_ROLES, Role
from jijuqu.core.scope import CHANGE, VIEW, UserScope
from jijuqu.projects import escalation
from jijuqu.projects.choices import EscalationLevel

from . import clock
from .choices import SATISFIED, Rating, RequestStatus, StepKind
from .models import Assignment, RequestStep, ServiceRequest

# -- 包联 -------------------------------------------------------------------------------------------


@transaction.atomic
def assign_official(enterprise, official, leader=None, day: dt.date | None = None) -> Assignment:
    """Assign `official` (with `leader`) to `enterprise` from `day`: the current assignment of another
    official ends that day and stays as history; the same official again changes nothing."""
    day = day or timezone.localdate()
    current = list(enterprise.assignments.filter(ended_on__isnull=True))
    for a in current:
        if a.official_id == official.pk:
            if leader is not None and a.leader_id != getattr(leader, "pk", None):
                a.leader = leader
                a.save()
            return a
    for a in current:
        if a.started_on > day:
            raise ValidationError(
                _("The new assignment starts on %(day)s, before the current one began on %(start)s.")
                % {"day": day, "start": a.started_on}
            )
        a.ended_on = day
        a.save()
    return Assignment.objects.create(enterprise=enterprise, official=official, leader=leader, started_on=day)


# -- a request's steps ------------------------------------------------------------------------------


def _in_scope(user, request, action=VIEW) -> bool:
    return ServiceRequest.objects.restrict(user, action).filter(pk=request.pk).exists()


def may_refer(user, request) -> bool:
    """转办: the zone office and the levels above, on requests in their scope."""
    us = UserScope.of(user)
    return (us.is_admin or us.role in REGION_ROLES or us.role == Role.ZONE) and _in_scope(
        user, request, CHANGE
    )


def may_handle(user, request) -> bool:
    """首次响应 and 答复: the responsible department (or an administrator)."""
    us = UserScope.of(user)
    if us.is_admin:
        return True
    return (
        us.role == Role.DEPARTMENT
        and request.department_id is not None
        and (request.department_id == us.department_id)
    )


def may_rate(user, request) -> bool:
    """评价: the enterprise itself."""
    us = UserScope.of(user)
    return us.role == Role.ENTERPRISE and us.enterprise_id == request.enterprise_id


def may_call_back(user, request) -> bool:
    """回访: any government user who sees the request."""
    us = UserScope.of(user)
    return us.role not in ("anonymous", Role.ENTERPRISE) and _in_scope(user, request)


def allowed_steps(user, request) -> list[str]:
    """The steps `user` may take on `request` now, for the page to offer."""
    s = RequestStatus
    found = []
    if request.status != s.CLOSED and may_refer(user, request):
        found.append(StepKind.ASSIGN)
    if may_handle(user, request):
        if request.status == s.ASSIGNED:
            found.append(StepKind.RESPOND)
        if request.status in (s.ASSIGNED, s.HANDLING):
            found.append(StepKind.ANSWER)
    if request.status == s.ANSWERED and may_rate(user, request):
        found.append(StepKind.RATE)
    if may_call_back(user, request) and request.status in (s.ANSWERED, s.CLOSED):
        found.append(StepKind.CALLBACK)
    return found


def _now(at):
    return at or timezone.now()


def _locked(request) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _step(request, kind, user, at, text="", rating="") -> RequestStep:
    return RequestStep.objects.create(request=request, kind=kind, user=user, at=at, text=text, rating=rating)


def _refuse(request, kind):
    raise ValidationError(
        _("The request is %(status)s; “%(step)s” is not possible now.")
        % {"status": RequestStatus(request.status).label, "step": StepKind(kind).label}
    )


def _done(caller, request):
    caller.refresh_from_db()
    return request


@transaction.atomic
def raise_request(request: ServiceRequest, user=None, at=None) -> ServiceRequest:
    """Record a new request (from the enterprise's page, a visit, a monitoring point or a supervisor)."""
    request.raised_at = _now(at)
    request.status = RequestStatus.RAISED
    request.full_clean()
    request.save()
    _step(request, StepKind.RAISE, user, request.raised_at, request.description)
    return request


@transaction.atomic
def refer(request, department, user, at=None, text: str = "") -> ServiceRequest:
    """转办: send the request to its responsible department (again, to another, before it is closed)."""
    caller, request = request, _locked(request)
    if user is not None and not may_refer(user, request):
        raise PermissionDenied
    if request.status == RequestStatus.CLOSED:
        _refuse(request, StepKind.ASSIGN)
    if department is None:
        raise ValidationError({"department": _("Choose the responsible department.")})
    at = _now(at)
    request.department = department
    if request.assigned_at is None:
        request.assigned_at = at
    if request.status == RequestStatus.RAISED:
        request.status = RequestStatus.ASSIGNED
    request.save()
    _step(request, StepKind.ASSIGN, user, at, text or str(department))
    return _done(caller, request)


@transaction.atomic
def respond(request, user, at=None, text: str = "") -> ServiceRequest:
    """首次响应: the department has contacted the enterprise."""
    caller, request = request, _locked(request)
    if user is not None and not may_handle(user, request):
        raise PermissionDenied
    if request.status != RequestStatus.ASSIGNED:
        _refuse(request, StepKind.RESPOND)
    if not text.strip():
        raise ValidationError({"text": _("Say how the enterprise was contacted.")})
    at = _now(at)
    request.responded_at = at
    request.status = RequestStatus.HANDLING
    request.save()
    _step(request, StepKind.RESPOND, user, at, text)
    return _done(caller, request)


@transaction.atomic
def answer(request, user, at=None, text: str = "") -> ServiceRequest:
    """答复 (办结): the department's answer, for the enterprise to confirm and rate. An answer without a
    first response is the first response too."""
    caller, request = request, _locked(request)
    if user is not None and not may_handle(user, request):
        raise PermissionDenied
    if request.status not in (RequestStatus.ASSIGNED, RequestStatus.HANDLING):
        _refuse(request, StepKind.ANSWER)
    if not text.strip():
        raise ValidationError({"text": _("Write the answer to the enterprise.")})
    at = _now(at)
    request.responded_at = request.responded_at or at
    request.answered_at = at
    request.answer = text
    request.status = RequestStatus.ANSWERED
    request.save()
    _step(request, StepKind.ANSWER, user, at, text)
    return _done(caller, request)


@transaction.atomic
def rate(request, user, rating: str, at=None, text: str = "", *, by_call: bool = False) -> ServiceRequest:
    """评价: 满意 or 基本满意 closes the request; 不满意 reopens it (back to the department, against its
    original close day). Given by the enterprise, or recorded by an official on a 回访 (by_call)."""
    caller, request = request, _locked(request)
    may = may_call_back if by_call else may_rate
    if user is not None and not may(user, request):
        raise PermissionDenied
    if request.status != RequestStatus.ANSWERED:
        _refuse(request, StepKind.RATE)
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose 满意, 基本满意 or 不满意.")})
    at = _now(at)
    request.rating = rating
    _step(request, StepKind.CALLBACK if by_call else StepKind.RATE, user, at, text, rating)
    if rating in SATISFIED:
        request.status = RequestStatus.CLOSED
        request.closed_at = at
    else:
        request.status = RequestStatus.HANDLING
        request.answered_at = None
        request.reopened += 1
        _step(request, StepKind.REOPEN, user, at, text)
    request.save()
    return _done(caller, request)


@transaction.atomic
def call_back(request, user, at=None, text: str = "", rating: str = "") -> ServiceRequest:
    """回访: a follow-up call logged on an answered or closed request; on an answered one, the rating
    heard on the call is the enterprise's rating."""
    if not text.strip():
        raise ValidationError({"text": _("Write what the enterprise said on the call.")})
    if rating and request.status == RequestStatus.ANSWERED:
        return rate(request, user, rating, at, text, by_call=True)
    request = _locked(request)
    if user is not None and not may_call_back(user, request):
        raise PermissionDenied
    if request.status not in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
        _refuse(request, StepKind.CALLBACK)
    _step(request, StepKind.CALLBACK, user, _now(at), text, rating if rating in Rating.values else "")
    return request


# -- escalation (the mechanism is projects.escalation, shared with problems) -----------------------


def escalate_requests(now: dt.datetime | None = None) -> int:
    """Raise every request still running to the level its clock calls for; returns how many moved."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    moved = 0
    running = ServiceRequest.objects.exclude(status=RequestStatus.CLOSED).filter(
        level__lt=EscalationLevel.HEAD
    )
    for request in running:
        target = clock.due_level(request, today)

        def record(level, request=request):
            step = next((s for s, due, done in clock.steps(request) if (done or today) > due), "close")
            label = clock.STEP_NAMES[step]
            RequestStep.objects.get_or_create(
                request=request,
                kind=StepKind.ESCALATE,
                level=level,
                defaults={"at": now, "text": _("%(step)s past its day") % {"step": label}},
            )

        if escalation.escalate_to(request, target, record):
            moved += 1
    return moved

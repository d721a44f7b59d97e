from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import ModelSchema, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.core.api import Pagination, ValidationFailed, save_form, scoped_get, scoped_list
from jijuqu.core.periods import Period
from jijuqu.core.scope import VIEW
from jijuqu.zones.models import Department

from . import figures
from .filtersets import AssignmentFilterSet, ServiceRequestFilterSet, VisitFilterSet
from .forms import ServiceRequestForm, VisitForm
from .models import Assignment, RequestStep, ServiceRequest, Visit
from .views import STEPS

router = Router(tags=["企业服务"])


class RequestOut(ModelSchema):
    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "enterprise",
            "title",
            "description",
            "category",
            "kind",
            "source",
            "raised_at",
            "department",
            "status",
            "level",
            "assign_due",
            "respond_due",
            "close_due",
            "assigned_at",
            "responded_at",
            "answered_at",
            "answer",
            "rating",
            "closed_at",
            "reopened",
        ]


class RequestIn(Schema):
    enterprise: int | None = None
    title: str | None = None
    description: str | None = None
    category: str | None = None
    kind: str | None = None
    source: str | None = None
    supervisor: int | None = None


class StepIn(Schema):
    step: str  # assign, respond, answer, rate, callback
    department: int | None = None
    text: str = ""
    rating: str = ""


class StepOut(ModelSchema):
    class Meta:
        model = RequestStep
        fields = ["id", "request", "kind", "at", "text", "rating", "level"]


class AssignmentOut(ModelSchema):
    class Meta:
        model = Assignment
        fields = ["id", "enterprise", "official", "leader", "started_on", "ended_on"]


class VisitOut(ModelSchema):
    class Meta:
        model = Visit
        fields = ["id", "enterprise", "official", "date", "findings"]


class VisitIn(Schema):
    enterprise: int | None = None
    official: int | None = None
    date: dt.date | None = None
    findings: str | None = None


class FiguresOut(Schema):
    label: str
    received: int
    closed: int
    on_time: int
    on_time_rate: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None
    average_days: float | None
    overdue: int


@router.get("/service/requests/", response=list[RequestOut])
@paginate(Pagination)
def list_requests(request):
    return scoped_list(request, ServiceRequest, ServiceRequestFilterSet)


@router.get("/service/requests/{request_id}/", response=RequestOut)
def get_request(request, request_id: int):
    return scoped_get(request, ServiceRequest, request_id)


@router.post("/service/requests/", response={201: RequestOut})
def create_request(request, payload: RequestIn):
    """Raise a request (the enterprise for itself; the zone for an enterprise of its zone)."""
    return Status(201, save_form(request, ServiceRequestForm, payload.dict(exclude_unset=True)))


@router.get("/service/requests/{request_id}/steps/", response=list[StepOut])
def list_request_steps(request, request_id: int):
    return scoped_get(request, ServiceRequest, request_id).steps.order_by("at", "pk")


@router.post("/service/requests/{request_id}/steps/", response={201: RequestOut})
def take_step(request, request_id: int, payload: StepIn):
    """A step of the 13710 clock: assign (转办, with department), respond (首次响应), answer (答复),
    rate (the enterprise: satisfied, fairly, unsatisfied — which reopens it), callback (回访)."""
    from . import services

    obj = scoped_get(request, ServiceRequest, request_id)
    if payload.step not in STEPS or payload.step not in services.allowed_steps(request.user, obj):
        raise HttpError(403, "当前不能进行该环节。")
    data = payload.dict()
    if payload.department is not None:
        data["department"] = get_object_or_404(
            Department.objects.restrict(request.user, VIEW), pk=payload.department
        )
    try:
        STEPS[payload.step](obj, request.user, data)
    except PermissionDenied as err:
        raise HttpError(403, "当前不能进行该环节。") from err
    except ValidationError as err:
        raise ValidationFailed(
            err.message_dict if hasattr(err, "error_dict") else {"step": err.messages}
        ) from err
    obj.refresh_from_db()
    return Status(201, obj)


@router.get("/service/assignments/", response=list[AssignmentOut])
@paginate(Pagination)
def list_assignments(request):
    return scoped_list(request, Assignment, AssignmentFilterSet)


@router.get("/service/visits/", response=list[VisitOut])
@paginate(Pagination)
def list_visits(request):
    return scoped_list(request, Visit, VisitFilterSet)


@router.post("/service/visits/", response={201: VisitOut})
def create_visit(request, payload: VisitIn):
    return Status(201, save_form(request, VisitForm, payload.dict(exclude_unset=True)))


@router.get("/service/figures/", response=list[FiguresOut])
def service_figures(request, period: str | None = None, by: str | None = None):
    """按时办结率, 满意率 … of the requests in the user's scope raised in the year up to `period`
    (YYYY-MM, default the last closed month), in total or by department, category, zone or official."""
    if by not in (None, "department", "category", "zone", "official"):
        raise ValidationFailed({"by": ["by 只能是 department、category、zone 或 official。"]})
    try:
        month = Period.parse(period) if period else Period.closed()
    except ValueError as err:
        raise ValidationFailed({"period": ["请用 YYYY-MM 的格式填写月份。"]}) from err
    as_of = min(month.end, timezone.localdate())
    requests = figures.raised_between(
        ServiceRequest.objects.restrict(request.user, VIEW), dt.date(month.year, 1, 1), as_of
    )
    return [
        {
            "label": f.label,
            "received": f.received,
            "closed": f.closed,
            "on_time": f.on_time,
            "on_time_rate": None if f.on_time_rate is None else round(float(f.on_time_rate), 4),
            "rated": f.rated,
            "satisfied": f.satisfied,
            "satisfaction_rate": None
            if f.satisfaction_rate is None
            else round(float(f.satisfaction_rate), 4),
            "average_days": None if f.average_days is None else float(f.average_days),
            "overdue": f.overdue,
        }
        for f in figures.request_figures(requests, as_of, by)
    ]

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import ModelSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from jijuqu.core.api import Pagination, ValidationFailed, save_form, scoped_get, scoped_list
from jijuqu.core.forms import form_errors
from jijuqu.core.money import MoneyIn
from jijuqu.core.scope import CHANGE, VIEW

from .filtersets import ApprovalItemFilterSet, MonthlyProgressFilterSet, ProblemFilterSet, ledger_filterset
from .forms import ApprovalItemForm, MonthlyProgressForm, ProblemForm, ProjectForm
from .models import ApprovalAction, ApprovalItem, MonthlyProgress, Problem, Project
from .services import act_on_approval, change_status, set_time_limit

router = Router(tags=["重点项目"])


class ProjectOut(ModelSchema):
    zone_name: str
    plan: Decimal | None = None
    ytd: Decimal | None = None
    cumulative: Decimal | None = None

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "zone",
            "park",
            "builder_name",
            "builder",
            "industry",
            "level",
            "kind",
            "status",
            "total_investment",
            "content",
            "planned_start",
            "planned_completion",
            "planned_production",
            "actual_start",
            "actual_completion",
            "actual_production",
            "leader",
            "department",
            "location",
        ]

    @staticmethod
    def resolve_zone_name(obj):
        return obj.zone.name

    @staticmethod
    def resolve_plan(obj):
        return cents(getattr(obj, "plan", None))

    @staticmethod
    def resolve_ytd(obj):
        return cents(getattr(obj, "ytd", None))

    @staticmethod
    def resolve_cumulative(obj):
        return cents(getattr(obj, "cumulative", None))


def cents(value):
    # Sums over SQLite lose the column's scale; amounts always leave with two decimals.
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


class ProjectIn(Schema):
    code: str | None = None
    name: str | None = None
    zone: int | None = None
    park: int | None = None
    builder_name: str | None = None
    builder: int | None = None
    builder_credit_code: str | None = None
    industry: int | None = None
    level: str | None = None
    kind: str | None = None
    total_investment: MoneyIn | None = None
    content: str | None = None
    planned_start: dt.date | None = None
    planned_completion: dt.date | None = None
    planned_production: dt.date | None = None
    leader: int | None = None
    department: int | None = None
    location: str | None = None


class ProjectFilters(Schema):
    period: str | None = None
    q: str | None = None
    zone: int | None = None
    status: str | None = None
    level: str | None = None
    industry: int | None = None
    leader: int | None = None
    lagging: str | None = None


class StatusIn(Schema):
    to_status: str
    date: dt.date
    note: str = ""


class ProgressOut(ModelSchema):
    class Meta:
        model = MonthlyProgress
        fields = ["id", "project", "year", "month", "invested", "progress_text", "updated"]


class ProgressIn(Schema):
    project: int | None = None
    year: int | None = None
    month: int | None = None
    invested: MoneyIn | None = None
    progress_text: str | None = None


class ProblemOut(ModelSchema):
    # The zone of what the problem is about, read through its project (or enterprise).
    zone: int | None = None

    class Meta:
        model = Problem
        fields = [
            "id",
            "title",
            "description",
            "category",
            "project",
            "enterprise",
            "department",
            "raised_on",
            "deadline",
            "status",
            "level",
            "resolution",
            "resolved_on",
        ]

    @staticmethod
    def resolve_zone(obj):
        return obj.zone_pk


class ProblemIn(Schema):
    title: str | None = None
    description: str | None = None
    category: str | None = None
    project: int | None = None
    enterprise: int | None = None
    department: int | None = None
    raised_on: dt.date | None = None
    deadline: dt.date | None = None
    status: str | None = None
    resolution: str | None = None
    resolved_on: dt.date | None = None


class ApprovalOut(ModelSchema):
    class Meta:
        model = ApprovalItem
        fields = [
            "id",
            "project",
            "item_type",
            "department",
            "submitted_on",
            "status",
            "time_limit",
            "due_on",
            "completed_on",
            "note",
        ]


class ApprovalIn(Schema):
    project: int | None = None
    item_type: int | None = None
    department: int | None = None
    submitted_on: dt.date | None = None
    note: str | None = None
    # Not written here: refused with a pointer to the action that changes them.
    time_limit: int | None = None
    completed_on: dt.date | None = None
    status: str | None = None


class ActionOut(ModelSchema):
    user_name: str | None = None

    class Meta:
        model = ApprovalAction
        fields = [
            "id",
            "item",
            "kind",
            "at",
            "user",
            "text",
            "completed_on",
            "old_time_limit",
            "new_time_limit",
        ]

    @staticmethod
    def resolve_user_name(obj):
        return str(obj.user) if obj.user_id else None


class ActionIn(Schema):
    action: str
    text: str = ""
    completed_on: dt.date | None = None


class TimeLimitIn(Schema):
    time_limit: int
    reason: str = ""


# -- projects -------------------------------------------------------------------------------------


@router.get("/projects/", response=list[ProjectOut])
@paginate(Pagination)
def list_projects(request, filters: Query[ProjectFilters]):
    """The ledger with plan, year-to-date and since-start investment for ?period=YYYY-MM (default: latest)."""
    fs = ledger_filterset(request, Project.objects.restrict(request.user, VIEW))
    if fs.is_bound and not fs.is_valid():
        raise ValidationFailed(form_errors(fs.form))
    return fs.qs


@router.get("/projects/{project_id}/", response=ProjectOut)
def get_project(request, project_id: int):
    return scoped_get(request, Project, project_id)


@router.post("/projects/", response={201: ProjectOut})
def create_project(request, payload: ProjectIn):
    return Status(201, save_form(request, ProjectForm, payload.dict(exclude_unset=True)))


@router.patch("/projects/{project_id}/", response=ProjectOut)
def change_project(request, project_id: int, payload: ProjectIn):
    project = scoped_get(request, Project, project_id, CHANGE)
    return save_form(request, ProjectForm, payload.dict(exclude_unset=True), instance=project)


@router.post("/projects/{project_id}/status/", response=ProjectOut)
def project_status(request, project_id: int, payload: StatusIn):
    """Move the project along its lifecycle (谋划 → 签约 → 开工 → 在建 → 竣工 → 投产, 停缓建, 终止)."""
    project = scoped_get(request, Project, project_id, CHANGE)
    try:
        change_status(project, payload.to_status, payload.date, request.user, payload.note)
    except (ValidationError, ValueError) as err:
        messages = (
            err.messages if isinstance(err, ValidationError) else [f"无效的状态“{payload.to_status}”。"]
        )
        raise ValidationFailed({"to_status": messages}) from err
    return project


# -- monthly progress -----------------------------------------------------------------------------


@router.get("/progress/", response=list[ProgressOut])
@paginate(Pagination)
def list_progress(request, project: int | None = None, year: int | None = None, month: int | None = None):
    return scoped_list(request, MonthlyProgress, MonthlyProgressFilterSet)


@router.post("/progress/", response={201: ProgressOut})
def create_progress(request, payload: ProgressIn):
    return Status(201, save_form(request, MonthlyProgressForm, payload.dict(exclude_unset=True)))


@router.patch("/progress/{progress_id}/", response=ProgressOut)
def change_progress(request, progress_id: int, payload: ProgressIn):
    progress = scoped_get(request, MonthlyProgress, progress_id, CHANGE)
    return save_form(request, MonthlyProgressForm, payload.dict(exclude_unset=True), instance=progress)


# -- problems -------------------------------------------------------------------------------------


@router.get("/problems/", response=list[ProblemOut])
@paginate(Pagination)
def list_problems(request, status: str | None = None, overdue: bool | None = None):
    # Each problem's zone comes through its project or enterprise: read with the page, not per row.
    return scoped_list(request, Problem, ProblemFilterSet).select_related("project", "enterprise")


@router.post("/problems/", response={201: ProblemOut})
def create_problem(request, payload: ProblemIn):
    return Status(201, save_form(request, ProblemForm, payload.dict(exclude_unset=True)))


@router.patch("/problems/{problem_id}/", response=ProblemOut)
def change_problem(request, problem_id: int, payload: ProblemIn):
    problem = scoped_get(request, Problem, problem_id, CHANGE)
    return save_form(request, ProblemForm, payload.dict(exclude_unset=True), instance=problem)


# -- approval items -------------------------------------------------------------------------------


@router.get("/approvals/", response=list[ApprovalOut])
@paginate(Pagination)
def list_approvals(request, overdue: bool | None = None):
    return scoped_list(request, ApprovalItem, ApprovalItemFilterSet)


def approval_details(payload: ApprovalIn) -> dict:
    """The entered details; the time limit, status and completion change only through actions."""
    data = payload.dict(exclude_unset=True)
    refused = {
        "time_limit": _(
            "time limit: only the supervising office changes it, at /approvals/{id}/time-limit/."
        ),
        "completed_on": _(
            "completed on: an item is completed with the action 'complete' at /approvals/{id}/actions/."
        ),
        "status": _("status: an item's status changes through its actions at /approvals/{id}/actions/."),
    }
    errors = {name: [message] for name, message in refused.items() if name in data}
    if errors:
        raise ValidationFailed(errors)
    return data


@router.post("/approvals/", response={201: ApprovalOut})
def create_approval(request, payload: ApprovalIn):
    """Enter an item (project, item_type, department, submitted_on, note); its time limit is its type's."""
    return Status(201, save_form(request, ApprovalItemForm, approval_details(payload)))


@router.patch("/approvals/{item_id}/", response=ApprovalOut)
def change_approval(request, item_id: int, payload: ApprovalIn):
    """Correct an item's entered details before it is accepted (the zone side only)."""
    item = scoped_get(request, ApprovalItem, item_id, VIEW)
    return save_form(request, ApprovalItemForm, approval_details(payload), instance=item)


@router.get("/approvals/{item_id}/actions/", response=list[ActionOut])
def list_approval_actions(request, item_id: int):
    """The item's log: every action with who took it and when."""
    item = scoped_get(request, ApprovalItem, item_id)
    return item.actions.select_related("user").order_by("at", "pk")


@router.post("/approvals/{item_id}/actions/", response={201: ActionOut})
def act_on_approval_item(request, item_id: int, payload: ActionIn):
    """Take an action: accept (受理), comment (办理意见), return (退回补正, with what to correct),
    complete (办结, with completed_on, default today). Only the item's handling department acts."""
    item = scoped_get(request, ApprovalItem, item_id)
    try:
        logged = act_on_approval(item, request.user, payload.action, payload.text, payload.completed_on)
    except PermissionDenied as err:
        raise HttpError(403, str(err)) from err
    except ValidationError as err:
        raise ValidationFailed(action_errors(err, "action")) from err
    return Status(201, logged)


@router.post("/approvals/{item_id}/time-limit/", response=ApprovalOut)
def change_time_limit(request, item_id: int, payload: TimeLimitIn):
    """The supervising office changes the item's time limit (working days), with a reason."""
    item = scoped_get(request, ApprovalItem, item_id)
    try:
        set_time_limit(item, request.user, payload.time_limit, payload.reason)
    except PermissionDenied as err:
        raise HttpError(403, str(err)) from err
    except ValidationError as err:
        raise ValidationFailed(action_errors(err, "time_limit")) from err
    return item


def action_errors(err: ValidationError, default: str) -> dict[str, list[str]]:
    return err.message_dict if hasattr(err, "error_dict") else {default: err.messages}

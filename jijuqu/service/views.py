from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.forms import form_errors
from jijuqu.core.generic import ObjectView
from jijuqu.core.history import author
from jijuqu.core.periods import Period, month_field_value
from jijuqu.core.scope import VIEW, can, is_government
from jijuqu.enterprises.models import Enterprise
from jijuqu.reports.files import DOCX_CONTENT_TYPE
from jijuqu.reports.forms import MonthlyReportForm
from jijuqu.zones.models import Department

from . import clock, figures, report, services
from .choices import StepKind
from .forms import StepForm
from .home import enterprise_home
from .models import Assignment, ServiceRequest
from .tables import clock_text


class ServiceRequestView(ObjectView):
    """A request with its clock, its log, and the steps the user may take on it now."""

    template_name = "service/request_detail.html"
    fields = [
        "enterprise",
        "title",
        "description",
        "category",
        "kind",
        "source",
        "supervisor",
        "attachment",
        "raised_at",
        "department",
        "status",
        "level",
        "answer",
        "rating",
        "reopened",
    ]

    def extra_context(self, obj):
        user = self.request.user
        allowed = services.allowed_steps(user, obj)
        today = timezone.localdate()
        clock_rows = [
            (clock.STEP_NAMES[step], due, done, (done or today) > due) for step, due, done in clock.steps(obj)
        ]
        return {
            "log": [
                (step, author(step.user, user))
                for step in obj.steps.select_related("user").order_by("at", "pk")
            ],
            "clock_rows": clock_rows,
            "clock_text": clock_text(obj),
            "steps": [(kind, StepKind(kind).label) for kind in allowed],
            "departments": Department.objects.restrict(user, VIEW) if StepKind.ASSIGN in allowed else None,
            "rating_choices": StepForm.base_fields["rating"].choices[1:],
            # A request changes only through its steps; nobody edits it as a form once raised.
            "edit_url": None,
        }


STEPS = {
    StepKind.ASSIGN: lambda r, u, d: services.refer(r, d["department"], u, text=d["text"]),
    StepKind.RESPOND: lambda r, u, d: services.respond(r, u, text=d["text"]),
    StepKind.ANSWER: lambda r, u, d: services.answer(r, u, text=d["text"]),
    StepKind.RATE: lambda r, u, d: services.rate(r, u, d["rating"], text=d["text"]),
    StepKind.CALLBACK: lambda r, u, d: services.call_back(r, u, text=d["text"], rating=d["rating"]),
}


@require_POST
@login_required
def request_step(request, pk):
    """A POSTed step of a request (转办, 首次响应, 答复, 评价, 回访); refusals become messages."""
    obj = get_object_or_404(ServiceRequest.objects.restrict(request.user, VIEW), pk=pk)
    if request.POST.get("step") not in services.allowed_steps(request.user, obj):
        raise PermissionDenied
    form = StepForm(request.POST)
    form.fields["department"].queryset = Department.objects.restrict(request.user, VIEW)
    if not form.is_valid():
        for errors in form_errors(form).values():
            messages.error(request, "；".join(errors))
        return redirect(obj.get_absolute_url())
    kind = form.cleaned_data["step"]
    try:
        STEPS[kind](obj, request.user, form.cleaned_data)
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    else:
        messages.success(request, _("%(step)s recorded.") % {"step": StepKind(kind).label})
    return redirect(obj.get_absolute_url())


def quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def parse_day(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@login_required
def overview(request):
    """万人助万企 at a glance for a government user: 包联 coverage, who is unassigned or unvisited, the
    request figures of the year to the chosen month, and the 督办 list."""
    user = request.user
    if not is_government(user):
        raise PermissionDenied
    today = timezone.localdate()
    error = None
    try:
        period = month_field_value(request.GET["period"]) if request.GET.get("period") else Period.closed()
    except ValidationError as err:
        period, error = Period.closed(), err.messages[0]
    as_of = min(period.end, today)
    since = parse_day(request.GET.get("since"), quarter_start(today))
    enterprises = Enterprise.objects.restrict(user, VIEW)
    assignments = Assignment.objects.restrict(user, VIEW)
    requests = figures.raised_between(
        ServiceRequest.objects.restrict(user, VIEW), dt.date(period.year, 1, 1), as_of
    )
    unassigned = figures.unassigned(enterprises).select_related("zone")
    context = {
        "period": period,
        "period_text": f"{period.year}-{period.month:02d}",
        "error": error,
        "since": since,
        "coverage": figures.coverage(enterprises),
        "unassigned_count": unassigned.count(),
        "unassigned": unassigned[:100],
        "not_visited": figures.not_visited(assignments, since)[:200],
        "total": figures.request_figures(requests, as_of)[:1],
        "groups": [
            (_("By department"), figures.request_figures(requests, as_of, "department")),
            (_("By category"), figures.request_figures(requests, as_of, "category")),
            (_("By zone"), figures.request_figures(requests, as_of, "zone")),
            (_("By official"), figures.request_figures(requests, as_of, "official")),
        ],
        "monitoring": figures.monitoring_count(requests),
        "overdue": figures.overdue(ServiceRequest.objects.restrict(user, VIEW), today)[:200],
    }
    return render(request, "service/overview.html", context)


@login_required
def my_service(request):
    """The enterprise user's service page (also summarised on their home)."""
    context = enterprise_home(request.user)
    if context is None:
        raise PermissionDenied
    return render(request, "service/my_service.html", {"service": context})


class ServiceReportForm(MonthlyReportForm):
    """The 月通报's area (in the user's scope) and closed month; no project levels, no 发文 fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("levels", "issuer", "number", "issued_on"):
            del self.fields[name]


@login_required
def service_report(request):
    """The service 通报: pick area and month, read it in the page, download it as .xlsx or .docx —
    the same report.build the `service_report` command writes."""
    if not (can(request.user, VIEW, ServiceRequest) and is_government(request.user)):
        raise PermissionDenied
    data = request.GET if "area" in request.GET else None
    place = request.user.region or request.user.zone
    initial = {"period": str(Period.closed()), "area": place.code if place else None}
    form = ServiceReportForm(data, user=request.user, initial=None if data else initial)
    built = None
    if form.is_valid():
        built = report.build(form.cleaned_data["area"], form.cleaned_data["period"], user=request.user)
        files = {
            "xlsx": (report.report_xlsx, XLSX_CONTENT_TYPE),
            "docx": (report.report_docx, DOCX_CONTENT_TYPE),
        }
        wanted = request.GET.get("format")
        if wanted in files:
            render_file, content_type = files[wanted]
            response = HttpResponse(render_file(built), content_type=content_type)
            stem = f"{built.area.name}{built.period.year}年{built.period.label}企业服务通报"
            response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{wanted}")
            return response
    context = {
        "form": form,
        "report": built,
        "query": request.GET.urlencode() if built else "",
    }
    return render(request, "service/report.html", context)

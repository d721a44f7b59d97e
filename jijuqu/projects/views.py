from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from jijuqu.core import computed
from jijuqu.core.forms import form_errors
from jijuqu.core.generic import ObjectEditView, ObjectListView, ObjectView
from jijuqu.core.scope import ADD, CHANGE, VIEW, can
from jijuqu.enterprises import services as enterprise_services
from jijuqu.enterprises.models import Enterprise

from . import analysis
from .choices import ApprovalActionKind, ApprovalStatus, EscalationLevel, ProblemStatus
from .filtersets import ProblemFilterSet, ledger_filterset
from .forms import ApprovalActionForm, StatusChangeForm, TimeLimitForm
from .models import AnnualPlan, ApprovalItem, Inspection, MonthlyProgress, Problem, Project
from .reference import calendar_source_version, covered_years, years_without_holidays
from .services import (
    act_on_approval,
    allowed_transitions,
    available_actions,
    change_status,
    check_approval_edit,
    is_supervisor,
    set_time_limit,
)
from .tables import (
    AnnualPlanTable,
    ApprovalItemTable,
    InspectionTable,
    MonthlyProgressTable,
    ProblemTable,
    approval_overdue_days,
    problem_overdue_days,
)


class ProjectListView(ObjectListView):
    """The ledger: every project with its figures for the period, lagging rows highlighted."""

    template_name = "projects/project_list.html"

    def filtered(self):
        fs = ledger_filterset(self.request, self.scoped(VIEW))
        self.period = fs.period_value
        return fs

    def make_table(self, queryset):
        return self.table(queryset.key_paged(), schedule=analysis.schedule_ratio(self.period))

    def export_title(self) -> str:
        return f"重点项目{self.period.year}年{self.period.label}投资进度表"

    def extra_context(self, queryset):
        key = computed.key_of("total", computed.query_text(queryset), self.period)
        group = computed.remember(key, lambda: analysis.total_of(queryset, self.period))
        return {
            "period": self.period,
            "summary": analysis.summary_sentence(group, self.period),
            "group": group,
            # The same questions the entry and import views ask.
            "can_report": can(self.request.user, ADD, MonthlyProgress),
            "can_import": can(self.request.user, ADD, Project),
        }


class ProjectView(ObjectView):
    template_name = "projects/project_detail.html"

    def related_tables(self, obj):
        user = self.request.user
        progress = MonthlyProgress.objects.restrict(user).filter(project=obj)
        return [
            (
                _lazy("annual plans"),
                AnnualPlanTable(AnnualPlan.objects.restrict(user).filter(project=obj), exclude=("project",)),
            ),
            (_lazy("monthly progress"), MonthlyProgressTable(progress, exclude=("project",))),
            (
                _lazy("problems"),
                ProblemTable(
                    Problem.objects.restrict(user).filter(project=obj),
                    exclude=("project", "zone", "enterprise"),
                ),
            ),
            (
                _lazy("approval items"),
                ApprovalItemTable(
                    ApprovalItem.objects.restrict(user).filter(project=obj), exclude=("project",)
                ),
            ),
            (
                _lazy("inspections"),
                InspectionTable(Inspection.objects.restrict(user).filter(project=obj), exclude=("project",)),
            ),
        ]

    def extra_context(self, obj):
        can_change = Project.objects.restrict(self.request.user, CHANGE).filter(pk=obj.pk).exists()
        choices = allowed_transitions(obj) if can_change else []
        return {
            "timeline": obj.status_changes.select_related("user"),
            "status_form": StatusChangeForm(choices=choices, initial={"date": timezone.localdate()})
            if choices
            else None,
            "can_report": can_change,
            "summary": analysis.project_sentence(obj),
            # A project that began as a signed investment contract (招商引资) shows where it came from.
            "origin": origin_contract(obj, self.request.user),
        }


def origin_contract(project, user):
    from jijuqu.attraction.models import Contract

    return Contract.objects.restrict(user).filter(project=project).first()


@require_POST
def project_status(request, pk):
    project = get_object_or_404(Project.objects.restrict(request.user, VIEW), pk=pk)
    if not Project.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    form = StatusChangeForm(request.POST, choices=[c for c in allowed_transitions(project)])
    if form.is_valid():
        try:
            change_status(
                project,
                form.cleaned_data["to_status"],
                form.cleaned_data["date"],
                request.user,
                form.cleaned_data["note"],
            )
        except ValidationError as err:
            messages.error(request, "；".join(err.messages))
        else:
            messages.success(
                request, _("Status changed to %(status)s.") % {"status": project.get_status_display()}
            )
    else:
        for errors in form_errors(form).values():
            messages.error(request, "；".join(errors))
    return redirect(project.get_absolute_url())


class MonthlyProgressEditView(ObjectEditView):
    def success_url(self, saved) -> str:
        return saved.project.get_absolute_url()


LEVEL_COLUMNS = [
    (EscalationLevel.DEPARTMENT, "secondary"),
    (EscalationLevel.DEPUTY, "warning"),
    (EscalationLevel.HEAD, "danger"),
]


BOARD_CARDS = 50


def board_counts(problems, today) -> dict:
    """The board's counts of these problems: open, overdue, and open at each escalation level."""
    is_open = Q(status=ProblemStatus.OPEN)
    return problems.aggregate(
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(deadline__lt=today)),
        **{f"level{level}": Count("pk", filter=is_open & Q(level=level)) for level, _ in LEVEL_COLUMNS},
    )


class ProblemBoardView(ObjectListView):
    """问题台账 board: open problems by escalation level, overdue ones highlighted."""

    model = Problem
    filterset = ProblemFilterSet
    table = ProblemTable
    template_name = "projects/problem_board.html"

    def get(self, request):
        fs = self.filtered()
        problems = (fs.qs if not fs.is_bound or fs.is_valid() else fs.queryset.none()).select_related(
            "project__zone", "enterprise__zone", "department"
        )
        open_problems = problems.filter(status=ProblemStatus.OPEN)
        # Every count of the board in one aggregate, kept for the data's state and the day (a province's
        # two aggregates each joined its 100,000 projects).
        today = timezone.localdate()
        key = computed.key_of("board", computed.query_text(problems), today)
        counts = computed.remember(key, lambda: board_counts(problems, today))
        columns = []
        for level, colour in LEVEL_COLUMNS:
            # The most pressing cards of each level (a province has thousands open); the list has them all.
            shown = open_problems.filter(level=level).order_by("deadline")[:BOARD_CARDS]
            cards = [(p, problem_overdue_days(p)) for p in shown]
            more = counts[f"level{level}"] - len(cards)
            link = f"{reverse('projects:problem_list')}?{urlencode({'status': 'open', 'level': level})}"
            columns.append((EscalationLevel(level).label, colour, cards, counts[f"level{level}"], more, link))
        resolved = problems.filter(status=ProblemStatus.RESOLVED).order_by("-resolved_on")[:20]
        return render(
            request,
            self.template_name,
            {
                **self.base_context(),
                "filterset": fs,
                "columns": columns,
                "resolved": resolved,
                "counts": counts,
            },
        )


class ApprovalItemView(ObjectView):
    """An approval item with its log, and the actions the user may take on it now."""

    template_name = "projects/approval_detail.html"
    fields = [
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

    def extra_context(self, obj):
        user = self.request.user
        actions = available_actions(user, obj)
        editable = ApprovalItem.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists()
        try:
            check_approval_edit(obj, user)
        except ValidationError:
            editable = False
        return {
            "log": obj.actions.select_related("user").order_by("at", "pk"),
            "actions": [(kind, ApprovalActionKind(kind).label) for kind in actions],
            "action_form": ApprovalActionForm(initial={"completed_on": timezone.localdate()})
            if actions
            else None,
            "limit_form": TimeLimitForm(initial={"time_limit": obj.time_limit})
            if obj.status != ApprovalStatus.COMPLETED and is_supervisor(user, obj)
            else None,
            "edit_url": reverse("projects:approvalitem_edit", args=[obj.pk]) if editable else None,
            # An item with a log is kept (the log is protected); only a fresh entry can be deleted.
            **({"delete_url": None} if obj.actions.exists() else {}),
            "overdue_days": approval_overdue_days(obj),
        }


def act_on_item(request, pk, form_class, act):
    """An approval item's POSTed step: the form checked, `act(item, cleaned_data)` run (it returns the
    success message), every refusal shown as a message, and back to the item either way."""
    item = get_object_or_404(ApprovalItem.objects.restrict(request.user, VIEW), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form_errors(form).values():
            messages.error(request, "；".join(errors))
        return redirect(item.get_absolute_url())
    try:
        done = act(item, form.cleaned_data)
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    else:
        messages.success(request, done)
    return redirect(item.get_absolute_url())


@require_POST
def approval_act(request, pk):
    def act(item, data):
        act_on_approval(item, request.user, data["action"], data["text"], data["completed_on"])
        return _("%(action)s recorded.") % {"action": ApprovalActionKind(data["action"]).label}

    return act_on_item(request, pk, ApprovalActionForm, act)


@require_POST
def approval_time_limit(request, pk):
    def act(item, data):
        set_time_limit(item, request.user, data["time_limit"], data["reason"])
        return _("Time limit changed to %(days)d working days; due on %(due)s.") % {
            "days": item.time_limit,
            "due": item.due_on or "—",
        }

    return act_on_item(request, pk, TimeLimitForm, act)


class ApprovalItemEditView(ObjectEditView):
    """Entering an item, or correcting it before it is accepted; the form refuses the rest."""

    def get_object(self, pk):
        obj = super().get_object(pk)
        try:
            check_approval_edit(obj, self.request.user)
        except ValidationError as err:
            raise PermissionDenied("；".join(err.messages)) from err
        return obj


class ApprovalListView(ObjectListView):
    template_name = "projects/approval_list.html"

    def extra_context(self, queryset):
        today = timezone.localdate()
        # Counted once for a state of the data (a province's count joined its 100,000 projects).
        overdue = queryset.filter(completed_on__isnull=True, due_on__lt=today)
        return {"overdue_count": computed.count(overdue)}


class InspectionNoticeView(ObjectListView):
    """核查公示: published verification results."""

    template_name = "projects/inspection_notice.html"

    def filtered(self):
        fs = super().filtered()
        fs.queryset = fs.queryset.filter(published=True)
        return fs

    def export_title(self) -> str:
        return "重点项目投资核查结果公示"


@login_required
def unmatched_builders(request):
    """建设单位待匹配: projects whose builder is named but linked to no enterprise, for the zone and
    region users who keep them, each with the enterprises of its zone to pick from."""
    user = request.user
    if not can(user, CHANGE, Project):
        raise PermissionDenied
    projects = Project.objects.restrict(user, CHANGE)
    enterprises = Enterprise.objects.restrict(user, VIEW)
    if request.method == "POST":
        project = get_object_or_404(projects, pk=request.POST.get("project"))
        enterprise = enterprises.filter(pk=request.POST.get("enterprise") or None).first()
        if enterprise is None:
            messages.error(
                request, _("Choose the enterprise that builds %(project)s.") % {"project": project}
            )
        else:
            enterprise_services.set_builder(project, enterprise)
            messages.success(
                request,
                _("%(project)s is now linked to %(enterprise)s.")
                % {"project": project, "enterprise": enterprise},
            )
        return redirect(request.get_full_path())
    page = Paginator(enterprise_services.unmatched_builders(projects).select_related("zone"), 50).get_page(
        request.GET.get("page")
    )
    rows = []
    for project in page:
        candidates = list(enterprise_services.builder_candidates(project, enterprises)[:500])
        rows.append((project, candidates, enterprise_services.suggested_builder(project, candidates)))
    return render(request, "projects/unmatched_builders.html", {"page": page, "rows": rows})


class CalendarListView(ObjectListView):
    """The working-day calendar, saying which years still lack their holidays (see reference.py)."""

    template_name = "projects/calendar_list.html"

    def extra_context(self, queryset):
        return {
            "years_missing": years_without_holidays(),
            "calendar_source": calendar_source_version(),
            "covered_years": covered_years(),
        }

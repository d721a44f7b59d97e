from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from jijuqu.core.choices import REGION_ROLES
from jijuqu.core.forms import form_errors
from jijuqu.core.generic import ObjectListView, ObjectView
from jijuqu.core.numbers import rate, yi
from jijuqu.core.periods import Period
from jijuqu.core.scope import ADD, CHANGE, VIEW, UserScope, can
from jijuqu.land.services import space_to_offer
from jijuqu.reports.forms import MonthlyReportForm

from . import services
from .choices import ACTIVE_STAGES_CHOICES, LIGHT_COLOURS, PIPELINE, STAGE_COLOURS, Light, Stage
from .forms import LeadStageForm, StartForm
from .models import Contact, Contract, Event, FundsArrival, Lead, TeamTarget
from .tables import ContactTable, ContractTable, FundsArrivalTable, LeadTable, TeamTargetTable


def leads_with_lights(queryset):
    return services.with_last_contact(queryset.select_related("team", "holder", "zone", "industry"))


class LeadListView(ObjectListView):
    template_name = "attraction/lead_list.html"

    def base_queryset(self):
        return leads_with_lights(Lead.objects.all())

    def extra_context(self, queryset):
        counts = services.light_counts(queryset)
        return {"lights": [(Light(k).label, LIGHT_COLOURS[k], n) for k, n in counts.items()]}


def can_decide(user) -> bool:
    us = UserScope.of(user)
    return us.is_admin or us.role in REGION_ROLES


class LeadView(ObjectView):
    template_name = "attraction/lead_detail.html"

    def base_queryset(self):
        return leads_with_lights(Lead.objects.all())

    def related_tables(self, obj):
        user = self.request.user
        return [
            (
                _lazy("contacts"),
                ContactTable(Contact.objects.restrict(user).filter(lead=obj), exclude=("lead",)),
            ),
            (_lazy("signed contracts"), ContractTable(Contract.objects.restrict(user).filter(lead=obj))),
        ]

    def extra_context(self, obj):
        user = self.request.user
        can_change = Lead.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists()
        signed = Contract.objects.filter(lead=obj).exists()
        choices = [] if signed or not can_change else [*ACTIVE_STAGES_CHOICES, Stage.ABANDONED]
        held = list(services.collisions(obj.company_name, obj.credit_code, obj.team, obj.pk))
        return {
            "vacant": space_to_offer(user, obj.zone, timezone.localdate()),
            "space_zone": obj.zone,
            "light": services.lead_light(obj),
            "light_colour": LIGHT_COLOURS.get(services.lead_light(obj), ""),
            "stage_form": LeadStageForm(choices=[c for c in choices if c != obj.stage]) if choices else None,
            "can_change": can_change,
            "can_sign": can_change
            and not signed
            and obj.stage != Stage.ABANDONED
            and can(user, ADD, Contract),
            "held_elsewhere": held,
            "can_decide": bool(held) and can_decide(user),
        }


@login_required
@require_POST
def lead_stage(request, pk):
    lead = get_object_or_404(Lead.objects.restrict(request.user, VIEW), pk=pk)
    if not Lead.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    form = LeadStageForm(request.POST, choices=[*Stage])
    if not form.is_valid():
        for errors in form_errors(form).values():
            for message in errors:
                messages.error(request, message)
        return redirect(lead)
    try:
        services.move_stage(lead, form.cleaned_data["stage"], request.user, form.cleaned_data["reason"])
    except ValidationError as err:
        for message in err.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Moved %(lead)s to %(stage)s.") % {"lead": lead, "stage": lead.get_stage_display()}
        )
    return redirect(lead)


@login_required
@require_POST
def lead_award(request, pk):
    lead = get_object_or_404(Lead.objects.restrict(request.user, VIEW), pk=pk)
    others = services.award_lead(lead, request.user)
    messages.success(
        request,
        _("%(team)s keeps %(lead)s; %(n)d other lead(s) abandoned.")
        % {"team": lead.team, "lead": lead, "n": len(others)},
    )
    return redirect(lead)


@login_required
def lead_kanban(request):
    """The pipeline by stage: one column per stage, each card with its light."""
    leads = leads_with_lights(Lead.objects.restrict(request.user, VIEW)).order_by("-recorded_on")
    columns = {stage: [] for stage in PIPELINE}
    abandoned = 0
    for lead in leads:
        if lead.stage == Stage.ABANDONED:
            abandoned += 1
        else:
            current = services.lead_light(lead)
            columns[Stage(lead.stage)].append((lead, current, LIGHT_COLOURS.get(current, "")))
    return render(
        request,
        "attraction/kanban.html",
        {
            "columns": [(stage, STAGE_COLOURS[stage], cards) for stage, cards in columns.items()],
            "abandoned": abandoned,
            "can_add": can(request.user, ADD, Lead),
        },
    )


@login_required
def lead_collisions(request):
    """Companies held by more than one team (撞单), for a supervisor to decide."""
    groups = services.colliding_groups(Lead.objects.restrict(request.user, VIEW))
    return render(
        request, "attraction/collisions.html", {"groups": groups, "can_decide": can_decide(request.user)}
    )


def year_progress(contracts, targets, period: Period):
    """A team's (or region's) figures for the year so far against its targets."""
    f = services.figures(contracts, period)
    target = targets.filter(year=period.year).aggregate(
        signed=Sum("signed"),
        amount=Sum("contract_amount"),
        funds=Sum("funds_arrived"),
        started=Sum("started"),
    )
    rows = [
        (_("contracts signed"), f.signed, target["signed"], rate(f.signed, target["signed"])),
        (
            _("contract amount (100m yuan)"),
            yi(f.contract_amount),
            yi(target["amount"]) if target["amount"] else None,
            rate(f.contract_amount, target["amount"]),
        ),
        (
            _("funds arrived (100m yuan)"),
            yi(f.funds_arrived),
            yi(target["funds"]) if target["funds"] else None,
            rate(f.funds_arrived, target["funds"]),
        ),
        (_("projects started"), f.started, target["started"], rate(f.started, target["started"])),
    ]
    return f, rows


class TeamView(ObjectView):
    template_name = "attraction/team_detail.html"

    def related_tables(self, obj):
        user = self.request.user
        leads = leads_with_lights(Lead.objects.restrict(user).filter(team=obj))
        return [
            (_lazy("investment leads"), LeadTable(leads, exclude=("team",))),
            (
                _lazy("signed contracts"),
                ContractTable(Contract.objects.restrict(user).filter(team=obj), exclude=("team",)),
            ),
            (
                _lazy("team targets"),
                TeamTargetTable(TeamTarget.objects.restrict(user).filter(team=obj), exclude=("team",)),
            ),
        ]

    def extra_context(self, obj):
        user = self.request.user
        period = Period.closed()
        figures, rows = year_progress(
            Contract.objects.restrict(user).filter(team=obj),
            TeamTarget.objects.restrict(user).filter(team=obj),
            period,
        )
        leads = Lead.objects.restrict(user).filter(team=obj)
        counts = services.light_counts(leads)
        return {
            "period": period,
            "progress": rows,
            "members": obj.members.all(),
            "lights": [(Light(k).label, LIGHT_COLOURS[k], n) for k, n in counts.items()],
        }


class EventView(ObjectView):
    template_name = "attraction/event_detail.html"

    def related_tables(self, obj):
        contracts = Contract.objects.restrict(self.request.user).filter(event=obj)
        return [(_lazy("signed contracts"), ContractTable(contracts, exclude=("event",)))]

    def extra_context(self, obj):
        user = self.request.user
        return {
            "event_sentence": services.event_sentence(Event.objects.filter(pk=obj.pk), user),
            "series_sentence": services.event_sentence(
                Event.objects.restrict(user).filter(series=obj.series), user, obj.series
            )
            if obj.series
            else "",
        }


class ContractView(ObjectView):
    template_name = "attraction/contract_detail.html"

    def related_tables(self, obj):
        arrivals = FundsArrival.objects.restrict(self.request.user).filter(contract=obj)
        return [(_lazy("funds arrived"), FundsArrivalTable(arrivals, exclude=("contract",)))]

    def extra_context(self, obj):
        can_change = Contract.objects.restrict(self.request.user, CHANGE).filter(pk=obj.pk).exists()
        first = services.first_funds([obj.pk]).get(obj.pk)
        return {
            "vacant": space_to_offer(self.request.user, obj.zone, timezone.localdate()),
            "space_zone": obj.zone,
            "start_form": StartForm(initial={"date": timezone.localdate()})
            if can_change and not obj.started_on
            else None,
            "honoured_on": services.honoured_on(obj, first),
            "can_change": can_change,
        }


@login_required
@require_POST
def contract_start(request, pk):
    contract = get_object_or_404(Contract.objects.restrict(request.user, VIEW), pk=pk)
    if not Contract.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    form = StartForm(request.POST)
    if not form.is_valid():
        for errors in form_errors(form).values():
            for message in errors:
                messages.error(request, message)
        return redirect(contract)
    try:
        project = services.start_contract(contract, form.cleaned_data["date"], request.user)
    except ValidationError as err:
        for message in err.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(contract)s started; it is now the key project %(project)s.")
            % {"contract": contract, "project": project},
        )
    return redirect(contract)


class AttractionReportForm(MonthlyReportForm):
    """The 月通报's form (area in the user's scope, a closed month, 发文机关 …) without project levels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["levels"]


@login_required
def attraction_report(request):
    """招商通报: pick area and month, read it in the page, download it as .xlsx or .docx."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from jijuqu.core.export import XLSX_CONTENT_TYPE
    from jijuqu.core.scope import is_government
    from jijuqu.reports.files import DOCX_CONTENT_TYPE

    from . import report as attraction

    if not (can(request.user, VIEW, Contract) and is_government(request.user)):
        raise PermissionDenied
    data = request.GET if "area" in request.GET else None
    place = request.user.region or request.user.zone
    initial = {"period": str(Period.closed()), "area": place.code if place else None}
    form = AttractionReportForm(data, user=request.user, initial=None if data else initial)
    report = None
    if form.is_valid():
        c = form.cleaned_data
        report = attraction.build(
            c["area"],
            c["period"],
            request.user,
            issuer=c.get("issuer"),
            number=c.get("number"),
            date=c.get("issued_on"),
        )
        files = {
            "xlsx": (attraction.report_xlsx, XLSX_CONTENT_TYPE),
            "docx": (attraction.report_docx, DOCX_CONTENT_TYPE),
        }
        wanted = request.GET.get("format")
        if wanted in files:
            render_file, content_type = files[wanted]
            response = HttpResponse(render_file(report), content_type=content_type)
            stem = f"{report.area.name}{report.period.year}年{report.period.label}招商引资通报"
            response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{wanted}")
            return response
    context = {
        "form": form,
        "report": report,
        "tables": report.tables if report else [],
        "overdue": report.overdue if report else [],
        "query": request.GET.urlencode() if report else "",
    }
    return render(request, "attraction/report.html", context)

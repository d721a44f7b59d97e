from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from jijuqu.assessment.engine import EngineError
from jijuqu.core.choices import Role
from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.generic import ObjectView
from jijuqu.core.scope import VIEW, UserScope, can, is_government

from . import evaluation, services
from .models import Building, Plot, PlotFollowUp, Scheme, Tenancy
from .tables import BuildingTable, PlotFollowUpTable, TenancyTable
from .workbook import evaluation_xlsx


def today() -> dt.date:
    return timezone.localdate()


class PlotView(ObjectView):
    def related_tables(self, obj):
        user = self.request.user
        steps = PlotFollowUp.objects.restrict(user).filter(plot=obj)
        buildings = Building.objects.restrict(user).filter(plot=obj)
        return [
            (_("Revival steps"), PlotFollowUpTable(steps, exclude=("plot",))),
            (_("Standard factory buildings"), BuildingTable(buildings, exclude=("zone",))),
        ]

    def extra_context(self, obj):
        return {"idle": services.is_idle(obj, today())}


class BuildingView(ObjectView):
    def related_tables(self, obj):
        tenancies = Tenancy.objects.restrict(self.request.user).filter(building=obj)
        return [(_("Tenancies"), TenancyTable(tenancies, exclude=("building",)))]


@login_required
def overview(request):
    """用地与厂房: per zone the land supplied, built, idle and revived; the 盘活 list; standard factory
    occupancy by park and phase with the space free today; and days from signing to production."""
    user = request.user
    if not can(user, VIEW, Plot) and not can(user, VIEW, Building):
        raise PermissionDenied
    on = today()
    plots = Plot.objects.restrict(user, VIEW)
    buildings = Building.objects.restrict(user, VIEW)
    from jijuqu.projects.models import Project

    standard, own = services.signing_to_production(Project.objects.restrict(user, VIEW))
    return render(
        request,
        "land/overview.html",
        {
            "on": on,
            "zones": services.zone_figures(plots, on),
            "revive": services.to_revive(plots, on).select_related("zone", "enterprise"),
            "occupancy": services.occupancy(buildings, on),
            "vacant": services.vacant_space(buildings, on),
            "speed": (standard, own),
        },
    )


class SchemeView(ObjectView):
    template_name = "land/scheme_detail.html"

    def extra_context(self, obj):
        return {"government": is_government(self.request.user)}


def scheme_for(request, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.restrict(request.user, VIEW).select_related("framework"), pk=pk)


def year_of(request, scheme: Scheme) -> tuple[int | None, str | None]:
    """The year asked for (default: the scheme's framework year), or a message naming the field."""
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return scheme.framework.year, None
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), None
    return None, _("Year: write a year such as 2024 (2000–2100), not “%(value)s”.") % {"value": raw[:20]}


def evaluated(request, scheme: Scheme):
    """(the evaluation of the year asked for, the context to render when it cannot be made)."""
    year, error = year_of(request, scheme)
    context = {"scheme": scheme, "year": year or "", "error": error}
    if error:
        return None, context
    try:
        return evaluation.evaluate(scheme, year), context
    except EngineError as err:
        context["error"] = str(err)
        return None, context


@login_required
def evaluation_page(request, pk):
    """The result list: each enterprise's indicator values, points, total, class and change from last
    year, for the enterprises the user may see (an enterprise user: its own); .xlsx export."""
    scheme = scheme_for(request, pk)
    result, context = evaluated(request, scheme)
    if result is not None:
        part = result.part_for(request.user)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(evaluation_xlsx(result, part), content_type=XLSX_CONTENT_TYPE)
            response["Content-Disposition"] = content_disposition_header(
                True, f"{scheme.framework.name}{result.year}年亩均效益评价结果.xlsx"
            )
            return response
        context.update(
            result=part,
            evaluated=len(result.results),
            counts=result.counts(),
            unclassed=result.counts()[""],
            indicators=result.indicators,
            rows=[
                (r, [(r.values.get(i.code), r.points.get(i.code)) for i in result.indicators])
                for r in part.results
            ],
            groups=result.group_sizes,
        )
    return render(request, "land/evaluation.html", context)


@login_required
def notice(request, pk):
    """公示: the classes of the enterprises in the user's scope, without their figures; for government
    users (an enterprise user reads its own result only)."""
    if not is_government(request.user):
        raise PermissionDenied
    scheme = scheme_for(request, pk)
    result, context = evaluated(request, scheme)
    if result is not None:
        context["result"] = result.part_for(request.user)
    return render(request, "land/notice.html", context)


@login_required
def enterprise_result(request, pk):
    """One enterprise's result and its reasons: values, points, adjustments, class and the policy the
    class gets. An enterprise user always reads its own; others name one of their enterprises."""
    scheme = scheme_for(request, pk)
    result, context = evaluated(request, scheme)
    us = UserScope.of(request.user)
    wanted = us.enterprise_id if us.role == Role.ENTERPRISE else request.GET.get("enterprise")
    if result is not None:
        part = result.part_for(request.user)
        mine = next((r for r in part.results if str(r.enterprise.pk) == str(wanted)), None)
        why = next((w for e, w in part.excluded if str(e.pk) == str(wanted)), None)
        if mine is None and why is None and us.role != Role.ENTERPRISE:
            raise Http404
        context.update(
            mine=mine,
            why=why,
            items=[
                (i, mine.values[i.code], mine.points[i.code])
                for i in result.indicators
                if mine and i.code in mine.values
            ],
            policy=scheme.policy(mine.managed_as) if mine else "",
            group_size=result.group_sizes.get(mine.group) if mine else None,
        )
    return render(request, "land/enterprise_result.html", context)

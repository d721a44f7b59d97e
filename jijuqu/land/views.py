from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.generic import ObjectView
from jijuqu.core.scope import VIEW, can

from . import services
from .models import Building, Plot, PlotFollowUp, Tenancy
from .tables import BuildingTable, PlotFollowUpTable, TenancyTable


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
            "zones": services.zone_figures(plots, on, on.year),
            "revive": services.to_revive(plots, on).select_related("zone", "enterprise"),
            "occupancy": services.occupancy(buildings, on),
            "vacant": services.vacant_space(buildings, on),
            "speed": (standard, own),
        },
    )

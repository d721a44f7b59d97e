from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Q
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core import archive
from jijuqu.core.models import Archive
from jijuqu.core.numbers import round1, yi
from jijuqu.enterprises.models import Enterprise
from jijuqu.projects import analysis
from jijuqu.projects.choices import ProblemStatus
from jijuqu.projects.models import ApprovalItem, Problem, Project
from jijuqu.zones.models import Park, Zone


@login_required
def home(request):
    """The month at a glance, for whatever part of the province the user sees."""
    user = request.user
    zones = Zone.objects.restrict(user)
    enterprises = Enterprise.objects.restrict(user)
    figures = enterprises.aggregate(
        total=Count("pk"),
        above_scale=Count("pk", filter=Q(above_scale=True)),
        high_tech=Count("pk", filter=Q(high_tech=True)),
    )
    context = {
        "zone_count": zones.count(),
        "park_count": Park.objects.restrict(user).count(),
        "figures": figures,
        **project_overview(user),
    }
    return render(request, "home.html", context)


def project_overview(user) -> dict:
    projects = Project.objects.restrict(user)
    period = analysis.latest_period(projects)
    if period is None:
        return {}
    rows = list(analysis.with_figures(projects.select_related("zone__region__parent"), period))
    group = analysis.total(rows, period)
    by = "city" if len({analysis.city_of(p)[0] for p in rows}) > 1 else "zone"
    groups = analysis.aggregate(rows, period, by)[:20]
    # The four lagging counts in one query over the same annotated rows.
    counts = analysis.with_figures(projects, period).aggregate(
        **{kind: Count("pk", filter=analysis.lagging_q(period, kind)) for kind in analysis.LAGGING_KINDS}
    )
    lagging = {label: counts[kind] for kind, label in analysis.LAGGING_KINDS.items()}
    today = timezone.localdate()
    chart = {
        "names": [g.label for g in groups],
        "plan": [float(round1(g.plan / 10000)) for g in groups],  # chart axis only, in 亿元
        "ytd": [float(round1(g.ytd / 10000)) for g in groups],
        "rate": [float(round1(g.rate * 100)) if g.rate is not None else None for g in groups],
        "schedule": float(round1(analysis.schedule_ratio(period) * 100)),
    }
    return {
        "period": period,
        "project_summary": analysis.summary_sentence(group, period),
        "project_group": group,
        "project_ytd_yi": yi(group.ytd),
        "lagging": lagging,
        "open_problems": Problem.objects.restrict(user).filter(status=ProblemStatus.OPEN).count(),
        "overdue_problems": Problem.objects.restrict(user)
        .filter(status=ProblemStatus.OPEN, deadline__lt=today)
        .count(),
        "overdue_approvals": ApprovalItem.objects.restrict(user)
        .filter(completed_on__isnull=True, due_on__lt=today)
        .count(),
        "chart_json": json.dumps(chart, ensure_ascii=False),
        "chart_by": by,
    }


# -- recycle bin ----------------------------------------------------------------------------------


@login_required
def recycle_bin(request):
    """Archived (deleted) records within the user's scope, with restore and, for administrators, purge."""
    entries = archive.visible_entries(request.user)
    rows = [(e, archive.can_restore(request.user, e)) for e in entries]
    return render(
        request, "core/recycle_bin.html", {"rows": rows, "can_purge": archive.can_purge(request.user)}
    )


def _entry(request, pk):
    entry = get_object_or_404(Archive.objects.select_related("content_type", "user"), pk=pk)
    if entry not in archive.visible_entries(request.user):
        raise Http404
    return entry


@login_required
@require_POST
def recycle_restore(request, pk):
    entry = _entry(request, pk)
    if not archive.can_restore(request.user, entry):
        raise PermissionDenied
    try:
        count = archive.restore(entry)
    except IntegrityError:
        messages.error(
            request, _("%(object)s conflicts with a record made since; not restored.") % {"object": entry}
        )
        return redirect("recycle_bin")
    messages.success(
        request, _("Restored %(object)s (%(count)s records).") % {"object": entry, "count": count}
    )
    root = archive.root_of(entry)
    return redirect(root.get_absolute_url() if root is not None else "recycle_bin")


@login_required
def recycle_purge(request, pk):
    """An administrator's real delete, after a page listing everything that goes with the record."""
    entry = _entry(request, pk)
    if not archive.can_purge(request.user):
        raise PermissionDenied
    root = archive.root_of(entry)
    if request.method == "POST":
        try:
            archive.purge(entry)
        except ProtectedError:
            messages.error(
                request,
                _("%(object)s is still referred to by other records and was not deleted.")
                % {"object": entry},
            )
        else:
            messages.success(request, _("Deleted %(object)s for good.") % {"object": entry})
        return redirect("recycle_bin")
    groups = archive.what_goes_with(root, unarchived_only=False) if root is not None else []
    return render(request, "core/recycle_purge.html", {"entry": entry, "groups": groups})

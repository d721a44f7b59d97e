from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from jijuqu.core.numbers import round1, yi
from jijuqu.core.scope import is_government
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
        "can_report": is_government(user),
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

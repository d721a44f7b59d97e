"""What the home page shows a user: the month's figures of their part of the province, or, for a
department or an enterprise, their own open work (待办). Every count links to the list it counts."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from jijuqu.core import computed
from jijuqu.core.choices import Role
from jijuqu.core.numbers import round1, yi
from jijuqu.core.scope import is_government
from jijuqu.enterprises.models import Enterprise
from jijuqu.projects import analysis
from jijuqu.projects.choices import ProblemStatus
from jijuqu.projects.models import ApprovalItem, Problem, Project
from jijuqu.service.home import enterprise_home
from jijuqu.zones.models import Park, Zone

# Roles whose home is their own to-do list rather than the figures of a region.
TODO_ROLES = (Role.DEPARTMENT, Role.ENTERPRISE)


def link(url_name: str, **query) -> str:
    return reverse(url_name) + ("?" + urlencode(query) if query else "")


def home_context(user) -> dict:
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
        # The 月通报 is for government users (reports.views asks the same).
        "can_report": is_government(user),
        **work_counts(user),
    }
    if user.role in TODO_ROLES:
        context["todo"] = todo(user)
        context["service"] = enterprise_home(user)
    else:
        context.update(project_overview(user))
    return context


def work_counts(user) -> dict:
    """Open and overdue problems and approval items in the user's scope, with the lists they open."""
    today = timezone.localdate()
    problems = Problem.objects.restrict(user).filter(status=ProblemStatus.OPEN)
    approvals = ApprovalItem.objects.restrict(user).filter(completed_on__isnull=True)
    # Two aggregates (a province's each joined its 100,000 projects: four counts were 150 ms on
    # PostgreSQL), kept for the data's state and the day.
    key = computed.key_of("work", computed.query_text(problems), computed.query_text(approvals), today)
    counts = computed.remember(key, lambda: work_figures(problems, approvals, today))
    return {
        "open_problems": counts["open_problems"],
        "overdue_problems": counts["overdue_problems"],
        "open_problems_url": link("projects:problem_list", status=ProblemStatus.OPEN),
        "overdue_problems_url": link("projects:problem_list", overdue="true"),
        "open_approvals": counts["open_approvals"],
        "overdue_approvals": counts["overdue_approvals"],
        "open_approvals_url": link("projects:approvalitem_list", done="false"),
        "overdue_approvals_url": link("projects:approvalitem_list", overdue="true"),
    }


def work_figures(problems, approvals, today) -> dict:
    """The open and overdue problems and approval items among these: one query each."""
    return {
        **problems.aggregate(
            open_problems=Count("pk"), overdue_problems=Count("pk", filter=Q(deadline__lt=today))
        ),
        **approvals.aggregate(
            open_approvals=Count("pk"), overdue_approvals=Count("pk", filter=Q(due_on__lt=today))
        ),
    }


def todo(user, limit: int = 10) -> dict:
    """A department's or an enterprise's own open problems and approval items, soonest due first."""
    problems = (
        Problem.objects.restrict(user)
        .filter(status=ProblemStatus.OPEN)
        .select_related("project", "department")
        .order_by("deadline", "pk")
    )
    approvals = (
        ApprovalItem.objects.restrict(user)
        .filter(completed_on__isnull=True)
        .select_related("project", "item_type", "department")
        .order_by("due_on", "pk")
    )
    return {
        "problems": list(problems[:limit]),
        "approvals": list(approvals[:limit]),
        "today": timezone.localdate(),
    }


def home_figures(projects, period):
    # By city where the projects lie in more than one, else by zone: both from one grouped query.
    group, breakdowns = analysis.breakdowns(projects, period, ("city", "zone"))
    by = "city" if len(breakdowns["city"]) > 1 else "zone"
    groups = breakdowns[by][:20]
    # The four lagging counts in one query over the same annotated rows.
    counts = analysis.with_figures(projects, period).aggregate(
        **{kind: Count("pk", filter=analysis.lagging_q(period, kind)) for kind in analysis.LAGGING_KINDS}
    )
    return group, by, groups, counts


def project_overview(user) -> dict:
    projects = Project.objects.restrict(user)
    if not projects.exists():
        return {}
    period = analysis.default_period(projects)
    # Figures from aggregates the database computes (the home of a province reads no project), once for
    # each state of the data.
    key = computed.key_of("home", computed.query_text(projects), period)
    group, by, groups, counts = computed.remember(key, lambda: home_figures(projects, period))
    lagging = [
        (label, counts[kind], link("projects:project_list", period=str(period), lagging=kind))
        for kind, label in analysis.LAGGING_KINDS.items()
    ]
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
        "milestones": analysis.milestones_sentence(group),
        "project_group": group,
        "project_ytd_yi": yi(group.ytd),
        "ledger_url": link("projects:project_list", period=str(period)),
        "lagging": lagging,
        "chart_json": json.dumps(chart, ensure_ascii=False),
        "chart_by": by,
    }

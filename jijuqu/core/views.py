from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core.numbers import round1, yi
from jijuqu.enterprises.models import Enterprise
from jijuqu.projects import analysis
from jijuqu.projects.choices import ProblemStatus
from jijuqu.projects.models import ApprovalItem, Problem, Project
from jijuqu.zones.models import Park, Zone

from .forms import TokenForm
from .tokens import create_token, revoke, tokens_of


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


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked user name and address (settings.AXES_LOCKOUT_CALLABLE)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
    }
    return render(request, "registration/locked.html", context, status=429)


class PasswordChange(PasswordChangeView):
    """Django's password change in the site's layout; afterwards the user's API tokens are revoked
    (core.tokens, on the password's save) and the user is told so."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Your password was changed. Your API tokens were revoked: create new ones where systems need them."
            ),
        )
        return response


@login_required
def token_list(request):
    """The user's own API tokens: create one (shown once, on this answer only), list, revoke."""
    new_token = None
    form = TokenForm(initial={"days": settings.JIJUQU_TOKEN_DAYS})
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            new_token = create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
            form = TokenForm(initial={"days": settings.JIJUQU_TOKEN_DAYS})
    context = {"tokens": tokens_of(request.user), "form": form, "new_token": new_token, "now": timezone.now()}
    response = render(request, "registration/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a token in clear
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    if revoke(request.user, pk):
        messages.success(request, _("The token was revoked; systems using it can no longer call the API."))
    else:
        messages.error(request, _("No such token of yours."))
    return redirect("token_list")

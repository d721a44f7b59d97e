"""The enterprise user's side of the service: shown on their home page and on their service page."""

from __future__ import annotations

from jijuqu.core.choices import Role
from jijuqu.core.scope import VIEW, UserScope
from jijuqu.enterprises.models import EnterpriseYear
from jijuqu.projects.models import Project

from .models import Assignment, ServiceRequest, Visit
from .tables import clock_text


def enterprise_home(user) -> dict | None:
    """What an enterprise user's home shows of its service: its requests on the clock, its official
    and visits, its key projects and the yearly figures it reports."""
    us = UserScope.of(user)
    if us.role != Role.ENTERPRISE or not us.enterprise_id:
        return None
    requests = ServiceRequest.objects.restrict(user, VIEW).select_related("department")
    return {
        "requests": [(r, clock_text(r)) for r in requests[:50]],
        "assignments": Assignment.objects.restrict(user, VIEW)
        .filter(ended_on__isnull=True)
        .select_related("official__department", "leader"),
        "visits": Visit.objects.restrict(user, VIEW).select_related("official")[:10],
        "projects": Project.objects.restrict(user, VIEW)[:20],
        "years": EnterpriseYear.objects.restrict(user, VIEW).order_by("-year")[:3],
    }

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jijuqu.core.filtersets import BaseFilterSet
from jijuqu.projects.choices import EscalationLevel
from jijuqu.zones.models import Department, Official, Zone

from .choices import RequestCategory, RequestKind, RequestStatus
from .models import Assignment, MonitoringPoint, ServiceRequest, Supervisor, Visit


class AssignmentFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "official__name", "leader__name")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="enterprise__zone", label=_("zone")
    )
    official = django_filters.ModelChoiceFilter(queryset=Official.objects.all(), label=_("assigned official"))
    current = django_filters.BooleanFilter(
        field_name="ended_on", lookup_expr="isnull", label=_("current assignments")
    )

    class Meta:
        model = Assignment
        fields = ["q", "zone", "official", "current"]


class VisitFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "official__name", "findings")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="enterprise__zone", label=_("zone")
    )
    official = django_filters.ModelChoiceFilter(queryset=Official.objects.all(), label=_("official"))

    class Meta:
        model = Visit
        fields = ["q", "zone", "official"]


class ServiceRequestFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "enterprise__name", "answer")
    zone = django_filters.ModelChoiceFilter(
        queryset=Zone.objects.all(), field_name="enterprise__zone", label=_("zone")
    )
    category = django_filters.ChoiceFilter(choices=RequestCategory.choices, label=_("category"))
    kind = django_filters.ChoiceFilter(choices=RequestKind.choices, label=_("request kind"))
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("status"))
    level = django_filters.ChoiceFilter(choices=EscalationLevel.choices, label=_("escalation level"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("responsible department")
    )

    class Meta:
        model = ServiceRequest
        fields = ["q", "zone", "category", "kind", "status", "level", "department"]


class MonitoringPointFilterSet(BaseFilterSet):
    search_fields = ("enterprise__name", "note")

    class Meta:
        model = MonitoringPoint
        fields = ["q"]


class SupervisorFilterSet(BaseFilterSet):
    search_fields = ("name", "affiliation")

    class Meta:
        model = Supervisor
        fields = ["q"]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import Role
from jijuqu.core.forms import Form, ScopedModelForm
from jijuqu.core.scope import UserScope
from jijuqu.zones.models import Department

from . import services
from .choices import Rating, RequestSource, StepKind
from .models import Assignment, MonitoringPoint, ServiceRequest, Supervisor, Visit


class AssignmentForm(ScopedModelForm):
    def save(self, commit=True):
        if self.instance.pk is None:
            # A new assignment ends the enterprise's current one (kept as history): one rule, services.
            data = self.cleaned_data
            return services.assign_official(
                data["enterprise"], data["official"], data.get("leader"), data["started_on"]
            )
        return super().save(commit)

    class Meta:
        model = Assignment
        fields = ["enterprise", "official", "leader", "started_on", "ended_on"]


class VisitForm(ScopedModelForm):
    class Meta:
        model = Visit
        fields = ["enterprise", "official", "date", "findings"]


class ServiceRequestForm(ScopedModelForm):
    """Raising a request: by the enterprise on its own page, or by the zone for it (a visit, a monitoring
    point, a supervisor). Once raised it moves only through its steps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        us = UserScope.of(self.user) if self.user else None
        if us is not None and us.role == Role.ENTERPRISE:
            # Its own company, the only one it may choose.
            self.initial["enterprise"] = self.initial.get("enterprise") or us.enterprise_id
            self.fields["source"].choices = [
                (v, label)
                for v, label in RequestSource.choices
                if v in (RequestSource.ENTERPRISE, RequestSource.MONITORING_POINT)
            ]
            del self.fields["supervisor"]

    def save(self, commit=True):
        if self.instance.pk is None:
            return services.raise_request(self.instance, self.user)
        return super().save(commit)

    class Meta:
        model = ServiceRequest
        fields = [
            "enterprise",
            "title",
            "description",
            "category",
            "kind",
            "source",
            "supervisor",
            "attachment",
        ]


class MonitoringPointForm(ScopedModelForm):
    class Meta:
        model = MonitoringPoint
        fields = ["enterprise", "designated_on", "note"]


class SupervisorForm(ScopedModelForm):
    class Meta:
        model = Supervisor
        fields = ["name", "region", "affiliation", "phone"]


class StepForm(Form):
    step = forms.ChoiceField(label=_("step"), choices=StepKind.choices)
    department = forms.ModelChoiceField(
        label=_("responsible department"), queryset=Department.objects.all(), required=False
    )
    text = forms.CharField(label=_("text"), required=False, max_length=4000, widget=forms.Textarea)
    rating = forms.ChoiceField(label=_("rating"), choices=[("", "—"), *Rating.choices], required=False)

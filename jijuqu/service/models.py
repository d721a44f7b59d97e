"""万人助万企: officials assigned to enterprises (包联), their visits, and enterprise requests on the
13710 clock. Rules are in clock.py (deadlines, levels) and services.py (the steps of a request)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import Role
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import NOTHING, READ_ONLY, VIEW, Scope, default_scope_q
from jijuqu.projects.choices import EscalationLevel

from .choices import Rating, RequestCategory, RequestKind, RequestSource, RequestStatus, StepKind


def assigned_to_official(us) -> Q:
    """Enterprises assigned now to the official who is this (department) user."""
    return Q(assignments__official__user=us.user_id, assignments__ended_on__isnull=True)


class Assignment(BusinessModel):
    """包联: an official assigned to an enterprise, with their leader, from a day until another day.

    Reassigning ends the current assignment (ended_on) and starts a new one: the history is kept as
    rows, not overwritten (services.assign_official)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    official = models.ForeignKey(
        "zones.Official",
        verbose_name=_("assigned official"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    leader = models.ForeignKey(
        "zones.Official",
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_assignments",
    )
    started_on = models.DateField(_("assigned on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    # The zone (and the levels above) assign officials; the official's department reads who its
    # officials serve; the enterprise reads its own official.
    scope = Scope(
        region="enterprise__zone__region",
        zone="enterprise__zone",
        department="official__department",
        enterprise="enterprise",
        department_actions=READ_ONLY,
        enterprise_actions=READ_ONLY,
    )

    class Meta:
        ordering = ["enterprise__name", "-started_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.official}"

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end is before the start of the assignment.")})


class Visit(BusinessModel):
    """走访: an official's dated visit to an enterprise and what was found."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    official = models.ForeignKey(
        "zones.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("visit date"))
    findings = models.TextField(_("findings"))

    scope = Scope(
        region="enterprise__zone__region",
        zone="enterprise__zone",
        department="official__department",
        enterprise="enterprise",
        enterprise_actions=READ_ONLY,
    )

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.date}"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("The visit date is in the future.")})


class MonitoringPoint(BusinessModel):
    """营商环境监测点: an enterprise designated to report how the service works."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="monitoring_point",
    )
    designated_on = models.DateField(_("designated on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(region="enterprise__zone__region", zone="enterprise__zone", enterprise_actions=READ_ONLY)

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")

    def __str__(self) -> str:
        return str(self.enterprise)


class Supervisor(BusinessModel):
    """特邀监督员: a named person invited to watch the service of a region."""

    name = models.CharField(_("name"), max_length=50)
    region = models.ForeignKey(
        "zones.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="supervisors"
    )
    affiliation = models.CharField(_("affiliation"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    scope = Scope(region="region", deciding=("region",))

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("invited supervisor")
        verbose_name_plural = _("invited supervisors")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, us, action):
        if us.role == Role.ZONE:
            # Zone staff read the supervisors of their county, city and province.
            return Q(region__code__in=us.region_chain) if action == VIEW else NOTHING
        return default_scope_q(us, cls.scope)


class ServiceRequest(BusinessModel):
    """企业诉求 on the 13710 clock: referred (转办) within 1 working day, first contact (首次响应) within
    3, closed within 7 (a major one within a month) — see clock.py. It moves only through its steps
    (services.py), each a row of its log (RequestStep)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    title = models.CharField(_("request"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=RequestCategory.choices, default=RequestCategory.OTHER
    )
    kind = models.CharField(
        _("request kind"), max_length=12, choices=RequestKind.choices, default=RequestKind.ORDINARY
    )
    source = models.CharField(
        _("raised by"), max_length=12, choices=RequestSource.choices, default=RequestSource.ENTERPRISE
    )
    supervisor = models.ForeignKey(
        Supervisor,
        verbose_name=_("invited supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
    )
    attachment = models.FileField(_("attachment"), upload_to="requests/%Y/%m/", blank=True)
    # The clock and the state: written only by the steps (services.py); editable so history shows them.
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RAISED
    )
    level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel.choices, default=EscalationLevel.DEPARTMENT
    )
    assign_due = models.DateField(_("refer by"), null=True, blank=True)
    respond_due = models.DateField(_("first response by"), null=True, blank=True)
    close_due = models.DateField(_("close by"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    # The zone (and above) refers requests and follows them; the responsible department works the ones
    # referred to it (through the steps); the enterprise raises its own and rates the answers.
    scope = Scope(
        region="enterprise__zone__region",
        zone="enterprise__zone",
        department="department",
        enterprise="enterprise",
        zone_actions=frozenset({"view", "add", "change"}),
        department_actions=READ_ONLY,
        enterprise_actions=frozenset({"view", "add"}),
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("enterprise request")
        verbose_name_plural = _("enterprise requests")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, us, action):
        q = default_scope_q(us, cls.scope)
        if us.role == Role.DEPARTMENT and action == VIEW and us.user_id:
            # An official also reads the requests of the enterprises assigned to them.
            from jijuqu.enterprises.models import Enterprise

            mine = Enterprise.objects.filter(assigned_to_official(us)).values("pk")
            q |= Q(enterprise__in=mine)
        return q

    @property
    def zone(self):
        return self.enterprise.zone

    def clean(self):
        super().clean()
        if self.source == RequestSource.SUPERVISOR and not self.supervisor_id:
            raise ValidationError({"supervisor": _("Name the supervisor who filed this observation.")})

    def save(self, *args, **kwargs):
        from . import clock

        # The step deadlines are derived from the moment it was raised, its kind and the calendar.
        clock.set_deadlines(self)
        super().save(*args, **kwargs)


class RequestStep(BusinessModel):
    """One step of a request — who did what, when, and what they wrote. Append-only."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("enterprise request"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=10, choices=StepKind.choices)
    at = models.DateTimeField(_("time"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    # For an escalation: the level reached.
    level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel.choices, null=True, blank=True
    )

    scope = Scope(via="request")

    class Meta:
        ordering = ["request", "at", "pk"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "level"], condition=Q(kind="escalate"), name="request_escalation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A request step is never changed; record a further step.")
        super().save(*args, **kwargs)

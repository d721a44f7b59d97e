"""招商引资: teams, leads and their contacts, events, contracts and the funds that arrive on them.

A lead is confidential: its team sees it, the zone sees its zone's (when no team of the zone's staff
holds it), supervisors their area (see `team_scope_q`). A contract that starts becomes a key project:
`Contract.project` is the link, the project is the same company's one record from then on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import REGION_ROLES, Role
from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import READ_ONLY, VIEW, Scope, default_scope_q
from jijuqu.enterprises.credit_code import normalize, validate_credit_code

from .choices import ContactKind, LeadSource, Stage, TeamKind


def member_teams(us):
    """The teams whose members include the user's official record (a subquery)."""
    return Team.all_objects.filter(members__user_id=us.user_id).values("pk")


def is_team_member(us) -> bool:
    return us.user_id is not None and Team.all_objects.filter(members__user_id=us.user_id).exists()


class Team(BusinessModel):
    """招商团: a town, industry, park or special team of officials, hosted by a region (and a zone)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("team kind"), max_length=12, choices=TeamKind.choices, default=TeamKind.TOWN)
    region = models.ForeignKey(
        "zones.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="teams"
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text=_("For a park team: the zone it works for."),
    )
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    members = models.ManyToManyField(
        "zones.Official", verbose_name=_("members"), blank=True, related_name="teams"
    )

    scope = Scope(
        region="region",
        zone="zone",
        department="department",
        department_actions=READ_ONLY,
        deciding=("region", "zone", "department"),
    )

    class Meta:
        ordering = ["region__code", "kind", "name"]
        verbose_name = _("investment team")
        verbose_name_plural = _("investment teams")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="team_unique_name_in_region",
                violation_error_message=_("This region already has a team of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.zone_id and self.region_id and not self.zone.region.code.startswith(self.region.prefix):
            raise ValidationError({"zone": _("The zone is not in the team's region.")})

    @classmethod
    def scope_q(cls, us, action):
        q = default_scope_q(us, cls.scope)
        if action == VIEW and us.role in (Role.ZONE, Role.DEPARTMENT):
            q |= Q(pk__in=member_teams(us))
        return q


class TeamTarget(BusinessModel):
    """A team's targets for one year: 签约项目数, 合同金额, 到位资金, 开工项目数."""

    team = models.ForeignKey(
        Team, verbose_name=_("investment team"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    signed = models.PositiveIntegerField(_("contracts to sign"), default=0)
    contract_amount = MoneyField(_("contract amount (10k yuan)"))
    funds_arrived = MoneyField(_("funds arrived (10k yuan)"))
    started = models.PositiveIntegerField(_("projects to start"), default=0)

    scope = Scope(via="team")

    class Meta:
        ordering = ["team", "-year"]
        verbose_name = _("team target")
        verbose_name_plural = _("team targets")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"],
                name="team_target_unique_year",
                violation_error_message=_("This team already has targets for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year}"


class Event(BusinessModel):
    """招商活动: a 专题招商会 or another event; the contracts signed there point at it."""

    name = models.CharField(_("theme"), max_length=200)
    series = models.CharField(
        _("series"), max_length=100, blank=True, help_text=_("Events of one series are counted together.")
    )
    chain = models.CharField(_("industrial chain"), max_length=100, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    region = models.ForeignKey(
        "zones.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="attraction_events"
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attraction_events",
    )

    scope = Scope(
        region="region",
        zone="zone",
        reference=frozenset({Role.DEPARTMENT}),
        deciding=("region", "zone"),
    )

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("investment event")
        verbose_name_plural = _("investment events")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    def clean(self):
        super().clean()
        if self.zone_id and self.region_id and not self.zone.region.code.startswith(self.region.prefix):
            raise ValidationError({"zone": _("The zone is not in the event's region.")})

    @classmethod
    def scope_q(cls, us, action):
        q = default_scope_q(us, cls.scope)
        if action == VIEW and us.role == Role.ZONE:
            # Zone staff also read the events their county or city holds.
            q |= Q(zone__isnull=True, region__code__in=us.region_chain)
        return q


class Lead(BusinessModel):
    """招商线索 / 在谈项目: a company courted by one team, from first lead to production."""

    company_name = models.CharField(_("company"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    # The company's name reduced for comparison (see services.company_key): collisions are found by it.
    company_key = models.CharField(max_length=200, editable=False, db_index=True)
    headquarters = models.CharField(_("headquarters"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    industry = models.ForeignKey(
        "zones.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    chain_segment = models.CharField(_("chain segment"), max_length=100, blank=True)
    project_name = models.CharField(_("project"), max_length=200, blank=True)
    intended_investment = MoneyField(_("intended investment (10k yuan)"))
    source = models.CharField(
        _("source"), max_length=12, choices=LeadSource.choices, default=LeadSource.OTHER
    )
    team = models.ForeignKey(
        Team, verbose_name=_("investment team"), on_delete=models.PROTECT, related_name="leads"
    )
    holder = models.ForeignKey(
        "zones.Official",
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    region = models.ForeignKey(
        "zones.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="leads",
        editable=False,
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("intended zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD, editable=False
    )
    abandon_reason = models.CharField(_("reason for abandoning"), max_length=300, blank=True, editable=False)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)

    # No scope-deciding field: a lead moved to a team outside the user's scope is refused on save.
    scope = Scope(region="region", zone="zone", department="team__department")

    class Meta:
        ordering = ["-recorded_on", "company_name"]
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")

    def __str__(self) -> str:
        return self.company_name

    def clean(self):
        super().clean()
        if self.zone_id and self.team_id and not self.zone.region.code.startswith(self.team.region.prefix):
            raise ValidationError({"zone": _("The zone is not in the team's region.")})
        if self.holder_id and self.team_id and not self.team.members.filter(pk=self.holder_id).exists():
            raise ValidationError({"holder": _("The person in charge is not a member of the team.")})

    def save(self, *args, **kwargs):
        from .services import company_key

        self.company_key = company_key(self.company_name)
        self.credit_code = normalize(self.credit_code)
        if self.team_id:
            self.region_id = self.team.region_id
            # A park team's lead lands in the team's zone unless another zone is named.
            if self.zone_id is None and self.team.zone_id:
                self.zone_id = self.team.zone_id
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, us, action):
        # Confidential: a team member sees their team's leads only; zone staff who hold no team see their
        # zone's; department staff the leads of the teams their department hosts; supervisors their area.
        if us.role in REGION_ROLES:
            return default_scope_q(us, cls.scope)
        if us.role in (Role.ZONE, Role.DEPARTMENT) and is_team_member(us):
            return Q(team_id__in=member_teams(us))
        return default_scope_q(us, cls.scope)


class Contact(BusinessModel):
    """One dated contact with a lead's company: a visit, a call, an online meeting, a site visit."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("investment lead"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("contact kind"), max_length=12, choices=ContactKind.choices, default=ContactKind.VISIT
    )
    note = models.TextField(_("note"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    scope = Scope(via="lead")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.lead} {self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("The date %(date)s is in the future.") % {"date": self.date}})


class Contract(BusinessModel):
    """签约项目: a signed investment contract, followed until the money arrives and the plant produces."""

    name = models.CharField(_("project name"), max_length=200)
    investor_name = models.CharField(_("investor"), max_length=200)
    investor_credit_code = models.CharField(
        _("investor's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    investor = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("investor enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        editable=False,
    )
    amount = MoneyField(_("contract amount (10k yuan)"), null=False, blank=False)
    signed_on = models.DateField(_("signed on"))
    agreed_start = models.DateField(_("agreed start"), null=True, blank=True)
    agreed_production = models.DateField(_("agreed production"), null=True, blank=True)
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="contracts"
    )
    industry = models.ForeignKey(
        "zones.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("investment event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    lead = models.OneToOneField(
        Lead,
        verbose_name=_("investment lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("investment team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    site_secured_on = models.DateField(_("land or site secured on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    producing_on = models.DateField(_("in production on"), null=True, blank=True)
    # The key project this contract became when it started: one identity, linked, never copied.
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("key project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
        editable=False,
    )

    scope = Scope(region="zone__region", zone="zone", department="team__department", deciding=("zone",))

    class Meta:
        ordering = ["-signed_on", "name"]
        verbose_name = _("signed contract")
        verbose_name_plural = _("signed contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="contract_unique_name_in_zone",
                violation_error_message=_("This zone already has a contract of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The date %(date)s is in the future.") % {"date": self.signed_on}
        if self.signed_on and self.agreed_start and self.agreed_start < self.signed_on:
            errors["agreed_start"] = _("The agreed start is before the signing date.")
        if self.agreed_start and self.agreed_production and self.agreed_production < self.agreed_start:
            errors["agreed_production"] = _("The agreed production is before the agreed start.")
        if self.producing_on and self.signed_on and self.producing_on < self.signed_on:
            errors["producing_on"] = _("Production is dated before the signing.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.investor_credit_code = normalize(self.investor_credit_code)
        super().save(*args, **kwargs)

    @classmethod
    def scope_q(cls, us, action):
        q = default_scope_q(us, cls.scope)
        if us.role in (Role.ZONE, Role.DEPARTMENT) and us.user_id is not None:
            q |= Q(team_id__in=member_teams(us))
        return q


class FundsArrival(BusinessModel):
    """到位资金 of one contract in one month: 省外 funds in 万元 and foreign funds in 万美元, kept apart."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("signed contract"), on_delete=models.CASCADE, related_name="arrivals"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    domestic = MoneyField(_("funds from outside the province (10k yuan)"), null=False, blank=True, default=0)
    foreign_usd = MoneyField(_("foreign funds (10k US$)"), null=False, blank=True, default=0)

    scope = Scope(via="contract")

    class Meta:
        ordering = ["contract", "year", "month"]
        verbose_name = _("funds arrived")
        verbose_name_plural = _("funds arrived")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "month"],
                name="funds_arrival_unique_month",
                violation_error_message=_("Funds for this contract and month are already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.year}-{self.month:02d}"

    def clean(self):
        super().clean()
        from jijuqu.core.periods import Period

        if self.year and self.month and 1 <= self.month <= 12 and Period(self.year, self.month).is_future():
            raise ValidationError(
                {
                    "month": _("The month %(year)s-%(month)s is in the future.")
                    % {"year": self.year, "month": self.month}
                }
            )
        if self.contract_id and self.year and self.month and self.contract.signed_on:
            signed = self.contract.signed_on
            if (self.year, self.month) < (signed.year, signed.month):
                raise ValidationError({"month": _("Funds cannot arrive before the contract was signed.")})

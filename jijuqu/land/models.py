"""Land (地块), standard factory buildings (标准化厂房) and their tenancies, and the scheme of the
亩均效益 evaluation of the enterprises on that land."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import REGION_ROLES, Role
from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import NOTHING, READ_ONLY, VIEW, Scope

from .choices import BuildingStatus, PlannedUse, PlotStatus

# 1 亩 = 10000/15 m²: conversions multiply or divide by these exact factors, never by 666.67.
M2_PER_MU = Decimal(10000) / Decimal(15)

# Land is the natural-resources bureau's business: departments read the plots and buildings of their
# region as reference data (they do not change them); enterprise users have no part in the register.
LAND_READERS = frozenset({Role.DEPARTMENT})


def mu_to_m2(mu: Decimal) -> Decimal:
    return (mu * 10000 / 15).quantize(Decimal("0.01"))


def m2_to_mu(m2: Decimal) -> Decimal:
    return m2 * 15 / 10000


class Plot(BusinessModel):
    """地块: a parcel of a zone's land, who uses it and since when, and the date building must start."""

    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="plots"
    )
    park = models.ForeignKey(
        "zones.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plots",
    )
    number = models.CharField(_("plot number"), max_length=50)
    area = models.DecimalField(
        _("area (mu)"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("In mu (亩); 1 mu is 10000/15 m²."),
    )
    planned_use = models.CharField(
        _("planned use"), max_length=12, choices=PlannedUse.choices, default=PlannedUse.INDUSTRIAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlotStatus.choices, default=PlotStatus.RESERVE
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plots",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("key project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plots",
    )
    supplied_on = models.DateField(_("supplied on"), null=True, blank=True)
    price = MoneyField(_("land price (10k yuan)"))
    start_by = models.DateField(
        _("construction to start by"),
        null=True,
        blank=True,
        help_text=_("The date the land contract sets for the start of construction."),
    )
    revived_on = models.DateField(_("revived on"), null=True, blank=True, editable=False)
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=10,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(region="zone__region", zone="zone", reference=LAND_READERS, deciding=("zone",))

    class Meta:
        ordering = ["zone__code", "number"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "number"],
                name="plot_unique_number_in_zone",
                violation_error_message=_("This zone already has a plot of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone.name} {self.number}" if self.zone_id else self.number

    @property
    def area_m2(self) -> Decimal:
        return mu_to_m2(self.area)

    def clean(self):
        super().clean()
        from .services import plot_errors

        if errors := plot_errors(self):
            raise ValidationError(errors)


class PlotFollowUp(BusinessModel):
    """盘活 log: one step taken on an idle or low-yield plot; the step that revives it dates the revival."""

    plot = models.ForeignKey(
        Plot, verbose_name=_("plot"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("date"))
    action = models.CharField(_("action taken"), max_length=300)
    revived = models.BooleanField(
        _("revived"), default=False, help_text=_("The plot is back in use (built, producing or resupplied).")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    scope = Scope(via="plot")

    class Meta:
        ordering = ["plot", "date", "pk"]
        verbose_name = _("revival step")
        verbose_name_plural = _("revival steps")

    def __str__(self) -> str:
        return f"{self.plot} {self.date} {self.action}"


class Building(BusinessModel):
    """标准化厂房: one building of a park's standard factory space."""

    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="buildings"
    )
    park = models.ForeignKey(
        "zones.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="buildings",
    )
    phase = models.CharField(_("phase"), max_length=30, blank=True, help_text=_("e.g. 一期"))
    name = models.CharField(_("building"), max_length=50, help_text=_("e.g. 3号楼"))
    floors = models.PositiveSmallIntegerField(_("floors"), validators=[MinValueValidator(1)])
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BuildingStatus.choices, default=BuildingStatus.VACANT
    )
    plot = models.ForeignKey(
        Plot,
        verbose_name=_("plot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buildings",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(region="zone__region", zone="zone", reference=LAND_READERS, deciding=("zone",))

    class Meta:
        ordering = ["zone__code", "park__name", "phase", "name"]
        verbose_name = _("standard factory building")
        verbose_name_plural = _("standard factory buildings")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "park", "phase", "name"],
                name="building_unique_name",
                violation_error_message=_("This park and phase already have a building of this name."),
            )
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.park.name if self.park_id else "", self.phase, self.name) if p)

    def clean(self):
        super().clean()
        errors = {}
        if self.park_id and self.zone_id and self.park.zone_id != self.zone_id:
            errors["park"] = _("The park does not belong to the zone.")
        if self.plot_id and self.zone_id and self.plot.zone_id != self.zone_id:
            errors["plot"] = _("The plot does not belong to the zone.")
        if errors:
            raise ValidationError(errors)


class Tenancy(BusinessModel):
    """A lease of (part of) a standard factory building by an enterprise."""

    building = models.ForeignKey(
        Building,
        verbose_name=_("standard factory building"),
        on_delete=models.CASCADE,
        related_name="tenancies",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="tenancies"
    )
    area = models.DecimalField(
        _("leased area (m²)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    start = models.DateField(_("lease start"))
    end = models.DateField(_("lease end"), null=True, blank=True)

    scope = Scope(via="building")

    class Meta:
        ordering = ["building", "start", "pk"]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")

    def __str__(self) -> str:
        return f"{self.building} · {self.enterprise}" if self.building_id and self.enterprise_id else ""

    def clean(self):
        super().clean()
        from .services import tenancy_errors

        if errors := tenancy_errors(self):
            raise ValidationError(errors)


class Scheme(BusinessModel):
    """亩均效益评价方案: what an evaluation of enterprises adds to its framework (指标体系 of the zone
    assessment, evaluating enterprises): the class shares, who is scored on what, the cap of the
    benchmark rule, the kinds left unclassed, and the policy each class gets."""

    framework = models.OneToOneField(
        "assessment.Framework",
        verbose_name=_("assessment framework"),
        on_delete=models.PROTECT,
        related_name="mu_scheme",
        limit_choices_to={"subject": "enterprise"},
        help_text=_("A framework evaluating enterprises: its indicators (by code), weights and method."),
    )
    share_a = models.DecimalField(
        _("class A up to (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=[MinValueValidator(0)],
    )
    share_b = models.DecimalField(
        _("class B up to (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(0)],
    )
    share_c = models.DecimalField(
        _("class C up to (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(95),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Cumulative shares by rank within the group; the rest is class D."),
    )
    size_threshold = MoneyField(
        _("size threshold (revenue, 10k yuan)"),
        null=False,
        blank=False,
        default=Decimal(2000),
        help_text=_("Enterprises with at least this revenue are scored on every indicator."),
    )
    small_min_area = models.DecimalField(
        _("smaller enterprises from (mu)"),
        max_digits=10,
        decimal_places=4,
        default=Decimal(5),
        validators=[MinValueValidator(0)],
        help_text=_("Smaller enterprises on at least this much land are scored on tax per mu alone."),
    )
    cap = models.DecimalField(
        _("cap (multiple of the weight)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "For the ratio-to-benchmark rule: an indicator earns at most this multiple of its weight."
        ),
    )
    unclassed_kinds = models.CharField(
        _("kinds not classed"),
        max_length=100,
        blank=True,
        help_text=_("Evaluated but not classed (不定等级, managed as class B)."),
    )
    policy_a = models.TextField(_("policy for class A"), blank=True)
    policy_b = models.TextField(_("policy for class B"), blank=True)
    policy_c = models.TextField(_("policy for class C"), blank=True)
    policy_d = models.TextField(_("policy for class D"), blank=True)

    scope = Scope(
        region="framework__region",
        zone_actions=READ_ONLY,
        reference=frozenset({Role.DEPARTMENT, Role.ENTERPRISE}),
    )

    class Meta:
        ordering = ["-framework__year", "framework__name"]
        verbose_name = _("per-mu evaluation scheme")
        verbose_name_plural = _("per-mu evaluation schemes")

    def __str__(self) -> str:
        return str(self.framework) if self.framework_id else ""

    @staticmethod
    def scope_q(us, action: str) -> Q:
        """Read by everyone in the region it evaluates (and the regions below, whose enterprises it
        classes); changed by the analysts of that region or above, as its framework."""
        below = Q(framework__region__code__startswith=us.region_prefix) if us.region_prefix else NOTHING
        chain = Q(framework__region__code__in=us.region_chain)
        if us.role in REGION_ROLES:
            return below | chain if action == VIEW else below
        return chain if action == VIEW else NOTHING

    def kinds(self) -> list[str]:
        return [k.strip() for k in self.unclassed_kinds.split(",") if k.strip()]

    def policy(self, klass: str) -> str:
        return getattr(self, f"policy_{klass.lower()}", "") if klass else ""

    def clean(self):
        super().clean()
        if self.framework_id and self.framework.subject != "enterprise":
            raise ValidationError({"framework": _("Choose a framework that evaluates enterprises.")})
        if not (self.share_a < self.share_b < self.share_c <= 100):
            raise ValidationError(
                {"share_b": _("The class shares must rise: A below B below C, C at most 100.")}
            )

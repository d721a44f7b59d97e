from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import REGION_ROLES, Role
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import NOTHING, READ_ONLY, VIEW, Scope

from .choices import Aggregation, Direction, MissingPolicy, Normalisation, StarLevel, Subject, Weighting

# Department staff read the assessment of their region (frameworks, values, results) as reference;
# enterprise users have no part in it.
DEPARTMENT_READS = frozenset({Role.DEPARTMENT})

PERIOD_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")


def validate_period(value: str) -> None:
    if not PERIOD_RE.match(value or ""):
        raise ValidationError(
            _("Write the period as a year (2024), a quarter (2024-Q3) or a month (2024-10)."),
            code="period",
        )


def is_period(value: str | None) -> bool:
    return bool(PERIOD_RE.match(value or ""))


def period_field():
    return models.CharField(
        _("period"),
        max_length=7,
        validators=[validate_period],
        help_text=_("A year (2024), a quarter (2024-Q3) or a month (2024-10)."),
    )


class Framework(BusinessModel):
    """指标体系: one year's rules for ranking the zones of a region (groups, indicators, weights, method)."""

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    region = models.ForeignKey(
        "zones.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="frameworks",
        help_text=_("The zones of this region are ranked."),
    )
    subject = models.CharField(
        _("evaluated subject"),
        max_length=12,
        choices=Subject.choices,
        default=Subject.ZONE,
        help_text=_("Zones (zone assessment) or the enterprises of the region (亩均效益 evaluation)."),
    )
    zone_kinds = models.CharField(
        _("zone kinds"),
        max_length=100,
        blank=True,
        help_text=_("Only zones of these kinds, separated by commas (e.g. cluster); empty: all zones."),
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=12, choices=Normalisation.choices, default=Normalisation.MINMAX
    )
    weighting = models.CharField(
        _("weighting"), max_length=12, choices=Weighting.choices, default=Weighting.FIXED
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=12, choices=Aggregation.choices, default=Aggregation.ARITHMETIC
    )
    missing = models.CharField(
        _("missing data"), max_length=12, choices=MissingPolicy.choices, default=MissingPolicy.EXCLUDE
    )
    pairwise = models.JSONField(
        _("AHP pairwise matrix"),
        null=True,
        blank=True,
        help_text=_(
            "For AHP weighting: a square matrix over the indicators in order, e.g. [[1, 3], [0.3333, 1]]."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    scope = Scope(region="region", zone_actions=READ_ONLY, reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "year"],
                name="framework_unique_name_year",
                violation_error_message=_("This region already has a framework of this name for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"

    @staticmethod
    def scope_q(us, action: str) -> Q:
        """A framework is read by everyone in the region it ranks (and the regions below); it is
        changed by the analysts of that region or above."""
        below = Q(region__code__startswith=us.region_prefix) if us.region_prefix else NOTHING
        if us.role in REGION_ROLES:
            return below | Q(region__code__in=us.region_chain) if action == VIEW else below
        return Q(region__code__in=us.region_chain) if action == VIEW else NOTHING

    def clean(self):
        super().clean()
        if self.pairwise is not None:
            matrix = self.pairwise
            if not (
                isinstance(matrix, list)
                and matrix
                and all(isinstance(row, list) and len(row) == len(matrix) for row in matrix)
                and all(isinstance(v, int | float) and v > 0 for row in matrix for v in row)
            ):
                raise ValidationError({"pairwise": _("The matrix must be square with positive numbers.")})

    def kinds(self) -> list[str]:
        return [k.strip() for k in self.zone_kinds.split(",") if k.strip()]

    def get_zone_kinds_display(self) -> str:
        from jijuqu.zones.choices import ZoneKind

        labels = dict(ZoneKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.kinds()) or _("All zones")


class IndicatorGroup(BusinessModel):
    """一级指标 (e.g. 经济总量, 质量效益)."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(via="framework", zone_actions=READ_ONLY, reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["framework", "order", "pk"]
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "name"],
                name="indicator_group_unique_name",
                violation_error_message=_("This framework already has a group of this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} · {self.name}"


class Indicator(BusinessModel):
    """二级指标: what is measured, its unit and direction, and its weight in the composite."""

    group = models.ForeignKey(
        IndicatorGroup, verbose_name=_("indicator group"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.SmallIntegerField(_("direction"), choices=Direction.choices, default=Direction.HIGHER)
    weight = models.DecimalField(
        _("weight"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("Points or share in the composite; weights are rescaled to sum to one."),
    )
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    low = models.DecimalField(_("lower goalpost"), max_digits=18, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("upper goalpost"), max_digits=18, decimal_places=4, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope = Scope(via="group", zone_actions=READ_ONLY, reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["group__framework", "group__order", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"],
                name="indicator_unique_code",
                violation_error_message=_("This group already has an indicator with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.low is not None and self.high is not None and self.high <= self.low:
            raise ValidationError({"high": _("The upper goalpost must be above the lower one.")})


class IndicatorValue(BusinessModel):
    """One zone's value of one indicator for one period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.CASCADE, related_name="indicator_values"
    )
    period = period_field()
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope = Scope(region="zone__region", zone="zone", reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["indicator", "period", "zone__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "zone", "period"],
                name="indicator_value_unique",
                violation_error_message=_("This zone already has a value of this indicator for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.indicator} {self.period}"


class Adjustment(BusinessModel):
    """加分、扣分或一票否决 for one zone and period."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="adjustments"
    )
    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For an evaluation of enterprises: the enterprise (of the zone) the item is for."),
    )
    period = period_field()
    points = models.DecimalField(
        _("points"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Bonus positive, deduction negative."),
    )
    veto = models.BooleanField(_("one-vote veto"), default=False)
    reason = models.CharField(_("reason"), max_length=200)

    scope = Scope(region="zone__region", zone="zone", zone_actions=READ_ONLY, reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["framework", "period", "zone__code"]
        verbose_name = _("bonus, deduction or veto")
        verbose_name_plural = _("bonuses, deductions and vetoes")

    def __str__(self) -> str:
        return f"{self.enterprise or self.zone} {self.period} {self.reason}"

    def clean(self):
        super().clean()
        if self.enterprise_id and self.zone_id and self.enterprise.zone_id != self.zone_id:
            raise ValidationError({"enterprise": _("The enterprise is not registered in this zone.")})
        if self.framework_id:
            by_enterprise = self.framework.subject == Subject.ENTERPRISE
            if by_enterprise and not self.enterprise_id:
                raise ValidationError({"enterprise": _("This framework evaluates enterprises: name one.")})
            if not by_enterprise and self.enterprise_id:
                raise ValidationError(
                    {"enterprise": _("This framework ranks zones: leave the enterprise empty.")}
                )


class StarRule(BusinessModel):
    """星级评定: a zone reaches `stars` when it meets every rule of that level (e.g. 五星级:
    主营业务收入 ≥ 1000亿元 and 亩均税收 ≥ 30万元)."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="star_rules"
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), choices=StarLevel.choices, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="star_rules"
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=18,
        decimal_places=4,
        help_text=_("At least this value (at most, for lower-is-better indicators)."),
    )

    scope = Scope(via="framework", zone_actions=READ_ONLY, reference=DEPARTMENT_READS)

    class Meta:
        ordering = ["framework", "-stars", "indicator"]
        verbose_name = _("star rule")
        verbose_name_plural = _("star rules")

    def __str__(self) -> str:
        return f"{self.get_stars_display()} {self.indicator}"

    def clean(self):
        super().clean()
        if self.indicator_id and self.framework_id and self.indicator.group.framework_id != self.framework_id:
            raise ValidationError({"indicator": _("The indicator belongs to another framework.")})

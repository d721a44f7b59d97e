"""产业链 under 链长制: a chain of a region or zone, its segments (上游/中游/下游 → 环节 → product or
technology), the local enterprises and key projects on each segment, its technologies and application
fields (for the 四张图谱), the companies elsewhere it courts (招商目标企业) and the 四个拜访.

A chain belongs to a region (a county, city or province) and, optionally, one zone of it: it is read and
written by that scope like every other record (core/scope.py). Everything else hangs on the chain.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import Scope
from jijuqu.enterprises.credit_code import normalize, validate_credit_code

from .choices import CompanySize, SegmentKind, Stage, VisitKind, VisitOutcome

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Chain(BusinessModel):
    """产业链: a leading industry's chain as a region or a zone lays it out, with its 链长 and 链主企业."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "zones.Region",
        verbose_name=_("region"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains",
        help_text=_("Left empty, the zone's region."),
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains",
        help_text=_("For a zone's own chain; empty for a chain of the whole region."),
    )
    industry = models.ForeignKey(
        "zones.Industry",
        verbose_name=_("leading industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains",
    )
    chief = models.ForeignKey(
        "zones.Official",
        verbose_name=_("chain chief"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains_led",
    )
    deputy = models.ForeignKey(
        "zones.Official",
        verbose_name=_("deputy chain chief"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains_deputised",
    )
    leading_enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name=_("leading enterprises"), blank=True, related_name="chains_led"
    )
    note = models.TextField(_("note"), blank=True)

    scope = Scope(region="region", zone="zone", deciding=("region", "zone"))

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("industrial chain")
        verbose_name_plural = _("industrial chains")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                condition=Q(zone__isnull=False),
                name="chain_unique_name_in_zone",
                violation_error_message=_("This zone already has a chain of this name."),
            ),
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=Q(zone__isnull=True),
                name="chain_unique_name_in_region",
                violation_error_message=_("This region already has a chain of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.region_id is None and self.zone_id is not None:
            self.region_id = self.zone.region_id
        if self.region_id is None:
            raise ValidationError({"region": _("Choose the chain's region or its zone.")})
        if self.zone_id and not self.zone.region.code.startswith(self.region.prefix):
            raise ValidationError({"zone": _("The zone is not in the chain's region.")})

    def save(self, *args, **kwargs):
        if self.region_id is None and self.zone_id is not None:
            self.region_id = self.zone.region_id
        super().save(*args, **kwargs)


class ChainTarget(BusinessModel):
    """A chain's targets for one year: 产值, number of enterprises, investment."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    output = MoneyField(_("output value (10k yuan)"))
    enterprises = models.PositiveIntegerField(_("enterprises"), null=True, blank=True)
    investment = MoneyField(_("investment (10k yuan)"))

    scope = Scope(via="chain")

    class Meta:
        ordering = ["chain_id", "-year"]
        verbose_name = _("chain target")
        verbose_name_plural = _("chain targets")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "year"],
                name="chain_target_unique_year",
                violation_error_message=_("This chain already has targets for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.year}"


class Segment(BusinessModel):
    """A node of the chain's tree. A 环节 (kind segment) sits directly under its stage (no parent); a
    product or technology hangs below a 环节 (or below another product) and takes its stage."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="segments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent segment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, default=Stage.MID)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("node kind"), max_length=12, choices=SegmentKind.choices, default=SegmentKind.SEGMENT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(via="chain")

    class Meta:
        ordering = ["chain_id", "order", "pk"]
        verbose_name = _("chain segment")
        verbose_name_plural = _("chain segments")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "name"],
                name="segment_unique_name_in_chain",
                violation_error_message=_("This chain already has a segment of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        from .services import segment_errors

        if errors := segment_errors(self):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.parent_id is not None:
            self.stage = self.parent.stage
            self.chain_id = self.parent.chain_id
        super().save(*args, **kwargs)


class SegmentEnterprise(BusinessModel):
    """A local enterprise on a segment (the linked record, never a typed name)."""

    segment = models.ForeignKey(
        Segment, verbose_name=_("chain segment"), on_delete=models.CASCADE, related_name="placements"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="chain_placements",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(via="segment")

    class Meta:
        ordering = ["segment_id", "enterprise__name"]
        verbose_name = _("enterprise on a segment")
        verbose_name_plural = _("enterprises on segments")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "enterprise"],
                name="segment_enterprise_unique",
                violation_error_message=_("This enterprise is already on this segment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment} · {self.enterprise}"

    def clean(self):
        super().clean()
        from .services import placement_errors

        if errors := placement_errors(self):
            raise ValidationError(errors)


class SegmentProject(BusinessModel):
    """A key project on a segment: one segment per project per chain (projects/ knows nothing of chains)."""

    segment = models.ForeignKey(
        Segment, verbose_name=_("chain segment"), on_delete=models.CASCADE, related_name="project_links"
    )
    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="+", editable=False
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("key project"),
        on_delete=models.CASCADE,
        related_name="chain_links",
    )

    scope = Scope(via="segment")

    class Meta:
        ordering = ["segment_id", "project__name"]
        verbose_name = _("key project on a segment")
        verbose_name_plural = _("key projects on segments")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "project"],
                name="segment_project_one_per_chain",
                violation_error_message=_("This project is already on a segment of this chain."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment} · {self.project}"

    def clean(self):
        super().clean()
        if self.segment_id:
            self.chain_id = self.segment.chain_id
        from .services import project_link_errors

        if errors := project_link_errors(self):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.chain_id = self.segment.chain_id
        super().save(*args, **kwargs)


class Technology(BusinessModel):
    """技术路线图: a technology of a segment and the year it is expected to mature."""

    segment = models.ForeignKey(
        Segment, verbose_name=_("chain segment"), on_delete=models.CASCADE, related_name="technologies"
    )
    name = models.CharField(_("technology"), max_length=100)
    maturity_year = models.PositiveSmallIntegerField(
        _("expected maturity year"), validators=YEAR_VALIDATORS, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope = Scope(via="segment")

    class Meta:
        ordering = ["segment_id", "maturity_year", "name"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def __str__(self) -> str:
        return self.name


class ApplicationField(BusinessModel):
    """应用领域: where the chain's products go (a field and its market)."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="fields"
    )
    name = models.CharField(_("application field"), max_length=100)
    market = models.CharField(_("market"), max_length=200, blank=True)

    scope = Scope(via="chain")

    class Meta:
        ordering = ["chain_id", "name"]
        verbose_name = _("application field")
        verbose_name_plural = _("application fields")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "name"],
                name="application_field_unique_name",
                violation_error_message=_("This chain already has an application field of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class SegmentApplication(BusinessModel):
    """A segment's products going to an application field, with a weight (a share, or any relative figure)."""

    segment = models.ForeignKey(
        Segment, verbose_name=_("chain segment"), on_delete=models.CASCADE, related_name="applications"
    )
    field = models.ForeignKey(
        ApplicationField,
        verbose_name=_("application field"),
        on_delete=models.CASCADE,
        related_name="segments",
    )
    weight = models.DecimalField(
        _("weight"), max_digits=12, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    scope = Scope(via="segment")

    class Meta:
        ordering = ["segment_id", "field"]
        verbose_name = _("segment's application")
        verbose_name_plural = _("segments' applications")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "field"],
                name="segment_application_unique",
                violation_error_message=_("This segment already goes to this field."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment} → {self.field}"

    def clean(self):
        super().clean()
        if self.segment_id and self.field_id and self.segment.chain_id != self.field.chain_id:
            raise ValidationError({"field": _("The application field belongs to another chain.")})


class TargetCompany(BusinessModel):
    """招商目标企业: a company elsewhere that would fill a segment; turned into a lead once courted."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="target_companies"
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("chain segment"), on_delete=models.PROTECT, related_name="target_companies"
    )
    name = models.CharField(_("company"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    province = models.ForeignKey(
        "zones.Region",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    city = models.ForeignKey(
        "zones.Region",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "city"},
    )
    size = models.CharField(_("size"), max_length=8, choices=CompanySize.choices, blank=True, default="")
    products = models.CharField(_("products"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    lead = models.OneToOneField(
        "attraction.Lead",
        verbose_name=_("investment lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_company",
        editable=False,
    )

    scope = Scope(via="chain")

    class Meta:
        ordering = ["chain_id", "segment_id", "name"]
        verbose_name = _("target company")
        verbose_name_plural = _("target companies")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "name"],
                name="target_company_unique_name",
                violation_error_message=_("This chain already lists this company."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        from .services import target_errors

        if errors := target_errors(self):
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.credit_code = normalize(self.credit_code)
        if self.segment_id:
            self.chain_id = self.segment.chain_id
        super().save(*args, **kwargs)


class ChainVisit(BusinessModel):
    """四个拜访: a visit to a leading enterprise, an association, a research institute or an expert, and
    what came of it (a lead, a problem, an agreement)."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industrial chain"), on_delete=models.CASCADE, related_name="visits"
    )
    kind = models.CharField(_("visit kind"), max_length=12, choices=VisitKind.choices)
    date = models.DateField(_("date"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise visited"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_visits",
    )
    counterpart = models.CharField(
        _("visited"), max_length=200, blank=True, help_text=_("An association, institute or expert by name.")
    )
    visitors = models.CharField(_("visitors"), max_length=200)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=VisitOutcome.choices, default=VisitOutcome.NONE
    )
    lead = models.ForeignKey(
        "attraction.Lead",
        verbose_name=_("investment lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_visits",
    )
    problem = models.ForeignKey(
        "projects.Problem",
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_visits",
    )
    result = models.TextField(_("what came of it"), blank=True)

    scope = Scope(via="chain")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("chain visit")
        verbose_name_plural = _("chain visits")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.enterprise or self.counterpart}"

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date %(date)s is in the future.") % {"date": self.date}
        if not self.enterprise_id and not self.counterpart.strip():
            errors["counterpart"] = _("Name whom the visit was to: an enterprise, or by name.")
        if self.outcome == VisitOutcome.LEAD and not self.lead_id:
            errors["lead"] = _("Choose the lead the visit produced.")
        if self.outcome == VisitOutcome.PROBLEM and not self.problem_id:
            errors["problem"] = _("Choose the problem the visit raised.")
        if errors:
            raise ValidationError(errors)

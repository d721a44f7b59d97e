from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import Role
from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import Scope

from .credit_code import normalize, validate_credit_code


class EvaluationKind(models.TextChoices):
    """Enterprises a 亩均效益 evaluation may leave unclassed (不定等级), if its scheme lists the kind."""

    UTILITY = "utility", _("Public utility")
    NEW = "new", _("Newly in production")
    BUILDING = "building", _("Under construction")


class Enterprise(BusinessModel):
    """企业 in a zone, identified by its 统一社会信用代码."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this unified social credit code already exists.")},
    )
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="enterprises"
    )
    park = models.ForeignKey(
        "zones.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.ForeignKey(
        "zones.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    above_scale = models.BooleanField(_("above designated size"), default=False)
    high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    established = models.DateField(_("established on"), null=True, blank=True)
    registered_capital = MoneyField(_("registered capital (10k yuan)"))

    # The register (name, credit code) is reference for the departments of the region; the
    # yearly figures (revenue, tax, profit) are not: EnterpriseYear declares no reference.
    # The register is the government's: an enterprise user keeps only its contact details up to date;
    # its name, credit code, 规上/高新 flags (counted on the home page and in the assessment), industry,
    # park and capital are the zone's to write.
    scope = Scope(
        region="zone__region",
        zone="zone",
        enterprise="",
        reference=frozenset({Role.DEPARTMENT}),
        deciding=("zone",),
        writable={Role.ENTERPRISE: ("contact", "phone", "address")},
    )

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.credit_code:
            self.credit_code = normalize(self.credit_code)
        if self.park_id and self.zone_id and self.park.zone_id != self.zone_id:
            raise ValidationError({"park": _("The park does not belong to the enterprise's zone.")})


class EnterpriseYear(BusinessModel):
    """An enterprise's figures for one year (产值, 营业收入, 税收 … in 万元)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    output_value = MoneyField(_("industrial output value (10k yuan)"))
    revenue = MoneyField(_("operating revenue (10k yuan)"))
    tax = MoneyField(_("taxes paid (10k yuan)"))
    profit = MoneyField(_("total profit (10k yuan)"), allow_negative=True)
    rd_expense = MoneyField(_("R&D expenditure (10k yuan)"))
    value_added = MoneyField(_("industrial value added (10k yuan)"))
    energy_use = models.DecimalField(
        _("total energy use (t of standard coal)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    emissions = models.DecimalField(
        _("main pollutant emissions (t)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("COD, ammonia nitrogen, SO₂ and NOx together, as the ecology bureau lists them."),
    )
    evaluation_kind = models.CharField(
        _("kind for the per-mu evaluation"),
        max_length=12,
        choices=EvaluationKind.choices,
        blank=True,
        help_text=_("Kinds a 亩均 scheme may evaluate without classing (不定等级)."),
    )
    patents = models.PositiveIntegerField(_("valid invention patents"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    scope = Scope(via="enterprise")

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("enterprise yearly figures")
        verbose_name_plural = _("enterprise yearly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="enterprise_year_unique",
                violation_error_message=_("Figures for this enterprise and year already exist."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    def clean(self):
        super().clean()
        if self.year is not None and not 1949 <= self.year <= 2100:
            raise ValidationError({"year": _("The year must be between 1949 and 2100.")})

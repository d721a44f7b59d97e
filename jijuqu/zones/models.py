from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jijuqu.core.choices import Role
from jijuqu.core.fields import MoneyField
from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import NOTHING, READ_ONLY, Scope

from .choices import PARENT_LEVEL, PREFIX_LENGTH, RegionLevel, ZoneKind, ZoneLevel
from .validators import industry_code_validator, region_code_validator


class Region(BusinessModel):
    """行政区划: a province, city or county, keyed by its GB/T 2260 code."""

    code = models.CharField(_("region code"), max_length=6, unique=True, validators=[region_code_validator])
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    scope = Scope(region="", zone_actions=READ_ONLY, reference=frozenset({Role.DEPARTMENT, Role.ENTERPRISE}))

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[self.level]]

    def below(self, path: str = "") -> Q:
        """Rows whose region (at `path`, e.g. "zone__region") is this region or one beneath it, by
        GB/T 2260 code prefix."""
        return Q(**{f"{path}__code__startswith" if path else "code__startswith": self.prefix})

    def chain_codes(self) -> tuple[str, ...]:
        """Codes of this region and the regions above it, read from the code itself."""
        codes = [self.code]
        if self.level in (RegionLevel.CITY, RegionLevel.COUNTY):
            codes.append(self.code[:2] + "0000")
        if self.level == RegionLevel.COUNTY:
            codes.append(self.code[:4] + "00")
        return tuple(dict.fromkeys(codes))

    def clean(self):
        super().clean()
        if self.level == RegionLevel.PROVINCE:
            if self.parent_id is not None:
                raise ValidationError({"parent": _("A province has no parent region.")})
            return
        if self.parent is None:
            raise ValidationError({"parent": _("A city or county needs its parent region.")})
        if self.parent.level != PARENT_LEVEL.get(self.level):
            raise ValidationError({"parent": _("The parent region is not one level above.")})
        if self.code and not self.code.startswith(self.parent.prefix):
            raise ValidationError(
                {
                    "code": _("The code must start with the parent region's code prefix %(prefix)s.")
                    % {"prefix": self.parent.prefix}
                }
            )

    @classmethod
    def scope_q(cls, us, action):
        # Users read their part of the tree and the regions above it (to name their province);
        # only administrators change the tree.
        if action != "view":
            return NOTHING
        q = Q(code__in=us.region_chain)
        if us.region_prefix and us.role in ("province", "city", "county", "department"):
            q |= Q(code__startswith=us.region_prefix)
        return q


class Industry(BusinessModel):
    """产业: a leading industry, optionally with its GB/T 4754 code."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(
        _("industry code"), max_length=5, blank=True, validators=[industry_code_validator]
    )

    scope = Scope(shared=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return self.name


class Zone(BusinessModel):
    """产业集聚区/开发区."""

    code = models.CharField(
        _("zone code"),
        max_length=20,
        unique=True,
        help_text=_("The region code followed by a sequence number, e.g. 41088201."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    aliases = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Former or short names used in ledgers, separated by commas, e.g. 焦作市工业产业集聚区."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="zones"
    )
    level = models.CharField(
        _("zone level"), max_length=12, choices=ZoneLevel.choices, default=ZoneLevel.PROVINCIAL
    )
    kind = models.CharField(_("zone kind"), max_length=12, choices=ZoneKind.choices, default=ZoneKind.CLUSTER)
    planned_area = models.DecimalField(
        _("planned area (km²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    built_area = models.DecimalField(
        _("built-up area (km²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    established = models.DateField(_("approved on"), null=True, blank=True)
    industries = models.ManyToManyField(
        Industry, verbose_name=_("leading industries"), blank=True, related_name="zones"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(
        region="region",
        zone="",
        zone_actions=frozenset({"view", "change"}),
        # Department staff read the zones of their region; an enterprise user reads its own zone.
        reference=frozenset({Role.DEPARTMENT, Role.ENTERPRISE}),
        deciding=("region", "code", "level"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.replace("，", ",").split(",") if a.strip()]

    def clean(self):
        super().clean()
        if self.code and not re.fullmatch(r"[0-9]{7,20}", self.code):
            raise ValidationError(
                {
                    "code": _(
                        "A zone code is digits only (0-9): its region's code followed by a sequence number, e.g. 41088201."
                    )
                }
            )
        if self.code and self.region_id and not self.code.startswith(self.region.code):
            raise ValidationError(
                {
                    "code": _("The zone code must start with the code of its region %(region)s (%(code)s).")
                    % {"region": self.region.name, "code": self.region.code}
                }
            )
        if (
            self.planned_area is not None
            and self.built_area is not None
            and self.built_area > self.planned_area
        ):
            raise ValidationError({"built_area": _("The built-up area cannot exceed the planned area.")})


class Park(BusinessModel):
    """园区: a sub-area of a zone ("一区两园")."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="parks")
    name = models.CharField(_("name"), max_length=100)
    area = models.DecimalField(
        _("area (km²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("leading industries"), blank=True, related_name="parks"
    )
    description = models.TextField(_("description"), blank=True)

    scope = Scope(
        region="zone__region",
        zone="zone",
        reference=frozenset({Role.DEPARTMENT, Role.ENTERPRISE}),
        deciding=("zone",),
    )

    class Meta:
        ordering = ["zone__code", "name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="park_unique_name_in_zone",
                violation_error_message=_("This zone already has a park of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Department(BusinessModel):
    """责任单位: a government department, of a region and optionally of one zone."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="departments"
    )
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    scope = Scope(region="region", zone="zone", department="", deciding=("region", "zone"))

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="department_unique_name_in_region",
                violation_error_message=_("This region already has a department of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.zone_id and self.region_id and self.zone.region_id != self.region_id:
            raise ValidationError({"zone": _("The zone is not in the department's region.")})

    @classmethod
    def scope_q(cls, us, action):
        from jijuqu.core.scope import default_scope_q

        q = default_scope_q(us, cls.scope)
        if action == "view" and us.zone_id:
            # Zone staff assign work to the county and city departments above them too.
            q |= Q(zone__isnull=True, region__code__in=us.region_chain)
        return q


class Official(BusinessModel):
    """干部: a person with a position in a department; may also be a login user."""

    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="officials"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    user = models.OneToOneField(
        "core.User",
        verbose_name=_("login user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )

    scope = Scope(via="department")

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"


class ZoneYear(BusinessModel):
    """A zone's headline figures for one year (规上工业总产值, 营业收入, 税收 … in 万元)."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    output_value = MoneyField(_("above-scale industrial output value (10k yuan)"))
    revenue = MoneyField(_("operating revenue (10k yuan)"))
    tax = MoneyField(_("taxes paid (10k yuan)"))
    fixed_investment = MoneyField(_("fixed-asset investment (10k yuan)"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    # A zone's published headline figures: reference for the departments of its region.
    scope = Scope(via="zone", reference=frozenset({Role.DEPARTMENT}))

    class Meta:
        ordering = ["zone__code", "-year"]
        verbose_name = _("zone yearly figures")
        verbose_name_plural = _("zone yearly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year"],
                name="zone_year_unique",
                violation_error_message=_("Figures for this zone and year already exist."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"

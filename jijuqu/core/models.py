from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import REGION_ROLES, Role
from .querysets import ScopedManager


class BusinessModel(models.Model):
    """Base of every business model: timestamps, scoped manager, and change history.

    Subclasses declare `scope = Scope(...)` (see scope.py) saying where they hang on the region tree.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    objects = ScopedManager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}", args=[self.pk])


class User(AbstractUser):
    """A login. Its role and one assignment (region, zone, department or enterprise) fix its scope."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ZONE)
    region = models.ForeignKey(
        "zones.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        "zones.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        needed = {Role.ZONE: "zone", Role.DEPARTMENT: "department", Role.ENTERPRISE: "enterprise"}
        if self.role in REGION_ROLES:
            if self.region is None:
                raise ValidationError({"region": _("A region user needs a region.")})
            if self.region.level != REGION_ROLES[self.role]:
                raise ValidationError({"region": _("The region's level does not match the role.")})
        elif self.role in needed and getattr(self, f"{needed[self.role]}_id") is None:
            field = needed[self.role]
            raise ValidationError({field: _("This role needs this field.")})

    @property
    def scope_label(self) -> str:
        target = self.region or self.zone or self.department or self.enterprise
        return f"{self.get_role_display()} · {target}" if target else self.get_role_display()


class ApiToken(models.Model):
    """A bearer token for other systems calling the API as a user (and so within the user's scope).

    Only a SHA-256 digest is stored; the token itself is shown once, when created. Every token
    expires; its owner lists and revokes their tokens on the "API tokens" page, and a password
    change revokes them all (core.tokens).
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import REGION_ROLES, Role
from .querysets import ArchiveAwareManager, ScopedManager


class StaleRecord(Exception):
    """A save from a copy of a row that someone else has changed since it was read."""

    def __init__(self, obj):
        super().__init__(f"{type(obj).__name__} {obj.pk} was changed since version {obj.version}")
        self.obj = obj


class BusinessHistory(HistoricalRecords):
    """Change history for every subclass of BusinessModel, except append-only logs.

    A log (a status change, an escalation, an approval action, an import job) is itself the record of
    what happened, written once and never edited: a history copy of each row would double the table
    and tell nothing new. Such a model sets `keeps_history = False`.
    """

    def finalize(self, sender, **kwargs):
        if self.cls is not sender and not getattr(sender, "keeps_history", True):
            return
        super().finalize(sender, **kwargs)


class BusinessModel(models.Model):
    """Base of every business model: timestamps, version, archive mark, scoped manager, history.

    Subclasses declare `scope = Scope(...)` (see scope.py) saying where they hang on the region tree.

    `version` is an optimistic lock: every UPDATE is `... SET version = version + 1 WHERE pk = %s AND
    version = <the version this copy was read at>`, so of two saves from the same read only the first
    lands and the second raises StaleRecord instead of silently overwriting it (see _do_update).
    `archived` hides a row (and what was archived with it) from every list, report, export and the API:
    `objects` leaves archived rows out, `all_objects` (the recycle bin) keeps them.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    archived = models.ForeignKey(
        "core.Archive",
        verbose_name=_("archived"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = BusinessHistory(inherit=True)

    objects = ArchiveAwareManager()
    all_objects = ScopedManager()

    # False for rows only machines write (an import job and its progress): no lock to take.
    versioned = True
    # False for append-only logs, whose rows are their own history (see BusinessHistory).
    keeps_history = True

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}", args=[self.pk])

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        if not self.versioned:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        expected = self.version
        version_field = self._meta.get_field("version")
        values = [v for v in values if v[0] is not version_field]
        values.append((version_field, None, F("version") + 1))
        if base_qs.filter(pk=pk_val, version=expected)._update(values) > 0:
            self.version = expected + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecord(self)
        return False


class JijuquUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `jijuqu createsuperuser` on a fresh install makes the system administrator, not a zone user
        # without a zone (the model's default role).
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


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

    objects = JijuquUserManager()

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


class Archive(models.Model):
    """One delete: the record the user deleted and everything archived with it (rows pointing here).

    Restored (every row un-archived) by the level above or an administrator; purged (really deleted)
    only by an administrator.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    label = models.CharField(_("record"), max_length=300)
    rows = models.PositiveIntegerField(_("rows archived"), default=0)
    user = models.ForeignKey(
        User, verbose_name=_("deleted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("deleted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recycle bin entry")
        verbose_name_plural = _("recycle bin")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the first POST that saves with it.

    A second POST with the same token (a double click, a resubmission) finds the record the first
    one made instead of making another.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    # What was posted (without the token): the same form posted again with a new token (the back
    # button re-fetches the page) is still recognised for a while.
    digest = models.CharField(max_length=64, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token


class DataChange(models.Model):
    """A change of business data was written (core.computed.changed): the newest row's id names the data's
    present state. Rows are tiny; `prune_history` keeps only the newest."""

    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.pk} {self.at}"


class Computed(models.Model):
    """A figure computed once for a state of the data (core.computed.remember), shared by every server."""

    key = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField()
    value = models.BinaryField()
    at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key

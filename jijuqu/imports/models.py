from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import Scope


class ImportJob(BusinessModel):
    """One uploaded ledger: checked (preview), then imported all at once, or not at all."""

    # Written by the job runner alone (progress from the worker): no version lock.
    versioned = False
    # Its rows are a log of uploads; a history copy per progress update would only grow.
    keeps_history = False

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    kind = models.CharField(_("kind"), max_length=30, default="projects")
    file = models.FileField(
        _("file"),
        upload_to="imports/%Y/%m/",
        validators=[FileExtensionValidator(["xlsx", "xls", "ods"])],
    )
    original_name = models.CharField(_("file name"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("default zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # The queued task importing a large file (jijuqu.jobs.tasks.run_import), when there is one.
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    scope = Scope()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def scope_q(cls, us, action):
        # An upload is its uploader's; administrators see all.
        return Q(user_id=us.user_id)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:job", args=[self.pk])

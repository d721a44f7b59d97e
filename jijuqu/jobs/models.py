"""A background job as its owner sees it (what, how far, why it failed, the file it made), and the
heartbeat of each running worker.

The queue itself is django-tasks' table (django_tasks_db.DBTaskResult): a Job names the task that runs
it, so the page can tell "waiting for a worker" from "running" and a worker that died mid-way.
Jobs are machine-written working state, not business data: no history, no version lock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        MONTHLY_REPORT = "monthly_report", _("Monthly report file")
        RANKING = "ranking", _("Rank intervals")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    # What the job was asked (a form's data): the job validates it again, as its owner, when it runs.
    params = models.JSONField(_("parameters"), default=dict)
    # Same kind and params (and, for a ranking, the same data) find the job already made.
    key = models.CharField(_("key"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # Why it failed, in words its owner can act on (the traceback goes to the log).
    failure = models.TextField(_("failure"), blank=True)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["user", "kind", "key"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", args=[self.pk])

    @property
    def finished_ok(self) -> bool:
        return self.status == self.Status.DONE


class WorkerHeartbeat(models.Model):
    """A running `jijuqu worker`: written every few seconds while it lives, removed when it stops."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started = models.DateTimeField(_("started"))
    seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"

"""Submitting, running and watching background jobs.

A job is two rows written in one transaction: our `Job` (what its owner sees) and django-tasks' queue
row (what a worker claims). The runner of each kind is a plain function `runner(job, progress)` that
either saves a file / result on the job or raises `JobFailed` with words for its owner.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, close_old_connections, connection, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Job, WorkerHeartbeat

log = logging.getLogger(__name__)

RUNNERS = {
    Job.Kind.MONTHLY_REPORT: "jijuqu.reports.files.make_file",
    Job.Kind.RANKING: "jijuqu.assessment.jobs.rank_intervals",
}


class JobFailed(Exception):
    """A job that cannot be done, said in words its owner can act on."""


def key_of(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def submit(user, kind: str, title: str, params: dict, key: str = "") -> Job:
    """Queue a job for `user`. The job row and the queue row are written together or not at all."""
    from .tasks import run_job

    with transaction.atomic():
        job = Job.objects.create(
            user=user, kind=kind, title=title[:255], params=params, key=key or key_of(kind, params)
        )
        job.task_id = str(run_job.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def pending_or_submit(user, kind: str, title: str, params: dict, key: str = "") -> Job:
    """The same request again (a double click, a reload) finds the job already waiting or running."""
    key = key or key_of(kind, params)
    waiting = Job.objects.filter(
        user=user, kind=kind, key=key, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).first()
    return waiting or submit(user, kind, title, params, key)


def own_job(user, pk: int) -> Job:
    """A job is its owner's alone: anyone else, an administrator too, gets a 404."""
    try:
        return Job.objects.get(pk=pk, user_id=user.pk)
    except Job.DoesNotExist:
        raise Http404 from None


class Progress:
    """progress(done, total): written to the job at most once per percent."""

    def __init__(self, model, pk: int, start: int = 1, end: int = 99):
        self.model, self.pk, self.start, self.end, self.last = model, pk, start, end, -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1
        percent = int(self.start + (self.end - self.start) * min(max(share, 0), 1))
        if percent != self.last:
            self.last = percent
            self.model.objects.filter(pk=self.pk).update(progress=percent)


def run(job_id: int) -> None:
    """Run one job (in the worker). Taken once: a second delivery of the same job does nothing."""
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, progress=1
    ):
        return
    job = Job.objects.select_related("user").get(pk=job_id)
    # The worker has no request: messages and file names in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            runner: Callable = import_string(RUNNERS[job.kind])
            runner(job, Progress(Job, job.pk))
        except JobFailed as err:
            fail(job, str(err))
        except Exception as err:
            log.exception("job %s (%s) of %s failed", job.pk, job.kind, job.user)
            fail(
                job,
                _("The job failed on an unexpected error (%(error)s); it is in the log.")
                % {"error": type(err).__name__},
            )
            raise
        else:
            job.status, job.progress, job.finished = Job.Status.DONE, 100, timezone.now()
            job.save()


def save_file(job: Job, name: str, content: bytes) -> None:
    job.file.save(f"{job.pk}-{job.key[:8]}{os.path.splitext(name)[1]}", ContentFile(content), save=False)
    job.file_name = name


def fail(job: Job, message: str) -> None:
    job.status, job.failure, job.finished = Job.Status.FAILED, message, timezone.now()
    job.save()


def prune(days: int = 14, now=None) -> int:
    """Finished jobs older than `days`, with their files and their queue rows, are deleted; their
    owners have had them for that long. Returns how many jobs went."""
    from django_tasks_db.models import DBTaskResult

    before = (now or timezone.now()) - timedelta(days=days)
    old = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished__lt=before)
    for job in old.exclude(file=""):
        job.file.delete(save=False)
    count, _deleted = old.delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return count


# -- workers ------------------------------------------------------------------------------------------


def workers_seen(now=None) -> list[WorkerHeartbeat]:
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.JIJUQU_WORKER_STALE_SECONDS)
    return list(WorkerHeartbeat.objects.filter(seen__gte=since))


def beat(worker_id: str, started) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started": started,
            "seen": timezone.now(),
        },
    )


@dataclass
class Heartbeat:
    """A thread beside the worker's loop that says it is alive, also while a long job runs."""

    worker_id: str
    interval: float

    def __post_init__(self):
        self.started = timezone.now()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="jijuqu-heartbeat", daemon=True)

    def start(self) -> None:
        beat(self.worker_id, self.started)  # seen at once: /healthz is green as soon as it runs
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                beat(self.worker_id, self.started)
            except Exception:  # a busy or restarting database: say so, and beat again next time
                log.warning("worker heartbeat not written", exc_info=True)
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            log.warning("worker heartbeat not removed", exc_info=True)


def watch(job) -> None:
    """A job whose worker stopped while running it (killed, machine restarted) would wait for ever:
    once its worker's heartbeat is stale it is failed, with why."""
    from django_tasks_db.models import DBTaskResult

    # Job and ImportJob both say "running" and name their task.
    if job.status != "running":
        return
    task = (
        DBTaskResult.objects.filter(pk=job.task_id).only("status", "worker_ids").first()
        if job.task_id
        else None
    )
    if task is None or task.status != "RUNNING" or not task.worker_ids:
        return
    alive = WorkerHeartbeat.objects.filter(
        worker_id=task.worker_ids[-1],
        seen__gte=timezone.now() - timedelta(seconds=settings.JIJUQU_WORKER_STALE_SECONDS),
    ).exists()
    if alive or sqlite_is_being_written():
        return
    message = _("The background worker stopped while running this job; nothing was saved. Submit it again.")
    try:
        with transaction.atomic():
            type(job).objects.filter(pk=job.pk, status=job.status).update(
                status=type(job).Status.FAILED, **failure_fields(job, message)
            )
            DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now()
            )
    except OperationalError:  # the database is busy: look again at the next poll
        log.warning("could not fail job %s of a stopped worker", job.pk, exc_info=True)
    job.refresh_from_db()


def sqlite_is_being_written() -> bool:
    """On SQLite a long import holds the one write lock, and the heartbeat of the very worker running
    it waits behind it, so a stale heartbeat proves nothing while someone writes. A probe that takes
    the lock without waiting tells."""
    if connection.vendor != "sqlite":
        return False
    import sqlite3

    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def failure_fields(job, message: str) -> dict:
    if isinstance(job, Job):
        return {"failure": message, "finished": timezone.now()}
    return {"result": {**job.result, "failure": message}}


# -- health -------------------------------------------------------------------------------------------


def health() -> tuple[bool, dict]:
    """Whether the database answers and a worker was seen recently; nothing else is told."""
    report: dict = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database"] = {"ok": True}
    except Exception:
        log.exception("health check: database")
        report["database"] = {"ok": False, "message": _("The database does not answer.")}
        report["worker"] = {"ok": False, "message": _("Unknown: the database does not answer.")}
        return False, report
    seen = workers_seen()
    if seen:
        age = (timezone.now() - max(w.seen for w in seen)).total_seconds()
        report["worker"] = {"ok": True, "workers": len(seen), "last_seen_seconds": round(age, 1)}
    else:
        report["worker"] = {
            "ok": False,
            "workers": 0,
            "message": _("No worker seen in the last %(seconds)d seconds: start `jijuqu worker`.")
            % {"seconds": settings.JIJUQU_WORKER_STALE_SECONDS},
        }
    return report["database"]["ok"] and report["worker"]["ok"], report

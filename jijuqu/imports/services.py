"""Running an import job: check (nothing written), then import in the background with progress."""

from __future__ import annotations

import threading

from django.db import close_old_connections

from jijuqu.projects.importers import SPEC, Context, import_ledger

from .engine import Analysis, analyse, read_workbook
from .models import ImportJob

# Files with more data rows than this are imported in a background thread with a progress bar.
BACKGROUND_ROWS = 5000


def load(job: ImportJob) -> Analysis:
    with job.file.open("rb") as f:
        workbook = read_workbook(f)
    mapping = {sheet: {int(k): v for k, v in cols.items()} for sheet, cols in (job.mapping or {}).items()}
    return analyse(workbook, SPEC, mapping or None)


def context(job: ImportJob) -> Context:
    return Context(job.year, job.month, user=job.user, default_zone=job.zone)


def check(job: ImportJob) -> Analysis:
    """Analyse and validate without writing; keep the mapping used and the outcome on the job."""
    analysis = load(job)
    result = import_ledger(analysis, context(job), write=False)
    job.mapping = {sheet: {str(k): v for k, v in cols.items()} for sheet, cols in analysis.mapping.items()}
    job.result = {**result.as_dict(), "rows": len(analysis.rows)}
    job.status = ImportJob.Status.CHECKED
    job.save()
    return analysis


def run(job: ImportJob) -> None:
    """Import for real: inline for small files, in a thread with progress for large ones."""
    job.status, job.progress = ImportJob.Status.RUNNING, 5
    job.save(update_fields=["status", "progress", "updated"])
    if job.result.get("rows", 0) > BACKGROUND_ROWS:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    else:
        _run(job)


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        _run(ImportJob.objects.get(pk=pk))
    finally:
        close_old_connections()


def _run(job: ImportJob) -> None:
    analysis = load(job)
    ImportJob.objects.filter(pk=job.pk).update(progress=40)
    try:
        result = import_ledger(analysis, context(job), write=True)
    except Exception as err:  # an unexpected failure is shown on the job, and nothing was written
        job.status, job.result = ImportJob.Status.FAILED, {**job.result, "failure": str(err)}
        job.save()
        raise
    job.result = {**result.as_dict(), "rows": len(analysis.rows)}
    job.status = ImportJob.Status.FAILED if result.errors else ImportJob.Status.DONE
    job.progress = 100
    job.save()

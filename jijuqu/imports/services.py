"""Running an import job: check (nothing written), then import; a large file in the worker, with progress.

The file is read twice at most: when it is checked (again only when the user changes the mapping)
and when it is imported. What the preview shows is stored on the job, so opening the job page never
parses the file (a hostile file would otherwise take the server down on every view).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError
from django.utils import translation

from . import registry
from .engine import Analysis, analyse, open_workbook
from .models import ImportJob
from .values import text

# Files with more data rows than this are imported by the worker (`jijuqu worker`) with a progress bar.
BACKGROUND_ROWS = 5000
PREVIEW_ROWS = 10
KEPT_SKIPPED = 200
CONCURRENT = "另一次导入同时写入了相同的记录（可能同一文件被同时导入了两次），本次未写入任何数据。请刷新页面查看结果，需要时重新上传。"


def load(job: ImportJob) -> Analysis:
    with job.file.open("rb") as f:
        workbook = open_workbook(f)
    mapping = {sheet: {int(k): v for k, v in cols.items()} for sheet, cols in (job.mapping or {}).items()}
    return analyse(workbook, registry.spec_of(registry.get(job.kind), job), mapping or None)


def summary(analysis: Analysis) -> list[dict]:
    """What the preview shows of each sheet, kept on the job."""
    sheets = []
    for sheet in analysis.sheets:
        layout = sheet.layout
        columns = layout.columns if layout else []
        sheets.append(
            {
                "name": sheet.name,
                "unit": layout.unit_label if layout else "",
                "header_row": layout.header_rows[0] + 1 if layout else None,
                "count": sheet.count,
                "skipped": [list(s) for s in sheet.skipped[:KEPT_SKIPPED]],
                "more_skipped": max(0, len(sheet.skipped) - KEPT_SKIPPED),
                "columns": [
                    {"index": c.index, "letter": c.letter, "header": c.header, "key": c.key} for c in columns
                ],
                "preview": [
                    [text(row.raw(c.key)) if c.key else "" for c in columns]
                    for row in sheet.first[:PREVIEW_ROWS]
                ],
            }
        )
    return sheets


def check(job: ImportJob) -> Analysis:
    """Analyse and validate without writing; keep the mapping used, the preview and the outcome."""
    analysis = load(job)
    result = registry.get(job.kind).run(analysis, job, False)
    job.mapping = {sheet: {str(k): v for k, v in cols.items()} for sheet, cols in analysis.mapping.items()}
    job.result = {**result.as_dict(), "rows": analysis.count, "sheets": summary(analysis)}
    job.status = ImportJob.Status.CHECKED
    job.save()
    return analysis


def start(job: ImportJob) -> bool:
    """Mark a checked job as running; False when another request started it first."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.RUNNING, progress=5
    )
    job.refresh_from_db()
    return bool(claimed)


def run(job: ImportJob) -> None:
    """Import for real: inline for small files; a large one is queued for the worker, which survives
    a restart of the server (the page follows its progress)."""
    if job.result.get("rows", 0) > BACKGROUND_ROWS:
        from jijuqu.jobs.tasks import run_import

        job.task_id = str(run_import.enqueue(job.pk).id)
        ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    else:
        _run(job)


def run_queued(pk: int) -> None:
    """The worker's side of `run`: import a job marked running, once."""
    job = ImportJob.objects.filter(pk=pk, status=ImportJob.Status.RUNNING).first()
    if job is None:  # discarded, or failed meanwhile (its worker was seen to stop)
        return
    with translation.override(settings.LANGUAGE_CODE):
        _run(job)


def _run(job: ImportJob) -> None:
    analysis = load(job)
    ImportJob.objects.filter(pk=job.pk).update(progress=40)
    try:
        result = registry.get(job.kind).run(analysis, job, True)
    except IntegrityError:
        # Two imports of the same rows at once: the later one's transaction is rolled back whole.
        fail(job, CONCURRENT)
        return
    except Exception as err:  # an unexpected failure is shown on the job, and nothing was written
        fail(job, f"导入失败，未写入任何数据（{type(err).__name__}）")
        raise
    job.result = {**job.result, **result.as_dict(), "rows": analysis.count}
    job.status = ImportJob.Status.FAILED if result.errors else ImportJob.Status.DONE
    job.progress = 100
    job.save()


def fail(job: ImportJob, message: str) -> None:
    job.status, job.result = ImportJob.Status.FAILED, {**job.result, "failure": message}
    job.save()

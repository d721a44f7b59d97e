"""The tasks the worker runs. Each takes the primary key of the row that holds the job's state."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from . import services

    services.run(job_id)


@task()
def run_import(import_job_id: int) -> None:
    from jijuqu.imports import services

    services.run_queued(import_job_id)

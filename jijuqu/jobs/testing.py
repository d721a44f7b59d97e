"""Running the queue in a test: django-tasks' own worker loop, in this process, until the queue is
empty (claim, run, mark done or failed, exactly as `jijuqu worker` does)."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_queue(worker_id: str = "test-worker") -> None:
    # Inside a test's transaction the loop must not close the connection (as the test client does).
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _run(worker_id)


def _run(worker_id: str) -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()

"""`jijuqu worker` as real processes against the test database: one runs a job submitted through
the page and is seen by /healthz while it lives; two share a queue of many jobs and no job runs twice
(on PostgreSQL each is claimed with SELECT … FOR UPDATE SKIP LOCKED; on SQLite by an exclusive
transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jijuqu.jobs.models import Job, WorkerHeartbeat
from jijuqu.jobs.testing import run_queue
from jijuqu.reports.tests import test_report

pytestmark = pytest.mark.django_db(transaction=True)

jiaozuo = test_report.jiaozuo
ROOT = Path(__file__).resolve().parents[3]


@task()
def note_run(n: int, path: str) -> None:
    """Appends "n pid" to a file: a job run twice shows up twice, whichever process ran it."""
    time.sleep(0.005)
    with open(path, "a") as f:
        f.write(f"{n} {os.getpid()}\n")


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(tmp_path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "JIJUQU_DATA_DIR": str(tmp_path),
        "JIJUQU_WORKER_HEARTBEAT_SECONDS": "0.5",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "jijuqu.cli", "worker", "--no-startup-delay", "--interval", "0.1", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_process_runs_a_job_from_the_page_and_is_seen_by_healthz(
    world, jiaozuo, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the worker's JIJUQU_DATA_DIR/media
    settings.JIJUQU_REPORT_JOB_PROJECTS = 0
    client = login("city")
    assert client.get("/healthz").status_code == 503  # no worker yet
    worker = start_worker(tmp_path)
    try:
        assert wait_for(lambda: client.get("/healthz").status_code == 200), "worker never seen"
        client.get("/reports/monthly/", {"area": "410800", "period": "2024-10", "format": "docx"})
        job = Job.objects.get()
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status in ("done", "failed")), "job not run"
        job.refresh_from_db()
        assert job.status == "done", job.failure
        file = client.get(f"/jobs/{job.pk}/file/")
        assert file.status_code == 200 and b"".join(file.streaming_content)[:2] == b"PK"
        assert login("province").get(f"/jobs/{job.pk}/file/").status_code == 404
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output
    # A worker that stopped cleanly takes its heartbeat with it: /healthz turns 503 at once.
    assert not WorkerHeartbeat.objects.exists()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"]["workers"] == 0


def test_two_workers_share_a_queue_and_never_run_a_job_twice(tmp_path, report_figures):
    runs = tmp_path / "runs.txt"
    jobs = 200
    ids = [str(note_run.enqueue(n, str(runs)).id) for n in range(jobs)]
    workers = [start_worker(tmp_path, "--batch") for _ in range(2)]
    outputs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    lines = runs.read_text().split()
    done = [int(n) for n in lines[0::2]]
    pids = lines[1::2]
    assert sorted(done) == list(range(jobs)), "a job ran twice or not at all"
    assert set(pids) == {str(w.pid) for w in workers}, "both workers took jobs"
    results = DBTaskResult.objects.filter(pk__in=ids)
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in results)
    report_figures(
        f"two workers on {connection.vendor}: {jobs} jobs, "
        + ", ".join(f"{pids.count(str(w.pid))} by one" for w in workers)
        + ", 0 run twice"
    )


def test_on_postgresql_a_worker_claims_with_skip_locked(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    note_run.enqueue(1, str(tmp_path / "runs.txt"))
    with CaptureQueriesContext(connection) as queries:
        run_queue()
    assert any("FOR UPDATE SKIP LOCKED" in q["sql"] for q in queries.captured_queries)

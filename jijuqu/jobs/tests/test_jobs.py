"""Background jobs through the pages: a big area's 月通报 file, a large framework's rank intervals
and a large import are queued, run by the worker's loop, followed on their page, and handed only to
their owner; a failed job says why; /healthz; the clock carries on after a failure."""

from __future__ import annotations

import datetime
import os
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from jijuqu.assessment.models import IndicatorValue
from jijuqu.assessment.testing import make_framework
from jijuqu.imports.models import ImportJob
from jijuqu.jobs import services
from jijuqu.jobs.models import Job, WorkerHeartbeat
from jijuqu.jobs.testing import run_queue
from jijuqu.projects.models import Project
from jijuqu.reports import files
from jijuqu.reports.tests import test_report

pytestmark = pytest.mark.django_db

jiaozuo = test_report.jiaozuo  # the 月通报 tests' projects of 焦作

REPORT = {"area": "410800", "period": "2024-10", "format": "xlsx"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def big(settings):
    """Every area counts as big and every framework as large: the work goes to the queue."""
    settings.JIJUQU_REPORT_JOB_PROJECTS = 0
    settings.JIJUQU_RANKING_INLINE_ZONES = 0


def test_big_area_report_file_is_made_by_the_worker_and_handed_to_its_owner_only(world, jiaozuo, login, big):
    client = login("city")
    response = client.get("/reports/monthly/", REPORT)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "queued" and DBTaskResult.objects.get(pk=job.task_id).status == "READY"
    # No worker running: the page says so instead of spinning for ever.
    assert "jijuqu worker" in client.get(f"/jobs/{job.pk}/").content.decode()
    # A double click finds the job already waiting.
    client.get("/reports/monthly/", REPORT)
    assert Job.objects.count() == 1

    run_queue()
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    # The progress poll sends the page to the finished job, which offers the file.
    assert client.get(f"/jobs/{job.pk}/progress/")["HX-Redirect"] == f"/jobs/{job.pk}/"
    assert "下载 焦作市" in client.get(f"/jobs/{job.pk}/").content.decode()
    file = client.get(f"/jobs/{job.pk}/file/")
    assert file.status_code == 200 and "_2024-10.xlsx" in file["Content-Disposition"]
    sheet = load_workbook(BytesIO(b"".join(file.streaming_content)))["通报"]
    assert sheet["A1"].value == "焦作市重点项目建设情况通报"
    for other in ("province", "admin", "county", "zone_a", "enterprise"):
        outsider = login(other)
        for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/", f"/jobs/{job.pk}/file/"):
            assert outsider.get(url).status_code == 404, (other, url)


def test_small_area_report_file_still_comes_in_the_request(world, jiaozuo, login):
    xlsx = login("city").get("/reports/monthly/", REPORT)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats") and not Job.objects.exists()


def test_a_job_that_cannot_be_done_says_why_in_chinese(world, jiaozuo, login, big):
    client = login("city")
    client.get("/reports/monthly/", REPORT)
    job = Job.objects.get()
    # Between the click and the worker the area left the user's scope: the job checks again, as them.
    job.params = {**job.params, "query": "area=410400&period=2024-10&format=xlsx"}
    job.save()
    run_queue()
    job.refresh_from_db()
    assert job.status == "failed" and "410400" in job.failure
    assert not job.file
    assert job.failure in client.get(f"/jobs/{job.pk}/").content.decode()


def test_an_unexpected_error_fails_the_job_with_words_and_the_traceback_in_the_log(
    world, jiaozuo, login, big, monkeypatch, caplog
):
    def broken(report):
        raise RuntimeError("disk full")

    monkeypatch.setitem(files.FORMATS, "xlsx", (broken, "application/x"))
    login("city").get("/reports/monthly/", REPORT)
    run_queue()
    job = Job.objects.get()
    assert job.status == "failed" and "意外错误" in job.failure and "RuntimeError" in job.failure
    assert "disk full" not in job.failure  # the cause is the administrator's, in the log
    assert "disk full" in caplog.text
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"


def test_large_framework_ranking_shows_intervals_once_the_worker_has_them(world, login, big, settings):
    framework = make_framework(world)
    url = f"/assessment/frameworks/{framework.pk}/ranking/?period=2024"
    client = login("province")
    page = client.get(url)
    assert page.status_code == 200 and [r.zone.name for r, _ in page.context["rows"]]
    assert all(r.interval is None for r, _ in page.context["rows"])
    job = page.context["intervals_job"]
    assert 'id="intervals-pending"' in page.content.decode()
    run_queue()
    job.refresh_from_db()
    assert job.status == "done"
    assert client.get(f"/jobs/{job.pk}/progress/")["HX-Redirect"] == url
    page = client.get(url)
    assert page.context["intervals_job"] is None
    shown = {r.zone.pk: r.interval for r, _ in page.context["rows"]}
    # The same intervals as computed in the request for a small framework.
    settings.JIJUQU_RANKING_INLINE_ZONES = 1000
    inline = {r.zone.pk: r.interval for r, _ in client.get(url).context["rows"]}
    assert shown == inline and all(v is not None for v in shown.values())
    # A changed value changes the inputs: the stored intervals are not reused.
    settings.JIJUQU_RANKING_INLINE_ZONES = 0
    value = IndicatorValue.objects.filter(period="2024").first()
    value.value += 1
    value.save()
    assert client.get(url).context["intervals_job"] is not None
    assert Job.objects.filter(kind="ranking").count() == 2


def ledger(rows: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "建设单位", "总投资", "2024年计划投资", "1-10月完成投资", "形象进度"])
    for n in range(1, rows + 1):
        ws.append([n, f"沁阳第{n}号项目", "河南超威电源有限公司", 45000, 12000, 9500, "设备安装"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_large_import_is_queued_on_confirm_and_imported_by_the_worker(world, login, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jijuqu.imports import services as imports

    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 2)
    client = login("zone_a")
    payload = {"file": SimpleUploadedFile("台账.xlsx", ledger(3)), "year": 2024, "month": 10}
    client.post("/imports/projects/", {**payload, "zone": world.zone_a.pk})
    job = ImportJob.objects.get()
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "running" and job.task_id and Project.objects.count() == 0
    assert 'id="job-waiting"' in client.get(f"/imports/{job.pk}/progress/").content.decode()
    run_queue()
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 3 and Project.objects.count() == 3
    assert client.get(f"/imports/{job.pk}/progress/")["HX-Redirect"] == f"/imports/{job.pk}/"
    assert login("zone_b").get(f"/imports/{job.pk}/progress/").status_code == 404


def stopped_worker_job(client) -> Job:
    """A job a worker claimed and then was killed on: its heartbeat stops."""
    client.get("/reports/monthly/", REPORT)
    job = Job.objects.get()
    services.beat("gone", job.created)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=["gone"])
    Job.objects.filter(pk=job.pk).update(status="running")
    return job


def test_a_job_whose_worker_stopped_is_failed_with_why(world, jiaozuo, login, big, monkeypatch):
    monkeypatch.setattr(services, "sqlite_is_being_written", lambda: False)
    client = login("city")
    job = stopped_worker_job(client)
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 200  # still alive: still running
    WorkerHeartbeat.objects.filter(pk="gone").update(seen=job.created.replace(year=2000))
    response = client.get(f"/jobs/{job.pk}/progress/")
    job.refresh_from_db()
    assert response["HX-Redirect"] == f"/jobs/{job.pk}/"
    assert job.status == "failed" and "重新提交" in job.failure
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"


def test_on_sqlite_a_stale_heartbeat_while_the_database_is_written_is_no_proof_of_death(
    world, jiaozuo, login, big
):
    """A long import holds SQLite's one write lock, and its own worker's heartbeat waits behind it.
    (Here the test's open transaction holds the lock, as the import would.)"""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    client = login("city")
    job = stopped_worker_job(client)
    WorkerHeartbeat.objects.filter(pk="gone").update(seen=job.created.replace(year=2000))
    assert services.sqlite_is_being_written()
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 200
    job.refresh_from_db()
    assert job.status == "running"


def test_healthz_reports_database_and_worker_without_login_or_data(client, world):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503 and body["database"]["ok"] and not body["worker"]["ok"]
    assert "jijuqu worker" in body["worker"]["message"]
    services.beat("w1", timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["worker"]["workers"] == 1
    assert set(response.json()) == {"status", "database", "worker"}


def test_healthz_says_when_the_database_does_not_answer(client, monkeypatch):
    def down():
        raise OperationalError("no route to host")

    monkeypatch.setattr(connection, "cursor", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "message": "数据库无响应。"}
    assert "no route" not in response.content.decode()


def test_clock_logs_a_failing_job_and_carries_on(monkeypatch, caplog):
    from jijuqu.projects.management.commands import clock

    calls = []

    def flaky(name, **kwargs):
        calls.append(name)
        if len(calls) == 1:
            raise RuntimeError("database restarting")

    class Stop(Exception):
        pass

    def sleep(seconds):
        if len(calls) > len(clock.JOBS):  # after the second round
            raise Stop

    monkeypatch.setattr(clock, "call_command", flaky)
    monkeypatch.setattr(clock.time, "sleep", sleep)
    with pytest.raises(Stop):
        call_command("clock", interval=1)
    # The round's other jobs ran, and the next round after the failed one.
    assert clock.JOBS[0] == "escalate"
    assert calls == [*clock.JOBS, *clock.JOBS]
    assert "periodic job escalate failed" in caplog.text and "database restarting" in caplog.text
    with pytest.raises(Exception, match="1 periodic job"):
        calls.clear()
        call_command("clock", once=True)


def test_finished_jobs_older_than_two_weeks_go_with_their_files(world, jiaozuo, login, big):
    client = login("city")
    client.get("/reports/monthly/", REPORT)
    run_queue()
    old = Job.objects.get()
    path = old.file.path
    client.get("/reports/monthly/", {**REPORT, "format": "docx"})
    waiting = Job.objects.exclude(pk=old.pk).get()
    later = old.finished + datetime.timedelta(days=15)
    assert services.prune(14, now=later) == 1
    assert not Job.objects.filter(pk=old.pk).exists() and not os.path.exists(path)
    assert not DBTaskResult.objects.filter(pk=old.task_id).exists()
    assert Job.objects.filter(pk=waiting.pk).exists()  # not finished: kept, and still queued
    assert DBTaskResult.objects.filter(pk=waiting.task_id).exists()

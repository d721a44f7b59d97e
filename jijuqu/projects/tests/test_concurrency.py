"""Concurrent and repeated writes: no lost update, no duplicate, every conflict told.

The threaded tests write through real, separate database connections (pytest-django's
transactional_db; on SQLite a file database in WAL mode), on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory

from jijuqu.core.api import create_token, save_form
from jijuqu.core.testing import build_world
from jijuqu.projects.forms import ProjectForm
from jijuqu.projects.models import Problem, Project
from jijuqu.projects.testing import make_project

STALE = "已被他人修改"


def api(client, method, url, token, payload=None, **headers):
    call = getattr(client, method)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
    if payload is None:
        return call(url, **extra)
    return call(url, json.dumps(payload), content_type="application/json", **extra)


def form_data(project, user, **changes) -> dict:
    """What the edit page's form posts back unchanged (as the browser would), plus `changes`."""
    form = ProjectForm(instance=project, user=user)
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


# -- single-threaded regressions ------------------------------------------------------------------


@pytest.mark.django_db
def test_get_sends_the_version_as_etag_and_a_stale_if_match_is_412(client, world):
    project = make_project(world.zone_a)
    token = create_token(world.user("zone_a"), "t")
    url = f"/api/projects/{project.pk}/"
    etag = api(client, "get", url, token)["ETag"]
    assert etag == f'"{project.version}"'
    first = api(client, "patch", url, token, {"location": "一号地块"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] == f'"{project.version + 1}"'
    stale = api(client, "patch", url, token, {"location": "二号地块"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert STALE in stale.json()["detail"]
    project.refresh_from_db()
    assert project.location == "一号地块"


@pytest.mark.django_db
def test_patch_of_one_field_does_not_write_back_another_read_before_it(world):
    """The old save_form wrote every field of the copy it had read: a PATCH of `location` put back a
    total investment someone had changed between that read and the write."""
    project = make_project(world.zone_a, total="100.00")
    stale_copy = Project.objects.get(pk=project.pk)
    other = Project.objects.get(pk=project.pk)
    other.total_investment = Decimal("250.00")
    other.save()
    request = RequestFactory().patch("/api/projects/")
    request.user = world.user("zone_a")
    save_form(request, ProjectForm, {"location": "一号地块"}, instance=stale_copy)
    project.refresh_from_db()
    assert (project.location, project.total_investment) == ("一号地块", Decimal("250.00"))


@pytest.mark.django_db
def test_stale_form_save_is_refused_with_what_changed(client, world):
    project = make_project(world.zone_a, name="旧名称项目")
    user = world.user("zone_a")
    client.force_login(user)
    opened = form_data(project, user)
    other = Project.objects.get(pk=project.pk)
    other.name = "他人改的名称"
    other.save()
    response = client.post(f"/projects/{project.pk}/edit/", {**opened, "name": "我改的名称"})
    assert response.status_code == 200
    text = response.content.decode()
    assert STALE in text
    assert "他人改的名称 / 我改的名称" in text
    project.refresh_from_db()
    assert project.name == "他人改的名称"
    # Having read their change, saving again is a deliberate choice and goes through.
    version = re.search(r'name="row_version" value="(\d+)"', text).group(1)
    again = client.post(
        f"/projects/{project.pk}/edit/", {**opened, "name": "我改的名称", "row_version": version}
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.name == "我改的名称"


@pytest.mark.django_db
def test_a_create_form_posted_twice_or_again_after_back_makes_one_record(client, world):
    project = make_project(world.zone_a)
    client.force_login(world.user("zone_a"))
    page = client.get("/problems/add/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {
        "title": "用地指标不足",
        "project": project.pk,
        "department": world.dept_a.pk,
        "raised_on": "2026-11-02",
        "deadline": "2026-12-02",
        "category": "land",
        "status": "open",
        "form_token": token,
    }
    first = client.post("/problems/add/", data)
    second = client.post("/problems/add/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Problem.objects.filter(title="用地指标不足").count() == 1
    # Back, then save again: the page was fetched anew (a new token), the content is the same.
    page = client.get("/problems/add/").content.decode()
    token2 = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert token2 != token
    again = client.post("/problems/add/", {**data, "form_token": token2})
    assert again["Location"] == first["Location"]
    assert Problem.objects.filter(title="用地指标不足").count() == 1
    # Another problem typed into a new form is a new record.
    client.post("/problems/add/", {**data, "form_token": token2, "title": "环评未批复"})
    assert Problem.objects.filter(title__in=["用地指标不足", "环评未批复"]).count() == 2


@pytest.mark.django_db
def test_an_api_create_repeated_with_the_same_idempotency_key_makes_one_record(client, world):
    project = make_project(world.zone_a)
    token = create_token(world.user("zone_a"), "t")
    payload = {
        "title": "环评未批复",
        "project": project.pk,
        "department": world.dept_a.pk,
        "raised_on": "2026-11-02",
        "deadline": "2026-12-02",
        "category": "land",
        "status": "open",
    }
    first = api(client, "post", "/api/problems/", token, payload, HTTP_IDEMPOTENCY_KEY="k-1")
    second = api(client, "post", "/api/problems/", token, payload, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.json()["id"] == second.json()["id"]
    assert Problem.objects.filter(title="环评未批复").count() == 1


# -- many writers at once -------------------------------------------------------------------------


ATTEMPTS = 3


def run_threads(workers) -> None:
    barrier = threading.Barrier(len(workers))
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as err:  # reported below, never swallowed
            errors.append(repr(err))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def concurrent_editors(
    world, api_increments: int, api_other_field: int, form_increments: int, report_figures
) -> dict:
    """Writers on one project at once: API read-modify-write increments of total_investment (with
    If-Match), API PATCHes of another field (no If-Match), and edit-form increments. Every accepted
    increment must show in the final amount; every refused one must have been told so."""
    project = make_project(world.zone_a, total="1000.00")
    user = world.user("zone_a")
    token = create_token(user, "t")
    url = f"/api/projects/{project.pk}/"
    counts = {"accepted": 0, "conflicts": 0, "other_field": 0, "unexplained": []}
    lock = threading.Lock()

    def tally(key, detail=None):
        with lock:
            if detail is None:
                counts[key] += 1
            else:
                counts[key].append(detail)

    def api_increment():
        c = Client()
        for _attempt in range(ATTEMPTS):  # a client told 412 reads again and retries
            got = api(c, "get", url, token)
            amount = Decimal(got.json()["total_investment"]) + 1
            # (Without an ETag, as before versions, the write is blind: what this test measures then.)
            precondition = {"HTTP_IF_MATCH": got["ETag"]} if got.has_header("ETag") else {}
            r = api(c, "patch", url, token, {"total_investment": str(amount)}, **precondition)
            if r.status_code == 200:
                return tally("accepted")
            if r.status_code == 412 and STALE in r.json()["detail"]:
                tally("conflicts")
            else:
                return tally("unexplained", (r.status_code, r.content[:200]))

    def api_other(i):
        def work():
            r = api(Client(), "patch", url, token, {"location": f"地块{i}"})
            if r.status_code == 200:
                tally("other_field")
            else:
                tally("unexplained", (r.status_code, r.content[:200]))

        return work

    def form_increment():
        c = Client()
        c.force_login(user)
        for _attempt in range(ATTEMPTS):  # a user told 已被他人修改 reloads the page and tries again
            current = Project.objects.get(pk=project.pk)
            data = form_data(current, user, total_investment=str(current.total_investment + 1))
            r = c.post(f"/projects/{project.pk}/edit/", data)
            if r.status_code == 302:
                return tally("accepted")
            if r.status_code == 200 and STALE in r.content.decode():
                tally("conflicts")
            else:
                return tally("unexplained", (r.status_code, r.content[:200]))

    workers = (
        [api_increment] * api_increments
        + [api_other(i) for i in range(api_other_field)]
        + [form_increment] * form_increments
    )
    run_threads(workers)
    project.refresh_from_db()
    expected = Decimal("1000.00") + counts["accepted"]
    lost = int(expected - project.total_investment)
    writers = len(workers)
    report_figures(
        f"{connection.vendor}: writers={writers} accepted={counts['accepted']} "
        f"conflicts={counts['conflicts']} other-field={counts['other_field']} lost={lost} "
        f"unexplained={len(counts['unexplained'])}"
    )
    assert counts["unexplained"] == []
    assert counts["other_field"] == api_other_field
    assert counts["conflicts"] >= 1  # they did meet
    assert counts["accepted"] >= 1
    assert lost == 0
    # Every accepted write is in the history, one version each.
    assert project.version == 1 + counts["accepted"] + counts["other_field"] + 1  # +1: make_project's status
    return counts


@pytest.mark.django_db(transaction=True)
def test_fifty_writers_through_api_and_form_lose_no_update(report_figures):
    """Issue 11: 50 writers on one project through the API and the form, 0 lost updates, every
    conflict answered 412 / 已被他人修改."""
    concurrent_editors(
        build_world(),
        api_increments=25,
        api_other_field=10,
        form_increments=15,
        report_figures=report_figures,
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_editors_lose_no_update(report_figures):
    """Issue 10: 20 concurrent editors on one project, 0 lost updates."""
    concurrent_editors(
        build_world(), api_increments=10, api_other_field=0, form_increments=10, report_figures=report_figures
    )


@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_makes_one_record():
    world = build_world()
    project = make_project(world.zone_a)
    user = world.user("zone_a")
    data = {
        "title": "双击问题",
        "project": project.pk,
        "department": world.dept_a.pk,
        "raised_on": "2026-11-02",
        "deadline": "2026-12-02",
        "category": "land",
        "status": "open",
        "form_token": "dbl-click-1",
    }
    results = []

    def click():
        c = Client()
        c.force_login(user)
        results.append(c.post("/problems/add/", data).status_code)

    run_threads([click, click, click])
    assert results == [302, 302, 302]
    assert Problem.objects.filter(title="双击问题").count() == 1


@pytest.mark.django_db
def test_sqlite_writers_wait_for_the_write_lock_instead_of_failing():
    """ "database is locked" under 50 writers: each connection waits up to 30 s for the lock (SQLite's
    default, 5 s, was too short), in WAL mode so readers never wait."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 30000
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db
def test_sqlite_reads_the_file_through_a_memory_map():
    """Not page by page into each connection's own 2 MB cache (a connection lives one request)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's memory map")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        assert cursor.fetchone()[0] >= 256 * 1024 * 1024


@pytest.mark.django_db
def test_a_stale_save_on_a_page_outside_the_edit_form_is_told_not_a_server_error(client, world, monkeypatch):
    """A status change (or an approval action) racing with an edit raised StaleRecord as a 500."""
    from jijuqu.projects import views
    from jijuqu.projects.services import allowed_transitions

    project = make_project(world.zone_a)

    @transaction.atomic  # as change_status is
    def racing_change_status(copy, *args, **kwargs):
        Project.objects.get(pk=copy.pk).save()  # someone else's edit lands first
        copy.location = "二号地块"
        copy.save()  # from the copy read before it: StaleRecord

    monkeypatch.setattr(views, "change_status", racing_change_status)
    client.force_login(world.user("zone_a"))
    page = project.get_absolute_url()
    response = client.post(
        f"/projects/{project.pk}/status/",
        {"to_status": allowed_transitions(project)[0], "date": "2024-01-01", "note": ""},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302 and response["Location"].endswith(page)
    shown = client.get(page).content.decode()
    assert STALE in shown
    project.refresh_from_db()
    assert project.location != "二号地块"

"""Deleting archives a record with what hangs on it; the level above restores; only an admin purges."""

from __future__ import annotations

import datetime as dt

import pytest

from jijuqu.core.api import create_token
from jijuqu.core.models import Archive
from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Problem, Project
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


def project_with_reports(world):
    project = make_project(world.zone_a, plan="5000.00", year=2025)
    for month in range(1, 11):
        report(project, 2025, month, "100.00")
    Problem.objects.create(
        title="用地指标不足",
        project=project,
        department=world.dept_a,
        raised_on=dt.date(2025, 5, 1),
        deadline=dt.date(2025, 6, 1),
    )
    return project


def test_zone_user_deleting_a_project_archives_it_and_its_reports(login, world):
    project = project_with_reports(world)
    client = login("zone_a")
    page = client.get(f"/projects/{project.pk}/delete/").content.decode()
    assert "月度进度" in page or "monthly progress" in page  # the page says what goes with it
    assert client.post(f"/projects/{project.pk}/delete/").status_code == 302
    # Nothing destroyed: every row is still in the database, archived under one entry.
    entry = Archive.objects.get()
    assert Project.all_objects.get(pk=project.pk).archived == entry
    assert MonthlyProgress.all_objects.filter(project=project, archived=entry).count() == 10
    assert AnnualPlan.all_objects.filter(project=project, archived=entry).count() == 1
    assert Problem.all_objects.filter(project=project, archived=entry).count() == 1
    # ... and gone from lists, detail, the API and the ledger's sums.
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    client.get("/")  # (shows the "moved to the recycle bin" message)
    assert project.name not in client.get("/projects/").content.decode()
    assert not MonthlyProgress.objects.filter(project=project).exists()
    token = create_token(world.user("zone_a"), "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/projects/{project.pk}/", **auth).status_code == 404
    assert client.get("/api/progress/", **auth).json()["count"] == 0
    # The history says who archived what.
    assert project.history.first().archived_id == entry.pk


def test_the_level_above_restores_and_the_zone_user_cannot(login, client, world):
    project = project_with_reports(world)
    login("zone_a").post(f"/projects/{project.pk}/delete/")
    entry = Archive.objects.get()
    zone_page = client.get("/recycle-bin/").content.decode()
    assert project.name in zone_page and "恢复" not in zone_page.split('id="recycle-bin"')[1]
    assert client.post(f"/recycle-bin/{entry.pk}/restore/").status_code == 403
    # The outsider does not even see the entry.
    outsider = login("zone_b")
    assert project.name not in outsider.get("/recycle-bin/").content.decode()
    assert outsider.post(f"/recycle-bin/{entry.pk}/restore/").status_code == 404
    county = login("county")
    assert county.post(f"/recycle-bin/{entry.pk}/restore/").status_code == 302
    assert Project.objects.filter(pk=project.pk).exists()
    assert MonthlyProgress.objects.filter(project=project).count() == 10
    assert not Archive.objects.exists()


def test_only_an_administrator_deletes_for_good_after_seeing_what_goes(login, world):
    project = project_with_reports(world)
    login("zone_a").post(f"/projects/{project.pk}/delete/")
    entry = Archive.objects.get()
    for name in ("zone_a", "county", "province"):
        client = login(name)
        assert client.get(f"/recycle-bin/{entry.pk}/purge/").status_code == 403
        assert client.post(f"/recycle-bin/{entry.pk}/purge/").status_code == 403
    assert Project.all_objects.filter(pk=project.pk).exists()
    admin = login("admin")
    page = admin.get(f"/recycle-bin/{entry.pk}/purge/").content.decode()
    assert "10" in page.split('id="goes-with"')[1]
    assert admin.post(f"/recycle-bin/{entry.pk}/purge/").status_code == 302
    assert not Project.all_objects.filter(pk=project.pk).exists()
    assert not MonthlyProgress.all_objects.filter(project_id=project.pk).exists()
    assert not Archive.objects.exists()

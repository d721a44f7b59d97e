"""The kept reports (`ProgressYear`) give, for every project and period, exactly what adding up its
reports gives — after every way a report is written: a form, the API, the recycle bin, an import, a bulk
write, a deletion, a new year nobody has reported in yet."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from jijuqu.core.archive import archive, restore
from jijuqu.core.fastinsert import insert
from jijuqu.core.sync import sync_rows
from jijuqu.core.testing import sqlite_plans
from jijuqu.core.tokens import create_token
from jijuqu.imports.engine import analyse, open_workbook
from jijuqu.projects.analysis import Period, with_figures
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import KeptYear, MonthlyProgress, ProgressYear, Project
from jijuqu.projects.testing import make_project, report
from jijuqu.projects.yearly import refresh

D = Decimal
PERIODS = [
    Period(2023, 12),
    Period(2024, 1),
    Period(2024, 3),
    Period(2024, 10),
    Period(2024, 12),
    Period(2025, 2),
]


def by_hand(project: Project, period: Period) -> dict:
    """The figures from the project's reports, added up here in Python."""
    rows = [(r.year, r.month, r.invested) for r in MonthlyProgress.objects.filter(project=project)]
    upto = [(y, m, a) for y, m, a in rows if (y, m) <= (period.year, period.month)]
    this_year = [a for y, _, a in upto if y == period.year]
    invested = [y * 12 + m - 1 for y, m, a in upto if a > 0]
    return {
        "ytd": sum(this_year, D("0.00")),
        "month_invested": sum((a for y, m, a in upto if (y, m) == (period.year, period.month)), D("0.00")),
        "cumulative": sum((a for _, _, a in upto), D("0.00")),
        "reported": any((y, m) == (period.year, period.month) for y, m, _ in rows),
        "last_invested_index": max(invested) if invested else None,
    }


def assert_kept_equal_recomputed():
    for period in PERIODS:
        for row in with_figures(Project.objects.all(), period):
            kept = {name: getattr(row, name) for name in by_hand(row, period)}
            assert kept == by_hand(row, period), (row.name, period)


@pytest.fixture
def two_years(world):
    a = make_project(world.zone_a, "甲项目", total="50000.00", plan="6000.00")
    b = make_project(world.zone_b, "乙项目", total="50000.00", plan="6000.00")
    make_project(world.zone_a, "丙项目（未填报）", total="1000.00")
    report(a, 2023, 11, "100.25")
    report(a, 2023, 12, "0")
    for month in (1, 2, 4, 9, 10):
        report(a, 2024, month, f"{month * 10}.50")
    report(b, 2024, 3, "0")
    report(b, 2024, 10, "77.77")
    return a, b


def test_reports_saved_one_by_one_are_kept_exactly(two_years):
    assert_kept_equal_recomputed()
    a, _ = two_years
    row = with_figures(Project.objects.filter(pk=a.pk), Period(2025, 2)).get()
    # 100.25 + 0 in 2023, 10.50 + 20.50 + 40.50 + 90.50 + 100.50 in 2024; last investment in October 2024.
    assert (row.ytd, row.cumulative, row.last_invested_index) == (D("0.00"), D("362.75"), 2024 * 12 + 9)


def test_a_new_year_nobody_reported_in_is_carried_into(two_years):
    """Rows written in 2024 reach 2024 only; a page of 2026 must still know what was done before."""
    ProgressYear.objects.filter(year__gte=2025).delete()
    KeptYear.objects.all().delete()
    a, _ = two_years
    row = with_figures(Project.objects.filter(pk=a.pk), Period(2026, 1)).get()
    assert (row.ytd, row.cumulative, row.last_invested_index) == (D("0.00"), D("362.75"), 2024 * 12 + 9)
    assert set(ProgressYear.objects.filter(project=a).values_list("year", flat=True)) == {
        2023,
        2024,
        2025,
        2026,
    }
    assert_kept_equal_recomputed()


def test_a_corrected_an_archived_and_a_deleted_report_are_kept_exactly(world, two_years):
    a, b = two_years
    april = a.progress.get(year=2024, month=4)
    april.invested = D("0")
    april.save()
    assert_kept_equal_recomputed()
    entry = archive(a.progress.get(year=2024, month=10), world.user("admin"))
    assert_kept_equal_recomputed()
    restore(entry)
    assert_kept_equal_recomputed()
    b.progress.get(year=2024, month=10).delete()
    assert_kept_equal_recomputed()
    report(b, 2022, 6, "5.00")  # an earlier year: every later row carries it
    assert_kept_equal_recomputed()


def test_reports_through_the_form_and_the_api_are_kept_exactly(world, login, client, two_years):
    a, b = two_years
    response = login("zone_a").post(
        "/progress/add/", {"project": a.pk, "year": 2024, "month": 11, "invested": "12.34"}
    )
    assert response.status_code == 302
    token = create_token(world.user("zone_b"), "t")
    response = client.post(
        "/api/progress/",
        json.dumps({"project": b.pk, "year": 2024, "month": 12, "invested": "9.99"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert_kept_equal_recomputed()


def test_an_import_and_a_bulk_write_are_kept_exactly(world, two_years):
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目"
    ws.append(["项目名称", "建设单位", "总投资", "2024年计划投资", "1-10月完成投资", "开工时间"])
    ws.append(["甲项目", "甲公司", 50000, 6000, 500, "2024.1"])
    ws.append(["新项目", "新公司", 3000, 300, 250, "2024.3"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    result = import_ledger(
        analyse(open_workbook(out), SPEC), Context(2024, 10, default_zone=world.zone_a), batch_size=1
    )
    assert result.errors == [] and result.created == 1
    assert_kept_equal_recomputed()
    a, _ = two_years
    sync_rows(
        MonthlyProgress,
        ("project_id", "year", "month"),
        [
            {"project_id": a.pk, "year": 2024, "month": 9, "invested": D("1.00"), "progress_text": ""},
        ],
        row_clean=False,
    )
    assert_kept_equal_recomputed()


def test_many_projects_are_refreshed_set_wise_and_exactly(world, two_years, django_assert_max_num_queries):
    """An import refreshes the kept rows of thousands of projects at a time: a few statements whatever
    their number (not a Python object per kept row), and still exact — a year with no report between
    two that have some, an archived report, a report in a year after this one."""
    a, b = two_years
    report(a, 2026, 2, "3.00")  # 2025 has no report; 2026 and later carry everything
    archive(b.progress.get(year=2024, month=10), world.user("admin"))
    rows = [
        {
            "zone_id": world.zone_a.pk,
            "name": f"批量项目{i}",
            "builder_name": "某公司",
            "total_investment": D(9000),
        }
        for i in range(1200)
    ]
    insert(Project, rows)
    insert(
        MonthlyProgress,
        [
            {
                "project_id": row["id"],
                "year": 2024,
                "month": 1 + i % 12,
                "invested": D(i % 7),
                "progress_text": "",
            }
            for i, row in enumerate(rows)
        ],
    )
    ids = list(Project.objects.values_list("pk", flat=True))
    ProgressYear.objects.all().delete()
    with django_assert_max_num_queries(3):  # the years carried into, a DELETE and an INSERT … SELECT
        refresh(ids)
    assert ProgressYear.objects.filter(project_id=rows[0]["id"]).count() == 3  # 2024 to this year (2026)
    for period in [*PERIODS, Period(2026, 2), Period(2026, 3)]:
        projects = Project.objects.filter(pk__in=[a.pk, b.pk, *(r["id"] for r in rows[:30])])
        for row in with_figures(projects, period):
            kept = {name: getattr(row, name) for name in by_hand(row, period)}
            assert kept == by_hand(row, period), (row.name, period)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_a_batch_of_projects_is_refreshed_along_the_reports_index_not_by_reading_every_live_report(world):
    """Given a batch's 2,000 projects and `archived IS NULL`, SQLite without statistics (a new database,
    or one an import is filling) read every live report through the archived index, once per batch."""
    with CaptureQueriesContext(connection) as queries:
        refresh(range(1, 2001))
    plans = sqlite_plans(queries, "projects_monthlyprogress")
    assert plans and all("archived" not in p and p.startswith("SEARCH") for p in plans), plans

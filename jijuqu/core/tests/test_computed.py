"""Figures kept for a state of the data (core.computed) are served only while the data has not changed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from jijuqu.core import computed
from jijuqu.core.models import Computed, DataChange
from jijuqu.core.sync import sync_rows
from jijuqu.projects.analysis import default_period
from jijuqu.projects.models import MonthlyProgress, Project
from jijuqu.projects.testing import make_project, report


def counting(values):
    calls = []

    def compute():
        calls.append(1)
        return values[len(calls) - 1]

    return compute, calls


def test_a_figure_is_computed_once_while_nothing_changes(world):
    compute, calls = counting(["first", "second"])
    assert computed.remember("k", compute) == "first"
    assert computed.remember("k", compute) == "first"
    assert len(calls) == 1


def test_any_business_write_gives_a_new_state(world):
    project = make_project(world.zone_a, "甲项目", total="100.00")
    states = [computed.version()]
    project.name = "甲项目（改）"
    project.save()
    states.append(computed.version())
    report(project, 2024, 3, "10.00")
    states.append(computed.version())
    sync_rows(
        MonthlyProgress,
        ("project_id", "year", "month"),
        [{"project_id": project.pk, "year": 2024, "month": 3, "invested": "12.00", "progress_text": ""}],
        row_clean=False,
    )
    states.append(computed.version())
    project.delete()
    states.append(computed.version())
    assert states == sorted(set(states)), states  # each write a new, later state


def test_a_kept_figure_is_not_served_after_a_change(world):
    compute, calls = counting(["before", "after"])
    computed.remember("k", compute)
    make_project(world.zone_a, "新项目", total="100.00")
    assert computed.remember("k", compute) == "after"


def test_a_rolled_back_change_leaves_no_mark(world):
    before = DataChange.objects.count()
    try:
        with transaction.atomic():
            make_project(world.zone_a, "回滚项目", total="100.00")
            raise RuntimeError
    except RuntimeError:
        pass
    assert DataChange.objects.count() == before and not Project.objects.filter(name="回滚项目").exists()


def test_an_old_figure_is_not_served_whatever_happens(world, settings):
    settings.JIJUQU_COMPUTED_MAX_AGE = 60
    compute, calls = counting(["old", "fresh"])
    computed.remember("k", compute)
    Computed.objects.filter(key="k").update(at=timezone.now() - dt.timedelta(seconds=61))
    assert computed.remember("k", compute) == "fresh"


def test_the_ledger_total_follows_a_new_report(world, login):
    project = make_project(world.zone_a, "甲项目", total="1000.00", plan="600.00")
    report(project, 2024, 9, "100.00")
    client = login("zone_a")
    page = client.get("/projects/", {"period": "2024-10"}).content.decode()
    assert "累计完成投资0.0亿元" in page and "16.7%" in page  # 100 of 600
    report(project, 2024, 10, "300.00")
    page = client.get("/projects/", {"period": "2024-10"}).content.decode()
    assert "66.7%" in page  # 400 of 600


def test_a_list_counts_its_rows_once_for_a_state_of_the_data(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        make_project(world.zone_a, f"项目{i}", total="100.00")
    client = login("zone_a")
    client.get("/projects/", {"period": "2024-10"})
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/projects/", {"period": "2024-10"})
    assert page.status_code == 200 and "项目2" in page.content.decode()
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_a_bulk_update_of_business_rows_gives_a_new_state(world):
    make_project(world.zone_a, "甲项目", total="100.00")
    before = computed.version()
    Project.objects.filter(name="甲项目").update(name="甲项目（改）")
    assert computed.version() > before


def test_a_key_paged_slice_is_the_plain_slice(world):
    from jijuqu.projects import analysis

    for i in range(12):
        make_project(world.zone_a if i % 2 else world.zone_b, f"项目{i:02d}", total=f"{100 + i}.00")
    rows = analysis.with_figures(Project.objects.all(), analysis.Period(2024, 10)).order_by("zone_id", "name")
    for page in (slice(0, 5), slice(5, 10), slice(10, 15)):
        plain = [(p.pk, p.ytd, p.plan) for p in rows[page]]
        keyed = [(p.pk, p.ytd, p.plan) for p in rows.key_paged()[page]]
        assert keyed == plain and plain


def test_a_kept_figure_is_found_in_one_query(world, django_assert_num_queries):
    computed.remember("k", lambda: "kept")
    with django_assert_num_queries(1):
        assert computed.remember("k", lambda: "not kept") == "kept"


def test_the_default_period_follows_a_new_months_report(world):
    project = make_project(world.zone_a, "甲项目", total="100.00")
    report(project, 2024, 3, "10.00")
    projects = Project.objects.filter(zone=world.zone_a)
    assert str(default_period(projects, today=dt.date(2024, 12, 20))) == "2024-03"
    report(project, 2024, 5, "12.00")
    assert str(default_period(projects, today=dt.date(2024, 12, 20))) == "2024-05"
    assert (
        str(default_period(projects, today=dt.date(2024, 4, 20))) == "2024-03"
    )  # the closed month bounds it

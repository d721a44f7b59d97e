"""The home page: the month's figures for analysts and zones, each count opening its list; a
department's and an enterprise's own to-do list instead of a region's chart."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from jijuqu.core.periods import Period
from jijuqu.projects.models import AnnualPlan, ApprovalItem, ApprovalItemType, Problem
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(world):
    closed = Period.closed()
    a = make_project(world.zone_a, "铝型材项目", plan="12000.00", year=closed.year, department=world.dept_a)
    report(a, closed.year, closed.month, "100.00")
    waiting = make_project(
        world.zone_a,
        "待开工项目",
        status="planning",
        plan="1000.00",
        year=closed.year,
        planned_start=closed.start,
    )
    AnnualPlan.objects.filter(project=waiting).update(target_start=True)
    b = make_project(world.zone_b, "汝绣产业园", plan="6000.00", year=closed.year, department=world.dept_b)
    report(b, closed.year, closed.month, "3000.00")
    today = timezone.localdate()
    mine = Problem.objects.create(
        title="用地指标未落实",
        project=a,
        department=world.dept_city,
        raised_on=today - dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=1),
    )
    other = Problem.objects.create(
        title="汝州的问题",
        project=b,
        department=world.dept_b,
        raised_on=today,
        deadline=today + dt.timedelta(days=9),
    )
    ApprovalItem.objects.create(
        project=a,
        item_type=ApprovalItemType.objects.create(name="施工许可", time_limit=5),
        department=world.dept_city,
        submitted_on=today,
        time_limit=5,
    )
    return closed, mine, other


def test_every_home_card_opens_the_list_it_counts(login, world, month):
    closed, *_ = month
    client = login("province")
    response = client.get("/")
    lagging = response.context["lagging"]
    assert [label for label, *_ in lagging] == [
        "投资滞后时序进度",
        "计划开工未开工",
        "本月未填报",
        "连续3个月无投资进展",
    ]
    for label, count, url in lagging:
        assert url in response.content.decode().replace("&amp;", "&"), label
        query = parse_qs(urlparse(url).query)
        assert query["period"] == [str(closed)]
        listed = client.get(url).context["table"].data
        assert len(listed) == count, label
    assert dict((label, count) for label, count, _ in lagging)["计划开工未开工"] == 1
    for name in ("overdue_problems", "open_approvals"):
        listed = client.get(response.context[f"{name}_url"]).context["table"].data
        assert len(listed) == response.context[name] == 1, name


def test_the_home_states_the_start_rate_of_planned_starts(login, world, month):
    html = login("province").get("/").content.decode()
    assert "计划开工项目1个，年内已开工0个，开工率0.0%" in html


def test_a_department_home_is_its_own_todo_not_the_city_chart(login, world, month):
    _, mine, other = month
    response = login("department").get("/")
    html = response.content.decode()
    assert "chart-investment" not in html and "project-summary" not in html
    assert [p.title for p in response.context["todo"]["problems"]] == [mine.title]
    assert other.title not in html
    assert [a.item_type.name for a in response.context["todo"]["approvals"]] == ["施工许可"]


def test_an_enterprise_home_is_a_todo_list_too(login, world, month):
    response = login("enterprise").get("/")
    html = response.content.decode()
    assert "todo" in response.context and "chart-investment" not in html
    assert "汝州的问题" not in html


def test_the_homes_work_counts_are_kept_for_the_datas_state(
    login, world, month, django_assert_max_num_queries
):
    """The open and overdue problems and approval items: counted once for a state of the data (a
    province's four counts each joined its 100,000 projects), and counted again after a change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, mine, other = month
    client = login("province")
    first = client.get("/").context
    assert (first["open_problems"], first["overdue_problems"]) == (2, 1)
    assert (first["open_approvals"], first["overdue_approvals"]) == (1, 0)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/").context
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "projects_problem" not in read and "projects_approvalitem" not in read
    assert again["open_problems"] == 2
    other.deadline = timezone.localdate() - dt.timedelta(days=1)
    other.save()
    assert login("province").get("/").context["overdue_problems"] == 2
    assert login("zone_b").get("/").context["overdue_problems"] == 1

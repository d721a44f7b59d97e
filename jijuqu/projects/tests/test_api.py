import datetime as dt
import json
from decimal import Decimal

import pytest

from jijuqu.core.api import create_token
from jijuqu.projects.models import MonthlyProgress
from jijuqu.projects.testing import make_project, report

pytestmark = pytest.mark.django_db


def call(client, world, user, method, url, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user(user), 't')}"}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def projects(world):
    a = make_project(world.zone_a, "沁阳项目", total="1000.00", plan="600.00")
    report(a, 2024, 10, "500.00")
    b = make_project(world.zone_b, "汝州项目", total="1000.00", plan="600.00")
    report(b, 2024, 10, "100.00")
    return a, b


def test_project_list_has_the_periods_figures_in_scope(client, world, projects):
    body = call(client, world, "zone_a", "get", "/api/projects/?period=2024-10").json()
    assert [(p["name"], p["ytd"], p["plan"]) for p in body["items"]] == [("沁阳项目", "500.00", "600.00")]
    body = call(client, world, "province", "get", "/api/projects/?period=2024-10&lagging=behind").json()
    assert [p["name"] for p in body["items"]] == ["汝州项目"]
    response = call(client, world, "province", "get", "/api/projects/?period=2024-13")
    assert response.status_code == 422


def test_progress_report_through_the_api(client, world, projects):
    a, b = projects
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/progress/",
        {"project": a.pk, "year": 2024, "month": 11, "invested": "600.00"},
    )
    assert response.status_code == 422
    assert "超过项目总投资1000.00万元" in response.json()["errors"]["invested"][0]
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/progress/",
        {"project": a.pk, "year": 2024, "month": 11, "invested": "300.00", "progress_text": "设备安装"},
    )
    assert response.status_code == 201, response.content
    assert MonthlyProgress.objects.get(project=a, year=2024, month=11).invested == Decimal("300.00")
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/progress/",
        {"project": b.pk, "year": 2024, "month": 11, "invested": "1.00"},
    )
    assert response.status_code == 422
    assert not MonthlyProgress.objects.filter(project=b, month=11).exists()


def test_status_transition_through_the_api(client, world, projects):
    a, b = projects
    response = call(
        client,
        world,
        "zone_a",
        "post",
        f"/api/projects/{a.pk}/status/",
        {"to_status": "producing", "date": "2024-10-01"},
    )
    assert response.status_code == 422 and "不能变更为" in response.json()["errors"]["to_status"][0]
    response = call(
        client,
        world,
        "zone_a",
        "post",
        f"/api/projects/{a.pk}/status/",
        {"to_status": "completed", "date": "2024-10-01"},
    )
    assert response.status_code == 200 and response.json()["status"] == "completed"
    response = call(
        client,
        world,
        "zone_a",
        "post",
        f"/api/projects/{b.pk}/status/",
        {"to_status": "completed", "date": "2024-10-01"},
    )
    assert response.status_code == 404


def test_problem_and_approval_through_the_api(client, world, projects):
    from jijuqu.projects.models import ApprovalItemType

    a, b = projects
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/problems/",
        {
            "title": "用地指标未落实",
            "category": "land",
            "project": a.pk,
            "department": world.dept_a.pk,
            "raised_on": "2024-10-01",
            "deadline": "2024-10-31",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["zone"] == world.zone_a.pk and response.json()["level"] == 1
    kind = ApprovalItemType.objects.create(name="施工许可", time_limit=7)
    response = call(
        client,
        world,
        "zone_a",
        "post",
        "/api/approvals/",
        {
            "project": a.pk,
            "item_type": kind.pk,
            "department": world.dept_city.pk,
            "submitted_on": "2024-10-08",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["time_limit"] == 7 and response.json()["due_on"] == "2024-10-17"
    assert call(client, world, "zone_b", "get", "/api/approvals/").json()["count"] == 0


def test_the_problem_list_reads_each_problems_zone_with_the_page(
    client, world, projects, django_assert_max_num_queries
):
    """A problem's zone comes through its project or its enterprise; a page of 100 read 200 rows one
    by one for it."""
    from jijuqu.projects.models import Problem

    a, b = projects
    for i in range(6):
        Problem.objects.create(
            title=f"问题{i}",
            category="land",
            project=(a, b)[i % 2],
            raised_on=dt.date(2024, 10, 1),
            deadline=dt.date(2024, 10, 31),
        )
    Problem.objects.create(
        title="企业的问题",
        category="land",
        enterprise=world.enterprise_b,
        raised_on=dt.date(2024, 10, 1),
        deadline=dt.date(2024, 10, 31),
    )
    call(client, world, "province", "get", "/api/problems/")  # the session and token, once
    with django_assert_max_num_queries(12):
        body = call(client, world, "province", "get", "/api/problems/").json()
    zones = {p["title"]: p["zone"] for p in body["items"]}
    assert len(zones) == 7 and zones["企业的问题"] == world.zone_b.pk
    assert zones["问题0"] == world.zone_a.pk and zones["问题1"] == world.zone_b.pk

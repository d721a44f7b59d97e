"""A role without a path to a model sees none of it, unless the model is reference data it needs.

Enterprise users see rows linked to their enterprise (projects it builds, its problems) and nothing
of other companies, the zone's officials, approvals or report; department users read the zones and
the enterprise register of their region but not the enterprises' revenue, tax and profit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import EmptyResultSet

from jijuqu.core.navigation import menu_for
from jijuqu.core.scope import CHANGE, VIEW, can, for_counting
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.projects.models import ApprovalItem, ApprovalItemType, MonthlyProgress, Problem, Project
from jijuqu.projects.testing import make_project, report
from jijuqu.zones.models import Department, Official, Park, Region, Zone, ZoneYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(world):
    own = make_project(world.zone_a, name="兴发铝型材项目", builder=world.enterprise_a)
    neighbour = make_project(
        world.zone_a, name="超威电源项目", builder_name="超威电源", builder=world.enterprise_a2
    )
    report(own, 2024, 3, "100.00")
    report(neighbour, 2024, 3, "200.00")
    dept = world.dept_a
    Problem.objects.create(
        title="用地指标",
        project=own,
        department=dept,
        raised_on=dt.date(2024, 3, 1),
        deadline=dt.date(2024, 4, 1),
    )
    Problem.objects.create(
        title="企业融资",
        enterprise=world.enterprise_a,
        department=dept,
        raised_on=dt.date(2024, 3, 1),
        deadline=dt.date(2024, 4, 1),
    )
    Problem.objects.create(
        title="邻居的问题",
        project=neighbour,
        department=dept,
        raised_on=dt.date(2024, 3, 1),
        deadline=dt.date(2024, 4, 1),
    )
    kind = ApprovalItemType.objects.create(name="环评", time_limit=20)
    ApprovalItem.objects.create(
        project=neighbour, item_type=kind, department=dept, submitted_on=dt.date(2024, 3, 1), time_limit=20
    )
    ZoneYear.objects.create(zone=world.zone_a, year=2024, revenue=Decimal("100.00"))
    return own, neighbour


def test_enterprise_user_sees_only_projects_it_builds(world, projects):
    own, neighbour = projects
    user = world.user("enterprise")
    assert list(Project.objects.restrict(user)) == [own]
    assert list(MonthlyProgress.objects.restrict(user)) == list(own.progress.all())
    assert Project.objects.restrict(user, CHANGE).count() == 0


def test_enterprise_user_sees_problems_of_its_enterprise_and_its_projects_only(world, projects):
    titles = sorted(p.title for p in Problem.objects.restrict(world.user("enterprise")))
    assert titles == ["企业融资", "用地指标"]
    assert Problem.objects.restrict(world.user("enterprise"), CHANGE).count() == 0


def test_enterprise_user_sees_no_officials_departments_approvals_or_zone_figures(world, projects):
    user = world.user("enterprise")
    for model in (Official, Department, ApprovalItem, ZoneYear):
        assert model.objects.restrict(user).count() == 0, model
        assert not can(user, VIEW, model), model
    # Reference data it needs: its own zone, that zone's parks, its region chain, to read only.
    assert list(Zone.objects.restrict(user)) == [world.zone_a]
    assert list(Park.objects.restrict(user)) == [world.park_a]
    assert Zone.objects.restrict(user, CHANGE).count() == 0
    assert Region.objects.restrict(user).count() == 3


def test_enterprise_user_pages_and_api_show_no_other_company(login, world, projects):
    own, neighbour = projects
    client = login("enterprise")
    listed = [p.name for p in client.get("/projects/").context["table"].data]
    assert listed == [own.name]
    assert client.get(f"/projects/{neighbour.pk}/").status_code == 404
    assert list(client.get("/officials/").context["table"].data) == []
    assert client.get(f"/officials/{world.official_a.pk}/").status_code == 404
    assert list(client.get("/approvals/").context["table"].data) == []
    assert [p["name"] for p in client.get("/api/projects/").json()["items"]] == [own.name]
    assert client.get(f"/api/projects/{neighbour.pk}/").status_code == 404


def test_enterprise_user_has_no_monthly_report_of_the_zone(login, world, projects):
    client = login("enterprise")
    assert "/reports/monthly/" not in client.get("/").content.decode()
    assert "/reports/monthly/" in login("zone_a").get("/").content.decode()
    client = login("enterprise")
    assert client.get("/reports/monthly/").status_code == 403
    response = client.get("/api/reports/monthly/", {"area": world.zone_a.code, "period": "2024-03"})
    assert response.status_code == 403


def test_enterprise_menu_offers_no_officials_departments_or_report(world):
    urls = {item.url_name for _, items in menu_for(world.user("enterprise")) for item in items}
    assert "zones:official_list" not in urls
    assert "zones:department_list" not in urls
    assert "reports:monthly" not in urls
    assert "projects:project_list" in urls


def test_department_user_reads_the_register_but_not_enterprises_figures(login, world):
    user = world.user("department")
    assert EnterpriseYear.objects.restrict(user).count() == 0
    assert not can(user, VIEW, EnterpriseYear)
    # The register of its region (焦作: zones A and C), read-only.
    assert sorted(e.name for e in Enterprise.objects.restrict(user)) == sorted(
        [world.enterprise_a.name, world.enterprise_a2.name, world.enterprise_c.name]
    )
    assert Enterprise.objects.restrict(user, CHANGE).count() == 0
    client = login("department")
    assert list(client.get("/years/").context["table"].data) == []
    assert client.get("/api/enterprises/").json()["count"] == 3
    assert client.get(f"/enterprises/{world.enterprise_a.pk}/").status_code == 200


def test_department_user_reads_zone_figures_of_its_region_as_reference(world):
    ZoneYear.objects.create(zone=world.zone_a, year=2024, revenue=Decimal("1.00"))
    ZoneYear.objects.create(zone=world.zone_b, year=2024, revenue=Decimal("2.00"))
    assert [y.zone for y in ZoneYear.objects.restrict(world.user("department"))] == [world.zone_a]
    assert ZoneYear.objects.restrict(world.user("department"), CHANGE).count() == 0


def test_officials_phone_numbers_are_for_government_users_only(login, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from jijuqu.zones.tables import OfficialTable

    Official.objects.filter(pk=world.official_a.pk).update(phone="13800000001")
    officials = Official.objects.all()
    assert "phone" in OfficialTable.for_user(officials, world.user("zone_a")).columns.names()
    assert "phone" not in OfficialTable.for_user(officials, world.user("enterprise")).columns.names()
    client = login("zone_a")
    assert "13800000001" in client.get("/officials/").content.decode()
    assert "13800000001" in client.get(f"/officials/{world.official_a.pk}/").content.decode()
    sheet = load_workbook(BytesIO(client.get("/officials/", {"export": "xlsx"}).content)).active
    assert "13800000001" in [c for row in sheet.iter_rows(values_only=True) for c in row]


@pytest.mark.parametrize("role", ["zone", "department", "enterprise"])
def test_a_user_whose_assignment_is_missing_sees_nothing(world, projects, role):
    # Q(builder=None) would select every project without a builder, Q(zone=None) every city department.
    from jijuqu.core.models import User

    make_project(world.zone_b, name="无建设单位项目", builder_name="某公司")
    user = User.objects.create(username="orphan", role=role)
    for model in (Project, Problem, Department, Zone, Enterprise):
        assert model.objects.restrict(user).count() == 0, model


def _sql(queryset) -> str:
    try:
        return str(queryset.query)
    except EmptyResultSet:  # a role that sees none of the model
        return ""


def test_a_count_asks_a_dependent_rows_scope_as_in_and_counts_the_same_rows(world, projects):
    """Counting (core.scope.for_counting) lists the parents in scope once (IN) instead of asking row by
    row (EXISTS); every role counts exactly the rows its list shows."""
    own, neighbour = projects
    report(own, 2024, 4, "50.00")
    for name, user in world.users.items():
        for queryset in (
            MonthlyProgress.objects.restrict(user),
            MonthlyProgress.objects.restrict(user).filter(year=2024, month__gte=4),
            EnterpriseYear.objects.restrict(user),
        ):
            counted = for_counting(queryset)
            assert counted.count() == len(list(queryset)), (name, queryset.model)
            if "EXISTS" in _sql(queryset):
                assert "EXISTS" not in _sql(counted) and " IN (SELECT" in _sql(counted), name
    zone_user = world.user("zone_a")
    assert for_counting(MonthlyProgress.objects.restrict(zone_user)).count() == 3

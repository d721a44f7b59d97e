"""Fields that decide scope (a zone's region, code and level; a department's region and zone; an
enterprise's zone) are written only by the level above or an administrator, on pages and the API.
And a role that works a record only in part writes only its fields (Scope.writable): a department a
problem's status and resolution, not its deadline; an enterprise user its contact details, not the
register (name, credit code, 规上/高新)."""

from __future__ import annotations

import datetime as dt

import pytest

from jijuqu.core.scope import locked_fields
from jijuqu.enterprises.models import Enterprise
from jijuqu.projects.models import Problem
from jijuqu.projects.testing import make_project
from jijuqu.zones.models import Department, Zone

pytestmark = pytest.mark.django_db

REFUSED = "只有上级或系统管理员可以修改"
NOT_YOURS = "您的角色不能修改此项"


def zone_post(world, zone, **changes):
    return {
        "code": zone.code,
        "name": zone.name,
        "region": zone.region_id,
        "level": zone.level,
        "kind": zone.kind,
        "planned_area": zone.planned_area or "",
        **changes,
    }


def test_department_user_cannot_move_own_department_to_the_province(login, world):
    client = login("department")
    dept = world.dept_city
    page = client.get(f"/departments/{dept.pk}/edit/")
    assert page.context["form"].fields["region"].disabled
    response = client.post(
        f"/departments/{dept.pk}/edit/",
        {"name": dept.name, "region": world.henan.pk, "phone": "0391-1234567"},
    )
    assert response.status_code == 200
    assert REFUSED in str(response.context["form"].errors["region"])
    dept.refresh_from_db()
    assert dept.region == world.jiaozuo and dept.phone == ""
    # Its scope did not widen: still the zones of 焦作 only.
    assert Zone.objects.restrict(world.user("department")).filter(pk=world.zone_b.pk).count() == 0


def test_department_user_still_edits_the_rest_of_its_department(login, world):
    client = login("department")
    dept = world.dept_city
    response = client.post(
        f"/departments/{dept.pk}/edit/",
        {"name": dept.name, "region": world.jiaozuo.pk, "phone": "0391-1234567"},
    )
    assert response.status_code == 302
    dept.refresh_from_db()
    assert dept.phone == "0391-1234567" and dept.region == world.jiaozuo


@pytest.mark.parametrize(
    "changes",
    [{"region": "wen_county"}, {"code": "41082599"}, {"level": "national"}],
    ids=["region", "code", "level"],
)
def test_zone_user_cannot_change_own_zones_region_code_or_level(login, world, changes):
    zone = world.zone_a
    changes = {k: getattr(world, v).pk if k == "region" else v for k, v in changes.items()}
    response = login("zone_a").post(f"/zones/{zone.pk}/edit/", zone_post(world, zone, **changes))
    assert response.status_code == 200
    field = next(iter(changes))
    assert REFUSED in str(response.context["form"].errors[field])
    zone.refresh_from_db()
    assert (zone.region, zone.code, zone.level) == (world.qinyang_county, "41088201", "provincial")
    assert Zone.objects.restrict(world.user("county")).filter(pk=zone.pk).exists()


def test_zone_user_edits_the_rest_of_its_zone(login, world):
    zone = world.zone_a
    response = login("zone_a").post(f"/zones/{zone.pk}/edit/", zone_post(world, zone, address="沁阳市西向镇"))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.address == "沁阳市西向镇"


def test_the_level_above_changes_a_zones_level(login, world):
    zone = world.zone_a
    response = login("city").post(f"/zones/{zone.pk}/edit/", zone_post(world, zone, level="national"))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.level == "national"


def test_zone_user_cannot_change_scope_fields_through_the_api(login, world):
    zone = world.zone_a
    response = login("zone_a").patch(
        f"/api/zones/{zone.pk}/",
        {"region": world.wen_county.pk, "code": "41082599", "level": "national", "address": "新地址"},
        content_type="application/json",
    )
    assert response.status_code in (200, 422)
    zone.refresh_from_db()
    assert (zone.region, zone.code, zone.level) == (world.qinyang_county, "41088201", "provincial")


def test_enterprise_user_cannot_move_its_enterprise_through_the_api(login, world):
    ent = world.enterprise_a
    response = login("enterprise").patch(
        f"/api/enterprises/{ent.pk}/", {"zone": world.zone_c.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert REFUSED in str(response.json()["errors"]["zone"])
    ent.refresh_from_db()
    assert ent.zone == world.zone_a
    ok = login("enterprise").patch(
        f"/api/enterprises/{ent.pk}/", {"contact": "王经理"}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert Enterprise.objects.get(pk=ent.pk).contact == "王经理"


def test_zone_user_sets_the_zone_of_rows_below_its_zone(world):
    assert locked_fields(world.user("zone_a"), Enterprise) == frozenset()
    assert locked_fields(world.user("zone_a"), Department) == frozenset()
    assert locked_fields(world.user("zone_a"), Zone) == {"region", "code", "level"}
    assert locked_fields(world.user("city"), Zone) == frozenset()
    assert locked_fields(world.user("admin"), Department) == frozenset()
    assert {"zone", "credit_code", "above_scale"} <= locked_fields(world.user("enterprise"), Enterprise)


def test_users_role_and_assignment_are_an_administrators(login, world):
    # Users are managed in /admin/ only, which only administrators (staff) may open.
    for name in ("department", "zone_a", "city", "enterprise"):
        response = login(name).get(f"/admin/core/user/{world.user(name).pk}/change/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# -- fields a role does not work --------------------------------------------------------------------


@pytest.fixture
def overdue_problem(world):
    project = make_project(world.zone_a)
    return Problem.objects.create(
        title="环评手续办理滞后",
        project=project,
        department=world.dept_city,
        raised_on=dt.date(2024, 10, 1),
        deadline=dt.date(2024, 11, 30),
    )


def problem_post(problem, **changes):
    return {
        "title": problem.title,
        "category": problem.category,
        "project": problem.project_id,
        "department": problem.department_id,
        "raised_on": problem.raised_on.isoformat(),
        "deadline": problem.deadline.isoformat(),
        "description": problem.description,
        "status": problem.status,
        "resolution": problem.resolution,
        "resolved_on": "",
        **changes,
    }


def test_department_cannot_move_a_problems_deadline_on_the_page(login, world, overdue_problem):
    problem, client = overdue_problem, login("department")
    form = client.get(f"/problems/{problem.pk}/edit/").context["form"]
    assert {"deadline", "raised_on", "project", "category", "department"} <= set(form.locked)
    assert not form.fields["status"].disabled and not form.fields["resolution"].disabled
    response = client.post(
        f"/problems/{problem.pk}/edit/",
        problem_post(problem, deadline="2027-12-31", raised_on="2027-01-01", status="resolved"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert NOT_YOURS in str(errors["deadline"]) and NOT_YOURS in str(errors["raised_on"])
    problem.refresh_from_db()
    assert problem.deadline == dt.date(2024, 11, 30) and problem.raised_on == dt.date(2024, 10, 1)
    assert problem.status == "open"  # nothing was saved


def test_department_works_its_problem_on_the_page(login, world, overdue_problem):
    problem = overdue_problem
    response = login("department").post(
        f"/problems/{problem.pk}/edit/",
        problem_post(problem, status="resolved", resolution="已完成专家评审", resolved_on="2024-11-25"),
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.resolution) == ("resolved", "已完成专家评审")
    assert problem.deadline == dt.date(2024, 11, 30)


def test_department_cannot_move_a_problems_deadline_through_the_api(login, world, overdue_problem):
    problem, client = overdue_problem, login("department")
    response = client.patch(
        f"/api/problems/{problem.pk}/",
        {"deadline": "2027-12-31", "category": "land", "status": "resolved"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert NOT_YOURS in str(response.json()["errors"]["deadline"])
    problem.refresh_from_db()
    assert (problem.deadline, problem.category, problem.status) == (dt.date(2024, 11, 30), "other", "open")
    ok = client.patch(
        f"/api/problems/{problem.pk}/",
        {"status": "resolved", "resolution": "已办结", "resolved_on": "2024-11-25"},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert Problem.objects.get(pk=problem.pk).status == "resolved"


def test_department_does_not_raise_problems(login, world):
    client = login("department")
    assert client.get("/problems/add/").status_code == 403
    response = client.post(
        "/api/problems/",
        {
            "title": "资金缺口",
            "project": make_project(world.zone_a).pk,
            "department": world.dept_city.pk,
            "raised_on": "2024-10-01",
            "deadline": "2027-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Problem.objects.exists()


def test_zone_still_moves_a_problems_deadline(login, world, overdue_problem):
    problem = overdue_problem
    response = login("zone_a").patch(
        f"/api/problems/{problem.pk}/", {"deadline": "2024-12-31"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    problem.refresh_from_db()
    assert problem.deadline == dt.date(2024, 12, 31)


def enterprise_post(ent, **changes):
    data = {
        "name": ent.name,
        "credit_code": ent.credit_code,
        "zone": ent.zone_id,
        "park": ent.park_id or "",
        "industry": ent.industry_id or "",
        "legal_representative": ent.legal_representative,
        "contact": ent.contact,
        "phone": ent.phone,
        "address": ent.address,
        "established": ent.established or "",
        "registered_capital": ent.registered_capital if ent.registered_capital is not None else "",
        **changes,
    }
    for flag in ("above_scale", "high_tech"):
        if data.get(flag, getattr(ent, flag)):
            data[flag] = "on"
        else:
            data.pop(flag, None)
    return data


def test_enterprise_user_cannot_change_its_register_on_the_page(login, world):
    ent, client = world.enterprise_a, login("enterprise")
    Enterprise.objects.filter(pk=ent.pk).update(above_scale=False)
    ent.refresh_from_db()
    before = (ent.name, ent.credit_code, ent.above_scale, ent.high_tech)
    form = client.get(f"/enterprises/{ent.pk}/edit/").context["form"]
    assert {"name", "credit_code", "above_scale", "high_tech", "industry", "park"} <= set(form.locked)
    response = client.post(
        f"/enterprises/{ent.pk}/edit/",
        enterprise_post(ent, above_scale=True, credit_code="91410882MA44XYZ12K", phone="123"),
    )
    assert response.status_code == 200
    assert NOT_YOURS in str(response.context["form"].errors["above_scale"])
    ent.refresh_from_db()
    assert (ent.name, ent.credit_code, ent.above_scale, ent.high_tech) == before and ent.phone != "123"
    response = client.post(f"/enterprises/{ent.pk}/edit/", enterprise_post(ent, phone="0391-5550000"))
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=ent.pk).phone == "0391-5550000"


def test_enterprise_user_cannot_change_its_register_through_the_api(login, world):
    ent = world.enterprise_a
    before = (ent.credit_code, ent.above_scale, ent.high_tech)
    response = login("enterprise").patch(
        f"/api/enterprises/{ent.pk}/",
        {"above_scale": not ent.above_scale, "high_tech": True, "contact": "王经理"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert NOT_YOURS in str(response.json()["errors"]["above_scale"])
    ent.refresh_from_db()
    assert (ent.credit_code, ent.above_scale, ent.high_tech) == before and ent.contact != "王经理"

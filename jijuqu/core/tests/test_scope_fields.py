"""Fields that decide scope (a zone's region, code and level; a department's region and zone; an
enterprise's zone) are written only by the level above or an administrator, on pages and the API."""

from __future__ import annotations

import pytest

from jijuqu.core.scope import locked_fields
from jijuqu.enterprises.models import Enterprise
from jijuqu.zones.models import Department, Zone

pytestmark = pytest.mark.django_db

REFUSED = "只有上级或系统管理员可以修改"


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
    assert locked_fields(world.user("enterprise"), Enterprise) == {"zone"}


def test_users_role_and_assignment_are_an_administrators(login, world):
    # Users are managed in /admin/ only, which only administrators (staff) may open.
    for name in ("department", "zone_a", "city", "enterprise"):
        response = login(name).get(f"/admin/core/user/{world.user(name).pk}/change/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

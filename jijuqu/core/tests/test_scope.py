"""Every user sees and touches only their scope: lists, detail pages, edits, deletes and exports."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.apps import apps
from openpyxl import load_workbook

from jijuqu.core.models import BusinessModel
from jijuqu.core.scope import CHANGE, DELETE, VIEW
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.zones.models import Department, Official, Park, Region, Zone

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(str(o) for o in qs)


def export_rows(client, url):
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    return [row for row in ws.iter_rows(min_row=4, values_only=True)]


# -- which rows each role sees -------------------------------------------------------------------

EXPECTED_ZONES = {
    "admin": ["汝州市产业集聚区", "沁阳市产业集聚区", "温县产业集聚区"],
    "province": ["汝州市产业集聚区", "沁阳市产业集聚区", "温县产业集聚区"],
    "city": ["沁阳市产业集聚区", "温县产业集聚区"],
    "county": ["沁阳市产业集聚区"],
    "zone_a": ["沁阳市产业集聚区"],
    "zone_b": ["汝州市产业集聚区"],
    "department": ["沁阳市产业集聚区", "温县产业集聚区"],
    "enterprise": ["沁阳市产业集聚区"],
}


@pytest.mark.parametrize("user", EXPECTED_ZONES)
def test_each_role_sees_exactly_its_zones(world, user):
    assert names(Zone.objects.restrict(world.user(user))) == sorted(EXPECTED_ZONES[user])


@pytest.mark.parametrize("user", EXPECTED_ZONES)
def test_zone_list_page_and_export_show_the_same_scope(login, world, user):
    client = login(user)
    response = client.get("/zones/")
    assert response.status_code == 200
    listed = sorted(z.name for z in response.context["table"].data)
    assert listed == sorted(EXPECTED_ZONES[user])
    exported = sorted(row[2] for row in export_rows(client, "/zones/"))
    assert exported == sorted(EXPECTED_ZONES[user])


def test_enterprise_user_sees_only_own_enterprise_and_its_figures(world):
    user = world.user("enterprise")
    assert names(Enterprise.objects.restrict(user)) == [world.enterprise_a.name]
    assert list(EnterpriseYear.objects.restrict(user)) == list(world.enterprise_a.years.all())


def test_department_user_sees_own_department_and_its_officials_only(world):
    user = world.user("department")
    assert names(Department.objects.restrict(user)) == [world.dept_city.name]
    assert list(Official.objects.restrict(user)) == []
    assert names(Department.objects.restrict(user, CHANGE)) == [world.dept_city.name]


def test_zone_user_sees_departments_of_own_zone_and_above_but_not_other_zones(world):
    user = world.user("zone_a")
    assert names(Department.objects.restrict(user)) == sorted([world.dept_a.name, world.dept_city.name])
    assert names(Official.objects.restrict(user)) == [str(world.official_a)]


def test_region_tree_visible_to_zone_user_is_its_own_chain(world):
    assert names(Region.objects.restrict(world.user("zone_a"))) == ["沁阳市", "河南省", "焦作市"]
    assert Region.objects.restrict(world.user("zone_a"), CHANGE).count() == 0
    assert Region.objects.restrict(world.user("province"), CHANGE).count() == 0
    assert Region.objects.restrict(world.user("admin"), CHANGE).count() == 6


def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert Zone.objects.restrict(AnonymousUser()).count() == 0
    assert Enterprise.objects.restrict(AnonymousUser()).count() == 0


def test_every_business_model_declares_its_scope():
    models = [m for m in apps.get_models() if issubclass(m, BusinessModel)]
    assert len(models) >= 9
    for model in models:
        assert hasattr(model, "scope"), model


# -- zone A's user against zone B's records, by URL guessing too ---------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/zones/{zone}/",
        "/zones/{zone}/edit/",
        "/zones/{zone}/delete/",
        "/enterprises/{ent}/",
        "/enterprises/{ent}/edit/",
        "/enterprises/{ent}/delete/",
        "/parks/{park}/",
        "/parks/{park}/edit/",
        "/officials/{official}/",
    ],
)
def test_zone_user_cannot_open_edit_or_delete_other_zone_records(login, world, url):
    client = login("zone_a")
    url = url.format(
        zone=world.zone_b.pk, ent=world.enterprise_b.pk, park=world.park_b.pk, official=world.official_b.pk
    )
    assert client.get(url).status_code == 404
    if url.endswith(("/edit/", "/delete/")):
        assert client.post(url, {"name": "改名"}).status_code == 404
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_b.name == "河南润灵药业有限公司"
    assert Zone.objects.filter(pk=world.zone_b.pk).exists()


def test_zone_user_can_open_own_records(login, world):
    client = login("zone_a")
    assert client.get(f"/zones/{world.zone_a.pk}/").status_code == 200
    assert client.get(f"/enterprises/{world.enterprise_a.pk}/edit/").status_code == 200


def test_zone_user_lists_and_exports_only_own_enterprises(login, world):
    client = login("zone_a")
    response = client.get("/enterprises/", {"zone": world.zone_b.pk})
    # A zone outside the scope is not even a valid choice; the list shows nothing, not zone B.
    assert list(response.context["table"].data) == []
    rows = export_rows(client, "/enterprises/")
    exported = sorted(row[1] for row in rows if row[0] != "合计")
    assert exported == sorted([world.enterprise_a.name, world.enterprise_a2.name])


def test_zone_filter_choices_are_scoped(login, world):
    response = login("zone_a").get("/enterprises/")
    choices = list(response.context["filterset"].form.fields["zone"].queryset)
    assert choices == [world.zone_a]


def test_zone_user_cannot_move_enterprise_to_other_zone_by_forged_post(login, world):
    client = login("zone_a")
    e = world.enterprise_a2
    response = client.post(
        f"/enterprises/{e.pk}/edit/",
        {
            "name": e.name,
            "credit_code": e.credit_code,
            "zone": world.zone_b.pk,
            "registered_capital": "1",
        },
    )
    assert response.status_code == 200
    assert "zone" in response.context["form"].errors
    e.refresh_from_db()
    assert e.zone == world.zone_a and e.registered_capital == e.registered_capital


def test_zone_user_cannot_create_enterprise_in_other_zone(login, world):
    from jijuqu.core.testing import credit

    client = login("zone_a")
    before = Enterprise.objects.count()
    response = client.post(
        "/enterprises/add/",
        {"name": "外区企业", "credit_code": credit("410482", 99), "zone": world.zone_b.pk},
    )
    assert response.status_code == 200
    assert Enterprise.objects.count() == before


def test_zone_user_cannot_create_zones_but_city_user_can(login, world):
    assert login("zone_a").get("/zones/add/").status_code == 403
    client = login("city")
    response = client.post(
        "/zones/add/",
        {
            "code": "41082502",
            "name": "温县新区",
            "region": world.wen_county.pk,
            "level": "provincial",
            "kind": "cluster",
        },
    )
    assert response.status_code == 302
    assert Zone.objects.get(code="41082502").region == world.wen_county


def test_city_user_cannot_create_zone_in_other_city(login, world):
    client = login("city")
    response = client.post(
        "/zones/add/",
        {
            "code": "41048299",
            "name": "外市园区",
            "region": world.ruzhou_county.pk,
            "level": "provincial",
            "kind": "cluster",
        },
    )
    assert response.status_code == 200
    assert not Zone.objects.filter(code="41048299").exists()


def test_department_user_reads_zones_but_cannot_edit_them(login, world):
    client = login("department")
    assert client.get(f"/zones/{world.zone_a.pk}/").status_code == 200
    assert client.get(f"/zones/{world.zone_a.pk}/edit/").status_code == 403
    assert client.get(f"/zones/{world.zone_b.pk}/").status_code == 404


def test_enterprise_user_edits_own_enterprise_only(login, world):
    client = login("enterprise")
    assert client.get(f"/enterprises/{world.enterprise_a.pk}/edit/").status_code == 200
    assert client.get(f"/enterprises/{world.enterprise_a2.pk}/").status_code == 404
    assert client.get("/enterprises/add/").status_code == 403


def test_delete_needs_delete_scope(world):
    assert Enterprise.objects.restrict(world.user("zone_a"), DELETE).count() == 2
    assert Enterprise.objects.restrict(world.user("enterprise"), DELETE).count() == 0
    assert Zone.objects.restrict(world.user("zone_a"), DELETE).count() == 0


def test_park_of_other_zone_is_not_offered_in_forms(login, world):
    response = login("zone_a").get("/enterprises/add/")
    assert list(response.context["form"].fields["park"].queryset) == [world.park_a]
    assert Park.objects.restrict(world.user("zone_a"), VIEW).count() == 1


def test_anonymous_is_sent_to_login(client, world):
    response = client.get("/zones/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_dependent_rows_are_asked_by_parent_for_an_enterprise_and_row_by_row_for_the_others(world):
    """A project's reports: an enterprise's are looked up project by project (IN: an enterprise whose
    projects never reported read a province's 1.2M reports row by row); a region's, a zone's or a
    department's (thousands of projects) are asked row by row along the list's order (EXISTS). Either
    way, the same rows."""
    from jijuqu.projects.models import MonthlyProgress, Project
    from jijuqu.projects.testing import make_project, report

    mine = make_project(world.zone_a, "企业的项目", builder=world.enterprise_a)
    other = make_project(world.zone_b, "别处的项目")
    for project in (mine, other):
        report(project, 2024, 9, "10.00")
    for name, exists in (("enterprise", False), ("zone_a", True), ("department", True), ("city", True)):
        user = world.user(name)
        reports = MonthlyProgress.objects.restrict(user)
        sql = str(reports.query).upper()
        assert ("EXISTS" in sql) == exists and (" IN (SELECT" in sql) != exists, name
        projects = Project.objects.restrict(user)
        assert set(reports) == set(MonthlyProgress.objects.filter(project__in=list(projects))), name
    assert list(MonthlyProgress.objects.restrict(world.user("enterprise"))) == [mine.progress.get()]

"""A project's builder is an Enterprise: linked by credit code if given, else by exact name within the
project's zone, on every path (form, API, ledger import); unmatched builders are listed to match."""

from __future__ import annotations

import pytest

from jijuqu.core.testing import SAMPLES, credit
from jijuqu.enterprises.models import Enterprise
from jijuqu.enterprises.services import BuilderMatcher, link_builder
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import Project
from jijuqu.projects.testing import make_project
from jijuqu.projects.tests.test_import import jiaozuo  # noqa: F401, F811 (fixture)

pytestmark = pytest.mark.django_db


def form_data(world, **fields):
    return {
        "name": "新项目",
        "zone": world.zone_a.pk,
        "builder_name": world.enterprise_a.name,
        "level": "city",
        "kind": "new",
        "total_investment": "1000",
        **fields,
    }


def test_name_matches_only_within_the_projects_zone(world):
    matcher = BuilderMatcher()
    assert matcher.find(world.zone_a.pk, world.enterprise_a.name) == world.enterprise_a.pk
    assert matcher.find(world.zone_b.pk, world.enterprise_a.name) is None
    assert matcher.find(world.zone_a.pk, "兴发铝业") is None  # exact names only


def test_credit_code_wins_over_the_name(world):
    project = Project(zone=world.zone_a, builder_name="写错的名字")
    link_builder(project, credit_code=world.enterprise_b.credit_code.lower())
    assert project.builder_id == world.enterprise_b.pk
    assert project.builder_name == "写错的名字"


def test_two_companies_of_one_name_in_a_zone_are_not_guessed(world):
    Enterprise.objects.create(
        name=world.enterprise_a.name + "2", credit_code=credit("410882", 77), zone=world.zone_a
    )
    Enterprise.objects.filter(credit_code=credit("410882", 77)).update(name=world.enterprise_a.name)
    assert BuilderMatcher().find(world.zone_a.pk, world.enterprise_a.name) is None


def test_project_form_links_the_builder_by_name(login, world):
    response = login("zone_a").post("/projects/add/", form_data(world))
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(name="新项目")
    assert project.builder == world.enterprise_a
    assert project.builder_name == world.enterprise_a.name


def test_project_form_keeps_an_unmatched_name_as_typed(login, world):
    response = login("zone_a").post("/projects/add/", form_data(world, builder_name="某某新材料公司"))
    assert response.status_code == 302
    project = Project.objects.get(name="新项目")
    assert project.builder is None and project.builder_name == "某某新材料公司"


def test_project_form_links_by_credit_code_and_refuses_a_bad_one(login, world):
    client = login("zone_a")
    bad = client.post("/projects/add/", form_data(world, builder_credit_code="91410882MA12345678"))
    assert bad.status_code == 200 and "builder_credit_code" in bad.context["form"].errors
    good = client.post(
        "/projects/add/",
        form_data(world, builder_name="超威", builder_credit_code=world.enterprise_a2.credit_code),
    )
    assert good.status_code == 302
    assert Project.objects.get(name="新项目").builder == world.enterprise_a2


def test_renaming_the_builder_relinks_and_a_picked_builder_stays(login, world):
    project = make_project(world.zone_a, name="改名项目", builder_name=world.enterprise_a.name)
    link_builder(project)
    project.save()
    client = login("zone_a")
    api = client.patch(
        f"/api/projects/{project.pk}/",
        {"builder_name": world.enterprise_a2.name},
        content_type="application/json",
    )
    assert api.status_code == 200, api.content
    project.refresh_from_db()
    assert project.builder == world.enterprise_a2
    picked = client.patch(
        f"/api/projects/{project.pk}/",
        {"builder_name": "别的名字", "builder": world.enterprise_a.pk},
        content_type="application/json",
    )
    assert picked.status_code == 200
    project.refresh_from_db()
    assert project.builder == world.enterprise_a and project.builder_name == "别的名字"


def test_api_links_the_builder_and_the_enterprise_user_then_sees_the_project(login, world):
    response = login("zone_a").post("/api/projects/", form_data(world), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["builder"] == world.enterprise_a.pk
    listed = login("enterprise").get("/api/projects/").json()["items"]
    assert [p["name"] for p in listed] == ["新项目"]


def test_ledger_import_links_builders_by_name_within_the_zone(jiaozuo):  # noqa: F811
    result = import_ledger(
        analyse(read_workbook(str(SAMPLES / "jiaozuo-key-projects-2024-10.xlsx")), SPEC), Context(2024, 10)
    )
    assert result.errors == []
    xingfa = Project.objects.get(name="广东兴发年产10万吨高档铝型材项目")
    assert xingfa.builder == jiaozuo.enterprise_a
    assert xingfa.builder_name == jiaozuo.enterprise_a.name
    # Builders registered nowhere stay as written, to be matched on the unmatched-builders page.
    assert Project.objects.filter(builder__isnull=True).count() == Project.objects.count() - 1


def test_unmatched_builders_page_lists_and_matches_in_scope(login, world):
    lost = make_project(world.zone_a, name="无主项目", builder_name="兴发")
    other = make_project(world.zone_b, name="汝州项目", builder_name="润灵")
    client = login("zone_a")
    page = client.get("/projects/builders/")
    assert page.status_code == 200
    shown = [project for project, _, _ in page.context["rows"]]
    assert shown == [lost]
    candidates = page.context["rows"][0][1]
    assert world.enterprise_b not in candidates and world.enterprise_a in candidates
    # Another zone's project or enterprise cannot be matched by a forged POST.
    assert (
        client.post(
            "/projects/builders/", {"project": other.pk, "enterprise": world.enterprise_b.pk}
        ).status_code
        == 404
    )
    client.post("/projects/builders/", {"project": lost.pk, "enterprise": world.enterprise_b.pk})
    lost.refresh_from_db()
    assert lost.builder is None
    client.post("/projects/builders/", {"project": lost.pk, "enterprise": world.enterprise_a.pk})
    lost.refresh_from_db()
    assert lost.builder == world.enterprise_a and lost.builder_name == "兴发"
    assert lost.history.first().builder_id == world.enterprise_a.pk
    assert login("enterprise").get("/projects/builders/").status_code == 403
    assert login("department").get("/projects/builders/").status_code == 403

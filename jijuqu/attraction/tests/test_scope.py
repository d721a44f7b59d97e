from __future__ import annotations

import datetime as dt

import pytest

from jijuqu.attraction.models import Contract, Lead, Team
from jijuqu.attraction.testing import make_contract, make_lead, make_teams

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(world):
    teams = make_teams(world)
    town = make_lead(teams.town, company="甲公司", zone=world.zone_a)
    park = make_lead(teams.park, company="乙公司")
    b = make_lead(teams.team_b, company="丙公司")
    return world, teams, {"town": town, "park": park, "b": b}


def visible(user):
    return set(Lead.objects.restrict(user).values_list("company_name", flat=True))


def test_a_team_cannot_see_another_teams_leads(leads):
    w, teams, _ = leads
    # Both teams work for zone A, yet each member sees only their own team's leads.
    assert visible(teams.town_member) == {"甲公司"}
    assert visible(teams.park_member) == {"乙公司"}


def test_a_zone_user_sees_their_zones_leads_not_another_zones(leads):
    w, _, _ = leads
    assert visible(w.user("zone_a")) == {"甲公司", "乙公司"}
    assert visible(w.user("zone_b")) == {"丙公司"}


def test_supervisors_see_their_area(leads):
    w, _, _ = leads
    assert visible(w.user("county")) == {"甲公司", "乙公司"}
    assert visible(w.user("city")) == {"甲公司", "乙公司"}
    assert visible(w.user("province")) == {"甲公司", "乙公司", "丙公司"}
    assert visible(w.user("department")) == set()
    assert visible(w.user("enterprise")) == set()


def test_lead_pages_and_api_refuse_other_teams_leads(leads, client):
    w, teams, rows = leads
    client.force_login(teams.park_member)
    assert client.get(f"/attraction/leads/{rows['town'].pk}/").status_code == 404
    assert client.get(f"/attraction/leads/{rows['park'].pk}/").status_code == 200
    assert client.get(f"/api/attraction/leads/{rows['town'].pk}/").status_code == 404
    listed = client.get("/api/attraction/leads/").json()
    assert [row["company_name"] for row in listed["items"]] == ["乙公司"]


def test_a_team_member_cannot_move_a_lead_to_another_team(leads, client):
    w, teams, rows = leads
    client.force_login(teams.park_member)
    response = client.patch(
        f"/api/attraction/leads/{rows['park'].pk}/",
        {"team": teams.team_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Lead.objects.get(pk=rows["park"].pk).team == teams.park


def test_teams_and_contracts_follow_the_region_tree(leads):
    w, teams, _ = leads
    make_contract(w.zone_a, "沁阳项目", "100", dt.date(2024, 1, 1), team=teams.town)
    make_contract(w.zone_b, "汝州项目", "100", dt.date(2024, 1, 1))
    assert set(Team.objects.restrict(w.user("zone_b")).values_list("name", flat=True)) == {"汝绣园招商团"}
    assert set(Team.objects.restrict(teams.town_member).values_list("name", flat=True)) == {"紫陵镇招商团"}
    assert set(Contract.objects.restrict(teams.town_member).values_list("name", flat=True)) == {"沁阳项目"}
    assert set(Contract.objects.restrict(w.user("zone_b")).values_list("name", flat=True)) == {"汝州项目"}


def test_lead_and_contract_pages_offer_the_zones_vacant_standard_space_only(leads, client):
    """A park team sees what it can offer the company: zone A's free floor area (1,000 m² less a 400 m²
    lease = 600), never zone B's building."""
    from jijuqu.land.testing import make_building, make_tenancy

    w, teams, rows = leads
    mine = make_building(w.zone_a, "沁北1号楼", 1000)
    make_tenancy(mine, w.enterprise_a, 400, dt.date(2024, 1, 1))
    make_building(w.zone_b, "汝绣9号楼", 800)
    contract = make_contract(w.zone_a, "沁北新材料项目", "5000", dt.date(2024, 2, 1))
    client.force_login(w.user("zone_a"))
    for url in (f"/attraction/leads/{rows['park'].pk}/", contract.get_absolute_url()):
        page = client.get(url)
        assert page.status_code == 200
        assert [(v.building.name, v.vacant) for v in page.context["vacant"]] == [("沁北1号楼", 600)]
        assert "汝绣9号楼" not in page.content.decode()


def test_a_lead_page_shows_no_internal_field(leads, client):
    w, _, rows = leads
    client.force_login(w.user("zone_a"))
    labels = [str(label) for label, _ in client.get(f"/attraction/leads/{rows['park'].pk}/").context["rows"]]
    assert "company key" not in labels and "企业名称" in labels


def test_a_team_with_a_member_id_past_the_database_range_is_a_422(world, client):
    import json

    from jijuqu.core.tokens import create_token

    token = create_token(world.user("city"), "t")
    response = client.post(
        "/api/attraction/teams/",
        json.dumps({"name": "第九招商团", "kind": "city", "region": world.jiaozuo.pk, "members": [2**70]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422, response.content

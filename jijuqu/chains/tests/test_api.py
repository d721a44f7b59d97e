"""The chains API: lists and details within scope, writes through the pages' forms, turning a target."""

from __future__ import annotations

import pytest

from jijuqu.attraction.models import Lead
from jijuqu.attraction.testing import make_teams
from jijuqu.chains.models import Chain, Segment
from jijuqu.chains.testing import make_chain, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world):
    return make_chain(world)


def test_lists_only_the_users_chains(world, cw, login):
    Chain.objects.create(name="汝州医药", zone=world.zone_b)
    names = [c["name"] for c in login("zone_a").get("/api/chains/").json()["items"]]
    assert names == ["铝及深加工"]
    names = {c["name"] for c in login("city").get("/api/chains/").json()["items"]}
    assert names == {"铝及深加工"}  # 汝州 is 平顶山's
    assert login("zone_b").get(f"/api/chains/{cw.chain.pk}/").status_code == 404
    assert login("enterprise").get("/api/chains/").json()["items"] == []


def test_create_segment_with_careless_input_names_the_field(world, cw, login):
    client = login("zone_a")
    bad = client.post(
        "/api/chains/segments/",
        {"chain": cw.chain.pk, "name": "铝箔", "kind": "product"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "parent" in bad.json()["errors"]
    good = client.post(
        "/api/chains/segments/",
        {"chain": cw.chain.pk, "name": "铝箔", "kind": "product", "parent": cw.segments["铝板带"].pk},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert Segment.objects.get(name="铝箔").stage == "mid"
    outsider = login("zone_b").post(
        "/api/chains/segments/", {"chain": cw.chain.pk, "name": "铝粉"}, content_type="application/json"
    )
    assert outsider.status_code == 422 and not Segment.objects.filter(name="铝粉").exists()


def test_turn_a_target_through_the_api(world, cw, login):
    teams = make_teams(world)
    target = make_target(cw.chain, cw.segments["氧化铝"])
    url = f"/api/chains/companies/{target.pk}/turn/"
    assert (
        login("zone_b").post(url, {"team": teams.team_b.pk}, content_type="application/json").status_code
        == 404
    )
    client = login("zone_a")
    response = client.post(url, {"team": teams.park.pk}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["chain_segment"] == "铝及深加工：氧化铝"
    again = client.post(url, {"team": teams.park.pk}, content_type="application/json")
    assert again.status_code == 422
    assert Lead.objects.count() == 1


def test_chain_report_api(world, cw, login):
    data = login("zone_a").get(f"/api/chains/{cw.chain.pk}/report/", {"year": 2024}).json()
    assert data["support_rate"] == "50.0" and data["segments"] == 6
    assert login("zone_b").get(f"/api/chains/{cw.chain.pk}/report/").status_code == 404

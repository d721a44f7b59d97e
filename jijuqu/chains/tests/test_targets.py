"""Target companies (招商目标企业) and turning one into an investment lead through the attraction app's rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jijuqu.attraction import services as attraction_services
from jijuqu.attraction.models import Lead
from jijuqu.attraction.testing import make_lead, make_teams
from jijuqu.chains import services
from jijuqu.chains.models import TargetCompany
from jijuqu.chains.testing import make_chain, make_segment, make_target
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    teams = make_teams(world)
    cw = make_chain(world)
    guangdong = Region.objects.create(code="440000", name="广东省", level=RegionLevel.PROVINCE)
    foshan = Region.objects.create(code="440600", name="佛山市", level=RegionLevel.CITY, parent=guangdong)
    target = make_target(cw.chain, cw.segments["氧化铝"], name="佛山某铝业有限公司", city=foshan)
    return world, teams, cw, target


def test_target_takes_the_province_of_its_city(setup):
    _, _, _, target = setup
    assert target.province.name == "广东省"


def test_a_city_outside_the_province_is_refused(setup):
    world, _, cw, _ = setup
    target = TargetCompany(
        chain=cw.chain,
        segment=cw.segments["氧化铝"],
        name="某公司",
        province=world.henan,
        city=Region.objects.get(code="440600"),
    )
    with pytest.raises(ValidationError) as err:
        target.full_clean()
    assert "city" in err.value.message_dict


def test_a_bad_credit_code_is_refused_by_the_credit_code_rule(setup):
    _, _, cw, _ = setup
    target = TargetCompany(chain=cw.chain, segment=cw.segments["氧化铝"], name="某公司", credit_code="123")
    with pytest.raises(ValidationError) as err:
        target.full_clean()
    assert "credit_code" in err.value.message_dict


def test_turning_a_target_makes_a_lead_of_the_team_with_the_segment(setup):
    world, teams, cw, target = setup
    lead = services.target_to_lead(target, teams.park, world.user("zone_a"))
    assert lead.team == teams.park
    assert lead.company_name == "佛山某铝业有限公司"
    assert lead.headquarters == "广东省佛山市"
    assert lead.chain_segment == "铝及深加工：氧化铝"
    assert lead.industry == world.industry
    assert lead.zone == world.zone_a
    assert lead.stage == "lead"
    target.refresh_from_db()
    assert target.lead == lead
    assert target.history.count() == 2  # made, then linked
    assert lead.history.count() == 1


def test_a_product_target_carries_segment_and_product(setup):
    world, teams, cw, _ = setup
    product = make_segment(cw.chain, "铝箔", parent=cw.segments["铝板带"], kind="product")
    target = make_target(cw.chain, product, name="江苏某铝箔有限公司")
    lead = services.target_to_lead(target, teams.park, world.user("zone_a"))
    assert lead.chain_segment == "铝及深加工：铝板带 / 铝箔"


def test_a_target_is_not_turned_twice(setup):
    world, teams, _, target = setup
    services.target_to_lead(target, teams.park, world.user("zone_a"))
    with pytest.raises(ValidationError) as err:
        services.target_to_lead(target, teams.park, world.user("zone_a"))
    assert "佛山某铝业有限公司" in err.value.messages[0]
    assert Lead.objects.filter(company_name="佛山某铝业有限公司").count() == 1


def test_a_company_another_team_holds_gives_the_collision_message(setup):
    world, teams, _, target = setup
    held = make_lead(teams.town, company="佛山某铝业 有限公司")
    with pytest.raises(ValidationError) as err:
        services.target_to_lead(target, teams.park, world.user("zone_a"))
    expected = attraction_services.collision_message([held])
    assert any(expected in m for m in err.value.messages)
    target.refresh_from_db()
    assert target.lead is None
    assert Lead.objects.count() == 1


def test_zone_user_cannot_turn_another_zones_target(setup):
    world, teams, _, target = setup
    with pytest.raises(PermissionDenied):
        services.target_to_lead(target, teams.team_b, world.user("zone_b"))
    assert Lead.objects.count() == 0


def test_a_team_outside_the_users_scope_is_refused(setup):
    world, teams, _, target = setup
    with pytest.raises(ValidationError):
        services.target_to_lead(target, teams.team_b, world.user("zone_a"))
    target.refresh_from_db()
    assert target.lead is None


def test_turn_page_makes_the_lead_and_refuses_the_outsider(setup, client):
    world, teams, _, target = setup
    client.force_login(world.user("zone_b"))
    assert client.post(f"/chains/companies/{target.pk}/turn/", {"team": teams.team_b.pk}).status_code == 404
    client.force_login(world.user("zone_a"))
    page = client.get(f"/chains/companies/{target.pk}/")
    assert b'id="turn-into-lead"' in page.content
    response = client.post(f"/chains/companies/{target.pk}/turn/", {"team": ""}, follow=True)
    assert "招商团" in response.content.decode()
    assert Lead.objects.count() == 0
    response = client.post(f"/chains/companies/{target.pk}/turn/", {"team": teams.park.pk})
    lead = Lead.objects.get()
    assert response.url == lead.get_absolute_url()
    again = client.post(f"/chains/companies/{target.pk}/turn/", {"team": teams.park.pk}, follow=True)
    assert "不能重复转换" in again.content.decode()

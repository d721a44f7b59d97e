"""Figures of a chain worked out by hand: output per segment, 缺链/弱链/强链 at and around the thresholds,
配套率 by chain and over a region's chains."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jijuqu.chains import services
from jijuqu.chains.choices import Coverage, SegmentKind
from jijuqu.chains.models import Chain, SegmentEnterprise
from jijuqu.chains.testing import make_chain, make_segment, place, set_output

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world, settings):
    settings.JIJUQU_CHAIN_WEAK_OUTPUT = Decimal("500")
    settings.JIJUQU_CHAIN_WEAK_SHARE = Decimal("10")
    set_output(world.enterprise_a, 2024, "1000.00")
    set_output(world.enterprise_a2, 2024, "300.00")
    return make_chain(world)


def test_output_per_segment_counts_an_enterprise_on_two_nodes_once(world, cw):
    f = services.chain_figures(cw.chain, 2024)
    n = {node.segment.name: node for node in f.nodes.values()}
    assert n["电解铝"].output == Decimal("1000.00")
    assert n["铝型材"].output == Decimal("1000.00")  # through its product 工业铝型材
    assert n["工业铝型材"].output == Decimal("1000.00")
    assert n["铝板带"].output == Decimal("300.00")
    # The chain: A (1000) once although it is on two segments, plus A2 (300).
    assert f.output == Decimal("1300.00")
    assert len(f.enterprise_ids) == 2
    # A second placement of A inside the 铝型材 subtree still counts A once there.
    place(cw.segments["铝型材"], world.enterprise_a)
    f = services.chain_figures(cw.chain, 2024)
    root = next(r for r in f.roots if r.segment.name == "铝型材")
    assert root.enterprises == 1 and root.output == Decimal("1000.00")


def test_support_rate_counts_segments_not_products(cw):
    # Covered: 电解铝, 铝板带, 铝型材 (by its product) of six 环节; the product adds no segment.
    f = services.chain_figures(cw.chain, 2024)
    assert f.segments == 6
    assert f.covered == 3
    assert f.support_rate == Decimal("50.0")


def test_support_rate_four_of_six(world, cw):
    place(cw.segments["汽车轻量化"], world.enterprise_a2)
    place(cw.segments["氧化铝"], world.enterprise_a2)
    f = services.chain_figures(cw.chain, 2024)
    assert (f.covered, f.segments, f.support_rate) == (5, 6, Decimal("83.3"))
    SegmentEnterprise.objects.filter(segment=cw.segments["氧化铝"]).delete()
    f = services.chain_figures(cw.chain, 2024)
    assert (f.covered, f.segments, f.support_rate) == (4, 6, Decimal("66.7"))


def test_weak_by_output_exactly_at_and_below_the_threshold(world, cw):
    # Threshold 500: A2 with exactly 500 is strong; 499.99 is weak. (Share 500/1500 = 33% is above 10%.)
    set_output(world.enterprise_a2, 2024, "500.00")
    f = services.chain_figures(cw.chain, 2024)
    assert f.nodes[cw.segments["铝板带"].pk].coverage == Coverage.STRONG
    set_output(world.enterprise_a2, 2024, "499.99")
    f = services.chain_figures(cw.chain, 2024)
    assert f.nodes[cw.segments["铝板带"].pk].coverage == Coverage.WEAK


def test_weak_by_share_exactly_at_and_below_the_threshold(world, cw, settings):
    settings.JIJUQU_CHAIN_WEAK_OUTPUT = Decimal("0")
    # A2's share: 100 / (900 + 100) = 10% exactly → strong; 99 / 999 < 10% → weak.
    set_output(world.enterprise_a, 2024, "900.00")
    set_output(world.enterprise_a2, 2024, "100.00")
    f = services.chain_figures(cw.chain, 2024)
    assert f.nodes[cw.segments["铝板带"].pk].share == Decimal("10.0")
    assert f.nodes[cw.segments["铝板带"].pk].coverage == Coverage.STRONG
    set_output(world.enterprise_a2, 2024, "99.00")
    f = services.chain_figures(cw.chain, 2024)
    assert f.nodes[cw.segments["铝板带"].pk].coverage == Coverage.WEAK


def test_missing_segment_and_an_enterprise_without_figures(world, cw):
    f = services.chain_figures(cw.chain, 2023)  # no figures in 2023: covered but weak, output 0
    assert f.nodes[cw.segments["电解铝"].pk].coverage == Coverage.WEAK
    assert f.nodes[cw.segments["电解铝"].pk].output == Decimal("0.00")
    assert f.nodes[cw.segments["建筑门窗"].pk].coverage == Coverage.MISSING
    assert f.counts() == {"strong": 0, "weak": 3, "missing": 3}


def test_overall_support_rate_of_a_regions_chains(world, cw):
    other = Chain.objects.create(name="能源化工", zone=world.zone_a)
    for name in ("煤炭", "甲醇"):
        make_segment(other, name)
    place(other.segments.get(name="甲醇"), world.enterprise_a)
    # 3 of 6 and 1 of 2: 4 of 8 = 50.0%
    assert services.overall_support_rate([cw.chain, other], 2024) == (4, 8, Decimal("50.0"))


def test_only_local_enterprises_are_placed(world, cw):
    with pytest.raises(ValidationError) as err:
        place(cw.segments["氧化铝"], world.enterprise_b)
    (message,) = err.value.message_dict["enterprise"]
    assert "河南润灵药业有限公司" in message and "沁阳市产业集聚区" in message


def test_a_product_needs_a_parent_and_a_segment_none(world, cw):
    with pytest.raises(ValidationError) as err:
        make_segment(cw.chain, "铝箔", kind=SegmentKind.PRODUCT)
    assert "parent" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        make_segment(cw.chain, "铝箔", parent=cw.segments["铝板带"], kind=SegmentKind.SEGMENT)
    assert "kind" in err.value.message_dict


def test_chain_takes_the_zones_region_and_refuses_a_zone_outside_it(world):
    chain = Chain(name="锂电池", zone=world.zone_a)
    chain.full_clean()
    assert chain.region == world.qinyang_county
    chain = Chain(name="锂电池", region=world.ruzhou_county, zone=world.zone_a)
    with pytest.raises(ValidationError) as err:
        chain.full_clean()
    assert "zone" in err.value.message_dict


def test_chain_list_shows_the_support_rate_of_the_chains_the_user_sees(world, cw, login):
    other = Chain.objects.create(name="能源化工", zone=world.zone_a)
    make_segment(other, "煤炭")
    elsewhere = Chain.objects.create(name="汝州医药", zone=world.zone_b)
    make_segment(elsewhere, "原料药")
    page = login("zone_a").get("/chains/")
    # 3 of 6 and 0 of 1: 3 of 7 = 42.9%; 汝州's chain is not the zone's.
    assert (page.context["overall_covered"], page.context["overall_segments"]) == (3, 7)
    assert page.context["overall_rate"] == Decimal("42.9")


def test_zone_staff_make_a_chain_of_their_zone_without_naming_the_region(world, login):
    client = login("zone_a")
    form = client.get("/chains/add/").context["form"]
    data = {"name": "新材料", "zone": world.zone_a.pk, "form_token": form.initial["form_token"]}
    response = client.post("/chains/add/", data)
    chain = Chain.objects.get(name="新材料")
    assert response.url == chain.get_absolute_url()
    assert chain.region == world.qinyang_county
    forged = client.post("/chains/add/", {"name": "外区", "zone": world.zone_b.pk})
    assert forged.status_code == 200 and not Chain.objects.filter(name="外区").exists()

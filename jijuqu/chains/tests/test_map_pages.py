"""The four map pages of a chain: scoped like the chain, and the JSON they embed carries the figures
(worked out by hand below) that chainmaps.js draws; the map outlines shipped match GB/T 2260."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jijuqu.chains.map_views import province_outline
from jijuqu.chains.models import ApplicationField, Chain, SegmentApplication, Technology
from jijuqu.chains.testing import make_chain, make_target, set_output
from jijuqu.core.testing import region
from jijuqu.zones.choices import RegionLevel

pytestmark = pytest.mark.django_db

GEO = Path(__file__).resolve().parents[2] / "static" / "vendor" / "geo"


@pytest.fixture
def chain(world):
    """沁阳's aluminium chain in 2025: A (60,000万元) on 电解铝 and on 工业铝型材 under 铝型材, A2 (3,000万元)
    on 铝板带; a target for 汽车轻量化 in 江苏, technologies on two segments, two application fields."""
    cw = make_chain(world)
    set_output(world.enterprise_a, 2025, "60000.00")
    set_output(world.enterprise_a2, 2025, "3000.00")
    jiangsu = region("320000", "江苏省", RegionLevel.PROVINCE)
    make_target(cw.chain, cw.segments["汽车轻量化"], name="江苏某汽车零部件有限公司", province=jiangsu)
    make_target(cw.chain, cw.segments["建筑门窗"], name="广东某门窗有限公司")
    for segment, name, year in [
        ("电解铝", "低碳电解槽", 2027),
        ("电解铝", "惰性阳极", 2030),
        ("铝板带", "高强铝合金板", None),
    ]:
        Technology.objects.create(segment=cw.segments[segment], name=name, maturity_year=year)
    cars = ApplicationField.objects.create(chain=cw.chain, name="新能源汽车", market="国内整车厂")
    homes = ApplicationField.objects.create(chain=cw.chain, name="建筑", market="华中")
    SegmentApplication.objects.create(segment=cw.segments["铝板带"], field=cars, weight="60")
    SegmentApplication.objects.create(segment=cw.segments["铝型材"], field=homes, weight="40")
    return cw


def embedded(response) -> dict:
    """The JSON the page hands to chainmaps.js (json_script), read from the HTML as the browser does."""
    match = re.search(
        r'<script id="chain-map-data" type="application/json">(.*?)</script>', response.text, re.S
    )
    assert match, "no chain-map-data on the page"
    return json.loads(match.group(1))


def url(chain, kind, year="2025"):
    return f"/chains/{chain.pk}/maps/{kind}/" + (f"?year={year}" if year else "")


@pytest.mark.parametrize("kind", ["tree", "technology", "application", "region"])
def test_map_pages_open_in_scope_and_are_404_outside(login, chain, kind):
    for role in ("admin", "province", "city", "county", "zone_a"):
        response = login(role).get(url(chain.chain, kind))
        assert response.status_code == 200, role
        assert embedded(response)["kind"] == kind
    for role in ("zone_b", "department", "enterprise"):
        assert login(role).get(url(chain.chain, kind)).status_code == 404, role


def test_unknown_map_kind_is_404(login, chain):
    assert login("zone_a").get(url(chain.chain, "pie")).status_code == 404


def test_tree_map_carries_coverage_output_and_the_segment_lists(login, chain, world):
    page = embedded(login("zone_a").get(url(chain.chain, "tree")))
    tree = page["data"]
    assert tree["output"] == "63000.00"  # 60,000 + 3,000: A counts once although on two segments
    assert tree["support_rate"] == "50.0"  # 电解铝, 铝板带, 铝型材 covered of six 环节
    nodes = {n["name"]: n for stage in tree["children"] for n in stage["children"]}
    assert [s["stage"] for s in tree["children"]] == ["up", "mid", "down"]
    assert nodes["电解铝"]["coverage"] == "strong" and nodes["电解铝"]["output"] == "60000.00"
    assert nodes["铝板带"]["coverage"] == "weak"  # 3,000 < 10,000万元
    assert nodes["铝板带"]["share"] == "4.8"  # 3,000 / 63,000
    assert nodes["氧化铝"]["coverage"] == "missing" and nodes["氧化铝"]["enterprise_list"] == []
    # The panel of 铝型材 lists the enterprise of its product 工业铝型材 below it.
    assert [e["name"] for e in nodes["铝型材"]["enterprise_list"]] == [world.enterprise_a.name]
    assert nodes["铝型材"]["children"][0]["name"] == "工业铝型材"
    assert nodes["汽车轻量化"]["target_list"] == [
        {
            "id": nodes["汽车轻量化"]["target_list"][0]["id"],
            "name": "江苏某汽车零部件有限公司",
            "place": "江苏省",
            "url": nodes["汽车轻量化"]["target_list"][0]["url"],
            "lead": False,
        }
    ]
    assert nodes["汽车轻量化"]["target_list"][0]["url"].startswith("/chains/companies/")
    assert page["labels"]["title"] == "铝及深加工 · 产业链图（2025）"
    assert page["labels"]["coverage_missing"] == "缺链"


def test_enterprise_links_only_where_the_user_may_open_the_enterprise(login, chain, world):
    nodes = {
        n["name"]: n
        for stage in embedded(login("zone_a").get(url(chain.chain, "tree")))["data"]["children"]
        for n in stage["children"]
    }
    assert nodes["电解铝"]["enterprise_list"][0]["url"] == world.enterprise_a.get_absolute_url()


def test_technology_map_lists_technologies_by_segment_and_year(login, chain):
    data = embedded(login("county").get(url(chain.chain, "technology", year=None)))["data"]
    assert [(r["segment"], r["technology"], r["year"]) for r in data["rows"]] == [
        ("电解铝", "低碳电解槽", 2027),
        ("电解铝", "惰性阳极", 2030),
        ("铝板带", "高强铝合金板", None),
    ]
    assert data["years"] == [2027, 2028, 2029, 2030]


def test_application_map_links_segments_to_fields_with_their_weights(login, chain):
    data = embedded(login("city").get(url(chain.chain, "application", year=None)))["data"]
    assert data["links"] == [
        {"source": "铝板带", "target": "新能源汽车", "value": "60.00"},
        {"source": "铝型材", "target": "建筑", "value": "40.00"},
    ]
    assert {n["name"]: n["kind"] for n in data["nodes"]} == {
        "铝板带": "segment",
        "铝型材": "segment",
        "新能源汽车": "field",
        "建筑": "field",
    }


def test_region_map_counts_enterprises_by_county_and_targets_by_province(login, chain):
    response = login("province").get(url(chain.chain, "region"))
    data = embedded(response)["data"]
    assert data["province"]["code"] == "410000"
    assert [(c["code"], c["enterprises"], c["output"]) for c in data["counties"]] == [
        ("410882", 2, "63000.00")
    ]
    assert [(z["name"], z["enterprises"]) for z in data["zones"]] == [("沁阳市产业集聚区", 2)]
    assert [(t["code"], t["count"]) for t in data["targets"]] == [("", 1), ("320000", 1)]
    # Henan by county ships with the package, so the page loads it beside China's map.
    assert "vendor/geo/410000.js" in response.text and "vendor/geo/china.js" in response.text


def test_a_chain_outside_henan_draws_its_counties_as_bars_and_china_as_a_map(login, world):
    guangdong = region("440000", "广东省", RegionLevel.PROVINCE)
    guangzhou = region("440100", "广州市", RegionLevel.CITY, guangdong)
    chain = Chain.objects.create(
        name="广州新能源", region=region("440106", "天河区", RegionLevel.COUNTY, guangzhou)
    )
    response = login("admin").get(url(chain, "region"))
    assert response.status_code == 200
    assert "vendor/geo/china.js" in response.text and "vendor/geo/44" not in response.text
    assert "暂未内置该省的县级地图" in response.text
    assert embedded(response)["data"]["province"]["code"] == "440000"


def test_a_bad_year_is_named_and_the_default_year_is_drawn(login, chain):
    response = login("zone_a").get(url(chain.chain, "tree", year="二〇二五"))
    assert response.status_code == 200
    assert "年份" in response.text and "二〇二五" in response.text
    assert embedded(response)["data"]["year"] == 2025  # the latest year with figures


def test_a_chain_without_technologies_says_what_to_enter(login, world):
    cw = make_chain(world, name="能源化工")
    response = login("zone_a").get(url(cw.chain, "technology", year=None))
    assert response.status_code == 200
    assert 'id="chain-map-empty"' in response.text and "chain-map-data" not in response.text


def test_chain_page_links_the_four_maps(login, chain):
    response = login("zone_a").get(f"/chains/{chain.chain.pk}/")
    for kind in ("tree", "technology", "application", "region"):
        assert f"/chains/{chain.chain.pk}/maps/{kind}/" in response.text


# -- the outlines ----------------------------------------------------------------------------------


def registered(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'echarts\.registerMap\("([^"]+)", (\{.*\})\);\s*$', text, re.S)
    assert match, path
    return match.group(1), json.loads(match.group(2))


def test_henan_outline_has_exactly_the_counties_of_gbt_2260():
    from jijuqu.zones.reference import region_tree

    name, geo = registered(GEO / "410000.js")
    assert name == "410000"
    counties = {
        r.code: r.name for r in region_tree() if r.level == RegionLevel.COUNTY and r.code.startswith("41")
    }
    assert {f["id"]: f["properties"]["name"] for f in geo["features"]} == counties


def test_china_outline_has_every_province_by_its_code():
    from jijuqu.zones.reference import region_tree

    name, geo = registered(GEO / "china.js")
    assert name == "china"  # ECharts adds the 南海诸岛 inset to the map of this name
    provinces = {r.code for r in region_tree() if r.level == RegionLevel.PROVINCE}
    assert {f["id"] for f in geo["features"]} == provinces


def test_only_provinces_with_a_county_outline_get_one():
    assert province_outline("410000") == "vendor/geo/410000.js"
    assert province_outline("440000") is None

"""The maps' data (JSON-able, amounts as strings) and the chain report's figures, worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from jijuqu.attraction.testing import make_contract, make_teams
from jijuqu.chains import maps, report, services
from jijuqu.chains.models import ApplicationField, SegmentApplication, SegmentProject, Technology
from jijuqu.chains.testing import make_chain, make_target, set_output
from jijuqu.projects.testing import make_project
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world, settings):
    settings.JIJUQU_CHAIN_WEAK_OUTPUT = Decimal("500")
    settings.JIJUQU_CHAIN_WEAK_SHARE = Decimal("10")
    set_output(world.enterprise_a, 2023, "800.00")
    set_output(world.enterprise_a, 2024, "1000.00")
    set_output(world.enterprise_a2, 2024, "300.00")
    return make_chain(world)


def test_tree_data_nests_stages_segments_and_products(cw):
    data = maps.tree_data(cw.chain, 2024)
    json.dumps(data)
    assert [s["name"] for s in data["children"]] == ["上游", "中游", "下游"]
    assert (data["output"], data["support_rate"], data["segments"], data["covered"]) == (
        "1300.00",
        "50.0",
        6,
        3,
    )
    mid = data["children"][1]["children"]
    profile = next(n for n in mid if n["name"] == "铝型材")
    assert profile["coverage"] == "strong"
    assert profile["output"] == "1000.00" and profile["enterprises"] == 1
    assert profile["children"][0]["name"] == "工业铝型材"
    assert profile["url"] == f"/chains/segments/{cw.segments['铝型材'].pk}/"
    strip = next(n for n in mid if n["name"] == "铝板带")
    assert strip["coverage"] == "weak"  # 300 < 500
    assert data["children"][0]["children"][0]["coverage"] == "missing"  # 氧化铝


def test_technology_and_application_data(cw):
    Technology.objects.create(segment=cw.segments["电解铝"], name="惰性阳极", maturity_year=2030)
    Technology.objects.create(segment=cw.segments["铝板带"], name="连铸连轧", maturity_year=2026)
    car = ApplicationField.objects.create(chain=cw.chain, name="汽车", market="新能源汽车")
    SegmentApplication.objects.create(segment=cw.segments["铝板带"], field=car, weight=Decimal("60"))
    tech = maps.technology_data(cw.chain)
    assert tech["years"] == [2026, 2027, 2028, 2029, 2030]
    assert [(r["segment"], r["technology"], r["year"]) for r in tech["rows"]] == [
        ("电解铝", "惰性阳极", 2030),
        ("铝板带", "连铸连轧", 2026),
    ]
    app = maps.application_data(cw.chain)
    assert app["nodes"] == [
        {"name": "铝板带", "kind": "segment", "market": ""},
        {"name": "汽车", "kind": "field", "market": "新能源汽车"},
    ]
    assert app["links"] == [{"source": "铝板带", "target": "汽车", "value": "60.00"}]


def test_region_data_counts_enterprises_by_county_zone_and_targets_by_province(world, cw):
    guangdong = Region.objects.create(code="440000", name="广东省", level=RegionLevel.PROVINCE)
    make_target(cw.chain, cw.segments["氧化铝"], name="甲", province=guangdong)
    make_target(cw.chain, cw.segments["建筑门窗"], name="乙", province=guangdong)
    data = maps.region_data(cw.chain, 2024)
    json.dumps(data)
    assert data["province"] == {"code": "410000", "name": "河南省"}
    assert data["counties"] == [
        {
            "code": "410882",
            "name": "沁阳市",
            "city_code": "410800",
            "city": "焦作市",
            "enterprises": 2,
            "output": "1300.00",
        }
    ]
    assert data["zones"][0]["name"] == "沁阳市产业集聚区" and data["zones"][0]["enterprises"] == 2
    assert data["targets"] == [{"code": "440000", "name": "广东省", "count": 2, "companies": ["乙", "甲"]}]


@pytest.fixture
def reported(world, cw):
    teams = make_teams(world)
    target = make_target(cw.chain, cw.segments["氧化铝"], name="江苏某氧化铝有限公司")
    lead = services.target_to_lead(target, teams.park, world.user("zone_a"))
    make_contract(world.zone_a, "氧化铝项目", "20000", dt.date(2024, 5, 1), lead=lead, team=teams.park)
    make_target(cw.chain, cw.segments["氧化铝"], name="山东某氧化铝有限公司")
    project = make_project(world.zone_a, name="铝板带扩建项目", total="50000")
    SegmentProject.objects.create(segment=cw.segments["铝板带"], project=project)
    return cw


def test_report_figures_per_segment(world, reported):
    r = report.build(reported.chain, 2024, world.user("zone_a"))
    rows = {row.name: row for row in r.rows}
    assert rows["电解铝"].output == Decimal("1000.00")
    assert rows["电解铝"].output_before == Decimal("800.00")
    assert rows["电解铝"].growth == Decimal("25.0")  # (1000 - 800) / 800
    assert rows["铝板带"].growth is None  # nothing the year before
    assert (rows["氧化铝"].targets, rows["氧化铝"].leads, rows["氧化铝"].contracts) == (2, 1, 1)
    assert rows["氧化铝"].contract_amount == Decimal("20000.00")
    assert (rows["铝板带"].projects, rows["铝板带"].investment) == (1, Decimal("50000.00"))
    assert r.growth == Decimal("62.5")  # 1300 over 800
    assert "本地配套率50.0%" in r.sections[0][1]
    assert "缺链环节3个：氧化铝、汽车轻量化、建筑门窗。" in r.sections[1][1]
    assert "已转为招商线索1个，签约1个" in r.sections[2][1]


def test_report_page_xlsx_docx_and_the_outsider(world, reported, client):
    url = f"/chains/{reported.chain.pk}/report/"
    client.force_login(world.user("zone_b"))
    assert client.get(url).status_code == 404
    client.force_login(world.user("zone_a"))
    page = client.get(url, {"year": "2024"})
    assert "本地配套率50.0%" in page.content.decode()
    sheet = load_workbook(BytesIO(client.get(url, {"year": "2024", "export": "xlsx"}).content))["附表1"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "电解铝" in values and "合计" in values
    docx = client.get(url, {"year": "2024", "export": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    bad = client.get(url, {"year": "二〇二四"})
    assert "二〇二四" in bad.content.decode()


def test_chain_report_command_prints_json(world, reported, capsys):
    call_command("chain_report", str(reported.chain.pk), "--year", "2024")
    data = json.loads(capsys.readouterr().out)
    assert data["support_rate"] == "50.0" and data["output"] == "1300.00"
    assert data["rows"][0]["segment"] == "氧化铝"

"""The 链长's four maps in Chromium: each draws (a canvas with ink on it, Chinese labels in the chart,
no console error), a click on a segment of the 产业链图 lists its enterprises and targets, a map saves
as a PNG, and a target company found on the map becomes a lead of a team."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jijuqu.attraction.models import Lead
from jijuqu.attraction.testing import make_teams
from jijuqu.chains.models import ApplicationField, SegmentApplication, TargetCompany, Technology
from jijuqu.chains.testing import make_chain, make_target, set_output
from jijuqu.core.testing import browser_login, build_world, region
from jijuqu.zones.choices import RegionLevel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Pixels of the chart canvases that are neither transparent nor white: a drawn chart has thousands.
INK = """() => Array.from(document.querySelectorAll('[_echarts_instance_] canvas')).map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
  return ink;
})"""

OPTION_TEXT = "() => window.jijuquChainMaps.map((c) => JSON.stringify(c.getOption())).join(' ')"

# Where ECharts laid out the tree node of a name, in page pixels.
NODE_AT = """(name) => {
  const chart = window.jijuquChainMaps[0];
  const data = chart.getModel().getSeriesByIndex(0).getData();
  for (let i = 0; i < data.count(); i++) {
    if (data.getName(i) === name) {
      const [x, y] = data.getItemGraphicEl(i).transformCoordToGlobal(0, 0);
      const box = chart.getDom().getBoundingClientRect();
      return [box.left + x, box.top + y];
    }
  }
  return null;
}"""


def world_with_chain():
    w = build_world()
    teams = make_teams(w)
    cw = make_chain(w)
    set_output(w.enterprise_a, 2025, "60000.00")
    set_output(w.enterprise_a2, 2025, "3000.00")
    jiangsu = region("320000", "江苏省", RegionLevel.PROVINCE)
    target = make_target(
        cw.chain, cw.segments["汽车轻量化"], name="江苏某汽车零部件有限公司", province=jiangsu
    )
    Technology.objects.create(segment=cw.segments["电解铝"], name="低碳电解槽", maturity_year=2027)
    Technology.objects.create(segment=cw.segments["铝板带"], name="高强铝合金板", maturity_year=2029)
    cars = ApplicationField.objects.create(chain=cw.chain, name="新能源汽车", market="国内整车厂")
    SegmentApplication.objects.create(segment=cw.segments["铝板带"], field=cars, weight="60")
    return w, teams, cw, target


def drawn(page, words: list[str], errors: list[str]) -> None:
    page.wait_for_selector("body[data-chain-maps-drawn='1']", timeout=15000)
    assert page.locator("[_echarts_instance_] canvas").count() >= 1
    assert all(ink > 2000 for ink in page.evaluate(INK)), "a chart canvas is blank"
    option = page.evaluate(OPTION_TEXT)
    for word in words:
        assert word in option, word
    assert errors == [], errors


def test_chain_chief_draws_the_four_maps_finds_a_gap_and_turns_its_target_into_a_lead(page):
    w, teams, cw, target = world_with_chain()
    errors: list[str] = []
    # The browser's own request for /favicon.ico (the app has none) is not the page's error.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    browser_login(page, "zone_a")
    page.goto(f"{page.base_url}/chains/{cw.chain.pk}/?year=2025")
    page.click("#chain-map-link-tree")

    # 1 产业链图
    drawn(page, ["铝及深加工", "上游", "电解铝", "工业铝型材", "缺链"], errors)
    x, y = page.evaluate(NODE_AT, "电解铝")
    page.mouse.click(x, y)
    expect(page.locator("#chain-map-panel")).to_contain_text("电解铝")
    expect(page.locator("#chain-map-enterprises")).to_contain_text(w.enterprise_a.name)
    # A PNG of what is drawn.
    with page.expect_download() as download:
        page.click("#export-png")
    assert download.value.suggested_filename.endswith(".png")
    with open(download.value.path(), "rb") as f:
        assert f.read(8) == PNG_SIGNATURE

    # Careless input: a year in words is named and refused; the map still draws the default year.
    page.fill("#id_year", "明年")
    page.click("#year-form button")
    expect(page.locator(".alert-danger")).to_contain_text("明年")
    drawn(page, ["电解铝"], errors)

    # 2 技术路线图, 3 应用领域图, 4 区域分布图
    page.click("#chain-map-tab-technology")
    drawn(page, ["低碳电解槽", "高强铝合金板", "2027"], errors)
    page.click("#chain-map-tab-application")
    drawn(page, ["铝板带", "新能源汽车"], errors)
    page.click("#chain-map-tab-region")
    drawn(page, ["沁阳", "沁阳市产业集聚区", "江苏"], errors)
    assert page.evaluate("() => !!echarts.getMap('410000') && !!echarts.getMap('china')")
    with page.expect_download() as download:
        page.click("#export-png-targets")
    with open(download.value.path(), "rb") as f:
        assert f.read(8) == PNG_SIGNATURE

    # Back on the tree: the missing link 汽车轻量化 has a target; it becomes a lead of the park's team.
    page.click("#chain-map-tab-tree")
    drawn(page, ["汽车轻量化"], errors)
    x, y = page.evaluate(NODE_AT, "汽车轻量化")
    page.mouse.click(x, y)
    expect(page.locator("#chain-map-panel")).to_contain_text("缺链")
    page.click("#chain-map-targets-list >> text=江苏某汽车零部件有限公司")
    page.select_option("#id_team", str(teams.park.pk))
    page.click("#turn-into-lead")
    expect(page).to_have_url(re.compile(r"/attraction/leads/\d+/"))
    lead = Lead.objects.get(company_name="江苏某汽车零部件有限公司")
    assert lead.team == teams.park
    assert TargetCompany.objects.get(pk=target.pk).lead == lead
    assert errors == [], errors


def test_outsider_gets_no_map(page):
    _, _, cw, _ = world_with_chain()
    browser_login(page, "zone_b")
    response = page.goto(f"{page.base_url}/chains/{cw.chain.pk}/maps/tree/")
    assert response.status == 404

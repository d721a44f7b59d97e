"""In the browser: zone staff open their chain from the menu, read its segments' coverage, add a target
company carelessly (the segment alone names the chain; a bad credit code is a message), and turn a
target into a lead of their park team."""

import pytest

from jijuqu.attraction.models import Lead
from jijuqu.attraction.testing import make_teams
from jijuqu.chains.models import TargetCompany
from jijuqu.chains.testing import make_chain, make_target, set_output
from jijuqu.core.testing import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zone_staff_turn_a_target_into_a_lead(page):
    world = build_world()
    teams = make_teams(world)
    set_output(world.enterprise_a, 2024, "20000")
    set_output(world.enterprise_a2, 2024, "300")
    cw = make_chain(world)
    make_target(cw.chain, cw.segments["氧化铝"], name="山东某氧化铝有限公司")
    errors = []
    # (The browser's own request for /favicon.ico, which the app does not serve, is no error of these pages.)
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "favicon" not in m.location.get("url", "")
            else None
        ),
    )

    browser_login(page, "zone_a")
    page.click("nav >> text=产业链")
    page.click("nav >> a.dropdown-item:text-is('产业链')")
    page.click("text=铝及深加工")
    assert page.locator("#support-rate").inner_text() == "50.0%"
    assert page.locator("#segment-tree .coverage-missing").count() == 3
    assert page.locator("#segment-tree .coverage-weak").count() == 1  # 铝板带: 300 万元

    page.click("#add-target")
    page.select_option("#id_chain", "")
    page.select_option("#id_segment", label="建筑门窗")
    page.fill("#id_name", "广东某门窗有限公司")
    page.fill("#id_credit_code", "12345")
    page.click("#save")
    assert "统一社会信用代码" in page.locator(".alert-danger").inner_text()
    page.fill("#id_credit_code", "")
    page.click("#save")
    assert TargetCompany.objects.get(name="广东某门窗有限公司").chain == cw.chain

    page.goto(page.base_url + "/chains/companies/?q=山东某氧化铝")
    page.click("text=山东某氧化铝有限公司")
    page.select_option("#turn-form select", label="沁北园区招商团")
    page.click("#turn-into-lead")
    page.wait_for_url("**/attraction/leads/*/")
    assert "铝及深加工：氧化铝" in page.content()
    lead = Lead.objects.get(company_name="山东某氧化铝有限公司")
    assert lead.team == teams.park
    page.goto(page.base_url + f"/chains/companies/{TargetCompany.objects.get(lead=lead).pk}/")
    assert page.locator("#turned").is_visible() and page.locator("#turn-form").count() == 0
    assert errors == []

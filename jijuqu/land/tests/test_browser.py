"""In the browser: an enterprise user opens the 亩均 evaluation from the menu and reads its own class,
points and policy, and nothing of the other enterprises; a careless year is a message."""

from decimal import Decimal

import pytest

from jijuqu.core.testing import browser_login, build_world
from jijuqu.enterprises.models import EnterpriseYear
from jijuqu.land.testing import make_enterprise, make_plot, make_scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_enterprise_user_sees_its_own_class_and_nothing_of_others(page):
    world = build_world()
    EnterpriseYear.objects.filter(enterprise=world.enterprise_a).update(
        tax=Decimal(300), revenue=Decimal(9000)
    )
    make_plot(world.zone_a, "XF-1", 20, "producing", enterprise=world.enterprise_a)
    make_enterprise(world.zone_a, 501, land=10, tax=100, revenue=3000)
    make_enterprise(world.zone_b, 503, land=10, tax=400, revenue=3000)
    scheme = make_scheme(world.henan, [("mu_tax", 100, None)], policy_b="合理保障用地、用能需求")

    browser_login(page, "enterprise")
    page.click("nav >> text=用地与厂房")  # the menu group, then its entry
    page.click("nav >> text=亩均效益评价")
    page.click(f"text={scheme}")
    page.click("text=评价结果")
    rows = page.locator("#evaluation tbody tr")
    assert rows.count() == 1
    assert world.enterprise_a.name in rows.nth(0).inner_text()
    body = page.inner_text("body")
    assert "测试企业" not in body and world.enterprise_b.name not in body
    page.click(f"#evaluation >> text={world.enterprise_a.name}")
    # 亩均税收 40 (汝州), 15 (兴发), 10: 兴发 is second of three, 2/3 = 67 % ≤ 70 % → B
    assert page.inner_text("#own-class") == "B类（鼓励提升）"
    assert page.inner_text("#own-policy") == "合理保障用地、用能需求"
    assert "测试企业" not in page.inner_text("body")
    page.fill("#id_year", "去年")
    page.click("#year-form button")
    assert "“去年”" in page.inner_text("#evaluation-error")
    # Another enterprise's result, asked for by its id: still only its own.
    other = EnterpriseYear.objects.get(enterprise__name="测试企业501").enterprise_id
    page.goto(f"{page.base_url}/land/schemes/{scheme.pk}/result/?year=2024&enterprise={other}")
    assert page.inner_text("#own-class") == "B类（鼓励提升）"
    assert "测试企业" not in page.inner_text("body")
    page.goto(f"{page.base_url}/land/schemes/{scheme.pk}/notice/?year=2024")
    assert "测试企业" not in page.inner_text("body")

"""In the browser: a province analyst reads the ranking and its rank-interval chart and drills down
into a zone; zone staff fill in the grid for their zone."""

from decimal import Decimal

import pytest

from jijuqu.assessment.models import IndicatorValue
from jijuqu.assessment.testing import make_framework
from jijuqu.core.testing import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ranking_drill_down_and_entry(page):
    world = build_world()
    framework = make_framework(world)

    browser_login(page, "province")
    page.goto(f"{page.base_url}/assessment/frameworks/{framework.pk}/")
    page.click("#open-ranking")
    page.wait_for_selector("#chart-intervals canvas")  # ECharts drew the intervals, from the package
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).inner_text().startswith("1\t温县产业集聚区")
    assert "温县产业集聚区" in page.inner_text("#ten-fast")
    page.click("#ranking-table >> text=沁阳市产业集聚区")
    assert "增速9.0%，低于全省平均水平0.3个百分点，居全省第2位" in page.inner_text("#contributions")

    page.context.clear_cookies()
    browser_login(page, "zone_a")
    page.goto(f"{page.base_url}/assessment/frameworks/{framework.pk}/entry/?period=2025")
    inputs = page.locator("#entry-grid input")
    assert inputs.count() == 3  # one zone × three indicators
    inputs.nth(0).fill("约300")
    inputs.nth(1).fill("7.5")
    page.click("#save")
    assert "“约300”不是有效的数字" in page.inner_text("#entry-errors")
    assert not IndicatorValue.objects.filter(period="2025").exists()
    page.locator("#entry-grid input").nth(0).fill("300")
    page.click("#save")
    page.wait_for_selector(".alert-success")
    assert IndicatorValue.objects.get(period="2025", indicator__code="A1").value == Decimal("300")

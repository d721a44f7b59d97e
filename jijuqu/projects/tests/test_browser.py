"""A zone user reports a month's progress in the browser, sees the ledger update and exports it."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from jijuqu.core.periods import Period
from jijuqu.core.testing import browser_login, build_world
from jijuqu.projects.testing import make_project, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zone_user_reports_progress_and_exports_the_ledger(page):
    world = build_world()
    today = timezone.localdate()
    month = Period(today.year, today.month).months_back(1)  # the month just ended, the form's default
    before = month.months_back(1)
    project = make_project(
        world.zone_a, "广东兴发年产10万吨高档铝型材项目", total="100000.00", plan="24000.00", year=month.year
    )
    report(project, before.year, before.month, "1500.00")
    make_project(world.zone_b, "汝绣产业园三期", total="30000.00", plan="6000.00", year=month.year)

    browser_login(page, "zone_a")
    page.goto(page.base_url + "/projects/")
    assert "汝绣产业园三期" not in page.inner_text("#object-table")
    page.click("text=填报月度进度")
    page.select_option("#id_project", label="广东兴发年产10万吨高档铝型材项目")
    assert page.input_value("#id_year") == str(month.year)
    assert page.input_value("#id_month") == str(month.month)
    page.fill("#id_invested", "2000.50")
    page.fill("#id_progress_text", "主体结构封顶，设备进场")
    page.click("#save")
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert "主体结构封顶" in page.inner_text("body")

    page.goto(page.base_url + "/projects/")
    summary = page.inner_text("#ledger-summary")
    assert summary.startswith(f"{month.year}年{month.label}")
    row = page.inner_text("#object-table tbody tr")
    expected_ytd = Decimal("2000.50") + (Decimal("1500.00") if before.year == month.year else 0)
    assert f"{expected_ytd:,.2f}" in row

    with page.expect_download() as info:
        page.click("#export-xlsx")
    ws = load_workbook(BytesIO(open(info.value.path(), "rb").read())).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    body = [r for r in rows[3:] if r[0] != "合计"]
    assert [r[header.index("项目名称")] for r in body] == ["广东兴发年产10万吨高档铝型材项目"]
    assert Decimal(str(body[0][header.index("本年累计完成投资（万元）")])) == expected_ytd

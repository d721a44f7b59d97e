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


def test_department_works_an_approval_item_and_the_city_changes_its_limit(page):
    from playwright.sync_api import expect

    from jijuqu.projects.models import ApprovalItem, ApprovalItemType

    world = build_world()
    kind = ApprovalItemType.objects.create(name="建筑工程施工许可", time_limit=7)
    project = make_project(world.zone_a, "超威电源智能化改造项目")
    item = ApprovalItem.objects.create(
        project=project, item_type=kind, department=world.dept_city, submitted_on=timezone.localdate()
    )
    url = f"{page.base_url}/approvals/{item.pk}/"

    browser_login(page, "department")
    page.goto(url)
    assert page.locator("#limit-form").count() == 0
    page.click("#action-accept")
    expect(page.locator("#approval-status")).to_have_text("办理中")
    page.fill("#id_text", "缺少施工图审查合格书")
    page.click("#action-return")
    expect(page.locator("#approval-status")).to_have_text("退回补正中")
    page.click("#action-accept")
    expect(page.locator("#action-complete")).to_be_visible()
    page.fill("#id_text", "准予许可")
    page.click("#action-complete")
    expect(page.locator("#approval-status")).to_have_text("已办结")
    log = page.inner_text("#approval-log")
    assert [k in log for k in ("受理", "退回补正", "办结", "缺少施工图审查合格书")] == [True] * 4

    item2 = ApprovalItem.objects.create(
        project=project, item_type=kind, department=world.dept_city, submitted_on=timezone.localdate()
    )
    page.context.clear_cookies()
    browser_login(page, "city")
    page.goto(f"{page.base_url}/approvals/{item2.pk}/")
    assert page.locator("#action-form").count() == 0
    page.fill("#id_time_limit", "10")
    page.fill("#id_reason", "需专家论证")
    page.click("#change-limit")
    expect(page.locator(".alert")).to_contain_text("已调整为10个工作日")
    item2.refresh_from_db()
    assert item2.time_limit == 10 and item2.actions.get().text == "需专家论证"

"""The enterprise raises a request in the browser, the city refers it, the department answers, the
enterprise rates it, and the city analyst reads the 按时办结率."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jijuqu.core.testing import browser_login, build_world
from jijuqu.service.models import ServiceRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_request_answered_rated_and_counted_by_the_city(page):
    world = build_world()
    browser_login(page, "enterprise")
    page.click("#raise-request")
    page.fill("#id_title", "   ")  # only spaces: refused by the server, the field named
    page.click("#save")
    expect(page.locator("form.col-lg-8")).to_contain_text("这个字段是必填项")
    assert page.input_value("#id_enterprise") == str(world.enterprise_a.pk)
    page.fill("#id_title", "新厂房用电增容")
    page.select_option("#id_category", "power")
    page.fill("#id_description", "新厂房需增容至4000千伏安。")
    page.click("#save")
    expect(page.locator("#request-status")).to_contain_text("待转办")
    request = ServiceRequest.objects.get()
    assert request.enterprise == world.enterprise_a
    url = f"{page.base_url}/service/requests/{request.pk}/"

    page.context.clear_cookies()
    browser_login(page, "city")
    page.goto(url)
    page.click("#step-assign")  # no department chosen
    expect(page.locator(".alert")).to_contain_text("请选择责任单位")
    page.select_option("#id_department", str(world.dept_city.pk))
    page.click("#step-assign")
    expect(page.locator("#request-status")).to_contain_text("待首次响应")

    page.context.clear_cookies()
    browser_login(page, "department")
    page.goto(url)
    page.fill("#id_text", "已与供电公司对接，增容方案已批复。")
    page.click("#step-answer")
    expect(page.locator("#request-status")).to_contain_text("已答复待评价")

    page.context.clear_cookies()
    browser_login(page, "enterprise")
    page.goto(url)
    page.select_option("#id_rating", "satisfied")
    page.click("#step-rate")
    expect(page.locator("#request-status")).to_contain_text("已办结")
    expect(page.locator("#request-log")).to_contain_text("满意")

    page.context.clear_cookies()
    browser_login(page, "city")
    page.goto(page.base_url + "/service/")
    page.fill(
        "#id_period", ""
    )  # careless: cleared, then the month running now (the default is the last closed one)
    page.goto(page.base_url + "/service/?period=" + timezone.localdate().strftime("%Y-%m"))
    expect(page.locator("#request-total .on-time-rate")).to_have_text("100.0%")
    page.screenshot(path="/work/shots/service/browser_city_overview.png", full_page=True)

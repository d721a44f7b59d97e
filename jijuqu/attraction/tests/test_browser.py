"""A team member records a lead, logs a visit and signs it at an event; the city analyst reads it in the
招商通报."""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from jijuqu.attraction.models import Contract, Event, Lead
from jijuqu.attraction.testing import make_teams
from jijuqu.core.periods import Period
from jijuqu.core.testing import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    folder = os.getenv("JIJUQU_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_team_member_signs_a_lead_and_the_city_reads_it_in_the_report(page):
    world = build_world()
    make_teams(world)
    month = Period.current(timezone.localdate()).months_back(1)  # a closed month: the 通报 covers it
    signed_day = month.end
    Event.objects.create(
        name="新能源电池产业链专题招商会", series="一个链条", date=signed_day, region=world.qinyang_county
    )

    browser_login(page, "park_member")
    page.goto(page.base_url + "/attraction/leads/add/")
    page.fill("#id_company_name", "江苏某储能科技有限公司")
    page.fill("#id_project_name", "年产5GWh储能电池项目")
    page.select_option("#id_team", label="沁北园区招商团")
    page.fill("#id_intended_investment", "约5亿")  # careless: refused with the field named
    page.click("#save")
    assert "意向投资额" in page.inner_text("body")
    page.fill("#id_intended_investment", "5.2亿")
    page.click("#save")
    lead = Lead.objects.get(company_name="江苏某储能科技有限公司")
    page.wait_for_url(f"**/attraction/leads/{lead.pk}/")
    shot(page, "1-lead")

    page.click("#log-contact")
    page.fill("#id_date", str(signed_day.replace(day=1)))
    page.select_option("#id_kind", label="上门拜访")
    page.fill("#id_note", "赴南京拜访企业董事长，介绍沁北园区厂房")
    page.click("#save")
    page.goto(page.base_url + f"/attraction/leads/{lead.pk}/")
    assert "接洽" in page.inner_text("#lead-state")

    page.click("#sign-contract")
    assert page.input_value("#id_investor_name") == "江苏某储能科技有限公司"
    page.fill("#id_signed_on", str(signed_day))
    page.select_option("#id_event", label=f"{signed_day:%Y-%m-%d} 新能源电池产业链专题招商会")
    page.click("#save")
    shot(page, "2-contract-saved")
    contract = Contract.objects.get(lead=lead)
    page.wait_for_url(f"**/attraction/contracts/{contract.pk}/")
    assert contract.amount == 52000 and contract.team.name == "沁北园区招商团"
    shot(page, "2-contract")
    page.goto(page.base_url + f"/attraction/leads/{lead.pk}/")
    assert "签约" in page.inner_text("#lead-state")

    page.context.clear_cookies()
    browser_login(page, "city")
    page.goto(page.base_url + f"/attraction/report/?area=410800&period={month}")
    text = page.inner_text("#report-text")
    assert f"{month.label}，全市新签约招商引资项目1个，合同引进资金5.2亿元" in text
    assert "沁北园区招商团" in page.inner_text("body")
    shot(page, "3-report")

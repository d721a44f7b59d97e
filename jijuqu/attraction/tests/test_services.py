from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jijuqu.attraction import services
from jijuqu.attraction.choices import Light, Stage
from jijuqu.attraction.models import Contract, FundsArrival, Lead
from jijuqu.attraction.testing import make_contract, make_lead, make_teams
from jijuqu.core.periods import Period
from jijuqu.projects.models import Project

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2024, 3, 14), Light.GREEN),  # a day short of 2 months
        (D(2024, 3, 15), Light.YELLOW),  # exactly 2 months
        (D(2024, 4, 14), Light.YELLOW),
        (D(2024, 4, 15), Light.RED),  # exactly 3 months
        (D(2024, 7, 14), Light.RED),
        (D(2024, 7, 15), Light.ARCHIVED),  # exactly 6 months
    ],
)
def test_light_turns_on_the_exact_month_boundaries(today, expected):
    assert services.light(D(2024, 1, 15), today) == expected


def test_light_months_clamp_to_the_end_of_a_short_month():
    # 31 Dec + 2 months is 29 Feb 2024 (leap year): yellow from that day, green the day before.
    assert services.light(D(2023, 12, 31), D(2024, 2, 28)) == Light.GREEN
    assert services.light(D(2023, 12, 31), D(2024, 2, 29)) == Light.YELLOW


def test_light_boundaries_follow_the_settings(settings):
    settings.JIJUQU_LEAD_YELLOW_MONTHS = 1
    assert services.light(D(2024, 1, 15), D(2024, 2, 15)) == Light.YELLOW


def test_last_contact_decides_the_light(world):
    teams = make_teams(world)
    lead = make_lead(teams.park, recorded_on=D(2024, 1, 15))
    services.log_contact(lead, D(2024, 3, 1), "visit", "首次拜访")
    lead.refresh_from_db()
    assert lead.stage == Stage.CONTACTED
    row = services.with_last_contact(Lead.objects.filter(pk=lead.pk)).get()
    assert row.last_contact == D(2024, 3, 1)
    assert services.lead_light(row, D(2024, 4, 30)) == Light.GREEN
    assert services.lead_light(row, D(2024, 5, 1)) == Light.YELLOW


def test_company_key_folds_brackets_spaces_and_width():
    assert services.company_key("广东兴发铝业（河南）有限公司") == services.company_key(
        " 广东兴发铝业(河南) 有限公司"
    )
    assert services.company_key("ＡＢＣ科技") == services.company_key("abc科技")
    assert services.company_key("甲公司") != services.company_key("乙公司")


def test_second_team_entering_a_held_company_is_told_who_holds_it(world):
    teams = make_teams(world)
    held = make_lead(teams.town, company="江苏恒力化纤股份有限公司")
    found = list(services.collisions("江苏恒力化纤股份有限公司 ", team=teams.park))
    assert found == [held]
    assert "紫陵镇招商团" in services.collision_message(found)
    # The same team re-entering its own company is no collision; an abandoned lead holds nothing.
    assert list(services.collisions("江苏恒力化纤股份有限公司", team=teams.town)) == []
    services.move_stage(held, Stage.ABANDONED, reason="企业投资意向取消")
    assert list(services.collisions("江苏恒力化纤股份有限公司", team=teams.park)) == []


def test_collision_by_credit_code_despite_another_name(world):
    teams = make_teams(world)
    code = world.enterprise_b.credit_code
    held = make_lead(teams.town, company="润灵药业", credit_code=code)
    assert list(services.collisions("河南润灵药业有限公司", credit_code=code.lower(), team=teams.park)) == [
        held
    ]


def test_supervisor_decides_a_collision_and_the_other_lead_is_abandoned(world):
    teams = make_teams(world)
    first = make_lead(teams.town, company="江苏恒力化纤股份有限公司")
    second = make_lead(teams.park, company="江苏恒力化纤（股份）有限公司".replace("（股份）", "股份"))
    assert [len(g) for g in services.colliding_groups(Lead.objects.all())] == [2]
    with pytest.raises(PermissionDenied):
        services.award_lead(second, world.user("zone_a"))
    services.award_lead(second, world.user("county"))
    first.refresh_from_db()
    assert first.stage == Stage.ABANDONED and "沁北园区招商团" in first.abandon_reason
    assert services.colliding_groups(Lead.objects.all()) == []


def test_abandoning_needs_a_reason_and_signed_stages_need_a_contract(world):
    teams = make_teams(world)
    lead = make_lead(teams.park)
    with pytest.raises(ValidationError):
        services.move_stage(lead, Stage.ABANDONED, reason=" ")
    with pytest.raises(ValidationError):
        services.move_stage(lead, Stage.SIGNED)
    services.move_stage(lead, Stage.NEGOTIATING)
    assert Lead.objects.get(pk=lead.pk).stage == Stage.NEGOTIATING


def test_contract_that_starts_becomes_one_key_project(world):
    teams = make_teams(world)
    lead = make_lead(teams.park, company="河南某新能源有限公司")
    contract = make_contract(
        world.zone_a,
        "年产5GWh储能电池项目",
        "50000",
        D(2024, 2, 1),
        lead=lead,
        team=teams.park,
        agreed_start=D(2024, 5, 1),
    )
    services.contract_saved(contract)
    assert Lead.objects.get(pk=lead.pk).stage == Stage.SIGNED
    project = services.start_contract(contract, D(2024, 6, 1), world.user("zone_a"))
    contract.refresh_from_db()
    assert contract.project == project and project.contract == contract
    assert project.status == "started" and project.actual_start == D(2024, 6, 1)
    assert project.total_investment == Decimal("50000.00") and project.zone == world.zone_a
    assert project.level == "county"  # a county key project until the 发改委 promotes it
    assert Lead.objects.get(pk=lead.pk).stage == Stage.STARTED
    assert Project.objects.filter(name="年产5GWh储能电池项目").count() == 1
    assert project.history.count() >= 1
    with pytest.raises(ValidationError):
        services.start_contract(contract, D(2024, 6, 2), world.user("zone_a"))


def test_contract_named_like_a_ledger_project_links_it_instead_of_copying(world):
    from jijuqu.projects.testing import make_project

    existing = make_project(world.zone_a, name="年产5GWh储能电池项目", status="planning")
    contract = make_contract(world.zone_a, "年产5GWh储能电池项目", "50000", D(2024, 2, 1))
    assert services.start_contract(contract, D(2024, 6, 1), world.user("zone_a")) == existing
    assert Project.objects.filter(name="年产5GWh储能电池项目").count() == 1


def test_a_zone_user_cannot_start_a_contract_into_a_project_outside_scope(world):
    contract = make_contract(world.zone_b, "汝州某项目", "1000", D(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.start_contract(contract, D(2024, 6, 1), world.user("zone_a"))
    assert not Project.objects.filter(name="汝州某项目").exists()


def figures_world(w):
    """Four contracts of 沁阳 and one of 汝州, figures worked out by hand in the test below."""
    c1 = make_contract(
        w.zone_a,
        "C1",
        "10000",
        D(2024, 2, 10),
        registered_on=D(2024, 3, 1),
        site_secured_on=D(2024, 4, 1),
        producing_on=D(2024, 11, 1),
    )
    FundsArrival.objects.create(contract=c1, year=2024, month=5, domestic=Decimal("2000"))
    Contract.objects.filter(pk=c1.pk).update(started_on=D(2024, 6, 1))
    c2 = make_contract(w.zone_a, "C2", "6000", D(2024, 3, 5), registered_on=D(2024, 4, 1))
    FundsArrival.objects.create(
        contract=c2, year=2024, month=9, domestic=Decimal("1000"), foreign_usd=Decimal("50")
    )
    c3 = make_contract(
        w.zone_a, "C3", "4000", D(2024, 9, 20), registered_on=D(2024, 10, 10), site_secured_on=D(2024, 10, 12)
    )
    FundsArrival.objects.create(contract=c3, year=2024, month=11, domestic=Decimal("500"))
    c4 = make_contract(w.zone_a, "C4", "5000", D(2023, 12, 1))
    FundsArrival.objects.create(contract=c4, year=2024, month=3, domestic=Decimal("3000"))
    make_contract(w.zone_b, "C5", "8000", D(2024, 5, 1))


def test_figures_and_rates_worked_out_by_hand(world):
    figures_world(world)
    f = services.figures(Contract.objects.filter(zone__region__code__startswith="4108"), Period(2024, 10))
    # Signed in 1-10月 2024: C1, C2, C3 = 20000 万元. Honoured by 31 Oct (registered, site and first funds):
    # C1 only (C2 has no site, C3's funds come in November). Started: C1. Producing by 31 Oct: none.
    # Funds arrived on them up to October: 2000 + 1000 = 3000 万元 and 50 万美元 (apart).
    assert (f.signed, f.contract_amount, f.honoured, f.started, f.in_production) == (
        3,
        Decimal("20000.00"),
        1,
        1,
        0,
    )
    assert (f.funds_arrived, f.funds_arrived_usd) == (Decimal("3000.00"), Decimal("50.00"))
    assert (f.honoured_rate, f.started_rate, f.funds_rate) == (
        Decimal("33.3"),
        Decimal("33.3"),
        Decimal("15.0"),
    )
    # Overdue (signed before 30 Apr and not started by 31 Oct): C2 and C4.
    assert f.overdue == 2
    names = [
        c.name
        for c in services.overdue_contracts(Contract.objects.filter(zone=world.zone_a), D(2024, 10, 31))
    ]
    assert names == ["C4", "C2"]


def test_what_counts_as_honoured_is_a_setting(world, settings):
    figures_world(world)
    settings.JIJUQU_CONTRACT_HONOURED = "registered"
    f = services.figures(Contract.objects.filter(zone=world.zone_a), Period(2024, 10))
    assert f.honoured == 3  # C1, C2 and C3 were all registered by 31 Oct


def test_funds_cannot_arrive_before_signing(world):
    contract = make_contract(world.zone_a, "C9", "100", D(2024, 5, 1))
    with pytest.raises(ValidationError):
        FundsArrival(contract=contract, year=2024, month=4, domestic=Decimal("1")).full_clean()


def test_a_huge_amount_is_refused_in_chinese_not_a_server_error():
    from jijuqu.core.money import MoneyError, parse_money

    # Quantizing -1e308 raised decimal.InvalidOperation (a 500 from POST /api/attraction/targets/).
    with pytest.raises(MoneyError, match="超出可保存的范围"):
        parse_money(Decimal("-1.05289172594043e+308"))


def test_the_projects_production_is_the_contracts_and_the_contract_form_refuses_another(world):
    """One identity: 投产 recorded in the ledger's lifecycle (竣工 2024-09-30, 投产 2024-10-08) is the
    contract's production date and moves its lead to 投产; the contract form cannot say otherwise."""
    from jijuqu.attraction.forms import ContractForm
    from jijuqu.projects.services import change_status

    teams = make_teams(world)
    lead = make_lead(teams.park, company="河南某新材料有限公司")
    contract = make_contract(world.zone_a, "新材料项目", "8000", D(2024, 2, 1), lead=lead, team=teams.park)
    user = world.user("zone_a")
    project = services.start_contract(contract, D(2024, 3, 1), user)
    change_status(project, "building", D(2024, 4, 1), user)
    change_status(project, "completed", D(2024, 9, 30), user)
    change_status(project, "producing", D(2024, 10, 8), user)
    contract.refresh_from_db()
    assert contract.producing_on == D(2024, 10, 8)
    assert Lead.objects.get(pk=lead.pk).stage == Stage.PRODUCING
    form = ContractForm(instance=contract, user=user)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["producing_on"] = "2024-11-01"
    form = ContractForm(data, instance=contract, user=user)
    assert not form.is_valid() and "投产" in str(form.errors["producing_on"])

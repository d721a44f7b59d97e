"""The 亩均效益 evaluation on the database, with figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jijuqu.assessment.models import Adjustment
from jijuqu.enterprises.models import EnterpriseYear
from jijuqu.land import evaluation
from jijuqu.land.testing import make_building, make_enterprise, make_scheme, make_tenancy

pytestmark = pytest.mark.django_db

TAX_AND_REVENUE = [("mu_tax", 40, 20), ("mu_revenue", 60, 400)]


def three(world):
    """Three 规上 enterprises on 10 亩 each: 亩均税收 10, 20, 30; 亩均营业收入 200, 600, 400."""
    zone = world.zone_a
    return [
        make_enterprise(zone, 101, land=10, tax=100, revenue=2000),
        make_enterprise(zone, 102, land=10, tax=200, revenue=6000),
        make_enterprise(zone, 103, land=10, tax=300, revenue=4000),
    ]


def by_code(result):
    return {r.enterprise.credit_code: r for r in result.results}


def test_floored_min_max_scheme_scores_and_ranks_the_enterprises(world):
    one, two, three_ = three(world)
    scheme = make_scheme(world.jiaozuo, TAX_AND_REVENUE, normalisation="floored")
    result = by_code(evaluation.evaluate(scheme, 2024))
    # tax: 8, 24, 40 points; revenue: 12, 60, 36 points
    assert result[one.credit_code].points == {"mu_tax": Decimal("8.00"), "mu_revenue": Decimal("12.00")}
    assert [result[e.credit_code].total for e in (one, two, three_)] == [Decimal("20.00"), 84, 76]
    assert [result[e.credit_code].rank for e in (one, two, three_)] == [3, 1, 2]
    assert result[two.credit_code].values == {"mu_tax": Decimal("20.0000"), "mu_revenue": Decimal("600.0000")}
    # Of three: 1/3 = 33 % is past 25 % (no A); 2/3 = 67 % ≤ 70 % (B); 3/3 = 100 % > 95 % (D)
    assert [result[e.credit_code].klass for e in (two, three_, one)] == ["B", "B", "D"]


def test_benchmark_scheme_with_a_cap(world):
    one, two, three_ = three(world)
    scheme = make_scheme(world.jiaozuo, TAX_AND_REVENUE, normalisation="benchmark", cap=Decimal("1.2"))
    result = by_code(evaluation.evaluate(scheme, 2024))
    # tax 10/20 × 40 = 20, 20/20 × 40 = 40, 30/20 = 1.5 capped at 1.2 → 48
    # revenue 200/400 × 60 = 30, 600/400 = 1.5 capped → 72, 400/400 × 60 = 60
    assert [result[e.credit_code].total for e in (one, two, three_)] == [50, 112, 108]


@pytest.mark.parametrize(
    "n, expected", [(20, "A" * 5 + "B" * 9 + "C" * 5 + "D"), (21, "A" * 5 + "B" * 9 + "C" * 5 + "DD")]
)
def test_class_boundaries_of_groups_of_twenty_and_twenty_one(world, n, expected):
    # 亩均税收 1 … n on 10 亩 each (tax 10 … 10n); the best has the highest tax.
    for k in range(1, n + 1):
        make_enterprise(world.zone_a, 200 + k, land=10, tax=10 * k, revenue=5000)
    scheme = make_scheme(world.jiaozuo, [("mu_tax", 100, None)])
    result = evaluation.evaluate(scheme, 2024)
    assert [r.rank for r in result.results] == list(range(1, n + 1))
    assert "".join(r.klass for r in result.results) == expected


def test_shares_are_set_per_scheme(world):
    for k in range(1, 11):
        make_enterprise(world.zone_a, 300 + k, land=10, tax=10 * k, revenue=5000)
    scheme = make_scheme(
        world.jiaozuo, [("mu_tax", 100, None)], share_a=Decimal(10), share_b=Decimal(50), share_c=Decimal(80)
    )
    assert "".join(r.klass for r in evaluation.evaluate(scheme, 2024).results) == "ABBBBCCCDD"


def test_a_smaller_enterprise_on_five_mu_is_scored_on_tax_per_mu_alone(world):
    three(world)
    EnterpriseYear.objects.update(rd_expense=Decimal(100))
    small = make_enterprise(world.zone_a, 110, land=5, tax=50, revenue=1999.99, rd_expense=500)
    smaller = make_enterprise(world.zone_a, 111, land="4.9999", tax=80, revenue=100)
    scheme = make_scheme(world.jiaozuo, TAX_AND_REVENUE + [("rd_intensity", 10, None)])
    result = evaluation.evaluate(scheme, 2024)
    mine = result.result_for(small)
    assert mine.group == evaluation.TAX_ONLY and list(mine.values) == ["mu_tax"]
    assert mine.values["mu_tax"] == 10 and mine.rank == 1 and mine.total == 100  # alone in its group
    assert result.group_sizes == {"full": 3, "tax": 1}
    assert result.result_for(smaller) is None
    assert [(e, why) for e, why in result.excluded] == [(smaller, "规模以下且用地4.9999亩，不足5亩")]


def test_listed_kinds_are_evaluated_but_not_classed_and_managed_as_b(world):
    for k in range(1, 5):
        make_enterprise(world.zone_a, 400 + k, land=10, tax=10 * k, revenue=5000)
    utility = make_enterprise(world.zone_a, 409, land=10, tax=1000, revenue=5000, evaluation_kind="utility")
    scheme = make_scheme(
        world.jiaozuo, [("mu_tax", 100, None)], unclassed_kinds="utility,new", policy_b="电价不变"
    )
    result = evaluation.evaluate(scheme, 2024)
    mine = result.result_for(utility)
    assert (mine.rank, mine.klass, mine.managed_as, mine.class_name) == (1, "", "B", "不定等级（按B类管理）")
    # The four others are classed among themselves: 1/4 = 25 % A, 2/4 B, 3/4 = 75 % ≤ 95 % C, 4/4 D
    assert [r.klass for r in result.results if r.enterprise != utility] == ["A", "B", "C", "D"]
    assert evaluation.result_rows(result)[0]["policy"] == "电价不变"


def test_a_deduction_lowers_the_total_and_a_veto_makes_class_d(world):
    one, two, three_ = three(world)
    scheme = make_scheme(world.jiaozuo, TAX_AND_REVENUE, share_a=Decimal(34))
    fw = scheme.framework
    Adjustment.objects.create(
        framework=fw, zone=world.zone_a, enterprise=two, period="2024", points=-10, reason="环保处罚"
    )
    Adjustment.objects.create(
        framework=fw, zone=world.zone_a, enterprise=three_, period="2024", veto=True, reason="较大安全事故"
    )
    result = by_code(evaluation.evaluate(scheme, 2024))
    assert result[two.credit_code].total == 74 and result[two.credit_code].reasons == ["扣10.00分：环保处罚"]
    assert result[three_.credit_code].klass == "D" and result[three_.credit_code].rank == 3
    assert result[two.credit_code].klass == "A"  # 1/3 ≤ 34 %


def test_a_tenants_land_is_its_share_of_the_building_footprint(world):
    tenant = make_enterprise(world.zone_a, 120, tax=30, revenue=3000)
    building = make_building(world.zone_a, "1号楼", 6000, floors=2)
    # 2000 m² over 2 floors = 1000 m² of land = 1.5 亩
    make_tenancy(building, tenant, 2000, dt.date(2024, 1, 1))
    scheme = make_scheme(world.jiaozuo, [("mu_tax", 100, None)])
    mine = evaluation.evaluate(scheme, 2024).result_for(tenant)
    assert mine.land == Decimal("1.5") and mine.values["mu_tax"] == 20


def test_change_from_last_year(world):
    one, two, three_ = three(world)
    for e, tax in ((one, 500), (two, 100), (three_, 200)):
        EnterpriseYear.objects.create(enterprise=e, year=2023, tax=Decimal(tax), revenue=Decimal(5000))
    scheme = make_scheme(world.jiaozuo, [("mu_tax", 100, None)])
    result = by_code(evaluation.evaluate(scheme, 2024))
    # 2023: one B (rank 1), three_ B, two D; 2024: three_ B, two B, one D
    assert result[one.credit_code].class_change == "降级"
    assert result[two.credit_code].class_change == "升级"
    assert result[three_.credit_code].class_change == "持平"


def test_an_enterprise_user_sees_only_its_own_result(world):
    three(world)
    from jijuqu.enterprises.models import EnterpriseYear as EY

    EY.objects.filter(enterprise=world.enterprise_a).update(tax=Decimal(100), revenue=Decimal(3000))
    from jijuqu.land.testing import make_plot

    make_plot(world.zone_a, "XF", 20, "producing", enterprise=world.enterprise_a)
    scheme = make_scheme(world.jiaozuo, [("mu_tax", 100, None)])
    result = evaluation.evaluate(scheme, 2024)
    assert len(result.results) == 4
    part = result.part_for(world.user("enterprise"))
    assert [r.enterprise for r in part.results] == [world.enterprise_a]
    assert part.results[0].rank == result.result_for(world.enterprise_a).rank
    assert result.part_for(world.user("zone_b")).results == []

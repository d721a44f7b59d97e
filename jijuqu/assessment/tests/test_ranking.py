"""Rankings from the database: the engine's result read back as ranks, stars, 十强/十快 and phrases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jijuqu.assessment import engine
from jijuqu.assessment.choices import Aggregation, MissingPolicy, Normalisation, Weighting
from jijuqu.assessment.models import (
    Adjustment,
    Indicator,
    IndicatorValue,
    StarRule,
)
from jijuqu.assessment.periods import period_label, previous_period
from jijuqu.assessment.phrases import comparison_phrase
from jijuqu.assessment.ranking import rank
from jijuqu.assessment.testing import make_framework

pytestmark = pytest.mark.django_db
D = Decimal


def test_engine_and_model_choices_agree():
    assert set(engine.NORMALISATIONS) == set(Normalisation.values)
    assert set(engine.WEIGHTINGS) == set(Weighting.values)
    assert set(engine.AGGREGATIONS) == set(Aggregation.values)
    assert set(engine.MISSING_POLICIES) == set(MissingPolicy.values)


def test_periods():
    assert previous_period("2024") == "2023"
    assert previous_period("2024-Q1") == "2023-Q4" and previous_period("2024-Q3") == "2024-Q2"
    assert previous_period("2024-01") == "2023-12" and previous_period("2024-10") == "2024-09"
    assert period_label("2024-Q3") == "2024年第三季度" and period_label("2024-10") == "2024年10月"


@pytest.fixture
def framework(world):
    return make_framework(world)


def indicator(code):
    return Indicator.objects.get(code=code)


def test_min_max_weighted_ranking_by_hand(world, framework):
    # 2024, min-max: revenue 320/150/310 → 100, 0, 94.12; growth 9/4/15 → 45.45, 0, 100;
    # energy (lower is better) 0.5/0.6/0.3 → 33.33, 0, 100. Weights 0.5/0.3/0.2.
    r = rank(framework, "2024")
    scores = {x.zone.name: x.score for x in r.results}
    assert scores["沁阳市产业集聚区"] == D("70.30")  # 50 + 13.64 + 6.67
    assert scores["温县产业集聚区"] == D("97.06")  # 47.06 + 30 + 20
    assert scores["汝州市产业集聚区"] == D("0.00")
    assert [x.zone.name for x in r.results] == ["温县产业集聚区", "沁阳市产业集聚区", "汝州市产业集聚区"]
    top = r.results[0]
    assert top.groups == {"经济总量": D("77.06"), "绿色发展": D("20.00")}
    assert sum(top.contributions.values()) == top.score


def test_previous_period_gives_ten_fast_and_star_changes(world, framework):
    StarRule.objects.create(framework=framework, stars=5, indicator=indicator("A1"), threshold=D("300"))
    StarRule.objects.create(framework=framework, stars=5, indicator=indicator("B1"), threshold=D("0.5"))
    StarRule.objects.create(framework=framework, stars=3, indicator=indicator("A1"), threshold=D("150"))
    r = rank(framework, "2024")
    by = {x.zone.name: x for x in r.results}
    wen, qinyang, ruzhou = by["温县产业集聚区"], by["沁阳市产业集聚区"], by["汝州市产业集聚区"]
    assert (wen.previous_rank, wen.rank, wen.rank_change) == (3, 1, 2)
    assert [x.zone.name for x in r.ten_fast()] == ["温县产业集聚区"]
    assert [x.zone.name for x in r.ten_strong()] == ["温县产业集聚区", "沁阳市产业集聚区", "汝州市产业集聚区"]
    # 温县: 310 ≥ 300 and 0.3 ≤ 0.5 → five stars, up from none (100 < 150 in 2023).
    assert (wen.stars, wen.previous_stars, wen.star_change, wen.star_name) == (5, 0, "晋级", "五星级")
    assert (qinyang.stars, qinyang.star_change) == (5, "保持")
    assert (ruzhou.stars, ruzhou.previous_stars, ruzhou.star_change) == (3, 3, "保持")


def test_bonus_deduction_and_veto_are_applied_and_explained(world, framework):
    Adjustment.objects.create(
        framework=framework, zone=world.zone_b, period="2024", points=D("80"), reason="招商引资"
    )
    Adjustment.objects.create(
        framework=framework, zone=world.zone_c, period="2024", veto=True, reason="重大安全事故"
    )
    r = rank(framework, "2024")
    assert [x.zone.name for x in r.results] == ["汝州市产业集聚区", "沁阳市产业集聚区", "温县产业集聚区"]
    ruzhou, wen = r.results[0], r.results[2]
    assert ruzhou.score == D("80.00") and ruzhou.reasons == ["加80.00分：招商引资"]
    assert wen.vetoed and wen.reasons == ["一票否决：重大安全事故"] and wen.stars == 0
    assert "温县产业集聚区" not in [x.zone.name for x in r.ten_strong()]


def test_missing_values_are_reported_under_each_policy(world, framework):
    IndicatorValue.objects.filter(zone=world.zone_b, period="2024", indicator__code="A2").delete()
    excluded = rank(framework, "2024")
    assert [z.name for z, _ in excluded.excluded] == ["汝州市产业集聚区"]
    assert excluded.excluded[0][1] == ["增速"] and len(excluded.results) == 2
    framework.missing = "zero"
    zero = rank(framework, "2024", engine.Method(missing="zero"))
    assert [line for _, line in zero.imputed] == ["汝州市产业集聚区缺少“增速”，按最差值计为0"]
    assert len(zero.results) == 3
    # Each user is told about their own zones only.
    assert excluded.part_for(world.user("zone_a")).excluded == []
    assert [z.name for z, _ in excluded.part_for(world.user("zone_b")).excluded] == ["汝州市产业集聚区"]
    assert (
        zero.part_for(world.user("zone_a")).imputed == [] and zero.part_for(world.user("zone_a")).ranked == 3
    )


def test_comparison_phrase_as_printed(world, framework):
    r = rank(framework, "2024")
    growth = indicator("A2")
    # 增速 9 / 4 / 15: mean 9.333…; 沁阳 9 is 0.3 points below and second of three.
    assert comparison_phrase(r, world.zone_a, growth) == "增速9.0%，低于全省平均水平0.3个百分点，居全省第2位"
    # Within the city the average is the city's (9 and 15: 12), not the province's.
    assert (
        comparison_phrase(r, world.zone_c, growth, peers=[world.zone_a, world.zone_c], peer_label="焦作市")
        == "增速15.0%，高于焦作市平均水平3.0个百分点，居焦作市第1位"
    )
    assert (
        comparison_phrase(r, world.zone_a, indicator("A1"))
        == "主营业务收入320.0亿元，高于全省平均水平60.0亿元，居全省第1位"
    )


def test_other_methods_and_rank_intervals(world, framework):
    for weighting in ("equal", "entropy", "pca"):
        assert len(rank(framework, "2024", engine.Method(weighting=weighting)).results) == 3
    ranked = rank(framework, "2024", engine.Method(aggregation="geometric"), runs=200)
    for x in ranked.results:
        low, median, high = x.interval
        assert 1 <= low <= median <= high <= 3
    framework.pairwise = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    ahp = rank(framework, "2024", engine.Method(weighting="ahp"))
    assert ahp.consistency.consistent and sum(ahp.weights.values()) == pytest.approx(D(1), abs=D("0.0002"))


def test_a_zone_user_sees_only_their_own_row_of_the_ranking(world, framework):
    r = rank(framework, "2024")
    assert [x.zone for x in r.part_for(world.user("zone_a")).results] == [world.zone_a]
    assert len(r.part_for(world.user("city")).results) == 2
    assert len(r.part_for(world.user("province")).results) == 3


def test_rounded_parts_add_up_to_the_rounded_total():
    from jijuqu.assessment.ranking import rounded_parts

    assert rounded_parts([13.6363, 50.0, 6.6667], D("70.30")) == [D("13.63"), D("50.00"), D("6.67")]
    assert sum(rounded_parts([1 / 3, 1 / 3, 1 / 3], D("1.00"))) == D("1.00")


def test_values_print_as_in_a_report():
    from jijuqu.assessment.phrases import shown

    assert shown(D("7.0"), "个") == "7" and shown(D("7.5"), "个") == "7.5"
    assert shown(D("9"), "%") == "9.0" and shown(D("320"), "亿元") == "320.0"


def test_comparison_with_another_weighting_gives_rank_there_and_places_moved_up(world, framework):
    from jijuqu.assessment.ranking import compare

    own = rank(framework, "2024")
    equal = rank(framework, "2024", engine.Method(weighting="equal"))
    shifts = compare(own, None, "equal")
    for r in own.results:
        there = equal.result_for(r.zone).rank
        assert shifts[r.zone.pk] == (there, r.rank - there)
    assert compare(own, None, "") == {}


def test_a_vetoed_zone_has_no_rank_interval(world, framework):
    Adjustment.objects.create(
        framework=framework,
        zone=world.zone_a,
        period="2024",
        points=D("0"),
        veto=True,
        reason="发生重大安全事故",
    )
    ranked = rank(framework, "2024", runs=50)
    vetoed = ranked.result_for(world.zone_a)
    assert vetoed.vetoed and vetoed.interval is None
    assert all(r.interval is not None for r in ranked.results if not r.vetoed)

"""The two 亩均 scoring rules and the A/B/C/D classes, in the zone assessment's engine, with figures
worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from jijuqu.assessment import engine

# Three enterprises × (亩均税收 40 points, 亩均营业收入 60 points).
X = np.array([[10.0, 100.0], [20.0, 300.0], [30.0, 200.0]])
UP = np.array([1, 1])
POINTS = np.array([40.0, 60.0])


def test_floored_min_max_gives_the_last_place_a_fifth_of_the_points():
    # 亩均税收: positions 0, ½, 1 in the range → 20, 60, 100 → × 40 / 100 = 8, 24, 40
    # 亩均营业收入: 0, 1, ½ → 20, 100, 60 → × 60 / 100 = 12, 60, 36
    e = engine.evaluate(X, UP, engine.Method(normalisation="floored"), weights=POINTS)
    assert np.allclose(e.contributions, [[8, 12], [24, 60], [40, 36]])
    assert np.allclose(e.scores, [20, 84, 76])
    assert list(e.ranks) == [3, 1, 2]


def test_ratio_to_benchmark_times_weight_capped_at_a_multiple_of_the_weight():
    benchmarks = np.array([20.0, 200.0])
    method = engine.Method(normalisation="benchmark")
    # 10/20 × 40 = 20, 20/20 × 40 = 40, 30/20 × 40 = 60; 100/200 × 60 = 30, 300/200 × 60 = 90, 1 × 60 = 60
    e = engine.evaluate(X, UP, method, weights=POINTS, targets=benchmarks)
    assert np.allclose(e.scores, [50, 130, 120])
    # Capped at 1.2 × the weight: 60 → 48 (tax of the third), 90 → 72 (revenue of the second).
    capped = engine.evaluate(X, UP, method, weights=POINTS, targets=benchmarks, cap=1.2)
    assert np.allclose(capped.contributions, [[20, 30], [40, 72], [48, 60]])
    assert np.allclose(capped.scores, [50, 112, 108])


def test_benchmark_for_a_lower_is_better_indicator_is_benchmark_over_value():
    S = engine.normalise(np.array([[50.0], [200.0]]), np.array([-1]), "benchmark", targets=np.array([100.0]))
    assert np.allclose(S[:, 0], [200, 50])
    with pytest.raises(engine.EngineError):
        engine.normalise(X, UP, "benchmark", targets=np.array([20.0, np.nan]))


SHARES, LABELS = (25, 70, 95), ("A", "B", "C", "D")


def test_classes_of_twenty_fall_exactly_on_the_shares():
    grades = engine.classes_by_rank(range(1, 21), SHARES, LABELS)
    # 25 % of 20 = 5, 70 % = 14, 95 % = 19
    assert grades == ["A"] * 5 + ["B"] * 9 + ["C"] * 5 + ["D"]


def test_classes_of_twenty_one_round_the_shares_down():
    grades = engine.classes_by_rank(range(1, 22), SHARES, LABELS)
    # 5/21 = 23.8 % ≤ 25 % but 6/21 = 28.6 %; 14/21 = 66.7 % ≤ 70 % but 15/21 = 71.4 %;
    # 19/21 = 90.5 % ≤ 95 % but 20/21 = 95.2 %
    assert grades == ["A"] * 5 + ["B"] * 9 + ["C"] * 5 + ["D"] * 2


def test_tied_enterprises_share_the_better_class():
    # ranks 1 2 3 4 5 5 (a tie at the A/B boundary of 20): both fifth places are A
    grades = engine.classes_by_rank([1, 2, 3, 4, 5, 5, *range(7, 21)], SHARES, LABELS)
    assert grades[:6] == ["A"] * 6 and grades[6] == "B"


def test_shares_set_per_scheme_must_rise():
    assert engine.classes_by_rank([1, 2, 3, 4], (50, 75, 100), LABELS) == ["A", "A", "B", "C"]
    with pytest.raises(engine.EngineError):
        engine.classes_by_rank([1], (70, 25, 95), LABELS)

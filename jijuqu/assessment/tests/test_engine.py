"""The scoring engine against worked examples and properties; no database."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jijuqu.assessment.engine import (
    EngineError,
    Method,
    aggregate,
    ahp_weights,
    competition_ranks,
    entropy_weights,
    evaluate,
    fill_missing,
    normalise,
    pca_weights,
    rank_points,
    rank_shifts,
    uncertainty,
)

UP, DOWN = 1, -1


def test_entropy_weights_of_a_worked_example():
    # Column 1 min-max → 0, ½, 1: p = 0, ⅓, ⅔; e = 1 − (⅔ ln 2)/ln 3 = 0.579380; d = 0.420620.
    # Column 2 → 0, 0, 1: p = 0, 0, 1; e = 0; d = 1.  w = d / Σd.
    X = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 40.0]])
    d1 = (2 / 3) * math.log(2) / math.log(3)
    expected = np.array([d1, 1.0]) / (d1 + 1.0)
    assert np.allclose(entropy_weights(X, np.array([UP, UP])), expected)
    assert np.allclose(expected, [0.296079, 0.703921], atol=1e-6)


def test_entropy_gives_no_weight_to_a_constant_indicator():
    X = np.array([[1.0, 5.0], [2.0, 5.0], [4.0, 5.0]])
    assert np.allclose(entropy_weights(X, np.array([UP, UP])), [1.0, 0.0])


def test_ahp_consistent_matrix():
    result = ahp_weights([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    assert np.allclose(result.weights, [4 / 7, 2 / 7, 1 / 7])
    assert result.lambda_max == pytest.approx(3.0) and result.cr == pytest.approx(0.0, abs=1e-9)


def test_ahp_consistency_ratio_of_a_known_matrix():
    # For a 3×3 reciprocal matrix with a12 = a, a13 = b, a23 = c:
    # λmax = 1 + (b/(ac))^⅓ + (ac/b)^⅓, and the eigenvector is the rows' geometric means.
    A = [[1, 1 / 3, 1 / 2], [3, 1, 3], [2, 1 / 3, 1]]
    lam = 1 + 0.5 ** (1 / 3) + 2 ** (1 / 3)
    result = ahp_weights(A)
    assert result.lambda_max == pytest.approx(lam) == pytest.approx(3.053622, abs=1e-6)
    assert result.ci == pytest.approx((lam - 3) / 2)
    assert result.cr == pytest.approx((lam - 3) / 2 / 0.58) == pytest.approx(0.046226, abs=1e-6)
    assert result.consistent
    gm = np.array([(1 / 6) ** (1 / 3), 9 ** (1 / 3), (2 / 3) ** (1 / 3)])
    assert np.allclose(result.weights, gm / gm.sum())


def test_ahp_flags_an_inconsistent_matrix_and_refuses_a_non_reciprocal_one():
    assert not ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]).consistent
    with pytest.raises(EngineError, match="正互反矩阵"):
        ahp_weights([[1, 2], [2, 1]])


def test_minmax_and_both_aggregations_of_a_worked_example():
    X = np.array([[10.0, 3.0], [20.0, 5.0], [30.0, 1.0]])
    S = normalise(X, np.array([UP, DOWN]), "minmax")
    assert np.allclose(S, [[0, 50], [50, 0], [100, 100]])
    w = np.array([0.6, 0.4])
    assert np.allclose(aggregate(S, w, "arithmetic"), [20, 30, 100])
    # Geometric on 1–100: (1 + 0.99 s); zone 1 = 50.5^0.4, zone 2 = 50.5^0.6, zone 3 = 100.
    assert np.allclose(aggregate(S, w, "geometric"), [50.5**0.4, 50.5**0.6, 100.0])
    assert list(evaluate(X, [UP, DOWN], Method(weighting="fixed"), weights=w).ranks) == [3, 2, 1]


def test_other_normalisations():
    X = np.array([[1.0], [2.0], [2.0], [4.0]])
    assert np.allclose(normalise(X, np.array([UP]), "rank")[:, 0], 100 * (4 - np.array([4, 2.5, 2.5, 1])) / 3)
    assert np.allclose(
        normalise(X, np.array([UP]), "target", targets=np.array([2.0]))[:, 0], [50, 100, 100, 100]
    )
    assert np.allclose(
        normalise(X, np.array([DOWN]), "target", targets=np.array([2.0]))[:, 0], [100, 100, 100, 50]
    )
    goal = normalise(X, np.array([UP]), "goalposts", goalposts=(np.array([0.0]), np.array([3.0])))
    assert np.allclose(goal[:, 0], [100 / 3, 200 / 3, 200 / 3, 100])
    z = normalise(X, np.array([DOWN]), "zscore")[:, 0]
    assert z[0] > 0 > z[3] and z.mean() == pytest.approx(0)
    with pytest.raises(EngineError, match="目标值"):
        normalise(X, np.array([UP]), "target", targets=np.array([0.0]))
    with pytest.raises(EngineError, match="几何平均"):
        aggregate(normalise(X, np.array([UP]), "zscore"), np.array([1.0]), "geometric")


def test_points_by_rank_position():
    # 4 zones; first place 10 points, each place below loses 2.5; ties share the better place.
    X = np.array([[9.0], [7.0], [7.0], [1.0]])
    assert list(rank_points(X, np.array([UP]), np.array([10.0]))[:, 0]) == [10.0, 7.5, 7.5, 2.5]
    assert list(competition_ranks(np.array([5.0, 3.0, 3.0, 1.0]))) == [1, 2, 2, 4]


def test_bonus_deduction_and_veto():
    X = np.array([[10.0], [20.0], [30.0]])
    result = evaluate(X, [UP], Method(weighting="equal"), adjustments=[0, 60, 0], veto=[False, False, True])
    assert list(result.base) == [0, 50, 100]
    assert list(result.scores) == [0, 110, 100]
    assert list(result.ranks) == [2, 1, 3]  # the vetoed zone is last whatever its score


def test_missing_data_policies_are_reported():
    X = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan], [5.0, 40.0]])
    d = np.array([UP, DOWN])
    filled, kept, log = fill_missing(X, d, "exclude")
    assert list(kept) == [True, False, False, True] and len(log) == 2 and log[0].value is None
    filled, kept, log = fill_missing(X, d, "group_mean", groups=np.array([0, 0, 1, 1]))
    assert filled[1, 0] == 1.0 and filled[2, 1] == 40.0 and kept.all()
    assert [(e.zone, e.indicator, e.value) for e in log] == [(1, 0, 1.0), (2, 1, 40.0)]
    filled, _, log = fill_missing(X, d, "zero")
    assert filled[1, 0] == 0.0 and filled[2, 1] == 40.0  # lower is better: the worst observed
    assert len(evaluate(X, d, Method(weighting="equal", missing="exclude")).ranks) == 2


def test_pca_weights_favour_the_indicators_that_move_together():
    rng = np.random.default_rng(1)
    common = rng.normal(size=50)
    X = np.column_stack([common + rng.normal(scale=0.1, size=50), common, rng.normal(size=50)])
    w = pca_weights(X, np.array([UP, UP, UP]))
    assert w.sum() == pytest.approx(1) and w[0] > w[2] and w[1] > w[2]


def test_uncertainty_of_a_dominant_zone_and_a_fixed_method():
    rng = np.random.default_rng(3)
    X = rng.uniform(1, 10, size=(20, 5))
    X[7] = 20  # best on every indicator
    u = uncertainty(X, np.ones(5), np.ones(5), runs=300, seed=1)
    assert u.low[7] == u.median[7] == u.high[7] == 1
    assert np.all(u.low <= u.median) and np.all(u.median <= u.high) and u.ranks.shape == (20, 300)
    fixed = uncertainty(
        X,
        np.ones(5),
        np.ones(5),
        runs=50,
        spread=0.0,
        normalisations=("minmax",),
        aggregations=("arithmetic",),
    )
    expected = evaluate(X, np.ones(5), Method(weighting="equal")).ranks
    assert np.array_equal(fixed.low, fixed.high) and np.array_equal(fixed.median, expected)
    assert np.array_equal(
        uncertainty(X, np.ones(5), np.ones(5), runs=100, seed=5).ranks,
        uncertainty(X, np.ones(5), np.ones(5), runs=100, seed=5).ranks,
    )


def test_rank_shifts_between_two_methods():
    X = np.array([[10.0, 1.0], [6.0, 6.0], [1.0, 10.0]])
    a = evaluate(X, [UP, UP], Method(weighting="fixed"), weights=[0.8, 0.2]).ranks
    b = evaluate(X, [UP, UP], Method(weighting="fixed"), weights=[0.2, 0.8]).ranks
    assert list(a) == [1, 2, 3] and list(b) == [3, 2, 1]
    assert list(rank_shifts(a, b)) == [-2, 0, 2]


matrices = arrays(
    np.float64,
    st.tuples(st.integers(3, 12), st.integers(1, 5)),
    # Indicator values as reported: two decimals up to 1000 (not 1e-38 next to 0, which no float
    # arithmetic keeps apart after a shift).
    elements=st.integers(0, 100_000).map(lambda n: n / 100),
)


@settings(max_examples=150, deadline=None)
@given(matrices, st.data())
def test_scaling_an_indicator_keeps_minmax_ranks(X, data):
    j = data.draw(st.integers(0, X.shape[1] - 1))
    factor = data.draw(st.floats(0.01, 1000))
    shift = data.draw(st.floats(-100, 100))
    d = np.ones(X.shape[1])
    before = evaluate(X, d, Method(weighting="equal")).ranks
    Y = X.copy()
    Y[:, j] = Y[:, j] * factor + shift
    assert np.array_equal(evaluate(Y, d, Method(weighting="equal")).ranks, before)


@settings(max_examples=150, deadline=None)
@given(matrices, st.data())
def test_improving_on_a_positive_indicator_never_loses_rank(X, data):
    i = data.draw(st.integers(0, X.shape[0] - 1))
    j = data.draw(st.integers(0, X.shape[1] - 1))
    gain = data.draw(st.floats(0.5, 500))
    weights = data.draw(st.lists(st.floats(0.1, 10), min_size=X.shape[1], max_size=X.shape[1]))
    d = np.ones(X.shape[1])
    method = Method(weighting="fixed")
    before = evaluate(X, d, method, weights=weights).ranks[i]
    Y = X.copy()
    Y[i, j] += gain
    assert evaluate(Y, d, method, weights=weights).ranks[i] <= before

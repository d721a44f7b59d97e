"""The composite-indicator engine: normalise, weight, aggregate, rank, and test how stable a rank is.

Plain numpy, no Django: a matrix X of zones × indicators (float, NaN for missing), a direction per
indicator (+1 higher is better, −1 lower is better), weights. The steps follow the JRC/OECD
*Handbook on Constructing Composite Indicators* (2008) and the scoring rules of Chinese zone
assessments (points by rank position, bonus and deduction items, 一票否决).

Scores are on a 0–100 scale. Ranks are 1 = best; equal scores share the better rank ("1, 2, 2, 4").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

HIGHER, LOWER = 1, -1
NORMALISATIONS = ("minmax", "zscore", "rank", "target", "goalposts", "floored", "benchmark")
WEIGHTINGS = ("fixed", "equal", "entropy", "ahp", "pca")
AGGREGATIONS = ("arithmetic", "geometric", "rank_points")
MISSING_POLICIES = ("exclude", "group_mean", "zero")

# Saaty's random consistency index by matrix order (1–15).
RANDOM_INDEX = [0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


class EngineError(ValueError):
    """A method that cannot be applied to these data; the message is shown to the user."""


# -- missing data ------------------------------------------------------------------------------


@dataclass
class Imputation:
    zone: int  # row index
    indicator: int  # column index
    policy: str
    value: float | None  # what was put in (None: the zone was excluded)


def fill_missing(
    X: np.ndarray, directions: np.ndarray, policy: str, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, list[Imputation]]:
    """Apply a missing-data policy. Returns the filled matrix, a mask of the zones kept, and every
    imputation made, so the caller can report them (nothing is filled silently).

    exclude     zones with any missing value leave the ranking;
    group_mean  the mean of the zone's group (e.g. its city) for that indicator, else the overall mean;
    zero        the worst case: 0 for higher-is-better, the worst observed value for lower-is-better.
    """
    if policy not in MISSING_POLICIES:
        raise EngineError(f"未知的缺失值处理方式：{policy}")
    X = np.array(X, dtype=float)
    missing = np.isnan(X)
    kept = np.ones(X.shape[0], dtype=bool)
    log: list[Imputation] = []
    if not missing.any():
        return X, kept, log
    if policy == "exclude":
        kept = ~missing.any(axis=1)
        for i, j in zip(*np.nonzero(missing), strict=True):
            log.append(Imputation(int(i), int(j), policy, None))
        return X, kept, log
    groups = np.zeros(X.shape[0], dtype=int) if groups is None else np.asarray(groups)
    overall = np.nanmean(np.where(missing.all(axis=0), 0.0, X), axis=0)
    for i, j in zip(*np.nonzero(missing), strict=True):
        if policy == "group_mean":
            same = (groups == groups[i]) & ~missing[:, j]
            value = float(X[same, j].mean()) if same.any() else float(overall[j])
        else:
            observed = X[~missing[:, j], j]
            worst = observed.max() if directions[j] == LOWER and observed.size else 0.0
            value = float(worst)
        log.append(Imputation(int(i), int(j), policy, value))
    for entry in log:
        X[entry.zone, entry.indicator] = entry.value
    return X, kept, log


# -- normalisation -----------------------------------------------------------------------------


def normalise(
    X: np.ndarray,
    directions: np.ndarray,
    method: str = "minmax",
    *,
    targets: np.ndarray | None = None,
    goalposts: tuple[np.ndarray, np.ndarray] | None = None,
    cap: float | None = None,
) -> np.ndarray:
    """Each column to a common scale where higher is better.

    minmax     (x − min) / (max − min), on 0–100; a constant column scores 100 throughout;
    zscore     (x − mean) / sd, sign-flipped for lower-is-better (unbounded; not for geometric);
    rank       100 · (n − rank) / (n − 1), ties sharing the average rank;
    target     100 · x / target (target / x when lower is better), capped at 100;
    goalposts  100 · (x − low) / (high − low), clipped to 0–100 (reversed for lower-is-better);
    floored    20 + 80 · (x − min) / (max − min): the 亩均 rule weight × [20 + 80 × (x − min)/(max − min)]
               / 100, whose last place still earns a fifth of the points; a constant column scores 100;
    benchmark  100 · x / benchmark (benchmark / x when lower is better), the 亩均 rule x / benchmark
               × weight: not capped at the benchmark, only at `cap` × 100 when a cap is given (1.5:
               at most 1.5 × the weight); the benchmarks come in `targets`.
    """
    X = np.asarray(X, dtype=float)
    d = np.asarray(directions, dtype=float)
    if method == "minmax":
        lo, hi = X.min(axis=0), X.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        scaled = np.where(d > 0, X - lo, hi - X) / span
        return np.where(hi > lo, scaled, 1.0) * 100
    if method == "zscore":
        sd = X.std(axis=0)
        z = (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
        return z * d
    if method == "rank":
        n = X.shape[0]
        ranks = average_ranks(X * d)
        return 100 * (n - ranks) / max(n - 1, 1)
    if method == "target":
        if targets is None or np.any(np.isnan(targets)) or np.any(np.asarray(targets) <= 0):
            raise EngineError("按目标值标准化需要每个指标都有大于0的目标值")
        t = np.asarray(targets, dtype=float)
        with np.errstate(divide="ignore"):
            ratio = np.where(d > 0, X / t, np.where(X > 0, t / X, np.inf))
        return np.clip(ratio, 0, 1) * 100
    if method == "goalposts":
        if goalposts is None:
            raise EngineError("按上下限标准化需要每个指标的上下限")
        low, high = (np.asarray(g, dtype=float) for g in goalposts)
        if np.any(np.isnan(low)) or np.any(np.isnan(high)) or np.any(high <= low):
            raise EngineError("按上下限标准化需要每个指标的上限大于下限")
        scaled = np.clip((X - low) / (high - low), 0, 1)
        return np.where(d > 0, scaled, 1 - scaled) * 100
    if method == "floored":
        return 20 + 0.8 * normalise(X, d, "minmax")
    if method == "benchmark":
        if targets is None or np.any(np.isnan(targets)) or np.any(np.asarray(targets) <= 0):
            raise EngineError("按标杆值计分需要每个指标都有大于0的标杆值")
        if cap is not None and cap <= 0:
            raise EngineError("封顶倍数须大于0")
        t = np.asarray(targets, dtype=float)
        with np.errstate(divide="ignore"):
            ratio = np.where(d > 0, X / t, np.where(X > 0, t / X, np.inf))
        return np.clip(ratio, 0, np.inf if cap is None else cap) * 100
    raise EngineError(f"未知的标准化方法：{method}")


def classes_by_rank(ranks, shares, labels) -> list[str]:
    """Grades by rank share within a group: with cumulative shares (25, 70, 95) in percent and labels
    A, B, C, D, a unit whose rank r of n has r / n ≤ 25 % is A, ≤ 70 % B, ≤ 95 % C, else D. So of 20,
    ranks 1–5 are A, 6–14 B, 15–19 C, 20 D; of 21, 1–5 A (6/21 is 28.6 %), 6–14 B, 15–19 C, 20–21 D.
    Ties share the better rank and so the better grade. Exact: compared as r · 100 ≤ share · n."""
    from decimal import Decimal

    ranks = [int(r) for r in ranks]
    n = len(ranks)
    cuts = [Decimal(str(s)) for s in shares]
    if len(labels) != len(cuts) + 1 or any(b <= a for a, b in zip(cuts, cuts[1:], strict=False)):
        raise EngineError("等级划分比例须逐级递增")
    grades = []
    for r in ranks:
        k = next((i for i, cut in enumerate(cuts) if r * 100 <= cut * n), len(cuts))
        grades.append(labels[k])
    return grades


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Rank of each row within its column, 1 = largest value; ties get the average of their ranks."""
    values = np.asarray(values, dtype=float)
    n = values.shape[0]
    order = np.argsort(-values, axis=0, kind="stable")
    ranks = np.empty_like(values)
    np.put_along_axis(ranks, order, np.arange(1, n + 1, dtype=float)[:, None].repeat(values.shape[1], 1), 0)
    # average over ties, column by column (ties are rare and columns few)
    for j in range(values.shape[1]):
        column = values[:, j]
        unique, inverse, counts = np.unique(-column, return_inverse=True, return_counts=True)
        if len(unique) == n:
            continue
        sums = np.bincount(inverse, weights=ranks[:, j])
        ranks[:, j] = (sums / counts)[inverse]
    return ranks


# -- weights -----------------------------------------------------------------------------------


def normalise_weights(w) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    if np.any(w < 0) or w.sum() <= 0:
        raise EngineError("权重不能为负，且合计须大于0")
    return w / w.sum()


def entropy_weights(X: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """熵权法: columns min-max normalised, p_ij = x_ij / Σ_i x_ij, e_j = −Σ p ln p / ln n,
    w_j = (1 − e_j) / Σ (1 − e_j). A constant column carries no information and gets weight 0."""
    n = X.shape[0]
    if n < 2:
        raise EngineError("熵权法至少需要2个参评单位")
    S = normalise(X, directions, "minmax") / 100
    sums = S.sum(axis=0)
    P = np.divide(S, sums, out=np.full_like(S, 1.0 / n), where=sums > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    d = 1 - e
    constant = X.max(axis=0) == X.min(axis=0)
    d[constant] = 0.0
    if d.sum() <= 0:
        raise EngineError("各指标数值均相同，熵权法无法确定权重")
    return d / d.sum()


@dataclass
class AHPResult:
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr < 0.1


def ahp_weights(matrix) -> AHPResult:
    """层次分析法: the principal eigenvector of a reciprocal pairwise-comparison matrix, with
    λmax, CI = (λmax − n)/(n − 1) and CR = CI / RI(n) (Saaty); CR < 0.1 is acceptable."""
    A = np.asarray(matrix, dtype=float)
    n = A.shape[0]
    if A.shape != (n, n) or n == 0:
        raise EngineError("判断矩阵必须是方阵")
    if np.any(A <= 0) or not np.allclose(A * A.T, 1.0, rtol=1e-6):
        raise EngineError("判断矩阵须为正互反矩阵（a_ji = 1 / a_ij）")
    values, vectors = np.linalg.eig(A)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n] if n < len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri else 0.0
    return AHPResult(w, lam, ci, cr)


def pca_weights(X: np.ndarray, directions: np.ndarray, min_share: float = 0.85) -> np.ndarray:
    """Weights from principal components of the standardised data: keep the components that explain
    `min_share` of the variance; an indicator's weight is Σ_k share_k · |loading_jk|, normalised."""
    if X.shape[0] < 3:
        raise EngineError("主成分分析法至少需要3个参评单位")
    Z = normalise(X, directions, "zscore")
    C = np.corrcoef(Z, rowvar=False) if X.shape[1] > 1 else np.ones((1, 1))
    C = np.nan_to_num(C)  # constant columns
    values, vectors = np.linalg.eigh(C)
    order = np.argsort(values)[::-1]
    values, vectors = np.clip(values[order], 0, None), vectors[:, order]
    share = values / values.sum()
    keep = int(np.searchsorted(np.cumsum(share), min_share) + 1)
    w = (np.abs(vectors[:, :keep]) * share[:keep]).sum(axis=1)
    return w / w.sum()


# -- aggregation -------------------------------------------------------------------------------


def aggregate(S: np.ndarray, w: np.ndarray, method: str = "arithmetic") -> np.ndarray:
    """Composite score of each row: Σ w s, or Π s^w on scores rescaled to 1–100 (the handbook's
    practice, so that a zero does not wipe out the other indicators)."""
    w = normalise_weights(w)
    if method == "arithmetic":
        return S @ w
    if method == "geometric":
        if np.any(S < 0):
            raise EngineError("几何平均需要非负的标准化值（不能与Z-score标准化同用）")
        return np.exp(np.log(1 + 0.99 * S) @ w)
    raise EngineError(f"未知的合成方法：{method}")


def rank_points(X: np.ndarray, directions: np.ndarray, points: np.ndarray, step: np.ndarray | None = None):
    """按位次赋分: in each indicator the first place gets the full points, each place below loses
    `step` (default: full points / number of zones), never below 0; ties share the better place."""
    n = X.shape[0]
    points = np.asarray(points, dtype=float)
    step = points / n if step is None else np.asarray(step, dtype=float)
    places = competition_ranks(X * np.asarray(directions, dtype=float))
    return np.clip(points - step * (places - 1), 0, None)


def competition_ranks(values: np.ndarray) -> np.ndarray:
    """Standard competition ranking per column (1 = largest; 1, 2, 2, 4)."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        return competition_ranks(values[:, None])[:, 0]
    greater = (values[None, :, :] > values[:, None, :]).sum(axis=1)
    return greater + 1


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """Competition ranks of a score vector (1 = highest)."""
    return competition_ranks(np.round(np.asarray(scores, dtype=float), 9))


# -- one evaluation ----------------------------------------------------------------------------


@dataclass
class Method:
    normalisation: str = "minmax"
    weighting: str = "fixed"
    aggregation: str = "arithmetic"
    missing: str = "exclude"

    def __post_init__(self):
        for value, allowed, what in (
            (self.normalisation, NORMALISATIONS, "标准化方法"),
            (self.weighting, WEIGHTINGS, "赋权方法"),
            (self.aggregation, AGGREGATIONS, "合成方法"),
            (self.missing, MISSING_POLICIES, "缺失值处理方式"),
        ):
            if value not in allowed:
                raise EngineError(f"未知的{what}：{value}")


@dataclass
class Evaluation:
    kept: np.ndarray  # zones (rows) that were ranked
    data: np.ndarray  # kept rows × indicators as ranked (missing values filled by the policy)
    normalised: np.ndarray  # kept rows × indicators, 0–100 (z-scores for zscore)
    weights: np.ndarray  # sums to 1
    contributions: np.ndarray  # kept rows × indicators: each indicator's share of the score
    base: np.ndarray  # composite before bonus and deduction
    scores: np.ndarray  # after adjustments
    ranks: np.ndarray  # 1 = best; vetoed zones after all others
    vetoed: np.ndarray
    imputations: list[Imputation] = field(default_factory=list)
    ahp: AHPResult | None = None


def weights_for(
    method: Method, X: np.ndarray, directions: np.ndarray, fixed=None, pairwise=None
) -> tuple[np.ndarray, AHPResult | None]:
    if method.weighting == "fixed":
        if fixed is None:
            raise EngineError("固定权重需要每个指标的权重")
        return normalise_weights(fixed), None
    if method.weighting == "equal":
        return np.full(X.shape[1], 1.0 / X.shape[1]), None
    if method.weighting == "entropy":
        return entropy_weights(X, directions), None
    if method.weighting == "ahp":
        if pairwise is None:
            raise EngineError("层次分析法需要判断矩阵")
        result = ahp_weights(pairwise)
        if len(result.weights) != X.shape[1]:
            raise EngineError("判断矩阵的阶数与指标个数不一致")
        return result.weights, result
    return pca_weights(X, directions), None


def evaluate(
    X,
    directions,
    method: Method | None = None,
    *,
    weights=None,
    pairwise=None,
    targets=None,
    goalposts=None,
    groups=None,
    adjustments=None,
    veto=None,
    cap=None,
) -> Evaluation:
    """Score and rank the zones (rows of X). `adjustments` are points added after aggregation
    (bonus positive, deduction negative); `veto` marks zones placed after all others (一票否决)."""
    method = method or Method()
    X = np.asarray(X, dtype=float)
    d = np.asarray(directions, dtype=float)
    if X.ndim != 2 or X.shape[1] != d.size or X.shape[1] == 0:
        raise EngineError("数据矩阵与指标个数不一致")
    filled, kept, log = fill_missing(X, d, method.missing, groups)
    Xk = filled[kept]
    if Xk.shape[0] == 0:
        raise EngineError("没有数据完整的参评单位")
    w, ahp = weights_for(method, Xk, d, weights, pairwise)
    if method.aggregation == "rank_points":
        S = rank_points(Xk, d, w * 100)
        contributions = S
        base = S.sum(axis=1)
    else:
        S = normalise(Xk, d, method.normalisation, targets=targets, goalposts=goalposts, cap=cap)
        base = aggregate(S, w, method.aggregation)
        if method.aggregation == "arithmetic":
            contributions = S * w
        else:  # the geometric mean's log-share of each indicator, scaled to the score
            logs = np.log(1 + 0.99 * S) * w
            total = logs.sum(axis=1, keepdims=True)
            contributions = np.divide(logs, total, out=np.zeros_like(logs), where=total != 0) * base[:, None]
    adj = np.zeros(X.shape[0]) if adjustments is None else np.asarray(adjustments, dtype=float)
    vetoed = np.zeros(X.shape[0], dtype=bool) if veto is None else np.asarray(veto, dtype=bool)
    scores = base + adj[kept]
    v = vetoed[kept]
    ranks = ranks_of(np.where(v, -np.inf, scores))
    return Evaluation(kept, Xk, S, w, contributions, base, scores, ranks, v, log, ahp)


# -- uncertainty -------------------------------------------------------------------------------


@dataclass
class Uncertainty:
    median: np.ndarray  # median rank per zone
    low: np.ndarray  # 5th percentile rank
    high: np.ndarray  # 95th percentile rank
    ranks: np.ndarray  # zones × runs


def uncertainty(
    X,
    directions,
    weights,
    *,
    runs: int = 1000,
    spread: float = 0.25,
    normalisations=("minmax", "zscore", "rank"),
    aggregations=("arithmetic", "geometric"),
    seed: int = 0,
) -> Uncertainty:
    """Monte Carlo uncertainty analysis (handbook ch. 7): each run draws the weights uniformly within
    ±`spread` of their base values and picks a normalisation and an aggregation at random; the rank
    of each zone over the runs gives its median and 90% interval. X must be complete (fill first).
    Geometric runs are drawn only with bounded normalisations."""
    X = np.asarray(X, dtype=float)
    d = np.asarray(directions, dtype=float)
    base = normalise_weights(weights)
    rng = np.random.default_rng(seed)
    W = base * rng.uniform(1 - spread, 1 + spread, size=(runs, base.size))
    W /= W.sum(axis=1, keepdims=True)
    combos = [
        (n, a) for n in normalisations for a in aggregations if not (n == "zscore" and a == "geometric")
    ]
    pick = rng.integers(len(combos), size=runs)
    scores = np.empty((X.shape[0], runs))
    for c, (norm, agg) in enumerate(combos):
        cols = np.nonzero(pick == c)[0]
        if cols.size == 0:
            continue
        S = normalise(X, d, norm)
        if agg == "arithmetic":
            scores[:, cols] = S @ W[cols].T
        else:
            scores[:, cols] = np.log(1 + 0.99 * S) @ W[cols].T  # monotone in the geometric mean
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, X.shape[0] + 1)[:, None], axis=0)
    low, median, high = np.percentile(ranks, [5, 50, 95], axis=1)
    return Uncertainty(median, low, high, ranks)


def rank_shifts(ranks_a: np.ndarray, ranks_b: np.ndarray) -> np.ndarray:
    """How many places each zone moves from ranking a to ranking b (positive: moves up)."""
    return np.asarray(ranks_a) - np.asarray(ranks_b)

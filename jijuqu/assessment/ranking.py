"""Zone assessment on the database: load a framework's values into a matrix, run the engine, and
read the result as a ranking with stars, 十强/十快, rank intervals and comparisons.
(Periods: periods.py; the 通报's phrases: phrases.py; data entry: entry.py.)

A ranking is always computed over every zone the framework ranks (a rank is a property of the whole
field); what a user is shown of it is then restricted to their scope.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import QuerySet

from jijuqu.zones.models import Zone

from . import engine
from .choices import StarLevel, Subject, Weighting
from .models import Adjustment, Framework, Indicator, IndicatorValue, StarRule
from .periods import period_label, previous_period

STAR_NAMES = dict(StarLevel.choices)
TWO = Decimal("0.01")


def dec(value: float, places: Decimal = TWO) -> Decimal:
    """A float from the engine as a Decimal with fixed places (scores print with two decimals)."""
    return Decimal(repr(float(value))).quantize(places, rounding=ROUND_HALF_UP)


def rounded_parts(parts, total: Decimal) -> list[Decimal]:
    """Parts rounded to two decimals that add up to the rounded total, as a printed table must:
    the cents left over go to the parts that lost most in rounding (largest remainder)."""
    exact = [Decimal(repr(float(p))) for p in parts]
    rounded = [p.quantize(TWO, rounding=ROUND_HALF_UP) for p in exact]
    cents = int((total - sum(rounded)) / TWO)
    step = TWO if cents > 0 else -TWO
    order = sorted(
        range(len(exact)), key=lambda i: (exact[i] - rounded[i]) * (1 if cents > 0 else -1), reverse=True
    )
    for i in order[: abs(cents)]:
        rounded[i] += step
    return rounded


# -- the field of zones ----------------------------------------------------------------------------


def ranked_zones(framework: Framework) -> QuerySet:
    zones = Zone.objects.filter(framework.region.below("region")).select_related("region")
    if framework.kinds():
        zones = zones.filter(kind__in=framework.kinds())
    return zones.order_by("code")


def indicators_of(framework: Framework) -> list[Indicator]:
    return list(Indicator.objects.filter(group__framework=framework).select_related("group"))


def load_matrix(
    framework: Framework, period: str, zones: list[Zone], indicators: list[Indicator]
) -> np.ndarray:
    """Zones × indicators as floats, NaN where no value was entered."""
    row = {z.pk: i for i, z in enumerate(zones)}
    col = {ind.pk: j for j, ind in enumerate(indicators)}
    X = np.full((len(zones), len(indicators)), np.nan)
    values = IndicatorValue.objects.filter(indicator__in=indicators, period=period, zone__in=zones)
    for zone_id, indicator_id, value in values.values_list("zone_id", "indicator_id", "value"):
        X[row[zone_id], col[indicator_id]] = float(value)
    return X


# -- a ranking -------------------------------------------------------------------------------------


@dataclass
class ZoneResult:
    zone: Zone
    rank: int
    score: Decimal
    base: Decimal
    adjustment: Decimal
    vetoed: bool
    reasons: list[str]
    values: dict[int, Decimal | None]  # indicator pk → value (None: missing)
    contributions: dict[int, Decimal]  # indicator pk → points of the score
    groups: dict[str, Decimal]  # group name → points
    stars: int = 0
    previous_rank: int | None = None
    previous_stars: int | None = None
    interval: tuple[float, float, float] | None = None  # 5th percentile, median, 95th percentile

    @property
    def rank_change(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def star_name(self) -> str:
        return STAR_NAMES.get(self.stars, "未评星")

    @property
    def star_change(self) -> str:
        if self.previous_stars is None:
            return "新评" if self.stars else ""
        if self.stars > self.previous_stars:
            return "晋级"
        if self.stars < self.previous_stars:
            return "降级"
        return "保持"


@dataclass
class Ranking:
    framework: Framework
    period: str
    method: engine.Method
    indicators: list[Indicator]
    weights: dict[int, Decimal]  # indicator pk → weight (sums to one)
    results: list[ZoneResult]  # in rank order
    excluded: list[tuple[Zone, list[str]]] = field(default_factory=list)  # zones left out, and why
    imputed: list[tuple[Zone, str]] = field(default_factory=list)  # every value filled in, as a sentence
    consistency: engine.AHPResult | None = None
    ranked: int = 0  # zones ranked in all (results may hold only a user's part)
    # A digest of everything the rank intervals depend on: equal digests, equal intervals.
    fingerprint: str = ""

    @property
    def label(self) -> str:
        return period_label(self.period)

    @property
    def group_names(self) -> list[str]:
        return list(dict.fromkeys(ind.group.name for ind in self.indicators))

    def result_for(self, zone) -> ZoneResult | None:
        return next((r for r in self.results if r.zone.pk == zone.pk), None)

    def part_for(self, user) -> Ranking:
        """The same ranking with only the user's zones in its rows and notes (ranks unchanged)."""
        allowed = visible_zone_ids(user)
        return replace(
            self,
            results=[r for r in self.results if r.zone.pk in allowed],
            excluded=[(z, names) for z, names in self.excluded if z.pk in allowed],
            imputed=[(z, line) for z, line in self.imputed if z.pk in allowed],
        )

    def ten_strong(self) -> list[ZoneResult]:
        """十强: the ten best composite ranks (vetoed zones never)."""
        return [r for r in self.results if not r.vetoed][:10]

    def ten_fast(self) -> list[ZoneResult]:
        """十快: the ten largest rank improvements on the previous period (then the better rank)."""
        moved = [r for r in self.results if r.rank_change and r.rank_change > 0 and not r.vetoed]
        return sorted(moved, key=lambda r: (-r.rank_change, r.rank))[:10]

    def star_changes(self) -> list[ZoneResult]:
        return [r for r in self.results if r.star_change in ("晋级", "降级", "新评")]


def visible_zone_ids(user) -> set[int]:
    return set(Zone.objects.restrict(user).values_list("pk", flat=True))


def method_of(framework: Framework, **overrides) -> engine.Method:
    fields = {
        "normalisation": framework.normalisation,
        "weighting": framework.weighting,
        "aggregation": framework.aggregation,
        "missing": framework.missing,
    }
    fields.update({k: v for k, v in overrides.items() if v})
    return engine.Method(**fields)


def rank(
    framework: Framework,
    period: str,
    method: engine.Method | None = None,
    *,
    with_previous: bool = True,
    runs: int = 0,
) -> Ranking:
    """Score and rank every zone of the framework for a period. `runs` > 0 adds each zone's rank
    interval from a Monte Carlo uncertainty analysis."""
    if framework.subject != Subject.ZONE:
        raise engine.EngineError("该指标体系评价企业（亩均效益评价），不对集聚区排名")
    method = method or method_of(framework)
    zones = list(ranked_zones(framework))
    indicators = indicators_of(framework)
    if not indicators:
        raise engine.EngineError("该指标体系还没有指标")
    if not zones:
        raise engine.EngineError("该指标体系没有参评的集聚区")
    X = load_matrix(framework, period, zones, indicators)
    directions = np.array([ind.direction for ind in indicators], dtype=float)
    weights = np.array([float(ind.weight) for ind in indicators])
    adjustments = np.zeros(len(zones))
    veto = np.zeros(len(zones), dtype=bool)
    reasons: dict[int, list[str]] = {}
    index = {z.pk: i for i, z in enumerate(zones)}
    for a in Adjustment.objects.filter(framework=framework, period=period, zone__in=zones, enterprise=None):
        i = index[a.zone_id]
        adjustments[i] += float(a.points)
        veto[i] |= a.veto
        reasons.setdefault(a.zone_id, []).append(
            f"一票否决：{a.reason}"
            if a.veto
            else f"{'加' if a.points >= 0 else '扣'}{abs(a.points)}分：{a.reason}"
        )
    groups = ranking_groups(zones)
    targets = goalposts = None
    if method.normalisation in ("target", "benchmark"):
        targets = np.array([float(i.target) if i.target is not None else np.nan for i in indicators])
    if method.normalisation == "goalposts":
        goalposts = tuple(
            np.array([float(v) if v is not None else np.nan for v in col])
            for col in ([i.low for i in indicators], [i.high for i in indicators])
        )
    evaluation = engine.evaluate(
        X,
        directions,
        method,
        weights=weights,
        pairwise=framework.pairwise,
        targets=targets,
        goalposts=goalposts,
        groups=groups,
        adjustments=adjustments,
        veto=veto,
    )
    kept = np.nonzero(evaluation.kept)[0]
    results = []
    for k, i in enumerate(kept):
        zone = zones[i]
        parts = rounded_parts(evaluation.contributions[k], dec(evaluation.base[k]))
        contributions = {ind.pk: parts[j] for j, ind in enumerate(indicators)}
        by_group: dict[str, Decimal] = {}
        for ind in indicators:
            by_group[ind.group.name] = by_group.get(ind.group.name, Decimal(0)) + contributions[ind.pk]
        results.append(
            ZoneResult(
                zone=zone,
                rank=int(evaluation.ranks[k]),
                score=dec(evaluation.scores[k]),
                base=dec(evaluation.base[k]),
                adjustment=dec(adjustments[i]),
                vetoed=bool(evaluation.vetoed[k]),
                reasons=reasons.get(zone.pk, []),
                values={
                    ind.pk: None if np.isnan(X[i, j]) else Decimal(repr(float(X[i, j])))
                    for j, ind in enumerate(indicators)
                },
                contributions=contributions,
                groups=by_group,
            )
        )
    results.sort(key=lambda r: (r.rank, r.zone.code))
    missing_names = {
        i: [indicators[e.indicator].name for e in evaluation.imputations if e.zone == i]
        for i in range(len(zones))
        if not evaluation.kept[i]
    }
    ranking = Ranking(
        framework=framework,
        period=period,
        method=method,
        indicators=indicators,
        weights={
            ind.pk: dec(w, Decimal("0.0001")) for ind, w in zip(indicators, evaluation.weights, strict=True)
        },
        results=results,
        excluded=[(zones[i], names) for i, names in missing_names.items()],
        imputed=[
            (
                zones[e.zone],
                f"{zones[e.zone].name}缺少“{indicators[e.indicator].name}”，按{POLICY_WORDS[e.policy]}计为{e.value:g}",
            )
            for e in evaluation.imputations
            if e.value is not None
        ],
        consistency=evaluation.ahp,
        ranked=len(results),
        fingerprint=interval_inputs_digest(zones, evaluation, directions),
    )
    assign_stars(ranking)
    if with_previous:
        add_previous(ranking)
    if runs:
        add_intervals(ranking, zones, evaluation, directions, runs)
    return ranking


POLICY_WORDS = {"group_mean": "所在市平均值", "zero": "最差值"}


class ComparisonError(engine.EngineError):
    """The second ranking of a comparison could not be made."""


def compare(result: Ranking, other: Framework | None, weighting: str) -> dict[int, tuple[int, int]]:
    """The same period ranked under another framework, or under another weighting with the rest of
    the method unchanged: zone pk → (rank there, places moved; positive is up)."""
    if other is None and not weighting:
        return {}
    try:
        if other is not None:
            second = rank(other, result.period, with_previous=False)
        else:
            second = rank(
                result.framework,
                result.period,
                replace(result.method, weighting=weighting),
                with_previous=False,
            )
    except engine.EngineError as err:
        # The comparison failed, not the ranking: say which one, so the page keeps the ranking.
        against = (
            f"“{other.name}”{result.label}" if other is not None else f"“{Weighting(weighting).label}”赋权"
        )
        raise ComparisonError(f"无法与{against}对比：{err}") from err
    there = {r.zone.pk: r.rank for r in second.results}
    both = [r for r in result.results if r.zone.pk in there]
    shifts = engine.rank_shifts([r.rank for r in both], [there[r.zone.pk] for r in both])
    return {r.zone.pk: (there[r.zone.pk], int(shift)) for r, shift in zip(both, shifts, strict=True)}


def assign_stars(ranking: Ranking) -> None:
    """The highest level all of whose rules a zone meets; a vetoed zone gets no stars."""
    rules = list(StarRule.objects.filter(framework=ranking.framework))
    direction = {ind.pk: ind.direction for ind in ranking.indicators}
    levels = sorted({r.stars for r in rules}, reverse=True)
    for result in ranking.results:
        result.stars = 0
        if result.vetoed:
            continue
        for level in levels:
            if all(
                meets(
                    result.values.get(rule.indicator_id), rule.threshold, direction.get(rule.indicator_id, 1)
                )
                for rule in rules
                if rule.stars == level
            ):
                result.stars = level
                break


def meets(value: Decimal | None, threshold: Decimal, direction: int) -> bool:
    if value is None:
        return False
    return value >= threshold if direction > 0 else value <= threshold


def add_previous(ranking: Ranking) -> None:
    """Ranks and stars of the period before, with the same method, for 十快 and 有进有出."""
    before = previous_period(ranking.period)
    if not IndicatorValue.objects.filter(
        indicator__group__framework=ranking.framework, period=before
    ).exists():
        return
    try:
        previous = rank(ranking.framework, before, ranking.method, with_previous=False)
    except engine.EngineError:
        return
    earlier = {r.zone.pk: r for r in previous.results}
    for r in ranking.results:
        if r.zone.pk in earlier:
            r.previous_rank = earlier[r.zone.pk].rank
            r.previous_stars = earlier[r.zone.pk].stars


def interval_inputs_digest(zones: list[Zone], evaluation: engine.Evaluation, directions) -> str:
    """The inputs of `add_intervals` (the seed is fixed), so a stored result is reused only for them."""
    digest = hashlib.sha256()
    for part in (evaluation.data, directions, evaluation.weights, evaluation.kept, evaluation.vetoed):
        digest.update(np.ascontiguousarray(part).tobytes())
    digest.update(repr([z.pk for z in zones]).encode())
    return digest.hexdigest()


def add_intervals(ranking: Ranking, zones: list[Zone], evaluation: engine.Evaluation, directions, runs: int):
    """Each zone's 90% rank interval and median rank over `runs` Monte Carlo draws of weights and
    methods, on the data the ranking used."""
    u = engine.uncertainty(evaluation.data, directions, evaluation.weights, runs=runs, seed=2026)
    by_zone = {r.zone.pk: r for r in ranking.results}
    for k, i in enumerate(np.nonzero(evaluation.kept)[0]):
        result = by_zone[zones[i].pk]
        # A vetoed zone is placed after all others by rule, whatever the weights: no interval to state.
        if not result.vetoed:
            result.interval = (float(u.low[k]), float(u.median[k]), float(u.high[k]))


def ranking_groups(zones: list[Zone]) -> np.ndarray:
    """The peer group of each zone for the group-mean policy: its city (first four code digits)."""
    return np.array([int(z.region.code[:4]) for z in zones])


def ranking_rows(result: Ranking) -> list[dict]:
    """A ranking as plain data (API and `jijuqu rank --json`): amounts as strings, exactly as shown."""
    indicators = {ind.pk: ind.code for ind in result.indicators}
    return [
        {
            "zone": r.zone.code,
            "zone_name": r.zone.name,
            "rank": r.rank,
            "score": str(r.score),
            "base": str(r.base),
            "adjustment": str(r.adjustment),
            "vetoed": r.vetoed,
            "reasons": r.reasons,
            "groups": {name: str(points) for name, points in r.groups.items()},
            "contributions": {indicators[pk]: str(points) for pk, points in r.contributions.items()},
            "stars": r.stars,
            "star_change": r.star_change,
            "previous_rank": r.previous_rank,
            "rank_change": r.rank_change,
            "interval": None
            if r.interval is None
            else {"low": r.interval[0], "median": r.interval[1], "high": r.interval[2]},
        }
        for r in result.results
    ]


def ranking_dict(result: Ranking) -> dict:
    """Pass `ranking.part_for(user)` to give a user their part."""
    m = result.method
    return {
        "framework": result.framework.pk,
        "period": result.period,
        "method": {
            "normalisation": m.normalisation,
            "weighting": m.weighting,
            "aggregation": m.aggregation,
            "missing": m.missing,
        },
        "weights": {ind.code: str(result.weights[ind.pk]) for ind in result.indicators},
        "ranked": result.ranked,
        "excluded": [{"zone": z.code, "missing": names} for z, names in result.excluded],
        "imputed": [line for _, line in result.imputed],
        "ahp_cr": None if result.consistency is None else round(result.consistency.cr, 4),
        "results": ranking_rows(result),
    }

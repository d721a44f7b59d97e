"""Zone assessment on the database: load a framework's values into a matrix, run the engine, and
read the result as a ranking with stars, 十强/十快, rank intervals and the phrases of a 通报.

A ranking is always computed over every zone the framework ranks (a rank is a property of the whole
field); what a user is shown of it is then restricted to their scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import QuerySet

from jijuqu.core.numbers import round1
from jijuqu.core.periods import Period
from jijuqu.zones.models import Zone

from . import engine
from .models import PERIOD_RE, Adjustment, Framework, Indicator, IndicatorValue, StarRule

STAR_NAMES = {1: "一星级", 2: "二星级", 3: "三星级", 4: "四星级", 5: "五星级", 6: "六星级"}
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


# -- periods ---------------------------------------------------------------------------------------


def previous_period(period: str) -> str:
    """The period before: 2024 → 2023, 2024-Q1 → 2023-Q4, 2024-01 → 2023-12."""
    m = PERIOD_RE.match(period)
    if not m:
        raise ValueError(period)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return str(year - 1)
    if part.startswith("Q"):
        q = int(part[1])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
    return str(Period(year, int(part)).months_back(1))


def period_label(period: str) -> str:
    m = PERIOD_RE.match(period)
    year, part = m.group(1), m.group(2)
    if part is None:
        return f"{year}年"
    if part.startswith("Q"):
        return f"{year}年第{'一二三四'[int(part[1]) - 1]}季度"
    return Period(int(year), int(part)).title


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
    for a in Adjustment.objects.filter(framework=framework, period=period, zone__in=zones):
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
    if method.normalisation == "target":
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
    )
    assign_stars(ranking)
    if with_previous:
        add_previous(ranking)
    if runs:
        add_intervals(ranking, zones, evaluation, directions, runs)
    return ranking


POLICY_WORDS = {"group_mean": "所在市平均值", "zero": "最差值"}


def compare(result: Ranking, other: Framework | None, weighting: str) -> dict[int, tuple[int, int]]:
    """The same period ranked under another framework, or under another weighting with the rest of
    the method unchanged: zone pk → (rank there, places moved; positive is up)."""
    if other is None and not weighting:
        return {}
    if other is not None:
        second = rank(other, result.period, with_previous=False)
    else:
        second = rank(
            result.framework, result.period, replace(result.method, weighting=weighting), with_previous=False
        )
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


def add_intervals(ranking: Ranking, zones: list[Zone], evaluation: engine.Evaluation, directions, runs: int):
    """Each zone's 90% rank interval and median rank over `runs` Monte Carlo draws of weights and
    methods, on the data the ranking used."""
    u = engine.uncertainty(evaluation.data, directions, evaluation.weights, runs=runs, seed=2026)
    by_zone = {r.zone.pk: r for r in ranking.results}
    for k, i in enumerate(np.nonzero(evaluation.kept)[0]):
        by_zone[zones[i].pk].interval = (float(u.low[k]), float(u.median[k]), float(u.high[k]))


def ranking_groups(zones: list[Zone]) -> np.ndarray:
    """The peer group of each zone for the group-mean policy: its city (first four code digits)."""
    return np.array([int(z.region.code[:4]) for z in zones])


# -- phrases ---------------------------------------------------------------------------------------


def comparison_phrase(
    ranking: Ranking, zone, indicator: Indicator, *, peers: list | None = None, peer_label: str = ""
) -> str:
    """ "增速12.5%，高于全省4.6个百分点，居直管县第3位": the zone's value, its distance from the
    average of the ranked zones (a plain mean of the zones' values), and its place on this indicator
    among the ranked zones, or among `peers` named `peer_label`."""
    own = ranking.result_for(zone)
    area = "全省" if ranking.framework.region.level == "province" else "全市"
    everyone = [r.values[indicator.pk] for r in ranking.results if r.values[indicator.pk] is not None]
    if own is None or own.values[indicator.pk] is None or not everyone:
        return f"{indicator.name}无数据"
    value = own.values[indicator.pk]
    gap = value - sum(everyone) / len(everyone)
    if round1(gap) == 0:
        relation = f"与{area}平均水平持平"
    elif indicator.unit == "%":
        relation = f"{'高于' if gap > 0 else '低于'}{area}{round1(abs(gap))}个百分点"
    else:
        relation = f"{'高于' if gap > 0 else '低于'}{area}平均水平{round1(abs(gap))}{indicator.unit}"
    field_ = ranking.results
    if peers is not None:
        wanted = {p.pk for p in peers}
        field_ = [r for r in ranking.results if r.zone.pk in wanted]
    others = [r.values[indicator.pk] for r in field_ if r.values[indicator.pk] is not None]
    place = 1 + sum(1 for v in others if (v > value if indicator.direction > 0 else v < value))
    return f"{indicator.name}{shown(value, indicator.unit)}{indicator.unit}，{relation}，居{peer_label or area}第{place}位"


COUNT_UNITS = {"个", "件", "家", "项", "人", "宗", "户"}


def shown(value: Decimal, unit: str) -> str:
    """A value as printed: counts (7个) whole, amounts and rates with one decimal (320.0亿元, 9.0%)."""
    if unit in COUNT_UNITS and value == value.to_integral_value():
        return str(value.to_integral_value())
    return str(round1(value))


# -- data entry ------------------------------------------------------------------------------------


def parse_value(raw) -> Decimal:
    """An indicator value as typed or stored: "1,234.5", "12.5%" (a rate in its own unit), 0.3.
    Raises CellError with a Chinese message."""
    from jijuqu.imports.values import CellError, decimal

    value = decimal(raw.strip().rstrip("%％") if isinstance(raw, str) else raw)
    if value.as_tuple().exponent < -4 or abs(value) >= Decimal("1e14"):
        raise CellError(f"“{raw}”超出可保存的范围（最多4位小数）")
    return value


@dataclass
class GridResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def save_grid(framework: Framework, period: str, user, cells: dict[tuple[int, int], str]) -> GridResult:
    """Save a zones × indicators grid typed in the page: `cells` maps (zone pk, indicator pk) to the
    text typed (empty: no value). Everything is checked first; one bad cell and nothing is written,
    and every bad cell is named (zone, indicator, value). Only zones the user may change are taken."""
    from jijuqu.core.scope import CHANGE
    from jijuqu.imports.values import CellError, is_blank

    result = GridResult()
    zones = {z.pk: z for z in ranked_zones(framework).restrict(user, CHANGE)}
    indicators = {i.pk: i for i in indicators_of(framework)}
    wanted: dict[tuple[int, int], Decimal | None] = {}
    for (zone_id, indicator_id), typed in cells.items():
        zone, ind = zones.get(zone_id), indicators.get(indicator_id)
        if zone is None or ind is None:
            result.errors.append(f"第{zone_id}号集聚区或第{indicator_id}号指标不在您可以填报的范围内，未保存")
            continue
        if is_blank(typed):
            wanted[zone_id, indicator_id] = None
            continue
        try:
            wanted[zone_id, indicator_id] = parse_value(typed)
        except CellError as err:
            result.errors.append(f"{zone.name}“{ind.name}”：{err}")
    if result.errors:
        return result
    return write_values(period, wanted)


def write_values(
    period: str, wanted: dict[tuple[int, int], Decimal | None], *, write: bool = True
) -> GridResult:
    """Create, change or clear (None) each (zone pk, indicator pk) value of a period in one
    transaction, each with its history; counts what changed. With write=False only counts."""
    from django.db import transaction

    result = GridResult()
    existing = {
        (v.zone_id, v.indicator_id): v
        for v in IndicatorValue.objects.filter(
            period=period,
            zone_id__in={zone for zone, _ in wanted},
            indicator_id__in={indicator for _, indicator in wanted},
        )
    }
    with transaction.atomic():
        for (zone_id, indicator_id), value in wanted.items():
            row = existing.get((zone_id, indicator_id))
            if value is None:
                if row is not None:
                    result.deleted += 1
                    if write:
                        row.delete()
            elif row is None:
                result.created += 1
                if write:
                    IndicatorValue.objects.create(
                        zone_id=zone_id, indicator_id=indicator_id, period=period, value=value
                    )
            elif row.value != value:
                result.updated += 1
                if write:
                    row.value = value
                    row.save()
            else:
                result.unchanged += 1
    return result


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

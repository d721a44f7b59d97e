"""亩均效益评价 (亩均论英雄): an evaluation of enterprises by what their land yields, computed by the zone
assessment's engine (jijuqu.assessment.engine) — the same normalisation, weighting, missing-data
policy, aggregation, bonus/deduction and veto — with the enterprises of a region as the subject.

The scheme (models.Scheme) names a framework that evaluates enterprises: its indicators' codes say
which measure each is (MEASURES), their weights are the points, their targets the benchmarks. Each
year the field is every enterprise of the region with land (its plots, and the footprint of the
standard factory space it rents) and figures for the year:
- enterprises with revenue at or above the scheme's size threshold are scored on every indicator;
- smaller ones on at least `small_min_area` 亩 are scored on 亩均税收 (mu_tax) alone, as their own group;
- smaller ones on less land are not evaluated (listed with the reason).
Within each group enterprises are ranked and classed A/B/C/D by rank share (engine.classes_by_rank);
kinds the scheme lists (utilities, newly producing, in construction) are scored and ranked but not
classed — 不定等级, managed as class B — and leave the classed enterprises' shares alone; a vetoed
enterprise (一票否决) is class D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np

from jijuqu.assessment import engine
from jijuqu.assessment.models import Adjustment, Indicator
from jijuqu.assessment.ranking import dec, method_of, rounded_parts
from jijuqu.core.numbers import plain
from jijuqu.enterprises.models import Enterprise, EnterpriseYear

from .choices import SUPPLIED_STATUSES
from .models import Plot, Scheme, Tenancy, m2_to_mu

CLASSES = ("A", "B", "C", "D")
CLASS_NAMES = {"A": "A类（优先发展）", "B": "B类（鼓励提升）", "C": "C类（调整转型）", "D": "D类（整治提升）"}
UNCLASSED = "不定等级（按B类管理）"
FULL, TAX_ONLY = "full", "tax"
GROUP_NAMES = {FULL: "规上（全部指标）", TAX_ONLY: "规下（亩均税收）"}
SMALL_INDICATOR = "mu_tax"


def ratio(a, b, times: int = 1) -> Decimal | None:
    if a is None or b is None or b <= 0:
        return None
    return Decimal(a) * times / Decimal(b)


@dataclass
class Figures:
    """One enterprise's inputs for a year: its yearly figures and the land it uses (亩)."""

    enterprise: Enterprise
    year: EnterpriseYear
    land: Decimal


# code → (name, unit, measure)
MEASURES: dict[str, tuple[str, str, Callable[[Figures], Decimal | None]]] = {
    "mu_tax": ("亩均税收", "万元/亩", lambda f: ratio(f.year.tax, f.land)),
    "mu_revenue": ("亩均营业收入", "万元/亩", lambda f: ratio(f.year.revenue, f.land)),
    "mu_value_added": ("亩均增加值", "万元/亩", lambda f: ratio(f.year.value_added, f.land)),
    "energy_revenue": (
        "单位能耗营业收入",
        "万元/吨标准煤",
        lambda f: ratio(f.year.revenue, f.year.energy_use),
    ),
    "energy_value_added": (
        "单位能耗增加值",
        "万元/吨标准煤",
        lambda f: ratio(f.year.value_added, f.year.energy_use),
    ),
    "emission_revenue": ("单位排放营业收入", "万元/吨", lambda f: ratio(f.year.revenue, f.year.emissions)),
    "rd_intensity": ("研发经费投入强度", "%", lambda f: ratio(f.year.rd_expense, f.year.revenue, 100)),
    "labour_productivity": (
        "全员劳动生产率",
        "万元/人",
        lambda f: ratio(f.year.value_added, f.year.employees),
    ),
}


@dataclass
class MuResult:
    enterprise: Enterprise
    group: str
    land: Decimal
    values: dict[str, Decimal | None]  # indicator code → value (None: missing)
    points: dict[str, Decimal]  # indicator code → points
    base: Decimal
    adjustment: Decimal
    total: Decimal
    rank: int  # within the group, 1 = best
    klass: str  # A–D, or "" (不定等级)
    vetoed: bool = False
    reasons: list[str] = field(default_factory=list)
    previous_class: str | None = None
    previous_rank: int | None = None

    @property
    def managed_as(self) -> str:
        return self.klass or "B"

    @property
    def class_name(self) -> str:
        return CLASS_NAMES[self.klass] if self.klass else UNCLASSED

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self.group]

    @property
    def class_change(self) -> str:
        """升级, 降级, 持平 against last year's class (unclassed counts as B), or 新参评."""
        if self.previous_class is None:
            return "新参评"
        before, now = CLASSES.index(self.previous_class or "B"), CLASSES.index(self.managed_as)
        return "升级" if now < before else "降级" if now > before else "持平"


@dataclass
class MuEvaluation:
    scheme: Scheme
    year: int
    indicators: list[Indicator]
    results: list[MuResult]  # full group by rank, then the tax-only group by rank
    excluded: list[tuple[Enterprise, str]] = field(default_factory=list)
    group_sizes: dict[str, int] = field(default_factory=dict)

    def result_for(self, enterprise) -> MuResult | None:
        return next((r for r in self.results if r.enterprise.pk == enterprise.pk), None)

    def part_for(self, user) -> MuEvaluation:
        """The same evaluation with only the enterprises whose figures the user may read (an
        enterprise user: itself; zone staff: their zone's), ranks and classes unchanged."""
        allowed = visible_enterprise_ids(user, self.year)
        return replace(
            self,
            results=[r for r in self.results if r.enterprise.pk in allowed],
            excluded=[(e, why) for e, why in self.excluded if e.pk in allowed],
        )

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in (*CLASSES, "")}
        for r in self.results:
            out[r.klass] += 1
        return out


def visible_enterprise_ids(user, year: int) -> set[int]:
    """Whose results a user reads: those whose yearly figures the user may read (scope.py's rule for
    EnterpriseYear), so an evaluation shows nobody's figures that their list would not."""
    return set(
        EnterpriseYear.objects.restrict(user).filter(year=year).values_list("enterprise_id", flat=True)
    )


def indicators_of(scheme: Scheme) -> list[Indicator]:
    indicators = list(Indicator.objects.filter(group__framework=scheme.framework).select_related("group"))
    if not indicators:
        raise engine.EngineError("该评价方案的指标体系还没有指标")
    unknown = [i.code for i in indicators if i.code not in MEASURES]
    if unknown:
        raise engine.EngineError(
            f"指标代码“{'、'.join(unknown)}”不是亩均评价的指标；可用的代码：{'、'.join(MEASURES)}"
        )
    return indicators


def land_of(enterprise_ids, year: int) -> dict[int, Decimal]:
    """亩 each enterprise uses at the end of the year: its supplied plots, plus the footprint of the
    standard factory space it rents (leased m² over the building's floors)."""
    end = dt.date(year, 12, 31)
    land: dict[int, Decimal] = {}
    plots = Plot.objects.filter(
        enterprise_id__in=enterprise_ids, status__in=SUPPLIED_STATUSES, supplied_on__lte=end
    ).values_list("enterprise_id", "area")
    for enterprise_id, area in plots:
        land[enterprise_id] = land.get(enterprise_id, Decimal(0)) + area
    leases = Tenancy.objects.filter(enterprise_id__in=enterprise_ids, start__lte=end).exclude(end__lt=end)
    for enterprise_id, area, floors in leases.values_list("enterprise_id", "area", "building__floors"):
        land[enterprise_id] = land.get(enterprise_id, Decimal(0)) + m2_to_mu(area / floors)
    return land


def field_of(scheme: Scheme, year: int) -> tuple[list[Figures], list[tuple[Enterprise, str]]]:
    """The enterprises of the scheme's region with land, with their figures; and those left out, why."""
    region = scheme.framework.region
    enterprises = list(Enterprise.objects.filter(region.below("zone__region")).select_related("zone"))
    land = land_of([e.pk for e in enterprises], year)
    years = {
        y.enterprise_id: y for y in EnterpriseYear.objects.filter(enterprise_id__in=list(land), year=year)
    }
    figures, excluded = [], []
    for e in sorted(enterprises, key=lambda e: e.credit_code):
        if e.pk not in land:
            continue
        if e.pk not in years:
            excluded.append((e, f"缺少{year}年度数据"))
            continue
        figures.append(Figures(e, years[e.pk], land[e.pk]))
    return figures, excluded


def evaluate(scheme: Scheme, year: int, *, with_previous: bool = True) -> MuEvaluation:
    framework = scheme.framework
    indicators = indicators_of(scheme)
    codes = [i.code for i in indicators]
    figures, excluded = field_of(scheme, year)
    full, small = [], []
    for f in figures:
        revenue = f.year.revenue or Decimal(0)
        if revenue >= scheme.size_threshold:
            full.append(f)
        elif f.land >= scheme.small_min_area:
            small.append(f)
        else:
            excluded.append(
                (
                    f.enterprise,
                    f"规模以下且用地{plain(f.land)}亩，不足{plain(scheme.small_min_area)}亩",
                )
            )
    if small and SMALL_INDICATOR not in codes:
        raise engine.EngineError("规模以下企业按亩均税收评价，指标体系须有代码为 mu_tax 的指标")
    adjustments: dict[int, list[Adjustment]] = {}
    for a in Adjustment.objects.filter(framework=framework, period=str(year), enterprise__isnull=False):
        adjustments.setdefault(a.enterprise_id, []).append(a)
    method = method_of(framework)
    results: list[MuResult] = []
    sizes = {}
    for group, members, used in (
        (FULL, full, indicators),
        (TAX_ONLY, small, [i for i in indicators if i.code == SMALL_INDICATOR]),
    ):
        if not members:
            continue
        group_results, left_out = score_group(scheme, method, group, members, used, adjustments)
        results += group_results
        excluded += left_out
        sizes[group] = len(group_results)
    evaluation = MuEvaluation(scheme, year, indicators, results, excluded, sizes)
    if with_previous:
        add_previous(evaluation)
    return evaluation


def score_group(scheme, method, group, members: list[Figures], used: list[Indicator], adjustments):
    """One group through the engine: values, points, total, rank; then the classes."""
    X = np.array(
        [[np.nan if (v := MEASURES[i.code][2](f)) is None else float(v) for i in used] for f in members],
        dtype=float,
    ).reshape(len(members), len(used))
    directions = np.array([i.direction for i in used], dtype=float)
    weights = np.array([float(i.weight) for i in used])
    targets = None
    if method.normalisation in ("target", "benchmark"):
        targets = np.array([float(i.target) if i.target is not None else np.nan for i in used])
    adj = np.zeros(len(members))
    veto = np.zeros(len(members), dtype=bool)
    reasons: dict[int, list[str]] = {}
    for k, f in enumerate(members):
        for a in adjustments.get(f.enterprise.pk, []):
            adj[k] += float(a.points)
            veto[k] |= a.veto
            reasons.setdefault(k, []).append(
                f"一票否决：{a.reason}"
                if a.veto
                else f"{'加' if a.points >= 0 else '扣'}{abs(a.points)}分：{a.reason}"
            )
    if method.missing == "exclude" and np.isnan(X).any(axis=1).all():
        # Nobody of the group has every figure: all are left out, each with what it lacks.
        return [], [(f.enterprise, missing_reason(used, X[i])) for i, f in enumerate(members)]
    if len(used) == 1:  # one indicator (the smaller enterprises' 亩均税收): its weight is all there is
        method = replace(method, weighting="fixed")
    ev = engine.evaluate(
        X,
        directions,
        method,
        weights=weights,
        pairwise=scheme.framework.pairwise if len(used) > 1 else None,
        targets=targets,
        adjustments=adj,
        veto=veto,
        cap=float(scheme.cap) if scheme.cap is not None else None,
    )
    kept = np.nonzero(ev.kept)[0]
    # Classes: among the enterprises the scheme classes, by their rank among themselves.
    unclassed_kinds = set(scheme.kinds())
    classed = [k for k, i in enumerate(kept) if members[i].year.evaluation_kind not in unclassed_kinds]
    grades: dict[int, str] = {}
    if classed:
        scores = np.array([ev.scores[k] for k in classed])
        vetoed = np.array([ev.vetoed[k] for k in classed])
        ranks = engine.ranks_of(np.where(vetoed, -np.inf, scores))
        shares = (scheme.share_a, scheme.share_b, scheme.share_c)
        for k, grade, v in zip(classed, engine.classes_by_rank(ranks, shares, CLASSES), vetoed, strict=True):
            grades[k] = "D" if v else grade
    results = []
    for k, i in enumerate(kept):
        f = members[i]
        base = dec(ev.base[k])
        parts = rounded_parts(ev.contributions[k], base)
        results.append(
            MuResult(
                enterprise=f.enterprise,
                group=group,
                land=f.land,
                values={
                    ind.code: None if np.isnan(X[i, j]) else dec(X[i, j], Decimal("0.0001"))
                    for j, ind in enumerate(used)
                },
                points={ind.code: parts[j] for j, ind in enumerate(used)},
                base=base,
                adjustment=dec(adj[i]),
                total=dec(ev.scores[k]),
                rank=int(ev.ranks[k]),
                klass=grades.get(k, ""),
                vetoed=bool(ev.vetoed[k]),
                reasons=reasons.get(i, []),
            )
        )
    results.sort(key=lambda r: (r.rank, r.enterprise.credit_code))
    left_out = [
        (members[i].enterprise, missing_reason(used, X[i])) for i in range(len(members)) if not ev.kept[i]
    ]
    return results, left_out


def missing_reason(used: list[Indicator], row) -> str:
    return f"缺少{'、'.join(ind.name for ind, v in zip(used, row, strict=True) if np.isnan(v))}"


def add_previous(evaluation: MuEvaluation) -> None:
    """Last year's class and rank of each enterprise, by the same scheme, for the change column."""
    year = evaluation.year - 1
    if not EnterpriseYear.objects.filter(year=year).exists():
        return
    try:
        previous = evaluate(evaluation.scheme, year, with_previous=False)
    except engine.EngineError:
        return
    before = {r.enterprise.pk: r for r in previous.results}
    for r in evaluation.results:
        if (p := before.get(r.enterprise.pk)) is not None:
            r.previous_class, r.previous_rank = p.klass, p.rank


def result_rows(evaluation: MuEvaluation) -> list[dict]:
    """An evaluation as plain data (API and `jijuqu mu_evaluate --json`): figures as strings."""
    return [
        {
            "credit_code": r.enterprise.credit_code,
            "enterprise": r.enterprise.name,
            "group": r.group,
            "land_mu": str(r.land.quantize(Decimal("0.0001"))),
            "values": {code: None if v is None else str(v) for code, v in r.values.items()},
            "points": {code: str(p) for code, p in r.points.items()},
            "adjustment": str(r.adjustment),
            "total": str(r.total),
            "rank": r.rank,
            "class": r.klass,
            "managed_as": r.managed_as,
            "vetoed": r.vetoed,
            "reasons": r.reasons,
            "previous_class": r.previous_class,
            "class_change": r.class_change,
            "policy": evaluation.scheme.policy(r.managed_as),
        }
        for r in evaluation.results
    ]


def evaluation_dict(evaluation: MuEvaluation) -> dict:
    """Pass `evaluation.part_for(user)` to give a user their part."""
    return {
        "scheme": evaluation.scheme.pk,
        "year": evaluation.year,
        "groups": evaluation.group_sizes,
        "excluded": [{"credit_code": e.credit_code, "reason": why} for e, why in evaluation.excluded],
        "results": result_rows(evaluation),
    }

"""The phrases a 通报 prints about a zone's indicator: its value, the average and its place."""

from __future__ import annotations

from decimal import Decimal

from jijuqu.core.numbers import round1

from .models import Indicator
from .ranking import Ranking


def comparison_phrase(
    ranking: Ranking, zone, indicator: Indicator, *, peers: list | None = None, peer_label: str = ""
) -> str:
    """ "增速12.5%，高于全省4.6个百分点，居全省第3位": the zone's value, its distance from the average
    (a plain mean of the zones' values) and its place on this indicator, both within the same field —
    the ranked zones (全省/全市), or `peers` named `peer_label` ("焦作市") — and the phrase names it."""
    own = ranking.result_for(zone)
    field_ = ranking.results
    area = "全省" if ranking.framework.region.level == "province" else "全市"
    if peers is not None:
        wanted = {p.pk for p in peers}
        field_ = [r for r in ranking.results if r.zone.pk in wanted]
        area = peer_label or area
    others = [r.values[indicator.pk] for r in field_ if r.values[indicator.pk] is not None]
    if own is None or own.values[indicator.pk] is None or not others:
        return f"{indicator.name}无数据"
    value = own.values[indicator.pk]
    gap = value - sum(others) / len(others)
    if round1(gap) == 0:
        relation = f"与{area}平均水平持平"
    elif indicator.unit == "%":
        relation = f"{'高于' if gap > 0 else '低于'}{area}平均水平{round1(abs(gap))}个百分点"
    else:
        relation = f"{'高于' if gap > 0 else '低于'}{area}平均水平{round1(abs(gap))}{indicator.unit}"
    place = 1 + sum(1 for v in others if (v > value if indicator.direction > 0 else v < value))
    return f"{indicator.name}{shown(value, indicator.unit)}{indicator.unit}，{relation}，居{area}第{place}位"


COUNT_UNITS = {"个", "件", "家", "项", "人", "宗", "户"}


def shown(value: Decimal, unit: str) -> str:
    """A value as printed: counts (7个) whole, amounts and rates with one decimal (320.0亿元, 9.0%)."""
    if unit in COUNT_UNITS and value == value.to_integral_value():
        return str(value.to_integral_value())
    return str(round1(value))

"""Entering indicator values: parse what was typed, save a grid of a period all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Framework, IndicatorValue
from .ranking import indicators_of, ranked_zones


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

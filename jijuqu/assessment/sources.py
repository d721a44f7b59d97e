"""Indicator values that other apps compute instead of people typing them: an app registers the
indicator codes it knows (ZS_AMOUNT, FW_ONTIME_RATE …) with one function (zone, period) → {code: value},
and feed_framework fills a framework's indicators with those codes for the zones the user may change,
through the entry grid's own rule (entry.save_grid: checked all or nothing, with history).

Registering happens in the app's AppConfig.ready(); a code belongs to one source only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from jijuqu.core.scope import CHANGE

from .entry import GridResult, save_grid
from .ranking import indicators_of, ranked_zones

ZoneValues = Callable[[object, str], dict[str, Decimal | None]]

_SOURCES: dict[str, ZoneValues] = {}


def register(codes: Iterable[str], values: ZoneValues) -> None:
    """`values(zone, period)` gives the value of each of `codes` (upper case) for one zone."""
    for code in codes:
        code = code.upper()
        if _SOURCES.get(code, values) is not values:
            raise ImproperlyConfigured(f"indicator code {code} has two sources")
        _SOURCES[code] = values


def computed_codes() -> frozenset[str]:
    return frozenset(_SOURCES)


def zone_values(zone, period: str, codes: Iterable[str] | None = None) -> dict[str, Decimal | None]:
    """The value of each registered code (or of `codes`) for one zone; each source runs once."""
    wanted = {c.upper() for c in codes} if codes is not None else set(_SOURCES)
    found: dict[str, Decimal | None] = {}
    done: set[int] = set()
    for code in sorted(wanted):
        source = _SOURCES.get(code)
        if source is None or id(source) in done:
            continue
        done.add(id(source))
        found.update(source(zone, period))
    return {code: found[code] for code in wanted if code in found}


def feed_framework(framework, period: str, user, codes: Iterable[str] | None = None) -> GridResult:
    """Fill the framework's computed indicators (all registered codes, or only `codes`) for the zones
    the user may change, all or nothing."""
    allowed = computed_codes() if codes is None else computed_codes() & {c.upper() for c in codes}
    indicators = [i for i in indicators_of(framework) if i.code.upper() in allowed]
    cells = {}
    if indicators:
        wanted = {i.code.upper() for i in indicators}
        for zone in ranked_zones(framework).restrict(user, CHANGE):
            values = zone_values(zone, period, wanted)
            for ind in indicators:
                value = values.get(ind.code.upper())
                cells[zone.pk, ind.pk] = "" if value is None else str(value)
    return save_grid(framework, period, user, cells)

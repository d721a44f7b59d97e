"""The 招商 figures as indicator values of the zone assessment: an indicator whose code is one of
INDICATORS (ZS_AMOUNT, ZS_FUNDS …) is filled from the contracts of each zone, through the entry grid's
own rule (assessment.entry.save_grid: checked all or nothing, with history), so nobody retypes them."""

from __future__ import annotations

from decimal import Decimal

from jijuqu.assessment.entry import GridResult, save_grid
from jijuqu.assessment.models import PERIOD_RE
from jijuqu.assessment.ranking import indicators_of, ranked_zones
from jijuqu.core.periods import Period
from jijuqu.core.scope import CHANGE

from . import services
from .models import Contract

# Indicator code → (what of the Figures, its unit).
INDICATORS = {
    "ZS_SIGNED": ("signed", "个"),
    "ZS_AMOUNT": ("contract_amount", "万元"),
    "ZS_FUNDS": ("funds_arrived", "万元"),
    "ZS_HONOURED_RATE": ("honoured_rate", "%"),
    "ZS_STARTED_RATE": ("started_rate", "%"),
    "ZS_FUNDS_RATE": ("funds_rate", "%"),
    "ZS_OVERDUE": ("overdue", "个"),  # 超时限未开工项目数
}


def period_month(period: str) -> Period:
    """The last month an assessment period covers: 2024 → 2024-12, 2024-Q3 → 2024-09, 2024-10 itself."""
    m = PERIOD_RE.match(period or "")
    if not m:
        raise ValueError(period)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return Period(year, 12)
    if part.startswith("Q"):
        return Period(year, int(part[1]) * 3)
    return Period(year, int(part))


def zone_values(zone, period: str) -> dict[str, Decimal | None]:
    """Every attraction indicator's value for one zone and period."""
    f = services.figures(Contract.objects.filter(zone=zone), period_month(period))
    return {code: getattr(f, attr) for code, (attr, _) in INDICATORS.items()}


def feed_framework(framework, period: str, user) -> GridResult:
    """Fill the framework's attraction indicators for the zones the user may change, all or nothing."""
    indicators = [i for i in indicators_of(framework) if i.code.upper() in INDICATORS]
    cells = {}
    for zone in ranked_zones(framework).restrict(user, CHANGE):
        values = zone_values(zone, period)
        for ind in indicators:
            value = values[ind.code.upper()]
            cells[zone.pk, ind.pk] = "" if value is None else str(value)
    return save_grid(framework, period, user, cells)

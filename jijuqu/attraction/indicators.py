"""The 招商 figures as indicator values of the zone assessment: an indicator whose code is one of
INDICATORS (ZS_AMOUNT, ZS_FUNDS …) is filled from the contracts of each zone by assessment.sources
(registered in AttractionConfig.ready), so nobody retypes them."""

from __future__ import annotations

from decimal import Decimal

from jijuqu.assessment import sources
from jijuqu.assessment.entry import GridResult
from jijuqu.assessment.periods import period_month

from . import services
from .models import Contract

__all__ = ["INDICATORS", "feed_framework", "period_month", "zone_values"]

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


def zone_values(zone, period: str) -> dict[str, Decimal | None]:
    """Every attraction indicator's value for one zone and period."""
    f = services.figures(Contract.objects.filter(zone=zone), period_month(period))
    return {code: getattr(f, attr) for code, (attr, _) in INDICATORS.items()}


def feed_framework(framework, period: str, user) -> GridResult:
    """Fill the framework's attraction indicators for the zones the user may change, all or nothing."""
    return sources.feed_framework(framework, period, user, codes=INDICATORS)

"""The enterprise-service figures as indicator values of the zone assessment (营商环境): an indicator
whose code is one of INDICATORS is filled per zone from the requests of the zone's enterprises, raised
from 1 January to the period's last month (assessment.periods.period_month), counted by
figures.request_figures — the same figures as the service 通报. Registered in ServiceConfig.ready."""

from __future__ import annotations

from decimal import Decimal

from jijuqu.assessment.periods import period_month
from jijuqu.core.numbers import round1

from . import figures
from .models import ServiceRequest


def _percent(ratio: Decimal | None) -> Decimal | None:
    return None if ratio is None else round1(ratio * 100)


# Indicator code → (the value from a RequestFigures, its unit).
INDICATORS = {
    "FW_RECEIVED": (lambda f: Decimal(f.received), "件"),  # 受理企业诉求
    "FW_CLOSED": (lambda f: Decimal(f.closed), "件"),  # 办结
    "FW_ONTIME_RATE": (lambda f: _percent(f.on_time_rate), "%"),  # 按时办结率
    "FW_SATISFIED_RATE": (lambda f: _percent(f.satisfaction_rate), "%"),  # 满意率
    "FW_AVG_DAYS": (lambda f: f.average_days, "天"),  # 平均办结天数
    "FW_OVERDUE": (lambda f: Decimal(f.overdue), "件"),  # 超期未办结
}


def zone_values(zone, period: str, today=None) -> dict[str, Decimal | None]:
    """Every service indicator's value for one zone and assessment period (2024, 2024-Q3, 2024-10)."""
    requests, as_of = figures.year_to_month(
        ServiceRequest.objects.filter(enterprise__zone=zone), period_month(period), today
    )
    rows = figures.request_figures(requests, as_of)
    f = rows[0] if rows else figures.RequestFigures("合计")
    return {code: value(f) for code, (value, _) in INDICATORS.items()}

"""A small assessment for the shared test world: three zones, three indicators, two years."""

from __future__ import annotations

from decimal import Decimal

from .models import Framework, Indicator, IndicatorGroup, IndicatorValue

D = Decimal


def make_framework(world) -> Framework:
    f = Framework.objects.create(name="产业集聚区考核", year=2024, region=world.henan)
    economy = IndicatorGroup.objects.create(framework=f, name="经济总量", order=1)
    green = IndicatorGroup.objects.create(framework=f, name="绿色发展", order=2)
    revenue = Indicator.objects.create(
        group=economy, code="A1", name="主营业务收入", unit="亿元", weight=D("50")
    )
    growth = Indicator.objects.create(group=economy, code="A2", name="增速", unit="%", weight=D("30"))
    energy = Indicator.objects.create(
        group=green, code="B1", name="单位增加值能耗", unit="吨标煤/万元", direction=-1, weight=D("20")
    )
    data = {
        "2023": {world.zone_a: (300, 8, 0.5), world.zone_b: (200, 10, 0.4), world.zone_c: (100, 6, 0.9)},
        "2024": {world.zone_a: (320, 9, 0.5), world.zone_b: (150, 4, 0.6), world.zone_c: (310, 15, 0.3)},
    }
    for period, rows in data.items():
        for zone, values in rows.items():
            for indicator, value in zip((revenue, growth, energy), values, strict=True):
                IndicatorValue.objects.create(
                    indicator=indicator, zone=zone, period=period, value=D(str(value))
                )
    return f

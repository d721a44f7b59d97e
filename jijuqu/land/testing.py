"""Small builders for land tests and the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import Building, Plot, Tenancy


def make_plot(
    zone, number, area, status="reserve", *, enterprise=None, supplied_on=None, start_by=None, **extra
):
    if status != "reserve" and supplied_on is None:
        supplied_on = dt.date(2023, 1, 1)
    plot = Plot(
        zone=zone,
        number=number,
        area=Decimal(str(area)),
        status=status,
        enterprise=enterprise,
        supplied_on=supplied_on,
        start_by=start_by,
        **extra,
    )
    plot.full_clean()
    plot.save()
    return plot


def make_building(zone, name, floor_area, *, park=None, phase="一期", floors=1, status="vacant"):
    building = Building(
        zone=zone,
        park=park,
        phase=phase,
        name=name,
        floors=floors,
        floor_area=Decimal(str(floor_area)),
        status=status,
    )
    building.full_clean()
    building.save()
    return building


def make_tenancy(building, enterprise, area, start, end=None):
    tenancy = Tenancy(building=building, enterprise=enterprise, area=Decimal(str(area)), start=start, end=end)
    tenancy.full_clean()
    tenancy.save()
    return tenancy


def make_scheme(region, indicators, *, normalisation="floored", name="亩均效益评价", **options):
    """A scheme over `region`'s enterprises with indicators [(code, points, benchmark or None), …]."""
    from jijuqu.assessment.models import Framework, Indicator, IndicatorGroup

    from .evaluation import MEASURES
    from .models import Scheme

    framework = Framework.objects.create(
        name=name, year=2024, region=region, subject="enterprise", normalisation=normalisation
    )
    group = IndicatorGroup.objects.create(framework=framework, name="亩均效益")
    for order, (code, points, benchmark) in enumerate(indicators):
        title, unit, _measure = MEASURES[code]
        Indicator.objects.create(
            group=group,
            code=code,
            name=title,
            unit=unit,
            weight=Decimal(str(points)),
            target=None if benchmark is None else Decimal(str(benchmark)),
            order=order,
        )
    scheme = Scheme(framework=framework, **options)
    scheme.full_clean()
    scheme.save()
    return scheme


def make_enterprise(zone, n, *, land=None, year=2024, **figures):
    """An enterprise of `zone` (credit code from n) on `land` 亩 of its own, with figures for `year`."""
    from jijuqu.core.testing import credit
    from jijuqu.enterprises.models import Enterprise, EnterpriseYear

    enterprise = Enterprise.objects.create(
        name=f"测试企业{n}", credit_code=credit(zone.region.code, n), zone=zone
    )
    if land is not None:
        make_plot(zone, f"T{n}", land, "producing", enterprise=enterprise)
    EnterpriseYear.objects.create(
        enterprise=enterprise,
        year=year,
        **{k: Decimal(str(v)) if k != "evaluation_kind" else v for k, v in figures.items()},
    )
    return enterprise

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

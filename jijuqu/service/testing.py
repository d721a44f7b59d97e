"""Helpers for the service tests: a request raised at a moment, calendar days of 2024."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jijuqu.projects.models import CalendarDay

from . import services
from .models import ServiceRequest


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def holidays_2024() -> None:
    """The 2024 中秋 and 国庆 holidays with their 调休 workdays, as the State Council announced them."""
    for day in (15, 16, 17):
        CalendarDay.objects.create(date=dt.date(2024, 9, day), name="中秋节")
    CalendarDay.objects.create(date=dt.date(2024, 9, 14), workday=True, name="中秋调休")
    for day in range(1, 8):
        CalendarDay.objects.create(date=dt.date(2024, 10, day), name="国庆节")
    for day in (dt.date(2024, 9, 29), dt.date(2024, 10, 12)):
        CalendarDay.objects.create(date=day, workday=True, name="国庆调休")


def make_request(enterprise, moment: dt.datetime, user=None, **fields) -> ServiceRequest:
    fields.setdefault("title", "用电增容")
    fields.setdefault("category", "power")
    return services.raise_request(ServiceRequest(enterprise=enterprise, **fields), user, moment)

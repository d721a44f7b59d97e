"""Working days: Monday to Friday, corrected by the calendar exceptions (holidays, 调休 workdays)."""

from __future__ import annotations

import datetime as dt


def exceptions_between(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from .models import CalendarDay

    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "workday"))


def is_working_day(day: dt.date, exceptions: dict[dt.date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int, exceptions: dict[dt.date, bool] | None = None) -> dt.date:
    """The day on which a time limit of `days` working days counted from `start` runs out.

    The day of submission does not count (受理当日不计入), as in administrative time limits.
    """
    if exceptions is None:
        # Generous window: 2 weeks of holidays per 5 working days is far more than any calendar has.
        exceptions = exceptions_between(start, start + dt.timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            left -= 1
    return day

"""Working days: Monday to Friday, corrected by the calendar exceptions (holidays, 调休 workdays).

Plain date arithmetic; the exceptions come from the caller (`CalendarDay.exceptions_between`).
"""

from __future__ import annotations

import datetime as dt


def is_working_day(day: dt.date, exceptions: dict[dt.date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int, exceptions: dict[dt.date, bool]) -> dt.date:
    """The day on which a time limit of `days` working days counted from `start` runs out.

    The day of submission does not count (受理当日不计入), as in administrative time limits.
    `exceptions` must cover the days from `start` to the answer ({date: is_working_day}).
    """
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            left -= 1
    return day

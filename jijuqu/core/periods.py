"""A reporting month (year + month): parsed from "2026-10" in one place, compared, and the one answer to
"which month is closed?" that pages, reports, the API and the demo share.

A month is *closed* once its reports are final: the month just ended, from the deadline day
(settings.JIJUQU_REPORT_DEADLINE_DAY, e.g. the 5th) of the month after; before that day it is still
being reported and the month before it is the last closed one. A month still running is never closed,
however many zones have reported it early.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """ "2026-10" (or "2026-1") → Period(2026, 10); anything else raises ValueError."""
        m = MONTH_RE.match(text or "")
        if not m:
            raise ValueError(f"{text!r} is not a month written YYYY-MM")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Period:
        """The month a day falls in."""
        return cls(day.year, day.month)

    @classmethod
    def current(cls, today: dt.date | None = None) -> Period:
        """The month running today."""
        return cls.of(today or timezone.localdate())

    @classmethod
    def just_ended(cls, today: dt.date | None = None) -> Period:
        """The month just ended: the one being reported on now."""
        return cls.current(today).months_back(1)

    @classmethod
    def closed(cls, today: dt.date | None = None) -> Period:
        """The last closed reporting month: the month just ended from the deadline day on, else the one
        before it."""
        today = today or timezone.localdate()
        ended = cls.just_ended(today)
        return ended if today.day >= deadline_day() else ended.months_back(1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        """The year-to-date span as 通报 write it: "1-10月"."""
        return f"1-{self.month}月" if self.month > 1 else "1月"

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def index(self) -> int:
        """Months since year 0: for arithmetic and for comparing with database year*12+month-1."""
        return self.year * 12 + self.month - 1

    def months_back(self, n: int) -> Period:
        index = self.index - n
        return Period(index // 12, index % 12 + 1)

    def is_future(self, today: dt.date | None = None) -> bool:
        """After the month running today."""
        return self > Period.current(today)

    def is_over(self, today: dt.date | None = None) -> bool:
        """Ended before today's month began."""
        return self < Period.current(today)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def deadline_day() -> int:
    """The day of the month by which last month's reports are due (1: no grace days)."""
    return max(1, min(28, int(getattr(settings, "JIJUQU_REPORT_DEADLINE_DAY", 1))))


def month_field_value(text: str | None) -> Period:
    """A month typed in a form or a query (?period=2026-10): the Period, or a ValidationError in Chinese
    for a malformed month or one that has not come yet."""
    try:
        period = Period.parse(text)
    except ValueError as err:
        raise ValidationError(_("Give the period as YYYY-MM."), code="period") from err
    refuse_future(period)
    return period


def refuse_future(period: Period, today: dt.date | None = None) -> None:
    if period.is_future(today):
        raise ValidationError(
            _("%(month)s has not come yet: choose a month up to the current one.") % {"month": period.title},
            code="future",
        )


def refuse_unfinished(period: Period, today: dt.date | None = None) -> None:
    """A 通报 reports on a month that has ended."""
    refuse_future(period, today)
    if not period.is_over(today):
        raise ValidationError(
            _("%(month)s is still running: a report covers a month that has ended.")
            % {"month": period.title},
            code="running",
        )


def validate_month(text: str) -> None:
    """Validator for a month field or filter."""
    month_field_value(text)

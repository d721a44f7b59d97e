"""The 13710 clock of an enterprise request.

Counted in working days from the day the request was raised (that day does not count, 受理当日不计入,
so a request raised on a Friday evening before a holiday is due on the first working day after it —
which may be a 调休 Saturday): referred to a responsible department (转办) within 1 working day, first
contact with the enterprise (首次响应) within 3, closed within 7; a major or difficult one is closed
within one month (the same day of the next month, or the first working day after it). Holidays and
调休 days are the working-day calendar's (projects.CalendarDay).

Each step past its day escalates the request as a problem is escalated (projects.escalation): the
level is the highest any step calls for, judged on the day the step was done or, if not done, today.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jijuqu.projects.escalation import level_due
from jijuqu.projects.models import CalendarDay
from jijuqu.projects.workdays import add_working_days, is_working_day

from .choices import RequestKind, RequestStatus

ASSIGN_DAYS, RESPOND_DAYS, CLOSE_DAYS = 1, 3, 7
STEP_NAMES = {"assign": _("Referral"), "respond": _("First response"), "close": _("Closing")}


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def one_month_later(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadlines:
    assign: dt.date
    respond: dt.date
    close: dt.date


def deadlines(
    raised_on: dt.date, major: bool, exceptions_between=CalendarDay.exceptions_between
) -> Deadlines:
    """The days by which each step must be done, for a request raised on `raised_on`."""
    # Generous window: a month plus the longest run of holidays any calendar has.
    exceptions = exceptions_between(raised_on, raised_on + dt.timedelta(days=70))
    close = add_working_days(raised_on, CLOSE_DAYS, exceptions)
    if major:
        close = one_month_later(raised_on)
        while not is_working_day(close, exceptions):
            close += dt.timedelta(days=1)
    return Deadlines(
        assign=add_working_days(raised_on, ASSIGN_DAYS, exceptions),
        respond=add_working_days(raised_on, RESPOND_DAYS, exceptions),
        close=close,
    )


def set_deadlines(request) -> None:
    """Derive a request's step deadlines (called by its save())."""
    if request.raised_at is None:
        return
    d = deadlines(local_day(request.raised_at), request.kind == RequestKind.MAJOR)
    request.assign_due, request.respond_due, request.close_due = d.assign, d.respond, d.close


def steps(request) -> list[tuple[str, dt.date, dt.date | None]]:
    """(step, due, done on or None) for 转办, 首次响应 and 办结. A request answered and then reopened
    (不满意) is not done until answered again, against the same deadline."""
    return [
        ("assign", request.assign_due, local_day(request.assigned_at)),
        ("respond", request.respond_due, local_day(request.responded_at)),
        ("close", request.close_due, local_day(request.answered_at)),
    ]


def due_level(request, today: dt.date) -> int:
    """The escalation level a request should be at on `today`."""
    return max(level_due(due, done or today) for _step, due, done in steps(request))


def current_step(request) -> tuple[str, dt.date] | None:
    """The step the request waits for and its day; None once answered (the enterprise's turn) or closed."""
    if request.status in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
        return None
    for step, due, done in steps(request):
        if done is None:
            return step, due
    return None


def overdue_days(request, today: dt.date) -> int:
    """Days the waited-for step is past its day (0 when on time or not waiting)."""
    current = current_step(request)
    return max((today - current[1]).days, 0) if current else 0


def closed_on_time(request) -> bool | None:
    """Whether a closed request was answered by its close day; None while not closed."""
    if request.status != RequestStatus.CLOSED or request.answered_at is None:
        return None
    return local_day(request.answered_at) <= request.close_due

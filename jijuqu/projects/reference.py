"""Reference data of the key-project ledger: the standard approval item types and the official holidays
and 调休 days of the working-day calendar. `jijuqu load_reference` loads them; the demo builds on them.

Holidays come from chinese-calendar (PyPI), which carries the State Council's yearly notice for every
year from 2004 to the last it has (it is updated each winter when the next year's notice is out). A
year it does not have yet is entered on the working-day calendar page (工作日历), which names it.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version

from django.db import transaction
from django.utils import timezone

from jijuqu.core.sync import SyncResult, sync_rows

from .models import ApprovalItemType, CalendarDay

# 联审联批 items a key project usually needs, in the order they are handled, each with its usual time
# limit in working days (the supervising office may change an item's limit, giving a reason).
APPROVAL_TYPES = [
    ("立项备案", 3),
    ("用地预审与选址意见书", 20),
    ("建设用地规划许可", 10),
    ("建设工程规划许可", 15),
    ("环境影响评价审批", 30),
    ("节能审查", 15),
    ("施工图审查", 15),
    ("建筑工程施工许可", 7),
    ("消防设计审查", 15),
    ("水土保持方案审批", 20),
]

CALENDAR_SOURCE = "chinese-calendar"


def load_approval_types() -> tuple[SyncResult, dict[str, ApprovalItemType]]:
    """Create the standard item types, by name; an office's own types and its changed limits are kept
    (an existing type's time limit and order are not overwritten)."""
    existing = set(ApprovalItemType.objects.values_list("name", flat=True))
    rows = [
        {"name": name, "time_limit": limit, "order": order}
        for order, (name, limit) in enumerate(APPROVAL_TYPES, start=1)
        if name not in existing
    ]
    result, _ = sync_rows(ApprovalItemType, ("name",), rows)
    result.unchanged += len(APPROVAL_TYPES) - len(rows)
    types = ApprovalItemType.objects.filter(name__in=[n for n, _ in APPROVAL_TYPES])
    return result, {t.name: t for t in types}


def calendar_source_version() -> str:
    return f"{CALENDAR_SOURCE} {version(CALENDAR_SOURCE)}"


def covered_years() -> range:
    """The years chinese-calendar knows the holidays of."""
    from chinese_calendar.constants import holidays

    years = {day.year for day in holidays}
    return range(min(years), max(years) + 1)


def official_days(years) -> list[dict]:
    """CalendarDay rows (date, workday, name) of the holidays and 调休 days of `years`, as published."""
    from chinese_calendar.constants import Holiday, holidays, workdays

    chinese = {h.value: h.chinese for h in Holiday}
    wanted = set(years)
    rows = [
        {"date": day, "workday": False, "name": chinese.get(name, name)}
        for day, name in holidays.items()
        if day.year in wanted
    ]
    rows += [
        {"date": day, "workday": True, "name": f"{chinese.get(name, name)}调休"}
        for day, name in workdays.items()
        if day.year in wanted
    ]
    return sorted(rows, key=lambda r: r["date"])


def load_calendar(years=None) -> tuple[SyncResult, list[int]]:
    """Enter the official holidays and 调休 days of `years` (default: every year chinese-calendar
    covers) into the working-day calendar, updating a day entered otherwise by hand. Returns the result
    and the asked years chinese-calendar does not cover. The due dates of open approval items that
    run over a changed day move with it, as when a day is entered on the page."""
    covered = covered_years()
    years = sorted(set(covered if years is None else years))
    missing = [y for y in years if y not in covered]
    rows = official_days(y for y in years if y in covered)
    with transaction.atomic():
        before = dict(
            CalendarDay.objects.filter(date__in=[r["date"] for r in rows]).values_list("date", "workday")
        )
        result, _ = sync_rows(CalendarDay, ("date",), rows)
        moved = [r["date"] for r in rows if before.get(r["date"]) != r["workday"]]
        if moved:
            CalendarDay.calendar_changed(*moved)
    return result, missing


def years_without_holidays(today: dt.date | None = None) -> list[int]:
    """This year, and from November (when the State Council publishes it) the next, if the calendar
    holds no holiday for it: its holidays and 调休 days are still to be entered."""
    today = today or timezone.localdate()
    years = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    entered = set(
        CalendarDay.objects.filter(workday=False, date__year__in=years).values_list("date__year", flat=True)
    )
    return [y for y in years if y not in entered]

"""One reporting month type: parsing, the last closed month, and refusing months not yet come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jijuqu.core.periods import Period, month_field_value, refuse_unfinished


def test_parse_accepts_year_month_and_refuses_the_rest():
    assert Period.parse("2026-10") == Period(2026, 10)
    assert Period.parse("2026-1") == Period(2026, 1)
    for bad in ("2026-13", "2026-00", "2026", "2026-Q3", "10-2026", "", None, "2026-10-01"):
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_periods_compare_and_count_back_over_the_year():
    assert Period(2025, 12) < Period(2026, 1) < Period(2026, 10)
    assert Period(2026, 1).months_back(1) == Period(2025, 12)
    assert str(Period(2026, 3)) == "2026-03" and Period(2026, 3).label == "1-3月"


def test_closed_month_waits_for_the_deadline_day(settings):
    settings.JIJUQU_REPORT_DEADLINE_DAY = 5
    assert Period.closed(dt.date(2026, 11, 26)) == Period(2026, 10)
    assert Period.closed(dt.date(2026, 11, 5)) == Period(2026, 10)
    assert Period.closed(dt.date(2026, 11, 4)) == Period(2026, 9)
    assert Period.closed(dt.date(2026, 1, 2)) == Period(2025, 11)
    settings.JIJUQU_REPORT_DEADLINE_DAY = 1
    assert Period.closed(dt.date(2026, 11, 1)) == Period(2026, 10)


def test_a_future_month_is_refused_in_chinese():
    with pytest.raises(ValidationError) as err:
        month_field_value("2030-01")
    assert "2030年1月" in err.value.messages[0] and "尚未到来" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        month_field_value("2030-13")
    assert "年-月" in err.value.messages[0]


def test_a_report_covers_a_month_that_has_ended():
    today = dt.date(2026, 11, 26)
    refuse_unfinished(Period(2026, 10), today)
    with pytest.raises(ValidationError):
        refuse_unfinished(Period(2026, 11), today)

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jijuqu.imports.values import UNITS, CellError, date, decimal, money, percent, year_range

D = Decimal


@pytest.mark.parametrize(
    "raw, expected",
    [
        (12337.5, "12337.5"),
        (100000, "100000"),
        ("1,234.50", "1234.50"),
        (" 12 345 ", "12345"),
        ("１２３．５", "123.5"),
        (0.1, "0.1"),
        ("-5", "-5"),
    ],
)
def test_numbers(raw, expected):
    assert decimal(raw) == D(expected)


@pytest.mark.parametrize("raw", ["约8000", "8000万", "abc", "1.2.3", "", True])
def test_not_numbers(raw):
    with pytest.raises(CellError):
        decimal(raw)


def test_money_units_convert_exactly():
    assert money("3.5", UNITS["亿元"]) == D("35000.00")
    assert money(12337.5, UNITS["万元"]) == D("12337.50")
    assert money(1234500, UNITS["元"]) == D("123.45")
    with pytest.raises(CellError, match="超过两位小数"):
        money(12345, UNITS["元"])


@pytest.mark.parametrize(
    "raw, expected", [("106.00%", "1.06"), ("37％", "0.37"), (1.06, "1.06"), (97.2, "0.972")]
)
def test_percentages(raw, expected):
    assert percent(raw) == D(expected)


@pytest.mark.parametrize(
    "raw, end, expected",
    [
        ("2023.9", False, dt.date(2023, 9, 1)),
        ("2023.10", False, dt.date(2023, 10, 1)),
        ("2026年4月", True, dt.date(2026, 4, 30)),
        ("2024-03-15", False, dt.date(2024, 3, 15)),
        ("2024/2", True, dt.date(2024, 2, 29)),
        ("2025年", True, dt.date(2025, 12, 31)),
        (dt.datetime(2024, 5, 6, 0, 0), False, dt.date(2024, 5, 6)),
        (2023.9, False, dt.date(2023, 9, 1)),
        ("2024年3月份", False, dt.date(2024, 3, 1)),
    ],
)
def test_dates(raw, end, expected):
    assert date(raw, end=end) == expected


@pytest.mark.parametrize("raw", ["2024.13", "明年", "2024-02-30"])
def test_bad_dates(raw):
    with pytest.raises(CellError):
        date(raw)


def test_ambiguous_numeric_month_is_refused():
    with pytest.raises(CellError, match="也可能是2023年10月"):
        date(2023.1)


def test_year_range():
    assert year_range("2023-2025") == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    assert year_range("2023年至2025年") == (dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    assert year_range("2023.9") is None


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_amount_round_trips_through_float_and_text(value):
    assert decimal(float(value)) == value or abs(value) >= 10**15
    assert decimal(f"{value:,}") == value


def test_a_date_read_again_gives_the_same_answer_or_the_same_error():
    """Dates are remembered by text and by type: "2024.1" is January, the number 2024.1 ambiguous."""
    assert date("2024.1") == date("2024.1") == dt.date(2024, 1, 1)
    assert date("2024.1", end=True) == dt.date(2024, 1, 31)
    for _ in range(2):
        with pytest.raises(CellError, match="10月"):
            date(2024.1)
        with pytest.raises(CellError, match="月份13"):
            date("2024.13")

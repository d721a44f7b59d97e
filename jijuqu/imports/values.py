"""Reading the values people type into ledgers: amounts, percentages, Chinese dates and year ranges.

Each parser returns the value or raises CellError with a Chinese message; nothing is guessed
silently. Spreadsheet numbers arrive as float from calamine; they are turned into Decimal through
their shortest repr, which is exactly what was typed ("12337.5" stays 12337.5).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from jijuqu.core.money import FULL_WIDTH, MoneyError, parse_money
from jijuqu.core.money import number as money_number

UNITS = {"万元": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001"), "千元": Decimal("0.1")}
CENT = Decimal("0.01")
BLANKS = {"", "-", "—", "－", "/", "无", "——"}


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as it is."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in BLANKS)


def text(value) -> str:
    if value.__class__ is str:  # most cells, first (a ledger's every cell passes here)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decimal(value) -> Decimal:
    """A number typed or stored (core.money.number): 12337.5, "1,234.50", "１２３". Not "约8000"."""
    try:
        return money_number(value)
    except MoneyError as err:
        raise CellError(str(err)) from err


def money(value, unit: Decimal) -> Decimal:
    """An amount in the sheet's unit (or the cell's own: "1.2亿") converted to 万元 exactly, by the
    same parser as the forms and the API; refused if it needs more than 2 decimals or is too large."""
    try:
        return parse_money(value, unit=unit)
    except MoneyError as err:
        raise CellError(str(err)) from err


def percent(value) -> Decimal:
    """ "106.00%" → 1.06; a bare number is taken as already a ratio only if it has no percent sign
    and is at most 10 (Excel stores 106% as 1.06); otherwise it is percentage points."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = decimal(value)
        return number if abs(number) <= 10 else number / 100
    s = str(value).strip().translate(FULL_WIDTH)
    if s.endswith(("%", "％")):
        return decimal(s[:-1]) / 100
    number = decimal(s)
    return number if abs(number) <= 10 else number / 100


DATE_PATTERNS = [
    (re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$"), "ymd"),
    (re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?(?:份)?$"), "ym"),
    (re.compile(r"^(\d{4})\s*年?$"), "y"),
]
RANGE = re.compile(r"^(\d{4})\s*(?:年)?\s*[-—~～至到]\s*(\d{4})\s*(?:年)?$")


def date(value, *, end: bool = False) -> dt.date:
    """A date as typed in ledgers: a real date, "2024.3", "2024年3月", "2024-03-15", "2024年".

    A month without a day means its first day, or its last day with end=True (竣工时间 "2025年6月"
    is done by the end of June).
    """
    if value.__class__ is str or value.__class__ is float:
        # A ledger repeats its few dates on every row: each text or number is read once (an error is
        # not kept, and raised again each time).
        return _read_date(value, end)
    return _date(value, end)


def _date(value, end: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float):
        whole, _, frac = repr(value).partition(".")
        if len(whole) == 4 and frac == "1":
            raise CellError(
                f"“{value}”可能是{whole}年1月，也可能是{whole}年10月（单元格为数字时10月的0会丢失），"
                f"请将单元格改为文本“{whole}.1”或“{whole}.10”"
            )
        value = f"{whole}.{frac}" if frac != "0" else whole
    s = text(value).translate(FULL_WIDTH)
    for pattern, kind in DATE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        year = int(m.group(1))
        month = int(m.group(2)) if kind != "y" else (12 if end else 1)
        if not 1 <= month <= 12:
            raise CellError(f"“{value}”中的月份{month}不在1到12之间")
        if kind == "ymd":
            day = int(m.group(3))
        else:
            day = last_day(year, month) if end else 1
        try:
            return dt.date(year, month, day)
        except ValueError as err:
            raise CellError(f"“{value}”不是有效的日期") from err
    raise CellError(f"“{value}”不是可识别的日期（可写作2024.3、2024年3月或2024-03-15）")


_read_date = lru_cache(maxsize=4096, typed=True)(_date)


def year_range(value) -> tuple[dt.date, dt.date] | None:
    """ "2023-2025" → (2023-01-01, 2025-12-31); None if the value is not a range."""
    m = RANGE.match(text(value).translate(FULL_WIDTH))
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2))
    if end < start:
        raise CellError(f"“{value}”的结束年份早于开始年份")
    return dt.date(start, 1, 1), dt.date(end, 12, 31)


def last_day(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def choice(value, options: dict[str, str], what: str) -> str:
    """A label such as 新建 to its stored value; unknown labels are errors, listing what is allowed."""
    s = text(value)
    if s in options:
        return options[s]
    raise CellError(f"“{s}”不是有效的{what}（可选：{'、'.join(options)}）")

"""The one reader of amounts of money typed by people: forms, the API (through the forms) and every
importer call `parse_money`.

An amount is kept in 万元 with two decimals. Accepted: a plain number ("8000", "8,000.5", full-width
"８０００"), with a trailing 万元/万 (the unit it is kept in), or with an explicit other unit that is
converted exactly (亿/亿元 ×10000, 千元 ÷10, 元 ÷10000). Anything else — "约8000", "8000左右",
"1000-2000", "八千" — is refused with a Chinese message naming the field: a guessed amount is worse
than none. Amounts are bounded so they are exact in both databases: SQLite keeps a decimal as a REAL
(15 significant digits), so 11 digits before the point and 2 after are always exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
# Exclusive upper bound in 万元: 10^11 万元 is 1,000万亿元, beyond any project or zone.
MAX = Decimal("1e11")
UNITS = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}
FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋，　", "0123456789.-+, ")
# Thousands separators only where they group thousands: "8,000.5" and "12 345", not "1000,2000".
DIGITS = r"[+-]?(\d{1,3}(,\d{3})+|\d{1,3}( \d{3})+|\d+)(\.\d*)?|[+-]?\.\d+"
NUMBER = re.compile(DIGITS)
AMOUNT = re.compile(rf"(?P<number>{DIGITS})\s*(?P<unit>万元|万|亿元|亿|千元|元)?")
HINT = "可写作8000、8,000.5、8000万元、1.2亿元或500000元"


class MoneyError(ValueError):
    """An amount that cannot be read exactly; the message is Chinese and names the field."""


def number(value) -> Decimal:
    """A number typed or stored, exactly: 12337.5, "1,234.50", "１２３", "12 345". Spreadsheet floats
    go through their shortest repr, which is what was typed. Not "约8000", not "8000万"."""
    if isinstance(value, bool):
        raise MoneyError("不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise MoneyError("不是有效的数字")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyError("不是有效的数字")
        return value
    s = squeeze(value)
    if not NUMBER.fullmatch(s):
        raise MoneyError(f"“{value}”不是有效的数字")
    try:
        return Decimal(s.replace(",", "").replace(" ", ""))
    except InvalidOperation as err:  # pragma: no cover - the pattern admits only numbers
        raise MoneyError(f"“{value}”不是有效的数字") from err


def squeeze(value) -> str:
    return str(value).translate(FULL_WIDTH).strip()


def parse_money(value, *, field: str = "", unit: Decimal = Decimal(1)) -> Decimal:
    """`value` in 万元 with two decimals. A bare number is in `unit` (a sheet's 亿元, say); a number
    with its own unit is converted by that unit. MoneyError when it cannot be read exactly."""
    prefix = f"{field}：" if field else ""
    shown = value if not isinstance(value, float) else repr(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            amount = number(value) * unit
        except MoneyError as err:
            raise MoneyError(f"{prefix}{err}") from err
    else:
        m = AMOUNT.fullmatch(squeeze(value))
        if not m:
            raise MoneyError(f"{prefix}“{shown}”不是有效的金额（{HINT}）")
        amount = Decimal(m["number"].replace(",", "").replace(" ", "")) * (
            UNITS[m["unit"]] if m["unit"] else unit
        )
    # The range first: quantizing a huge number (1e308 sent to the API) raises InvalidOperation (a 500).
    if abs(amount) >= MAX:
        raise MoneyError(f"{prefix}“{shown}”超出可保存的范围（须小于{MAX:,.0f}万元）")
    if amount != amount.quantize(CENT):
        raise MoneyError(f"{prefix}“{shown}”换算为万元后为{amount.normalize():f}，超过两位小数，无法精确保存")
    amount = amount.quantize(CENT)
    return amount


# An amount in an API input schema: a number, or a string such as "1.2亿" that the form's money field
# reads exactly as a page would (django-ninja would answer "1.2亿" with a type error otherwise).
MoneyIn = Decimal | str

"""Numbers as printed in Chinese government reports: 亿元 and rates with one decimal, rounded half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
TEN_THOUSAND = Decimal(10000)


def round1(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def rate(part, whole) -> Decimal | None:
    """A percentage with one decimal (half up), or None when there is nothing to divide by: 4/6 → 66.7."""
    if not whole:
        return None
    return round1(Decimal(part) * 100 / Decimal(whole))


def yi(wan: Decimal | None) -> str:
    """An amount in 万元 written in 亿元 with one decimal: 6290000 → "629.0"."""
    return f"{round1((wan or Decimal(0)) / TEN_THOUSAND)}"


def percent(ratio: Decimal | None) -> str:
    """A ratio written as a percentage with one decimal: 0.97203 → "97.2%"."""
    if ratio is None:
        return "—"
    return f"{round1(ratio * 100)}%"


def points(value: Decimal) -> str:
    """Percentage points with one decimal and no sign: 13.87 → "13.9"."""
    return f"{round1(abs(value))}"


CENT = Decimal("0.01")


def wan(value: Decimal | None) -> str:
    """An amount in 万元 as stored, for messages: two decimals, whatever the database's sum carried
    (48786.4300000000 → "48786.43")."""
    return f"{Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)}"


def count(value) -> str:
    """A count as a whole number: 7.0 → "7"; a fractional count keeps one decimal."""
    value = Decimal(value)
    return str(value.to_integral_value()) if value == value.to_integral_value() else str(round1(value))


def plain(value) -> str:
    """A weight, threshold or other measured quantity without the zeros its column pads, with thousands
    separators as amounts have: Decimal("10.0000") → "10", Decimal("0.1000") → "0.1",
    Decimal("1000.0000") → "1,000". (Amounts in 万元 keep their two decimals: wan, MoneyColumn.)"""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    whole = value.to_integral_value()
    # normalize() alone would write 1000 as 1E+3.
    return f"{whole if value == whole else value.normalize():,f}"

"""Numbers as printed in Chinese government reports: 亿元 and rates with one decimal, rounded half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
TEN_THOUSAND = Decimal(10000)


def round1(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


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

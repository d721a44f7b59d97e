"""Assessment periods: a year (2024), a quarter (2024-Q3) or a month (2024-10), as stored on values;
the month case is core.periods.Period."""

from __future__ import annotations

from jijuqu.core.periods import Period

from .models import PERIOD_RE


def previous_period(period: str) -> str:
    """The period before: 2024 → 2023, 2024-Q1 → 2023-Q4, 2024-01 → 2023-12."""
    m = PERIOD_RE.match(period)
    if not m:
        raise ValueError(period)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return str(year - 1)
    if part.startswith("Q"):
        q = int(part[1])
        return f"{year - 1}-Q4" if q == 1 else f"{year}-Q{q - 1}"
    return str(Period(year, int(part)).months_back(1))


def period_month(period: str) -> Period:
    """The last month an assessment period covers: 2024 → 2024-12, 2024-Q3 → 2024-09, 2024-10 itself."""
    m = PERIOD_RE.match(period or "")
    if not m:
        raise ValueError(period)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return Period(year, 12)
    if part.startswith("Q"):
        return Period(year, int(part[1]) * 3)
    return Period(year, int(part))


def period_label(period: str) -> str:
    m = PERIOD_RE.match(period)
    year, part = m.group(1), m.group(2)
    if part is None:
        return f"{year}年"
    if part.startswith("Q"):
        return f"{year}年第{'一二三四'[int(part[1]) - 1]}季度"
    return Period(int(year), int(part)).title

"""Who issues a 通报, under which number and on which day — the parts of a 公文 (GB/T 9704) around
its text: 发文机关标志 and 发文字号 in the header, 发文机关署名 and 成文日期 at the end.

The report page, the API and the command take them as typed; left blank, these defaults apply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jijuqu.core.periods import Period


@dataclass(frozen=True)
class Issuance:
    issuer: str  # 发文机关: 焦作市发展和改革委员会
    number: str  # 发文字号: 焦作发改〔2026〕10号
    date: dt.date  # 成文日期

    @property
    def date_text(self) -> str:
        """成文日期 in Arabic numerals, as GB/T 9704-2012 writes it: 2026年11月5日."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


def default_issuer(area) -> str:
    """A region's 发展和改革委员会, a zone's 管理委员会."""
    if area.level == "zone":
        return f"{area.name}管理委员会"
    return f"{area.name}发展和改革委员会"


def default_number(area, period: Period, today: dt.date) -> str:
    """ "焦作发改〔2026〕10号": the area's short name, the year of issue and the report's month as the
    sequence number (offices replace it with their own register's number)."""
    short = area.name
    for suffix in ("产业集聚区", "开发区", "示范区", "省", "市", "县", "区"):
        if short.endswith(suffix) and len(short) > len(suffix) + 1:
            short = short[: -len(suffix)]
            break
    office = "管" if area.level == "zone" else "发改"
    return f"{short}{office}〔{today.year}〕{period.month}号"


def issuance_for(
    area, period: Period, *, issuer: str = "", number: str = "", date: dt.date | None = None
) -> Issuance:
    today = timezone.localdate()
    return Issuance(
        issuer=(issuer or "").strip() or default_issuer(area),
        number=(number or "").strip() or default_number(area, period, today),
        date=date or today,
    )

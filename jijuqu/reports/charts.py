"""Charts for the Word report, drawn with matplotlib (no display, no network).

Chinese labels need a CJK font on the machine. When none is found the chart is left out and the
report says so in its notes; it is never drawn with empty boxes in place of the names.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO

from django.conf import settings

from jijuqu.core.numbers import round1
from jijuqu.projects.analysis import Group

# Fonts tried in order: Debian's packages, then what Windows and macOS laptops carry.
CJK_FONTS = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
]


@cache
def cjk_font() -> str | None:
    from matplotlib import font_manager

    path = getattr(settings, "JIJUQU_CHART_FONT", "")
    if path:
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def chart_groups(report) -> tuple[list[Group], str] | None:
    """What the report's chart shows, in the Word file and on the page alike: the completion rate of
    each rated group (at most the first 30) and its title; None when there is nothing to compare (a
    zone's report by leader, or fewer than two rated groups)."""
    if report.area.breakdown == "leader":
        return None
    rated = [g for g in report.groups if g.rate is not None]
    if len(rated) < 2:
        return None
    title = f"{report.period.label}完成率"
    if len(rated) > 30:
        rated, title = rated[:30], f"{title}（完成率前30位）"
    return rated, title


def chart_data(report) -> dict | None:
    """The chart for ECharts on the report page (numbers for drawing only; the text prints Decimals)."""
    chosen = chart_groups(report)
    if chosen is None:
        return None
    rated, title = chosen
    return {
        "title": title,
        "names": [g.label for g in rated],
        "rates": [float(round1(g.rate * 100)) for g in rated],
        "schedule": float(round1(report.schedule * 100)),
    }


def rate_chart(rated: list[Group], schedule, title: str, font: str) -> bytes:
    """Bars of completion rate per group (from chart_groups) with the 时序进度 line, as PNG; labels
    in `font`, a CJK font found by cjk_font()."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    rates = [float(round1(g.rate * 100)) for g in rated]  # drawing only; the figures print from Decimal
    line = float(round1(schedule * 100))
    fig = Figure(figsize=(6.3, 3.2), dpi=200)
    ax = fig.subplots()
    colours = ["#c0392b" if r < line else "#2c6fbb" for r in rates]
    bars = ax.bar(range(len(rated)), rates, color=colours, width=0.6)
    ax.axhline(line, color="#e67e22", linestyle="--", linewidth=1)
    ax.text(len(rated) - 0.5, line, f"时序进度 {line}%", fontfamily=font, fontsize=7, va="bottom", ha="right")
    ax.bar_label(bars, labels=[f"{r}" for r in rates], fontsize=6)
    ax.set_xticks(range(len(rated)), [g.label for g in rated], fontfamily=font, fontsize=7, rotation=30)
    ax.set_ylabel("完成率（%）", fontfamily=font, fontsize=8)
    ax.set_title(title, fontfamily=font, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out = BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()

"""The report's tables, described once and rendered three ways (page, .xlsx, .docx).

A cell holds the value as printed: amounts in 亿元 (or 万元 for single projects) and rates with
one decimal, rounded half up by core.numbers — the same rounding the narrative uses, so the figure in
the text and the figure in the table are the same number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from jijuqu.core.numbers import TEN_THOUSAND, round1
from jijuqu.projects.analysis import MILESTONES, Group, completion_rate

from .builder import MonthlyReport

# Column kinds: how a value is rounded and shown.
TEXT, COUNT, YI, WAN, RATE, POINTS, DATE = "text", "count", "yi", "wan", "rate", "points", "date"
WAN_PLACES = Decimal("0.01")


def printed(value, kind: str):
    """The value as it appears in print (Decimal rounded, or the value itself)."""
    if value is None:
        return None
    if kind == YI:
        return round1(Decimal(value) / TEN_THOUSAND)
    if kind == WAN:
        return Decimal(value).quantize(WAN_PLACES)
    if kind == RATE:
        return round1(Decimal(value) * 100)
    if kind == POINTS:
        return round1(Decimal(value))
    return value


def text(value, kind: str) -> str:
    """A cell as the 公文 (.docx) and the API write it: 42600.34, 2024年9月3日."""
    return plain_text(printed(value, kind))


ROUNDED = (YI, WAN, RATE, POINTS)  # the kinds `printed` changes


def plain_text(value) -> str:
    """A printed value as text: `text` of a value of a kind printed as it is, without the kind's
    dispatch."""
    if value is None or value == "":
        return "—"
    if type(value) is str:
        return value
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def text_of(kind: str):
    """The function `text(value, kind)` is for values of this kind."""
    if kind in ROUNDED:
        return lambda value: text(value, kind)
    return plain_text


def page_text(value, kind: str) -> str:
    """A cell as the web page writes it, in the app's style elsewhere: amounts with thousands
    separators (42,600.34), dates as 2024-09-03."""
    value = printed(value, kind)
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind in (YI, WAN):
        return f"{value:,}"
    return str(value)


@dataclass
class Column:
    header: str
    kind: str = TEXT


@dataclass
class ReportTable:
    title: str
    unit: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)  # raw values; `printed` rounds them
    total: list | None = None

    def printed_rows(self) -> list[list]:
        """`printed` of every cell; the columns of kinds printed as they are (text, counts, dates)
        are copied, not passed through it one cell at a time (a province's list has 600,000 cells)."""
        rows = self.rows + ([self.total] if self.total else [])
        width = len(self.columns)
        rounded = [(i, c.kind) for i, c in enumerate(self.columns) if c.kind in ROUNDED]
        result = []
        for row in rows:
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")
            row = list(row)
            for i, kind in rounded:
                row[i] = printed(row[i], kind)
            result.append(row)
        return result

    def text_rows(self) -> list[list[str]]:
        """`text` of every cell, by the column's kind (see `text_of`), a column at a time: in a column
        printed as it is, a text or a count is converted without a call (a province's list has 600,000
        cells; `plain_text` of a non-empty text is the text, of an int its digits)."""
        rows = self.rows + ([self.total] if self.total else [])
        if not rows:
            return []
        columns = zip(*rows, strict=True)
        converted = []
        for column, values in zip(self.columns, columns, strict=True):
            convert = text_of(column.kind)
            if convert is plain_text:
                converted.append(
                    [
                        v if type(v) is str and v else str(v) if type(v) is int else plain_text(v)
                        for v in values
                    ]
                )
            else:
                converted.append(list(map(convert, values)))
        return [list(row) for row in zip(*converted, strict=True)]

    def page_rows(self) -> list[list[str]]:
        rows = self.rows + ([self.total] if self.total else [])
        return [[page_text(v, c.kind) for v, c in zip(row, self.columns, strict=True)] for row in rows]


PAGE_ROWS = 200


@dataclass
class PageTable:
    """A table as the page shows it: its first PAGE_ROWS rows (a province's list of lagging projects runs
    to tens of thousands; the downloaded files carry them all) and the 合计 row."""

    title: str
    unit: str
    headers: list[str]
    rows: list[list[str]]
    total: bool
    more: int  # rows left out of the page


def page_table(table: ReportTable, limit: int = PAGE_ROWS) -> PageTable:
    shown = ReportTable(table.title, table.unit, table.columns, table.rows[:limit], table.total)
    return PageTable(
        table.title,
        table.unit,
        [c.header for c in table.columns],
        shown.page_rows(),
        bool(table.total),
        max(0, len(table.rows) - limit),
    )


GROUP_COLUMNS = [
    ("项目数", COUNT),
    ("总投资", YI),
    ("年度计划投资", YI),
    ("{label}完成投资", YI),
    ("{month}月完成投资", YI),
    ("完成率", RATE),
    ("较时序进度", POINTS),
    ("计划开工", COUNT),
    ("已开工", COUNT),
    ("开工率", RATE),
    ("计划外开工", COUNT),
    ("计划竣工", COUNT),
    ("已竣工", COUNT),
    ("竣工率", RATE),
    ("计划外竣工", COUNT),
    ("计划投产", COUNT),
    ("已投产", COUNT),
    ("投产率", RATE),
    ("计划外投产", COUNT),
]


def group_values(g: Group) -> list:
    return [
        g.count,
        g.total_investment,
        g.plan,
        g.ytd,
        g.month_invested,
        g.rate,
        g.gap,
        *(
            value
            for m in MILESTONES
            for value in (getattr(g, m.target), getattr(g, m.done), m.rate(g), getattr(g, m.unplanned))
        ),
    ]


def ranks(groups: list[Group]) -> list[int | None]:
    """Competition ranking by the printed rate: equal printed rates share a place (1, 2, 2, 4)."""
    result, place, previous = [], 0, None
    for index, g in enumerate(groups, start=1):
        if g.rate is None:
            result.append(None)
            continue
        shown = printed(g.rate, RATE)
        if shown != previous:
            place, previous = index, shown
        result.append(place)
    return result


def group_table(title: str, label_header: str, groups: list[Group], total: Group, report) -> ReportTable:
    columns = [Column("排名", COUNT), Column(label_header)] + [
        Column(h.format(label=report.period.label, month=report.period.month), kind)
        for h, kind in GROUP_COLUMNS
    ]
    rows = [[rank, g.label, *group_values(g)] for rank, g in zip(ranks(groups), groups, strict=True)]
    return ReportTable(
        title,
        "单位：个、亿元、%、百分点",
        columns,
        rows,
        ["合计", "", *group_values(total)],
    )


BREAKDOWN_HEADER = {"city": "省辖市", "county": "县（市、区）", "zone": "集聚区", "leader": "包联领导"}


def report_tables(report: MonthlyReport) -> list[ReportTable]:
    area, period = report.area, report.period
    tables = [
        group_table(
            f"{area.name}{report.subject}分{BREAKDOWN_HEADER[area.breakdown]}完成情况",
            BREAKDOWN_HEADER[area.breakdown],
            report.groups,
            report.total,
            report,
        ),
        group_table(
            f"{area.name}{report.subject}分行业完成情况", "行业", report.industries, report.total, report
        ),
        ReportTable(
            f"{area.name}{report.subject}滞后项目名单",
            "单位：万元、%",
            [
                Column("序号", COUNT),
                Column("项目名称"),
                Column("集聚区"),
                Column("年度计划投资", WAN),
                Column(f"{period.label}完成投资", WAN),
                Column("完成率", RATE),
                Column("滞后情形"),
                Column("包联领导"),
                Column("责任单位"),
            ],
            [
                [
                    i,
                    lp.name,
                    lp.zone_name,
                    lp.plan,
                    lp.ytd,
                    completion_rate(lp.ytd, lp.plan),
                    lp.kind_labels,
                    lp.leader,
                    lp.department,
                ]
                for i, lp in enumerate(report.lagging, start=1)
            ],
        ),
        ReportTable(
            f"{area.name}{report.subject}超期未解决问题",
            f"截至{period.year}年{period.month}月底",
            [
                Column("序号", COUNT),
                Column("问题"),
                Column("项目名称"),
                Column("集聚区"),
                Column("责任单位"),
                Column("办理时限", DATE),
                Column("超期天数", COUNT),
                Column("当前层级"),
            ],
            [
                [
                    i,
                    p.title,
                    p.project_name,
                    p.zone_name,
                    p.department,
                    p.deadline,
                    p.days_overdue,
                    p.level_label,
                ]
                for i, p in enumerate(report.problems, start=1)
            ],
        ),
        ReportTable(
            f"{area.name}{report.subject}超期联审联批事项",
            f"截至{period.year}年{period.month}月底",
            [
                Column("序号", COUNT),
                Column("项目名称"),
                Column("集聚区"),
                Column("审批事项"),
                Column("办理部门"),
                Column("受理日期", DATE),
                Column("应办结日期", DATE),
                Column("超期天数", COUNT),
            ],
            [
                [
                    i,
                    a.project_name,
                    a.zone_name,
                    a.item_type,
                    a.department,
                    a.submitted_on,
                    a.due_on,
                    a.days_overdue,
                ]
                for i, a in enumerate(report.approvals, start=1)
            ],
        ),
    ]
    for number, table in enumerate(tables, start=1):
        table.title = f"附表{number}  {table.title}"
    return tables

"""The monthly 通报 of enterprise service (万人助万企): the figures of the year to the month for a region or
zone, the drafted sentence, and departments ranked by 按时办结率 and 满意率 — as text, .xlsx and .docx,
with the 月通报's layout helpers (reports.document, core.export). Every figure in the sentence is the one
in the table (figures.request_figures, the same rounding)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from jijuqu.core.export import Book, write_table
from jijuqu.core.numbers import percent
from jijuqu.core.periods import Period
from jijuqu.core.scope import VIEW
from jijuqu.reports.builder import Area
from jijuqu.reports.document import (
    BODY_FONT,
    HEADING_FONT,
    TEXT,
    TITLE_FONT,
    add_table,
    document_bytes,
    margins,
    page_numbers,
    paragraph,
    setup_styles,
)

from . import figures
from .choices import RequestKind
from .models import ServiceRequest

STEPS_ZH = {"assign": "转办", "respond": "首次响应", "close": "办结"}


@dataclass
class ServiceReport:
    area: Area
    period: Period
    total: figures.RequestFigures
    departments: list[figures.RequestFigures]
    monitoring: int
    text: str
    # 督办: the requests counted in total.overdue, most overdue first: (request, step, days).
    overdue: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"关于{self.period.year}年{self.period.label}万人助万企企业诉求办理情况的通报"

    def rows(self) -> list[list]:
        return [
            [
                i,
                f.label,
                f.received,
                f.closed,
                f.on_time,
                percent(f.on_time_rate),
                percent(f.satisfaction_rate),
                "—" if f.average_days is None else str(f.average_days),
                f.overdue,
            ]
            for i, f in enumerate(self.departments, start=1)
        ]

    HEADER = [
        "序号",
        "责任单位",
        "受理",
        "办结",
        "按时办结",
        "按时办结率",
        "满意率",
        "平均办结天数",
        "超期未办",
    ]

    OVERDUE_HEADER = ["序号", "企业", "诉求", "责任单位", "待办环节", "超期天数"]

    def overdue_rows(self) -> list[list]:
        return [
            [
                i,
                r.enterprise.name,
                r.title,
                r.department.name if r.department_id else "未转办",
                STEPS_ZH[step],
                days,
            ]
            for i, (r, step, days) in enumerate(self.overdue, start=1)
        ]

    def overdue_lines(self) -> list[tuple]:
        """(request, its row) for the page, which links each request."""
        return [(r, row) for (r, _, _), row in zip(self.overdue, self.overdue_rows(), strict=True)]

    def as_dict(self) -> dict:
        return {
            "area": self.area.name,
            "period": str(self.period),
            "text": self.text,
            "received": self.total.received,
            "closed": self.total.closed,
            "on_time_rate": percent(self.total.on_time_rate),
            "satisfaction_rate": percent(self.total.satisfaction_rate),
            "monitoring": self.monitoring,
            "departments": [dict(zip(self.HEADER[1:], row[1:], strict=True)) for row in self.rows()],
            "overdue": [
                dict(zip(self.OVERDUE_HEADER[1:], row[1:], strict=True)) for row in self.overdue_rows()
            ],
        }


def area_requests(area: Area):
    if area.zone is not None:
        return ServiceRequest.objects.filter(enterprise__zone=area.zone)
    return ServiceRequest.objects.filter(Q(enterprise__zone__region__code__startswith=area.region.prefix))


def ranked(rows: list[figures.RequestFigures]) -> list[figures.RequestFigures]:
    """Departments by 按时办结率, then 满意率 (none closed last), then name."""

    def key(f):
        return (f.on_time_rate is None, -(f.on_time_rate or 0), -(f.satisfaction_rate or 0), f.label)

    return sorted(rows, key=key)


def sentence(area: Area, period: Period, total, departments, monitoring: int) -> str:
    """The 通报's paragraph, adapting to the data (nothing received, one department, ties)."""
    head = f"{period.label}，{area.word}"
    if total.received == 0:
        return f"{head}未受理企业诉求。"
    text = f"{head}共受理企业诉求{total.received}件，办结{total.closed}件"
    if total.closed:
        text += f"，按时办结率{percent(total.on_time_rate)}"
        if total.rated:
            text += f"，满意率{percent(total.satisfaction_rate)}"
        text += f"，平均办结{total.average_days}天"
    text += "。"
    if total.overdue:
        text += f"超期未办结{total.overdue}件，已按程序升级督办。"
    rated = [f for f in departments if f.on_time_rate is not None]
    if len(rated) >= 2:
        best, worst = rated[0], rated[-1]
        if percent(best.on_time_rate) == percent(worst.on_time_rate):
            text += f"各责任单位按时办结率均为{percent(best.on_time_rate)}。"
        else:
            tops = [f.label for f in rated if percent(f.on_time_rate) == percent(best.on_time_rate)]
            lows = [f.label for f in rated if percent(f.on_time_rate) == percent(worst.on_time_rate)]
            text += (
                f"按时办结率最高的是{'、'.join(tops)}（{percent(best.on_time_rate)}），"
                f"最低的是{'、'.join(lows)}（{percent(worst.on_time_rate)}）。"
            )
    if monitoring:
        text += f"营商环境监测点和特邀监督员反映问题{monitoring}件，另行统计。"
    return text


def build(area: Area, period: Period, today: dt.date | None = None, user=None) -> ServiceReport:
    """The 通报 of `area` for the year to `period`; given a `user` (the page), only the requests they
    may see count (a department its own), as on the overview page."""
    requests = area_requests(area)
    if user is not None:
        requests = requests.filter(pk__in=ServiceRequest.objects.restrict(user, VIEW).values("pk"))
    requests, as_of = figures.year_to_month(requests, period, today)
    total = figures.request_figures(requests, as_of)
    total = total[0] if total else figures.RequestFigures("合计")
    departments = ranked(figures.request_figures(requests, as_of, "department"))
    monitoring = figures.monitoring_count(requests)
    text = sentence(area, period, total, departments, monitoring)
    overdue = figures.overdue(requests.exclude(kind=RequestKind.MONITORING), as_of)
    return ServiceReport(area, period, total, departments, monitoring, text, overdue)


def report_xlsx(report: ServiceReport) -> bytes:
    book = Book()
    write_table(book.sheet("责任单位排名"), report.title, report.text, report.HEADER, report.rows())
    write_table(
        book.sheet("超期督办"),
        "超期未办结企业诉求（督办）",
        "",
        report.OVERDUE_HEADER,
        report.overdue_rows(),
    )
    return book.content()


def report_docx(report: ServiceReport) -> bytes:
    doc = Document()
    setup_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    margins(section, top=3.7, bottom=3.5, left=2.8, right=2.6)
    page_numbers(section)
    paragraph(doc, report.title, TITLE_FONT, Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    doc.add_paragraph(report.text)
    paragraph(doc, "附表：各责任单位企业诉求办理情况排名", HEADING_FONT, Pt(16))
    rows = [[str(c) for c in row] for row in report.rows()]
    add_table(doc, report.HEADER, rows, ["number", TEXT] + ["number"] * 7)
    if not rows:
        paragraph(doc, "（无）", BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if report.overdue:
        paragraph(doc, "附表2：超期未办结企业诉求（督办）", HEADING_FONT, Pt(16))
        rows = [[str(c) for c in row] for row in report.overdue_rows()]
        add_table(doc, report.OVERDUE_HEADER, rows, ["number", TEXT, TEXT, TEXT, TEXT, "number"])
    return document_bytes(doc)

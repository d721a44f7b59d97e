"""The 招商通报: figures of a region or zone for months 1..M, a drafted text in the register of a 通报,
and its 附表 — through the 月通报's machinery (reports.builder.Area, reports.issuance, reports.tables'
ReportTable and rounding, reports.document's 公文 layout, core.export's office tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from jijuqu.core.numbers import plain, round1, yi
from jijuqu.core.periods import Period
from jijuqu.reports.builder import Area, areas_for
from jijuqu.reports.issuance import Issuance, issuance_for
from jijuqu.reports.tables import COUNT, DATE, RATE, YI, Column, ReportTable
from jijuqu.zones.models import Region, Zone

from . import services
from .models import Contract, Team, TeamTarget

ZERO = Decimal(0)


def find_area(code: str, user) -> Area | None:
    """The region or zone of that code, if the user may report on it (as for the 月通报)."""
    try:
        area = Area.from_code(code)
    except LookupError:
        return None
    regions, zones = areas_for(user)
    allowed = (
        zones.filter(pk=area.zone.pk).exists() if area.zone else regions.filter(pk=area.region.pk).exists()
    )
    return area if allowed else None


def area_contracts(area: Area, contracts):
    if area.zone is not None:
        return contracts.filter(zone=area.zone)
    return contracts.filter(area.region.below("zone__region"))


def area_teams(area: Area, teams):
    if area.zone is not None:
        return teams.filter(zone=area.zone)
    return teams.filter(area.region.below("region"))


@dataclass
class AttractionReport:
    area: Area
    period: Period
    figures: services.Figures
    issuance: Issuance
    sections: list[tuple[str, str]] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    overdue: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"关于{self.period.year}年{self.period.label}{self.area.name}招商引资工作进展情况的通报"

    @property
    def subtitle(self) -> str:
        return f"（{self.period.title}）"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def sentence(area: Area, period: Period, f: services.Figures) -> str:
    """ "1-10月，全市新签约招商引资项目X个，合同引进资金X亿元，履约项目X个，开工项目X个，到位资金X亿元，
    项目履约率、开工率与资金到位率分别为X%、X%和X%。" — every figure as the 附表 print it."""
    return (
        f"{period.label}，{area.word}新签约招商引资项目{f.signed}个，合同引进资金{yi(f.contract_amount)}亿元，"
        f"履约项目{f.honoured}个，开工项目{f.started}个，到位资金{yi(f.funds_arrived)}亿元，"
        f"项目履约率、开工率与资金到位率分别为{pct(f.honoured_rate)}、{pct(f.started_rate)}和{pct(f.funds_rate)}。"
    )


def target_sentence(f: services.Figures, target: Decimal | None, period: Period) -> str:
    """到位资金 against the year's target and against 时序进度 (months elapsed / 12)."""
    if not target:
        return ""
    done = round1(f.funds_arrived * 100 / target)
    schedule = round1(Decimal(period.month) * 100 / 12)
    gap = done - schedule
    if gap > 0:
        relation = f"超过时序进度{gap}个百分点"
    elif gap < 0:
        relation = f"落后时序进度{-gap}个百分点"
    else:
        relation = "与时序进度持平"
    return f"到位资金完成年度目标{yi(target)}亿元的{done}%，{relation}。"


def overdue_sentence(rows, months: int) -> str:
    if not rows:
        return f"无签约超过{months}个月未开工的项目。"
    names = "、".join(f"{c.name}（{c.team.name if c.team_id else c.zone.name}）" for c in rows)
    return f"签约超过{months}个月仍未开工的项目{len(rows)}个：{names}，请相关招商团和开发区加快推进。"


FIGURE_COLUMNS = [
    ("签约项目", COUNT),
    ("合同金额", YI),
    ("履约项目", COUNT),
    ("开工项目", COUNT),
    ("投产项目", COUNT),
    ("到位资金", YI),
    ("履约率", RATE),
    ("开工率", RATE),
    ("资金到位率", RATE),
]


def figure_row(label: str, f: services.Figures) -> list:
    return [
        label,
        f.signed,
        f.contract_amount,
        f.honoured,
        f.started,
        f.in_production,
        f.funds_arrived,
        f.honoured_rate,
        f.started_rate,
        f.funds_rate,
    ]


def ranked_table(title: str, label: str, rows: list[tuple[str, services.Figures]], total) -> ReportTable:
    """Rows ranked by contract amount (then funds arrived), 位次 first."""
    ordered = sorted(rows, key=lambda r: (-r[1].contract_amount, -r[1].funds_arrived, r[0]))
    table = ReportTable(
        title,
        "单位：个、亿元、%",
        [Column("位次", COUNT), Column(label), *[Column(h, k) for h, k in FIGURE_COLUMNS]],
    )
    for rank, (name, f) in enumerate(ordered, start=1):
        row = figure_row(name, f)
        # Rates are printed as given (already percentages), not scaled again.
        table.rows.append([rank, *row[:7], *[r / 100 if r is not None else None for r in row[7:]]])
    t = figure_row("合计", total)
    table.total = [None, *t[:7], *[r / 100 if r is not None else None for r in t[7:]]]
    return table


def children(area: Area) -> list[tuple[str, object]]:
    """What the first 附表 breaks the area down into: cities, counties, zones (each a filter)."""
    if area.zone is not None:
        return []
    if area.level == "county":
        return [(z.name, z) for z in Zone.objects.filter(region=area.region).order_by("code")]
    return [(r.name, r) for r in Region.objects.filter(parent=area.region).order_by("code")]


def build(area: Area, period: Period, user, **issuance) -> AttractionReport:
    """The report over what `user` sees (None: everything, for the operator's command)."""
    contracts = area_contracts(
        area, Contract.objects.all() if user is None else Contract.objects.restrict(user)
    )
    f = services.figures(contracts, period)
    report = AttractionReport(area, period, f, issuance_for(area, period, **issuance))
    teams = area_teams(area, Team.objects.all() if user is None else Team.objects.restrict(user))
    target = TeamTarget.objects.filter(team__in=teams, year=period.year).aggregate(t=Sum("funds_arrived"))[
        "t"
    ]
    overdue = list(services.overdue_contracts(contracts, period.end))
    report.overdue = overdue
    report.sections = [
        ("一、总体情况", sentence(area, period, f) + target_sentence(f, target, period)),
        ("二、超时限未开工项目", overdue_sentence(overdue, services.overdue_months())),
    ]
    if f.funds_arrived_usd:
        report.notes.append(f"另有外资到位{plain(f.funds_arrived_usd)}万美元，未计入上述到位资金。")
    parts = children(area)
    if parts:
        rows = []
        for name, part in parts:
            part_q = (
                contracts.filter(zone=part)
                if isinstance(part, Zone)
                else contracts.filter(part.below("zone__region"))
            )
            rows.append((name, services.figures(part_q, period)))
        report.tables.append(
            ranked_table(f"{area.name}招商引资进展情况（按{area.child_word}）", "地区", rows, f)
        )
    team_rows = [(team.name, services.figures(contracts.filter(team=team), period)) for team in teams]
    report.tables.append(ranked_table(f"{area.name}招商引资进展情况（按招商团）", "招商团", team_rows, f))
    late = ReportTable(
        f"{area.name}签约超过{services.overdue_months()}个月未开工项目",
        "单位：亿元",
        [
            Column("序号", COUNT),
            Column("项目名称"),
            Column("投资方"),
            Column("合同金额", YI),
            Column("签约日期", DATE),
            Column("开发区"),
            Column("招商团"),
        ],
    )
    for n, c in enumerate(overdue, start=1):
        late.rows.append(
            [n, c.name, c.investor_name, c.amount, c.signed_on, c.zone.name, c.team.name if c.team_id else ""]
        )
    report.tables.append(late)
    return report


def report_xlsx(report: AttractionReport) -> bytes:
    from jijuqu.reports.workbook import tables_xlsx

    return tables_xlsx(report, report.tables)


def report_docx(report: AttractionReport) -> bytes:
    """The 公文 layout of the 月通报 (reports.document), with this report's text and 附表."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from jijuqu.reports import document as d

    doc = Document()
    d.setup_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    d.margins(section, top=3.7, bottom=3.5, left=2.8, right=2.6)
    d.page_numbers(section)
    d.header(doc, report)
    d.paragraph(doc, report.title, d.TITLE_FONT, d.ER_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    d.paragraph(
        doc, report.subtitle, d.SUBTITLE_FONT, d.SAN_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    for heading, text in report.sections:
        d.paragraph(doc, heading, d.HEADING_FONT, d.SAN_HAO)
        doc.add_paragraph(text)
    for note in report.notes:
        doc.add_paragraph(note)
    d.signature(doc, report)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Cm(29.7), Cm(21)
    d.margins(appendix, top=2.6, bottom=2.4, left=2.4, right=2.4)
    for number, table in enumerate(report.tables):
        if number:
            doc.add_page_break()
        d.paragraph(
            doc,
            f"附表{number + 1}  {table.title}",
            d.HEADING_FONT,
            d.SI_HAO,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
        )
        d.paragraph(doc, table.unit, d.BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        d.add_table(
            doc, [c.header for c in table.columns], table.text_rows(), [c.kind for c in table.columns]
        )
        if not table.rows:
            d.paragraph(doc, "（无）", d.BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    return d.document_bytes(doc)

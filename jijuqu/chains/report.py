"""The chain report (产业链通报) of one chain and year: per segment its enterprises, output and growth on
the year before, 缺链/弱链, 配套率, its key projects and their investment, and the leads and contracts its
target companies became. Built with the 月通报's machinery (reports.tables' ReportTable and rounding,
reports.issuance) and written as .xlsx and .docx by the 招商通报's writers (attraction.report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jijuqu.attraction.models import Contract
from jijuqu.core.numbers import rate, yi
from jijuqu.core.periods import Period
from jijuqu.projects.analysis import with_figures
from jijuqu.projects.models import Project
from jijuqu.reports.builder import Area
from jijuqu.reports.issuance import Issuance, issuance_for
from jijuqu.reports.tables import COUNT, RATE, WAN, Column, ReportTable

from . import services
from .choices import Coverage
from .models import Chain, SegmentProject, TargetCompany

ZERO = Decimal(0)


@dataclass
class SegmentRow:
    name: str
    stage: str
    enterprises: int
    output: Decimal
    output_before: Decimal
    growth: Decimal | None  # percent, one decimal
    coverage: str
    projects: int
    investment: Decimal
    targets: int
    leads: int
    contracts: int
    contract_amount: Decimal

    def as_dict(self) -> dict:
        return {
            "segment": self.name,
            "stage": self.stage,
            "enterprises": self.enterprises,
            "output": str(self.output),
            "output_before": str(self.output_before),
            "growth": None if self.growth is None else str(self.growth),
            "coverage": self.coverage,
            "projects": self.projects,
            "investment": str(self.investment),
            "targets": self.targets,
            "leads": self.leads,
            "contracts": self.contracts,
            "contract_amount": str(self.contract_amount),
        }


@dataclass
class ChainReport:
    chain: Chain
    year: int
    figures: services.ChainFigures
    issuance: Issuance
    rows: list[SegmentRow] = field(default_factory=list)
    projects: list = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    output_before: Decimal = ZERO

    @property
    def title(self) -> str:
        return f"关于{self.year}年{services.area_name(self.chain)}{self.chain.name}产业链发展情况的通报"

    @property
    def subtitle(self) -> str:
        return f"（{self.year}年）"

    @property
    def growth(self) -> Decimal | None:
        return growth(self.figures.output, self.output_before)

    def as_dict(self) -> dict:
        f = self.figures
        return {
            "chain": self.chain.name,
            "area": services.area_name(self.chain),
            "year": self.year,
            "output": str(f.output),
            "output_before": str(self.output_before),
            "growth": None if self.growth is None else str(self.growth),
            "enterprises": len(f.enterprise_ids),
            "segments": f.segments,
            "covered": f.covered,
            "support_rate": None if f.support_rate is None else str(f.support_rate),
            "coverage": f.counts(),
            "rows": [r.as_dict() for r in self.rows],
            "projects": [
                {"name": p.name, "segment": s, "total_investment": str(p.total_investment), "ytd": str(p.ytd)}
                for s, p in self.projects
            ],
            "sections": [{"heading": h, "text": t} for h, t in self.sections],
        }


def growth(now: Decimal, before: Decimal) -> Decimal | None:
    """增长 on the year before, in percent with one decimal; None with nothing the year before."""
    if not before:
        return None
    return rate(now - before, before)


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def build(chain: Chain, year: int, user=None) -> ChainReport:
    """The report of one chain (the caller has checked the user may see it) for `year`. Projects, leads
    and contracts are those the user sees (None: all, for the operator's command)."""
    f = services.chain_figures(chain, year)
    before = services.chain_figures(chain, year - 1)
    area = Area.of(chain.zone or chain.region)
    report = ChainReport(chain, year, f, issuance_for(area, Period(year, 12)))
    report.output_before = before.output
    root_of = {}
    for root in f.roots:
        stack = [root]
        while stack:
            node = stack.pop()
            root_of[node.segment.pk] = root.segment.pk
            stack.extend(node.children)
    projects = Project.objects.all() if user is None else Project.objects.restrict(user)
    links = SegmentProject.objects.filter(chain=chain, project__in=projects).select_related("segment")
    period = Period(year, 12)
    figures_of = {p.pk: p for p in with_figures(projects.filter(pk__in=links.values("project")), period)}
    per_root: dict[int, list] = {}
    for link in links:
        p = figures_of.get(link.project_id)
        if p is not None:
            per_root.setdefault(root_of.get(link.segment_id), []).append(p)
            report.projects.append((link.segment.name, p))
    contracts = Contract.objects.all() if user is None else Contract.objects.restrict(user)
    targets = TargetCompany.objects.filter(chain=chain).select_related("lead")
    leads: dict[int, list] = {}
    for t in targets:
        leads.setdefault(root_of.get(t.segment_id), []).append(t)
    signed = {
        c.lead_id: c
        for c in contracts.filter(
            lead__in=[t.lead_id for t in targets if t.lead_id], signed_on__year__lte=year
        )
    }
    for node in f.roots:
        s = node.segment
        prior = before.nodes[s.pk].output if s.pk in before.nodes else ZERO
        mine = per_root.get(s.pk, [])
        ts = leads.get(s.pk, [])
        cs = [signed[t.lead_id] for t in ts if t.lead_id in signed]
        report.rows.append(
            SegmentRow(
                name=s.name,
                stage=str(s.get_stage_display()),
                enterprises=node.enterprises,
                output=node.output,
                output_before=prior,
                growth=growth(node.output, prior),
                coverage=str(Coverage(node.coverage).label),
                projects=len(mine),
                investment=sum((p.total_investment or ZERO for p in mine), ZERO),
                targets=len(ts),
                leads=sum(1 for t in ts if t.lead_id),
                contracts=len(cs),
                contract_amount=sum((c.amount for c in cs), ZERO),
            )
        )
    report.sections = sections(report)
    report.tables = tables(report)
    return report


def sections(report: ChainReport) -> list[tuple[str, str]]:
    f, chain, year = report.figures, report.chain, report.year
    counts = f.counts()
    missing = [r.name for r in report.rows if r.coverage == Coverage.MISSING.label]
    weak = [r.name for r in report.rows if r.coverage == Coverage.WEAK.label]
    overall = (
        f"{year}年，{chain.name}产业链共有本地企业{len(f.enterprise_ids)}家，实现产值{yi(f.output)}亿元"
        + (f"，同比增长{pct(report.growth)}" if report.growth is not None else "")
        + f"。全链{f.segments}个环节中，已有本地配套{f.covered}个，本地配套率{pct(f.support_rate)}。"
    )
    gaps = (
        f"缺链环节{counts[Coverage.MISSING]}个：{'、'.join(missing)}。" if missing else "无缺链环节。"
    ) + (f"弱链环节{counts[Coverage.WEAK]}个：{'、'.join(weak)}。" if weak else "无弱链环节。")
    n_projects = len(report.projects)
    invest = sum((p.total_investment or ZERO for _, p in report.projects), ZERO)
    leads = sum(r.leads for r in report.rows)
    contracts = sum(r.contracts for r in report.rows)
    work = (
        f"链上重点项目{n_projects}个，总投资{yi(invest)}亿元；招商目标企业{sum(r.targets for r in report.rows)}家，"
        f"已转为招商线索{leads}个，签约{contracts}个。"
    )
    return [("一、总体情况", overall), ("二、补链强链", gaps), ("三、项目与招商", work)]


def tables(report: ChainReport) -> list[ReportTable]:
    by_segment = ReportTable(
        f"{report.chain.name}产业链各环节情况",
        "单位：家、万元、%、个",
        [
            Column("环节"),
            Column("位置"),
            Column("本地企业", COUNT),
            Column("产值", WAN),
            Column("上年产值", WAN),
            Column("增长", RATE),
            Column("配套情况"),
            Column("重点项目", COUNT),
            Column("项目总投资", WAN),
            Column("目标企业", COUNT),
            Column("招商线索", COUNT),
            Column("签约项目", COUNT),
        ],
    )
    for r in report.rows:
        by_segment.rows.append(
            [
                r.name,
                r.stage,
                r.enterprises,
                r.output,
                r.output_before,
                None if r.growth is None else r.growth / 100,
                r.coverage,
                r.projects,
                r.investment,
                r.targets,
                r.leads,
                r.contracts,
            ]
        )
    f = report.figures
    by_segment.total = [
        "合计",
        "",
        len(f.enterprise_ids),
        f.output,
        report.output_before,
        None if report.growth is None else report.growth / 100,
        f"配套率{pct(f.support_rate)}",
        len(report.projects),
        sum((p.total_investment or ZERO for _, p in report.projects), ZERO),
        sum(r.targets for r in report.rows),
        sum(r.leads for r in report.rows),
        sum(r.contracts for r in report.rows),
    ]
    projects = ReportTable(
        f"{report.chain.name}产业链重点项目",
        "单位：万元",
        [
            Column("序号", COUNT),
            Column("环节"),
            Column("项目名称"),
            Column("总投资", WAN),
            Column("本年完成投资", WAN),
        ],
    )
    for n, (segment, p) in enumerate(report.projects, start=1):
        projects.rows.append([n, segment, p.name, p.total_investment, p.ytd])
    return [by_segment, projects]


def report_xlsx(report: ChainReport) -> bytes:
    from jijuqu.attraction.report import report_xlsx as write

    return write(report)


def report_docx(report: ChainReport) -> bytes:
    from jijuqu.attraction.report import report_docx as write

    return write(report)

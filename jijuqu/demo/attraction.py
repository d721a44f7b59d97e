"""Demo investment attraction for one district (沁阳市): 11 town, 11 industry and 5 park teams (镇街、产业、
园区招商团), a series of 10 专题招商会 with 75 contracts signed for 270.48亿元 in all, leads at every stage
with contacts, and funds arrived month by month. Deterministic (a seeded generator) and idempotent
(sync_rows keyed by name): running the demo again changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from jijuqu.attraction.choices import ContactKind, LeadSource, Stage, TeamKind
from jijuqu.attraction.models import Contact, Contract, Event, FundsArrival, Lead, Team, TeamTarget
from jijuqu.core.periods import Period

SERIES = "一个平台、一次活动、一个主题、一个链条"
SERIES_TOTAL = Decimal("2704800.00")  # 270.48亿元 in 万元
TOWNS = [
    "覃怀街道",
    "太行街道",
    "沁园街道",
    "怀庆街道",
    "紫陵镇",
    "西万镇",
    "西向镇",
    "柏香镇",
    "山王庄镇",
    "王召乡",
    "王曲乡",
]
CHAINS = [
    "铝精深加工",
    "新能源电池",
    "装备制造",
    "精细化工",
    "新材料",
    "生物医药",
    "食品加工",
    "纺织服装",
    "电子信息",
    "现代物流",
    "文旅康养",
]
PARKS = ["沁北园区", "沁南园区", "化工园区", "装备园区", "高新园区"]
COMPANIES = ["江苏", "浙江", "广东", "上海", "山东", "福建", "北京", "深圳", "天津", "湖北"]


def past(day: dt.date, last: Period) -> dt.date | None:
    return day if day <= last.end else None


class AttractionDemo:
    def __init__(self, builder, zones, regions, today: dt.date | None = None):
        self.b, self.rng = builder, random.Random(builder.seed + 13)
        self.zone = zones["沁阳市产业集聚区"]
        self.region = regions["410882"]
        self.city = regions["410800"]
        # Fixed dates (the demo's year), so the demo is the same whenever it is built again.
        self.year = Period.closed(today).year

    def build(self):
        teams = self.build_teams()
        events = self.build_events()
        self.build_contracts(teams, events)
        self.build_leads(teams)
        self.build_framework()

    def build_framework(self):
        """焦作's 招商引资 and 营商环境 framework, its values filled from the records by the entry grid's own
        rule (sources.feed_framework), as an office presses 从业务数据取数 — nobody retypes them."""
        from django.contrib.auth import get_user_model

        from jijuqu.assessment import sources
        from jijuqu.assessment.models import Framework, Indicator, IndicatorGroup

        framework = self.b.sync(
            Framework,
            ("region_id", "name", "year"),
            [
                {
                    "region_id": self.city.pk,
                    "name": "焦作市招商引资和营商环境考核",
                    "year": self.year,
                    "zone_kinds": "",
                    "description": "指标值由签约项目、到位资金和企业诉求办理情况自动计算。",
                }
            ],
        )[(self.city.pk, "焦作市招商引资和营商环境考核", self.year)]
        groups = self.b.sync(
            IndicatorGroup,
            ("framework_id", "name"),
            [
                {"framework_id": framework.pk, "name": "招商引资", "order": 1},
                {"framework_id": framework.pk, "name": "营商环境", "order": 2},
            ],
        )
        specs = [
            ("招商引资", "ZS_SIGNED", "新签约项目数", "个", 1, 20),
            ("招商引资", "ZS_AMOUNT", "合同引进资金", "万元", 1, 30),
            ("招商引资", "ZS_FUNDS", "到位资金", "万元", 1, 20),
            ("营商环境", "FW_ONTIME_RATE", "诉求按时办结率", "%", 1, 15),
            ("营商环境", "FW_SATISFIED_RATE", "诉求满意率", "%", 1, 15),
        ]
        self.b.sync(
            Indicator,
            ("group_id", "code"),
            [
                {
                    "group_id": groups[(framework.pk, group)].pk,
                    "code": code,
                    "name": name,
                    "unit": unit,
                    "direction": direction,
                    "weight": Decimal(weight),
                    "order": order,
                }
                for order, (group, code, name, unit, direction, weight) in enumerate(specs, start=1)
            ],
        )
        admin = get_user_model().objects.get(username="admin")
        period = Period.closed()
        saved = sources.feed_framework(framework, str(period), admin)
        if saved.errors:
            raise ValueError("; ".join(saved.errors))

    def build_teams(self) -> list[Team]:
        rows = (
            [{"name": f"{t}招商团", "kind": TeamKind.TOWN} for t in TOWNS]
            + [{"name": f"{c}产业招商团", "kind": TeamKind.INDUSTRY} for c in CHAINS]
            + [{"name": f"{p}招商团", "kind": TeamKind.PARK, "zone_id": self.zone.pk} for p in PARKS]
        )
        for row in rows:
            row.setdefault("zone_id", None)
            row["region_id"] = self.region.pk
        teams = list(self.b.sync(Team, ("region_id", "name"), rows).values())
        self.b.sync(
            TeamTarget,
            ("team_id", "year"),
            [
                {
                    "team_id": t.pk,
                    "year": self.year,
                    "signed": 3,
                    "contract_amount": Decimal("100000.00"),
                    "funds_arrived": Decimal("40000.00"),
                    "started": 2,
                }
                for t in teams
            ],
        )
        return teams

    def build_events(self) -> list[Event]:
        rows = [
            {
                "name": f"{CHAINS[i]}产业链专题招商会",
                "series": SERIES,
                "chain": CHAINS[i],
                "date": dt.date(self.year, 1 + i, 18),
                "place": "沁阳市会展中心" if i % 3 else "线上（云签约）",
                "online": i % 3 == 0,
                "organiser": "沁阳市投资促进中心",
                "region_id": self.region.pk,
                "zone_id": None,
            }
            for i in range(10)
        ]
        return sorted(self.b.sync(Event, ("region_id", "name"), rows).values(), key=lambda e: e.date)

    def amounts(self) -> list[Decimal]:
        """75 contract amounts in 万元 adding up to exactly 270.48亿元."""
        raw = [Decimal(self.rng.randint(5000, 80000)) for _ in range(74)]
        scale = (SERIES_TOTAL * Decimal("0.9")) / sum(raw)
        amounts = [(a * scale).quantize(Decimal("1")) for a in raw]
        amounts.append(SERIES_TOTAL - sum(amounts))
        return amounts

    def start_contracts(self, contracts, starts, last: Period):
        """A started contract becomes its key project through the one rule (start_contract), and every
        third one goes on to 投产 in the ledger's lifecycle, which the contract then follows."""
        from django.contrib.auth import get_user_model

        from jijuqu.attraction.services import start_contract
        from jijuqu.projects.services import change_status

        admin = get_user_model().objects.get(username="admin")
        for n, contract in enumerate(sorted(contracts.values(), key=lambda c: c.name)):
            started = starts.get(contract.name)
            if started is None or contract.started_on:
                continue
            project = start_contract(contract, started, admin)
            producing = started + dt.timedelta(days=75)
            if n % 3 == 0 and producing <= last.end:
                change_status(project, "building", started + dt.timedelta(days=15), admin)
                change_status(project, "completed", producing - dt.timedelta(days=10), admin)
                change_status(project, "producing", producing, admin)

    def build_contracts(self, teams, events):
        rows, funds, starts = [], [], {}
        last = Period.closed()
        for n, amount in enumerate(self.amounts()):
            event = events[n % 10]
            team = teams[n % len(teams)]
            signed = event.date
            started = signed + dt.timedelta(days=60 + (n * 7) % 120) if n % 3 else None
            if started and started > last.end:
                started = None
            rows.append(
                {
                    "name": f"{event.chain}项目{n + 1:02d}",
                    "investor_name": f"{COMPANIES[n % 10]}{event.chain}科技有限公司{n + 1:02d}",
                    "amount": amount,
                    "signed_on": signed,
                    "zone_id": self.zone.pk,
                    "event_id": event.pk,
                    "team_id": team.pk,
                    # Nothing dated after the last closed month (no step is recorded in advance).
                    "registered_on": past(signed + dt.timedelta(days=20), last) if n % 4 else None,
                    "site_secured_on": past(signed + dt.timedelta(days=40), last) if n % 5 else None,
                }
            )
            starts[rows[-1]["name"]] = started
        contracts = self.b.sync(Contract, ("zone_id", "name"), rows)
        self.start_contracts(contracts, starts, last)
        for contract in contracts.values():
            start = Period.of(contract.signed_on)
            for k in range(1, 4):
                month = Period(start.year, start.month).months_back(-k)
                if month > last:
                    break
                funds.append(
                    {
                        "contract_id": contract.pk,
                        "year": month.year,
                        "month": month.month,
                        "domestic": (contract.amount / 20).quantize(Decimal("0.01")),
                        "foreign_usd": Decimal("50.00") if contract.pk % 9 == 0 else Decimal("0.00"),
                    }
                )
        self.b.sync(FundsArrival, ("contract_id", "year", "month"), funds)

    def build_leads(self, teams):
        stages = [Stage.LEAD, Stage.CONTACTED, Stage.NEGOTIATING, Stage.NEGOTIATING, Stage.ABANDONED]
        sources = list(LeadSource.values)
        today = Period.closed().end
        rows = []
        for n in range(60):
            team = teams[n % len(teams)]
            rows.append(
                {
                    "company_name": f"{COMPANIES[(n + 3) % 10]}意向企业{n + 1:02d}有限公司",
                    "team_id": team.pk,
                    "region_id": self.region.pk,
                    "zone_id": self.zone.pk,
                    "intended_investment": Decimal(10000 + 1000 * (n % 40)),
                    "source": sources[n % len(sources)],
                    "stage": stages[n % len(stages)],
                    "abandon_reason": "企业投资意向调整"
                    if stages[n % len(stages)] == Stage.ABANDONED
                    else "",
                    "recorded_on": today - dt.timedelta(days=20 + 7 * n),
                    "project_name": f"{CHAINS[n % 11]}项目",
                }
            )
        leads = self.b.sync(Lead, ("team_id", "company_name"), rows)
        contacts = []
        for lead in leads.values():
            if lead.stage in (Stage.CONTACTED, Stage.NEGOTIATING):
                contacts.append(
                    {
                        "lead_id": lead.pk,
                        "date": lead.recorded_on + dt.timedelta(days=10),
                        "kind": ContactKind.VISIT,
                        "note": "上门拜访，介绍园区政策",
                    }
                )
        self.b.sync(Contact, ("lead_id", "date"), contacts)

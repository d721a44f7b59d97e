"""Demo industrial chains (产业链): 锂电池 for 平顶山's 新华区 (the segments its 链长 laid out: 电解液, 盖帽,
电芯加工制造, Pack组装, 消费类电池, 储能电池 …, with technologies and application fields), and 铝及深加工 and
能源化工 for 沁阳市产业集聚区 (its zone's two leading industries). Enterprises already in the demo are placed
on segments, a few more are made where a segment needs them (in the right zone, with yearly figures); some
segments stay missing or weak; target companies sit in other provinces; a few 四个拜访 are logged; one target
of each of the first two chains is already turned into a lead. Deterministic and idempotent (sync_rows keyed
by name; a target already turned is left as it is): running the demo again changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jijuqu.attraction.choices import TeamKind
from jijuqu.attraction.models import Team
from jijuqu.chains import services
from jijuqu.chains.choices import SegmentKind, Stage, VisitKind, VisitOutcome
from jijuqu.chains.models import (
    ApplicationField,
    Chain,
    ChainTarget,
    ChainVisit,
    Segment,
    SegmentApplication,
    SegmentEnterprise,
    SegmentProject,
    TargetCompany,
    Technology,
)
from jijuqu.core.models import User
from jijuqu.enterprises.credit_code import make_credit_code
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.projects.models import Project
from jijuqu.zones.models import Department, Official, Region

D = Decimal
UP, MID, DOWN = Stage.UP, Stage.MID, Stage.DOWN
PRODUCT, TECH = SegmentKind.PRODUCT, SegmentKind.TECHNOLOGY

# (stage, 环节, [(product or technology, kind)])
LITHIUM_SEGMENTS = [
    (UP, "正极材料", [("磷酸铁锂", PRODUCT), ("三元材料", PRODUCT)]),
    (UP, "负极材料", [("人造石墨", PRODUCT)]),
    (UP, "电解液", [("六氟磷酸锂", PRODUCT)]),
    (UP, "隔膜", []),
    (MID, "盖帽", [("动力电池盖帽", PRODUCT)]),
    (MID, "电芯加工制造", [("方形电芯", PRODUCT), ("软包电芯", PRODUCT)]),
    (MID, "Pack组装", []),
    (MID, "电池管理系统", []),
    (DOWN, "消费类电池", []),
    (DOWN, "储能电池", []),
    (DOWN, "动力电池", []),
    (DOWN, "电池回收", []),
]
ALUMINIUM_SEGMENTS = [
    (UP, "氧化铝", []),
    (UP, "电解铝", []),
    (UP, "铝棒铝锭", []),
    (MID, "铝型材", [("建筑铝型材", PRODUCT), ("工业铝型材", PRODUCT)]),
    (MID, "铝板带箔", [("电池铝箔", PRODUCT)]),
    (MID, "铝合金铸件", []),
    (DOWN, "汽车轻量化部件", []),
    (DOWN, "建筑门窗幕墙", []),
    (DOWN, "轨道交通型材", []),
]
ENERGY_SEGMENTS = [
    (UP, "煤炭", []),
    (UP, "焦化", []),
    (MID, "甲醇", []),
    (MID, "合成氨", []),
    (MID, "精细化工中间体", []),
    (DOWN, "锂电材料", [("电解液溶剂", PRODUCT)]),
    (DOWN, "储能及动力电池", []),
    (DOWN, "化肥", []),
]

# New enterprises a segment needs: (zone, name, industry, output 2023, output 2024)
NEW_ENTERPRISES = [
    ("平顶山新华区高新技术产业园区", "平顶山锂源电解液有限公司", "新能源电池", "18600.00", "24300.00"),
    ("平顶山新华区高新技术产业园区", "平顶山恒盛精密结构件有限公司", "新能源电池", "9800.00", "12600.00"),
    ("平顶山新华区高新技术产业园区", "平顶山新华锂电科技有限公司", "新能源电池", "86000.00", "112500.00"),
    ("平顶山新华区高新技术产业园区", "平顶山储能科技有限公司", "新能源电池", "21000.00", "35800.00"),
    ("平顶山新华区高新技术产业园区", "平顶山鹰城电池有限公司", "新能源电池", "3100.00", "2800.00"),
    ("沁阳市产业集聚区", "沁阳市宏达铝板带有限公司", "有色金属", "42000.00", "47500.00"),
    ("沁阳市产业集聚区", "沁阳市沁北煤化工有限公司", "化工", "65000.00", "61200.00"),
    ("沁阳市产业集聚区", "沁阳市金源甲醇有限公司", "化工", "28000.00", "30100.00"),
]

# chain → [(segment or node, enterprise)]
PLACEMENTS = {
    "锂电池": [
        ("六氟磷酸锂", "平顶山锂源电解液有限公司"),
        ("动力电池盖帽", "平顶山恒盛精密结构件有限公司"),
        ("方形电芯", "平顶山新华锂电科技有限公司"),
        ("软包电芯", "平顶山新华锂电科技有限公司"),
        ("Pack组装", "平顶山储能科技有限公司"),
        ("储能电池", "平顶山储能科技有限公司"),
        ("消费类电池", "平顶山鹰城电池有限公司"),
    ],
    "铝及深加工": [
        ("建筑铝型材", "广东兴发铝业（河南）有限公司"),
        ("工业铝型材", "广东兴发铝业（河南）有限公司"),
        ("铝板带箔", "沁阳市宏达铝板带有限公司"),
        ("电池铝箔", "沁阳市宏达铝板带有限公司"),
    ],
    "能源化工": [
        ("焦化", "沁阳市沁北煤化工有限公司"),
        ("甲醇", "沁阳市金源甲醇有限公司"),
        ("锂电材料", "河南恒一锂电科技有限公司"),
        ("储能及动力电池", "河南超威电源有限公司"),
    ],
}

# (chain, segment, name, province code, city code, size, products)
TARGETS = [
    ("锂电池", "正极材料", "湖南湘能正极材料有限公司", "430000", "430100", "large", "磷酸铁锂、三元前驱体"),
    ("锂电池", "负极材料", "江西宜丰碳素负极材料有限公司", "360000", "360900", "medium", "人造石墨负极"),
    ("锂电池", "隔膜", "江苏常州隔膜科技有限公司", "320000", "320400", "medium", "湿法隔膜、涂覆隔膜"),
    ("锂电池", "动力电池", "福建闽东动力电池有限公司", "350000", "350900", "large", "动力电池系统"),
    ("锂电池", "电池回收", "广东佛山锂循环科技有限公司", "440000", "440600", "small", "废旧电池湿法回收"),
    ("锂电池", "电池管理系统", "深圳鹏城电池管理系统有限公司", "440000", "440300", "small", "BMS"),
    ("铝及深加工", "氧化铝", "山东滨北氧化铝有限公司", "370000", "371600", "large", "冶金级氧化铝"),
    (
        "铝及深加工",
        "汽车轻量化部件",
        "重庆渝铝汽车轻量化有限公司",
        "500000",
        "500100",
        "medium",
        "铝合金车身结构件",
    ),
    (
        "铝及深加工",
        "建筑门窗幕墙",
        "广东南海门窗幕墙有限公司",
        "440000",
        "440600",
        "medium",
        "系统门窗、幕墙",
    ),
    ("能源化工", "合成氨", "山西晋城合成氨有限公司", "140000", "140500", "large", "合成氨、尿素"),
    (
        "能源化工",
        "精细化工中间体",
        "浙江上虞精细化工有限公司",
        "330000",
        "330600",
        "medium",
        "医药农药中间体",
    ),
]
# The first target of these chains is turned into a lead of this team (one identity from then on).
TURNED = {
    "湖南湘能正极材料有限公司": "新华区锂电池产业链招商专班",
    "山东滨北氧化铝有限公司": "铝精深加工产业招商团",
}

TECHNOLOGIES = [
    ("锂电池", "电解液", "固态电解质", 2030),
    ("锂电池", "电芯加工制造", "4680大圆柱电芯", 2026),
    ("锂电池", "电芯加工制造", "钠离子电池", 2027),
    ("锂电池", "电芯加工制造", "干法电极", 2028),
    ("锂电池", "正极材料", "高压实磷酸铁锂", 2025),
    ("锂电池", "储能电池", "液冷储能系统", 2025),
    ("锂电池", "电池回收", "湿法冶金回收", 2026),
    ("铝及深加工", "电解铝", "惰性阳极电解", 2032),
    ("铝及深加工", "铝板带箔", "电池铝箔轧制", 2026),
    ("铝及深加工", "汽车轻量化部件", "一体化压铸", 2027),
    ("能源化工", "甲醇", "绿氢耦合制甲醇", 2030),
    ("能源化工", "锂电材料", "碳酸酯溶剂提纯", 2026),
]

# chain → [(field, market)], [(segment, field, weight)]
APPLICATIONS = {
    "锂电池": (
        [
            ("3C消费电子", "手机、笔记本电脑、可穿戴设备"),
            ("电动两轮车", "国内城乡出行"),
            ("新能源汽车", "乘用车、商用车"),
            ("电网储能", "新能源配储、调峰调频"),
            ("工商业储能", "园区、数据中心"),
            ("通信基站", "5G基站备用电源"),
        ],
        [
            ("消费类电池", "3C消费电子", 60),
            ("消费类电池", "电动两轮车", 40),
            ("储能电池", "电网储能", 50),
            ("储能电池", "工商业储能", 30),
            ("储能电池", "通信基站", 20),
            ("动力电池", "新能源汽车", 80),
            ("动力电池", "电动两轮车", 20),
            ("Pack组装", "工商业储能", 40),
            ("Pack组装", "电动两轮车", 60),
        ],
    ),
    "铝及深加工": (
        [
            ("汽车", "新能源汽车轻量化"),
            ("建筑", "门窗幕墙"),
            ("电池", "电池壳体与铝箔"),
            ("轨道交通", "车体型材"),
        ],
        [
            ("铝型材", "建筑", 55),
            ("铝型材", "汽车", 30),
            ("铝型材", "轨道交通", 15),
            ("铝板带箔", "电池", 60),
            ("铝板带箔", "汽车", 40),
        ],
    ),
    "能源化工": (
        [("新能源", "锂电池材料"), ("农业", "化肥"), ("医药农药", "中间体")],
        [("锂电材料", "新能源", 100), ("精细化工中间体", "医药农药", 100), ("合成氨", "农业", 100)],
    ),
}


class ChainsDemo:
    def __init__(self, builder, zones, regions, industries):
        self.b = builder
        self.zones, self.regions, self.industries = zones, regions, industries

    def build(self):
        enterprises = self.build_enterprises()
        chains = self.build_chains(enterprises)
        for chain, layout in (
            (chains["锂电池"], LITHIUM_SEGMENTS),
            (chains["铝及深加工"], ALUMINIUM_SEGMENTS),
            (chains["能源化工"], ENERGY_SEGMENTS),
        ):
            self.build_segments(chain, layout)
        nodes = {(s.chain.name, s.name): s for s in Segment.objects.select_related("chain")}
        self.build_placements(chains, nodes, enterprises)
        self.build_projects(chains, nodes)
        self.build_targets(chains, nodes)
        self.build_maps_data(chains, nodes)
        self.turn_targets()
        self.build_visits(chains)

    def build_enterprises(self) -> dict[str, Enterprise]:
        rows, years = [], []
        for n, (zone_name, name, industry, *_) in enumerate(NEW_ENTERPRISES, start=1):
            zone = self.zones[zone_name]
            region = zone.region
            rows.append(
                {
                    "name": name,
                    "credit_code": make_credit_code("9", "1", region.code, f"LD{n:06d}"),
                    "zone_id": zone.pk,
                    "industry_id": self.industries[industry].pk,
                    "above_scale": True,
                    "address": f"{region.name}{zone.name}",
                }
            )
        made = {e.name: e for e in self.b.sync(Enterprise, ("credit_code",), rows).values()}
        for _, name, _, before, now in NEW_ENTERPRISES:
            for year, value in ((2023, before), (2024, now)):
                years.append({"enterprise_id": made[name].pk, "year": year, "output_value": D(value)})
        self.b.sync(EnterpriseYear, ("enterprise_id", "year"), years)
        names = {n for chain in PLACEMENTS.values() for _, n in chain}
        return {e.name: e for e in Enterprise.objects.filter(name__in=names)}

    def official(self, zone_name: str, position: str):
        dept = Department.objects.filter(zone=self.zones[zone_name]).first()
        return Official.objects.filter(department=dept, position=position).first()

    def build_chains(self, enterprises) -> dict[str, Chain]:
        xinhua = self.regions["410402"]
        qinyang = self.zones["沁阳市产业集聚区"]
        park = "平顶山新华区高新技术产业园区"
        rows = [
            {
                "name": "锂电池",
                "region_id": xinhua.pk,
                "zone_id": None,
                "industry_id": self.industries["新能源电池"].pk,
                "chief_id": getattr(self.official(park, "主任"), "pk", None),
                "deputy_id": getattr(self.official(park, "副主任"), "pk", None),
                "note": "新华区链长制：链长牵头绘制产业链图谱、技术路线图、应用领域图和区域分布图，开展“四个拜访”。",
            },
            {
                "name": "铝及深加工",
                "region_id": qinyang.region_id,
                "zone_id": qinyang.pk,
                "industry_id": self.industries["有色金属"].pk,
                "chief_id": getattr(self.official(qinyang.name, "主任"), "pk", None),
                "deputy_id": getattr(self.official(qinyang.name, "副主任"), "pk", None),
                "note": "沁阳市产业集聚区主导产业之一。",
            },
            {
                "name": "能源化工",
                "region_id": qinyang.region_id,
                "zone_id": qinyang.pk,
                "industry_id": self.industries["化工"].pk,
                "chief_id": getattr(self.official(qinyang.name, "副主任"), "pk", None),
                "deputy_id": None,
                "note": "沁阳市产业集聚区主导产业之一。",
            },
        ]
        chains = {c.name: c for c in self.b.sync(Chain, ("region_id", "name"), rows).values()}
        leading = {
            "锂电池": ["平顶山新华锂电科技有限公司"],
            "铝及深加工": ["广东兴发铝业（河南）有限公司"],
            "能源化工": ["河南超威电源有限公司"],
        }
        for name, companies in leading.items():
            wanted = {enterprises[c].pk for c in companies}
            if set(chains[name].leading_enterprises.values_list("pk", flat=True)) != wanted:
                chains[name].leading_enterprises.set(wanted)
        self.b.sync(
            ChainTarget,
            ("chain_id", "year"),
            [
                {
                    "chain_id": chains["锂电池"].pk,
                    "year": 2025,
                    "output": D("300000"),
                    "enterprises": 10,
                    "investment": D("150000"),
                },
                {
                    "chain_id": chains["铝及深加工"].pk,
                    "year": 2025,
                    "output": D("800000"),
                    "enterprises": 8,
                    "investment": D("120000"),
                },
                {
                    "chain_id": chains["能源化工"].pk,
                    "year": 2025,
                    "output": D("400000"),
                    "enterprises": 6,
                    "investment": D("80000"),
                },
            ],
        )
        return chains

    def build_segments(self, chain, layout) -> None:
        tops = [
            {
                "chain_id": chain.pk,
                "name": name,
                "stage": stage,
                "kind": SegmentKind.SEGMENT,
                "parent_id": None,
                "order": n,
            }
            for n, (stage, name, _) in enumerate(layout)
        ]
        made = {name: s for (_, name), s in self.b.sync(Segment, ("chain_id", "name"), tops).items()}
        below = [
            {
                "chain_id": chain.pk,
                "name": child,
                "stage": stage,
                "kind": kind,
                "parent_id": made[name].pk,
                "order": n,
            }
            for stage, name, children in layout
            for n, (child, kind) in enumerate(children)
        ]
        self.b.sync(Segment, ("chain_id", "name"), below)

    def build_placements(self, chains, nodes, enterprises) -> None:
        rows = [
            {"segment_id": nodes[(chain, node)].pk, "enterprise_id": enterprises[name].pk, "note": ""}
            for chain, pairs in PLACEMENTS.items()
            for node, name in pairs
        ]
        self.b.sync(SegmentEnterprise, ("segment_id", "enterprise_id"), rows)

    def build_projects(self, chains, nodes) -> None:
        """The key projects of the chains' enterprises (the ledger's own records) on their segments."""
        qinyang = self.zones["沁阳市产业集聚区"]
        rows = []
        for chain_name, node, builder in (
            ("铝及深加工", "铝型材", "广东兴发铝业（河南）有限公司"),
            ("能源化工", "储能及动力电池", "河南超威电源有限公司"),
            ("能源化工", "锂电材料", "河南恒一锂电科技有限公司"),
        ):
            project = Project.objects.filter(zone=qinyang, builder__name=builder).order_by("pk").first()
            if project is not None:
                rows.append(
                    {
                        "segment_id": nodes[(chain_name, node)].pk,
                        "chain_id": chains[chain_name].pk,
                        "project_id": project.pk,
                    }
                )
        self.b.sync(SegmentProject, ("chain_id", "project_id"), rows)

    def build_targets(self, chains, nodes) -> None:
        region_pk = dict(Region.objects.filter(level__in=("province", "city")).values_list("code", "pk"))
        rows = [
            {
                "chain_id": chains[chain].pk,
                "segment_id": nodes[(chain, segment)].pk,
                "name": name,
                "credit_code": "",
                "province_id": region_pk[province],
                "city_id": region_pk[city],
                "size": size,
                "products": products,
                "note": "",
            }
            for chain, segment, name, province, city, size, products in TARGETS
        ]
        self.b.sync(TargetCompany, ("chain_id", "name"), rows)

    def build_maps_data(self, chains, nodes) -> None:
        self.b.sync(
            Technology,
            ("segment_id", "name"),
            [
                {"segment_id": nodes[(chain, segment)].pk, "name": name, "maturity_year": year, "note": ""}
                for chain, segment, name, year in TECHNOLOGIES
            ],
        )
        fields = self.b.sync(
            ApplicationField,
            ("chain_id", "name"),
            [
                {"chain_id": chains[chain].pk, "name": name, "market": market}
                for chain, (names, _) in APPLICATIONS.items()
                for name, market in names
            ],
        )
        self.b.sync(
            SegmentApplication,
            ("segment_id", "field_id"),
            [
                {
                    "segment_id": nodes[(chain, segment)].pk,
                    "field_id": fields[(chains[chain].pk, field)].pk,
                    "weight": D(weight),
                }
                for chain, (_, links) in APPLICATIONS.items()
                for segment, field, weight in links
            ],
        )

    def build_visits(self, chains) -> None:
        year = 2025
        lithium, aluminium = chains["锂电池"], chains["铝及深加工"]
        leader = Enterprise.objects.get(name="平顶山新华锂电科技有限公司")
        lead = (
            TargetCompany.objects.filter(name="湖南湘能正极材料有限公司")
            .values_list("lead_id", flat=True)
            .first()
        )
        rows = [
            (
                lithium,
                VisitKind.LEADING,
                dt.date(year, 3, 12),
                leader.pk,
                "",
                "链长、区工信局",
                VisitOutcome.AGREEMENT,
                "与链主企业签订配套协作协议，引导本地盖帽、电解液企业进入其供应链。",
            ),
            (
                lithium,
                VisitKind.ASSOCIATION,
                dt.date(year, 4, 18),
                None,
                "河南省电池行业协会",
                "副链长、招商专班",
                VisitOutcome.LEAD,
                "协会推荐湖南湘能正极材料有限公司，已转为招商线索；另提供隔膜企业名单。",
            ),
            (
                lithium,
                VisitKind.INSTITUTE,
                dt.date(year, 6, 5),
                None,
                "郑州大学材料科学与工程学院",
                "链长",
                VisitOutcome.NONE,
                "商定共建钠离子电池中试平台。",
            ),
            (
                lithium,
                VisitKind.EXPERT,
                dt.date(year, 9, 20),
                None,
                "储能系统集成专家",
                "招商专班",
                VisitOutcome.NONE,
                "建议补齐电池管理系统环节。",
            ),
            (
                aluminium,
                VisitKind.LEADING,
                dt.date(year, 5, 9),
                Enterprise.objects.get(name="广东兴发铝业（河南）有限公司").pk,
                "",
                "集聚区管委会",
                VisitOutcome.NONE,
                "了解工业铝型材扩产用地需求。",
            ),
        ]
        self.b.sync(
            ChainVisit,
            ("chain_id", "kind", "date"),
            [
                {
                    "chain_id": chain.pk,
                    "kind": kind,
                    "date": date,
                    "enterprise_id": enterprise,
                    "counterpart": counterpart,
                    "visitors": visitors,
                    "outcome": outcome,
                    "lead_id": lead if outcome == VisitOutcome.LEAD else None,
                    "problem_id": None,
                    "result": result,
                }
                for chain, kind, date, enterprise, counterpart, visitors, outcome, result in rows
            ],
        )

    def turn_targets(self) -> None:
        """One target of each of the first two chains becomes a lead through the one rule (target_to_lead)."""
        admin = User.objects.filter(username="admin").first()
        xinhua = self.regions["410402"]
        self.b.sync(
            Team,
            ("region_id", "name"),
            [{"name": "新华区锂电池产业链招商专班", "kind": TeamKind.SPECIAL, "region_id": xinhua.pk}],
        )
        for company, team_name in TURNED.items():
            target = TargetCompany.objects.filter(name=company).first()
            team = Team.objects.filter(name=team_name).first()
            if target is None or team is None or target.lead_id or admin is None:
                continue
            services.target_to_lead(target, team, admin)

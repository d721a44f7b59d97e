"""The demo data set: real Henan zones and companies from published reports, plus a deterministic
synthetic province around them (every Henan city and county, ~180 zones, thousands of enterprises).

Everything is upserted by natural key (region code, zone code, credit code, user name …) and
validated like user input, so loading twice leaves the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from jijuqu.core.choices import Role
from jijuqu.core.models import User
from jijuqu.core.sync import SyncResult, sync_rows
from jijuqu.enterprises.credit_code import ALPHABET, make_credit_code
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.zones.choices import RegionLevel, ZoneKind, ZoneLevel
from jijuqu.zones.models import Department, Industry, Official, Park, Region, Zone, ZoneYear
from jijuqu.zones.reference import load_regions

from .assessment import AssessmentDemo
from .attraction import AttractionDemo
from .chains import ChainsDemo
from .land import LandDemo
from .projects import ProjectDemo
from .service import ServiceDemo

DEMO_PASSWORD = "jijuqu2026"
YEARS = (2022, 2023, 2024)
D = Decimal

INDUSTRIES = [
    ("C32", "有色金属"),
    ("C26", "化工"),
    ("C27", "生物医药"),
    ("C34", "装备制造"),
    ("C36", "汽车及零部件"),
    ("C38", "新能源电池"),
    ("C39", "电子信息"),
    ("C30", "新型建材"),
    ("C13", "食品加工"),
    ("C18", "纺织服装"),
    ("C29", "橡胶和塑料制品"),
    ("C33", "金属制品"),
    ("C31", "钢铁"),
    ("C22", "造纸"),
    ("C20", "木材家居"),
    ("I65", "软件和信息服务"),
    ("G59", "现代物流"),
]

# Zones named in provincial and city reports. (region code, name, kind, level, planned km², built km², industries)
REAL_ZONES = [
    (
        "410800",
        "焦作高新技术产业集聚区",
        ZoneKind.HIGH_TECH,
        ZoneLevel.PROVINCIAL,
        "18.50",
        "12.30",
        ["装备制造", "电子信息"],
    ),
    (
        "410803",
        "焦作市西部产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "16.80",
        "11.20",
        ["化工", "新型建材"],
    ),
    (
        "410804",
        "焦作市马村区产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "12.00",
        "7.60",
        ["汽车及零部件", "装备制造"],
    ),
    (
        "410821",
        "修武县产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "12.90",
        "8.10",
        ["装备制造", "食品加工"],
    ),
    (
        "410822",
        "博爱县产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "15.10",
        "9.50",
        ["汽车及零部件", "橡胶和塑料制品"],
    ),
    (
        "410823",
        "武陟县产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "19.80",
        "13.40",
        ["食品加工", "装备制造"],
    ),
    (
        "410825",
        "温县产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "13.60",
        "8.90",
        ["装备制造", "食品加工"],
    ),
    (
        "410882",
        "沁阳市产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "27.34",
        "18.60",
        ["有色金属", "新能源电池", "造纸"],
    ),
    (
        "410883",
        "孟州市产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "21.20",
        "14.70",
        ["汽车及零部件", "生物医药"],
    ),
    (
        "410482",
        "汝州市产业集聚区",
        ZoneKind.CLUSTER,
        ZoneLevel.PROVINCIAL,
        "28.00",
        "17.50",
        ["装备制造", "纺织服装", "生物医药"],
    ),
    (
        "410402",
        "平顶山新华区高新技术产业园区",
        ZoneKind.HIGH_TECH,
        ZoneLevel.PROVINCIAL,
        "9.80",
        "6.20",
        ["电子信息", "新型建材"],
    ),
]

# Names the zones had in older ledgers (the 2024 焦作 ledger still says 焦作市工业产业集聚区).
ZONE_ALIASES = {"焦作高新技术产业集聚区": "焦作市工业产业集聚区"}

# Names the zones had in older ledgers (the 2024 焦作 ledger still says 焦作市工业产业集聚区).
ZONE_ALIASES = {"焦作高新技术产业集聚区": "焦作市工业产业集聚区"}

# Cities whose zones are all listed above: 焦作's nine provincial zones.
COMPLETE_CITIES = {"410800"}

# Published headline figures: 沁阳市产业集聚区 2019 规上工业总产值 295.28 亿元 = 2,952,800 万元.
REAL_ZONE_YEARS = [("沁阳市产业集聚区", 2019, {"output_value": D("2952800.00")})]

REAL_PARKS = [
    ("沁阳市产业集聚区", "沁北园区", "9.60", ["有色金属", "造纸"]),
    ("沁阳市产业集聚区", "沁南园区", "10.20", ["新能源电池"]),
    ("汝州市产业集聚区", "汝绣产业园", "3.20", ["纺织服装"]),
    ("汝州市产业集聚区", "装备制造产业园", "8.50", ["装备制造"]),
    ("平顶山新华区高新技术产业园区", "高新技术产业园", "6.20", ["电子信息"]),
]

# (name, zone, industry, above scale, high tech, legal representative, registered capital 万元)
REAL_ENTERPRISES = [
    ("广东兴发铝业（河南）有限公司", "沁阳市产业集聚区", "有色金属", True, True, "罗苏", "30000.00"),
    ("河南超威电源有限公司", "沁阳市产业集聚区", "新能源电池", True, True, "周明明", "20000.00"),
    ("河南恒一锂电科技有限公司", "沁阳市产业集聚区", "新能源电池", True, True, "王恒", "10000.00"),
    ("昊华宇航化工有限责任公司", "焦作市西部产业集聚区", "化工", True, False, "刘国清", "80000.00"),
    ("多氟多新材料股份有限公司", "焦作市西部产业集聚区", "化工", True, True, "李世江", "118000.00"),
    ("龙佰集团股份有限公司", "焦作市西部产业集聚区", "化工", True, True, "和奔流", "238000.00"),
    ("风神轮胎股份有限公司", "焦作高新技术产业集聚区", "橡胶和塑料制品", True, True, "王建军", "72900.00"),
    ("中原内配集团股份有限公司", "孟州市产业集聚区", "汽车及零部件", True, True, "薛德龙", "58800.00"),
    ("蒙牛乳业（焦作）有限公司", "武陟县产业集聚区", "食品加工", True, False, "张平", "35000.00"),
    ("河南润灵药业有限公司", "汝州市产业集聚区", "生物医药", True, True, "陈润灵", "8000.00"),
]

REAL_ENTERPRISE_PARKS = {
    "广东兴发铝业（河南）有限公司": "沁北园区",
    "河南超威电源有限公司": "沁南园区",
    "河南恒一锂电科技有限公司": "沁南园区",
    "河南润灵药业有限公司": "装备制造产业园",
}

CITY_DEPARTMENTS = [
    "发展和改革委员会",
    "工业和信息化局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "商务局",
]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "国建军华明伟丽强磊洋勇艳杰娟涛斌超秀霞平刚桂英红鹏辉玲芳静敏燕婷浩宇晨博文"
WORDS = [
    "恒通",
    "宏达",
    "中原",
    "豫新",
    "华鑫",
    "金源",
    "盛世",
    "远航",
    "天瑞",
    "瑞丰",
    "鑫隆",
    "佳和",
    "正泰",
    "永安",
    "泰和",
    "嘉禾",
    "联创",
    "德润",
    "宝源",
    "锦程",
    "安泰",
    "光明",
    "润邦",
    "新宇",
]
TRADES = {
    "有色金属": "铝业",
    "化工": "化工",
    "生物医药": "药业",
    "装备制造": "机械",
    "汽车及零部件": "汽车零部件",
    "新能源电池": "新能源",
    "电子信息": "电子",
    "新型建材": "建材",
    "食品加工": "食品",
    "纺织服装": "纺织",
    "橡胶和塑料制品": "塑胶",
    "金属制品": "金属制品",
    "钢铁": "钢铁",
    "造纸": "纸业",
    "木材家居": "家居",
    "软件和信息服务": "信息技术",
    "现代物流": "物流",
}


@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    target: str  # region code, zone name, department "region code/name" or enterprise name
    password: str = DEMO_PASSWORD


ACCOUNTS = [
    Account("admin", "系统管理员", Role.ADMIN, ""),
    Account("henan", "省发改委分析员", Role.PROVINCE, "410000"),
    Account("jiaozuo", "焦作市发改委分析员", Role.CITY, "410800"),
    Account("qinyangshi", "沁阳市发改委分析员", Role.COUNTY, "410882"),
    Account("qinyang", "沁阳市产业集聚区管委会", Role.ZONE, "沁阳市产业集聚区"),
    Account("ruzhou", "汝州市产业集聚区管委会", Role.ZONE, "汝州市产业集聚区"),
    Account("jzziran", "焦作市自然资源和规划局", Role.DEPARTMENT, "410800/自然资源和规划局"),
    Account("xingfa", "兴发铝业企业用户", Role.ENTERPRISE, "广东兴发铝业（河南）有限公司"),
]


def short(name: str) -> str:
    for suffix in ("回族区", "示范区", "市", "县", "区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def credit_code(rng: random.Random, region_code: str) -> str:
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    return make_credit_code("9", "1", region_code, body)


HENAN = "410000"
# 济源 is administered by the province directly (GB/T 2260 419000 省直辖县级行政区划); its offices are
# those of the 济源产城融合示范区.
CITY_NAMES = {"419000": "济源示范区"}


def henan_tree(regions: dict[str, Region]) -> list[tuple[Region, list[Region]]]:
    """Henan's cities, each with its counties, in code order, from the loaded GB/T 2260 tree."""
    below = {}
    for code, region in sorted(regions.items()):
        if code.startswith("41") and region.level == RegionLevel.COUNTY:
            below.setdefault(region.parent_id, []).append(region)
    return [
        (region, below.get(region.pk, []))
        for code, region in sorted(regions.items())
        if code.startswith("41") and region.level == RegionLevel.CITY
    ]


class DemoBuilder:
    def __init__(self, enterprises_per_zone: int = 20, projects_per_zone: int = 3, seed: int = 2026):
        self.per_zone = enterprises_per_zone
        self.projects_per_zone = projects_per_zone
        self.seed = seed
        self.result = SyncResult()
        self.log: list[str] = []

    def sync(self, model, key, rows, **kwargs):
        result, objects = sync_rows(model, key, rows, **kwargs)
        self.result += result
        self.log.append(
            f"{model._meta.verbose_name}: +{result.created} ~{result.updated} ={result.unchanged}"
        )
        return objects

    @transaction.atomic
    def build(self) -> SyncResult:
        regions = self.build_regions()
        industries = self.sync(Industry, ("name",), [{"code": c, "name": n} for c, n in INDUSTRIES])
        industries = {name: obj for (name,), obj in industries.items()}
        zones = self.build_zones(regions, industries)
        parks = self.build_parks(zones, industries)
        departments = self.build_departments(regions, zones)
        enterprises = self.build_enterprises(regions, zones, parks, industries)
        self.build_years(zones, enterprises)
        # The chains' own enterprises are registered with the others, so every later part (service
        # assignments …) finds them on the first run.
        chains = ChainsDemo(self, zones, regions, industries)
        chains.build_enterprises()
        self.build_accounts(regions, zones, departments, enterprises)
        ProjectDemo(self, zones, industries, enterprises, per_zone=self.projects_per_zone).build()
        AssessmentDemo(self, zones, regions[HENAN]).build()
        LandDemo(self, zones, parks, enterprises, regions[HENAN], YEARS).build()
        ServiceDemo(self, zones, enterprises).build()
        AttractionDemo(self, zones, regions).build()
        chains.build()
        return self.result

    def build_regions(self) -> dict[str, Region]:
        # The whole GB/T 2260 tree, as `jijuqu load_reference` loads it; the demo's zones are in Henan.
        result, regions = load_regions()
        self.result += result
        self.log.append(
            f"{Region._meta.verbose_name}: +{result.created} ~{result.updated} ={result.unchanged}"
        )
        return regions

    def zone_plan(self, regions) -> list[tuple]:
        """(region code, name, kind, level, planned, built, industry names) for every demo zone."""
        rng = random.Random(self.seed)
        plan = list(REAL_ZONES)
        taken_regions = {row[0] for row in REAL_ZONES}
        industry_names = [n for _, n in INDUSTRIES]
        for city, counties in henan_tree(regions):
            city_code, city_name = city.code, city.name
            if city_code in COMPLETE_CITIES:
                continue
            if city_code not in taken_regions and city_code != "419000":
                kind = ZoneKind.HIGH_TECH
                plan.append(
                    (
                        city_code,
                        f"{short(city_name)}高新技术产业开发区",
                        kind,
                        rng.choice([ZoneLevel.NATIONAL, ZoneLevel.PROVINCIAL]),
                        None,
                        None,
                        None,
                    )
                )
            for county in counties:
                code, name = county.code, county.name
                if code in taken_regions:
                    continue
                if name.endswith("区"):
                    if rng.random() < 0.3:
                        continue
                    zone_name = f"{short(city_name)}市{name}产业集聚区"
                else:
                    zone_name = f"{name}产业集聚区"
                plan.append((code, zone_name, ZoneKind.CLUSTER, ZoneLevel.PROVINCIAL, None, None, None))
        rows = []
        for region_code, name, kind, level, planned, built, inds in plan:
            planned = D(planned) if planned else D(rng.randint(600, 3000)) / 100
            built = D(built) if built else (planned * D(rng.randint(45, 85)) / 100).quantize(D("0.01"))
            inds = inds or rng.sample(industry_names, 2)
            rows.append((region_code, name, kind, level, planned, built, inds))
        return rows

    def build_zones(self, regions, industries) -> dict[str, Zone]:
        rows, wanted = [], {}
        sequence: dict[str, int] = {}
        for region_code, name, kind, level, planned, built, inds in self.zone_plan(regions):
            sequence[region_code] = sequence.get(region_code, 0) + 1
            rows.append(
                {
                    "code": f"{region_code}{sequence[region_code]:02d}",
                    "name": name,
                    "aliases": ZONE_ALIASES.get(name, ""),
                    "region_id": regions[region_code].pk,
                    "kind": kind,
                    "level": level,
                    "planned_area": planned,
                    "built_area": built,
                }
            )
            wanted[name] = {industries[i].pk for i in inds}
        zones = {obj.name: obj for obj in self.sync(Zone, ("code",), rows).values()}
        for name, industry_ids in wanted.items():
            zone = zones[name]
            if set(zone.industries.values_list("pk", flat=True)) != industry_ids:
                zone.industries.set(industry_ids)
        return zones

    def build_parks(self, zones, industries) -> dict[tuple[str, str], Park]:
        rows = [{"zone_id": zones[z].pk, "name": n, "area": D(a)} for z, n, a, _ in REAL_PARKS]
        parks = self.sync(Park, ("zone_id", "name"), rows)
        by_name = {}
        for zone_name, name, _, inds in REAL_PARKS:
            park = parks[(zones[zone_name].pk, name)]
            wanted = {industries[i].pk for i in inds}
            if set(park.industries.values_list("pk", flat=True)) != wanted:
                park.industries.set(wanted)
            by_name[(zone_name, name)] = park
        return by_name

    def build_departments(self, regions, zones) -> dict[tuple[str, str], Department]:
        rows = []
        for city, _ in henan_tree(regions):
            city_code, city_name = city.code, CITY_NAMES.get(city.code, city.name)
            for dept in CITY_DEPARTMENTS:
                rows.append(
                    {
                        "region_id": regions[city_code].pk,
                        "name": f"{city_name}{dept}",
                        "zone_id": None,
                        "phone": "",
                    }
                )
        for zone in zones.values():
            rows.append(
                {
                    "region_id": zone.region_id,
                    "name": f"{zone.name}管理委员会",
                    "zone_id": zone.pk,
                    "phone": "",
                }
            )
        departments = self.sync(Department, ("region_id", "name"), rows)
        rng = random.Random(self.seed + 1)
        official_rows = []
        for dept in sorted(departments.values(), key=lambda d: d.name):
            positions = ["主任", "副主任"] if dept.zone_id else ["局长", "副局长", "科长"]
            for position in positions:
                official_rows.append(
                    {
                        "department_id": dept.pk,
                        "name": person(rng),
                        "position": position,
                        "phone": f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
                    }
                )
        self.sync(Official, ("department_id", "position"), official_rows)
        return {(dept.region_id, dept.name): dept for dept in departments.values()}

    def build_enterprises(self, regions, zones, parks, industries) -> dict[str, Enterprise]:
        rng = random.Random(self.seed + 2)
        region_by_pk = {r.pk: r for r in regions.values()}
        rows = []
        used_names = set()
        for name, zone_name, industry, above, high, legal, capital in REAL_ENTERPRISES:
            zone = zones[zone_name]
            row = self.enterprise_row(
                rng,
                name,
                zone,
                region_by_pk[zone.region_id],
                industries[industry],
                above,
                high,
                legal,
                D(capital),
            )
            if name in REAL_ENTERPRISE_PARKS:
                row["park_id"] = parks[(zone_name, REAL_ENTERPRISE_PARKS[name])].pk
            rows.append(row)
            used_names.add(name)
        for zone in sorted(zones.values(), key=lambda z: z.code):
            region = region_by_pk[zone.region_id]
            zone_industries = [
                i for i in industries.values() if i.pk in {x.pk for x in zone.industries.all()}
            ]
            place = short(region.name)
            for _ in range(self.per_zone):
                industry = rng.choice(zone_industries or list(industries.values()))
                while True:
                    name = f"{place}{rng.choice(WORDS)}{TRADES[industry.name]}{rng.choice(['有限公司', '股份有限公司', '科技有限公司'])}"
                    if name not in used_names:
                        break
                    name = name.replace("有限公司", f"{rng.choice(WORDS)}有限公司", 1)
                    if name not in used_names:
                        break
                used_names.add(name)
                rows.append(
                    self.enterprise_row(
                        rng,
                        name,
                        zone,
                        region,
                        industry,
                        rng.random() < 0.45,
                        rng.random() < 0.2,
                        person(rng),
                        D(rng.randint(100, 50000)),
                    )
                )
        enterprises = self.sync(Enterprise, ("credit_code",), rows)
        return {obj.name: obj for obj in enterprises.values()}

    def enterprise_row(self, rng, name, zone, region, industry, above, high, legal, capital) -> dict:
        return {
            "name": name,
            "credit_code": credit_code(rng, region.code),
            "zone_id": zone.pk,
            "park_id": None,
            "industry_id": industry.pk,
            "above_scale": above,
            "high_tech": high,
            "legal_representative": legal,
            "contact": "",
            "phone": "",
            "address": f"{region.name}{zone.name}",
            "established": None,
            "registered_capital": capital,
        }

    def build_years(self, zones, enterprises) -> None:
        rng = random.Random(self.seed + 3)
        rows = []
        totals: dict[tuple[int, int], dict] = {}
        for enterprise in sorted(enterprises.values(), key=lambda e: e.credit_code):
            base = D(rng.randint(2000, 400000) if enterprise.above_scale else rng.randint(100, 1900))
            for year in YEARS:
                growth = D(rng.randint(90, 125)) / 100
                base = (base * growth).quantize(D("0.01"))
                revenue = (base * D(rng.randint(85, 105)) / 100).quantize(D("0.01"))
                tax = (revenue * D(rng.randint(2, 8)) / 100).quantize(D("0.01"))
                row = {
                    "enterprise_id": enterprise.pk,
                    "year": year,
                    "output_value": base,
                    "revenue": revenue,
                    "tax": tax,
                    "profit": (revenue * D(rng.randint(-5, 15)) / 100).quantize(D("0.01")),
                    "rd_expense": (revenue * D(rng.randint(0, 5)) / 100).quantize(D("0.01")),
                    "patents": rng.randint(0, 30),
                    "employees": rng.randint(20, 3000),
                }
                rows.append(row)
                total = totals.setdefault(
                    (enterprise.zone_id, year),
                    {"output_value": D(0), "revenue": D(0), "tax": D(0), "employees": 0},
                )
                if enterprise.above_scale:
                    total["output_value"] += base
                total["revenue"] += revenue
                total["tax"] += tax
                total["employees"] += row["employees"]
        self.sync(EnterpriseYear, ("enterprise_id", "year"), rows)
        zone_rows = []
        for (zone_id, year), total in sorted(totals.items()):
            zone_rows.append(
                {
                    "zone_id": zone_id,
                    "year": year,
                    **total,
                    "fixed_investment": (total["revenue"] * D("0.18")).quantize(D("0.01")),
                }
            )
        for zone_name, year, figures in REAL_ZONE_YEARS:
            zone_rows.append(
                {
                    "zone_id": zones[zone_name].pk,
                    "year": year,
                    "output_value": None,
                    "revenue": None,
                    "tax": None,
                    "fixed_investment": None,
                    "employees": None,
                    **figures,
                }
            )
        self.sync(ZoneYear, ("zone_id", "year"), zone_rows)

    def build_accounts(self, regions, zones, departments, enterprises) -> None:
        for account in ACCOUNTS:
            fields = {
                "first_name": account.name,
                "role": account.role,
                "region": None,
                "zone": None,
                "department": None,
                "enterprise": None,
                "is_staff": account.role == Role.ADMIN,
                "is_superuser": account.role == Role.ADMIN,
            }
            if account.role in (Role.PROVINCE, Role.CITY, Role.COUNTY):
                fields["region"] = regions[account.target]
            elif account.role == Role.ZONE:
                fields["zone"] = zones[account.target]
            elif account.role == Role.DEPARTMENT:
                code, dept = account.target.split("/")
                region = regions[code]
                fields["department"] = departments[(region.pk, f"{region.name}{dept}")]
            elif account.role == Role.ENTERPRISE:
                fields["enterprise"] = enterprises[account.target]
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            changed = user.pk is None or any(getattr(user, k) != v for k, v in fields.items())
            for k, v in fields.items():
                setattr(user, k, v)
            if not user.check_password(account.password):
                user.set_password(account.password)
                changed = True
            if changed:
                user.full_clean()
                user.save()

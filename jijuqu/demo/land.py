"""Demo land: plots and standard factory buildings for 汝州 and 沁阳 (汝绣产业园's phases, with tenants),
idle land with its 盘活 log, and a 亩均效益 evaluation of the two zones' enterprises in which every
class (A, B, C, D and 不定等级) occurs. Deterministic; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from jijuqu.assessment.models import Adjustment, Framework, Indicator, IndicatorGroup
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.land.evaluation import MEASURES
from jijuqu.land.models import Building, Plot, PlotFollowUp, Scheme, Tenancy

D = Decimal
ZONES = ("沁阳市产业集聚区", "汝州市产业集聚区")
# (park, phase, buildings, floors, floor area m² each, let share of the phase)
BUILDINGS = {
    "汝州市产业集聚区": [
        ("汝绣产业园", "一期", 8, 4, "5200", 1.0),
        ("汝绣产业园", "二期", 6, 4, "5600", 0.6),
        ("汝绣产业园", "三期", 4, 5, "6400", None),  # under construction
        ("装备制造产业园", "一期", 3, 1, "8800", 0.5),
    ],
    "沁阳市产业集聚区": [
        ("沁南园区", "一期", 5, 3, "4800", 0.8),
        ("沁北园区", "一期", 2, 1, "9600", 0.0),
    ],
}
# 亩均 indicators (code, points); weights are the published 100 points.
INDICATORS = [
    ("mu_tax", 30),
    ("mu_revenue", 20),
    ("energy_revenue", 15),
    ("emission_revenue", 10),
    ("rd_intensity", 10),
    ("labour_productivity", 15),
]
POLICIES = {
    "A": "优先保障用地、用能、排放指标；执行现行电价、水价；优先推荐申报各级扶持资金和评先评优。",
    "B": "适当支持：合理保障用地、用能需求；鼓励技术改造、提质增效。",
    "C": "调整转型：从严控制新增用地、用能；实行差别化电价（每千瓦时加价0.05元）；限期提出整改计划。",
    "D": "整治提升：不再新增用地、用能；实行惩罚性电价（每千瓦时加价0.10元）；列入重点整治名单，依法依规整改或腾退。",
}


class LandDemo:
    def __init__(self, builder, zones: dict, parks: dict, enterprises: dict, province, years):
        self.b = builder
        self.zones = zones
        self.parks = parks
        self.enterprises = enterprises
        self.province = province
        self.year = years[-1]
        self.years = years
        self.rng = random.Random(builder.seed + 40)

    def build(self) -> None:
        for zone_name in ZONES:
            zone = self.zones[zone_name]
            members = sorted(
                (e for e in self.enterprises.values() if e.zone_id == zone.pk), key=lambda e: e.credit_code
            )
            tenants = self.build_buildings(zone, zone_name, members)
            self.build_plots(zone, [e for e in members if e.pk not in tenants])
            self.build_inputs(members)
        self.build_scheme()

    def build_buildings(self, zone, zone_name, members) -> set[int]:
        rows = []
        for park, phase, count, floors, area, share in BUILDINGS[zone_name]:
            let = 0 if share is None else round(count * share)
            for n in range(1, count + 1):
                rows.append(
                    {
                        "zone_id": zone.pk,
                        "park_id": self.parks[(zone_name, park)].pk,
                        "phase": phase,
                        "name": f"{n}号楼",
                        "floors": floors,
                        "floor_area": D(area),
                        "status": "building" if share is None else "leased" if n <= let else "vacant",
                    }
                )
        buildings = self.b.sync(Building, ("zone_id", "park_id", "phase", "name"), rows)
        # Smaller companies rent: each let building goes to one tenant (whole floors), in order.
        small = [e for e in members if not e.above_scale]
        tenancy_rows, tenants = [], set()
        for park, phase, count, _floors, area, share in BUILDINGS[zone_name]:
            if not share:
                continue
            for n in range(1, round(count * share) + 1):
                if not small:
                    break
                tenant = small.pop(0)
                building = buildings[(zone.pk, self.parks[(zone_name, park)].pk, phase, f"{n}号楼")]
                start = dt.date(2021 + n % 3, 1 + n * 2 % 12, 1)
                tenancy_rows.append(
                    {"building_id": building.pk, "enterprise_id": tenant.pk, "area": D(area), "start": start}
                )
                tenants.add(tenant.pk)
        self.b.sync(Tenancy, ("building_id", "enterprise_id", "start"), tenancy_rows)
        return tenants

    def build_plots(self, zone, members) -> None:
        rng = self.rng
        prefix = "QY" if zone.code.startswith("410882") else "RZ"
        rows = []
        for n, e in enumerate(members, start=1):
            area = D(rng.randint(30, 260) if e.above_scale else rng.randint(4, 40))
            supplied = dt.date(2015 + n % 7, 1 + n % 12, 10)
            status = "low" if n % 11 == 5 else "producing"
            rows.append(
                {
                    "zone_id": zone.pk,
                    "park_id": e.park_id,
                    "number": f"{prefix}2024-{n:03d}",
                    "area": area,
                    "planned_use": "industrial",
                    "status": status,
                    "enterprise_id": e.pk,
                    "supplied_on": supplied,
                    "price": (area * D(rng.randint(12, 20))).quantize(D("0.01")),
                    "start_by": supplied + dt.timedelta(days=180),
                }
            )
        # Land in the reserve, one plot idle past its contracted start, one revived.
        first = members[0]
        rows += [
            {
                "zone_id": zone.pk,
                "number": f"{prefix}-储备-{k}",
                "area": D(80 * k),
                "planned_use": "industrial",
                "status": "reserve",
            }
            for k in (1, 2)
        ]
        for number, status, supplied in ((f"{prefix}-闲置-1", "supplied", dt.date(2023, 3, 1)),):
            rows.append(
                {
                    "zone_id": zone.pk,
                    "number": number,
                    "area": D("56.5"),
                    "planned_use": "industrial",
                    "status": status,
                    "enterprise_id": first.pk,
                    "supplied_on": supplied,
                    "start_by": supplied + dt.timedelta(days=365),
                }
            )
        rows.append(
            {
                "zone_id": zone.pk,
                "number": f"{prefix}-盘活-1",
                "area": D("42"),
                "planned_use": "industrial",
                "status": "building",
                "enterprise_id": first.pk,
                "supplied_on": dt.date(2019, 5, 1),
                "start_by": dt.date(2019, 11, 1),
            }
        )
        plots = self.b.sync(Plot, ("zone_id", "number"), rows)
        revived = plots[(zone.pk, f"{prefix}-盘活-1")]
        steps = self.b.sync(
            PlotFollowUp,
            ("plot_id", "date"),
            [
                {
                    "plot_id": revived.pk,
                    "date": dt.date(2024, 3, 15),
                    "action": "约谈企业，下达限期开工通知",
                    "revived": False,
                },
                {
                    "plot_id": revived.pk,
                    "date": dt.date(2025, 4, 20),
                    "action": "企业增资扩产，项目已开工",
                    "revived": True,
                },
            ],
        )
        if revived.revived_on is None:
            from jijuqu.land.services import save_follow_up

            save_follow_up(steps[(revived.pk, dt.date(2025, 4, 20))])

    def build_inputs(self, members) -> None:
        """The figures the other departments report: value added, energy, emissions (and, for one
        company, the utility kind that the scheme leaves unclassed)."""
        rng = random.Random(self.b.seed + 41)
        figures = EnterpriseYear.objects.filter(enterprise__in=members, year__in=self.years[-2:])
        rows = []
        for y in figures.order_by("enterprise__credit_code", "year"):
            revenue = y.revenue or D(0)
            rows.append(
                {
                    "enterprise_id": y.enterprise_id,
                    "year": y.year,
                    "value_added": (revenue * D(rng.randint(18, 32)) / 100).quantize(D("0.01")),
                    "energy_use": (revenue * D(rng.randint(5, 60)) / 1000).quantize(D("0.0001")) or D("1"),
                    "emissions": (revenue * D(rng.randint(1, 20)) / 10000).quantize(D("0.0001")) or D("0.1"),
                    "evaluation_kind": "utility" if y.enterprise_id == members[-1].pk else "",
                }
            )
        self.b.sync(EnterpriseYear, ("enterprise_id", "year"), rows)

    def build_scheme(self) -> None:
        framework = self.b.sync(
            Framework,
            ("region_id", "name", "year"),
            [
                {
                    "region_id": self.province.pk,
                    "name": "工业企业亩均效益评价",
                    "year": self.year,
                    "subject": "enterprise",
                    "normalisation": "floored",
                    "description": "亩均论英雄：6项指标100分，极差法保底20分赋分；规下企业按亩均税收评价。",
                }
            ],
        )[(self.province.pk, "工业企业亩均效益评价", self.year)]
        group = self.b.sync(
            IndicatorGroup,
            ("framework_id", "name"),
            [{"framework_id": framework.pk, "name": "亩均效益", "order": 1}],
        )[(framework.pk, "亩均效益")]
        self.b.sync(
            Indicator,
            ("group_id", "code"),
            [
                {
                    "group_id": group.pk,
                    "code": code,
                    "name": MEASURES[code][0],
                    "unit": MEASURES[code][1],
                    "direction": 1,
                    "weight": D(points),
                    "order": order,
                }
                for order, (code, points) in enumerate(INDICATORS, start=1)
            ],
        )
        self.b.sync(
            Scheme,
            ("framework_id",),
            [
                {
                    "framework_id": framework.pk,
                    "unclassed_kinds": "utility,new,building",
                    **{f"policy_{k.lower()}": text for k, text in POLICIES.items()},
                }
            ],
        )
        # A deduction and a veto (一票否决) for two 汝州 companies.
        ruzhou = self.zones["汝州市产业集聚区"]
        named = sorted(
            Enterprise.objects.filter(zone=ruzhou, above_scale=True, plots__isnull=False).distinct(),
            key=lambda e: e.credit_code,
        )[:2]
        rows = []
        for e, points, veto, reason in zip(
            named, (D("-5"), D("0")), (False, True), ("环保行政处罚1次", "发生较大生产安全事故"), strict=False
        ):
            rows.append(
                {
                    "framework_id": framework.pk,
                    "zone_id": ruzhou.pk,
                    "enterprise_id": e.pk,
                    "period": str(self.year),
                    "points": points,
                    "veto": veto,
                    "reason": reason,
                }
            )
        self.b.sync(Adjustment, ("framework_id", "enterprise_id", "period"), rows)

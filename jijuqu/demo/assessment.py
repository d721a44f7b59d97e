"""Demo zone assessments: a 2017-style framework for 产业集聚区 (经济总量, 质量效益, 集群发展, 绿色发展;
4 groups, 10 indicators) and a 2023-style one for all 开发区 (产业升级, 创新驱动, 集约节约, 绿色发展;
4 groups, 15 indicators), with star rules and values for every demo zone over several periods.

Values are synthetic but coherent: each zone has a latent strength (larger for zones with a larger
built area) that moves a little from year to year, and every indicator follows it with noise.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

from jijuqu.assessment.models import (
    Adjustment,
    Framework,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    StarRule,
)
from jijuqu.zones.choices import ZoneKind

D = Decimal

# (code, name, unit, direction, weight, typical value, spread with strength, decimals)
FRAMEWORK_2017 = {
    "name": "河南省产业集聚区考核评价",
    "year": 2017,
    "kinds": ZoneKind.CLUSTER,
    "periods": ("2017", "2018"),
    "groups": [
        (
            "经济总量",
            [
                ("A1", "规模以上工业主营业务收入", "亿元", 1, 12, 260, 1.2, 1),
                ("A2", "规模以上工业增加值增速", "%", 1, 10, 9, 0.3, 1),
                ("A3", "固定资产投资", "亿元", 1, 8, 120, 1.0, 1),
            ],
        ),
        (
            "质量效益",
            [
                ("B1", "亩均税收", "万元/亩", 1, 12, 12, 0.8, 2),
                ("B2", "全员劳动生产率", "万元/人", 1, 8, 28, 0.5, 1),
                ("B3", "高新技术产业增加值占比", "%", 1, 10, 30, 0.4, 1),
            ],
        ),
        (
            "集群发展",
            [
                ("C1", "主导产业集中度", "%", 1, 15, 62, 0.2, 1),
                ("C2", "新签约亿元以上项目数", "个", 1, 10, 12, 0.8, 0),
            ],
        ),
        (
            "绿色发展",
            [
                ("D1", "单位工业增加值能耗", "吨标煤/万元", -1, 8, 0.6, 0.5, 3),
                ("D2", "污水集中处理率", "%", 1, 7, 90, 0.05, 1),
            ],
        ),
    ],
    # stars: [(indicator code, threshold)]
    "stars": {5: [("A1", 500), ("B1", 15)], 4: [("A1", 300), ("B1", 10)], 3: [("A1", 150)], 2: [("A1", 100)]},
}

FRAMEWORK_2023 = {
    "name": "河南省开发区高质量发展考核评价",
    "year": 2023,
    "kinds": "",
    "periods": ("2023", "2024", "2025"),
    "groups": [
        (
            "产业升级",
            [
                ("E1", "规上工业营业收入", "亿元", 1, 10, 320, 1.2, 1),
                ("E2", "营业收入增速", "%", 1, 8, 8, 0.3, 1),
                ("E3", "战略性新兴产业产值占比", "%", 1, 7, 28, 0.4, 1),
                ("E4", "链主企业数", "个", 1, 5, 3, 0.8, 0),
            ],
        ),
        (
            "创新驱动",
            [
                ("F1", "研发经费投入强度", "%", 1, 8, 1.8, 0.4, 2),
                ("F2", "高新技术企业数", "个", 1, 7, 45, 0.9, 0),
                ("F3", "省级以上研发平台数", "个", 1, 5, 12, 0.8, 0),
                ("F4", "万人发明专利拥有量", "件", 1, 5, 9, 0.6, 1),
            ],
        ),
        (
            "集约节约",
            [
                ("G1", "亩均营业收入", "万元/亩", 1, 8, 420, 0.7, 1),
                ("G2", "亩均税收", "万元/亩", 1, 8, 16, 0.8, 2),
                ("G3", "土地开发率", "%", 1, 5, 78, 0.1, 1),
                ("G4", "闲置土地处置率", "%", 1, 4, 70, 0.2, 1),
            ],
        ),
        (
            "绿色发展",
            [
                ("H1", "单位工业增加值能耗下降率", "%", 1, 8, 3.5, 0.4, 1),
                ("H2", "工业固体废物综合利用率", "%", 1, 6, 82, 0.1, 1),
                ("H3", "单位工业增加值用水量", "立方米/万元", -1, 6, 14, 0.5, 2),
            ],
        ),
    ],
    "stars": {
        6: [("E1", 1000), ("G2", 30)],
        5: [("E1", 500), ("G2", 20)],
        4: [("E1", 300)],
        3: [("E1", 200)],
        2: [("E1", 100)],
        1: [("E1", 50)],
    },
}

PERCENT_CAP = 99.5  # shares and rates stay below 100%


class AssessmentDemo:
    def __init__(self, builder, zones: dict, province):
        self.b = builder
        self.zones = sorted(zones.values(), key=lambda z: z.code)
        self.province = province
        self.rng = random.Random(builder.seed + 20)
        # Latent strength: larger built area, stronger zone; real 沁阳 and 汝州 among the stronger.
        self.strength = {}
        for zone in self.zones:
            base = math.log(float(zone.built_area or 10)) + self.rng.gauss(0, 0.45)
            self.strength[zone.pk] = base

    def build(self) -> None:
        for spec in (FRAMEWORK_2017, FRAMEWORK_2023):
            self.build_framework(spec)

    def build_framework(self, spec) -> None:
        framework = self.b.sync(
            Framework,
            ("region_id", "name", "year"),
            [
                {
                    "region_id": self.province.pk,
                    "name": spec["name"],
                    "year": spec["year"],
                    "zone_kinds": spec["kinds"],
                    "description": f"{spec['year']}年版：{len(spec['groups'])}类"
                    f"{sum(len(g[1]) for g in spec['groups'])}项指标，按固定权重加权求和。",
                }
            ],
        )[(self.province.pk, spec["name"], spec["year"])]
        groups = self.b.sync(
            IndicatorGroup,
            ("framework_id", "name"),
            [
                {"framework_id": framework.pk, "name": name, "order": order}
                for order, (name, _) in enumerate(spec["groups"], start=1)
            ],
        )
        indicator_rows = []
        for name, indicators in spec["groups"]:
            group = groups[(framework.pk, name)]
            for order, (code, ind_name, unit, direction, weight, *_rest) in enumerate(indicators, start=1):
                indicator_rows.append(
                    {
                        "group_id": group.pk,
                        "code": code,
                        "name": ind_name,
                        "unit": unit,
                        "direction": direction,
                        "weight": D(weight),
                        "order": order,
                    }
                )
        indicators = {
            code: obj
            for (_, code), obj in self.b.sync(Indicator, ("group_id", "code"), indicator_rows).items()
        }
        self.b.sync(
            StarRule,
            ("framework_id", "stars", "indicator_id"),
            [
                {
                    "framework_id": framework.pk,
                    "stars": stars,
                    "indicator_id": indicators[code].pk,
                    "threshold": D(value),
                }
                for stars, rules in spec["stars"].items()
                for code, value in rules
            ],
        )
        zones = [z for z in self.zones if not spec["kinds"] or z.kind == spec["kinds"]]
        rows = []
        rng = random.Random(self.b.seed + spec["year"])
        drift = {z.pk: 0.0 for z in zones}
        for period in spec["periods"]:
            for z in zones:
                drift[z.pk] += rng.gauss(0, 0.12)
            for _, group_indicators in spec["groups"]:
                for code, _name, unit, direction, _w, typical, spread, places in group_indicators:
                    for z in zones:
                        s = self.strength[z.pk] + drift[z.pk] - 2.5
                        value = typical * math.exp(direction * spread * s + rng.gauss(0, 0.15))
                        if unit == "%":
                            value = min(value, PERCENT_CAP)
                        rows.append(
                            {
                                "indicator_id": indicators[code].pk,
                                "zone_id": z.pk,
                                "period": period,
                                "value": D(f"{value:.{places}f}"),
                                "note": "",
                            }
                        )
        self.b.sync(IndicatorValue, ("indicator_id", "zone_id", "period"), rows, checked=True)
        # One bonus and one veto, so the ranking page shows both.
        last = spec["periods"][-1]
        self.b.sync(
            Adjustment,
            ("framework_id", "zone_id", "period", "reason"),
            [
                {
                    "framework_id": framework.pk,
                    "zone_id": zones[0].pk,
                    "period": last,
                    "points": D("2.00"),
                    "veto": False,
                    "reason": "获评省级先进开发区",
                },
                {
                    "framework_id": framework.pk,
                    "zone_id": zones[-1].pk,
                    "period": last,
                    "points": D("0.00"),
                    "veto": True,
                    "reason": "发生较大生产安全事故",
                },
            ],
        )

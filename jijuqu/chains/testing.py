"""A chain on the shared test world (core.testing): 沁阳's zone A lays out an aluminium chain of six
segments; enterprise A sits on two of them, enterprise A2 on one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jijuqu.enterprises.models import EnterpriseYear

from .choices import SegmentKind, Stage
from .models import Chain, Segment, SegmentEnterprise, TargetCompany


@dataclass
class ChainWorld:
    chain: Chain
    segments: dict[str, Segment]


def make_segment(chain, name, stage=Stage.MID, parent=None, kind=SegmentKind.SEGMENT, order=0) -> Segment:
    segment = Segment(chain=chain, name=name, stage=stage, parent=parent, kind=kind, order=order)
    segment.full_clean()
    segment.save()
    return segment


def place(segment, enterprise, note="") -> SegmentEnterprise:
    placement = SegmentEnterprise(segment=segment, enterprise=enterprise, note=note)
    placement.full_clean()
    placement.save()
    return placement


def set_output(enterprise, year, value) -> None:
    EnterpriseYear.objects.update_or_create(
        enterprise=enterprise, year=year, defaults={"output_value": Decimal(value)}
    )


def make_chain(w, zone=None, name="铝及深加工") -> ChainWorld:
    """Six 环节: 氧化铝 and 电解铝 upstream, 铝板带 and 铝型材 (with a product below it) midstream, 汽车轻量化
    and 建筑门窗 downstream. A sits on 电解铝 and on the product 工业铝型材 under 铝型材; A2 on 铝板带."""
    zone = zone or w.zone_a
    chain = Chain(name=name, zone=zone, industry=w.industry, chief=w.official_a)
    chain.full_clean()
    chain.save()
    s = {}
    for order, (stage, seg) in enumerate(
        [
            (Stage.UP, "氧化铝"),
            (Stage.UP, "电解铝"),
            (Stage.MID, "铝板带"),
            (Stage.MID, "铝型材"),
            (Stage.DOWN, "汽车轻量化"),
            (Stage.DOWN, "建筑门窗"),
        ]
    ):
        s[seg] = make_segment(chain, seg, stage, order=order)
    s["工业铝型材"] = make_segment(chain, "工业铝型材", parent=s["铝型材"], kind=SegmentKind.PRODUCT)
    place(s["电解铝"], w.enterprise_a)
    place(s["工业铝型材"], w.enterprise_a)
    place(s["铝板带"], w.enterprise_a2)
    return ChainWorld(chain, s)


def make_target(chain, segment, name="江苏某铝业有限公司", **fields) -> TargetCompany:
    target = TargetCompany(chain=chain, segment=segment, name=name, **fields)
    target.full_clean()
    target.save()
    return target

"""The data of the 四张图谱, as JSON-able dicts (amounts and rates as strings), for the pages that draw
them with ECharts. Pure reads of one chain; the caller has checked the user may see the chain.

Shapes (every amount in 万元, a string with two decimals; a rate a string with one decimal, or None):

tree_data(chain, year) → {"name", "year", "output", "enterprises", "segments", "covered", "support_rate",
    "children": [stage {"name", "stage", "children": [node …]}]}
    node = {"id", "name", "kind", "kind_label", "coverage" ("strong"|"weak"|"missing"), "coverage_label",
            "output", "share", "enterprises", "targets", "url", "children": [node …]}
technology_data(chain) → {"name", "years": [first … last], "rows": [{"segment", "segment_id", "stage",
    "stage_label", "technology", "year" (int or None), "note"}]}
application_data(chain) → {"name", "nodes": [{"name", "kind" ("segment"|"field"), "market"}],
    "links": [{"source", "target", "value"}]}
region_data(chain, year) → {"name", "year", "province": {"code", "name"},
    "counties": [{"code", "name", "city_code", "city", "enterprises", "output"}],
    "zones": [{"id", "name", "region_code", "region", "enterprises", "output"}],
    "targets": [{"code", "name", "count", "companies": [name …]}]}
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse

from jijuqu.enterprises.models import Enterprise
from jijuqu.zones.models import Region

from .choices import Coverage, Stage
from .models import Chain, SegmentApplication, TargetCompany, Technology
from .services import ZERO, chain_figures, outputs, stage_key


def _str(value) -> str | None:
    return None if value is None else str(value)


def tree_data(chain: Chain, year: int) -> dict:
    figures = chain_figures(chain, year)
    targets = defaultdict(int)
    for seg_id in TargetCompany.objects.filter(chain=chain).values_list("segment_id", flat=True):
        targets[seg_id] += 1

    def node(n) -> dict:
        s = n.segment
        return {
            "id": s.pk,
            "name": s.name,
            "kind": s.kind,
            "kind_label": str(s.get_kind_display()),
            "coverage": str(n.coverage),
            "coverage_label": str(Coverage(n.coverage).label),
            "output": str(n.output),
            "share": _str(n.share),
            "enterprises": n.enterprises,
            "targets": targets[s.pk],
            "url": reverse("chains:segment", args=[s.pk]),
            "children": [node(c) for c in n.children],
        }

    return {
        "name": chain.name,
        "year": year,
        "output": str(figures.output),
        "enterprises": len(figures.enterprise_ids),
        "segments": figures.segments,
        "covered": figures.covered,
        "support_rate": _str(figures.support_rate),
        "children": [
            {"name": str(stage.label), "stage": stage.value, "children": [node(n) for n in nodes]}
            for stage, nodes in figures.by_stage()
        ],
    }


def technology_data(chain: Chain) -> dict:
    technologies = sorted(
        Technology.objects.filter(segment__chain=chain).select_related("segment"),
        key=lambda t: (stage_key(t.segment), t.maturity_year or 9999, t.name),
    )
    rows = [
        {
            "segment": t.segment.name,
            "segment_id": t.segment_id,
            "stage": t.segment.stage,
            "stage_label": str(Stage(t.segment.stage).label),
            "technology": t.name,
            "year": t.maturity_year,
            "note": t.note,
        }
        for t in technologies
    ]
    years = [r["year"] for r in rows if r["year"]]
    return {
        "name": chain.name,
        "years": list(range(min(years), max(years) + 1)) if years else [],
        "rows": rows,
    }


def application_data(chain: Chain) -> dict:
    links = sorted(
        SegmentApplication.objects.filter(segment__chain=chain).select_related("segment", "field"),
        key=lambda link: (stage_key(link.segment), link.field.name),
    )
    segment_names = {link.segment.name for link in links}
    nodes, seen = [], set()

    def field_name(f) -> str:
        # Sankey nodes are keyed by name: a field named like a segment is told apart.
        return f"{f.name}（应用）" if f.name in segment_names else f.name

    for link in links:
        if ("s", link.segment_id) not in seen:
            seen.add(("s", link.segment_id))
            nodes.append({"name": link.segment.name, "kind": "segment", "market": ""})
    for link in links:
        if ("f", link.field_id) not in seen:
            seen.add(("f", link.field_id))
            nodes.append({"name": field_name(link.field), "kind": "field", "market": link.field.market})
    return {
        "name": chain.name,
        "nodes": nodes,
        "links": [
            {"source": link.segment.name, "target": field_name(link.field), "value": str(link.weight)}
            for link in links
        ],
    }


def region_data(chain: Chain, year: int) -> dict:
    figures = chain_figures(chain, year)
    values = outputs(figures.enterprise_ids, year)
    enterprises = Enterprise.objects.filter(pk__in=figures.enterprise_ids).select_related(
        "zone", "zone__region", "zone__region__parent"
    )
    counties: dict[str, dict] = {}
    zones: dict[int, dict] = {}
    for e in enterprises:
        county = e.zone.region
        c = counties.setdefault(
            county.code,
            {
                "code": county.code,
                "name": county.name,
                "city_code": county.parent.code if county.parent_id else "",
                "city": county.parent.name if county.parent_id else "",
                "enterprises": 0,
                "output": ZERO,
            },
        )
        z = zones.setdefault(
            e.zone_id,
            {
                "id": e.zone_id,
                "name": e.zone.name,
                "region_code": county.code,
                "region": county.name,
                "enterprises": 0,
                "output": ZERO,
            },
        )
        for row in (c, z):
            row["enterprises"] += 1
            row["output"] += values.get(e.pk, ZERO)
    for row in (*counties.values(), *zones.values()):
        row["output"] = str(Decimal(row["output"]).quantize(Decimal("0.01")))
    by_province: dict[str, dict] = {}
    for t in TargetCompany.objects.filter(chain=chain).select_related("province").order_by("name"):
        code = t.province.code if t.province_id else ""
        name = t.province.name if t.province_id else ""
        p = by_province.setdefault(code, {"code": code, "name": name, "count": 0, "companies": []})
        p["count"] += 1
        p["companies"].append(t.name)
    province_code = chain.region.code[:2] + "0000"
    province = Region.objects.filter(code=province_code).first()
    return {
        "name": chain.name,
        "year": year,
        "province": {"code": province_code, "name": province.name if province else ""},
        "counties": sorted(counties.values(), key=lambda r: r["code"]),
        "zones": sorted(zones.values(), key=lambda r: r["region_code"]),
        "targets": sorted(by_province.values(), key=lambda r: r["code"]),
    }

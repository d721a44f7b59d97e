"""The four chain maps (四张图谱) as pages of a chain: 产业链图, 技术路线图, 应用领域图, 区域分布图.

Each page embeds the figures of maps.py as JSON (json_script) and jijuqu/static/jijuqu/chainmaps.js
draws them with ECharts; map outlines are the package's own (static/vendor/geo, scripts/vendor_geo.mjs).
A page opens for whoever sees the chain (404 otherwise), like the chain page itself.
"""

from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jijuqu.core.scope import VIEW
from jijuqu.enterprises.models import Enterprise

from . import maps
from .models import Chain, SegmentEnterprise, TargetCompany
from .views import year_of

KINDS = {
    "tree": _lazy("Industrial chain map"),  # 产业链图
    "technology": _lazy("Technology roadmap"),  # 技术路线图
    "application": _lazy("Application fields map"),  # 应用领域图
    "region": _lazy("Regional distribution map"),  # 区域分布图
}
YEARLY = {"tree", "region"}  # the maps drawn from a year's figures


@cache
def province_outline(code: str) -> str | None:
    """The static path of a province's map by county, when the package ships one (Henan's today)."""
    path = f"vendor/geo/{code}.js"
    return path if finders.find(path) else None


def segment_lists(tree: dict, chain: Chain, user) -> None:
    """Adds to each node of tree_data the enterprises and target companies of its subtree that the user
    may see (the panel the map opens on a click), each with a link where the user may open it."""
    placements = (
        SegmentEnterprise.objects.restrict(user, VIEW)
        .filter(segment__chain=chain)
        .select_related("enterprise", "enterprise__zone")
        .order_by("enterprise__name")
    )
    own_enterprises: dict[int, dict[int, dict]] = {}
    enterprise_ids = {p.enterprise_id for p in placements}
    visible = set(
        Enterprise.objects.restrict(user, VIEW).filter(pk__in=enterprise_ids).values_list("pk", flat=True)
    )
    for p in placements:
        e = p.enterprise
        own_enterprises.setdefault(p.segment_id, {})[e.pk] = {
            "id": e.pk,
            "name": e.name,
            "zone": e.zone.name if e.zone_id else "",
            "url": e.get_absolute_url() if e.pk in visible else "",
        }
    own_targets: dict[int, list[dict]] = {}
    targets = (
        TargetCompany.objects.restrict(user, VIEW)
        .filter(chain=chain)
        .select_related("province", "city")
        .order_by("name")
    )
    for t in targets:
        own_targets.setdefault(t.segment_id, []).append(
            {
                "id": t.pk,
                "name": t.name,
                "place": " ".join(r.name for r in (t.province, t.city) if r is not None),
                "url": t.get_absolute_url(),
                "lead": t.lead_id is not None,
            }
        )

    def fill(node: dict) -> tuple[dict[int, dict], list[dict]]:
        enterprises = dict(own_enterprises.get(node["id"], {}))
        found = list(own_targets.get(node["id"], []))
        for child in node["children"]:
            e, t = fill(child)
            enterprises.update(e)
            found.extend(t)
        node["enterprise_list"] = sorted(enterprises.values(), key=lambda r: r["name"])
        node["target_list"] = found
        return enterprises, found

    for stage in tree["children"]:
        for node in stage["children"]:
            fill(node)


def map_data(chain: Chain, kind: str, year: int, user) -> dict:
    if kind == "tree":
        data = maps.tree_data(chain, year)
        segment_lists(data, chain, user)
        return data
    if kind == "technology":
        return maps.technology_data(chain)
    if kind == "application":
        return maps.application_data(chain)
    return maps.region_data(chain, year)


def labels(chain: Chain, kind: str, year: int) -> dict:
    """The words the drawing shows, translated here (chainmaps.js writes none of its own)."""
    title = f"{chain.name} · {KINDS[kind]}"
    return {
        "title": f"{title}（{year}）" if kind in YEARLY else title,
        "title_local": _("%(chain)s: local enterprises by county and zone (%(year)s)")
        % {"chain": chain.name, "year": year},
        "title_targets": _("%(chain)s: target companies by province") % {"chain": chain.name},
        "export_png": _("Save as PNG"),
        "enterprises": _("local enterprises"),
        "output": _("output value (10k yuan)"),
        "share": _("share of the chain"),
        "targets": _("target companies"),
        "segments": _("Segments"),
        "fields": _("application fields"),
        "open_segment": _("Open the segment"),
        "no_enterprises": _("No local enterprise: a missing link."),
        "no_targets": _("No target company yet."),
        "turned": _("turned into a lead"),
        "undated": _("not dated"),
        "maturity_year": _("expected maturity year"),
        "more": _("more"),
        "fewer": _("fewer"),
        "coverage_strong": _("Strong link"),
        "coverage_weak": _("Weak link"),
        "coverage_missing": _("Missing link"),
        "size_note": _("Dot size: output value"),
    }


@login_required
def chain_map(request, pk, kind):
    chain = get_object_or_404(Chain.objects.restrict(request.user, VIEW).select_related("region"), pk=pk)
    if kind not in KINDS:
        raise Http404
    year, error = year_of(request, chain)
    if error:
        messages.error(request, error)
    data = map_data(chain, kind, year, request.user)
    province = chain.region.code[:2] + "0000"
    return render(
        request,
        "chains/maps/map.html",
        {
            "chain": chain,
            "kind": kind,
            "kinds": list(KINDS.items()),
            "title": KINDS[kind],
            "year": year,
            "yearly": kind in YEARLY,
            "page": {"kind": kind, "data": data, "labels": labels(chain, kind, year)},
            "province_outline": province_outline(province) if kind == "region" else None,
            "empty": is_empty(kind, data),
        },
    )


def is_empty(kind: str, data: dict) -> bool:
    """Nothing to draw yet: the page says what to enter instead of showing a blank canvas."""
    if kind == "tree":
        return not any(stage["children"] for stage in data["children"])
    if kind == "technology":
        return not data["rows"]
    if kind == "application":
        return not data["links"]
    return False

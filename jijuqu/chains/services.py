"""Rules of industrial chains as plain functions: where a record may hang (a segment's place in the tree,
a local enterprise, a target's province), the figures of a chain for a year (output and enterprises per
segment, 缺链/弱链/强链, 配套率), and turning a target company into an investment lead.

Forms, the API, the importers, the maps (maps.py) and the chain report call these, never their own copies.

What counts as a segment for 配套率: the 环节 level only, the nodes directly under a stage (kind
"segment", no parent). Products and technologies below a 环节 add no segments; an enterprise placed on
one of them covers its 环节. See `counted_segments`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jijuqu.core.numbers import rate
from jijuqu.core.scope import CHANGE
from jijuqu.enterprises.models import EnterpriseYear

from .choices import STAGE_ORDER, Coverage, SegmentKind, Stage
from .models import Chain, Segment, SegmentEnterprise, TargetCompany

ZERO = Decimal("0")
CENT = Decimal("0.01")

# -- where records may hang ------------------------------------------------------------------------


def is_local(chain: Chain, enterprise) -> bool:
    """An enterprise is local to a chain in its zone (a zone's chain) or in a zone of its region."""
    if chain.zone_id:
        return enterprise.zone_id == chain.zone_id
    return enterprise.zone.region.code.startswith(chain.region.prefix)


def area_name(chain: Chain) -> str:
    return chain.zone.name if chain.zone_id else chain.region.name


def segment_errors(segment: Segment) -> dict[str, str]:
    """A 环节 sits directly under its stage; a product or technology hangs below a node of the same chain."""
    errors = {}
    parent = segment.parent if segment.parent_id else None
    if parent is None:
        if segment.kind and segment.kind != SegmentKind.SEGMENT:
            errors["parent"] = _("A product or technology hangs below a segment: choose its parent segment.")
        return errors
    if segment.kind == SegmentKind.SEGMENT:
        errors["kind"] = _(
            "A segment sits directly under its stage: leave the parent empty, or make this a product or "
            "technology."
        )
    if segment.chain_id and parent.chain_id != segment.chain_id:
        errors["parent"] = _("The parent segment belongs to another chain.")
    node, seen = parent, set()
    while node is not None and segment.pk is not None:
        if node.pk == segment.pk or node.pk in seen:
            errors["parent"] = _("A segment cannot hang below itself.")
            break
        seen.add(node.pk)
        node = node.parent if node.parent_id else None
    return errors


def placement_errors(placement: SegmentEnterprise) -> dict[str, str]:
    if not (placement.segment_id and placement.enterprise_id):
        return {}
    chain = placement.segment.chain
    if not is_local(chain, placement.enterprise):
        return {
            "enterprise": _(
                "%(enterprise)s is not in %(area)s: only local enterprises are placed on a segment (a company "
                "elsewhere is a target company)."
            )
            % {"enterprise": placement.enterprise.name, "area": area_name(chain)}
        }
    return {}


def project_link_errors(link) -> dict[str, str]:
    if not (link.segment_id and link.project_id):
        return {}
    chain = link.segment.chain
    project = link.project
    local = (
        project.zone_id == chain.zone_id
        if chain.zone_id
        else project.zone.region.code.startswith(chain.region.prefix)
    )
    if not local:
        return {
            "project": _("The project %(project)s is not in %(area)s.")
            % {"project": project.name, "area": area_name(chain)}
        }
    return {}


def target_errors(target: TargetCompany) -> dict[str, str]:
    errors = {}
    if target.segment_id and target.chain_id and target.segment.chain_id != target.chain_id:
        errors["segment"] = _("The segment belongs to another chain.")
    if target.city_id:
        if target.province_id is None:
            target.province_id = target.city.parent_id
        elif not target.city.code.startswith(target.province.prefix):
            errors["city"] = _("%(city)s is not in %(province)s.") % {
                "city": target.city.name,
                "province": target.province.name,
            }
    return errors


# -- figures ---------------------------------------------------------------------------------------


def weak_output() -> Decimal:
    """Below this output (万元) in the year, a covered segment is a 弱链."""
    return Decimal(str(getattr(settings, "JIJUQU_CHAIN_WEAK_OUTPUT", "10000")))


def weak_share() -> Decimal:
    """Below this share (percent) of the chain's output, a covered segment is a 弱链."""
    return Decimal(str(getattr(settings, "JIJUQU_CHAIN_WEAK_SHARE", "5")))


def coverage(enterprises: int, output: Decimal, chain_output: Decimal) -> Coverage:
    """缺链 with no local enterprise; 弱链 when its output is below JIJUQU_CHAIN_WEAK_OUTPUT 万元 or its
    share of the chain's output below JIJUQU_CHAIN_WEAK_SHARE percent; at a threshold exactly it is
    strong. With no output in the chain at all there is no share to compare."""
    if not enterprises:
        return Coverage.MISSING
    if output < weak_output():
        return Coverage.WEAK
    if chain_output > 0 and output * 100 / chain_output < weak_share():
        return Coverage.WEAK
    return Coverage.STRONG


def counted_segments(nodes) -> list[Segment]:
    """The segments 配套率 counts: the 环节 level (no parent), never their products or technologies."""
    return [n for n in nodes if n.parent_id is None]


@dataclass
class NodeFigures:
    segment: Segment
    enterprise_ids: set[int] = field(default_factory=set)
    output: Decimal = ZERO
    share: Decimal | None = None
    coverage: Coverage = Coverage.MISSING
    children: list[NodeFigures] = field(default_factory=list)

    @property
    def enterprises(self) -> int:
        return len(self.enterprise_ids)


@dataclass
class ChainFigures:
    chain: Chain
    year: int
    nodes: dict[int, NodeFigures]
    roots: list[NodeFigures]  # the 环节s, in stage and order
    output: Decimal
    enterprise_ids: set[int]

    @property
    def segments(self) -> int:
        return len(self.roots)

    @property
    def covered(self) -> int:
        return sum(1 for n in self.roots if n.coverage != Coverage.MISSING)

    @property
    def support_rate(self) -> Decimal | None:
        """配套率 = covered 环节 / 环节, in percent with one decimal."""
        return rate(self.covered, self.segments)

    def by_stage(self) -> list[tuple[Stage, list[NodeFigures]]]:
        return [(stage, [n for n in self.roots if n.segment.stage == stage]) for stage in Stage]

    def counts(self) -> dict[str, int]:
        counts = {c.value: 0 for c in Coverage}
        for n in self.roots:
            counts[n.coverage] += 1
        return counts


def stage_key(segment: Segment) -> tuple:
    """Upstream first, then midstream, downstream; within a stage by order."""
    return (STAGE_ORDER.get(segment.stage, 9), segment.order, segment.pk)


def outputs(enterprise_ids, year: int) -> dict[int, Decimal]:
    rows = EnterpriseYear.objects.filter(enterprise_id__in=enterprise_ids, year=year).values_list(
        "enterprise_id", "output_value"
    )
    return {eid: Decimal(value or 0) for eid, value in rows}


def chain_figures(chain: Chain, year: int) -> ChainFigures:
    """Per node the distinct local enterprises of its subtree and the sum of their 产值 in `year` (an
    enterprise on two nodes of one subtree counts once), coverage and share; the chain's output is that
    of its distinct enterprises on any segment. An enterprise without figures for the year counts with 0."""
    segments = sorted(Segment.objects.filter(chain=chain), key=stage_key)
    nodes = {s.pk: NodeFigures(s) for s in segments}
    own: dict[int, set[int]] = {s.pk: set() for s in segments}
    for seg_id, eid in SegmentEnterprise.objects.filter(segment__chain=chain).values_list(
        "segment_id", "enterprise_id"
    ):
        own[seg_id].add(eid)
    for s in segments:
        if s.parent_id in nodes:
            nodes[s.parent_id].children.append(nodes[s.pk])

    def gather(node: NodeFigures) -> set[int]:
        node.enterprise_ids = set(own[node.segment.pk])
        for child in node.children:
            node.enterprise_ids |= gather(child)
        return node.enterprise_ids

    roots = [nodes[s.pk] for s in counted_segments(segments)]
    everyone: set[int] = set()
    for root in roots:
        everyone |= gather(root)
    values = outputs(everyone, year)
    total = sum((values.get(e, ZERO) for e in everyone), ZERO)
    for node in nodes.values():
        node.output = sum((values.get(e, ZERO) for e in node.enterprise_ids), ZERO).quantize(CENT)
        node.share = rate(node.output, total) if total else None
        node.coverage = coverage(node.enterprises, node.output, total)
    return ChainFigures(chain, year, nodes, roots, total.quantize(CENT), everyone)


def overall_support_rate(chains, year: int) -> tuple[int, int, Decimal | None]:
    """配套率 over several chains (a region's): all their covered 环节 / all their 环节."""
    covered = segments = 0
    for chain in chains:
        figures = chain_figures(chain, year)
        covered += figures.covered
        segments += figures.segments
    return covered, segments, rate(covered, segments)


# -- target → lead ---------------------------------------------------------------------------------


def segment_label(segment: Segment) -> str:
    """The 环节 a node belongs to, and the node below it: "电芯加工制造 / 软包电芯"."""
    names = []
    node = segment
    while node is not None:
        names.append(node.name)
        node = node.parent if node.parent_id else None
    return " / ".join(reversed(names))


@transaction.atomic
def target_to_lead(target: TargetCompany, team, user):
    """Turn a target company into an investment lead of `team`, through the attraction app's own form and
    save (LeadForm: its collision check (撞单) and stage; save_in_scope: the user's scope and history).
    The lead carries the chain's industry and the segment (its chain_segment text), and the target keeps
    the link (target.lead), by which the chain report counts leads and contracts per segment.
    A target already turned is refused."""
    from jijuqu.attraction.choices import LeadSource
    from jijuqu.attraction.forms import LeadForm
    from jijuqu.attraction.models import Lead
    from jijuqu.core.forms import form_errors
    from jijuqu.core.services import save_in_scope

    if not TargetCompany.objects.restrict(user, CHANGE).filter(pk=target.pk).exists():
        raise PermissionDenied
    target = TargetCompany.objects.select_for_update().select_related("chain", "segment").get(pk=target.pk)
    if target.lead_id:
        raise ValidationError(
            _("%(company)s was already turned into a lead (%(lead)s of %(team)s); it is not turned twice.")
            % {"company": target.name, "lead": target.lead, "team": target.lead.team}
        )
    if team is None:
        raise ValidationError({"team": _("Choose the investment team that takes the lead.")})
    chain = target.chain
    place = "".join(r.name for r in (target.province, target.city) if r is not None)
    blank = LeadForm(instance=Lead(), user=user)
    data = {name: blank[name].value() for name in blank.fields}
    data.update(
        company_name=target.name,
        credit_code=target.credit_code,
        headquarters=place,
        industry=chain.industry_id or "",
        chain_segment=f"{chain.name}：{segment_label(target.segment)}"[:100],
        source=LeadSource.OTHER,
        team=team.pk,
        zone=chain.zone_id or team.zone_id or "",
        recorded_on=timezone.localdate(),
    )
    for key in ("holder", "intended_investment", "project_name"):
        data[key] = data.get(key) or ""
    data.pop("record_anyway", None)
    form = LeadForm(data, instance=Lead(), user=user)
    lead = save_in_scope(form, user) if form.is_valid() else None
    if lead is None:
        raise ValidationError([m for ms in form_errors(form).values() for m in ms])
    target.lead = lead
    target.save()
    return lead

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.forms import form_errors
from jijuqu.core.generic import ObjectListView, ObjectView
from jijuqu.core.scope import CHANGE, VIEW
from jijuqu.enterprises.models import EnterpriseYear

from . import report as chain_report
from . import services
from .choices import COVERAGE_COLOURS
from .forms import TurnIntoLeadForm
from .models import (
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
from .tables import (
    ChainTargetTable,
    ChainVisitTable,
    SegmentApplicationTable,
    SegmentEnterpriseTable,
    SegmentProjectTable,
    SegmentTable,
    TargetCompanyTable,
    TechnologyTable,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def default_year(chain: Chain) -> int:
    """The latest year with figures of the chain's enterprises; else last year."""
    latest = EnterpriseYear.objects.filter(
        enterprise__chain_placements__segment__chain=chain, output_value__isnull=False
    ).aggregate(y=Max("year"))["y"]
    return latest or timezone.localdate().year - 1


def year_of(request, chain: Chain) -> tuple[int, str | None]:
    """The year asked for (?year=), or the default with a message naming the field."""
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return default_year(chain), None
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw), None
    return default_year(chain), _("Year: write a year such as 2024 (2000–2100), not “%(value)s”.") % {
        "value": raw[:20]
    }


def tree_rows(figures: services.ChainFigures) -> list[dict]:
    """The segment tree as table rows: stage headings, then each node indented under its 环节."""
    rows = []
    for stage, roots in figures.by_stage():
        rows.append({"stage": stage.label})
        stack = [(n, 0) for n in reversed(roots)]
        while stack:
            node, depth = stack.pop()
            rows.append({"node": node, "depth": depth, "colour": COVERAGE_COLOURS[node.coverage]})
            stack.extend((c, depth + 1) for c in reversed(node.children))
    return rows


class ChainListView(ObjectListView):
    """The chains, and 配套率 over the chains listed (a region's: all its chains). Coverage (an enterprise on
    the segment or not) does not depend on the year; last year's is asked for."""

    template_name = "chains/chain_list.html"

    def extra_context(self, queryset):
        year = timezone.localdate().year - 1
        covered, segments, rate = services.overall_support_rate(
            queryset.select_related("region", "zone"), year
        )
        return {
            "overall_covered": covered,
            "overall_segments": segments,
            "overall_rate": rate,
        }


class ChainView(ObjectView):
    template_name = "chains/chain_detail.html"

    def related_tables(self, obj):
        user = self.request.user
        return [
            (
                _lazy("target companies"),
                TargetCompanyTable(
                    TargetCompany.objects.restrict(user).filter(chain=obj), exclude=("chain",)
                ),
            ),
            (
                _lazy("chain visits"),
                ChainVisitTable(ChainVisit.objects.restrict(user).filter(chain=obj), exclude=("chain",)),
            ),
            (
                _lazy("key projects on segments"),
                SegmentProjectTable(SegmentProject.objects.restrict(user).filter(chain=obj)),
            ),
            (
                _lazy("chain targets"),
                ChainTargetTable(ChainTarget.objects.restrict(user).filter(chain=obj), exclude=("chain",)),
            ),
        ]

    def extra_context(self, obj):
        year, error = year_of(self.request, obj)
        if error:
            messages.error(self.request, error)
        figures = services.chain_figures(obj, year)
        return {
            "year": year,
            "figures": figures,
            "tree": tree_rows(figures),
            "coverage_counts": figures.counts(),
            "can_change": Chain.objects.restrict(self.request.user, CHANGE).filter(pk=obj.pk).exists(),
        }


class SegmentView(ObjectView):
    def related_tables(self, obj):
        user = self.request.user
        return [
            (
                _lazy("enterprises on segments"),
                SegmentEnterpriseTable(
                    SegmentEnterprise.objects.restrict(user).filter(segment__in=subtree(obj))
                ),
            ),
            (
                _lazy("key projects on segments"),
                SegmentProjectTable(SegmentProject.objects.restrict(user).filter(segment__in=subtree(obj))),
            ),
            (
                _lazy("target companies"),
                TargetCompanyTable(TargetCompany.objects.restrict(user).filter(segment__in=subtree(obj))),
            ),
            (
                _lazy("technologies"),
                TechnologyTable(Technology.objects.restrict(user).filter(segment__in=subtree(obj))),
            ),
            (
                _lazy("segments' applications"),
                SegmentApplicationTable(SegmentApplication.objects.restrict(user).filter(segment=obj)),
            ),
            (_lazy("nodes below"), SegmentTable(Segment.objects.restrict(user).filter(parent=obj))),
        ]


def subtree(segment: Segment) -> list[int]:
    ids, frontier = [segment.pk], [segment.pk]
    while frontier:
        frontier = list(Segment.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


class ApplicationFieldView(ObjectView):
    def related_tables(self, obj):
        rows = SegmentApplication.objects.restrict(self.request.user).filter(field=obj)
        return [(_lazy("segments' applications"), SegmentApplicationTable(rows, exclude=("field",)))]


class TargetCompanyView(ObjectView):
    template_name = "chains/targetcompany_detail.html"

    def extra_context(self, obj):
        user = self.request.user
        can_turn = (
            obj.lead_id is None and TargetCompany.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists()
        )
        return {"turn_form": TurnIntoLeadForm(user=user) if can_turn else None}


@login_required
@require_POST
def target_turn(request, pk):
    """转为线索: the target company becomes a lead of the chosen team (services.target_to_lead)."""
    target = get_object_or_404(TargetCompany.objects.restrict(request.user, VIEW), pk=pk)
    if not TargetCompany.objects.restrict(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    form = TurnIntoLeadForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form_errors(form).values():
            for message in errors:
                messages.error(request, message)
        return redirect(target)
    try:
        lead = services.target_to_lead(target, form.cleaned_data["team"], request.user)
    except ValidationError as err:
        for message in err.messages:
            messages.error(request, message)
        return redirect(target)
    messages.success(
        request, _("%(company)s is now a lead of %(team)s.") % {"company": target.name, "team": lead.team}
    )
    return redirect(lead)


@login_required
def report_page(request, pk):
    """The chain report of a year: page, .xlsx (?export=xlsx) and .docx (?export=docx)."""
    chain = get_object_or_404(Chain.objects.restrict(request.user, VIEW), pk=pk)
    year, error = year_of(request, chain)
    report = chain_report.build(chain, year, request.user)
    export = request.GET.get("export")
    if export in ("xlsx", "docx"):
        data, kind = (
            (chain_report.report_xlsx(report), XLSX_CONTENT_TYPE)
            if export == "xlsx"
            else (chain_report.report_docx(report), DOCX_CONTENT_TYPE)
        )
        response = HttpResponse(data, content_type=kind)
        response["Content-Disposition"] = content_disposition_header(True, f"{report.title}.{export}")
        return response
    return render(
        request,
        "chains/report.html",
        {
            "chain": chain,
            "year": year,
            "error": error,
            "report": report,
            "tables": [(t, t.page_rows()) for t in report.tables],
        },
    )

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jijuqu.core.export import XLSX_CONTENT_TYPE
from jijuqu.core.generic import ObjectView
from jijuqu.core.scope import CHANGE, VIEW
from jijuqu.imports.engine import FileRefused, analyse, read_workbook
from jijuqu.jobs.services import workers_seen
from jijuqu.zones.models import Zone

from . import engine, jobs, phrases, sources
from .choices import method_description
from .entry import save_grid
from .forms import RankingForm
from .importers import import_values, spec_for
from .models import Adjustment, Framework, Indicator, IndicatorValue, is_period
from .ranking import ComparisonError, compare, indicators_of, method_of, rank, ranked_zones
from .tables import AdjustmentTable, IndicatorTable, StarRuleTable
from .workbook import ranking_xlsx

RUNS = 1000  # Monte Carlo runs behind each rank interval on the ranking page


class FrameworkView(ObjectView):
    template_name = "assessment/framework_detail.html"

    def related_tables(self, obj):
        return [
            (
                _("Indicators"),
                IndicatorTable(
                    Indicator.objects.filter(group__framework=obj).select_related("group"),
                    exclude=("framework",),
                ),
            ),
            (_("Star rules"), StarRuleTable(obj.star_rules.select_related("indicator"))),
            (
                _("Bonuses, deductions and vetoes"),
                AdjustmentTable(
                    Adjustment.objects.restrict(self.request.user)
                    .filter(framework=obj)
                    .select_related("zone")
                ),
            ),
        ]

    def extra_context(self, obj):
        periods = IndicatorValue.objects.filter(indicator__group__framework=obj).values_list(
            "period", flat=True
        )
        user = self.request.user
        return {
            "periods": sorted(set(periods), reverse=True),
            "can_edit_framework": Framework.objects.restrict(user, CHANGE).filter(pk=obj.pk).exists(),
            "can_enter": ranked_zones(obj).restrict(user, CHANGE).exists(),
        }


def framework_for(request, pk: int, action: str = VIEW) -> Framework:
    return get_object_or_404(Framework.objects.restrict(request.user, action).select_related("region"), pk=pk)


def latest_period(framework: Framework) -> str | None:
    return (
        IndicatorValue.objects.filter(indicator__group__framework=framework)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


@login_required
def ranking(request, pk):
    """The ranking of a period: method, table with rank intervals, 十强/十快, stars; xlsx export."""
    framework = framework_for(request, pk)
    data = request.GET.copy()
    data.setdefault("period", latest_period(framework) or str(framework.year))
    form = RankingForm(data, user=request.user)
    context = {"framework": framework, "form": form}
    if form.is_valid():
        c = form.cleaned_data
        try:
            method = method_of(
                framework,
                normalisation=c["normalisation"],
                weighting=c["weighting"],
                aggregation=c["aggregation"],
                missing=c["missing"],
            )
            runs_inline = jobs.inline(framework)
            result = rank(framework, c["period"], method, runs=RUNS if runs_inline else 0)
            if not runs_inline:
                page = request.GET.copy()
                page.pop("export", None)
                context["intervals_job"] = jobs.with_intervals(
                    request.user, result, RUNS, f"{request.path}?{page.urlencode()}"
                )
                context["worker_seen"] = bool(workers_seen())
            try:
                comparison = compare(result, c["compare"], c["compare_weighting"])
            except ComparisonError as err:
                comparison, context["compare_error"] = {}, str(err)
        except engine.EngineError as err:
            context["error"] = str(err)
        else:
            if request.GET.get("export") == "xlsx":
                response = HttpResponse(ranking_xlsx(result, request.user), content_type=XLSX_CONTENT_TYPE)
                response["Content-Disposition"] = content_disposition_header(
                    True, f"{framework.name}{result.label}排名.xlsx"
                )
                return response
            part = result.part_for(request.user)
            visible = part.results
            shown = {r.zone.pk for r in visible}
            intervals = [r for r in visible if r.interval is not None]
            context.update(
                result=part,
                method_text=method_description(result.method),
                groups=result.group_names,
                rows=[(r, comparison.get(r.zone.pk)) for r in visible],
                comparing=bool(comparison),
                # (place in the full list, result): a user sees their zones' places, not a renumbering.
                ten_strong=[(r.rank, r) for r in result.ten_strong() if r.zone.pk in shown],
                ten_fast=[(n, r) for n, r in enumerate(result.ten_fast(), start=1) if r.zone.pk in shown],
                has_previous=any(r.previous_rank is not None for r in result.results),
                star_changes=[r for r in result.star_changes() if r.zone.pk in shown],
                # The interval chart leaves out vetoed zones: their place is set by rule, not weights.
                chart=(
                    {
                        "names": [r.zone.name for r in intervals],
                        "low": [r.interval[0] for r in intervals],
                        "median": [r.interval[1] for r in intervals],
                        "high": [r.interval[2] for r in intervals],
                        "rank": [r.rank for r in intervals],
                    }
                ),
                query=request.GET.urlencode(),
            )
    return render(request, "assessment/ranking.html", context)


@login_required
def zone_result(request, pk, zone_pk):
    """One zone's drill-down: each indicator's value, points and comparison with the region."""
    framework = framework_for(request, pk)
    zone = get_object_or_404(Zone.objects.restrict(request.user), pk=zone_pk)
    period = request.GET.get("period") or latest_period(framework)
    if not is_period(period):
        return redirect(reverse("assessment:ranking", args=[pk]))
    try:
        result = rank(framework, period)
    except engine.EngineError as err:
        messages.warning(request, str(err))
        return redirect(reverse("assessment:ranking", args=[pk]) + f"?period={period}")
    own = result.result_for(zone)
    if own is None:
        messages.warning(request, _("%(zone)s is not ranked for this period.") % {"zone": zone})
        return redirect(reverse("assessment:ranking", args=[pk]) + f"?period={period}")
    city = [r.zone for r in result.results if r.zone.region.code[:4] == zone.region.code[:4]]
    city_region = zone.region if zone.region.level == "city" else zone.region.parent
    rows = [
        {
            "indicator": ind,
            "value": own.values[ind.pk],
            "shown": None if own.values[ind.pk] is None else phrases.shown(own.values[ind.pk], ind.unit),
            "weight": result.weights[ind.pk],
            "points": own.contributions[ind.pk],
            "phrase": phrases.comparison_phrase(result, zone, ind),
            "city_phrase": phrases.comparison_phrase(
                result,
                zone,
                ind,
                peers=city,
                peer_label=city_region.name if city_region else "",
            ),
        }
        for ind in result.indicators
    ]
    return render(
        request,
        "assessment/zone_result.html",
        {"framework": framework, "result": result, "own": own, "zone": zone, "rows": rows},
    )


@login_required
def entry(request, pk):
    """The data-entry grid: the zones the user may fill in × the framework's indicators, for a period."""
    framework = framework_for(request, pk)
    period = (
        request.GET.get("period")
        or request.POST.get("period")
        or latest_period(framework)
        or str(framework.year)
    )
    valid = is_period(period)
    if not valid:
        messages.error(
            request, _("Write the period as a year (2024), a quarter (2024-Q3) or a month (2024-10).")
        )
        period = latest_period(framework) or str(framework.year)
    zones = list(ranked_zones(framework).restrict(request.user, CHANGE))
    if not zones:
        raise PermissionDenied
    indicators = indicators_of(framework)
    typed: dict[tuple[int, int], str] = {}
    errors: list[str] = []
    if request.method == "POST" and not valid:
        errors = [_("Nothing was saved: the period is not valid.")]
    elif request.method == "POST":
        for name, value in request.POST.items():
            parts = name.split("-")
            if len(parts) == 3 and parts[0] == "v" and parts[1].isdigit() and parts[2].isdigit():
                typed[int(parts[1]), int(parts[2])] = value  # out-of-scope cells are refused by save_grid
        saved = save_grid(framework, period, request.user, typed)
        if not saved.errors:
            messages.success(
                request,
                _(
                    "Saved: %(created)s new, %(updated)s changed, %(deleted)s cleared, %(unchanged)s unchanged."
                )
                % {
                    "created": saved.created,
                    "updated": saved.updated,
                    "deleted": saved.deleted,
                    "unchanged": saved.unchanged,
                },
            )
            return redirect(reverse("assessment:entry", args=[pk]) + f"?period={period}")
        errors = saved.errors
    else:
        for v in IndicatorValue.objects.filter(period=period, zone__in=zones, indicator__in=indicators):
            typed[v.zone_id, v.indicator_id] = f"{v.value.normalize():f}"
    grid = [
        (z, [(ind, f"v-{z.pk}-{ind.pk}", typed.get((z.pk, ind.pk), "")) for ind in indicators]) for z in zones
    ]
    return render(
        request,
        "assessment/entry.html",
        {
            "framework": framework,
            "period": period,
            "indicators": indicators,
            "grid": grid,
            "errors": errors,
            "computed": [i for i in indicators if i.code.upper() in sources.computed_codes()],
        },
    )


@login_required
@require_POST
def feed(request, pk):
    """Fill the grid's computed indicators (招商 figures, enterprise service …) from the records, for the
    zones the user may change and one period: through save_grid, all cells or none, with history."""
    framework = framework_for(request, pk)
    period = request.POST.get("period", "")
    if not is_period(period):
        messages.error(
            request, _("Write the period as a year (2024), a quarter (2024-Q3) or a month (2024-10).")
        )
        return redirect(reverse("assessment:entry", args=[pk]))
    if not ranked_zones(framework).restrict(request.user, CHANGE).exists():
        raise PermissionDenied
    saved = sources.feed_framework(framework, period, request.user)
    if saved.errors:
        for error in saved.errors:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _(
                "Filled from the records: %(created)s new, %(updated)s changed, %(deleted)s cleared, %(unchanged)s unchanged."
            )
            % {
                "created": saved.created,
                "updated": saved.updated,
                "deleted": saved.deleted,
                "unchanged": saved.unchanged,
            },
        )
    return redirect(reverse("assessment:entry", args=[pk]) + f"?period={period}")


@login_required
def import_file(request, pk):
    """Upload a workbook of one period's values into the grid's zones: all rows or none."""
    framework = framework_for(request, pk)
    period = request.POST.get("period", "")
    upload = request.FILES.get("file")
    if request.method != "POST" or upload is None or not is_period(period):
        messages.error(request, _("Choose a workbook and a valid period."))
        return redirect(reverse("assessment:entry", args=[pk]))
    try:
        workbook = read_workbook(upload)
    except FileRefused as err:  # said in Chinese, with what to do
        messages.error(request, _("The file could not be read: %(error)s") % {"error": err})
        return redirect(reverse("assessment:entry", args=[pk]) + f"?period={period}")
    result = import_values(analyse(workbook, spec_for(framework)), framework, period, user=request.user)
    if result.errors:
        return render(
            request,
            "assessment/import_errors.html",
            {"framework": framework, "period": period, "errors": result.errors, "file_name": upload.name},
        )
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect(reverse("assessment:entry", args=[pk]) + f"?period={period}")

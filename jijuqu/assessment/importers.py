"""Import of indicator values (one period of a framework) through the ledger import engine.

The sheet has one row per zone and one column per indicator; a column is recognised by the
indicator's name, its code, or "code name（unit）" as the ranking export writes it, so an export
imports back unchanged. All or nothing: every bad cell is reported with sheet, row, column and value.
"""

from __future__ import annotations

from decimal import Decimal

from jijuqu.core.scope import CHANGE
from jijuqu.imports.engine import Analysis, FieldSpec, Issue, Result, Spec, no_rows
from jijuqu.imports.values import CellError
from jijuqu.zones.matching import ZoneMatcher, find_zone

from .entry import parse_value, write_values
from .models import Framework
from .ranking import indicators_of, ranked_zones


def indicator_fields(user) -> dict:
    """What an upload of indicator values also asks for: the framework (among those the user sees)
    and the period."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    from jijuqu.core.scope import VIEW

    from .models import validate_period

    return {
        "framework": forms.ModelChoiceField(Framework.objects.restrict(user, VIEW), label=_("framework")),
        "period": forms.CharField(label=_("period"), max_length=7, validators=[validate_period]),
    }


def job_framework(job) -> Framework:
    from jijuqu.core.scope import VIEW

    return Framework.objects.restrict(job.user, VIEW).get(pk=job.options["framework"])


def job_spec(job) -> Spec:
    return spec_for(job_framework(job))


def import_job(analysis: Analysis, job, write: bool) -> Result:
    """Indicator values as a kind of the import engine (jijuqu.imports.registry)."""
    return import_values(analysis, job_framework(job), job.options["period"], user=job.user, write=write)


def spec_for(framework: Framework) -> Spec:
    fields = [
        FieldSpec("seq", "序号", ("排名",), derived=True),
        FieldSpec("zone", "集聚区", ("开发区", "产业集聚区", "单位", "开发区名称", "集聚区名称", "名称")),
    ]
    for ind in indicators_of(framework):
        names = [ind.code, f"{ind.code} {ind.name}", f"{ind.code}{ind.name}"]
        if ind.unit:
            names += [
                f"{ind.name}（{ind.unit}）",
                f"{ind.name}({ind.unit})",
                f"{ind.code} {ind.name}（{ind.unit}）",
            ]
        fields.append(FieldSpec(f"i{ind.pk}", ind.name, tuple(names)))
    return Spec(fields)


def import_values(
    analysis: Analysis, framework: Framework, period: str, *, user=None, write: bool = True
) -> Result:
    """Check every row, then (when there is no error and `write`) save all values with history."""
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    indicators = {f"i{ind.pk}": ind for ind in indicators_of(framework)}
    ranked = ranked_zones(framework)
    allowed = {z.pk for z in (ranked if user is None else ranked.restrict(user, CHANGE))}
    zones = ZoneMatcher(user)
    wanted: dict[tuple[int, int], Decimal] = {}
    seen: dict[int, int] = {}
    mapped = {key for sheet in analysis.mapping.values() for key in sheet.values() if key}
    if not mapped & indicators.keys():
        result.errors.append(_sheet_issue(analysis, "表中没有找到该指标体系的任何指标列，请检查表头"))
    for row in analysis.rows:
        # A row refused for its zone still has its values checked: every mistake is shown at once.
        zone = find_zone(row, zones)
        if isinstance(zone, str):
            refused = zone
        elif zone.pk not in allowed:
            refused = f"“{zone.name}”不在该指标体系的参评范围内，或您无权填报"
        elif zone.pk in seen:
            refused = f"“{zone.name}”在第{seen[zone.pk]}行已出现"
        else:
            refused = None
            seen[zone.pk] = row.number
        if refused:
            result.errors.append(row.issue("zone", refused))
        for key, ind in indicators.items():
            if not row.has(key):
                continue
            try:
                value = parse_value(row.raw(key))
            except CellError as err:
                result.errors.append(row.issue(key, str(err)))
                continue
            if not refused:
                wanted[zone.pk, ind.pk] = value
    if result.errors:
        return result
    counts = write_values(period, wanted, write=write)
    result.created, result.updated, result.unchanged = counts.created, counts.updated, counts.unchanged
    return result


def _sheet_issue(analysis: Analysis, message: str) -> Issue:
    name = analysis.sheets[0].name if analysis.sheets else ""
    return Issue(name, 0, "", None, message)

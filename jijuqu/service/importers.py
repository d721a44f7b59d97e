"""Import of 包联 assignments (企业包联台账) through the same engine as the other ledgers.

One row per enterprise: the enterprise (by 统一社会信用代码, else by its exact name), the assigned
official (by name, within the named department when there are namesakes), the leader, the day.
Each row goes through services.assign_official, the one rule of reassignment (the earlier official's
assignment ends and stays as history), all rows or none; the same file twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from jijuqu.core.scope import CHANGE, VIEW
from jijuqu.enterprises.credit_code import normalize
from jijuqu.enterprises.models import Enterprise
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import CellError, date, text
from jijuqu.zones.models import Official

from . import services

SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("name", "企业名称", ("名称", "单位名称", "企业全称", "包联企业")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码")),
        FieldSpec("official", "包联干部", ("包联责任人", "分包干部", "联系干部")),
        FieldSpec("department", "干部所在单位", ("所在单位", "包联单位", "责任单位")),
        FieldSpec("leader", "包联领导", ("分包领导", "联系领导")),
        FieldSpec("started_on", "包联日期", ("开始日期", "分包日期")),
    ]
)


def import_job(analysis: Analysis, job, write: bool) -> Result:
    return import_assignments(analysis, user=job.user, write=write)


def find_official(officials, name: str, department: str):
    """The official of that name (within the department, if named): the one match, or a message."""
    found = [o for o in officials.get(name, []) if not department or o.department.name == department]
    if not found:
        where = f"“{department}”的" if department else ""
        return f"不是{where}已登记干部"
    if len(found) > 1:
        return "有同名干部，请填写干部所在单位"
    return found[0]


def import_assignments(analysis: Analysis, *, user=None, write: bool = True) -> Result:
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    enterprises = Enterprise.objects.all() if user is None else Enterprise.objects.restrict(user, CHANGE)
    by_code = {e.credit_code: e for e in enterprises}
    by_name: dict[str, list[Enterprise]] = {}
    for e in by_code.values():
        by_name.setdefault(e.name, []).append(e)
    visible = Official.objects.all() if user is None else Official.objects.restrict(user, VIEW)
    officials: dict[str, list[Official]] = {}
    for o in visible.select_related("department"):
        officials.setdefault(o.name, []).append(o)
    planned, seen = [], {}
    for row in analysis.rows:
        before = len(result.errors)

        def fail(key, message, row=row):
            result.errors.append(row.issue(key, message))

        code = normalize(text(row.raw("credit_code"))) if row.has("credit_code") else ""
        name = text(row.raw("name")) if row.has("name") else ""
        enterprise = by_code.get(code) if code else None
        if enterprise is None and not code and len(by_name.get(name, [])) == 1:
            enterprise = by_name[name][0]
        if enterprise is None:
            fail("credit_code" if code else "name", "不是您可以包联的已登记企业")
            continue
        if enterprise.pk in seen:
            fail("name", f"与第{seen[enterprise.pk]}行是同一家企业")
            continue
        seen[enterprise.pk] = row.number
        department = text(row.raw("department")) if row.has("department") else ""
        official = (
            find_official(officials, text(row.raw("official")), department) if row.has("official") else None
        )
        if official is None:
            fail("official", "包联干部为空")
        elif isinstance(official, str):
            fail("official", official)
        leader = None
        if row.has("leader"):
            leader = find_official(officials, text(row.raw("leader")), "")
            if isinstance(leader, str):
                fail("leader", leader)
        day = None
        if row.has("started_on"):
            try:
                day = date(row.raw("started_on"))
            except CellError as err:
                fail("started_on", str(err))
        enterprise.current = list(enterprise.assignments.filter(ended_on__isnull=True))
        if day and isinstance(official, Official):
            for a in enterprise.current:
                if a.official_id != official.pk and a.started_on > day:
                    fail("started_on", f"早于现任包联干部{a.official.name}的包联日期{a.started_on}")
        if len(result.errors) == before:
            planned.append((enterprise, official, leader, day))
    if result.errors:
        return result
    for enterprise, official, leader, _day in planned:
        mine = [a for a in enterprise.current if a.official_id == official.pk]
        if not mine:
            result.created += 1
        elif leader is not None and mine[0].leader_id != leader.pk:
            result.updated += 1
        else:
            result.unchanged += 1
    if write:
        with transaction.atomic():
            for enterprise, official, leader, day in planned:
                services.assign_official(enterprise, official, leader, day)
    return result

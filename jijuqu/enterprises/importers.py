"""Import of enterprise lists (企业名录) through the same engine as the project ledgers.

Enterprises are matched by 统一社会信用代码, so importing the same list twice changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from jijuqu.core.fastinsert import insert
from jijuqu.core.scope import CHANGE
from jijuqu.core.sync import update_rows
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import CellError, date, text
from jijuqu.zones.matching import ZoneMatcher, find_zone
from jijuqu.zones.models import Industry, Park, Zone

from .credit_code import normalize, validate_credit_code
from .models import Enterprise

SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("name", "企业名称", ("名称", "单位名称", "企业全称")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码")),
        FieldSpec("zone", "所属开发区", ("开发区", "产业集聚区", "所在开发区")),
        FieldSpec("park", "所在园区", ("园区",)),
        FieldSpec("industry", "所属产业", ("产业", "行业", "所属行业")),
        FieldSpec("above_scale", "是否规上", ("规上企业", "规模以上", "是否规模以上")),
        FieldSpec("high_tech", "是否高新技术企业", ("高新技术企业", "是否高新", "高新企业")),
        FieldSpec("legal_representative", "法定代表人", ("法人", "法人代表")),
        FieldSpec("contact", "联系人", ()),
        FieldSpec("phone", "联系电话", ("电话", "手机")),
        FieldSpec("address", "地址", ("企业地址", "注册地址")),
        FieldSpec("established", "成立日期", ("成立时间", "注册日期")),
        FieldSpec("registered_capital", "注册资本", ("注册资金",), money=True),
    ]
)
YES = {"是", "Y", "y", "yes", "√", "✓", "1", "TRUE", "True"}
NO = {"否", "N", "n", "no", "×", "0", "FALSE", "False", ""}
TEXT_LIMITS = {"name": 200, "legal_representative": 50, "contact": 50, "phone": 30, "address": 200}


def import_job(analysis: Analysis, job, write: bool) -> Result:
    """The enterprise list as a kind of the import engine (jijuqu.imports.registry)."""
    return import_enterprises(analysis, user=job.user, default_zone=job.zone, write=write)


def import_enterprises(
    analysis: Analysis, *, user=None, default_zone: Zone | None = None, write: bool = True
) -> Result:
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    zones = ZoneMatcher(user, Enterprise)
    writable = zones.writable
    industries = dict(Industry.objects.values_list("name", "pk"))
    parks = {(zone_id, name): pk for pk, zone_id, name in Park.objects.values_list("pk", "zone_id", "name")}
    codes = [normalize(text(r.raw("credit_code"))) for r in analysis.rows if r.has("credit_code")]
    existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    editable = (
        None
        if user is None
        else set(
            Enterprise.objects.restrict(user, CHANGE)
            .filter(credit_code__in=codes)
            .values_list("pk", flat=True)
        )
    )
    new, changed, fields, seen = [], [], set(), {}
    for row in analysis.rows:
        before = len(result.errors)

        def fail(key, message, row=row):
            result.errors.append(row.issue(key, message))

        # A row whose zone is unknown or not the user's still has its other cells checked (every
        # mistake shown at once); what needs the zone (its park) is not.
        zone = find_zone(row, zones, default_zone)
        if isinstance(zone, str):
            fail("zone" if row.has("zone") else "name", zone)
            zone = None
        elif writable is not None and zone.pk not in writable:
            fail("name", f"您无权向“{zone.name}”导入企业")
            zone = None
        code = normalize(text(row.raw("credit_code")))
        try:
            validate_credit_code(code)
        except ValidationError as err:
            fail("credit_code", err.messages[0])
        else:
            if code in seen:
                fail("credit_code", f"与第{seen[code]}行的统一社会信用代码相同")
            else:
                seen[code] = row.number
        values = {"zone_id": zone and zone.pk, "credit_code": code}
        for key, limit in TEXT_LIMITS.items():
            if row.has(key):
                values[key] = text(row.raw(key))
                if len(values[key]) > limit:
                    fail(key, f"超过{limit}字")
        for key in ("above_scale", "high_tech"):
            if key in row.cells:
                raw = text(row.raw(key))
                if raw in YES or raw in NO:
                    values[key] = raw in YES
                else:
                    fail(key, f"“{raw}”应为“是”或“否”")
        if row.has("industry"):
            values["industry_id"] = industries.get(text(row.raw("industry")))
            if values["industry_id"] is None:
                fail("industry", f"“{text(row.raw('industry'))}”不是已登记的产业")
        if row.has("park") and zone is not None:
            values["park_id"] = parks.get((zone.pk, text(row.raw("park"))))
            if values["park_id"] is None:
                fail("park", f"“{text(row.raw('park'))}”不是“{zone.name}”的园区")
        if row.has("established"):
            try:
                values["established"] = date(row.raw("established"))
            except CellError as err:
                fail("established", str(err))
        capital = row.money.get("registered_capital")
        if isinstance(capital, CellError):
            fail("registered_capital", str(capital))
        elif capital is not None:
            if capital < 0:
                fail("registered_capital", "金额不能为负数")
            values["registered_capital"] = capital
        enterprise = existing.get(code)
        if enterprise is None and not values.get("name"):
            fail("name", "企业名称为空")
        if enterprise is not None and editable is not None and enterprise.pk not in editable:
            fail("credit_code", "您无权修改该企业")
        if len(result.errors) > before:
            continue
        if enterprise is None:
            new.append(Enterprise(**values))
            result.created += 1
        elif diff := [k for k, v in values.items() if getattr(enterprise, k) != v]:
            for k in diff:
                setattr(enterprise, k, values[k])
            changed.append(enterprise)
            fields.update(diff)
            result.updated += 1
        else:
            result.unchanged += 1
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    if write:
        with transaction.atomic():
            insert(Enterprise, new, user)
            if changed:
                update_rows(Enterprise, changed, fields, user)
    return result

"""Import of the inputs of the 亩均效益 evaluation — the tax bureau's list (税收), the power company's
(用电量), the statistics bureau's (营业收入, 增加值, 能耗, 研发经费, 从业人员), the ecology bureau's
(排放量) — into the enterprises' yearly figures, through the ledger import engine.

Rows are keyed by 统一社会信用代码; a sheet brings whatever columns its department keeps and only those
are written, so the lists can come in any order. All or nothing: every bad cell is reported with
sheet, row, column and value; the figures are checked by EnterpriseYear's own rules (full_clean).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from jijuqu.core.scope import CHANGE
from jijuqu.enterprises.credit_code import normalize
from jijuqu.enterprises.models import Enterprise, EnterpriseYear
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import CellError, decimal, text

# 1万千瓦时 of electricity is 1.229 tonnes of standard coal (当量值, 0.1229 kgce/kWh, GB/T 2589).
TCE_PER_10K_KWH = Decimal("1.229")

SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec(
            "name", "企业名称", ("名称", "单位名称", "纳税人名称", "用电户名", "企业全称"), derived=True
        ),
        FieldSpec(
            "credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "纳税人识别号", "统一代码")
        ),
        FieldSpec("tax", "实缴税金", ("税收", "税收总额", "实缴税收", "实际入库税金", "纳税额"), money=True),
        FieldSpec("revenue", "营业收入", ("主营业务收入", "销售收入", "营业收入总额"), money=True),
        FieldSpec("value_added", "工业增加值", ("增加值",), money=True),
        FieldSpec("rd_expense", "研发经费支出", ("研发经费", "R&D经费支出", "研发投入"), money=True),
        FieldSpec("energy_use", "综合能耗（吨标准煤）", ("综合能耗", "综合能源消费量", "能耗（吨标准煤）")),
        FieldSpec("power", "用电量（万千瓦时）", ("用电量", "年用电量", "全年用电量（万千瓦时）")),
        FieldSpec(
            "emissions", "主要污染物排放量（吨）", ("排放量", "主要污染物排放量", "污染物排放量（吨）")
        ),
        FieldSpec("employees", "从业人员（人）", ("从业人员", "年平均职工人数", "职工人数", "从业人员数")),
    ]
)
MONEY = ("tax", "revenue", "value_added", "rd_expense")
QUANTITIES = ("energy_use", "emissions")


def year_fields(user) -> dict:
    """What an upload of inputs also asks for: the year the figures are for."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    return {
        "figures_year": forms.IntegerField(label=_("year of the figures"), min_value=2000, max_value=2100)
    }


def import_job(analysis: Analysis, job, write: bool) -> Result:
    """The inputs as a kind of the import engine (jijuqu.imports.registry)."""
    return import_inputs(analysis, int(job.options["figures_year"]), user=job.user, write=write)


def import_inputs(analysis: Analysis, year: int, *, user=None, write: bool = True) -> Result:
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    mapped = {key for sheet in analysis.mapping.values() for key in sheet.values() if key}
    if "credit_code" not in mapped:
        result.errors.append(_sheet_issue(analysis, "表中没有“统一社会信用代码”列，无法对应企业"))
        return result
    codes = [normalize(text(r.raw("credit_code"))) for r in analysis.rows if r.has("credit_code")]
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    writable = (
        None
        if user is None
        else set(
            Enterprise.objects.restrict(user, CHANGE)
            .filter(credit_code__in=codes)
            .values_list("pk", flat=True)
        )
    )
    existing = {
        y.enterprise_id: y
        for y in EnterpriseYear.objects.filter(enterprise__in=enterprises.values(), year=year)
    }
    seen: dict[str, int] = {}
    changed: list[EnterpriseYear] = []
    for row in analysis.rows:
        before = len(result.errors)

        def fail(key, message, row=row):
            result.errors.append(row.issue(key, message))

        code = normalize(text(row.raw("credit_code")))
        if not code:
            fail("credit_code", "统一社会信用代码为空")
            continue
        enterprise = enterprises.get(code)
        if enterprise is None:
            fail("credit_code", "没有登记此统一社会信用代码的企业，请先在企业名录中登记")
            continue
        if writable is not None and enterprise.pk not in writable:
            fail("credit_code", f"您无权填报“{enterprise.name}”的数据")
            continue
        if code in seen:
            fail("credit_code", f"与第{seen[code]}行的统一社会信用代码相同")
            continue
        seen[code] = row.number
        values: dict[str, object] = {}
        for key in MONEY:
            amount = row.money.get(key)
            if isinstance(amount, CellError):
                fail(key, str(amount))
            elif amount is not None and row.has(key):
                values[key] = amount
        for key in (*QUANTITIES, "power", "employees"):
            if not row.has(key):
                continue
            try:
                number = decimal(row.raw(key))
            except CellError as err:
                fail(key, str(err))
                continue
            if number < 0:
                fail(key, "不能为负数")
            elif key == "employees":
                if number != number.to_integral_value():
                    fail(key, "人数应为整数")
                else:
                    values[key] = int(number)
            elif key == "power":
                if not row.has("energy_use"):
                    values["energy_use"] = (number * TCE_PER_10K_KWH).quantize(Decimal("0.0001"))
            else:
                values[key] = number.quantize(Decimal("0.0001"))
        if len(result.errors) > before:
            continue
        figures = existing.get(enterprise.pk) or EnterpriseYear(enterprise=enterprise, year=year)
        diff = [k for k, v in values.items() if getattr(figures, k) != v]
        for k in diff:
            setattr(figures, k, values[k])
        try:
            figures.full_clean()  # the yearly figures' own rules, as the form applies them
        except ValidationError as err:
            for field, messages in err.message_dict.items():
                fail(field if field in row.cells else "credit_code", "；".join(messages))
            continue
        if figures.pk is None:
            result.created += 1
            changed.append(figures)
        elif diff:
            result.updated += 1
            changed.append(figures)
        else:
            result.unchanged += 1
    if result.errors:
        result.created = result.updated = result.unchanged = 0
        return result
    if write:
        with transaction.atomic():
            for figures in changed:
                figures._history_user = user
                figures.save()
    return result


def _sheet_issue(analysis: Analysis, message: str):
    from jijuqu.imports.engine import Issue

    name = analysis.sheets[0].name if analysis.sheets else ""
    return Issue(name, 0, "", None, message)

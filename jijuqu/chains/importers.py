"""Excel in, through the import engine (jijuqu.imports): a chain's segments with their local enterprises,
and a chain's list of target companies. All or nothing: every row is checked by the models' own rules
(Segment, SegmentEnterprise, TargetCompany .full_clean, which call services' rules) inside one
transaction that is rolled back when any cell is wrong (or on the preview); every bad cell is reported
with sheet, row, column and value. An enterprise is found by 统一社会信用代码, else by its exact name among
the chain's local enterprises; one not found is an error, never dropped."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from jijuqu.enterprises.credit_code import normalize
from jijuqu.enterprises.models import Enterprise
from jijuqu.imports.engine import Analysis, FieldSpec, Result, Spec, no_rows
from jijuqu.imports.values import text
from jijuqu.zones.models import Region

from . import services
from .choices import CompanySize, SegmentKind, Stage
from .models import Chain, Segment, SegmentEnterprise, TargetCompany

SEGMENT_SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("stage", "位置", ("产业链位置", "上中下游", "链条位置")),
        FieldSpec("segment", "环节", ("产业链环节", "环节名称", "细分环节")),
        FieldSpec("node", "产品或技术", ("产品", "技术", "主要产品", "产品/技术", "细分产品")),
        FieldSpec("kind", "类型", ("节点类型", "产品或技术类型")),
        FieldSpec("name", "企业名称", ("本地企业", "企业", "单位名称", "企业全称")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码")),
        FieldSpec("note", "备注", ("说明",)),
    ]
)

TARGET_SPEC = Spec(
    [
        FieldSpec("seq", "序号", derived=True),
        FieldSpec("segment", "环节", ("产业链环节", "补链环节", "对应环节", "所属环节")),
        FieldSpec("name", "企业名称", ("目标企业", "招商目标企业", "企业全称", "公司名称")),
        FieldSpec("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码")),
        FieldSpec("province", "省份", ("所在省份", "省", "所在省")),
        FieldSpec("city", "城市", ("所在城市", "市", "所在地市", "地市")),
        FieldSpec("size", "规模", ("企业规模",)),
        FieldSpec("products", "主要产品", ("产品", "主营产品", "主营业务")),
        FieldSpec("note", "备注", ("说明",)),
    ]
)

STAGES = {"上游": Stage.UP, "中游": Stage.MID, "下游": Stage.DOWN}
KINDS = {"产品": SegmentKind.PRODUCT, "技术": SegmentKind.TECHNOLOGY}
SIZES = {
    "大型": CompanySize.LARGE,
    "中型": CompanySize.MEDIUM,
    "小型": CompanySize.SMALL,
    "微型": CompanySize.SMALL,
}


def chain_fields(user) -> dict:
    """What an upload also asks for: the chain (among those the user may change)."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    from jijuqu.core.scope import CHANGE

    return {
        "chain": forms.ModelChoiceField(Chain.objects.restrict(user, CHANGE), label=_("industrial chain"))
    }


def job_chain(job) -> Chain:
    from jijuqu.core.scope import CHANGE

    return Chain.objects.restrict(job.user, CHANGE).get(pk=job.options["chain"])


def segments_job(analysis: Analysis, job, write: bool) -> Result:
    return import_segments(analysis, job_chain(job), user=job.user, write=write)


def targets_job(analysis: Analysis, job, write: bool) -> Result:
    return import_targets(analysis, job_chain(job), user=job.user, write=write)


class _Rollback(Exception):
    pass


def _messages(err: ValidationError) -> dict[str, str]:
    if hasattr(err, "error_dict"):
        return {field: "；".join(messages) for field, messages in err.message_dict.items()}
    return {"__all__": "；".join(err.messages)}


def _save(obj, user) -> None:
    obj._history_user = user
    obj.save()


def _run(analysis: Analysis, write: bool, body) -> Result:
    """Run `body(result)` in one transaction, kept only when written without errors."""
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            body(result)
            if result.errors or not write:
                raise _Rollback
    except _Rollback:
        pass
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    return result


def local_enterprise(chain: Chain, row, fail):
    """The enterprise a row names: by credit code, else by exact name among the chain's local ones."""
    code = normalize(text(row.raw("credit_code")))
    name = text(row.raw("name"))
    if code:
        enterprise = Enterprise.objects.filter(credit_code=code).select_related("zone__region").first()
        if enterprise is None:
            fail("credit_code", "没有登记此统一社会信用代码的企业，请先在企业名录中登记")
        return enterprise
    local = Enterprise.objects.filter(name=name)
    local = (
        local.filter(zone=chain.zone) if chain.zone_id else local.filter(chain.region.below("zone__region"))
    )
    found = list(local[:2])
    if not found:
        fail("name", f"{services.area_name(chain)}没有名为“{name}”的企业，请核对名称或填写统一社会信用代码")
        return None
    if len(found) > 1:
        fail("name", f"{services.area_name(chain)}有多家名为“{name}”的企业，请填写统一社会信用代码")
        return None
    return found[0]


def import_segments(analysis: Analysis, chain: Chain, *, user=None, write: bool = True) -> Result:
    """Rows of 位置, 环节, (产品或技术, 类型), (企业名称, 统一社会信用代码): the 环节 (and the node below it)
    are made when new; the enterprise is placed on the row's node. A row without an enterprise only lays
    out its segment (a 缺链 until someone is placed on it)."""

    def body(result: Result) -> None:
        nodes = {s.name: s for s in Segment.objects.filter(chain=chain)}
        for row in analysis.rows:
            made = result.created

            def fail(key, message, row=row):
                result.errors.append(row.issue(key, message))

            name = text(row.raw("segment"))
            if not name:
                fail("segment", "环节名称为空")
                continue
            stage_text = text(row.raw("stage"))
            stage = STAGES.get(stage_text.replace(" ", ""))
            if stage_text and stage is None:
                fail("stage", "位置应为“上游”“中游”或“下游”")
                continue
            segment = nodes.get(name)
            if segment is not None and segment.parent_id is not None:
                fail("segment", f"“{name}”是{segment.get_kind_display()}，不是环节；请在“产品或技术”列填写它")
                continue
            if segment is not None and stage and segment.stage != stage:
                fail("stage", f"环节“{name}”已在{segment.get_stage_display()}，与本行位置不符")
                continue
            if segment is None:
                if stage is None:
                    fail("stage", f"新环节“{name}”须填写位置（上游、中游或下游）")
                    continue
                segment = Segment(
                    chain=chain, name=name, stage=stage, kind=SegmentKind.SEGMENT, order=len(nodes)
                )
                if not _valid(segment, row, fail, {"name": "segment", "stage": "stage"}):
                    continue
                _save(segment, user)
                nodes[name] = segment
                result.created += 1
            target = segment
            node_name = text(row.raw("node"))
            if node_name:
                kind_text = text(row.raw("kind"))
                kind = KINDS.get(kind_text, SegmentKind.PRODUCT if not kind_text else None)
                if kind is None:
                    fail("kind", "类型应为“产品”或“技术”")
                    continue
                node = nodes.get(node_name)
                if node is not None and node.parent_id != segment.pk:
                    fail("node", f"“{node_name}”已在本产业链的其他位置，不在环节“{name}”下")
                    continue
                if node is None:
                    node = Segment(
                        chain=chain, name=node_name, parent=segment, kind=kind, stage=segment.stage
                    )
                    if not _valid(node, row, fail, {"name": "node", "kind": "kind", "parent": "node"}):
                        continue
                    _save(node, user)
                    nodes[node_name] = node
                    result.created += 1
                target = node
            if not (row.has("name") or row.has("credit_code")):
                result.unchanged += result.created == made
                continue
            enterprise = local_enterprise(chain, row, fail)
            if enterprise is None:
                continue
            if SegmentEnterprise.objects.filter(segment=target, enterprise=enterprise).exists():
                result.unchanged += 1
                continue
            placement = SegmentEnterprise(
                segment=target, enterprise=enterprise, note=text(row.raw("note"))[:300]
            )
            column = "credit_code" if row.has("credit_code") else "name"
            if _valid(placement, row, fail, {"enterprise": column, "segment": "segment"}):
                _save(placement, user)
                result.created += 1

    return _run(analysis, write, body)


def _valid(obj, row, fail, columns: dict[str, str]) -> bool:
    try:
        obj.full_clean()
    except ValidationError as err:
        for field, message in _messages(err).items():
            fail(columns.get(field, next(iter(columns.values()))), message)
        return False
    return True


def find_province(value: str):
    value = value.strip()
    if not value:
        return None
    rows = Region.objects.filter(level="province")
    return rows.filter(name=value).first() or rows.filter(name__startswith=value).order_by("code").first()


def find_city(value: str, province):
    value = value.strip()
    rows = Region.objects.filter(level="city")
    if province is not None:
        rows = rows.filter(code__startswith=province.prefix)
    exact = list(rows.filter(name__in=[value, f"{value}市"])[:2])
    return exact


def import_targets(analysis: Analysis, chain: Chain, *, user=None, write: bool = True) -> Result:
    """Rows of 环节, 企业名称, (统一社会信用代码, 省份, 城市, 规模, 主要产品, 备注): a target company of the
    chain on the named segment; a company already listed for the chain is updated."""

    def body(result: Result) -> None:
        nodes = {s.name: s for s in Segment.objects.filter(chain=chain)}
        existing = {t.name: t for t in TargetCompany.objects.filter(chain=chain)}
        seen: dict[str, int] = {}
        for row in analysis.rows:

            def fail(key, message, row=row):
                result.errors.append(row.issue(key, message))

            name = text(row.raw("name"))
            if not name:
                fail("name", "企业名称为空")
                continue
            if name in seen:
                fail("name", f"与第{seen[name]}行的企业名称相同")
                continue
            seen[name] = row.number
            segment_name = text(row.raw("segment"))
            segment = nodes.get(segment_name)
            if segment is None:
                fail(
                    "segment",
                    f"本产业链没有名为“{segment_name}”的环节，请先导入或添加环节"
                    if segment_name
                    else "环节为空",
                )
                continue
            province = find_province(text(row.raw("province")))
            if row.has("province") and province is None:
                fail("province", "没有这个省份")
                continue
            city = None
            if row.has("city"):
                cities = find_city(text(row.raw("city")), province)
                if len(cities) != 1:
                    fail("city", "没有这个城市" if not cities else "有多个同名城市，请填写省份")
                    continue
                city = cities[0]
            size_text = text(row.raw("size"))
            if size_text and size_text not in SIZES:
                fail("size", "规模应为“大型”“中型”或“小型”")
                continue
            values = {
                "segment": segment,
                "credit_code": normalize(text(row.raw("credit_code"))),
                "province": province,
                "city": city,
                "size": SIZES.get(size_text, ""),
                "products": text(row.raw("products"))[:300],
                "note": text(row.raw("note"))[:300],
            }
            target = existing.get(name) or TargetCompany(chain=chain, name=name)
            changed = (
                list(values)
                if target.pk is None
                else [k for k, v in values.items() if getattr(target, k) != v]
            )
            for key in changed:
                setattr(target, key, values[key])
            columns = {
                "credit_code": "credit_code",
                "city": "city",
                "province": "province",
                "segment": "segment",
                "name": "name",
                "products": "products",
                "note": "note",
            }
            if not _valid(target, row, fail, columns):
                continue
            if target.pk is None:
                _save(target, user)
                result.created += 1
            elif changed:
                _save(target, user)
                result.updated += 1
            else:
                result.unchanged += 1

    return _run(analysis, write, body)

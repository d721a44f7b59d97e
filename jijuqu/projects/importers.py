"""Import of key-project ledgers (重点项目台账) through the import engine.

A row gives a project (matched by 项目编号, or by name within its zone), optionally its annual plan,
the investment completed this year up to the import month (1-10月完成投资) or in the month
(10月完成投资), the 形象进度, and the problem it reports. The month's report is derived from the
year-to-date figure and the months already reported, so importing the same file twice changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from simple_history.utils import bulk_update_with_history

from jijuqu.core.fastinsert import insert
from jijuqu.core.scope import ADD, CHANGE, VIEW, can
from jijuqu.core.sync import sync_rows
from jijuqu.imports.engine import Analysis, DataRow, FieldSpec, Issue, Result, Spec, no_rows
from jijuqu.imports.layout import normalize, section_name
from jijuqu.imports.values import CellError, choice, date, text, year_range
from jijuqu.zones.models import Department, Industry, Official, Zone

from .analysis import Period
from .choices import ProblemCategory, ProjectKind, ProjectLevel, ProjectStatus
from .models import AnnualPlan, MonthlyProgress, Problem, Project, StatusChange
from .services import invested_besides

MONTHS = r"1[-—~～至]\d{1,2}月(份)?"
FIELDS = [
    FieldSpec("seq", "序号", ("序",), derived=True),
    FieldSpec("code", "项目编号", ("项目代码", "项目编码", "编号")),
    FieldSpec("name", "项目名称", ("项目名称及建设内容", "项目名称及主要建设内容", "名称")),
    FieldSpec(
        "builder_name", "建设单位", ("项目单位", "项目业主", "业主单位", "实施单位", "建设主体", "项目法人")
    ),
    FieldSpec(
        "zone",
        "所属开发区",
        (
            "开发区",
            "产业集聚区",
            "所在开发区",
            "所属集聚区",
            "县(市、区)",
            "县区",
            "所属县区",
            "县(市)",
            "地区",
        ),
    ),
    FieldSpec("kind", "建设性质", ("项目性质", "性质")),
    FieldSpec("level", "项目级别", ("级别", "项目类别")),
    FieldSpec("industry", "所属产业", ("产业", "产业类别", "行业", "所属行业", "产业分类")),
    FieldSpec(
        "total_investment", "总投资", ("计划总投资", "项目总投资", "估算总投资", "总投资额"), money=True
    ),
    FieldSpec(
        "plan",
        "年度计划投资",
        ("本年计划投资", "年计划投资", "计划投资", "年度投资计划", "本年度计划投资"),
        patterns=(r"\d{4}年(度)?(计划投资|投资计划|计划完成投资)",),
        money=True,
    ),
    FieldSpec(
        "ytd",
        "本年累计完成投资",
        ("累计完成投资", "年度累计完成投资", "本年完成投资", "年度完成投资"),
        patterns=(MONTHS + r"(累计)?完成投资(额)?", r"\d{4}年" + MONTHS + r"(累计)?完成投资(额)?"),
        money=True,
    ),
    FieldSpec(
        "month_invested",
        "本月完成投资",
        ("当月完成投资",),
        patterns=(r"\d{1,2}月(份)?完成投资(额)?",),
        money=True,
    ),
    FieldSpec(
        "since_start",
        "开工累计完成投资",
        ("自开工累计完成投资", "开工以来累计完成投资", "累计完成投资(开工以来)"),
        money=True,
        derived=True,
    ),
    FieldSpec(
        "rate", "完成率", ("投资完成率", "占年度计划", "占年度计划比例", "年度计划完成率"), derived=True
    ),
    FieldSpec("planned_start", "开工时间", ("计划开工时间", "开工日期", "开工年月", "计划开工日期")),
    FieldSpec("planned_completion", "竣工时间", ("计划竣工时间", "竣工日期", "竣工年月", "计划竣工日期")),
    FieldSpec("years", "建设年限", ("建设起止年限", "建设期限", "起止年限", "建设周期")),
    FieldSpec(
        "progress_text",
        "形象进度",
        (
            "工程形象进度",
            "项目进展情况",
            "进展情况",
            "建设进展",
            "目前进展",
            "项目进度",
            "形象进度及存在问题",
        ),
    ),
    FieldSpec(
        "leader_name",
        "包联领导",
        ("分包领导", "联系领导", "责任领导", "包联市领导", "包抓领导", "分包市领导"),
    ),
    FieldSpec("department_name", "责任单位", ("牵头单位", "责任部门", "牵头部门")),
    FieldSpec(
        "problem", "存在问题", ("存在的问题", "问题及建议", "需协调解决的问题", "存在困难和问题", "制约因素")
    ),
]
SPEC = Spec(FIELDS)

KINDS = {
    "新建": ProjectKind.NEW,
    "扩建": ProjectKind.EXPANSION,
    "改扩建": ProjectKind.EXPANSION,
    "技改": ProjectKind.RENOVATION,
    "技术改造": ProjectKind.RENOVATION,
}
LEVELS = {
    "省重点": ProjectLevel.PROVINCE,
    "省级": ProjectLevel.PROVINCE,
    "省重点项目": ProjectLevel.PROVINCE,
    "市重点": ProjectLevel.CITY,
    "市级": ProjectLevel.CITY,
    "市重点项目": ProjectLevel.CITY,
    "县重点": ProjectLevel.COUNTY,
    "县级": ProjectLevel.COUNTY,
    "县重点项目": ProjectLevel.COUNTY,
}
NO_PROBLEM = {"无", "无问题", "暂无", "没有", "否", "/", "-", "—"}
PROBLEM_WORDS = [
    (ProblemCategory.LAND, ("用地", "土地", "征地", "指标")),
    (ProblemCategory.FUNDING, ("资金", "贷款", "融资")),
    (ProblemCategory.PROCEDURES, ("手续", "审批", "环评", "能评", "规划", "许可")),
    (ProblemCategory.FACTORS, ("供电", "用电", "用水", "用气", "道路", "电力", "要素")),
    (ProblemCategory.ENVIRONMENT, ("环保", "扬尘", "管控", "污染")),
]


@dataclass
class Context:
    year: int
    month: int
    user: object = None  # None: a command run by the operator, no scope limit
    default_zone: Zone | None = None
    level: str = ProjectLevel.CITY
    # A ledger of a past period records that period's figures only; the projects' details (dates,
    # investment, builder …) are taken from it only when asked for.
    update_details: bool | None = None


def import_job(analysis: Analysis, job, write: bool) -> Result:
    """The project ledger as a kind of the import engine (jijuqu.imports.registry)."""
    ctx = Context(
        job.year,
        job.month,
        user=job.user,
        default_zone=job.zone,
        update_details=job.options.get("update_details") or None,
    )
    return import_ledger(analysis, ctx, write=write)


@dataclass
class Item:
    row: DataRow
    zone: Zone
    project: Project | None  # the existing project, or None for a new one
    values: dict  # project fields read from the row
    plan: Decimal | None = None
    ytd: Decimal | None = None
    month_amount: Decimal | None = None  # invested in the import month
    progress_text: str | None = None
    problem: str | None = None
    is_new: bool = False
    dirty: bool = False
    new_row: dict | None = None  # a new project's row as inserted (its "id" set by the insert)

    @property
    def pk(self) -> int:
        return self.project.pk if self.project is not None else self.new_row["id"]

    def field(self, attname: str):
        """A field of the project as written: the new row's (complete once inserted), or the
        existing project's."""
        return getattr(self.project, attname) if self.project is not None else self.new_row[attname]


class Lookups:
    """Reference data read once per import, not once per row."""

    def __init__(self, user):
        self.zones = ZoneMatcher(user)
        self.industries = dict(Industry.objects.values_list("name", "pk"))
        self.departments: dict[int, list[Department]] = {}
        self.officials: dict[tuple, dict[str, list[int]]] = {}

    def departments_near(self, zone: Zone) -> list[Department]:
        if zone.pk not in self.departments:
            chain = zone.region.chain_codes()
            self.departments[zone.pk] = list(
                Department.objects.filter(Q(zone=zone) | Q(zone__isnull=True, region__code__in=chain))
            )
        return self.departments[zone.pk]

    def officials_near(self, zone: Zone) -> dict[str, list[int]]:
        chain = zone.region.chain_codes()
        if chain not in self.officials:
            names: dict[str, list[int]] = defaultdict(list)
            for pk, name in Official.objects.filter(department__region__code__in=chain).values_list(
                "pk", "name"
            ):
                names[name].append(pk)
            self.officials[chain] = names
        return self.officials[chain]


def import_ledger(analysis: Analysis, ctx: Context, *, write: bool = True) -> Result:
    """Validate every row; write nothing unless all are valid (and `write`)."""
    result = Result(errors=list(analysis.errors) + no_rows(analysis))
    result.errors += check_headers(analysis, ctx)
    lookups = Lookups(ctx.user)
    rows = analysis.rows
    existing = existing_projects(rows, lookups.zones)
    editable = (
        None
        if ctx.user is None
        else set(
            Project.objects.restrict(ctx.user, CHANGE)
            .filter(pk__in=[p.pk for p in existing.values()])
            .values_list("pk", flat=True)
        )
    )
    items, seen = [], {}
    for row in rows:
        item = read_item(row, ctx, lookups, existing, editable, result.errors)
        if item is None:
            continue
        key = item.values.get("code") or (item.zone.pk, item.values.get("name"))
        if key in seen:
            result.errors.append(
                row.issue("name", f"与第{seen[key]}行是同一项目，同一文件中每个项目只能出现一次")
            )
            continue
        seen[key] = row.number
        items.append(item)
    compare_with_database(items, ctx, result.errors)
    for item in items:
        if item.is_new:
            result.created += 1
        elif item.dirty:
            result.updated += 1
        else:
            result.unchanged += 1
    if result.errors:
        # Nothing is written, so nothing is created or updated.
        result.created = result.updated = result.unchanged = 0
        return result
    if not write:
        return result
    with transaction.atomic():
        write_items(items, ctx)
    return result


def check_headers(analysis: Analysis, ctx: Context) -> list[Issue]:
    """A header that names another period than the one imported is an error, not a guess."""
    errors = []
    for sheet in analysis.sheets:
        if sheet.layout is None:
            continue
        number = sheet.layout.header_rows[0] + 1
        for column in sheet.layout.columns:
            header = normalize(column.header)
            where = f"{column.letter} {column.header}"
            m = re.search(r"1[-—~～至](\d{1,2})月", header)
            if column.key == "ytd" and m and int(m.group(1)) != ctx.month:
                errors.append(
                    Issue(
                        sheet.name,
                        number,
                        where,
                        column.header,
                        f"表头为1-{m.group(1)}月，而导入期间为{ctx.year}年{ctx.month}月",
                    )
                )
            m = re.search(r"(\d{4})年", header)
            if column.key in ("ytd", "plan") and m and int(m.group(1)) != ctx.year:
                errors.append(
                    Issue(
                        sheet.name,
                        number,
                        where,
                        column.header,
                        f"表头为{m.group(1)}年，而导入期间为{ctx.year}年",
                    )
                )
            m = re.match(r"(\d{1,2})月", header)
            if column.key == "month_invested" and m and int(m.group(1)) != ctx.month:
                errors.append(
                    Issue(
                        sheet.name,
                        number,
                        where,
                        column.header,
                        f"表头为{m.group(1)}月，而导入期间为{ctx.month}月",
                    )
                )
        keys = {c.key for c in sheet.layout.columns}
        if "name" not in keys and "code" not in keys:
            errors.append(Issue(sheet.name, number, "", None, "未找到“项目名称”或“项目编号”列，无法识别项目"))
    return errors


class ZoneMatcher:
    """Zone names as ledgers write them ("一、沁阳市（10个）", an old name, a county) to zones the
    user may import into."""

    def __init__(self, user):
        qs = Zone.objects.all() if user is None else Zone.objects.restrict(user, VIEW)
        self.zones = list(qs.select_related("region"))
        self.by_name: dict[str, list[Zone]] = defaultdict(list)
        self.by_region: dict[str, list[Zone]] = defaultdict(list)
        for zone in self.zones:
            for name in (zone.name, *zone.alias_list()):
                self.by_name[clean_name(name)].append(zone)
            self.by_region[clean_name(zone.region.name)].append(zone)
        # Zone staff may add projects to their zone; region users to the zones of their region.
        self.writable = (
            None if user is None else ({z.pk for z in self.zones} if can(user, ADD, Project) else set())
        )
        self.cache: dict[str, Zone | str] = {}

    def find(self, label: str) -> Zone | str:
        """The zone, or a Chinese message saying why not."""
        if label not in self.cache:
            self.cache[label] = self._find(label)
        return self.cache[label]

    def _find(self, label: str) -> Zone | str:
        name = clean_name(section_name(label))
        found = (
            self.by_name.get(name)
            or self.by_region.get(name)
            or [z for z in self.zones if len(name) >= 4 and (name in z.name or z.name in name)]
        )
        if len(found) == 1:
            return found[0]
        if not found:
            return f"“{label}”未能对应到您可导入的开发区（可在开发区的“其他名称”中登记曾用名）"
        return f"“{label}”对应多个开发区：{'、'.join(z.name for z in found)}，请在表中写明开发区全称"


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def existing_projects(rows: list[DataRow], zones: ZoneMatcher) -> dict:
    """Projects the rows may refer to, by code and by (zone, name), in one query."""
    codes = {text(r.raw("code")) for r in rows if r.has("code")}
    qs = Project.objects.filter(Q(code__in=codes) | Q(zone_id__in=[z.pk for z in zones.zones]))
    by_key = {}
    for p in qs:
        if p.code:
            by_key[p.code] = p
        by_key[(p.zone_id, p.name)] = p
    return by_key


def find_zone(row: DataRow, ctx: Context, zones: ZoneMatcher) -> Zone | str:
    """The row's own zone column, else its section, else its sheet's name, else the chosen default."""
    if row.has("zone"):
        return zones.find(text(row.raw("zone")))
    if row.section:
        return zones.find(row.section)
    by_sheet = zones.find(row.sheet)
    if isinstance(by_sheet, Zone):
        return by_sheet
    if ctx.default_zone is not None:
        return ctx.default_zone
    return "无法确定项目所属开发区：请在导入时选择开发区，或在表中按开发区分组"


def read_item(
    row: DataRow, ctx: Context, lookups: Lookups, existing: dict, editable: set | None, errors: list[Issue]
) -> Item | None:
    before = len(errors)

    def fail(key, message):
        errors.append(row.issue(key, message))

    zone = find_zone(row, ctx, lookups.zones)
    if isinstance(zone, str):
        fail("zone" if row.has("zone") else "name", zone)
        return None
    if lookups.zones.writable is not None and zone.pk not in lookups.zones.writable:
        fail("name", f"您无权向“{zone.name}”导入项目")
        return None
    name, code = text(row.raw("name")), text(row.raw("code"))
    project = (existing.get(code) if code else None) or existing.get((zone.pk, name))
    if project is not None and editable is not None and project.pk not in editable:
        fail("name", "您无权修改该项目")
        return None
    values: dict = {"zone_id": zone.pk}
    if name:
        values["name"] = name
        if len(name) > 200:
            fail("name", "项目名称超过200字")
    elif project is None:
        fail("name", "项目名称为空")
    if code:
        values["code"] = code
        if len(code) > 40:
            fail("code", "项目编号超过40个字符")
    for key, limit in (("builder_name", 200), ("leader_name", 100), ("department_name", 100)):
        if row.has(key):
            values[key] = text(row.raw(key))
            if len(values[key]) > limit:
                fail(key, f"超过{limit}字")
    if project is None and not values.get("builder_name"):
        fail("builder_name", "建设单位为空")
    for key, options, what in (("kind", KINDS, "建设性质"), ("level", LEVELS, "项目级别")):
        if row.has(key):
            try:
                values[key] = choice(row.raw(key), options, what)
            except CellError as err:
                fail(key, str(err))
    if row.has("industry"):
        industry = lookups.industries.get(text(row.raw("industry")))
        if industry is None:
            fail("industry", f"“{text(row.raw('industry'))}”不是已登记的产业（可在“产业”中先登记）")
        values["industry_id"] = industry
    amounts = {}
    for key in ("total_investment", "plan", "ytd", "month_invested"):
        amount = row.money.get(key)
        if isinstance(amount, CellError):
            fail(key, str(amount))
        elif amount is not None and amount < 0:
            fail(key, "金额不能为负数")
        elif amount is not None and amount >= Decimal("1e14"):
            fail(key, "金额过大")
        elif amount is not None:
            amounts[key] = amount
    if "total_investment" in amounts:
        values["total_investment"] = amounts["total_investment"]
    elif project is None and "total_investment" not in row.money:
        fail("total_investment" if "total_investment" in row.cells else "name", "总投资为空")
    read_dates(row, values, fail)
    if values.get("leader_name"):
        leaders = lookups.officials_near(zone).get(values["leader_name"], [])
        # Linked to the official when the name is unambiguous; the text is kept only otherwise.
        values["leader_id"] = leaders[0] if len(leaders) == 1 else None
        if values["leader_id"]:
            values["leader_name"] = ""
    if values.get("department_name"):
        wanted = values["department_name"]
        depts = [
            d.pk
            for d in lookups.departments_near(zone)
            if d.name == wanted or d.name.endswith(wanted.lstrip("市县区"))
        ]
        values["department_id"] = depts[0] if len(depts) == 1 else None
        if values["department_id"]:
            values["department_name"] = ""
    if len(errors) > before:
        return None
    problem = text(row.raw("problem")) if row.has("problem") else None
    return Item(
        row,
        zone,
        project,
        values,
        plan=amounts.get("plan"),
        ytd=amounts.get("ytd"),
        month_amount=amounts.get("month_invested"),
        progress_text=text(row.raw("progress_text")) if row.has("progress_text") else None,
        problem=None if problem in NO_PROBLEM else problem,
        is_new=project is None,
    )


def read_dates(row: DataRow, values: dict, fail) -> None:
    try:
        if row.has("years"):
            span = year_range(row.raw("years"))
            if span:
                values["planned_start"], values["planned_completion"] = span
            else:
                values["planned_start"] = date(row.raw("years"))
    except CellError as err:
        fail("years", str(err))
    for key, end in (("planned_start", False), ("planned_completion", True)):
        if row.has(key):
            try:
                values[key] = date(row.raw(key), end=end)
            except CellError as err:
                fail(key, str(err))
    start, finish = values.get("planned_start"), values.get("planned_completion")
    if start and finish and finish < start:
        fail("planned_completion", f"竣工时间{finish}早于开工时间{start}")


def compare_with_database(items: list[Item], ctx: Context, errors: list[Issue]) -> None:
    """Turn 1-M月 figures into the month's report, check totals against total investment, and mark
    which rows change anything."""
    ids = [i.project.pk for i in items if i.project is not None]
    earlier = dict(
        MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month__lt=ctx.month)
        .values("project")
        .annotate(s=Sum("invested"))
        .values_list("project", "s")
    )
    others = invested_besides(ids, (ctx.year, ctx.month))
    current = {
        p.project_id: p
        for p in MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month)
    }
    plans = dict(
        AnnualPlan.objects.filter(project_id__in=ids, year=ctx.year).values_list(
            "project_id", "planned_investment"
        )
    )
    problems = set(Problem.objects.filter(project_id__in=ids).values_list("project_id", "title"))
    for item in items:
        pk = item.project.pk if item.project else None
        before = earlier.get(pk) or Decimal(0)
        if item.ytd is not None and item.ytd == before and pk not in current and not item.progress_text:
            # Nothing new this month and nothing to say: no empty report is invented.
            item.ytd = None
        elif item.ytd is not None:
            if item.month_amount is not None and before + item.month_amount != item.ytd:
                errors.append(
                    item.row.issue(
                        "month_invested",
                        f"本月完成投资{item.month_amount}万元加上此前各月"
                        f"{before}万元，不等于1-{ctx.month}月累计{item.ytd}万元",
                    )
                )
                continue
            if item.ytd < before:
                errors.append(
                    item.row.issue(
                        "ytd",
                        f"1-{ctx.month}月累计完成投资{item.ytd}万元，少于已填报的"
                        f"1-{ctx.month - 1}月累计{before}万元",
                    )
                )
                continue
            item.month_amount = item.ytd - before
        total = item.values.get("total_investment", item.project.total_investment if item.project else None)
        if item.month_amount is not None and total is not None:
            since_start = (others.get(pk) or Decimal(0)) + item.month_amount
            if since_start > total:
                errors.append(
                    item.row.issue(
                        "ytd" if item.ytd is not None else "month_invested",
                        f"累计完成投资将达{since_start}万元，超过项目总投资{total}万元",
                    )
                )
        if item.is_new:
            continue
        report = current.get(pk)
        item.dirty = bool(
            project_changes(item)
            or (item.plan is not None and plans.get(pk) != item.plan)
            or (item.month_amount is not None and (report is None or report.invested != item.month_amount))
            or (
                item.progress_text is not None
                and (report is None or report.progress_text != item.progress_text)
            )
            or (item.problem and (pk, item.problem[:200]) not in problems)
        )


def project_changes(item: Item) -> list[str]:
    return [k for k, v in item.values.items() if getattr(item.project, k) != v]


def write_items(items: list[Item], ctx: Context) -> None:
    user = ctx.user
    new, changed, fields = [], [], set()
    for item in items:
        if item.is_new:
            # New projects are written as rows, not model instances (a ledger may hold 100,000).
            item.new_row = {"level": ctx.level, "kind": ProjectKind.NEW, **item.values}
            if day := start_day(item, ctx):
                item.new_row["status"], item.new_row["actual_start"] = ProjectStatus.BUILDING, day
            new.append(item.new_row)
        elif changes := project_changes(item):
            for k in changes:
                setattr(item.project, k, item.values[k])
            changed.append(item.project)
            fields.update(changes)
    insert(Project, new, user)
    if changed:
        bulk_update_with_history(changed, Project, sorted(fields), batch_size=2000, default_user=user)
    # A new project has no plan or report yet: its rows are inserted as they are. Those of projects
    # already in the database are matched and updated.
    plans = {
        i.pk: {"project_id": i.pk, "year": ctx.year, "planned_investment": i.plan}
        for i in items
        if i.plan is not None
    }
    insert(AnnualPlan, [plans.pop(i.pk) for i in items if i.is_new and i.pk in plans], user)
    ids = [i.pk for i in items if not i.is_new]
    sync_rows(
        AnnualPlan,
        ("project_id", "year"),
        list(plans.values()),
        user=user,
        row_clean=False,
        checked=True,
        queryset=AnnualPlan.objects.filter(project_id__in=ids, year=ctx.year),
    )
    current = {
        p.project_id: p
        for p in MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month)
    }
    new_progress, progress_rows = [], []
    for i in items:
        if i.month_amount is None and i.progress_text is None:
            continue
        old = current.get(i.pk)
        (new_progress if i.is_new else progress_rows).append(
            {
                "project_id": i.pk,
                "year": ctx.year,
                "month": ctx.month,
                "invested": i.month_amount
                if i.month_amount is not None
                else (old.invested if old else Decimal(0)),
                "progress_text": i.progress_text
                if i.progress_text is not None
                else (old.progress_text if old else ""),
            }
        )
    insert(MonthlyProgress, new_progress, user)
    sync_rows(
        MonthlyProgress,
        ("project_id", "year", "month"),
        progress_rows,
        user=user,
        row_clean=False,
        checked=True,
        queryset=MonthlyProgress.objects.filter(project_id__in=ids, year=ctx.year, month=ctx.month),
    )
    record_start([i for i in items if i.is_new], ctx, user)
    write_problems(items, ctx)


def start_day(item: Item, ctx: Context):
    """A new project that reports investment is under construction from its planned start (at the
    latest the end of the import month); None for one that reports nothing."""
    if not item.month_amount:
        return None
    period_end = Period(ctx.year, ctx.month).end
    return min(item.values.get("planned_start") or period_end, period_end)


def record_start(items: list[Item], ctx: Context, user) -> None:
    """The 开工 and 在建 steps of new projects, so their timeline says how they got there."""
    steps = ((ProjectStatus.PLANNING, ProjectStatus.STARTED), (ProjectStatus.STARTED, ProjectStatus.BUILDING))
    user_id = getattr(user, "pk", None)
    rows = [
        {
            "project_id": item.pk,
            "from_status": old,
            "to_status": new,
            "date": item.field("actual_start"),
            "note": "台账导入",
            "user_id": user_id,
        }
        for item in items
        if item.field("status") == ProjectStatus.BUILDING
        for old, new in steps
    ]
    insert(StatusChange, rows, user)


def write_problems(items: list[Item], ctx: Context) -> None:
    """The 存在问题 column becomes an open problem on the project (once per text)."""
    period_end = Period(ctx.year, ctx.month).end
    wanted = [i for i in items if i.problem]
    existing = set(
        Problem.objects.filter(project_id__in=[i.pk for i in wanted]).values_list("project_id", "title")
    )
    for item in wanted:
        title = item.problem[:200]
        if (item.pk, title) in existing:
            continue
        # One by one: each problem starts its escalation record.
        Problem.objects.create(
            title=title,
            description=item.problem,
            category=problem_category(item.problem),
            project_id=item.pk,
            department_id=item.field("department_id"),
            raised_on=period_end,
            deadline=period_end + dt.timedelta(days=30),
        )


def problem_category(text_: str) -> str:
    for category, words in PROBLEM_WORDS:
        if any(w in text_ for w in words):
            return category
    return ProblemCategory.OTHER

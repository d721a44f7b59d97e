"""Reading a ledger's rows: which project each is (by code, else by zone and name — never by name in
another zone), what it says, and what of it may be written."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from jijuqu.enterprises.services import BuilderMatcher
from jijuqu.imports.engine import Analysis, DataRow, Issue
from jijuqu.imports.layout import normalize
from jijuqu.imports.values import CellError, choice, date, text, year_range
from jijuqu.zones.matching import ZoneMatcher, find_zone
from jijuqu.zones.models import Department, Industry, Official, Zone

from ..choices import ProjectLevel
from ..models import Project
from .spec import KINDS, LEVELS, NO_PROBLEM

# Fields that describe the project itself (not one period's figures): a past period's ledger leaves
# them as they are unless the user asks (Context.update_details).
DETAILS = (
    "name",
    "code",
    "builder_name",
    "builder_id",
    "kind",
    "level",
    "industry_id",
    "total_investment",
    "planned_start",
    "planned_completion",
    "leader_name",
    "leader_id",
    "department_name",
    "department_id",
)


@dataclass
class Context:
    year: int
    month: int
    user: object = None  # None: a command run by the operator, no scope limit
    default_zone: Zone | None = None
    level: str = ProjectLevel.CITY
    # Whether the rows' details (dates, investment, builder, leader …) update existing projects.
    # None: yes for the current reporting month, no for a past period's ledger, which records that
    # period's figures only.
    update_details: bool | None = None


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
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)

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
        self.zones = ZoneMatcher(user, Project)
        self.industries = dict(Industry.objects.values_list("name", "pk"))
        self.builders = BuilderMatcher()
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


@dataclass
class Existing:
    """Projects the rows may refer to, read in one query."""

    by_code: dict[str, Project]
    by_zone_name: dict[tuple[int, str], Project]
    by_name: dict[str, list[Project]]  # in the zones the user sees, to refuse a match across zones


def existing_projects(rows: list[DataRow], zones: ZoneMatcher, leave_out=frozenset()) -> Existing:
    """`leave_out`: projects the same import has just made from earlier rows (an import in batches
    finds in the database what the file was before it was imported, as a check does)."""
    codes = {text(r.raw("code")) for r in rows if r.has("code")}
    names = {text(r.raw("name")) for r in rows if r.has("name")}
    visible = [z.pk for z in zones.zones]
    # Two lookups, each along its unique index (code; zone and name), and the recycle bin left out
    # here rather than in SQL: given 2,000 codes or names and `archived_id IS NULL` (as `objects`
    # adds), SQLite without statistics (a new database, or one that an import has just filled)
    # walked the archived index — every live project, once per batch: a 300,000-row ledger spent
    # 24 s there, growing with the square of the rows.
    lookups = [Q(code__in=codes)] if codes else []
    lookups += [Q(zone_id__in=visible, name__in=names)] if names and visible else []
    projects = {}
    for lookup in lookups:
        for p in Project.all_objects.filter(lookup).select_related("zone").order_by():
            if p.archived_id is None and p.pk not in leave_out:
                projects[p.pk] = p
    found = Existing({}, {}, defaultdict(list))
    for p in sorted(projects.values(), key=lambda p: (p.zone_id, p.code or "", p.name)):
        if p.code:
            found.by_code[p.code] = p
        if p.zone_id in visible:
            found.by_zone_name[(p.zone_id, p.name)] = p
            found.by_name[p.name].append(p)
    return found


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

            def wrong(message, column=column, where=where, sheet=sheet, number=number):
                errors.append(Issue(sheet.name, number, where, column.header, message))

            m = re.search(r"1[-—~～至](\d{1,2})月", header)
            if column.key == "ytd" and m and int(m.group(1)) != ctx.month:
                wrong(f"表头为1-{m.group(1)}月，而导入期间为{ctx.year}年{ctx.month}月")
            m = re.search(r"(\d{4})年", header)
            if column.key in ("ytd", "plan") and m and int(m.group(1)) != ctx.year:
                wrong(f"表头为{m.group(1)}年，而导入期间为{ctx.year}年")
            m = re.match(r"(\d{1,2})月", header)
            if column.key == "month_invested" and m and int(m.group(1)) != ctx.month:
                wrong(f"表头为{m.group(1)}月，而导入期间为{ctx.month}月")
        keys = {c.key for c in sheet.layout.columns}
        if "name" not in keys and "code" not in keys:
            errors.append(Issue(sheet.name, number, "", None, "未找到“项目名称”或“项目编号”列，无法识别项目"))
    return errors


def match_project(row: DataRow, zone: Zone, existing: Existing, fail) -> Project | None | bool:
    """The existing project a row means: by code, else by zone and name. False when the row cannot be
    matched safely (the error is reported): a code of a project in another zone, or a name that is only
    in another zone (a past ledger grouped by county names another zone than today's record)."""
    name, code = text(row.raw("name")), text(row.raw("code"))
    if code and code in existing.by_code:
        project = existing.by_code[code]
        if project.zone_id != zone.pk:
            fail(
                "code", f"项目编号“{code}”是“{project.zone}”的项目，而本行属于“{zone.name}”；导入不会移动项目"
            )
            return False
        return project
    project = existing.by_zone_name.get((zone.pk, name))
    if project is not None:
        return project
    elsewhere = [p for p in existing.by_name.get(name, []) if p.zone_id != zone.pk]
    if elsewhere and not code:
        zones = "、".join(sorted({str(p.zone) for p in elsewhere}))
        fail(
            "name",
            f"同名项目在“{zones}”，本行属于“{zone.name}”：不按名称跨开发区对应。"
            "请核对所属开发区，或填写“项目编号”列以区分",
        )
        return False
    return None


def read_item(
    row: DataRow,
    ctx: Context,
    lookups: Lookups,
    existing: Existing,
    editable: set | None,
    errors: list[Issue],
) -> Item | None:
    before = len(errors)

    def fail(key, message):
        errors.append(row.issue(key, message))

    zone = find_zone(row, lookups.zones, ctx.default_zone)
    if isinstance(zone, str):
        # The row's own cells are still checked, so one upload names every mistake; what depends on
        # the zone (which project it is, whether a field may be empty, the links) cannot be.
        fail("zone" if row.has("zone") else "name", zone)
        zone = None
    elif lookups.zones.writable is not None and zone.pk not in lookups.zones.writable:
        fail("name", f"您无权向“{zone.name}”导入项目")
        return None
    name, code = text(row.raw("name")), text(row.raw("code"))
    project = match_project(row, zone, existing, fail) if zone is not None else None
    if project is False:
        return None
    new = project is None and zone is not None  # known to be a new project
    if project is not None and editable is not None and project.pk not in editable:
        fail("name", "您无权修改该项目")
        return None
    values: dict = {"zone_id": zone.pk if zone is not None else None}
    if name:
        values["name"] = name
        if len(name) > 200:
            fail("name", "项目名称超过200字")
    elif new:
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
    if new and not values.get("builder_name"):
        fail("builder_name", "建设单位为空")
    if zone is not None and values.get("builder_name") and (project is None or project.builder_id is None):
        values["builder_id"] = lookups.builders.find(zone.pk, values["builder_name"])
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
        elif amount is not None:
            amounts[key] = amount
    if "total_investment" in amounts:
        values["total_investment"] = amounts["total_investment"]
    elif new and "total_investment" not in row.money:
        fail("total_investment" if "total_investment" in row.cells else "name", "总投资为空")
    read_dates(row, values, fail)
    if zone is None:
        return None  # its errors are said above
    link(values, "leader", lookups.officials_near(zone).get(values.get("leader_name") or "", []), project)
    wanted = values.get("department_name") or ""
    depts = [
        d.pk
        for d in lookups.departments_near(zone)
        if wanted and (d.name == wanted or d.name.endswith(wanted.lstrip("市县区")))
    ]
    link(values, "department", depts, project)
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


def link(values: dict, name: str, matches: list[int], project: Project | None) -> None:
    """A typed leader or department becomes a link when the name is unambiguous. An import never
    replaces a linked record with plain text: when the name finds no one, a project that is linked
    keeps its link (and the text is not stored); one that is not keeps the text."""
    typed = values.get(f"{name}_name")
    if not typed:
        values.pop(f"{name}_name", None)
        return
    if len(matches) == 1:
        values[f"{name}_id"], values[f"{name}_name"] = matches[0], ""
    elif project is not None and getattr(project, f"{name}_id"):
        values.pop(f"{name}_name")
    else:
        values[f"{name}_id"] = None


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

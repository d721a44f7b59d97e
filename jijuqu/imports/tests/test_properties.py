"""Property tests: ledgers with random layouts, units and junk rows.

Whatever the layout, the totals in the database equal the totals in the sheet, and a single bad
cell leaves the database exactly as it was.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Project

pytestmark = pytest.mark.django_db
UNITS = {"万元": Decimal(1), "亿元": Decimal("0.0001"), "元": Decimal(10000)}  # sheet value = 万元 × factor

cents = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100)


@st.composite
def projects(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for i in range(n):
        total = draw(cents.filter(lambda d: d > 0))
        plan_share, ytd_share = draw(st.integers(0, 100)), draw(st.integers(0, 100))
        plan = (total * plan_share / 100).quantize(Decimal("0.01"))
        ytd = (total * ytd_share / 100).quantize(Decimal("0.01"))
        rows.append(
            {
                "name": f"测试项目{i:02d}号",
                "builder": f"测试公司{i}",
                "total": total,
                "plan": plan,
                "ytd": ytd,
                "zone": draw(st.sampled_from(["沁阳市产业集聚区", "温县产业集聚区"])),
            }
        )
    return rows


@st.composite
def ledgers(draw):
    return {
        "projects": draw(projects()),
        "unit": draw(st.sampled_from(list(UNITS))),
        "titles": draw(st.integers(min_value=0, max_value=2)),
        "two_row_header": draw(st.booleans()),
        "names": (
            draw(st.sampled_from(["项目名称", "项目名称及建设内容"])),
            draw(st.sampled_from(["建设单位", "项目单位"])),
            draw(st.sampled_from(["总投资", "计划总投资"])),
            draw(st.sampled_from(["1-10月完成投资", "本年累计完成投资"])),
        ),
        "sections": draw(st.booleans()),
        "total_on_top": draw(st.booleans()),
        "blank_rows": draw(st.lists(st.integers(min_value=0, max_value=20), max_size=3)),
        "note": draw(st.booleans()),
        "as_text": draw(st.booleans()),
    }


def amount(value: Decimal, ledger, as_text: bool):
    sheet_value = (value * UNITS[ledger["unit"]]).normalize()
    if as_text:
        return f"{sheet_value:,f}"
    return float(sheet_value) if sheet_value != int(sheet_value) else int(sheet_value)


def build(ledger, bad_cell: tuple[int, int] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    for t in range(ledger["titles"]):
        ws.append([f"2024年重点项目进展表{'（续）' * t}"])
    ws.append([None, None, None, f"单位：{ledger['unit']}"])
    name, builder, total_h, ytd_h = ledger["names"]
    if ledger["two_row_header"]:
        ws.append(["序号", name, builder, total_h, "2024年计划投资", ytd_h, "建设年限", None])
        ws.append([None, None, None, None, None, None, "开工时间", "竣工时间"])
    else:
        ws.append(["序号", name, builder, total_h, "2024年计划投资", ytd_h, "开工时间", "竣工时间"])
    rows = ledger["projects"]
    total_row = [
        "合计",
        None,
        None,
        *(amount(sum(p[k] for p in rows), ledger, False) for k in ("total", "plan", "ytd")),
    ]
    body = []
    groups = [("沁阳市产业集聚区", "一"), ("温县产业集聚区", "二")] if ledger["sections"] else [(None, None)]
    for zone, numeral in groups:
        members = [p for p in rows if zone is None or p["zone"] == zone]
        if zone is not None and members:
            body.append([f"{numeral}、{zone}（{len(members)}个）"])
        for i, p in enumerate(members, start=1):
            body.append(
                [
                    i,
                    p["name"],
                    p["builder"],
                    *(amount(p[k], ledger, ledger["as_text"]) for k in ("total", "plan", "ytd")),
                    "2024.3",
                    "2025年6月",
                ]
            )
    for position in ledger["blank_rows"]:
        body.insert(min(position, len(body)), [None])
    if bad_cell is not None:
        data_rows = [r for r in body if len(r) > 3]
        row = data_rows[bad_cell[0] % len(data_rows)]
        row[3 + bad_cell[1] % 3] = f"约{row[3 + bad_cell[1] % 3]}"
    for row in ([total_row] + body) if ledger["total_on_top"] else (body + [total_row]):
        ws.append(row)
    if ledger["note"]:
        ws.append([])
        ws.append(["注：数据由各开发区管委会报送。"])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def import_bytes(content: bytes, zone):
    return import_ledger(analyse(read_workbook(BytesIO(content)), SPEC), Context(2024, 10, default_zone=zone))


PROPERTY = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(ledgers())
def test_database_totals_equal_sheet_totals(world, ledger):
    with transaction.atomic():
        zone = None if ledger["sections"] else world.zone_a
        result = import_bytes(build(ledger), zone)
        assert result.errors == []
        rows = ledger["projects"]
        assert result.created == len(rows)
        assert sum(Project.objects.values_list("total_investment", flat=True)) == sum(
            p["total"] for p in rows
        )
        assert sum(AnnualPlan.objects.values_list("planned_investment", flat=True)) == sum(
            p["plan"] for p in rows
        )
        reported = sum(MonthlyProgress.objects.filter(year=2024, month=10).values_list("invested", flat=True))
        assert reported == sum(p["ytd"] for p in rows)
        if ledger["sections"]:
            for p in rows:
                assert Project.objects.get(name=p["name"]).zone.name == p["zone"]
        transaction.set_rollback(True)


@PROPERTY
@given(ledgers(), st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=2))
def test_one_bad_cell_leaves_the_database_unchanged(world, ledger, row, column):
    with transaction.atomic():
        before = (
            Project.objects.count(),
            Project.history.count(),
            MonthlyProgress.objects.count(),
            AnnualPlan.objects.count(),
        )
        zone = None if ledger["sections"] else world.zone_a
        result = import_bytes(build(ledger, bad_cell=(row, column)), zone)
        assert any("不是有效的金额" in e.message for e in result.errors)
        assert (result.created, result.updated) == (0, 0)
        assert (
            Project.objects.count(),
            Project.history.count(),
            MonthlyProgress.objects.count(),
            AnnualPlan.objects.count(),
        ) == before
        transaction.set_rollback(True)

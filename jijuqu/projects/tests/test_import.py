"""Importing the ledgers offices already keep: the shared samples, idempotence, all-or-nothing."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from jijuqu.core.testing import SAMPLES
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Problem, Project
from jijuqu.zones.choices import RegionLevel
from jijuqu.zones.models import Region, Zone

pytestmark = pytest.mark.django_db
CLEAN = SAMPLES / "jiaozuo-key-projects-2024-10.xlsx"
BAD = SAMPLES / "jiaozuo-key-projects-2024-10-bad.xlsx"


@pytest.fixture
def jiaozuo(world):
    """焦作's zones as the sample ledger names its sections."""
    for code, county in (
        ("410822", "博爱县"),
        ("410883", "孟州市"),
        ("410823", "武陟县"),
        ("410821", "修武县"),
    ):
        region = Region.objects.create(code=code, name=county, level=RegionLevel.COUNTY, parent=world.jiaozuo)
        Zone.objects.create(code=f"{code}01", name=f"{county}产业集聚区", region=region)
    Zone.objects.create(
        code="41080001", name="焦作高新技术产业集聚区", aliases="焦作市工业产业集聚区", region=world.jiaozuo
    )
    return world


def run(path, user=None, write=True, **ctx):
    analysis = analyse(read_workbook(str(path)), SPEC)
    return import_ledger(
        analysis, Context(ctx.pop("year", 2024), ctx.pop("month", 10), user=user, **ctx), write=write
    )


def test_clean_sample_imports_completely(jiaozuo):
    result = run(CLEAN)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (22, 0, 0)
    assert Project.objects.count() == 22
    xingfa = Project.objects.get(name="广东兴发年产10万吨高档铝型材项目")
    assert xingfa.zone == jiaozuo.zone_a and xingfa.total_investment == Decimal("100000.00")
    assert xingfa.kind == "expansion" and str(xingfa.planned_start) == "2023-09-01"
    assert str(xingfa.planned_completion) == "2026-04-30" and xingfa.leader_name == "孙志刚"
    assert xingfa.annual_plans.get(year=2024).planned_investment == Decimal("35000.00")
    october = xingfa.progress.get(year=2024, month=10)
    assert october.invested == Decimal("37100.00") and october.progress_text == "正在进行土方施工"
    assert Project.objects.get(name="奇瑞汽车焦作发动机生产基地项目").zone.name == "焦作高新技术产业集聚区"
    # The sheet's 合计 equals what was stored.
    assert sum(p.total_investment for p in Project.objects.all()) == Decimal("3286000")
    assert sum(MonthlyProgress.objects.values_list("invested", flat=True)) == Decimal("876273")
    assert sum(AnnualPlan.objects.values_list("planned_investment", flat=True)) == Decimal("1070800")
    assert Problem.objects.filter(title="用地指标未落实").count() == 5


def test_importing_the_same_file_twice_changes_nothing(jiaozuo):
    run(CLEAN)
    history = Project.history.count() + MonthlyProgress.history.count() + AnnualPlan.history.count()
    result = run(CLEAN)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 22, [])
    assert Project.history.count() + MonthlyProgress.history.count() + AnnualPlan.history.count() == history


def test_bad_sample_imports_nothing_and_reports_each_bad_row(jiaozuo):
    result = run(BAD)
    assert Project.objects.count() == 0 and MonthlyProgress.objects.count() == 0
    by_row = {(e.row, e.column.split(" ")[0]): e for e in result.errors}
    assert "“约8000”不是有效的金额" in by_row[(10, "G")].message and by_row[(10, "G")].value == "约8000"
    assert by_row[(14, "E")].message == "金额不能为负数" and by_row[(14, "E")].sheet == "重点项目"
    assert by_row[(20, "B")].message == "项目名称为空"
    assert any(e.row == 5 and "合计" in e.message for e in result.errors)


def test_wrong_period_in_header_is_an_error(jiaozuo):
    result = run(CLEAN, month=9)
    assert any("表头为1-10月" in e.message for e in result.errors)
    assert Project.objects.count() == 0


def test_zone_user_cannot_import_other_zones_rows(jiaozuo):
    result = run(CLEAN, user=jiaozuo.user("zone_a"))
    assert result.errors and Project.objects.count() == 0
    assert any("未能对应到您可导入的开发区" in e.message for e in result.errors)


def test_command_json_output_and_exit_code(jiaozuo, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_ledger", str(BAD), "--year", "2024", "--month", "10", "--json")
    assert exit_.value.code == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["created"] == 0 and len(payload["errors"]) >= 3
    assert set(payload["errors"][0]) == {"sheet", "row", "column", "value", "message"}
    out = StringIO()
    call_command("import_ledger", str(CLEAN), "--year", "2024", "--month", "10", "--dry-run", stdout=out)
    assert "新增22" in out.getvalue() and Project.objects.count() == 0


def test_a_ledger_naming_no_zone_still_names_each_bad_cell(world, tmp_path):
    """Without a zone the rows cannot be matched, but their own mistakes are said in the same upload."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "项目名称", "建设单位", "总投资", "开工时间"])
    ws.append([1, "甲项目", "甲公司", "约800", "2026.13"])
    ws.append([2, "乙项目", "乙公司", "500", "2026-03-01"])
    path = tmp_path / "no-zone.xlsx"
    wb.save(path)
    result = run(path, write=False)
    by_row = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append(e.message)
    assert any("无法确定所属开发区" in m for m in by_row[2])
    assert any("“约800”不是有效的金额" in m for m in by_row[2])
    assert any("2026.13" in m for m in by_row[2]), by_row[2]
    assert [m for m in by_row[3] if "无法确定所属开发区" not in m] == []  # a good row: only its zone
    assert Project.objects.count() == 0

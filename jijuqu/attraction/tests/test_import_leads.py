from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from jijuqu.attraction.choices import LeadSource, Stage
from jijuqu.attraction.importers_leads import SPEC, import_leads
from jijuqu.attraction.models import Contact, Lead
from jijuqu.attraction.testing import make_lead, make_teams
from jijuqu.imports.engine import analyse
from jijuqu.imports.reader import read_workbook

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "总部所在地",
    "行业",
    "意向投资额（亿元）",
    "来源",
    "责任人",
    "阶段",
    "最近对接日期",
]
GOOD = [
    [
        1,
        "江苏某储能科技有限公司",
        "",
        "江苏常州",
        "有色金属",
        "1.5",
        "以商招商",
        "刘洋",
        "在谈",
        "2024-05-06",
    ],
    [2, "广东某铝业（河南）有限公司", "", "广东佛山", "", "0.8", "亲情招商", "", "线索", ""],
]


def lead_list(tmp_path, rows, header=HEADER, name="招商线索.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = "在谈项目"
    ws.append(["沁北园区招商线索清单"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return str(path)


def run(path, **kwargs):
    return import_leads(analyse(read_workbook(path), SPEC), **kwargs)


def test_a_lead_list_creates_leads_with_the_values_written(world, tmp_path):
    teams = make_teams(world)
    result = run(lead_list(tmp_path, GOOD), team=teams.park, user=world.user("zone_a"))
    assert result.errors == [] and result.created == 2
    battery = Lead.objects.get(company_name="江苏某储能科技有限公司")
    assert battery.intended_investment == Decimal("15000.00")  # 1.5亿元
    assert (battery.headquarters, battery.source, battery.stage) == (
        "江苏常州",
        LeadSource.BUSINESS,
        Stage.NEGOTIATING,
    )
    assert battery.holder.name == "刘洋" and battery.industry == world.industry
    assert battery.team == teams.park and battery.zone == world.zone_a
    assert list(Contact.objects.filter(lead=battery).values_list("date", flat=True)) == [dt.date(2024, 5, 6)]
    alu = Lead.objects.get(company_name="广东某铝业（河南）有限公司")
    assert alu.intended_investment == Decimal("8000.00") and alu.source == LeadSource.KINSHIP
    assert alu.stage == Stage.LEAD and alu.history.count() == 1


def test_importing_the_same_list_again_changes_nothing(world, tmp_path):
    teams = make_teams(world)
    path = lead_list(tmp_path, GOOD)
    assert run(path, team=teams.park, user=world.user("zone_a")).created == 2
    history = sum(lead.history.count() for lead in Lead.objects.all())
    again = run(path, team=teams.park, user=world.user("zone_a"))
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    assert sum(lead.history.count() for lead in Lead.objects.all()) == history
    assert Contact.objects.count() == 1


def test_a_list_matches_an_existing_lead_by_normalised_name(world, tmp_path):
    teams = make_teams(world)
    make_lead(teams.park, company="广东某铝业(河南) 有限公司")
    result = run(lead_list(tmp_path, GOOD), team=teams.park, user=world.user("zone_a"))
    assert (result.created, result.updated) == (1, 1) and Lead.objects.count() == 2


def test_a_list_with_a_bad_twin_row_writes_nothing(world, tmp_path):
    teams = make_teams(world)
    twin = [3, "江苏某储能科技有限公司 ", "", "", "", "约2亿", "", "", "", ""]
    result = run(lead_list(tmp_path, [*GOOD, twin]), team=teams.park, user=world.user("zone_a"))
    messages = [e.message for e in result.errors]
    assert any("与第3行是同一企业" in m for m in messages)
    assert (result.created, Lead.objects.count(), Contact.objects.count()) == (0, 0, 0)


def test_bad_cells_are_errors_naming_the_column_and_value(world, tmp_path):
    teams = make_teams(world)
    bad = [[1, "某公司", "", "", "", "很多", "路上捡的", "张三", "签约", "2024-13-01"]]
    result = run(lead_list(tmp_path, bad), team=teams.park, user=world.user("zone_a"))
    by_column = {e.column.split(" ", 1)[-1]: e for e in result.errors}
    assert set(by_column) >= {"意向投资额（亿元）", "来源", "责任人", "最近对接日期"}
    assert "路上捡的" in by_column["来源"].message and "刘洋" not in by_column["责任人"].message
    assert Lead.objects.count() == 0


def test_a_stage_from_signed_on_is_refused_by_the_stage_rule(world, tmp_path):
    teams = make_teams(world)
    row = [[1, "某公司", "", "", "", "", "", "", "签约", ""]]
    result = run(lead_list(tmp_path, row), team=teams.park, user=world.user("zone_a"))
    assert result.errors and "签约" in result.errors[0].message and Lead.objects.count() == 0


def test_a_company_another_team_holds_is_an_error_naming_the_holder(world, tmp_path):
    teams = make_teams(world)
    make_lead(teams.town, company="广东某铝业(河南)有限公司")
    result = run(lead_list(tmp_path, GOOD), team=teams.park, user=world.user("admin"))
    assert len(result.errors) == 1 and "紫陵镇招商团" in result.errors[0].message
    assert result.errors[0].row == 4 and Lead.objects.count() == 1


def test_a_zone_user_cannot_import_into_another_zones_team(world, tmp_path):
    teams = make_teams(world)
    path = lead_list(tmp_path, GOOD)
    result = run(path, team=teams.park, user=world.user("zone_b"))
    assert result.errors and "沁北园区招商团" in result.errors[0].message
    named = lead_list(
        tmp_path,
        [[1, "某公司", "沁北园区招商团", "", "", "", "", "", "", ""]],
        header=[
            "序号",
            "企业名称",
            "招商团",
            "总部所在地",
            "行业",
            "意向投资额",
            "来源",
            "责任人",
            "阶段",
            "最近对接日期",
        ],
        name="b.xlsx",
    )
    wb_rows = run(named, team=teams.team_b, user=world.user("zone_b"))
    assert "沁北园区招商团" in wb_rows.errors[0].message and Lead.objects.count() == 0


def test_import_leads_command_prints_the_counts(world, tmp_path):
    teams = make_teams(world)
    out = StringIO()
    call_command(
        "import_leads", lead_list(tmp_path, GOOD), "--team", str(teams.park.pk), "--json", stdout=out
    )
    counts = json.loads(out.getvalue())
    assert [counts[k] for k in ("created", "updated", "unchanged", "errors")] == [2, 0, 0, []]
    out = StringIO()
    call_command("import_leads", lead_list(tmp_path, GOOD), "--zone", world.zone_a.code, "--json", stdout=out)
    assert json.loads(out.getvalue())["unchanged"] == 2


def test_a_row_naming_a_team_out_of_reach_still_shows_its_other_errors(world, tmp_path):
    make_teams(world)
    header = ["序号", "企业名称", "招商团", "意向投资额（亿元）", "来源"]
    path = lead_list(tmp_path, [[1, "某公司", "汝绣园招商团", "大约两亿", "路上"]], header=header)
    result = run(path, user=world.user("zone_a"))
    columns = sorted(e.column.split(" ", 1)[-1] for e in result.errors)
    assert columns == ["意向投资额（亿元）", "招商团", "来源"] and Lead.objects.count() == 0

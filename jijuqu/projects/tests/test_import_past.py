"""Importing last year's ledger into a world that has this year's projects (issue 10 item 5), and the
monthly report rules on the form, the API and the importer alike (issue 10 item 6)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook

from jijuqu.core.api import create_token
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.forms import MonthlyProgressForm
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import AnnualPlan, MonthlyProgress, Problem, Project
from jijuqu.projects.testing import make_project
from jijuqu.projects.tests.test_import import CLEAN, jiaozuo, run  # noqa: F401 (a fixture)
from jijuqu.zones.models import Department, Official

pytestmark = pytest.mark.django_db
XINGFA = "广东兴发年产10万吨高档铝型材项目"


@pytest.fixture
def this_year(jiaozuo):  # noqa: F811
    """This year's record of a project the 2024-10 ledger names: linked leader and department."""
    dept = Department.objects.get(name="沁阳市产业集聚区管理委员会")
    leader = Official.objects.create(name="周明", position="副市长", department=dept)
    project = make_project(
        jiaozuo.zone_a,
        XINGFA,
        total="120000.00",
        year=2026,
        leader=leader,
        department=dept,
        planned_start=dt.date(2026, 1, 1),
        planned_completion=dt.date(2027, 12, 31),
        builder_name="广东兴发铝业（河南）有限公司（新）",
    )
    return project


def test_a_past_ledger_records_its_figures_and_leaves_the_project_alone(this_year):
    before = Project.objects.get(pk=this_year.pk)
    result = run(CLEAN)
    assert result.errors == [] and result.updated == 1
    project = Project.objects.get(pk=this_year.pk)
    for field in (
        "leader_id",
        "department_id",
        "leader_name",
        "department_name",
        "planned_start",
        "planned_completion",
        "total_investment",
        "builder_name",
        "kind",
    ):
        assert getattr(project, field) == getattr(before, field), field
    # That period's figures are recorded.
    assert AnnualPlan.objects.get(project=project, year=2024).planned_investment == Decimal("35000.00")
    assert MonthlyProgress.objects.get(project=project, year=2024, month=10).invested == Decimal("37100.00")
    assert "往期" in result.notes[0]
    # The preview says what changes for the project, before → after: the period's figures only.
    [change] = [c for c in result.changes if c["name"] == XINGFA]
    assert ("2024年计划投资", "—", "35,000.00") in change["fields"]
    assert not any("开工" in what for what, _b, _a in change["fields"])


def test_problems_of_a_past_ledger_are_dated_from_its_period_and_not_born_overdue(jiaozuo):  # noqa: F811
    run(CLEAN)
    today = timezone.localdate()
    problems = Problem.objects.filter(title="用地指标未落实")
    assert problems.count() == 5
    for problem in problems:
        assert problem.raised_on == dt.date(2024, 10, 31)
        assert problem.deadline > today and problem.deadline > problem.raised_on


def test_asked_to_update_details_it_does_but_never_replaces_a_link_with_text(this_year):
    result = run(CLEAN, update_details=True)
    assert result.errors == []
    project = Project.objects.get(pk=this_year.pk)
    assert project.planned_start == dt.date(2023, 9, 1) and project.total_investment == Decimal("100000.00")
    # "孙志刚" and "市住房城乡建设局" name no one known here: the links stay, no text replaces them.
    assert project.leader.name == "周明" and project.leader_name == ""
    assert project.department.name == "沁阳市产业集聚区管理委员会" and project.department_name == ""
    [change] = [c for c in result.changes if c["name"] == XINGFA]
    assert any(b == "2026-01-01" and a == "2023-09-01" for _what, b, a in change["fields"])


def test_a_name_in_another_zone_is_not_matched_nor_created_again(jiaozuo):  # noqa: F811
    other = make_project(jiaozuo.zone_b, "晋煤天庆现代煤化工项目一期", total="500000.00")
    result = run(CLEAN)
    [error] = [e for e in result.errors if "同名项目" in e.message]
    assert error.row == 9 and other.zone.name in error.message
    assert Project.objects.filter(name="晋煤天庆现代煤化工项目一期").count() == 1
    assert Project.objects.count() == 1  # nothing written: all rows or none


def ledger(
    rows: list[list], header=("项目编号", "项目名称", "建设单位", "总投资", "10月完成投资")
) -> BytesIO:
    wb = Workbook()
    wb.active.append(list(header))
    for row in rows:
        wb.active.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_code_of_a_project_in_another_zone_does_not_move_it(world):
    make_project(world.zone_b, "汝州项目", total="1000.00", code="4104-0001")
    book = ledger([["4104-0001", "汝州项目", "某公司", 1000, None]])
    result = import_ledger(analyse(read_workbook(book), SPEC), Context(2024, 10, default_zone=world.zone_a))
    assert "导入不会移动项目" in result.errors[0].message
    assert Project.objects.get(code="4104-0001").zone == world.zone_b


# -- the monthly report rules, on the three paths -----------------------------------------------


def next_year() -> int:
    return timezone.localdate().year + 1


def api_post(client, world, body):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user('zone_a'), 't')}"}
    return client.post("/api/progress/", json.dumps(body), content_type="application/json", **headers)


def test_a_future_month_is_refused_by_the_form_the_api_and_the_importer(client, world):
    project = make_project(world.zone_a, "沁阳项目", total="100000.00")
    data = {"project": project.pk, "year": next_year(), "month": 1, "invested": "10"}
    form = MonthlyProgressForm(data, user=world.user("zone_a"))
    assert not form.is_valid() and "month" in form.errors
    response = api_post(client, world, data)
    assert response.status_code == 422
    book = ledger(
        [[None, "沁阳项目", None, None, 10]],
        header=("项目编号", "项目名称", "建设单位", "总投资", "本月完成投资"),
    )
    result = import_ledger(
        analyse(read_workbook(book), SPEC), Context(next_year(), 1, default_zone=world.zone_a)
    )
    assert [e.message for e in result.errors] == [f"导入期间：{next_year()}-01 has not come yet."] or (
        len(result.errors) == 1 and "导入期间" in result.errors[0].message
    )
    assert not MonthlyProgress.objects.filter(year=next_year()).exists()


def test_a_terminated_project_takes_no_report_on_any_path(client, world):
    project = make_project(world.zone_a, "沁阳项目", total="100000.00", status="terminated")
    data = {"project": project.pk, "year": 2024, "month": 10, "invested": "10"}
    assert not MonthlyProgressForm(data, user=world.user("zone_a")).is_valid()
    assert api_post(client, world, data).status_code == 422
    # The rule itself, as check_progress (form, API) and the importer call it.
    from jijuqu.projects.models import MonthlyProgress
    from jijuqu.projects.rules import ProposedReport, report_errors

    [found] = report_errors(MonthlyProgress.objects, [ProposedReport(project, 2024, 10, Decimal("10"))])
    assert "project" in found
    book = ledger([[None, "沁阳项目", None, None, 10]])
    result = import_ledger(analyse(read_workbook(book), SPEC), Context(2024, 10, default_zone=world.zone_a))
    assert any("终止" in e.message or "Terminated" in e.message for e in result.errors)
    assert not MonthlyProgress.objects.filter(project=project).exists()


def test_the_report_total_rule_is_the_same_function_on_the_importer(world):
    project = make_project(world.zone_a, "沁阳项目", total="100.00")
    book = ledger([[None, "沁阳项目", None, None, 500]])
    result = import_ledger(analyse(read_workbook(book), SPEC), Context(2024, 10, default_zone=world.zone_a))
    assert any("超过" in e.message or "more than" in e.message for e in result.errors)
    assert not MonthlyProgress.objects.filter(project=project).exists()


def test_a_past_ledger_does_not_link_the_builder_its_old_name_finds(world):
    """The builder's name of a past ledger is left alone, and so is the link that name would find:
    the project keeps its own builder name unlinked, not a link to the company the old ledger named."""
    project = make_project(world.zone_a, "沁阳项目", total="1000.00", builder_name="沁阳新公司")
    assert project.builder_id is None
    book = ledger([[None, "沁阳项目", "河南超威电源有限公司", 1000, 10]])
    result = import_ledger(analyse(read_workbook(book), SPEC), Context(2024, 10, default_zone=world.zone_a))
    assert result.errors == []
    project.refresh_from_db()
    assert (project.builder_name, project.builder_id) == ("沁阳新公司", None)
    assert MonthlyProgress.objects.get(project=project, year=2024, month=10).invested == Decimal("10.00")

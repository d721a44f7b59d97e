"""Importing 包联 assignments: matched by credit code or name, all rows or none, history kept."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook

from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.service.importers import SPEC, import_assignments
from jijuqu.service.models import Assignment
from jijuqu.zones.models import Official

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["沁阳市企业包联台账"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "包联干部", "所在单位", "包联领导", "包联日期"])
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def run(world, rows, user="zone_a", write=True):
    return import_assignments(
        analyse(read_workbook(BytesIO(workbook(rows))), SPEC), user=world.user(user), write=write
    )


def test_assignments_import_then_reassign_keeps_history_and_twice_changes_nothing(world):
    Official.objects.create(name="王芳", position="科员", department=world.dept_a)
    rows = [
        [1, "广东兴发铝业（河南）有限公司", world.enterprise_a.credit_code, "张伟", "", "", "2024-01-02"],
        [2, "河南超威电源有限公司", "", "王芳", "沁阳市产业集聚区管理委员会", "张伟", "2024-01-02"],
    ]
    result = run(world, rows)
    assert (result.created, result.errors) == (2, [])
    assert run(world, rows).unchanged == 2 and Assignment.objects.count() == 2
    rows[0][3], rows[0][6] = "王芳", "2024-06-01"
    assert run(world, rows).created == 1
    history = list(
        world.enterprise_a.assignments.order_by("started_on").values_list("official__name", "ended_on")
    )
    assert history == [("张伟", dt.date(2024, 6, 1)), ("王芳", None)]


def test_one_bad_row_writes_nothing_and_names_the_cell(world):
    rows = [
        [1, "广东兴发铝业（河南）有限公司", "", "张伟", "", "", "2024-01-02"],
        [2, "河南超威电源有限公司", "", "查无此人", "", "", "2024-01-02"],
        [3, "河南润灵药业有限公司", "", "李强", "", "", "2024-01-02"],  # another zone's company
    ]
    result = run(world, rows)
    assert Assignment.objects.count() == 0
    messages = [(e.column, e.message) for e in result.errors]
    assert ("D 包联干部", "不是已登记干部") in messages
    assert any("不是您可以包联的已登记企业" in m for _c, m in messages)

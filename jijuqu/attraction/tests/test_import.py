from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from jijuqu.attraction.importers import SPEC, import_contracts
from jijuqu.attraction.models import Contract, FundsArrival
from jijuqu.attraction.testing import make_teams
from jijuqu.imports.engine import analyse
from jijuqu.imports.reader import read_workbook

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "项目名称",
    "签约企业",
    "签约金额（万元）",
    "签约时间",
    "招商团",
    "本月到位资金",
    "外资到位（万美元）",
]


def ledger(tmp_path, rows, name="签约项目台账.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = "沁阳市产业集聚区"
    ws.append(["2024年沁阳市签约项目台账"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return str(path)


GOOD = [
    [1, "年产5GWh储能电池项目", "江苏某储能科技有限公司", "1.2亿", "2024.3.5", "沁北园区招商团", "2000", ""],
    [2, "铝型材深加工项目", "广东某铝业有限公司", "8,000", "2024年4月18日", "", "", "50"],
]


def test_a_contract_ledger_with_a_bad_twin_writes_nothing(world, tmp_path):
    make_teams(world)
    twin = [3, "年产5GWh储能电池项目", "另一公司", "约8000", "2024.5.1", "", "", ""]
    result = import_contracts(
        analyse(read_workbook(ledger(tmp_path, [*GOOD, twin])), SPEC), 2024, 5, user=world.user("zone_a")
    )
    messages = [e.message for e in result.errors]
    assert any("与第3行的项目名称相同" in m for m in messages)
    assert (result.created, Contract.objects.count(), FundsArrival.objects.count()) == (0, 0, 0)


def test_contract_ledger_imports_once_and_again_changes_nothing(world, tmp_path):
    make_teams(world)
    path = ledger(tmp_path, GOOD)
    result = import_contracts(analyse(read_workbook(path), SPEC), 2024, 5, user=world.user("zone_a"))
    assert result.errors == [] and result.created == 2
    battery = Contract.objects.get(name="年产5GWh储能电池项目")
    assert battery.amount == Decimal("12000.00") and battery.signed_on == dt.date(2024, 3, 5)
    assert battery.team.name == "沁北园区招商团" and battery.zone == world.zone_a
    assert FundsArrival.objects.get(contract=battery, year=2024, month=5).domestic == Decimal("2000.00")
    assert FundsArrival.objects.get(contract__name="铝型材深加工项目").foreign_usd == Decimal("50.00")
    again = import_contracts(analyse(read_workbook(path), SPEC), 2024, 5, user=world.user("zone_a"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_zone_user_cannot_import_into_another_zone(world, tmp_path):
    path = ledger(tmp_path, GOOD)
    result = import_contracts(analyse(read_workbook(path), SPEC), 2024, 5, user=world.user("zone_b"))
    assert result.errors and Contract.objects.count() == 0


def test_import_contracts_command_prints_json(world, tmp_path):
    make_teams(world)
    out = StringIO()
    call_command(
        "import_contracts",
        ledger(tmp_path, GOOD),
        "--zone",
        world.zone_a.code,
        "--year",
        "2024",
        "--month",
        "5",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert (data["created"], data["updated"], data["unchanged"], data["errors"]) == (2, 0, 0, [])


def test_a_row_in_another_zone_still_has_its_other_cells_checked(world, tmp_path):
    """A row whose zone is not among the user's (the sheet names another zone) still shows its bad amount
    and date at once."""
    path = ledger(
        tmp_path, [[1, "年产5GWh储能电池项目", "江苏某储能科技有限公司", "约一亿", "2024.13.5", "", "", ""]]
    )
    result = import_contracts(analyse(read_workbook(path), SPEC), 2024, 5, user=world.user("zone_b"))
    messages = [(e.column.split(" ")[0], e.message) for e in result.errors]
    assert ("B", "无法确定所属开发区：请在导入时选择开发区，或在表中按开发区分组") in messages
    assert {c for c, _ in messages} >= {"B", "D", "E"}, messages
    assert Contract.objects.count() == 0

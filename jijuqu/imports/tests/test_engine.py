"""The engine's reading of data rows: the mapped cells of each row, as the importers see them."""

from decimal import Decimal

from jijuqu.imports.engine import analyse
from jijuqu.projects.importers import SPEC


def test_a_row_shorter_than_the_header_reads_its_missing_cells_as_none():
    sheet = [
        ["项目名称", "建设单位", "总投资", "开工时间", "包联领导"],
        ["甲项目", "甲公司", 1200.5, "2024.3", "王某"],
        ["乙项目", "乙公司", "800"],
        ["丙项目"],
    ]
    first, second, third = analyse([("重点项目", sheet)], SPEC).rows
    assert [first.raw(k) for k in ("name", "builder_name", "total_investment", "planned_start")] == [
        "甲项目",
        "甲公司",
        1200.5,
        "2024.3",
    ]
    assert first.cells["leader_name"][0].header == "包联领导"
    assert (second.raw("total_investment"), second.raw("planned_start"), second.raw("leader_name")) == (
        "800",
        None,
        None,
    )
    assert not second.has("leader_name") and third.raw("builder_name") is None
    assert (first.money, second.money, third.money) == (
        {"total_investment": Decimal("1200.50")},
        {"total_investment": Decimal("800.00")},
        {},
    )

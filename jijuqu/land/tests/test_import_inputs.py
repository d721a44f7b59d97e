from __future__ import annotations

from decimal import Decimal

import pytest

from jijuqu.enterprises.models import EnterpriseYear
from jijuqu.imports.engine import analyse
from jijuqu.land.importers import SPEC, import_inputs

pytestmark = pytest.mark.django_db


def book(header, *rows, title="2024年度企业实缴税金清单", name="Sheet1"):
    return [(name, [[title], list(header), *[list(r) for r in rows]])]


def test_the_tax_power_and_statistics_lists_each_write_their_own_columns(world):
    a, b = world.enterprise_a, world.enterprise_b
    tax = book(
        ["序号", "纳税人名称", "统一社会信用代码", "实缴税金（万元）"], [1, a.name, a.credit_code, "1,200.5"]
    )
    assert import_inputs(analyse(tax, SPEC), 2024).as_dict()["errors"] == []
    power = book(
        ["用电户名", "统一社会信用代码", "用电量（万千瓦时）"],
        [a.name, a.credit_code, 1000],
        [b.name, b.credit_code, 10],
        title="2024年度用电量",
    )
    result = import_inputs(analyse(power, SPEC), 2024)
    assert (result.created, result.updated) == (0, 2)  # both had 2024 figures already
    stats = book(
        ["企业名称", "统一社会信用代码", "营业收入（万元）", "工业增加值（万元）", "从业人员"],
        [a.name, a.credit_code, "3.5亿", 9000, 320],
        title="2024年规上工业企业主要指标",
    )
    import_inputs(analyse(stats, SPEC), 2024)
    figures = EnterpriseYear.objects.get(enterprise=a, year=2024)
    # 1000 万千瓦时 × 1.229 = 1229 吨标准煤; 3.5亿 = 35000 万元; the tax list's amount is kept
    assert (figures.tax, figures.energy_use, figures.revenue, figures.value_added, figures.employees) == (
        Decimal("1200.50"),
        Decimal("1229"),
        Decimal("35000"),
        Decimal("9000"),
        320,
    )
    assert figures.output_value == Decimal("1000.00")  # untouched
    again = import_inputs(analyse(stats, SPEC), 2024)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_one_bad_cell_writes_nothing_and_names_sheet_row_column_and_value(world):
    a = world.enterprise_a
    rows = book(
        ["统一社会信用代码", "实缴税金（万元）", "从业人员"],
        [a.credit_code, 500, 10],
        ["91410882MA0000000X", 100, 5],
        [world.enterprise_a2.credit_code, "约100", 2.5],
    )
    result = import_inputs(analyse(rows, SPEC), 2023)
    errors = result.as_dict()["errors"]
    assert [(e["row"], e["column"].split()[0], e["value"]) for e in errors] == [
        (4, "A", "91410882MA0000000X"),
        (5, "B", "约100"),
        (5, "C", "2.5"),
    ]
    assert "没有登记" in errors[0]["message"] and "人数应为整数" in errors[2]["message"]
    assert not EnterpriseYear.objects.filter(year=2023).exists()


def test_zone_staff_import_only_their_zones_enterprises(world):
    b = world.enterprise_b
    rows = book(["统一社会信用代码", "实缴税金（万元）"], [b.credit_code, 50])
    result = import_inputs(analyse(rows, SPEC), 2024, user=world.user("zone_a"))
    assert "无权" in result.errors[0].message
    assert EnterpriseYear.objects.get(enterprise=b, year=2024).tax is None


def test_the_upload_page_offers_the_inputs_kind_with_its_year(world, login):
    page = login("zone_a").get("/imports/mu_inputs/")
    assert page.status_code == 200
    assert "figures_year" in page.content.decode()

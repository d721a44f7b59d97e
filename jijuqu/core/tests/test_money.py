"""One money parser for forms, the API and the importers: exact units, refusals in Chinese, bounds that
are exact in SQLite and PostgreSQL, and stored values that always read back."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from openpyxl import Workbook

from jijuqu.core.api import create_token
from jijuqu.core.money import MoneyError, parse_money
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.forms import MonthlyProgressForm, ProjectForm
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import MonthlyProgress, Project
from jijuqu.projects.testing import make_project

ACCEPTED = {
    "8000": "8000.00",
    "8,000.5": "8000.50",
    "８，０００": "8000.00",
    "8000万元": "8000.00",
    "8000万": "8000.00",
    " 1.2亿 ": "12000.00",
    "1.2亿元": "12000.00",
    "500000元": "50.00",
    "123千元": "12.30",
    "99999999999.99": "99999999999.99",
}
REFUSED = {
    "约8000": "不是有效的金额",
    "8000左右": "不是有效的金额",
    "1000-2000": "不是有效的金额",
    "1000 2000": "不是有效的金额",
    "八千": "不是有效的金额",
    "8000美元": "不是有效的金额",
    "12345元": "超过两位小数",
    "100000000000": "超出可保存的范围",
    "99999999999999.99": "超出可保存的范围",
    "2亿亿": "不是有效的金额",
}


@pytest.mark.parametrize("typed,expected", ACCEPTED.items())
def test_amounts_people_type_are_read_exactly(typed, expected):
    assert parse_money(typed) == Decimal(expected)


@pytest.mark.parametrize("typed,message", REFUSED.items())
def test_guessed_or_unexact_amounts_are_refused_naming_the_field(typed, message):
    with pytest.raises(MoneyError, match=message) as err:
        parse_money(typed, field="总投资")
    assert str(err.value).startswith("总投资：")


def test_a_bare_number_is_in_the_sheets_unit_and_an_explicit_one_wins():
    assert parse_money(1.2, unit=Decimal(10000)) == Decimal("12000.00")
    assert parse_money("8000万元", unit=Decimal(10000)) == Decimal("8000.00")


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_the_form_converts_a_unit_instead_of_dropping_it(world):
    # Before: "1.2亿" was saved as 1.20万元, "约8000" as 8000.
    project = make_project(world.zone_a, "沁阳项目", total="100000.00", year=2026)
    data = {"project": project.pk, "year": 2026, "month": 1, "invested": "1.2亿"}
    form = MonthlyProgressForm(data, user=world.user("zone_a"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["invested"] == Decimal("12000.00")
    form = MonthlyProgressForm({**data, "invested": "约8000"}, user=world.user("zone_a"))
    assert not form.is_valid() and "“约8000”不是有效的金额" in form.errors["invested"][0]
    # A text box, not a number box: the browser would drop "1.2亿" and post nothing.
    assert 'type="text"' in str(form["invested"])


@pytestmark_db
def test_the_project_form_refuses_an_amount_beyond_the_bound(world):
    project = make_project(world.zone_a, "沁阳项目", total="1000.00")
    form = ProjectForm(instance=project, user=world.user("zone_a"))
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    form = ProjectForm(
        {**data, "total_investment": "99999999999999.99"}, instance=project, user=world.user("zone_a")
    )
    assert not form.is_valid() and "超出可保存的范围" in form.errors["total_investment"][0]


def api(client, world, method, url, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user('zone_a'), 't')}"}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


@pytestmark_db
def test_the_api_reads_amounts_with_the_same_parser(client, world):
    project = make_project(world.zone_a, "沁阳项目", total="1000.00")
    url = f"/api/projects/{project.pk}/"
    response = api(client, world, "patch", url, {"total_investment": "1.2亿"})
    assert response.status_code == 200 and response.json()["total_investment"] == "12000.00"
    response = api(client, world, "patch", url, {"total_investment": "约8000"})
    assert response.status_code == 422
    assert "总投资" in response.json()["errors"]["total_investment"][0]
    assert "“约8000”不是有效的金额" in response.json()["errors"]["total_investment"][0]
    # Issue 11 item 3: accepted before, stored as a float, and every page then failed.
    for amount in ("99999999999999.99", 99999999999999.99):
        response = api(client, world, "patch", url, {"total_investment": amount})
        assert response.status_code == 422 and "超出可保存的范围" in str(response.json()["errors"])
    project.refresh_from_db()
    assert project.total_investment == Decimal("12000.00")


@pytestmark_db
def test_the_importer_reads_amounts_with_the_same_parser(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "建设单位", "总投资"])
    ws.append(["甲项目", "甲公司", "1.2亿"])
    ws.append(["乙项目", "乙公司", "约8000"])
    ws.append(["丙项目", "丙公司", 100000000000])
    out = BytesIO()
    wb.save(out)
    result = import_ledger(
        analyse(read_workbook(out), SPEC), Context(2024, 10, default_zone=world.zone_a), write=False
    )
    messages = {e.row: e.message for e in result.errors}
    assert "不是有效的金额" in messages[3] and "超出可保存的范围" in messages[4] and 2 not in messages
    ws.delete_rows(3, 2)
    out = BytesIO()
    wb.save(out)
    result = import_ledger(analyse(read_workbook(out), SPEC), Context(2024, 10, default_zone=world.zone_a))
    assert not result.errors
    assert Project.objects.get(name="甲项目").total_investment == Decimal("12000.00")


@pytestmark_db
def test_a_stored_out_of_range_amount_reads_back_and_pages_do_not_fail(client, world, login):
    project = make_project(world.zone_a, "沁阳项目", total="1000.00")
    MonthlyProgress.objects.create(project=project, year=2024, month=10, invested=Decimal("10.00"))
    with connection.cursor() as cursor:  # as the unbounded API stored it: a REAL on SQLite
        cursor.execute(
            "UPDATE projects_project SET total_investment = %s WHERE id = %s", [99999999999999.99, project.pk]
        )
    project = Project.objects.get(pk=project.pk)
    assert project.total_investment >= Decimal("99999999999999")
    client = login("zone_a")
    for url in (f"/projects/{project.pk}/", "/projects/?period=2024-10", f"/projects/{project.pk}/edit/"):
        assert client.get(url).status_code == 200, url
    assert api(client, world, "get", f"/api/projects/{project.pk}/").status_code == 200


def test_plain_numbers_drop_padding_zeros_but_keep_the_figure():
    from jijuqu.core.numbers import plain

    assert plain(Decimal("10.0000")) == "10"
    assert plain(Decimal("1000.0000")) == "1,000"
    assert plain(Decimal("0.1000")) == "0.1"
    assert plain(Decimal("0.1234")) == "0.1234"
    assert plain(Decimal("-2.50")) == "-2.5"
    assert plain(None) == ""

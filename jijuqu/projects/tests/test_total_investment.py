"""A project's total investment may not fall below the investment already reported since its start
(QA: 总投资 set to 1.5亿 while 103356万元 were reported, "占总投资的689.0%"), on the edit form, the API
and the ledger import alike: one rule, projects.rules.total_errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jijuqu.core.api import create_token
from jijuqu.imports.engine import analyse, read_workbook
from jijuqu.projects.forms import ProjectForm
from jijuqu.projects.importers import SPEC, Context, import_ledger
from jijuqu.projects.models import MonthlyProgress, Project
from jijuqu.projects.rules import total_errors
from jijuqu.projects.testing import make_project, report
from jijuqu.projects.tests.test_concurrency import form_data
from jijuqu.projects.tests.test_import_past import ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    """A project of 200000万元 with 103356万元 reported since its start."""
    project = make_project(world.zone_a, "沁阳项目", total="200000.00")
    report(project, 2024, 9, "100000.00")
    report(project, 2024, 10, "3356.00")
    return Project.objects.get(pk=project.pk)


def test_the_rule_names_both_amounts(reported):
    found = total_errors(MonthlyProgress.objects, {reported.pk: Decimal("15000.00")})
    assert "15000.00" in found[reported.pk] and "103356.00" in found[reported.pk]
    assert "总投资" in found[reported.pk]
    assert total_errors(MonthlyProgress.objects, {reported.pk: Decimal("103356.00")}) == {}


def test_the_edit_form_refuses_a_total_below_the_reports(world, reported):
    user = world.user("zone_a")
    form = ProjectForm(form_data(reported, user, total_investment="15000"), instance=reported, user=user)
    assert not form.is_valid()
    [message] = form.errors["total_investment"]
    assert "15000.00" in message and "103356.00" in message
    assert Project.objects.get(pk=reported.pk).total_investment == Decimal("200000.00")
    # Exactly what was reported is a possible total.
    form = ProjectForm(form_data(reported, user, total_investment="103356"), instance=reported, user=user)
    assert form.is_valid(), form.errors


def test_the_api_refuses_a_total_below_the_reports(client, world, reported):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user('zone_a'), 't')}"}
    response = client.patch(
        f"/api/projects/{reported.pk}/",
        json.dumps({"total_investment": "15000"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["total_investment"]
    assert "103356.00" in message
    assert Project.objects.get(pk=reported.pk).total_investment == Decimal("200000.00")


def test_a_ledger_row_may_not_lower_the_total_below_the_reports(world, reported):
    # The row reports nothing new for October (its 10月 figure is already there): only the total changes.
    book = ledger([[None, "沁阳项目", None, 15000, None]])
    ctx = Context(2024, 10, default_zone=world.zone_a, update_details=True)
    result = import_ledger(analyse(read_workbook(book), SPEC), ctx)
    [error] = result.errors
    assert error.column and "103356.00" in error.message and "15000.00" in error.message
    assert Project.objects.get(pk=reported.pk).total_investment == Decimal("200000.00")


def test_a_ledger_row_may_raise_the_total_or_keep_it_above_the_reports(world, reported):
    book = ledger([[None, "沁阳项目", None, 150000, None]])
    ctx = Context(2024, 10, default_zone=world.zone_a, update_details=True)
    result = import_ledger(analyse(read_workbook(book), SPEC), ctx)
    assert result.errors == []
    assert Project.objects.get(pk=reported.pk).total_investment == Decimal("150000.00")

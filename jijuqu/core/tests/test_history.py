"""Every change to business data is recorded: who, when, before, after."""

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from jijuqu.core.models import BusinessModel, User
from jijuqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def test_every_business_model_and_user_has_history_except_append_only_logs():
    models = [
        m
        for m in apps.get_models()
        if (issubclass(m, BusinessModel) or m is User) and not issubclass(m, HistoricalChanges)
    ]
    assert {m.__name__ for m in models} >= {
        "Region",
        "Zone",
        "Park",
        "Industry",
        "Department",
        "Official",
        "Enterprise",
        "EnterpriseYear",
        "ZoneYear",
        "User",
    }
    for model in models:
        if getattr(model, "keeps_history", True):
            assert hasattr(model, "history"), f"{model.__name__} has no history"
    logs = {m.__name__ for m in models if not getattr(m, "keeps_history", True)}
    assert logs == {"StatusChange", "Escalation", "ApprovalAction", "ImportJob"}


def test_edit_through_the_page_records_who_before_and_after(login, world):
    client = login("zone_a")
    e = world.enterprise_a2
    response = client.post(
        f"/enterprises/{e.pk}/edit/",
        {
            "name": "河南超威电源股份有限公司",
            "credit_code": e.credit_code,
            "zone": world.zone_a.pk,
            "registered_capital": "20000.50",
        },
    )
    assert response.status_code == 302
    latest, previous = Enterprise.history.filter(id=e.pk).order_by("-history_id")[:2]
    assert latest.history_user == world.user("zone_a")
    assert latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field != "updated"] == [
        ("name", "河南超威电源有限公司", "河南超威电源股份有限公司")
    ]
    page = client.get(f"/enterprises/{e.pk}/").content.decode()
    assert "河南超威电源有限公司 → 河南超威电源股份有限公司" in page


def test_refused_edit_leaves_no_history(login, world):
    client = login("zone_a")
    e = world.enterprise_a2
    count = Enterprise.history.filter(id=e.pk).count()
    client.post(
        f"/enterprises/{e.pk}/edit/", {"name": e.name, "credit_code": e.credit_code, "zone": world.zone_b.pk}
    )
    assert Enterprise.history.filter(id=e.pk).count() == count


def test_history_shows_labels_names_and_dates_not_codes(login, world):
    """A project's kind went "new → expansion" and its department "3 → 5" in the history."""
    import datetime as dt
    from decimal import Decimal

    from jijuqu.projects.models import Project

    p = Project.objects.create(
        zone=world.zone_a,
        name="铝型材项目",
        builder_name="兴发铝业",
        total_investment=Decimal("1000.00"),
        kind="new",
        department=world.dept_a,
        planned_start=dt.date(2026, 1, 1),
    )
    p.kind = "expansion"
    p.department = world.dept_city
    p.planned_start = dt.date(2023, 9, 1)
    p.total_investment = Decimal("48786.43")
    p.save()
    page = login("province").get(f"/projects/{p.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "新建 → 扩建" in history and "expansion" not in history
    assert f"{world.dept_a.name} → {world.dept_city.name}" in history
    assert "2026-01-01 → 2023-09-01" in history
    assert "1000.00 → 48786.43" in history


def test_an_enterprise_user_reads_who_changed_its_project_as_a_role_not_an_officials_login(world, login):
    from jijuqu.projects.testing import make_project

    project = make_project(world.zone_a, builder=world.enterprise_a, builder_name=world.enterprise_a.name)
    project.content = "二期厂房"
    project._history_user = world.user("zone_a")
    project.save()
    mine = login("enterprise").get(project.get_absolute_url()).content.decode()
    theirs = login("city").get(project.get_absolute_url()).content.decode()
    assert "zone_a" not in mine and "管委会工作人员" in mine
    assert "zone_a" in theirs

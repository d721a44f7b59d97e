"""Every change to business data is recorded: who, when, before, after."""

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from jijuqu.core.models import BusinessModel, User
from jijuqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def test_every_business_model_and_user_has_history():
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
        assert hasattr(model, "history"), f"{model.__name__} has no history"


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

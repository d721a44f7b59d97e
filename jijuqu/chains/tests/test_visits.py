"""四个拜访: a visit names whom it was to and what came of it; careless input is refused field by field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jijuqu.chains.models import ChainVisit
from jijuqu.chains.testing import make_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world):
    return make_chain(world)


def test_visit_form_names_each_careless_field(world, cw, login):
    client = login("zone_a")
    form = client.get("/chains/visits/add/").context["form"]
    data = {
        "chain": cw.chain.pk,
        "kind": "association",
        "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "counterpart": "",
        "visitors": "链长",
        "outcome": "lead",
        "form_token": form.initial["form_token"],
    }
    page = client.post("/chains/visits/add/", data)
    errors = page.context["form"].errors
    assert set(errors) >= {"date", "counterpart", "lead"}
    assert not ChainVisit.objects.exists()
    data.update(date="2025-04-18", counterpart="河南省有色金属行业协会", outcome="none")
    response = client.post("/chains/visits/add/", data)
    visit = ChainVisit.objects.get()
    assert response.url == visit.get_absolute_url()
    assert visit.history.count() == 1


def test_another_zone_cannot_log_a_visit_on_the_chain(world, cw, login):
    client = login("zone_b")
    data = {
        "chain": cw.chain.pk,
        "kind": "expert",
        "date": "2025-04-18",
        "counterpart": "某专家",
        "visitors": "x",
    }
    page = client.post("/chains/visits/add/", data)
    assert "chain" in page.context["form"].errors
    assert not ChainVisit.objects.exists()

from __future__ import annotations

import datetime as dt

import pytest

from jijuqu.land.models import Plot
from jijuqu.land.testing import make_building, make_plot, make_tenancy

pytestmark = pytest.mark.django_db


def test_a_plot_through_the_api_gets_the_forms_chinese_messages_and_history(world, login):
    client = login("zone_a")
    bad = client.post(
        "/api/land/plots/",
        {"zone": world.zone_a.pk, "number": "A1", "area": "-1", "status": "supplied", "price": "约300"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert set(errors) >= {"area", "price", "supplied_on", "enterprise"}
    assert errors["price"][0].startswith("土地价款（万元）：")
    assert not Plot.objects.exists()
    made = client.post(
        "/api/land/plots/",
        {
            "zone": world.zone_a.pk,
            "number": "A1",
            "area": "15",
            "status": "supplied",
            "enterprise": world.enterprise_a.pk,
            "supplied_on": "2024-01-01",
            "start_by": "2024-06-30",
            "price": "1.2亿",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["area_m2"], body["price"], body["idle"]) == ("10000.00", "12000.00", True)
    plot = Plot.objects.get()
    assert plot.history.first().history_user == world.user("zone_a")
    # Another zone's staff neither read nor change it.
    other = login("zone_b")
    assert other.get(f"/api/land/plots/{plot.pk}/").status_code == 404
    assert (
        other.patch(f"/api/land/plots/{plot.pk}/", {"area": "1"}, content_type="application/json").status_code
        == 404
    )


def test_occupancy_api_answers_for_the_users_buildings_only(world, login):
    building = make_building(world.zone_b, "1号楼", 1000, park=world.park_b)
    make_tenancy(building, world.enterprise_b, 250, dt.date(2024, 1, 1))
    make_plot(world.zone_a, "A1", 5)
    rows = login("zone_b").get("/api/land/occupancy/", {"on": "2024-06-01"}).json()
    assert [(r["park"], r["phase"], r["occupied"], r["rate"]) for r in rows] == [
        ("汝绣产业园", "一期", "250.00", "25.0")
    ]
    assert login("zone_a").get("/api/land/occupancy/").json() == []
    assert login("enterprise").get("/api/land/occupancy/").json() == []

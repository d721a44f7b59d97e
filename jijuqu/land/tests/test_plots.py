from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jijuqu.land import services
from jijuqu.land.models import Plot, PlotFollowUp, m2_to_mu, mu_to_m2
from jijuqu.land.testing import make_plot

pytestmark = pytest.mark.django_db

START_BY = dt.date(2025, 6, 30)


def test_a_supplied_plot_is_idle_only_from_the_day_after_its_contracted_start(world):
    plot = make_plot(world.zone_a, "QY-01", 50, "supplied", enterprise=world.enterprise_a, start_by=START_BY)
    assert not services.is_idle(plot, START_BY)
    assert services.is_idle(plot, START_BY + dt.timedelta(days=1))
    # The filter says the same as the function, on both sides of the boundary.
    assert not Plot.objects.filter(services.idle_q(START_BY)).exists()
    assert Plot.objects.filter(services.idle_q(START_BY + dt.timedelta(days=1))).get() == plot


def test_a_plot_under_construction_is_never_idle_by_date(world):
    plot = make_plot(world.zone_a, "QY-02", 10, "building", enterprise=world.enterprise_a, start_by=START_BY)
    assert not services.is_idle(plot, dt.date(2030, 1, 1))


def test_zone_figures_add_up_by_status_in_mu(world):
    w = world
    make_plot(w.zone_a, "A1", "100.5", "producing", enterprise=w.enterprise_a)
    make_plot(w.zone_a, "A2", 40, "building", enterprise=w.enterprise_a2)
    make_plot(w.zone_a, "A3", 30, "supplied", enterprise=w.enterprise_a2, start_by=START_BY)  # idle after
    make_plot(w.zone_a, "A4", 12, "low", enterprise=w.enterprise_a)
    make_plot(w.zone_a, "A5", 200, "reserve")
    make_plot(w.zone_b, "B1", 7, "idle", enterprise=w.enterprise_b)
    on = START_BY + dt.timedelta(days=1)
    rows = {r.zone.code: r for r in services.zone_figures(Plot.objects.all(), on)}
    a = rows[w.zone_a.code]
    assert (a.plots, a.supplied, a.built, a.idle, a.low) == (5, Decimal("182.5"), Decimal("152.5"), 30, 12)
    b = rows[w.zone_b.code]
    assert (b.supplied, b.built, b.idle) == (7, 0, 7)
    on_time = {r.zone.code: r for r in services.zone_figures(Plot.objects.all(), START_BY)}
    assert on_time[w.zone_a.code].idle == 0


def test_a_revival_step_dates_the_revival_and_takes_the_plot_off_the_list(world, login):
    plot = make_plot(world.zone_a, "A3", 30, "idle", enterprise=world.enterprise_a)
    on = dt.date(2025, 7, 1)
    assert list(services.to_revive(Plot.objects.all(), on)) == [plot]
    client = login("zone_a")
    response = client.post(
        "/land/revival/add/",
        {"plot": plot.pk, "date": "2025-07-10", "action": "约谈企业，限期开工", "form_token": "t1"},
    )
    assert response.status_code == 302
    plot.refresh_from_db()
    assert plot.revived_on is None
    client.post(
        "/land/revival/add/",
        {
            "plot": plot.pk,
            "date": "2025-09-01",
            "action": "收回后重新出让",
            "revived": "on",
            "form_token": "t2",
        },
    )
    plot.refresh_from_db()
    assert plot.revived_on == dt.date(2025, 9, 1)
    assert PlotFollowUp.objects.get(date=dt.date(2025, 9, 1)).user == world.user("zone_a")
    assert list(services.to_revive(Plot.objects.all(), on)) == []
    rows = services.zone_figures(Plot.objects.all(), on, 2025)
    assert rows[0].revived == 30
    assert plot.history.count() == 2  # created, revived: kept with who and when


def test_a_supplied_plot_needs_its_date_and_its_user(world):
    plot = Plot(zone=world.zone_a, number="X", area=Decimal("5"), status="supplied")
    with pytest.raises(ValidationError) as err:
        plot.full_clean()
    assert set(err.value.message_dict) == {"supplied_on", "enterprise"}


def test_a_plot_cannot_go_to_an_enterprise_of_another_zone(world, login):
    response = login("zone_a").post(
        "/land/plots/add/",
        {
            "zone": world.zone_a.pk,
            "number": "A9",
            "area": "10",
            "planned_use": "industrial",
            "status": "supplied",
            "enterprise": world.enterprise_b.pk,
            "supplied_on": "2024-01-01",
            "form_token": "x",
        },
    )
    assert response.status_code == 200
    assert not Plot.objects.exists()


def test_mu_and_square_metres_convert_exactly():
    assert mu_to_m2(Decimal("15")) == Decimal("10000.00")
    assert m2_to_mu(Decimal("10000")) == Decimal("15")


def test_zone_staff_see_only_their_zones_plots_and_enterprises_none(world, login):
    make_plot(world.zone_a, "A1", 10, "producing", enterprise=world.enterprise_a)
    make_plot(world.zone_b, "B1", 10, "producing", enterprise=world.enterprise_b)
    assert [p.number for p in login("zone_b").get("/land/plots/").context["table"].data] == ["B1"]
    assert list(login("enterprise").get("/land/plots/").context["table"].data) == []
    # The natural-resources bureau reads the plots of its city, and changes none.
    department = login("department")
    assert [p.number for p in department.get("/land/plots/").context["table"].data] == ["A1"]
    plot = Plot.objects.get(number="A1")
    assert department.get(f"/land/plots/{plot.pk}/edit/").status_code == 403


def test_the_overview_shows_a_users_zones_only(world, login):
    make_plot(world.zone_a, "A1", 10, "idle", enterprise=world.enterprise_a)
    make_plot(world.zone_b, "B1", 20, "idle", enterprise=world.enterprise_b)
    response = login("zone_a").get("/land/")
    assert [r.zone for r in response.context["zones"]] == [world.zone_a]
    assert [p.number for p in response.context["revive"]] == ["A1"]
    assert login("enterprise").get("/land/").status_code == 403

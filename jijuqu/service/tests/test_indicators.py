from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from jijuqu.assessment import sources
from jijuqu.assessment.models import Indicator, IndicatorValue
from jijuqu.assessment.testing import make_framework
from jijuqu.service.indicators import zone_values
from jijuqu.service.testing import at, make_request
from jijuqu.service.tests.test_report import closed

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def may_2024(world):
    # 沁阳 (zone_a): closed in 4 days (on time, 满意), 11 days (late, 基本满意), 2 days (on time, 基本满意).
    closed(world, world.enterprise_a, world.dept_city, D(2024, 5, 10), "satisfied")
    closed(world, world.enterprise_a, world.dept_city, D(2024, 5, 17), "fairly")
    closed(world, world.enterprise_a2, world.dept_a, D(2024, 5, 8), "fairly")
    # 温县 (zone_c): one never referred (overdue) and one monitoring observation (counted apart).
    make_request(world.enterprise_c, at(D(2024, 5, 6)))
    make_request(world.enterprise_c, at(D(2024, 5, 7)), kind="monitoring", title="窗口排队")
    # 汝州 (zone_b): one never referred.
    make_request(world.enterprise_b, at(D(2024, 5, 6)))
    return world


def test_service_indicator_values_of_a_zone_by_hand(may_2024):
    assert zone_values(may_2024.zone_a, "2024-05") == {
        "FW_RECEIVED": Decimal(3),
        "FW_CLOSED": Decimal(3),
        "FW_ONTIME_RATE": Decimal("66.7"),  # 2 of 3 closed by their day
        "FW_SATISFIED_RATE": Decimal("100.0"),  # 3 of 3 rated 满意 or 基本满意
        "FW_AVG_DAYS": Decimal("5.7"),  # (4 + 11 + 2) / 3
        "FW_OVERDUE": Decimal(0),
    }
    zone_c = zone_values(may_2024.zone_c, "2024-Q2")
    assert (zone_c["FW_RECEIVED"], zone_c["FW_OVERDUE"], zone_c["FW_ONTIME_RATE"]) == (1, 1, None)
    # The first quarter ends before any of them was raised.
    assert zone_values(may_2024.zone_a, "2024-Q1")["FW_RECEIVED"] == 0


def test_feeding_a_framework_fills_service_and_attraction_codes_in_scope_and_leaves_the_rest(may_2024):
    framework = make_framework(may_2024)
    group = framework.groups.first()
    ontime = Indicator.objects.create(
        group=group, code="fw_ontime_rate", name="按时办结率", unit="%", weight=Decimal(10)
    )
    days = Indicator.objects.create(
        group=group, code="FW_AVG_DAYS", name="平均办结天数", unit="天", direction=-1, weight=Decimal(5)
    )
    signed = Indicator.objects.create(
        group=group, code="ZS_SIGNED", name="签约项目数", unit="个", weight=Decimal(5)
    )
    result = sources.feed_framework(framework, "2024-05", may_2024.user("city"))
    assert result.errors == []
    values = {(v.zone_id, v.indicator_id): v.value for v in IndicatorValue.objects.filter(period="2024-05")}
    zone_a, zone_b, zone_c = may_2024.zone_a.pk, may_2024.zone_b.pk, may_2024.zone_c.pk
    assert values[zone_a, ontime.pk] == Decimal("66.7") and values[zone_a, days.pk] == Decimal("5.7")
    assert values[zone_a, signed.pk] == 0  # the attraction source, fed in the same grid
    assert (zone_c, ontime.pk) not in values  # nothing closed in 温县: no value, not 0
    assert (zone_b, ontime.pk) not in values  # 汝州 is not the city analyst's
    assert not IndicatorValue.objects.filter(period="2024-05", indicator__code="A1").exists()


def test_an_indicator_code_has_one_source():
    with pytest.raises(ImproperlyConfigured):
        sources.register(["FW_RECEIVED"], lambda zone, period: {})


def test_the_entry_page_fills_computed_indicators_from_the_records(may_2024, client):
    """The button on the entry grid: a zone user fills 按时办结率 for their own zone (66.7, by hand above),
    not 温县's; a bad period is a message and saves nothing."""
    framework = make_framework(may_2024)
    ontime = Indicator.objects.create(
        group=framework.groups.first(), code="FW_ONTIME_RATE", name="按时办结率", unit="%", weight=Decimal(10)
    )
    client.force_login(may_2024.user("zone_a"))
    page = client.get(f"/assessment/frameworks/{framework.pk}/entry/?period=2024-05")
    assert [i.pk for i in page.context["computed"]] == [ontime.pk]
    before = IndicatorValue.objects.count()
    client.post(f"/assessment/frameworks/{framework.pk}/feed/", {"period": "2024-5月"})
    assert IndicatorValue.objects.count() == before
    response = client.post(f"/assessment/frameworks/{framework.pk}/feed/", {"period": "2024-05"})
    assert response.status_code == 302
    values = {v.zone_id: v.value for v in IndicatorValue.objects.filter(indicator=ontime, period="2024-05")}
    assert values == {may_2024.zone_a.pk: Decimal("66.7")}
    assert client.get(f"/assessment/frameworks/{framework.pk}/feed/").status_code == 405

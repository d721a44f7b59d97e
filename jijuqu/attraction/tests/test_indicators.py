from __future__ import annotations

from decimal import Decimal

import pytest

from jijuqu.assessment.models import Indicator, IndicatorValue
from jijuqu.assessment.testing import make_framework
from jijuqu.attraction.indicators import feed_framework, period_month, zone_values
from jijuqu.attraction.tests.test_services import figures_world
from jijuqu.core.periods import Period

pytestmark = pytest.mark.django_db


def test_assessment_periods_end_on_their_last_month():
    assert period_month("2024") == Period(2024, 12)
    assert period_month("2024-Q3") == Period(2024, 9)
    assert period_month("2024-10") == Period(2024, 10)


def test_attraction_figures_become_indicator_values_without_retyping(world):
    figures_world(world)
    framework = make_framework(world)
    group = framework.groups.first()
    amount = Indicator.objects.create(
        group=group, code="ZS_AMOUNT", name="签约金额", unit="万元", weight=Decimal(10)
    )
    overdue = Indicator.objects.create(
        group=group, code="ZS_OVERDUE", name="超时限未开工项目数", unit="个", direction=-1, weight=Decimal(5)
    )
    assert zone_values(world.zone_a, "2024-10")["ZS_FUNDS_RATE"] == Decimal("15.0")
    result = feed_framework(framework, "2024-10", world.user("city"))
    assert result.errors == []
    values = {(v.zone_id, v.indicator_id): v.value for v in IndicatorValue.objects.filter(period="2024-10")}
    assert values[world.zone_a.pk, amount.pk] == Decimal("20000")
    assert values[world.zone_a.pk, overdue.pk] == Decimal("2")
    assert values[world.zone_c.pk, amount.pk] == Decimal("0")
    # The city analyst feeds only 焦作's zones; 汝州 is left to its own.
    assert (world.zone_b.pk, amount.pk) not in values

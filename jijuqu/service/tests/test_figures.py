"""包联 coverage, visits due and request figures, against counts made by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jijuqu.enterprises.models import Enterprise
from jijuqu.service import figures, services
from jijuqu.service.choices import RequestCategory
from jijuqu.service.models import Assignment, Visit
from jijuqu.service.testing import at, make_request
from jijuqu.zones.models import Official

pytestmark = pytest.mark.django_db
D = dt.date


def test_reassigning_an_official_keeps_the_earlier_assignment(world):
    e = world.enterprise_a
    first = services.assign_official(e, world.official_a, day=D(2024, 1, 2))
    again = services.assign_official(e, world.official_a, day=D(2024, 2, 1))
    assert again.pk == first.pk
    other = Official.objects.create(name="王芳", position="科员", department=world.dept_a)
    second = services.assign_official(e, other, leader=world.official_a, day=D(2024, 3, 1))
    first.refresh_from_db()
    assert first.ended_on == D(2024, 3, 1) and second.ended_on is None
    assert list(e.assignments.order_by("started_on").values_list("official__name", flat=True)) == [
        "张伟",
        "王芳",
    ]
    assert first.history.count() == 2  # created, then ended: who and when are kept
    with pytest.raises(ValidationError):
        services.assign_official(e, world.official_a, day=D(2024, 2, 1))


def test_coverage_counts_enterprises_with_an_official_by_zone(world):
    services.assign_official(world.enterprise_a, world.official_a)
    services.assign_official(world.enterprise_b, world.official_b)
    ended = services.assign_official(world.enterprise_c, world.official_a, day=D(2024, 1, 1))
    ended.ended_on = D(2024, 6, 1)
    ended.save()
    rows = {c.label: c for c in figures.coverage(Enterprise.objects.all())}
    # 沁阳: 兴发 assigned, 超威 not; 汝州: 1 of 1; 温县: its official left.
    assert (rows["沁阳市产业集聚区"].enterprises, rows["沁阳市产业集聚区"].assigned) == (2, 1)
    assert rows["沁阳市产业集聚区"].rate == Decimal("0.5")
    assert (rows["温县产业集聚区"].assigned, rows["合计"].enterprises, rows["合计"].assigned) == (0, 4, 2)
    assert set(figures.unassigned(Enterprise.objects.all())) == {world.enterprise_a2, world.enterprise_c}


def test_enterprises_not_visited_since_the_quarter_are_listed_for_their_official(world):
    services.assign_official(world.enterprise_a, world.official_a)
    services.assign_official(world.enterprise_a2, world.official_a)
    Visit.objects.create(
        enterprise=world.enterprise_a, official=world.official_a, date=D(2024, 7, 3), findings="生产正常"
    )
    Visit.objects.create(
        enterprise=world.enterprise_a2, official=world.official_a, date=D(2024, 6, 28), findings="缺工"
    )
    due = figures.not_visited(Assignment.objects.all(), since=D(2024, 7, 1))
    assert [a.enterprise for a in due] == [world.enterprise_a2]


def closed(enterprise, dept, raised, answered, rating, **kw):
    r = make_request(enterprise, at(raised), **kw)
    services.refer(r, dept, None, at(raised, 15))
    services.answer(r, None, at(answered), "已办理")
    if rating:
        services.rate(r, None, rating, at(answered, 18))
    return r


def test_request_figures_match_a_hand_count(world):
    # Week of 6 May 2024 (no holidays): close day of a request raised on the 6th is the 15th.
    closed(world.enterprise_a, world.dept_city, D(2024, 5, 6), D(2024, 5, 10), "satisfied")  # 4 days, on time
    closed(world.enterprise_a, world.dept_city, D(2024, 5, 6), D(2024, 5, 17), "fairly")  # 11 days, late
    closed(world.enterprise_b, world.dept_b, D(2024, 5, 6), D(2024, 5, 9), "satisfied", category="land")  # 3
    r = closed(world.enterprise_a2, world.dept_a, D(2024, 5, 6), D(2024, 5, 8), "unsatisfied")  # reopened
    services.answer(r, None, at(D(2024, 5, 14)), "再次办理")
    services.rate(r, None, "unsatisfied", at(D(2024, 5, 14), 18))  # rated twice unsatisfied, still open
    make_request(world.enterprise_b, at(D(2024, 5, 6)))  # never referred: overdue
    make_request(world.enterprise_c, at(D(2024, 5, 6)), kind="monitoring", title="窗口排队时间长")
    total = figures.request_figures(figures.ServiceRequest.objects.all(), D(2024, 5, 31))[0]
    assert (total.received, total.closed, total.on_time, total.overdue) == (5, 3, 2, 2)
    assert total.on_time_rate == Decimal(2) / 3
    assert (total.rated, total.satisfied) == (3, 3)
    assert total.average_days == Decimal("6.0")  # (4 + 11 + 3) / 3
    by_dept = {
        f.label: f
        for f in figures.request_figures(figures.ServiceRequest.objects.all(), D(2024, 5, 31), "department")
    }
    assert (by_dept["焦作市自然资源和规划局"].closed, by_dept["焦作市自然资源和规划局"].on_time) == (2, 1)
    assert by_dept["未转办"].received == 1
    by_cat = {
        f.label: f.received
        for f in figures.request_figures(figures.ServiceRequest.objects.all(), D(2024, 5, 31), "category")
    }
    assert by_cat == {str(RequestCategory.POWER.label): 4, str(RequestCategory.LAND.label): 1}
    assert figures.monitoring_count(figures.ServiceRequest.objects.all()) == 1
    services.assign_official(world.enterprise_a, world.official_a)
    by_official = {
        f.label: f.received
        for f in figures.request_figures(figures.ServiceRequest.objects.all(), D(2024, 5, 31), "official")
    }
    assert by_official == {"张伟": 2, "未包联": 3}
    # As they stood on the 12th: only the two answered by the 10th were closed.
    early = figures.request_figures(figures.ServiceRequest.objects.all(), D(2024, 5, 12))[0]
    assert (early.closed, early.on_time) == (2, 2)

"""The request's way through the pages, and who may take which step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jijuqu.service import services
from jijuqu.service.choices import RequestStatus
from jijuqu.service.models import ServiceRequest
from jijuqu.service.testing import at, make_request
from jijuqu.zones.models import Official

pytestmark = pytest.mark.django_db


def test_enterprise_raises_department_answers_enterprise_rates(world, login):
    client = login("enterprise")
    page = client.get("/service/requests/add/")
    assert page.status_code == 200
    token = page.context["form"].initial["form_token"]
    response = client.post(
        "/service/requests/add/",
        {
            "enterprise": world.enterprise_a.pk,
            "title": "新厂房用电增容",
            "category": "power",
            "kind": "ordinary",
            "source": "enterprise",
            "form_token": token,
        },
    )
    r = ServiceRequest.objects.get()
    assert response.status_code == 302 and r.status == RequestStatus.RAISED and r.raised_at is not None
    assert r.steps.get().user == world.user("enterprise")
    # The enterprise may not refer it; the zone office does.
    assert (
        client.post(
            f"/service/requests/{r.pk}/step/", {"step": "assign", "department": world.dept_city.pk}
        ).status_code
        == 403
    )
    zone = login("zone_a")
    zone.post(f"/service/requests/{r.pk}/step/", {"step": "assign", "department": world.dept_city.pk})
    r.refresh_from_db()
    assert r.status == RequestStatus.ASSIGNED and r.department == world.dept_city
    dept = login("department")
    dept.post(f"/service/requests/{r.pk}/step/", {"step": "answer", "text": "已协调供电公司"})
    r.refresh_from_db()
    assert r.status == RequestStatus.ANSWERED and r.responded_at is not None
    enterprise = login("enterprise")
    enterprise.post(f"/service/requests/{r.pk}/step/", {"step": "rate", "rating": "satisfied"})
    r.refresh_from_db()
    assert r.status == RequestStatus.CLOSED and r.rating == "satisfied"
    assert r.history.count() >= 4  # every step is in the change history too


def test_answer_without_text_is_refused_with_a_message_and_nothing_changes(world, login):
    r = make_request(world.enterprise_a, timezone.now())
    services.refer(r, world.dept_city, None)
    response = login("department").post(
        f"/service/requests/{r.pk}/step/", {"step": "answer", "text": "  "}, follow=True
    )
    r.refresh_from_db()
    assert r.status == RequestStatus.ASSIGNED
    assert any("答复" in str(m) or "answer" in str(m) for m in response.context["messages"])


def test_department_sees_requests_referred_to_it_and_those_of_its_officials_enterprises(world, login):
    mine = make_request(world.enterprise_a, at(dt.date(2024, 5, 6)), title="转给本部门")
    services.refer(mine, world.dept_city, None)
    other = make_request(world.enterprise_c, at(dt.date(2024, 5, 6)), title="别的部门")
    services.refer(other, world.dept_a, None)
    unassigned = make_request(world.enterprise_b, at(dt.date(2024, 5, 6)), title="汝州的")
    dept_user = world.user("department")
    assert set(ServiceRequest.objects.restrict(dept_user)) == {mine}
    Official.objects.create(name="赵敏", position="科长", department=world.dept_city, user=dept_user)
    services.assign_official(world.enterprise_c, Official.objects.get(name="赵敏"))
    dept_user = type(dept_user).objects.get(pk=dept_user.pk)
    assert set(ServiceRequest.objects.restrict(dept_user)) == {mine, other}
    # Seeing is not working: it may not answer a request referred to another department.
    assert (
        login("department")
        .post(f"/service/requests/{other.pk}/step/", {"step": "answer", "text": "x"})
        .status_code
        == 403
    )
    assert set(ServiceRequest.objects.restrict(world.user("enterprise"))) == {mine}
    assert set(ServiceRequest.objects.restrict(world.user("zone_b"))) == {unassigned}
    assert login("zone_b").get(f"/service/requests/{mine.pk}/").status_code == 404


def test_overview_shows_the_on_time_rate_to_the_city_and_refuses_the_enterprise(world, login):
    r = make_request(world.enterprise_a, at(dt.date(2024, 5, 6)))
    services.refer(r, world.dept_city, None, at(dt.date(2024, 5, 6), 15))
    services.answer(r, None, at(dt.date(2024, 5, 8)), "已办理")
    services.rate(r, None, "satisfied", at(dt.date(2024, 5, 9)))
    response = login("city").get("/service/", {"period": "2024-05"})
    assert response.status_code == 200
    total = response.context["total"][0]
    assert (total.received, total.closed, total.on_time) == (1, 1, 1)
    assert "100.0%" in response.content.decode()
    assert login("enterprise").get("/service/").status_code == 403
    bad = login("city").get("/service/", {"period": "2024-13"})
    assert bad.status_code == 200 and bad.context["error"]


def test_enterprise_home_shows_its_requests_official_and_nothing_of_others(world, login):
    services.assign_official(world.enterprise_a, world.official_a)
    make_request(world.enterprise_a, timezone.now(), title="我的诉求")
    make_request(world.enterprise_b, timezone.now(), title="别人的诉求")
    page = login("enterprise").get("/").content.decode()
    assert "我的诉求" in page and "别人的诉求" not in page and "张伟" in page

"""The service API: raise, step, figures — in scope, with Chinese refusals."""

from __future__ import annotations

import pytest

from jijuqu.service.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_request_runs_through_the_api(world, login):
    ent = login("enterprise")
    created = ent.post(
        "/api/service/requests/",
        {"enterprise": world.enterprise_a.pk, "title": "用工招聘", "category": "labour"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["assign_due"] is not None
    refused = ent.post(
        f"/api/service/requests/{pk}/steps/",
        {"step": "assign", "department": world.dept_city.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403
    city = login("city")
    city.post(
        f"/api/service/requests/{pk}/steps/",
        {"step": "assign", "department": world.dept_city.pk},
        content_type="application/json",
    )
    dept = login("department")
    empty = dept.post(
        f"/api/service/requests/{pk}/steps/", {"step": "answer", "text": ""}, content_type="application/json"
    )
    assert empty.status_code == 422 and ServiceRequest.objects.get().status == "assigned"
    ok = dept.post(
        f"/api/service/requests/{pk}/steps/",
        {"step": "answer", "text": "已推荐人力资源市场"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["status"] == "answered"
    ent = login("enterprise")
    rated = ent.post(
        f"/api/service/requests/{pk}/steps/",
        {"step": "rate", "rating": "fairly"},
        content_type="application/json",
    )
    assert rated.json()["status"] == "closed"
    steps = ent.get(f"/api/service/requests/{pk}/steps/").json()
    assert [s["kind"] for s in steps] == ["raise", "assign", "answer", "rate"]
    assert login("zone_b").get(f"/api/service/requests/{pk}/").status_code == 404
    figures = login("city").get(
        "/api/service/figures/",
        {"by": "department", "period": ServiceRequest.objects.get().raised_at.strftime("%Y-%m")},
    )
    assert figures.json()[0]["on_time_rate"] == 1.0 and figures.json()[0]["label"] == "焦作市自然资源和规划局"
    assert login("city").get("/api/service/figures/", {"period": "2024-13"}).status_code == 422

"""The API keeps the same scope and validation as the pages."""

import json
from decimal import Decimal

import pytest

from jijuqu.core.api import create_token
from jijuqu.core.testing import credit
from jijuqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def bearer(world, name):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(world.user(name), 'test')}"}


def test_api_needs_authentication(client, world):
    assert client.get("/api/zones/").status_code == 401
    assert client.get("/api/zones/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_token_user_lists_only_own_zone(client, world):
    body = client.get("/api/zones/", **bearer(world, "zone_a")).json()
    assert body["count"] == 1
    assert [z["name"] for z in body["items"]] == ["沁阳市产业集聚区"]


def test_city_user_lists_city_enterprises_with_filters(client, world):
    headers = bearer(world, "city")
    body = client.get("/api/enterprises/", **headers).json()
    assert sorted(e["name"] for e in body["items"]) == sorted(
        ["广东兴发铝业（河南）有限公司", "河南超威电源有限公司", "温县食品有限公司"]
    )
    body = client.get("/api/enterprises/", {"q": "兴发"}, **headers).json()
    assert [e["registered_capital"] for e in body["items"]] == ["30000.00"]


def test_api_get_outside_scope_is_404(client, world):
    headers = bearer(world, "zone_a")
    assert client.get(f"/api/zones/{world.zone_b.pk}/", **headers).status_code == 404
    assert client.get(f"/api/enterprises/{world.enterprise_b.pk}/", **headers).status_code == 404
    response = client.patch(
        f"/api/enterprises/{world.enterprise_b.pk}/",
        json.dumps({"name": "x"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    world.enterprise_b.refresh_from_db()
    assert world.enterprise_b.name == "河南润灵药业有限公司"


def test_api_create_uses_the_form_validation(client, world):
    headers = bearer(world, "zone_a")
    before = Enterprise.objects.count()
    response = client.post(
        "/api/enterprises/",
        json.dumps(
            {
                "name": "沁阳接口企业有限公司",
                "credit_code": "91350100M000100Y44",
                "zone": world.zone_a.pk,
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"]["credit_code"][0].startswith("统一社会信用代码：")
    assert Enterprise.objects.count() == before
    response = client.post(
        "/api/enterprises/",
        json.dumps(
            {
                "name": "沁阳接口企业有限公司",
                "credit_code": credit("410882", 77),
                "zone": world.zone_a.pk,
                "registered_capital": "12.34",
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert Enterprise.objects.get(name="沁阳接口企业有限公司").registered_capital == Decimal("12.34")


def test_api_cannot_create_in_other_zone(client, world):
    response = client.post(
        "/api/enterprises/",
        json.dumps(
            {
                "name": "外区企业",
                "credit_code": credit("410482", 78),
                "zone": world.zone_b.pk,
            }
        ),
        content_type="application/json",
        **bearer(world, "zone_a"),
    )
    assert response.status_code == 422
    assert not Enterprise.objects.filter(name="外区企业").exists()


def test_api_partial_update_records_history_with_the_token_user(client, world):
    e = world.enterprise_a2
    response = client.patch(
        f"/api/enterprises/{e.pk}/",
        json.dumps({"phone": "0391-5555555"}),
        content_type="application/json",
        **bearer(world, "zone_a"),
    )
    assert response.status_code == 200, response.content
    e.refresh_from_db()
    assert e.phone == "0391-5555555" and e.zone == world.zone_a and e.name == "河南超威电源有限公司"
    assert e.history.first().history_user == world.user("zone_a")


def test_department_user_cannot_patch_zone(client, world):
    response = client.patch(
        f"/api/zones/{world.zone_a.pk}/",
        json.dumps({"address": "x"}),
        content_type="application/json",
        **bearer(world, "department"),
    )
    assert response.status_code == 403


def test_openapi_docs_are_served_without_internet(client, world):
    client.force_login(world.user("zone_a"))
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html
    schema = client.get("/api/openapi.json").json()
    assert "/api/enterprises/" in schema["paths"]


def test_a_page_past_the_last_row_is_empty_without_reading_the_rows(client, world):
    """The count is asked first; when it is at or below the offset, the rows are not read (for a zone
    without reports they were the whole province's, read in order to find none)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jijuqu.projects.testing import make_project, report

    report(make_project(world.zone_a, name="有月报的项目"), 2024, 3, "10.00")
    headers = bearer(world, "zone_b")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/progress/", **headers).json()
    assert body == {"items": [], "count": 0}
    read = [q["sql"] for q in queries if "projects_monthlyprogress" in q["sql"]]
    assert read and all("COUNT(" in sql for sql in read), read
    headers = bearer(world, "zone_a")
    assert client.get("/api/progress/", **headers).json()["count"] == 1
    body = client.get("/api/progress/", {"offset": 1}, **headers).json()
    assert body == {"items": [], "count": 1}
    assert len(client.get("/api/progress/", {"offset": 0}, **headers).json()["items"]) == 1

"""Bad input gets a Chinese message naming the field, and nothing is saved."""

from decimal import Decimal

import pytest

from jijuqu.core.testing import credit
from jijuqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def post_enterprise(client, world, **fields):
    data = {
        "name": "沁阳新企业有限公司",
        "credit_code": credit("410882", 50),
        "zone": world.zone_a.pk,
        "registered_capital": "100.50",
    }
    data.update(fields)
    return client.post("/enterprises/add/", data)


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.index('id="form-errors"')
    return html[start : html.index("</div>", html.index("</ul>", start))]


def test_valid_enterprise_is_saved_with_exact_decimal(login, world):
    response = post_enterprise(login("zone_a"), world)
    assert response.status_code == 302
    saved = Enterprise.objects.get(name="沁阳新企业有限公司")
    assert saved.registered_capital == Decimal("100.50")


def test_invalid_credit_code_names_the_field_in_chinese(login, world):
    before = Enterprise.objects.count()
    response = post_enterprise(login("zone_a"), world, credit_code="91350100M000100Y44")
    assert response.status_code == 200
    summary = error_summary(response)
    assert "统一社会信用代码：" in summary and "校验位错误" in summary
    assert Enterprise.objects.count() == before


def test_duplicate_credit_code_is_refused_in_chinese(login, world):
    before = Enterprise.objects.count()
    response = post_enterprise(login("zone_a"), world, credit_code=world.enterprise_a.credit_code)
    summary = error_summary(response)
    assert "统一社会信用代码：已存在使用该统一社会信用代码的企业。" in summary
    assert Enterprise.objects.count() == before


def test_duplicate_in_lower_case_is_still_a_duplicate(login, world):
    response = post_enterprise(login("zone_a"), world, credit_code=world.enterprise_a.credit_code.lower())
    assert response.status_code == 200
    assert Enterprise.objects.filter(credit_code=world.enterprise_a.credit_code).count() == 1


def test_missing_required_field_is_named(login, world):
    before = Enterprise.objects.count()
    response = post_enterprise(login("zone_a"), world, name="")
    summary = error_summary(response)
    assert "名称：这个字段是必填项。" in summary
    assert Enterprise.objects.count() == before


def test_negative_money_is_refused(login, world):
    response = post_enterprise(login("zone_a"), world, registered_capital="-1")
    assert "注册资本（万元）：" in error_summary(response)


def test_park_of_another_zone_is_refused(login, world):
    response = post_enterprise(login("admin"), world, park=world.park_b.pk)
    assert "园区：所选园区不属于该企业所在开发区。" in error_summary(response)

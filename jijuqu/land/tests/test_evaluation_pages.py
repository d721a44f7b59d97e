from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jijuqu.enterprises.models import EnterpriseYear
from jijuqu.land.testing import make_enterprise, make_plot, make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(world):
    """xingfa (the world's enterprise user's company) and two others of 沁阳, one of 汝州."""
    EnterpriseYear.objects.filter(enterprise=world.enterprise_a).update(
        tax=Decimal(300), revenue=Decimal(9000)
    )
    make_plot(world.zone_a, "XF-1", 20, "producing", enterprise=world.enterprise_a)
    make_enterprise(world.zone_a, 501, land=10, tax=100, revenue=3000)
    make_enterprise(world.zone_a, 502, land=10, tax=50, revenue=3000)
    make_enterprise(world.zone_b, 503, land=10, tax=400, revenue=3000)
    return make_scheme(
        world.henan, [("mu_tax", 100, None)], policy_a="优先保障用地、用能", policy_d="差别化电价"
    )


def test_an_enterprise_user_reads_its_own_class_and_policy_and_nothing_of_others(field, login, world):
    client = login("enterprise")
    page = client.get(f"/land/schemes/{field.pk}/result/", {"year": 2024, "enterprise": 99999})
    mine = page.context["mine"]
    # 亩均税收: 汝州 40, 兴发 15, 501 10, 502 5 → 兴发 is second of four: 2/4 = 50 % → B
    assert (mine.enterprise, mine.rank, mine.klass) == (world.enterprise_a, 2, "B")
    assert "B类（鼓励提升）" in page.content.decode()
    listing = client.get(f"/land/schemes/{field.pk}/evaluation/", {"year": 2024})
    assert [r.enterprise for r in listing.context["result"].results] == [world.enterprise_a]
    assert "测试企业" not in listing.content.decode()
    assert client.get(f"/land/schemes/{field.pk}/notice/", {"year": 2024}).status_code == 403
    exported = client.get(f"/land/schemes/{field.pk}/evaluation/", {"year": 2024, "export": "xlsx"})
    sheet = load_workbook(BytesIO(exported.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == [world.enterprise_a.name]
    api = client.get(f"/api/land/schemes/{field.pk}/evaluation/", {"year": 2024}).json()
    assert [r["credit_code"] for r in api["results"]] == [world.enterprise_a.credit_code]


def test_zone_staff_see_their_zones_enterprises_ranked_among_all(field, login, world):
    rows = (
        login("zone_a").get(f"/land/schemes/{field.pk}/evaluation/", {"year": 2024}).context["result"].results
    )
    assert [(r.enterprise.name, r.rank, r.klass) for r in rows] == [
        (world.enterprise_a.name, 2, "B"),
        ("测试企业501", 3, "C"),
        ("测试企业502", 4, "D"),
    ]
    notice = login("zone_b").get(f"/land/schemes/{field.pk}/notice/", {"year": 2024})
    assert [r.enterprise.name for r in notice.context["result"].results] == ["测试企业503"]
    other = login("zone_b").get(
        f"/land/schemes/{field.pk}/result/", {"year": 2024, "enterprise": world.enterprise_a.pk}
    )
    assert other.status_code == 404


def test_the_export_is_in_office_layout_with_values_points_and_class(field, login):
    response = login("province").get(
        f"/land/schemes/{field.pk}/evaluation/", {"year": 2024, "export": "xlsx"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.endswith("2024年工业企业亩均效益评价结果")
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["序号", "统一社会信用代码", "企业名称"] and "评价等级" in header
    first = [c.value for c in sheet[4]]
    assert first[2] == "测试企业503" and first[header.index("评价等级")] == "A类（优先发展）"
    assert first[header.index("亩均税收（万元/亩）")] == 40


def test_a_careless_year_is_a_message_naming_the_field(field, login):
    page = login("province").get(f"/land/schemes/{field.pk}/evaluation/", {"year": "2024年"})
    assert page.status_code == 200 and "“2024年”" in page.context["error"]
    api = login("province").get(f"/api/land/schemes/{field.pk}/evaluation/", {"year": "abc"})
    assert api.status_code == 422


def test_mu_evaluate_prints_credit_code_total_and_class(field, world):
    out = StringIO()
    call_command("mu_evaluate", "--scheme", str(field.pk), "--year", "2024", stdout=out)
    lines = out.getvalue().splitlines()
    assert "4家企业参评：A类1、B类1、C类1、D类1" in lines[0]
    assert lines[1] == "【规上（全部指标）】4家"
    assert lines[3].startswith(world.enterprise_a.credit_code) and "B类（鼓励提升）" in lines[3]
    out = StringIO()
    call_command("mu_evaluate", "--scheme", str(field.pk), "--year", "2024", "--json", stdout=out)
    data = json.loads(out.getvalue())
    # floored min-max over 40, 15, 10, 5: 20 + 80 × (x − 5) / 35
    assert [(r["total"], r["class"]) for r in data["results"]] == [
        ("100.00", "A"),
        ("42.86", "B"),
        ("31.43", "C"),
        ("20.00", "D"),
    ]
    with pytest.raises(CommandError):
        call_command("mu_evaluate", "--scheme", "999", "--year", "2024")

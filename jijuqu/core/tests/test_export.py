"""Exports use the office layout: title row, unit row, header, rows, 合计 row, and the list's filters."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def test_enterprise_export_layout_and_total(login, world):
    ws = workbook(login("city").get("/enterprises/", {"export": "xlsx"}))
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "企业"
    assert rows[1][0].startswith("单位：万元")
    header = rows[2]
    assert header[:3] == ("序号", "名称", "统一社会信用代码")
    body = rows[3:-1]
    assert sorted(r[1] for r in body) == sorted(
        ["广东兴发铝业（河南）有限公司", "河南超威电源有限公司", "温县食品有限公司"]
    )
    capital = header.index("注册资本（万元）")
    assert rows[-1][0] == "合计"
    assert Decimal(str(rows[-1][capital])) == Decimal("50000.50")


def test_export_follows_the_filters(login, world):
    ws = workbook(login("province").get("/enterprises/", {"export": "xlsx", "q": "润灵"}))
    names = [r[1] for r in ws.iter_rows(min_row=4, values_only=True) if r[0] != "合计"]
    assert names == ["河南润灵药业有限公司"]


def test_export_is_not_paginated(login, world, django_user_model):
    from jijuqu.core.testing import credit
    from jijuqu.enterprises.models import Enterprise

    Enterprise.objects.bulk_create(
        [
            Enterprise(name=f"沁阳企业{i:03d}", credit_code=credit("410882", 100 + i), zone=world.zone_a)
            for i in range(60)
        ]
    )
    client = login("zone_a")
    assert len(client.get("/enterprises/").context["table"].page.object_list) == 50
    ws = workbook(client.get("/enterprises/", {"export": "xlsx"}))
    assert ws.max_row == 3 + 62 + 1


def test_a_table_past_excels_last_row_is_refused_not_cut():
    from jijuqu.core.export import Book

    sheet = Book().sheet("台账")
    sheet.put(1_048_575, 0, "最后一行")  # Excel's last row holds
    with pytest.raises(ValueError, match="行列上限"):
        sheet.put(1_048_576, 0, "再多一行")

"""Indicator values from a workbook: the ranking export imports back unchanged; bad cells stop it all."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from jijuqu.assessment.importers import import_values, spec_for
from jijuqu.assessment.models import IndicatorValue
from jijuqu.assessment.ranking import rank
from jijuqu.assessment.testing import make_framework
from jijuqu.assessment.workbook import ranking_xlsx
from jijuqu.imports.engine import analyse, read_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(world):
    return make_framework(world)


def workbook_bytes(rows: list[list], title: str | None = "2025年开发区考核指标") -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "考核数据"
    if title:
        ws.append([title])
        ws.append(["单位：见各列"])
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def values(period):
    return {
        (v.zone.code, v.indicator.code): v.value
        for v in IndicatorValue.objects.filter(period=period).select_related("zone", "indicator")
    }


def test_the_ranking_export_imports_back_unchanged(world, framework):
    exported = ranking_xlsx(rank(framework, "2024"), world.user("admin"))
    wb = load_workbook(BytesIO(exported))
    del wb["综合排名"]  # keep the sheet of raw values
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    result = import_values(analyse(read_workbook(out), spec_for(framework)), framework, "2026")
    assert not result.errors and result.created == 9
    assert values("2026") == {key: value for key, value in values("2024").items()}
    out.seek(0)
    again = import_values(analyse(read_workbook(out), spec_for(framework)), framework, "2026")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def test_headers_by_name_or_code_and_numbers_as_written(world, framework):
    book = workbook_bytes(
        [
            ["序号", "开发区名称", "主营业务收入（亿元）", "A2", "单位增加值能耗"],
            [1, "沁阳市产业集聚区", "1,234.5", "12.5%", 0.45],
            [2, "温县", 300, "9", "0.3"],  # a county's name finds its only zone
        ]
    )
    result = import_values(analyse(read_workbook(book), spec_for(framework)), framework, "2025")
    assert not result.errors
    got = values("2025")
    assert got[("41088201", "A1")] == Decimal("1234.5") and got[("41088201", "A2")] == Decimal("12.5")
    assert got[("41082501", "B1")] == Decimal("0.3")


def test_every_bad_cell_is_reported_and_nothing_is_written(world, framework):
    book = workbook_bytes(
        [
            ["集聚区", "主营业务收入", "增速", "单位增加值能耗"],
            ["沁阳市产业集聚区", "约300", 8, 0.4],
            ["不存在的集聚区", 100, "八", 0.4],
            ["沁阳市产业集聚区", 100, 8, 0.4],
            ["温县产业集聚区", 100, "8.123456", 0.4],
        ]
    )
    result = import_values(analyse(read_workbook(book), spec_for(framework)), framework, "2025")
    found = [(e.row, e.column.split(" ")[0], e.message) for e in result.errors]
    assert (4, "B", "“约300”不是有效的数字") in found
    assert any(row == 5 and col == "A" for row, col, _ in found)
    assert (5, "C", "“八”不是有效的数字") in found  # a row refused for its zone still has its cells checked
    assert (6, "A", "“沁阳市产业集聚区”在第4行已出现") in found
    assert (7, "C", "“8.123456”超出可保存的范围（最多4位小数）") in found
    assert all(e.sheet == "考核数据" for e in result.errors)
    assert not IndicatorValue.objects.filter(period="2025").exists()


def test_zone_staff_import_only_their_zone(world, framework):
    book = workbook_bytes([["集聚区", "增速"], ["沁阳市产业集聚区", 8], ["温县产业集聚区", 9]])
    user = world.user("zone_a")
    result = import_values(analyse(read_workbook(book), spec_for(framework)), framework, "2025", user=user)
    assert [e.row for e in result.errors] == [5]
    assert not IndicatorValue.objects.filter(period="2025").exists()


def test_command_json_and_the_upload_page(world, framework, tmp_path, capsys, login):
    path = tmp_path / "values.xlsx"
    path.write_bytes(workbook_bytes([["集聚区", "增速"], ["沁阳市产业集聚区", "约8"]]).getvalue())
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_indicators", str(path), "--framework", str(framework.pk), "--period", "2025", "--json"
        )
    assert exit_.value.code == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["errors"][0]["row"] == 4 and printed["errors"][0]["value"] == "约8"

    client = login("zone_a")
    with open(path, "rb") as f:
        page = client.post(f"/assessment/frameworks/{framework.pk}/import/", {"period": "2025", "file": f})
    assert "“约8”不是有效的数字" in page.content.decode()
    good = workbook_bytes([["集聚区", "增速"], ["沁阳市产业集聚区", "8"]])
    good.name = "good.xlsx"
    done = client.post(
        f"/assessment/frameworks/{framework.pk}/import/", {"period": "2025", "file": good}, follow=True
    )
    assert done.status_code == 200
    saved = IndicatorValue.objects.get(period="2025")
    assert saved.value == Decimal("8") and saved.history.first().history_user == world.user("zone_a")


def test_indicator_values_go_through_the_import_pages(world, framework, login, settings, tmp_path):
    """A kind of the import engine too: upload with framework and period, preview, confirm."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jijuqu.imports.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    book = workbook_bytes([["集聚区", "增速"], ["沁阳市产业集聚区", 8]]).getvalue()
    client = login("admin")
    response = client.post(
        "/imports/indicators/",
        {"file": SimpleUploadedFile("v.xlsx", book), "framework": framework.pk, "period": "2025"},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.options == {"framework": framework.pk, "period": "2025"}
    html = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="confirm-import"' in html and "增速" in html
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and values("2025")
    bad = client.post(
        "/imports/indicators/",
        {"file": SimpleUploadedFile("v.xlsx", book), "framework": framework.pk, "period": "2025-13"},
    )
    assert bad.status_code == 200 and ImportJob.objects.count() == 1

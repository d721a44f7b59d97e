"""The .docx 通报 is a 公文: 发文机关, 发文字号 and 成文日期 (GB/T 9704), typed or defaulted; the web
通报 shows the same header and the chart the files carry."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from jijuqu.core.periods import Period
from jijuqu.reports.builder import Area, build
from jijuqu.reports.charts import chart_groups
from jijuqu.reports.document import report_docx
from jijuqu.reports.issuance import issuance_for

from .test_report import OCT, jiaozuo  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def texts(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs]


def signed(paragraphs: list[str], date_text: str) -> str:
    """The 署名 above the 成文日期 that closes the text (before the 附表)."""
    index = paragraphs.index(date_text)
    following = [p for p in paragraphs[index + 1 :] if p.strip()]
    assert following[0].startswith("附表1"), "the date closes the text"
    return paragraphs[index - 1]


def test_docx_carries_issuer_number_and_date_by_default(world, jiaozuo):  # noqa: F811
    today = timezone.localdate()
    paragraphs = texts(report_docx(build(Area.of(world.jiaozuo), OCT)))
    assert paragraphs[:3] == [
        "焦作市发展和改革委员会",
        f"焦作发改〔{today.year}〕10号",
        "焦作市重点项目建设情况通报",
    ]
    assert signed(paragraphs, f"{today.year}年{today.month}月{today.day}日") == "焦作市发展和改革委员会"


def test_a_zone_report_is_issued_by_its_management_committee(world):
    issued = issuance_for(Area.of(world.zone_a), Period(2026, 10))
    assert issued.issuer == f"{world.zone_a.name}管理委员会"


def test_typed_issuer_number_and_date_reach_the_file_page_and_api(world, jiaozuo, login):  # noqa: F811
    client = login("city")
    query = {
        "area": "410800",
        "period": "2024-10",
        "issuer": "焦作市重点项目建设领导小组办公室",
        "number": "焦重项办〔2024〕12号",
        "issued_on": "2024-11-08",
    }
    paragraphs = texts(client.get("/reports/monthly/", {**query, "format": "docx"}).content)
    assert paragraphs[:2] == ["焦作市重点项目建设领导小组办公室", "焦重项办〔2024〕12号"]
    assert signed(paragraphs, "2024年11月8日") == "焦作市重点项目建设领导小组办公室"
    page = client.get("/reports/monthly/", query).content.decode()
    assert "焦重项办〔2024〕12号" in page and "2024年11月8日" in page
    data = client.get("/api/reports/monthly/", query).json()
    assert (data["issuer"], data["number"], data["issued_on"]) == (
        "焦作市重点项目建设领导小组办公室",
        "焦重项办〔2024〕12号",
        "2024-11-08",
    )
    bad = client.get("/reports/monthly/", {**query, "issued_on": "2024-13-40"})
    assert bad.context["report"] is None


def test_the_command_takes_issuer_number_and_date(world, jiaozuo, tmp_path, capsys):  # noqa: F811
    call_command(
        "monthly_report",
        *("--region", "410800", "--year", "2024", "--month", "10", "--out", str(tmp_path)),
        *("--number", "焦发改〔2024〕9号", "--date", "2024-11-06"),
    )
    docx = next(tmp_path.glob("*.docx")).read_bytes()
    assert texts(docx)[1] == "焦发改〔2024〕9号" and signed(texts(docx), "2024年11月6日")


def test_web_report_draws_the_chart_the_files_carry(world, jiaozuo, login):  # noqa: F811
    page = login("city").get("/reports/monthly/", {"area": "410800", "period": "2024-10"})
    html = page.content.decode()
    assert 'id="report-chart"' in html and "vendor/echarts/echarts.min.js" in html
    data = json.loads(page.context["chart_json"])
    rated, title = chart_groups(page.context["report"])
    assert data["names"] == [g.label for g in rated] and data["title"] == title
    assert len(data["names"]) >= 2


def test_a_date_of_issue_defaults_to_today(world):
    assert issuance_for(Area.of(world.jiaozuo), OCT).date == timezone.localdate()
    assert issuance_for(Area.of(world.jiaozuo), OCT, date=dt.date(2024, 11, 1)).date_text == "2024年11月1日"

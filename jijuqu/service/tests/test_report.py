"""The service 通报: its sentence checked by hand, the command's files."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from jijuqu.core.periods import Period
from jijuqu.reports.builder import Area
from jijuqu.service import report, services
from jijuqu.service.testing import at, make_request

pytestmark = pytest.mark.django_db
D = dt.date


def closed(world, enterprise, dept, answered, rating):
    r = make_request(enterprise, at(D(2024, 5, 6)))
    services.refer(r, dept, None, at(D(2024, 5, 6), 15))
    services.answer(r, None, at(answered), "已办理")
    services.rate(r, None, rating, at(answered, 18))


@pytest.fixture
def requests_2024(world):
    # 焦作: the city department closes one on time (4 days) and one late (11 days); the 沁阳 office one on time (2).
    closed(world, world.enterprise_a, world.dept_city, D(2024, 5, 10), "satisfied")
    closed(world, world.enterprise_a, world.dept_city, D(2024, 5, 17), "fairly")
    closed(world, world.enterprise_a2, world.dept_a, D(2024, 5, 8), "fairly")
    make_request(world.enterprise_c, at(D(2024, 5, 6)))  # never referred
    make_request(world.enterprise_b, at(D(2024, 5, 6)))  # 平顶山: not in 焦作's 通报
    make_request(world.enterprise_c, at(D(2024, 5, 7)), kind="monitoring", title="窗口排队")
    return world


def test_service_sentence_by_hand(requests_2024):
    # Received 4 (monitoring apart); closed 3, 2 by their day (66.7%); all 3 rated 满意/基本满意; days
    # (4 + 11 + 2) / 3 = 5.7; overdue: the one never referred. 沁阳 office 1/1, city bureau 1/2.
    r = report.build(Area.of(requests_2024.jiaozuo), Period(2024, 5), today=D(2024, 6, 10))
    assert r.text == (
        "1-5月，全市共受理企业诉求4件，办结3件，按时办结率66.7%，满意率100.0%，平均办结5.7天。"
        "超期未办结1件，已按程序升级督办。"
        "按时办结率最高的是沁阳市产业集聚区管理委员会（100.0%），最低的是焦作市自然资源和规划局（50.0%）。"
        "营商环境监测点和特邀监督员反映问题1件，另行统计。"
    )
    assert [row[5] for row in r.rows()] == ["100.0%", "50.0%", "—"]


def test_service_sentence_with_nothing_received(world):
    r = report.build(Area.of(world.zone_b), Period(2024, 5), today=D(2024, 6, 10))
    assert r.text == "1-5月，全区未受理企业诉求。"


def test_service_report_command_writes_json_and_files(requests_2024, tmp_path):
    out = StringIO()
    call_command(
        "service_report",
        "--region",
        "410800",
        "--year",
        "2024",
        "--month",
        "5",
        "--json",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["received"] == 4 and data["departments"][0]["责任单位"] == "沁阳市产业集聚区管理委员会"
    xlsx = next(tmp_path.glob("*.xlsx"))
    sheet = load_workbook(BytesIO(xlsx.read_bytes())).active
    assert sheet["B4"].value == "沁阳市产业集聚区管理委员会"
    doc = Document(str(next(tmp_path.glob("*.docx"))))
    assert data["text"] in [p.text for p in doc.paragraphs]
    with pytest.raises(CommandError, match="没有代码"):
        call_command(
            "service_report", "--region", "999999", "--year", "2024", "--month", "5", stdout=StringIO()
        )
    with pytest.raises(CommandError, match="--month"):
        call_command(
            "service_report", "--region", "410800", "--year", "2024", "--month", "13", stdout=StringIO()
        )


def test_city_analyst_reads_the_report_page_and_downloads_both_files(requests_2024, login):
    client = login("city")
    query = {"area": "410800", "period": "2024-05"}
    page = client.get("/service/report/", query)
    assert page.status_code == 200
    shown = page.context["report"]
    assert shown.text.startswith("1-5月，全市共受理企业诉求4件，办结3件，按时办结率66.7%")
    assert shown.text in page.content.decode()
    assert [row[1] for row in shown.rows()] == [
        "沁阳市产业集聚区管理委员会",
        "焦作市自然资源和规划局",
        "未转办",
    ]
    # 督办: the one never referred, waiting for its 转办.
    assert [(r.enterprise, row[4]) for r, row in shown.overdue_lines()] == [
        (requests_2024.enterprise_c, "转办")
    ]
    xlsx = client.get("/service/report/", {**query, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(BytesIO(xlsx.content))
    assert book["责任单位排名"]["B4"].value == "沁阳市产业集聚区管理委员会"
    assert book["超期督办"]["B4"].value == requests_2024.enterprise_c.name
    docx = client.get("/service/report/", {**query, "format": "docx"})
    text = "\n".join(p.text for p in Document(BytesIO(docx.content)).paragraphs)
    assert shown.text in text and "附表2：超期未办结企业诉求（督办）" in text


def test_service_report_page_refuses_another_citys_region_and_the_enterprise(requests_2024, login):
    client = login("city")
    other = client.get("/service/report/", {"area": requests_2024.pingdingshan.code, "period": "2024-05"})
    assert other.status_code == 200 and other.context["report"] is None
    assert "area" in other.context["form"].errors
    file = client.get(
        "/service/report/", {"area": requests_2024.pingdingshan.code, "period": "2024-05", "format": "xlsx"}
    )
    assert not file["Content-Type"].startswith("application/vnd")
    assert (
        login("enterprise").get("/service/report/", {"area": "410800", "period": "2024-05"}).status_code
        == 403
    )


def test_department_reads_the_report_of_its_own_requests_only(requests_2024, login):
    page = login("department").get("/service/report/", {"area": "410800", "period": "2024-05"})
    shown = page.context["report"]
    # Only the two referred to the city bureau: one on time, one late.
    assert (shown.total.received, shown.total.closed, shown.total.on_time) == (2, 2, 1)
    assert shown.overdue == []


def test_service_report_page_refuses_an_unfinished_month_with_a_message(requests_2024, login):
    page = login("city").get("/service/report/", {"area": "410800", "period": "2999-01"})
    assert page.context["report"] is None and page.context["form"].errors["period"]

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from jijuqu.attraction import report as attraction
from jijuqu.attraction import services
from jijuqu.attraction.models import TeamTarget
from jijuqu.attraction.testing import make_contract, make_teams
from jijuqu.attraction.tests.test_services import figures_world
from jijuqu.core.periods import Period
from jijuqu.reports.builder import Area

pytestmark = pytest.mark.django_db

SENTENCE = (
    "1-10月，全市新签约招商引资项目3个，合同引进资金2.0亿元，履约项目1个，开工项目1个，到位资金0.3亿元，"
    "项目履约率、开工率与资金到位率分别为33.3%、33.3%和15.0%。"
)


def test_the_report_sentence_worked_out_by_hand(world):
    figures_world(world)
    report = attraction.build(Area.of(world.jiaozuo), Period(2024, 10), world.user("city"))
    heading, text = report.sections[0]
    assert text == SENTENCE
    overdue = report.sections[1][1]
    assert overdue.startswith(
        "签约超过6个月仍未开工的项目2个：C4（沁阳市产业集聚区）、C2（沁阳市产业集聚区）"
    )
    assert report.notes == ["另有外资到位50万美元，未计入上述到位资金。"]
    # The first 附表 ranks the counties: 沁阳 before 温县 (nothing signed).
    first = report.tables[0]
    assert [row[1] for row in first.rows] == ["沁阳市", "温县"]
    assert first.page_rows()[-1][1:4] == ["合计", "3", "2.0"]


def test_funds_against_the_years_target_and_the_schedule(world):
    figures_world(world)
    teams = make_teams(world)
    TeamTarget.objects.create(team=teams.park, year=2024, funds_arrived=Decimal("5000"))
    report = attraction.build(Area.of(world.jiaozuo), Period(2024, 10), world.user("city"))
    # 3000 / 5000 = 60.0%; 时序进度 10/12 = 83.3%: 23.3 points behind.
    assert report.sections[0][1].endswith("到位资金完成年度目标0.5亿元的60.0%，落后时序进度23.3个百分点。")


def test_a_zone_user_reads_only_their_zones_report_figures(world):
    figures_world(world)
    assert attraction.find_area("410800", world.user("zone_a")) is None
    area = attraction.find_area(world.zone_a.code, world.user("zone_a"))
    assert (
        services.figures(
            attraction.area_contracts(area, services.visible_contracts(world.user("zone_a"))),
            Period(2024, 10),
        ).signed
        == 3
    )


def test_report_page_and_files(world, client):
    figures_world(world)
    client.force_login(world.user("city"))
    page = client.get("/attraction/report/", {"area": "410800", "period": "2024-10"})
    assert SENTENCE in page.content.decode()
    xlsx = client.get("/attraction/report/", {"area": "410800", "period": "2024-10", "format": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content))["通报"]
    assert SENTENCE in [c.value for c in sheet["A"]]
    docx = client.get("/attraction/report/", {"area": "410800", "period": "2024-10", "format": "docx"})
    assert SENTENCE in [p.text for p in Document(BytesIO(docx.content)).paragraphs]
    client.force_login(world.user("enterprise"))
    assert client.get("/attraction/report/", {"area": "410800", "period": "2024-10"}).status_code == 403


def test_attraction_report_command_prints_the_figures_as_json(world, tmp_path):
    figures_world(world)
    out = StringIO()
    call_command(
        "attraction_report", "--region", "410800", "--year", "2024", "--month", "10", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert (
        data["signed"] == 3 and data["contract_amount"] == "20000.00" and data["funds_arrived"] == "3000.00"
    )
    assert (data["honoured_rate"], data["started_rate"], data["funds_rate"]) == ("33.3", "33.3", "15.0")
    out = StringIO()
    call_command(
        "attraction_report",
        "--region",
        "410800",
        "--year",
        "2024",
        "--month",
        "10",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".xlsx"]


def test_the_project_page_shows_the_contract_it_came_from(world, client):
    teams = make_teams(world)
    contract = make_contract(
        world.zone_a, "年产5GWh储能电池项目", "50000", dt.date(2024, 2, 1), team=teams.park
    )
    project = services.start_contract(contract, dt.date(2024, 6, 1), world.user("zone_a"))
    client.force_login(world.user("zone_a"))
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'id="project-origin"' in page and contract.get_absolute_url() in page

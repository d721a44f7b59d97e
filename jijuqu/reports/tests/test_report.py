"""The monthly report: figures from the database, a narrative that adapts, and files that read back
with the same figures in the text, the tables and the database."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from jijuqu.core.periods import Period
from jijuqu.projects.models import (
    AnnualPlan,
    ApprovalItem,
    ApprovalItemType,
    Escalation,
    MonthlyProgress,
    Problem,
)
from jijuqu.projects.testing import make_project, report
from jijuqu.reports.builder import Area, build
from jijuqu.reports.charts import cjk_font
from jijuqu.reports.document import report_docx
from jijuqu.reports.pdf import soffice
from jijuqu.reports.tables import report_tables
from jijuqu.reports.workbook import report_xlsx
from jijuqu.zones.models import Region, Zone

pytestmark = pytest.mark.django_db

D = Decimal
OCT = Period(2024, 10)


def one(value: Decimal) -> Decimal:
    return value.quantize(D("0.1"), rounding=ROUND_HALF_UP)


def monthly(project, per_month: str, months=range(1, 11), year=2024):
    for m in months:
        report(project, year, m, per_month)


@pytest.fixture
def jiaozuo(world):
    """沁阳市 80.0% (behind 10/12), 温县 90.0% (ahead); 汝州 (another city) must not count."""
    a1 = make_project(world.zone_a, "沁阳甲项目", total="50000.00", plan="10000.00", leader=world.official_a)
    a2 = make_project(
        world.zone_a,
        "沁阳乙项目",
        total="20000.00",
        plan="5000.00",
        department=world.dept_a,
        leader_name="王敏",
    )
    c1 = make_project(world.zone_c, "温县丙项目", total="80000.00", plan="20000.00")
    b1 = make_project(world.zone_b, "汝州丁项目", total="9000.00", plan="1000.00")
    monthly(a1, "900.00")  # 9000 of 10000
    monthly(a2, "300.00")  # 3000 of 5000: behind
    monthly(c1, "1800.00")  # 18000 of 20000
    monthly(b1, "100.00")
    return a1, a2, c1, b1


def database_figures(prefix: str, period: Period) -> dict:
    """The same figures straight from the tables, without the report's code."""
    progress = MonthlyProgress.objects.filter(
        project__zone__region__code__startswith=prefix, year=period.year
    )
    ytd = progress.filter(month__lte=period.month).aggregate(s=Sum("invested"))["s"]
    plan = AnnualPlan.objects.filter(
        project__zone__region__code__startswith=prefix, year=period.year
    ).aggregate(s=Sum("planned_investment"))["s"]
    return {"ytd": ytd, "plan": plan, "rate": ytd / plan, "gap": (ytd / plan - D(period.month) / 12) * 100}


def test_headline_reads_the_database(world, jiaozuo):
    r = build(Area.of(world.jiaozuo), OCT)
    db = database_figures("4108", OCT)
    assert db["ytd"] == D("30000.00") and db["plan"] == D("35000.00")
    expected = (
        f"1-10月，全市3个重点项目累计完成投资{one(db['ytd'] / 10000)}亿元，"
        f"占年度投资计划的{one(db['rate'] * 100)}%，超过时序进度{one(db['gap'])}个百分点。"
    )
    assert (
        expected
        == "1-10月，全市3个重点项目累计完成投资3.0亿元，占年度投资计划的85.7%，超过时序进度2.4个百分点。"
    )
    assert r.sections[0][1].startswith(expected)
    assert "其中，温县完成率最高（90.0%），沁阳市最低（80.0%）。" in r.text
    assert "1个县（市、区）超过时序进度，1个滞后：沁阳市（滞后3.3个百分点）。" in r.text
    assert "汝州" not in r.text
    assert "请沁阳市对照时序进度" in r.text


def test_behind_schedule_and_unreported_month(world, jiaozuo):
    r = build(Area.of(world.jiaozuo), Period(2024, 12))
    assert "占年度投资计划的85.7%，滞后时序进度14.3个百分点。" in r.text
    assert r.lagging_counts["no_report"] == 3
    assert "本月未填报项目3个" in r.text
    assert "各县（市、区）均滞后于时序进度" in r.text


def test_ties_are_named_together(world, jiaozuo):
    a1, a2, c1, _ = jiaozuo
    third = Zone.objects.create(
        code="41082101",
        name="修武县产业集聚区",
        region=Region.objects.create(code="410821", name="修武县", level="county", parent=world.jiaozuo),
    )
    x = make_project(third, "修武项目", total="1000.00", plan="1000.00")
    monthly(x, "80.00")  # 800 of 1000: 80.0%, the same as 沁阳市
    text = build(Area.of(world.jiaozuo), OCT).text
    assert "其中，温县完成率最高（90.0%），修武县、沁阳市并列最低（80.0%）。" in text


def test_equal_rates_and_no_lagging_projects(world):
    for zone, name in ((world.zone_a, "甲"), (world.zone_c, "乙")):
        p = make_project(zone, name, total="1200.00", plan="1200.00")
        monthly(p, "100.00")
    r = build(Area.of(world.jiaozuo), OCT)
    assert "各县（市、区）完成率均为83.3%。" in r.text
    assert "与时序进度持平" in r.text
    assert "没有投资滞后时序进度、计划开工未开工、本月未填报或连续3个月无投资进展的项目" in r.text
    assert r.lagging == []


def test_a_single_zone_is_not_ranked_and_breaks_down_by_leader(world, jiaozuo):
    r = build(Area.of(world.zone_a), OCT)
    assert r.sections[0][1].startswith("1-10月，全区2个重点项目累计完成投资1.2亿元，占年度投资计划的80.0%")
    assert "其中" not in r.sections[0][1]
    table = report_tables(r)[0]
    assert table.columns[1].header == "包联领导"
    assert {row[1] for row in table.rows} == {"张伟", "未明确"}
    lagging = report_tables(r)[2]
    assert [(row[1], row[6], row[7], row[8]) for row in lagging.rows] == [
        ("沁阳乙项目", "投资滞后时序进度", "王敏", "沁阳市产业集聚区管理委员会")
    ]


def test_an_area_without_projects_says_so_and_still_renders(world):
    r = build(Area.of(world.pingdingshan), OCT)
    assert r.text == "1-10月，全市没有纳入统计的重点项目，本期不作通报。"
    doc = Document(BytesIO(report_docx(r)))
    assert "（无）" in [p.text for p in doc.paragraphs]
    wb = load_workbook(BytesIO(report_xlsx(r)))
    assert wb["附表1"]["A4"].value == "合计"


def test_levels_select_projects_and_name_the_subject(world, jiaozuo):
    a1, a2, c1, _ = jiaozuo
    type(a1).objects.filter(pk__in=[a1.pk, c1.pk]).update(level="province")
    type(a1).objects.filter(pk=a2.pk).update(level="county")
    r = build(Area.of(world.jiaozuo), OCT, levels=["province", "city"])
    assert r.title == "焦作市省市重点项目建设情况通报"
    assert r.total.count == 2 and r.total.ytd == D("27000.00")


def test_overdue_problems_and_approvals_as_they_stood_at_the_month_end(world, jiaozuo):
    a1, a2, *_ = jiaozuo
    end = OCT.end

    def problem(title, deadline, resolved_on=None):
        p = Problem.objects.create(
            title=title, project=a1, department=world.dept_a, raised_on=dt.date(2024, 8, 1), deadline=deadline
        )
        if resolved_on:
            Problem.objects.filter(pk=p.pk).update(status="resolved", resolved_on=resolved_on)
        return p

    open_late = problem("用地指标未落实", dt.date(2024, 9, 30))
    problem("已按期解决", dt.date(2024, 9, 30), resolved_on=dt.date(2024, 10, 15))
    solved_after = problem("月后才解决", dt.date(2024, 10, 20), resolved_on=dt.date(2024, 11, 5))
    problem("尚未到期", dt.date(2024, 11, 30))
    at = timezone.make_aware(dt.datetime(2024, 10, 2, 9))
    Escalation.objects.create(problem=open_late, level=2, at=at, reason="逾期")
    Escalation.objects.create(
        problem=open_late, level=3, at=timezone.make_aware(dt.datetime(2024, 11, 2, 9)), reason="逾期"
    )
    item_type = ApprovalItemType.objects.create(name="施工许可", time_limit=5)
    ApprovalItem.objects.create(
        project=a2,
        item_type=item_type,
        department=world.dept_a,
        submitted_on=dt.date(2024, 9, 2),
        time_limit=5,
    )
    r = build(Area.of(world.jiaozuo), OCT)
    assert [(p.title, p.level_at_end, p.days_overdue) for p in r.problems] == [
        ("用地指标未落实", 2, (end - dt.date(2024, 9, 30)).days),
        (solved_after.title, 1, 11),
    ]
    assert [a.project_name for a in r.approvals] == ["沁阳乙项目"]
    assert (
        "截至10月底，2个问题超过办理时限仍未解决，其中已提级至分管领导1个；1项联审联批事项超过办理时限。"
        in r.text
    )


NUMBER = r"(\d+(?:\.\d+)?)"


def test_files_read_back_with_the_same_figures_as_text_and_database(world, jiaozuo):
    r = build(Area.of(world.jiaozuo), OCT)
    db = database_figures("4108", OCT)
    doc = Document(BytesIO(report_docx(r)))
    wb = load_workbook(BytesIO(report_xlsx(r)))

    # The narrative in the Word file is the report's text, paragraph by paragraph.
    body = [p.text for p in doc.paragraphs]
    # 发文机关 and 发文字号 head the page (test_issuance); then title and subtitle.
    assert body[2] == "焦作市重点项目建设情况通报" and body[3] == "（2024年1-10月）"
    for heading, paragraph in r.sections:
        assert heading in body and paragraph in body
    headline = next(p for p in body if p.startswith("1-10月"))
    m = re.match(
        rf"1-10月，全市(\d+)个重点项目累计完成投资{NUMBER}亿元，占年度投资计划的{NUMBER}%，超过时序进度{NUMBER}个百分点。"
        rf"项目总投资{NUMBER}亿元，年度计划投资{NUMBER}亿元，10月当月完成投资{NUMBER}亿元。",
        headline,
    )
    count, ytd, rate, gap, total, plan, month = m.groups()

    # The 合计 row of 附表1, in the workbook and in the Word table.
    ws = wb["附表1"]
    header = [c.value for c in ws[3]]
    total_row = next(row for row in ws.iter_rows(min_row=4, values_only=True) if row[0] == "合计")
    col = {h: header.index(h) for h in header}
    assert total_row[col["项目数"]] == int(count) == 3
    assert D(str(total_row[col["1-10月完成投资"]])) == D(ytd) == one(db["ytd"] / 10000)
    assert D(str(total_row[col["完成率"]])) == D(rate) == one(db["rate"] * 100)
    assert D(str(total_row[col["较时序进度"]])) == D(gap) == one(db["gap"])
    assert D(str(total_row[col["年度计划投资"]])) == D(plan) == one(db["plan"] / 10000)
    assert D(str(total_row[col["总投资"]])) == D(total) == D("15.0")
    assert D(str(total_row[col["10月完成投资"]])) == D(month) == one(D("3000.00") / 10000)
    word_table = doc.tables[0]
    word_total = [c.text for c in word_table.rows[-1].cells]
    assert word_total[col["完成率"]] == rate and word_total[col["1-10月完成投资"]] == ytd

    # Each county's rate in the ranking sentence is its row in the table and in the database.
    rows = {row[1]: row for row in ws.iter_rows(min_row=4, values_only=True) if row[0] != "合计"}
    best, worst = re.search(rf"温县完成率最高（{NUMBER}%），沁阳市最低（{NUMBER}%）", r.text).groups()
    assert (
        D(str(rows["温县"][col["完成率"]])) == D(best) == one(database_figures("410825", OCT)["rate"] * 100)
    )
    assert (
        D(str(rows["沁阳市"][col["完成率"]]))
        == D(worst)
        == one(database_figures("410882", OCT)["rate"] * 100)
    )
    assert rows["温县"][0] == 1 and rows["沁阳市"][0] == 2

    # Lagging counts in the text are the rows of 附表3.
    lagging = int(re.search(r"共涉及(\d+)个项目", r.text).group(1))
    assert wb["附表3"].max_row - 3 == lagging == len(doc.tables[2].rows) - 1 == 1

    # Workbook layout: title, unit, header; the text on the first sheet.
    assert ws["A1"].value.endswith("焦作市重点项目分县（市、区）完成情况") and ws["A2"].value.startswith(
        "单位"
    )
    assert wb["通报"]["A1"].value == r.title
    assert headline in [c.value for c in wb["通报"]["A"]]


def test_workbook_holds_every_printed_cell_of_every_table_and_the_rate_chart(world, jiaozuo):
    import zipfile

    r = build(Area.of(world.jiaozuo), OCT)
    content = report_xlsx(r)
    wb = load_workbook(BytesIO(content))
    for number, table in enumerate(report_tables(r), start=1):
        ws = wb[f"附表{number}"]
        assert [c.value for c in ws[3]] == [c.header for c in table.columns]
        written = [list(row) for row in ws.iter_rows(min_row=4, values_only=True)]
        expected = [
            [None if v in (None, "") else v if isinstance(v, (str, int)) else D(str(v)) for v in row]
            for row in table.printed_rows()
        ]
        read = [[v if not isinstance(v, float) else D(str(v)) for v in row] for row in written]
        assert read == expected
    # The completion rates of 附表1 as a native column chart below it, reading its cells.
    chart = zipfile.ZipFile(BytesIO(content)).read("xl/charts/chart1.xml").decode().replace("'", "")
    count = len(r.groups)
    assert f"附表1!$B$4:$B${3 + count}" in chart and f"附表1!$H$4:$H${3 + count}" in chart
    assert '<c:barDir val="col"/>' in chart and "完成率（%）" in chart


def test_word_tables_read_back_cell_by_cell_with_their_header_repeated():
    """add_table's rows go into the saved file as text (document_bytes): python-docx reads them back
    as the table's rows, text escaped, control characters dropped, the header marked to repeat."""
    from docx import Document as NewDocument

    from jijuqu.reports.document import add_table, document_bytes, row_xml, rows_xml, setup_styles
    from jijuqu.reports.tables import COUNT, TEXT

    rows = [[str(i), f"项目{i} <A&B>", "沁阳\x01市", "—"] for i in range(1, 301)]
    rows.append(["301", "一个名字很长很长的重点建设项目", "温县", "12.5"])
    doc = NewDocument()
    setup_styles(doc)
    add_table(doc, ["序号", "项目名称", "集聚区", "完成率"], rows, [COUNT, TEXT, TEXT, "rate"])
    add_table(doc, ["序号", "问题"], [], [COUNT, TEXT])
    doc.add_paragraph("表后")
    read = NewDocument(BytesIO(document_bytes(doc)))
    first, empty = read.tables
    assert [c.text for c in first.rows[0].cells] == ["序号", "项目名称", "集聚区", "完成率"]
    assert first.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert [[c.text for c in row.cells] for row in first.rows[1:]] == [
        [r[0], r[1], r[2].replace("\x01", ""), r[3]] for r in rows
    ]
    assert len(empty.rows) == 1 and read.paragraphs[-1].text == "表后"
    # The long name aligns left, figures and short labels centre; the rows are those row_xml writes.
    assert 'w:jc w:val="left"' in first.rows[-1].cells[1]._tc.xml
    assert "w:jc" not in first.rows[-1].cells[2]._tc.xml
    left = [False, True, True, False]
    assert rows_xml(rows, "ReportCell", left) == "".join(row_xml(r, "ReportCell", left) for r in rows)


def test_word_layout_is_that_of_an_official_document(world, jiaozuo):
    doc = Document(BytesIO(report_docx(build(Area.of(world.jiaozuo), OCT))))
    normal = doc.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    )
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == 28
    title_run = doc.paragraphs[2].runs[0]
    assert title_run.font.name == "方正小标宋简体" and title_run.font.size.pt == 22
    first, appendix = doc.sections
    assert round(first.top_margin.cm, 1) == 3.7 and round(first.left_margin.cm, 1) == 2.8
    assert appendix.page_width > appendix.page_height  # the 附表 are landscape
    footer_xml = first.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and first.footer.paragraphs[0].text.startswith("—")
    assert len(doc.tables) == 5 and all(t.style.name == "Table Grid" for t in doc.tables)
    if cjk_font():  # the completion-rate chart (two counties with a plan)
        assert len(doc.inline_shapes) == 1
    else:  # a machine without a CJK font: no chart with empty boxes, and the report says so
        assert len(doc.inline_shapes) == 0
        assert "（本机未找到中文字体，Word 文件未插入完成率图。）" in [p.text for p in doc.paragraphs]


def test_without_a_cjk_font_the_chart_is_left_out_and_the_report_says_so(world, jiaozuo, monkeypatch):
    monkeypatch.setattr("jijuqu.reports.charts.cjk_font", lambda: None)
    doc = Document(BytesIO(report_docx(build(Area.of(world.jiaozuo), OCT))))
    assert len(doc.inline_shapes) == 0
    assert "（本机未找到中文字体，Word 文件未插入完成率图。）" in [p.text for p in doc.paragraphs]


def test_command_writes_both_files_and_prints_their_paths(world, jiaozuo, tmp_path, capsys):
    call_command(
        "monthly_report", "--region", "410800", "--year", "2024", "--month", "10", "--out", str(tmp_path)
    )
    paths = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[1] for p in paths] == ["xlsx", "docx"]
    assert all((tmp_path / p.rsplit("/", 1)[1]).stat().st_size > 0 for p in paths)
    with pytest.raises(CommandError, match="没有代码为“999999”的行政区或集聚区"):
        call_command("monthly_report", "--region", "999999", "--year", "2024", "--month", "10")


def test_a_month_before_any_plan_or_report_has_no_data_in_page_api_and_command(
    world, jiaozuo, login, tmp_path
):
    """The ledger's projects have plans and reports from 2024: January 2019 is not "4 projects,
    4 unreported"."""
    words = "2019年1月，全市重点项目尚无数据（此前没有年度投资计划或月度进度），本期不作通报。"
    r = build(Area.of(world.jiaozuo), Period(2019, 1))
    assert r.no_data and r.text == words and r.total.count == 0
    query = {"area": "410800", "period": "2019-01"}
    html = login("city").get("/reports/monthly/", query).content.decode()
    assert words in html and "未填报" not in html
    data = login("city").get("/api/reports/monthly/", query).json()
    assert [s["text"] for s in data["sections"]] == [words]
    call_command(
        "monthly_report", "--region", "410800", "--year", "2019", "--month", "1", "--out", str(tmp_path)
    )
    docx = next(tmp_path.glob("*.docx"))
    assert words in [p.text for p in Document(str(docx)).paragraphs]
    # One report in the year the ledger began is a report like any other.
    assert not build(Area.of(world.jiaozuo), Period(2024, 1)).no_data


def test_page_previews_and_downloads_within_scope(world, jiaozuo, login):
    client = login("city")
    page = client.get("/reports/monthly/", {"area": "410800", "period": "2024-10"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "累计完成投资3.0亿元" in text and "附表1" in text
    xlsx = client.get("/reports/monthly/", {"area": "410800", "period": "2024-10", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert load_workbook(BytesIO(xlsx.content))["通报"]["A1"].value == "焦作市重点项目建设情况通报"
    docx = client.get("/reports/monthly/", {"area": "410800", "period": "2024-10", "format": "docx"})
    assert Document(BytesIO(docx.content)).paragraphs[2].text == "焦作市重点项目建设情况通报"

    # Zone staff report on their zone only: another area is refused, and nothing is downloaded.
    zone = login("zone_a")
    own = zone.get("/reports/monthly/", {"area": "41088201", "period": "2024-10", "format": "xlsx"})
    assert own["Content-Type"].startswith("application/vnd.openxmlformats")
    for area in ("410800", "41048201", "41082501"):
        refused = zone.get("/reports/monthly/", {"area": area, "period": "2024-10", "format": "xlsx"})
        assert (
            refused["Content-Type"].startswith("text/html") and "沁阳乙项目" not in refused.content.decode()
        )
    # A county analyst's 焦作 is not on offer either; 沁阳市 is.
    county = login("county")
    assert county.get("/reports/monthly/", {"area": "410800", "period": "2024-10"}).context["report"] is None
    assert (
        county.get("/reports/monthly/", {"area": "410882", "period": "2024-10"}).context["report"].total.count
        == 2
    )


def test_page_writes_amounts_and_dates_as_the_app_does_and_the_docx_as_a_document(world, jiaozuo, login):
    _a1, a2, *_ = jiaozuo
    Problem.objects.create(
        title="用地指标未落实",
        project=a2,
        department=world.dept_a,
        raised_on=dt.date(2024, 8, 1),
        deadline=dt.date(2024, 9, 3),
    )
    query = {"area": "410800", "period": "2024-10"}
    html = login("city").get("/reports/monthly/", query).content.decode()
    # 附表3: 沁阳乙项目 5,000.00 planned, 3,000.00 done; 附表4: its problem due 2024-09-03.
    assert "<td>5,000.00</td>" in html and "<td>3,000.00</td>" in html and "<td>5000.00</td>" not in html
    assert "<td>2024-09-03</td>" in html and "2024年9月3日" not in html
    docx = login("city").get("/reports/monthly/", {**query, "format": "docx"}).content
    cells = [c.text for t in Document(BytesIO(docx)).tables for row in t.rows for c in row.cells]
    assert "2024年9月3日" in cells and "5000.00" in cells


@pytest.mark.skipif(soffice() is None, reason="PDF is optional: LibreOffice is not installed here")
def test_pdf_where_libreoffice_is_installed(world, jiaozuo, tmp_path, capsys):
    call_command(
        "monthly_report",
        "--region",
        "410800",
        "--year",
        "2024",
        "--month",
        "10",
        "--out",
        str(tmp_path),
        "--pdf",
    )
    pdf = [p for p in capsys.readouterr().out.split() if p.endswith(".pdf")]
    assert len(pdf) == 1 and (tmp_path / pdf[0].rsplit("/", 1)[1]).read_bytes().startswith(b"%PDF")


def test_every_figure_of_the_text_is_in_the_tables_and_the_database(world, jiaozuo):
    """Milestones, lagging counts, the counties with most lagging projects, overdue problems and
    approvals: each number of the text, found again in the 附表 of the workbook and in the database."""
    a1, a2, c1, _ = jiaozuo
    AnnualPlan.objects.filter(project=a1).update(target_completion=True)
    type(a1).objects.filter(pk=a1.pk).update(actual_completion=dt.date(2024, 9, 1))
    type(a1).objects.filter(pk=c1.pk).update(actual_start=dt.date(2024, 2, 1))
    waiting = make_project(
        world.zone_c,
        "温县待开工项目",
        total="5000.00",
        status="planning",
        plan="1000.00",
        planned_start=dt.date(2024, 3, 1),
    )
    AnnualPlan.objects.filter(project=waiting).update(target_start=True)
    Problem.objects.create(
        title="用地未落实",
        project=a2,
        department=world.dept_a,
        raised_on=dt.date(2024, 8, 1),
        deadline=dt.date(2024, 9, 1),
    )
    ApprovalItem.objects.create(
        project=c1,
        item_type=ApprovalItemType.objects.create(name="环评", time_limit=5),
        department=world.dept_a,
        submitted_on=dt.date(2024, 9, 2),
        time_limit=5,
    )
    r = build(Area.of(world.jiaozuo), OCT)
    wb = load_workbook(BytesIO(report_xlsx(r)))

    def table(name):
        ws = wb[name]
        header = [c.value for c in ws[3]]
        return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)]

    total = next(row for row in table("附表1") if row["排名"] == "合计")
    # The one planned start (温县待开工项目) has not started; 温县食品项目 started outside the plan.
    target, started, rate, unplanned = re.search(
        rf"计划开工项目(\d+)个，年内已开工(\d+)个，开工率{NUMBER}%，另有计划外开工(\d+)个", r.text
    ).groups()
    assert (int(target), int(started), int(unplanned)) == (
        total["计划开工"],
        total["已开工"],
        total["计划外开工"],
    )
    assert (
        int(target)
        == AnnualPlan.objects.filter(
            year=2024, target_start=True, project__zone__region__code__startswith="4108"
        ).count()
        == 1
    )
    assert int(started) == 0 and D(rate) == D("0.0") and D(str(total["开工率"])) == 0
    assert (
        int(unplanned)
        == type(a1).objects.filter(actual_start__year=2024, zone__region__code__startswith="4108").count()
        == 1
    )
    target, done, _ = re.search(rf"计划竣工项目(\d+)个，年内已竣工(\d+)个，竣工率{NUMBER}%", r.text).groups()
    assert (int(target), int(done)) == (total["计划竣工"], total["已竣工"]) == (1, 1)

    lagging = table("附表3")
    for label in ("投资滞后时序进度", "计划开工未开工"):
        n = int(re.search(rf"{label}项目(\d+)个", r.text).group(1))
        assert n == sum(1 for row in lagging if label in row["滞后情形"])
    assert int(re.search(r"共涉及(\d+)个项目", r.text).group(1)) == len(lagging) == 2
    county_of = {z.name: z.region.name for z in (world.zone_a, world.zone_c)}
    for county, n in re.findall(
        r"(沁阳市|温县)（(\d+)个）", r.text.split("滞后项目较多的是")[1].split("。")[0]
    ):
        assert int(n) == sum(1 for row in lagging if county_of[row["集聚区"]] == county)

    problems = int(re.search(r"(\d+)个问题超过办理时限仍未解决", r.text).group(1))
    approvals = int(re.search(r"(\d+)项联审联批事项超过办理时限", r.text).group(1))
    assert (
        problems
        == len(table("附表4"))
        == Problem.objects.filter(deadline__lt=OCT.end, resolved_on__isnull=True).count()
    )
    assert approvals == len(table("附表5")) == ApprovalItem.objects.filter(due_on__lt=OCT.end).count() == 1


def test_api_gives_the_same_text_and_tables_within_scope(world, jiaozuo, login):
    page = login("city").get("/api/reports/monthly/", {"area": "410800", "period": "2024-10"})
    data = page.json()
    r = build(Area.of(world.jiaozuo), OCT)
    assert [s["text"] for s in data["sections"]] == [text for _, text in r.sections]
    assert data["tables"][0]["rows"][-1][:3] == ["合计", "—", "3"]
    refused = login("zone_a").get("/api/reports/monthly/", {"area": "410800", "period": "2024-10"})
    assert refused.status_code == 422 and "area" in refused.json()["errors"]
    bad = login("city").get("/api/reports/monthly/", {"area": "410800", "period": "2024-13"})
    assert bad.status_code == 422 and "period" in bad.json()["errors"]

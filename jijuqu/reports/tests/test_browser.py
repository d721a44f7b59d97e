"""A city analyst opens the monthly report on the demo data, reads it in the page and downloads both files."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from jijuqu.core.testing import browser_login
from jijuqu.demo.build import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "全市56个省市重点项目累计完成投资629.0亿元，占年度投资计划的97.2%"


def test_city_analyst_downloads_the_demo_report(page):
    call_command("demo", "--no-serve", verbosity=0)
    browser_login(page, "jiaozuo", DEMO_PASSWORD)
    page.click(".dropdown-toggle:has-text('重点项目')")
    page.click(".dropdown-item:has-text('月通报')")
    assert page.input_value("#id_area") == "410800"  # the analyst's own city is the default
    page.check("#id_levels_0")  # 省重点项目
    page.check("#id_levels_1")  # 市重点项目
    page.click("#show-report")
    text = page.inner_text("#report-text")
    assert "焦作市省市重点项目建设情况通报" in text and HEADLINE in text
    assert page.locator("table.report-table").count() == 5

    with page.expect_download() as xlsx_info:
        page.click("#download-xlsx")
    with page.expect_download() as docx_info:
        page.click("#download-docx")
    assert xlsx_info.value.suggested_filename.endswith(".xlsx")
    assert docx_info.value.suggested_filename.startswith("焦作市省市重点项目月通报_")

    doc = Document(BytesIO(open(docx_info.value.path(), "rb").read()))
    headline = next(p.text for p in doc.paragraphs if HEADLINE in p.text)
    assert headline in text
    wb = load_workbook(BytesIO(open(xlsx_info.value.path(), "rb").read()))
    ws = wb["附表1"]
    header = [c.value for c in ws[3]]
    total = next(row for row in ws.iter_rows(min_row=4, values_only=True) if row[0] == "合计")
    assert total[header.index("项目数")] == 56
    assert Decimal(str(total[header.index("完成率")])) == Decimal("97.2")
    assert Decimal(str(total[header.index("年度计划投资")])) == Decimal("647.1")

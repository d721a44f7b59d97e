"""Exports use the office layout: title row, unit row, header, rows, 合计 row, and the list's filters."""

import datetime as dt
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


def test_a_table_reads_back_with_its_values_formats_and_layout():
    """What write_table writes, as Excel (openpyxl) reads it: exact numbers, dates, text as text, the
    number formats, a bold 合计 row, borders, the merged title, the frozen header and the widths."""
    import datetime as dt

    from jijuqu.core.export import Book, write_table

    book = Book()
    write_table(
        book.sheet("附表1"),
        "重点项目",
        "单位：万元",
        ["序号", "项目名称", "年度计划投资", "受理日期", "完成率"],
        [
            [1, '=HYPERLINK("x")', Decimal("123456789012.34"), dt.date(2024, 9, 3), Decimal("91.5")],
            [2, "沁阳\x01项目", Decimal("0.10"), None, None],
        ],
        total=["合计", "", Decimal("123456789012.44"), None, None],
        formats={4: "0.0"},
    )
    ws = load_workbook(BytesIO(book.content()))["附表1"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "重点项目" and rows[1][0] == "单位：万元"
    assert rows[2] == ("序号", "项目名称", "年度计划投资", "受理日期", "完成率")
    assert rows[3][:2] == (1, '=HYPERLINK("x")') and ws["B4"].data_type == "s" and ws["B4"].quotePrefix
    assert Decimal(str(rows[3][2])) == Decimal("123456789012.34") and rows[3][3] == dt.datetime(2024, 9, 3)
    assert Decimal(str(rows[3][4])) == Decimal("91.5")
    assert rows[4] == (2, "沁阳项目", 0.1, None, None)  # a control character is dropped, not a failure
    assert rows[5][:3] == ("合计", None, 123456789012.44)
    assert [ws[f"{c}4"].number_format for c in "ACDE"] == ["General", "#,##0.00", "yyyy-mm-dd", "0.0"]
    assert ws["A6"].font.b and ws["C6"].font.b and not ws["C5"].font.b
    assert ws["A1"].font.b and ws["A1"].font.sz == 16 and ws["A3"].alignment.horizontal == "center"
    assert all(ws[f"{c}5"].border.left.style == "thin" for c in "ABCDE")  # blank cells keep the grid
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert ws.freeze_panes == "B4"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDE"}
    assert all(abs(widths[c] - w) < 1 for c, w in zip("ABCDE", [8, 12, 16, 12, 10], strict=True)), widths


def test_a_sheet_name_is_used_once_and_long_text_is_kept_to_excels_limit():
    from jijuqu.core.export import Book

    book = Book()
    sheet = book.sheet("台账")
    with pytest.raises(ValueError):
        book.sheet("台账")
    sheet.put(0, 0, "长" * 40_000)
    sheet.put(1, 0, True)
    ws = load_workbook(BytesIO(book.content()))["台账"]
    assert ws["A1"].value == "长" * 32_767 and ws["A2"].value == "是"


HOSTILE_ROWS = [
    [1, '=HYPERLINK("http://x")', Decimal("123456789012.34"), dt.date(2024, 9, 3), Decimal("91.5"), "a"],
    [2, "沁阳\x01项目\x1f", Decimal("-0.10"), None, None, ""],
    [3, "<&>\"'", Decimal("0"), dt.datetime(2024, 12, 31, 23, 59), 0, "+1"],
    [4, "-5", 10**15, dt.date(1900, 2, 28), True, "@x"],
    [5, "\ttab", Decimal("1E+3"), dt.date(1900, 3, 1), False, "\r\nline"],
    [6, "长" * 40_000, 3.5, "2024-09-03", Decimal("12345678901234.5"), "_x0041_ and _x000D_"],
    [7, " 前后空格 ", "]]><![CDATA[", "\u2028段", "𠀀😀", None],
]


def test_rows_written_as_xml_read_back_as_the_cells_put_one_by_one():
    """put_rows (a table's body as sheet XML) and put (XlsxWriter's cells) give the same workbook, as
    openpyxl reads it: every value, type, number format, font, fill, border, alignment and quote prefix,
    the merged title rows, the widths, the frozen panes and the sheet's dimension; hostile text too
    (control characters, markup, leading = + - @ tab, Excel's own _x0041_ escapes, 40,000 characters)."""
    from jijuqu.core.export import Book, write_table

    def made(charted: bool) -> bytes:
        book = Book()
        write_table(
            book.sheet("附表1"),
            "重点项目",
            "单位：万元",
            ["序号", "项目名称", "年度计划投资", "受理日期", "完成率", "备注"],
            HOSTILE_ROWS,
            total=["合计", "", Decimal("123456789012.44"), None, Decimal("1.5"), None],
            formats={4: "0.0", 5: "0.0"},
            charted=charted,
        )
        write_table(book.sheet("附表2"), "无合计", "", ["序号", "名称"], [[i, f"项目{i}"] for i in range(50)])
        return book.content()

    old, new = (load_workbook(BytesIO(made(charted))) for charted in (True, False))
    assert old.sheetnames == new.sheetnames
    for name in old.sheetnames:
        a, b = old[name], new[name]
        assert (a.dimensions, a.max_row, a.max_column) == (b.dimensions, b.max_row, b.max_column)
        assert {str(r) for r in a.merged_cells.ranges} == {str(r) for r in b.merged_cells.ranges}
        assert a.freeze_panes == b.freeze_panes == "B4"
        assert {k: d.width for k, d in a.column_dimensions.items()} == {
            k: d.width for k, d in b.column_dimensions.items()
        }
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert (x.coordinate, x.value, x.data_type, x.number_format, x.quotePrefix) == (
                    y.coordinate,
                    y.value,
                    y.data_type,
                    y.number_format,
                    y.quotePrefix,
                )
                styles = ("font", "fill", "border", "alignment", "protection")
                assert [repr(getattr(x, k)) for k in styles] == [repr(getattr(y, k)) for k in styles]
    body = new["附表1"]
    assert body["B4"].value == '=HYPERLINK("http://x")' and body["B4"].quotePrefix
    assert body["B5"].value == "沁阳项目" and body["B6"].value == "<&>\"'" and body["B7"].quotePrefix
    assert body["B9"].value == "长" * 32_767 and body["F9"].value == "_x0041_ and _x000D_"
    assert body["C10"].value == "]]><![CDATA[" and body["E10"].value == "𠀀😀"
    assert body["D6"].value == dt.datetime(2024, 12, 31, 23, 59) and body["C7"].value == 10**15
    assert body["F5"].number_format == "0.0" and body["F5"].value is None and body["F5"].border.left.style


def test_rows_written_as_xml_read_back_in_calamine_as_put_cells():
    """calamine (the import's reader) reads the rows put_rows writes as it reads cells put one by one."""
    from python_calamine import CalamineWorkbook

    from jijuqu.core.export import Book, write_table

    def read(charted: bool) -> list[list]:
        book = Book()
        write_table(
            book.sheet("附表1"), "表", "", ["a", "b", "c", "d", "e", "f"], HOSTILE_ROWS, charted=charted
        )
        return CalamineWorkbook.from_filelike(BytesIO(book.content())).get_sheet_by_name("附表1").to_python()

    old, new = read(True), read(False)
    assert new == old and len(new) == 3 + len(HOSTILE_ROWS)
    assert (
        new[3][1] == '=HYPERLINK("http://x")' and new[5][1] == "<&>\"'" and new[8][5] == "_x0041_ and _x000D_"
    )


def test_a_cell_put_into_rows_written_as_xml_is_refused():
    from jijuqu.core.export import Book

    book = Book()
    sheet = book.sheet("表")
    sheet.put_rows(3, [[1, "a"], [2, "b"]])
    sheet.put(4, 1, "覆盖")
    with pytest.raises(ValueError, match="written as XML"):
        book.content()
    chart_book = Book()
    sheet = chart_book.sheet("表")
    sheet.put_rows(3, [[1, Decimal(2)], [2, Decimal(3)]])
    with pytest.raises(ValueError, match="put_rows"):
        chart_book.chart(
            sheet,
            "column",
            name=(2, 1),
            categories=(3, 0, 4, 0),
            values=(3, 1, 4, 1),
            title="t",
            at=(6, 0),
            size=(10, 10),
        )

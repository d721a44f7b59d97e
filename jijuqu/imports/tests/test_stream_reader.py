"""The streaming .xlsx reader gives the rows calamine gives, and refuses what the limits refuse
without ever building the sheet."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from jijuqu.core.testing import SAMPLES
from jijuqu.imports.reader import FileRefused, open_workbook, read_workbook

from .test_hostile_files import CONTENT_TYPES, RELS, WORKBOOK_RELS, million_rows, sparse

STYLES = (
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>'
    '<xf numFmtId="4"/></cellXfs></styleSheet>'
)
SHARED = (
    '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4">'
    "<si><t>项目名称</t></si>"
    '<si><r><rPr><b/></rPr><t xml:space="preserve">总投资 </t></r><r><t>（万元）</t></r>'
    '<rPh sb="0" eb="1"><t>ソウ</t></rPh></si>'
    "<si><t>甲&amp;乙_x000D_项目</t></si><si/></sst>"
)
SHEET = (
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:F9"/><cols><col min="1" max="3" width="9"/></cols><sheetData>'
    '<row r="2" spans="1:3"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
    '<c r="C2" s="4"/></row>'
    '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="4"><v>8000.5</v></c>'
    '<c r="C3" s="1"><v>45300</v></c><c r="D3" s="2"><v>45300.25</v></c><c r="E3" s="3"><v>1.5</v></c>'
    '<c r="F3" t="b"><v>1</v></c></row>'
    '<row r="4" customFormat="1" s="4"/>'
    '<row r="6"><c r="A6" t="str"><f>A3&amp;"x"</f><v>甲x</v></c><c r="B6"><f>1/0</f><v></v></c>'
    '<c r="C6" t="e"><v>#DIV/0!</v></c><c r="D6" t="inlineStr"><is><t xml:space="preserve"> 空格 </t></is></c>'
    '<c t="s"><v>3</v></c><c><v>7</v></c></row>'
    '<row r="9"><c r="B9" s="4"/></row>'
    '</sheetData><rowBreaks count="1"><brk id="3"/></rowBreaks></worksheet>'
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def as_excel_writes_it() -> bytes:
    """Shared strings (rich text, a phonetic run, entities, an _x000D_ escape), styles with date,
    custom date and duration formats, formulas with and without a cached value, an error, a boolean,
    cells without a reference, empty styled cells and rows, and gaps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(kind="main"))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace('"/></Rel', '"/></Rel'))
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", SHARED)
        z.writestr("xl/worksheets/sheet1.xml", SHEET)
    return out.getvalue()


def trimmed(rows) -> list[list]:
    """Rows without trailing empty cells: calamine pads every row to the widest, the stream to the
    widest so far."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


def both(content: bytes):
    calamine = read_workbook(io.BytesIO(content))
    streamed = [(name, list(rows)) for name, rows in open_workbook(io.BytesIO(content))]
    return calamine, streamed


def test_an_excel_style_workbook_streams_as_calamine_reads_it():
    calamine, streamed = both(as_excel_writes_it())
    assert [n for n, _ in streamed] == [n for n, _ in calamine] == ["台账"]
    assert trimmed(streamed[0][1]) == trimmed(calamine[0][1])
    rows = trimmed(streamed[0][1])
    assert rows[1] == ["项目名称", "总投资 （万元）"]
    assert rows[2] == [
        "甲&乙\r项目",
        8000.5,
        dt.date(2024, 1, 9),
        dt.datetime(2024, 1, 9, 6),
        dt.timedelta(1.5),
        True,
    ]
    assert rows[5] == ["甲x", "", "", " 空格 ", "", 7.0]
    assert len(rows) == 6  # an empty styled cell in row 9 is not a value


@pytest.mark.parametrize(
    "name", ["jiaozuo-key-projects-2024-10.xlsx", "jiaozuo-key-projects-2024-10-bad.xlsx"]
)
def test_the_sample_ledgers_stream_as_calamine_reads_them(name):
    calamine, streamed = both((SAMPLES / name).read_bytes())
    assert [(n, trimmed(r)) for n, r in streamed] == [(n, trimmed(r)) for n, r in calamine]


def test_an_openpyxl_workbook_with_dates_and_many_rows_streams_as_calamine_reads_it():
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目"
    ws.append(["项目名称", "总投资", "开工时间", "说明 <&>"])
    for i in range(3000):
        ws.append([f"项目{i}", 1000 + i / 4, dt.date(2024, 1 + i % 12, 1 + i % 28), "" if i % 7 else "注"])
    second = wb.create_sheet("第二页")
    second["C5"] = "只有一格"
    out = io.BytesIO()
    wb.save(out)
    calamine, streamed = both(out.getvalue())
    assert [(n, trimmed(r)) for n, r in streamed] == [(n, trimmed(r)) for n, r in calamine]


def test_streaming_refuses_a_sparse_or_long_sheet_as_measuring_does():
    with pytest.raises(FileRefused, match="1048576行"):
        [list(rows) for _, rows in open_workbook(io.BytesIO(sparse()))]
    with pytest.raises(FileRefused, match="超过导入上限200000行"):
        [list(rows) for _, rows in open_workbook(io.BytesIO(million_rows()))]


def test_character_references_in_values_stream_as_calamine_reads_them():
    """References are undone value by value (and a repeated text once): those of markup characters
    give the character, an escaped entity stays escaped, hexadecimal and C1 references too."""
    text = "&#39033;&#30446;&#60;1&#62;&#38;amp;"
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>&#x4E2D;&#128;</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c>'
        '<c r="B2" t="str"><v>&#22522;_x000D_</v></c><c r="C2"><v>12.5</v></c></row>'
        "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(kind="main"))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    calamine, streamed = both(out.getvalue())
    assert trimmed(streamed[0][1]) == trimmed(calamine[0][1])
    assert trimmed(streamed[0][1]) == [["项目<1>&amp;", "", "中\x80"], ["项目<1>&amp;", "基\r", 12.5]]

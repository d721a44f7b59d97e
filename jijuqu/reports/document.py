"""The monthly report as .docx in the usual 公文 layout (GB/T 9704 as offices apply it):

A4, margins 37/35/28/26 mm; 标题 in 方正小标宋简体 二号, centred; body in 仿宋_GB2312 三号 with a
fixed 28-point line and a two-character first-line indent; headings (一、二、…) in 黑体; page
numbers "— 1 —" in 宋体 四号 at the foot. The 附表 follow in a landscape section, with borders and
the header row repeated on every page. Offices without these fonts see Word's substitutes.
"""

from __future__ import annotations

import re
from io import BytesIO
from xml.sax.saxutils import escape
from zipfile import ZipFile

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from . import charts
from .builder import MonthlyReport
from .tables import TEXT, report_tables

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBTITLE_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SAN_HAO, ER_HAO, SI_HAO, WU_HAO = Pt(16), Pt(22), Pt(14), Pt(10.5)


def set_font(target, name: str, size=None, bold: bool | None = None) -> None:
    """Set a run's or a style's font for Chinese text too (w:eastAsia), which python-docx leaves out."""
    font = target.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def report_docx(report: MonthlyReport) -> bytes:
    doc = Document()
    setup_styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    margins(section, top=3.7, bottom=3.5, left=2.8, right=2.6)
    page_numbers(section)

    header(doc, report)
    paragraph(doc, report.title, TITLE_FONT, ER_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(doc, report.subtitle, SUBTITLE_FONT, SAN_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for index, (heading, text) in enumerate(report.sections):
        if heading:
            paragraph(doc, heading, HEADING_FONT, SAN_HAO)
        doc.add_paragraph(text)
        if index == 0:
            add_chart(doc, report)
    for note in report.notes:
        doc.add_paragraph(note)
    signature(doc, report)

    tables = report_tables(report)
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Cm(29.7), Cm(21)
    margins(appendix, top=2.6, bottom=2.4, left=2.4, right=2.4)
    for number, table in enumerate(tables):
        if number:
            doc.add_page_break()
        paragraph(doc, table.title, HEADING_FONT, SI_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        paragraph(doc, table.unit, BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        add_table(doc, [c.header for c in table.columns], table.text_rows(), [c.kind for c in table.columns])
        if not table.rows:
            paragraph(doc, "（无）", BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    return document_bytes(doc)


RED = RGBColor(0xE6, 0x00, 0x12)  # the red of 版头 (GB/T 9704: 红色)


def header(doc, report: MonthlyReport) -> None:
    """版头: 发文机关标志 in red 小标宋 centred, 发文字号 centred below it, then the red 分隔线."""
    issued = report.issuance
    p = paragraph(doc, issued.issuer, TITLE_FONT, Pt(30), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p.runs[0].font.color.rgb = RED
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.space_after = Pt(24)
    number = paragraph(doc, issued.number, BODY_FONT, SAN_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    # The 分隔线: a red rule under the 发文字号, as wide as the text.
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    number._p.get_or_add_pPr().append(borders)
    number.paragraph_format.space_after = Pt(28)


def signature(doc, report: MonthlyReport) -> None:
    """发文机关署名 and 成文日期 at the end of the text, right-aligned (a few characters in)."""
    issued = report.issuance
    doc.add_paragraph()
    for text in (issued.issuer, issued.date_text):
        p = paragraph(doc, text, BODY_FONT, SAN_HAO, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        p.paragraph_format.right_indent = Pt(64)  # 4 characters of 三号 from the right edge


def setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, SAN_HAO)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.first_line_indent = Pt(32)  # two characters of 三号
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    cell = doc.styles.add_style("ReportCell", 1)  # 1 = paragraph style
    cell.base_style = normal
    set_font(cell, BODY_FONT, WU_HAO)
    cell.paragraph_format.first_line_indent = Pt(0)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def margins(section, *, top, bottom, left, right) -> None:
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


def paragraph(doc, text: str, font: str, size, *, align=None, indent: bool = True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    set_font(p.add_run(text), font, size)
    return p


def page_numbers(section) -> None:
    """ "— 1 —" centred at the foot: a PAGE field between two dashes."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    set_font(p.add_run("— "), PAGE_NUMBER_FONT, SI_HAO)
    run = p.add_run()
    set_font(run, PAGE_NUMBER_FONT, SI_HAO)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_font(p.add_run(" —"), PAGE_NUMBER_FONT, SI_HAO)


def add_chart(doc, report: MonthlyReport) -> None:
    chosen = charts.chart_groups(report)
    if chosen is None:
        return  # nothing to compare
    rated, title = chosen
    font = charts.cjk_font()
    if font is None:
        report.notes.append("（本机未找到中文字体，Word 文件未插入完成率图。）")
        return
    image = charts.rate_chart(rated, report.schedule, title, font)
    doc.add_picture(BytesIO(image), width=Cm(15.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.first_line_indent = Pt(0)
    doc.paragraphs[-1].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def add_table(doc, header: list[str], rows: list[list[str]], kinds: list[str]) -> None:
    """A bordered table, header row repeated on every page. python-docx makes the table (style,
    alignment, column widths); its rows are written as XML text and go into the file when
    `document_bytes` saves it: a province's 69,000 rows took python-docx's per-cell API minutes, and
    parsing them into the document's tree only to serialise them again took 2 of the 5 seconds the
    file took. Save a document with tables through `document_bytes`, never `doc.save`."""
    table = doc.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    style_id = doc.styles["ReportCell"].style_id
    left = [kind == TEXT for kind in kinds]
    text = row_xml(header, style_id, [False] * len(header), header=True) + rows_xml(rows, style_id, left)
    for column, share in zip(table.columns, column_shares([header, *rows]), strict=True):
        column.width = int(LANDSCAPE_TEXT_WIDTH * share)
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")  # the full text width
    pending = doc.__dict__.setdefault("_pending_rows", {})
    mark = f"jijuqu-rows-{len(pending)}"
    pending[mark] = text
    table._tbl.append(etree.Comment(mark))  # where the rows go, after the table's properties and grid


ROWS_MARK = re.compile(rb"<!--(jijuqu-rows-\d+)-->")
# The control characters XML cannot hold (all but tab, LF and CR): one byte each in UTF-8, never part
# of another character's bytes, so they are dropped from the encoded rows.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def document_bytes(doc) -> bytes:
    """The .docx file: python-docx writes the document, then each table's rows are put where
    `add_table` marked them in word/document.xml (the other parts are copied as they are)."""
    out = BytesIO()
    doc.save(out)
    pending = doc.__dict__.pop("_pending_rows", {})
    if not pending:
        return out.getvalue()
    source = ZipFile(out)
    spliced = BytesIO()
    with ZipFile(spliced, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            level = None  # each part compressed as python-docx had it
            if info.filename == "word/document.xml":
                pieces = ROWS_MARK.split(data)  # text, mark, text, mark, ..., text
                for i in range(1, len(pieces), 2):
                    pieces[i] = pending.pop(pieces[i].decode()).encode().translate(None, CONTROL_BYTES)
                if pending:
                    raise ValueError(f"rows of {len(pending)} table(s) found no place in the document")
                data = b"".join(pieces)
                # zlib's fastest level: a province's 82 MB of table rows deflate in 0.13 s instead of
                # 0.32 s at the default level (6), to 2.3 MB instead of 1.7 MB.
                level = 1
            target.writestr(info, data, compresslevel=level)
    return spliced.getvalue()


LANDSCAPE_TEXT_WIDTH = Cm(29.7 - 2.4 - 2.4)


def column_shares(rows: list[list[str]]) -> list[float]:
    """Each column's share of the width, by its longest text (capped, so one long name does not
    squeeze the figures); headers may wrap onto two lines."""
    header, body = rows[0], rows[1:]
    longest = []
    for i in range(len(header)):
        # A text of 16 characters is wider than the cap whatever they are; each distinct text is
        # measured once (a province's list repeats its zones and departments thousands of times),
        # and no further once one reaches the cap.
        texts = {row[i][:16] for row in body}
        # An ASCII text's width is that of its length: only the longest counts.
        longest_ascii = max((len(t) for t in texts if t.isascii()), default=0)
        widest = min(ASCII_WIDTHS[longest_ascii], WIDTH_CAP) if longest_ascii else 0
        for t in texts:
            if widest == WIDTH_CAP:
                break
            if not t.isascii():
                widest = max(widest, min(display_width(t), WIDTH_CAP))
        longest.append(max(4, (display_width(header[i]) + 1) // 2, widest) + 2)
    return [n / sum(longest) for n in longest]


WIDTH_CAP = 20
# The width of an ASCII text of n characters, added up as display_width adds it (the same float).
ASCII_WIDTHS = [sum(1.3 for _ in range(n)) for n in range(17)]


def display_width(text: str) -> float:
    """Width in half-ideographs: an ideograph takes two, a digit or Latin letter about 1.3 (the
    fallback fonts' figures are wider than half an ideograph)."""
    if text.isascii() and len(text) < len(ASCII_WIDTHS):
        return ASCII_WIDTHS[len(text)]
    return sum(2 if ord(ch) >= 0x2E80 else 1.3 for ch in text)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def row_xml(texts: list[str], style_id: str, left: list[bool], *, header: bool = False) -> str:
    """One w:tr, as `rows_xml` writes it."""
    return rows_xml([texts], style_id, left, header=header)


def rows_xml(rows: list[list[str]], style_id: str, left: list[bool], *, header: bool = False) -> str:
    """The w:tr of each row: long text columns align left, figures and short labels centre (the style's
    default); a header row is bold and repeats on every page. For tens of thousands of rows each cell's
    opening is made once per table, and text is escaped only when it has a character to escape."""
    run = "<w:r><w:rPr><w:b/></w:rPr>" if header else "<w:r>"
    opening = f'<w:tc><w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
    centred = f'{opening}</w:pPr>{run}<w:t xml:space="preserve">'
    to_left = f'{opening}<w:jc w:val="left"/></w:pPr>{run}<w:t xml:space="preserve">'
    closing = "</w:t></w:r></w:p></w:tc>"
    row_start = '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else "<w:tr>"
    special = re.compile("[&<>]")
    parts = []
    for row in rows:
        parts.append(row_start)
        for text, align_left in zip(row, left, strict=True):
            parts.append(to_left if align_left and len(text) > 8 else centred)
            parts.append(escape(text) if special.search(text) else text)
            parts.append(closing)
        parts.append("</w:tr>")
    return "".join(parts)

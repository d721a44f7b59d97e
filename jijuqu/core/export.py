"""Lists to .xlsx in the layout an office hands on: title row, unit row, header, rows, 合计 row.

Every workbook jijuqu writes is a `Book`, and every value goes in through `Sheet.put`, so text is
always a text cell, never a formula: a zone user's project name "=HYPERLINK(...)" must not run in the
province's Excel (formula injection, OWASP). The user's text is kept exactly as typed (no leading
apostrophe: exports import back unchanged); text that Excel would read as a formula if someone edited
the cell (= + - @, tab, CR) also gets Excel's "quote prefix" style flag, the flag Excel itself sets for
'=text — it is not part of the value. Amounts are Decimals to the end: Excel holds every number as a
double, written in the shortest form that reads back as the same double, so an amount of 万元 with two
decimals (at most 15 digits) reads back exactly.

The writer is XlsxWriter: a province's 月通报 carries about 600,000 cells, which it writes two to three
times faster than openpyxl. Only this module speaks its API; the rest of jijuqu sees `Book`, `Sheet` and
`write_table`. Even so, XlsxWriter's cell by cell writing (a cell object kept per value, then its XML
written with an attribute list per cell) took 3.5 s of those cells: the body of a table is written by
`Sheet.put_rows` instead, each value prepared as `put` prepares it (`prepared`), straight into the
sheet's XML text, which `Book.content` places in the sheet part XlsxWriter saved (the text goes into
XlsxWriter's shared strings; numbers are written in its form; the formats are its formats).

`set_cell` does the same for an openpyxl cell: the import's error report writes into the user's own
workbook, which only openpyxl can open and save again.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from xlsxwriter.utility import (
    xl_cell_to_rowcol,
    xl_col_to_name,
    xl_rowcol_to_cell,
)

from .tables import MoneyColumn

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# First characters that make Excel (or LibreOffice) read typed text as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits: rows and columns of a sheet, characters of a cell (a longer text keeps this many).
EXCEL_ROWS, EXCEL_COLUMNS, EXCEL_CELL_TEXT = 1_048_576, 16_384, 32_767


def clean_text(value: str) -> str:
    """Text without the control characters the xlsx format cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def set_cell(cell: Cell, value) -> Cell:
    """A value into an openpyxl cell as `Sheet.put` writes it: text as text, never a formula.

    Call it after giving the cell a named style (a named style replaces the quote prefix too)."""
    if isinstance(value, str):
        value = clean_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def cell_value(value):
    """What a cell holds: numbers stay numbers (Decimal exact), dates dates, the rest text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, Decimal, dt.date)):
        return value
    return str(value)


def prepared(value) -> tuple[object, str, bool]:
    """(value, its default number format, whether it needs the quote prefix): what `put` and
    `put_rows` write of a value. Text loses the control characters xlsx cannot hold and is cut to
    Excel's limit; empty text is a blank cell."""
    kind = type(value)
    if kind is str:
        if not value.isprintable():  # a control character, or a space or line break to keep
            value = clean_text(value)
        value = value[:EXCEL_CELL_TEXT]
        if not value:
            return None, "General", False  # a blank cell with its format (borders), as Excel has it
        return value, "General", value.startswith(FORMULA_START)
    if kind is Decimal:
        if not value.is_finite():
            raise TypeError(f"not a number a cell can hold: {value}")
        return value, "#,##0.00", False
    if kind is not int:
        value = cell_value(value)  # None stays None, a date a date; bool becomes 是/否, the rest text
        if type(value) is str:
            return prepared(value)
        if isinstance(value, dt.date):
            return value, "yyyy-mm-dd", False
    return value, "General", False


def check_place(row: int, column: int) -> None:
    if row >= EXCEL_ROWS or column >= EXCEL_COLUMNS:  # never drop a row unsaid
        raise ValueError(f"表格超出Excel的行列上限（第{row + 1}行、第{column + 1}列），请缩小导出范围。")


# In a sheet's part as XlsxWriter saves it: its rows (or none), a row's start, the range of its cells.
SHEET_DATA = re.compile(rb"<sheetData/>|<sheetData>(.*?)</sheetData>", re.DOTALL)
ROW_START = re.compile(rb'<row r="(\d+)"')
DIMENSION = re.compile(rb'<dimension ref="([A-Z0-9:]+)"/>')


class Book:
    """A workbook being written, in memory; `content()` closes it and gives the file."""

    def __init__(self):
        self._out = BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self._out,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self._formats: dict[tuple, object] = {}
        self._names: set[str] = set()
        self._sheets: list[Sheet] = []

    def sheet(self, title: str) -> Sheet:
        """A new sheet named by the first 31 characters of `title` (Excel's limit); a name the workbook
        already has (in any case), or with a character Excel forbids ([]:*?/\\ or a quote at either
        end), raises ValueError."""
        name = title[:31]
        if name.casefold() in self._names:
            raise ValueError(f"Worksheet name {name!r} is already in use.")
        self._names.add(name.casefold())
        sheet = Sheet(self, self.workbook.add_worksheet(name))
        self._sheets.append(sheet)
        return sheet

    def format(
        self,
        number_format: str = "General",
        *,
        bold: bool = False,
        border: bool = False,
        size: int | None = None,
        wrap: bool = False,
        center: bool = False,
        quote: bool = False,
    ):
        """A cell format, made once per workbook and shared by every cell that looks alike."""
        key = (number_format, bold, border, size, wrap, center, quote)
        found = self._formats.get(key)
        if found is None:
            properties = {
                "num_format": number_format,
                "bold": bold,
                "border": int(border),
                "quote_prefix": quote,
            }
            if size:
                properties["font_size"] = size
            if wrap:
                properties.update(text_wrap=True, valign="top")
            if center:
                properties.update(align="center", valign="vcenter")
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def chart(
        self,
        sheet: Sheet,
        kind: str,
        *,
        name: tuple[int, int],
        categories: tuple[int, int, int, int],
        values: tuple[int, int, int, int],
        title: str,
        at: tuple[int, int],
        size: tuple[int, int],
    ) -> None:
        """A native chart of one series read from the sheet's cells (0-based rows and columns: the
        series' name cell, its categories' and values' ranges), without a legend, placed at `at` and
        `size` pixels large. The cells must have been `put` (XlsxWriter keeps a copy of the values in
        the chart, read from the cells it holds), not written by `put_rows`."""
        for first, last in (name[:1] * 2, categories[::2], values[::2]):
            if any(first <= end and start <= last for start, end, _ in sheet.xml_rows):
                raise ValueError("a chart reads cells written by put_rows")
        chart = self.workbook.add_chart({"type": kind})
        chart.add_series(
            {
                "name": [sheet.name, *name],
                "categories": [sheet.name, *categories],
                "values": [sheet.name, *values],
            }
        )
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        chart.set_size({"width": size[0], "height": size[1]})
        sheet.worksheet.insert_chart(*at, chart)

    def content(self) -> bytes:
        """The file. XlsxWriter saves the workbook; then the rows each sheet's `put_rows` wrote go into
        its part, xl/worksheets/sheetN.xml (N counts the sheets from 1, as XlsxWriter names them), among
        the rows XlsxWriter wrote, and the sheet's dimension takes them in. The other parts are copied."""
        self.workbook.close()
        content = self._out.getvalue()
        pending = {f"xl/worksheets/sheet{n}.xml": s for n, s in enumerate(self._sheets, 1) if s.xml_rows}
        if not pending:
            return content
        source = zipfile.ZipFile(BytesIO(content))
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                sheet = pending.pop(info.filename, None)
                if sheet is None:
                    target.writestr(info, data)
                else:
                    # zlib's level 3, not the default 6: a province's 月通报 (20 MB of rows) is
                    # compressed in 0.14 s instead of 0.36 s, to 2.9 MB instead of 2.5 MB.
                    target.writestr(info, sheet.spliced(data), compresslevel=3)
        if pending:
            raise ValueError(f"no part for the sheet(s) {', '.join(s.name for s in pending.values())}")
        return out.getvalue()


class Sheet:
    """A worksheet of a Book, written row after row (`append`) or cell by cell (`put`)."""

    def __init__(self, book: Book, worksheet):
        self.book = book
        self.worksheet = worksheet
        self.rows = 0  # rows written so far; `append` writes the next
        self.xml_rows: list[tuple[int, int, str]] = []  # (first row, last row, their XML) of put_rows
        self._columns = 0  # columns put_rows wrote (for the sheet's dimension)

    @property
    def name(self) -> str:
        return self.worksheet.name

    def put(
        self,
        row: int,
        column: int,
        value,
        number_format: str | None = None,
        *,
        bold: bool = False,
        border: bool = False,
        size: int | None = None,
        wrap: bool = False,
        center: bool = False,
    ) -> None:
        """The one way a value gets into a workbook we write (0-based row and column).

        Long tables' bodies go through `put_rows`, which writes what this writes."""
        value, default_format, quote = prepared(value)
        if number_format is None:
            number_format = default_format
        check_place(row, column)
        book = self.book
        cell_format = book._formats.get((number_format, bold, border, size, wrap, center, quote))
        if cell_format is None:
            cell_format = book.format(
                number_format, bold=bold, border=border, size=size, wrap=wrap, center=center, quote=quote
            )
        ws = self.worksheet
        kind = type(value)
        if value is None:
            ws.write_blank(row, column, None, cell_format)
        elif kind is str:
            ws.write_string(row, column, value, cell_format)
        elif kind is Decimal or kind is int:
            ws.write_number(row, column, value, cell_format)
        else:  # a date or a time (prepared leaves nothing else)
            ws.write_datetime(row, column, value, cell_format)
        if row >= self.rows:
            self.rows = row + 1

    def put_rows(
        self, first: int, rows: list[list], formats: dict[int, str] | None = None, *, border: bool = False
    ) -> None:
        """Rows of values from row `first` (0-based) down, each cell as `put(row, column, value,
        formats.get(column), border=border)` writes it (a None value is a blank cell in the default
        format), but as the sheet's XML text: `<c r="B4" s="3" t="s"><v>17</v></c>`, the text in
        XlsxWriter's shared strings table, a number as XlsxWriter writes one (16 significant digits), a
        date as its serial number, the style XlsxWriter's own format for those properties. No cell of
        these rows may be `put`."""
        if not rows:
            return
        formats = formats or {}
        last = first + len(rows) - 1
        width = max(len(row) for row in rows)
        check_place(last, width - 1)
        book = self.book
        strings = book.workbook.str_table
        string_index = strings._get_shared_string_index
        serial_of = self.worksheet._convert_date_time  # as write_datetime converts a date
        styles: dict[tuple[int, str, bool], str] = {}

        def style(column: int, default_format: str, quote: bool) -> str:
            number_format = formats.get(column, default_format)
            cell_format = book.format(number_format, border=border, quote=quote)
            styles[column, default_format, quote] = found = f' s="{cell_format._get_xf_index()}"'
            if not quote and default_format == "General":
                plain[column] = found
            elif not quote and default_format == "#,##0.00":
                amount[column] = found
            return found

        names = [xl_col_to_name(column) for column in range(width)]
        plain: list[str | None] = [None] * width  # each column's style of text and ints
        amount: list[str | None] = [None] * width  # and of Decimals
        blank = f' s="{book.format(border=border)._get_xf_index()}"'  # of a None: the default format
        parts = []
        append = parts.append
        for number, row in enumerate(rows, start=first + 1):
            append(f'<row r="{number}">')
            for column, value in enumerate(row):
                kind = type(value)
                if value is None:
                    append(f'<c r="{names[column]}{number}"{blank}/>')
                    continue
                if (
                    kind is str
                    and value.isprintable()
                    and 0 < len(value) <= EXCEL_CELL_TEXT
                    and not value.startswith(FORMULA_START)
                ):  # the common text, kept as it is by `prepared`, without the call
                    s = plain[column] or style(column, "General", False)
                    append(f'<c r="{names[column]}{number}"{s} t="s"><v>{string_index(value)}</v></c>')
                    continue
                if kind is int or (kind is Decimal and value.is_finite()):  # a number, likewise
                    s = (plain if kind is int else amount)[column] or style(
                        column, "General" if kind is int else "#,##0.00", False
                    )
                    append(f'<c r="{names[column]}{number}"{s}><v>{value:.16G}</v></c>')
                    continue
                value, default_format, quote = prepared(value)
                kind = type(value)
                s = styles.get((column, default_format, quote)) or style(column, default_format, quote)
                if value is None:  # empty text: blank, in the column's format
                    append(f'<c r="{names[column]}{number}"{s}/>')
                elif kind is str:
                    append(f'<c r="{names[column]}{number}"{s} t="s"><v>{string_index(value)}</v></c>')
                elif kind is int or kind is Decimal:
                    append(f'<c r="{names[column]}{number}"{s}><v>{value:.16G}</v></c>')
                else:
                    serial = serial_of(value)
                    append(f'<c r="{names[column]}{number}"{s}><v>{serial:.16G}</v></c>')
            append("</row>")
        self.xml_rows.append((first, last, "".join(parts)))
        self._columns = max(self._columns, width)
        if last >= self.rows:
            self.rows = last + 1

    def spliced(self, part: bytes) -> bytes:
        """The sheet's part as XlsxWriter saved it, with the rows of `put_rows` in their places and its
        dimension (the range of its cells) taking them in."""
        found = SHEET_DATA.search(part)
        saved = found[1] or b""  # XlsxWriter's rows
        written = [(int(m[1]) - 1, m.start()) for m in ROW_START.finditer(saved)]
        pieces, position = [], 0
        for first, last, text in sorted(self.xml_rows):
            if any(first <= row <= last for row, _ in written):
                raise ValueError(f"a cell put in rows {first + 1}-{last + 1} of {self.name}, written as XML")
            before = next((at for row, at in written if row > last), len(saved))
            pieces += [saved[position:before], text.encode()]
            position = before
        pieces.append(saved[position:])
        head, tail = part[: found.start()], part[found.end() :]
        dimension = DIMENSION.search(head)
        places = [xl_cell_to_rowcol(cell) for cell in dimension[1].decode().split(":")]
        places += [(row, 0) for first, last, _ in self.xml_rows for row in (first, last)]
        places.append((places[0][0], self._columns - 1))
        rows, columns = [r for r, _ in places], [c for _, c in places]
        ref = f"{xl_rowcol_to_cell(min(rows), min(columns))}:{xl_rowcol_to_cell(max(rows), max(columns))}"
        head = head[: dimension.start()] + f'<dimension ref="{ref}"/>'.encode() + head[dimension.end() :]
        return b"".join([head, b"<sheetData>", *pieces, b"</sheetData>", tail])

    def append(self, values, **style) -> int:
        """Write a row below the last one; gives its (0-based) number."""
        row = self.rows
        for column, value in enumerate(values):
            self.put(row, column, value, **style)
        self.rows = row + 1
        return row

    def set_width(self, column: int, width: float) -> None:
        """A column's width, in characters of the default font."""
        self.worksheet.set_column(column, column, width)


def write_table(
    sheet: Sheet,
    title: str,
    note: str,
    header: list[str],
    rows: list[list],
    *,
    total: list | None = None,
    formats: dict[int, str] | None = None,
    charted: bool = False,
) -> None:
    """One office-style table on a sheet: title row, unit/note row, header, rows, 合计 row.

    `formats` maps a column index to a number format; other Decimals get two decimals. The rows are
    written by `put_rows`, or with `charted` (a chart will read them) each cell by `put`."""
    formats = formats or {}
    width = len(header)
    ws = sheet.worksheet
    for row, (text, style) in enumerate([(title, {"bold": True, "size": 16, "center": True}), (note, {})]):
        if width > 1:
            ws.merge_range(row, 0, row, width - 1, "", sheet.book.format(**style))
        sheet.put(row, 0, text, **style)
    for column, text in enumerate(header):
        sheet.put(2, column, text, bold=True, border=True, center=True, wrap=True)
    if charted:
        for number, row in enumerate(rows, start=3):
            for index, value in enumerate(row):
                sheet.put(
                    number, index, value, formats.get(index) if value is not None else None, border=True
                )
    else:
        sheet.put_rows(3, rows, formats, border=True)
    if total is not None:
        for index, value in enumerate(total):
            number_format = formats.get(index) if value is not None else None
            sheet.put(3 + len(rows), index, value, number_format, bold=True, border=True)
    for column, text in enumerate(header):
        sheet.set_width(column, max(6, min(40, len(text) * 2 + 4)))
    ws.freeze_panes(3, 1)


def table_to_xlsx(table, title: str) -> bytes:
    """Write every row of a django-tables2 table (not only the current page)."""
    columns = [c for c in table.columns if c.visible]
    has_money = any(isinstance(c.column, MoneyColumn) for c in columns)
    note = (
        (_("Unit: 10k yuan") if has_money else "")
        + "  "
        + _("Exported on %(date)s") % {"date": timezone.localdate().isoformat()}
    )
    totals = {c.name: Decimal(0) for c in columns if isinstance(c.column, MoneyColumn)}
    rows = []
    for index, row in enumerate(table.rows, start=1):
        values = [index]
        for c in columns:
            value = row.get_cell_value(c.name)
            if c.name in totals and isinstance(value, Decimal):
                totals[c.name] += value
            values.append(value)
        rows.append(values)
    book = Book()
    write_table(
        book.sheet(title),
        title,
        note,
        [_("No.")] + [str(c.header) for c in columns],
        rows,
        total=[_("Total")] + [totals.get(c.name) for c in columns] if totals else None,
    )
    return book.content()

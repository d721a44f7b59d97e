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
`write_table`.

`set_cell` does the same for an openpyxl cell: the import's error report writes into the user's own
workbook, which only openpyxl can open and save again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

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

    def sheet(self, title: str) -> Sheet:
        """A new sheet named by the first 31 characters of `title` (Excel's limit); a name the workbook
        already has (in any case), or with a character Excel forbids ([]:*?/\\ or a quote at either
        end), raises ValueError."""
        name = title[:31]
        if name.casefold() in self._names:
            raise ValueError(f"Worksheet name {name!r} is already in use.")
        self._names.add(name.casefold())
        return Sheet(self, self.workbook.add_worksheet(name))

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
        `size` pixels large."""
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
        self.workbook.close()
        return self._out.getvalue()


class Sheet:
    """A worksheet of a Book, written row after row (`append`) or cell by cell (`put`)."""

    def __init__(self, book: Book, worksheet):
        self.book = book
        self.worksheet = worksheet
        self.rows = 0  # rows written so far; `append` writes the next

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

        A province's 月通报 passes 600,000 cells through here: the cases go by the value's exact type
        first (str, Decimal, int, date), and a format is looked up by a plain tuple."""
        kind = type(value)
        if kind is not str and kind is not Decimal and kind is not int:
            value = cell_value(value)  # None stays None, a date a date; bool becomes 是/否, the rest text
            kind = type(value)
        quote = False
        if kind is str:
            if not value.isprintable():  # a control character, or a space or line break to keep
                value = clean_text(value)
            value = value[:EXCEL_CELL_TEXT]
            quote = value.startswith(FORMULA_START)
            if not value:
                value = None  # a blank cell with its format (borders), as Excel has it
        if number_format is None:
            if kind is Decimal:
                number_format = "#,##0.00"
            elif isinstance(value, dt.date):
                number_format = "yyyy-mm-dd"
            else:
                number_format = "General"
        if row >= EXCEL_ROWS or column >= EXCEL_COLUMNS:  # never drop a row unsaid
            raise ValueError(f"表格超出Excel的行列上限（第{row + 1}行、第{column + 1}列），请缩小导出范围。")
        book = self.book
        cell_format = book._formats.get((number_format, bold, border, size, wrap, center, quote))
        if cell_format is None:
            cell_format = book.format(
                number_format, bold=bold, border=border, size=size, wrap=wrap, center=center, quote=quote
            )
        ws = self.worksheet
        if value is None:
            ws.write_blank(row, column, None, cell_format)
        elif kind is str:
            ws.write_string(row, column, value, cell_format)
        elif kind is Decimal or kind is int:
            ws.write_number(row, column, value, cell_format)
        else:  # a date or a time (cell_value leaves nothing else)
            ws.write_datetime(row, column, value, cell_format)
        if row >= self.rows:
            self.rows = row + 1

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
) -> None:
    """One office-style table on a sheet: title row, unit/note row, header, rows, 合计 row.

    `formats` maps a column index to a number format; other Decimals get two decimals."""
    formats = formats or {}
    width = len(header)
    ws = sheet.worksheet
    for row, (text, style) in enumerate([(title, {"bold": True, "size": 16, "center": True}), (note, {})]):
        if width > 1:
            ws.merge_range(row, 0, row, width - 1, "", sheet.book.format(**style))
        sheet.put(row, 0, text, **style)
    for column, text in enumerate(header):
        sheet.put(2, column, text, bold=True, border=True, center=True, wrap=True)
    body = [*rows, total] if total is not None else rows
    last = 2 + len(body) if total is not None else None
    for number, row in enumerate(body, start=3):
        bold = number == last
        for index, value in enumerate(row):
            number_format = formats.get(index) if value is not None else None
            sheet.put(number, index, value, number_format, bold=bold, border=True)
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

"""Lists to .xlsx in the layout an office hands on: title row, unit row, header, rows, 合计 row.

Every value jijuqu writes into a workbook goes through `set_cell` (or `append_row`), so text is always
a text cell. openpyxl turns any string starting with "=" into a formula, and a zone user's project name
"=HYPERLINK(...)" would then run in the province's Excel (formula injection, OWASP). A text cell is never
evaluated, so the user's text is kept exactly as typed (no leading apostrophe: exports import back
unchanged); text that Excel would read as a formula if someone edited the cell (= + - @, tab, CR) also
gets Excel's "quote prefix" style flag, the flag Excel itself sets for '=text — it is not part of the value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter

from .tables import MoneyColumn

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# First characters that make Excel (or LibreOffice) read typed text as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def set_cell(cell: Cell, value) -> Cell:
    """The one way values get into our workbooks: text is stored as text, never as a formula.

    Call it after giving the cell a named style (a named style replaces the quote prefix too).
    Control characters that the xlsx format cannot hold (openpyxl raises on them) are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def append_row(ws, values) -> None:
    """`ws.append` through `set_cell`."""
    ws.append([set_cell(Cell(ws), value) for value in values])


def cell_value(value):
    """What openpyxl can store: numbers stay numbers (Decimal as exact text-free numbers), the rest text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, Decimal, dt.date)):
        return value
    return str(value)


def named_style(wb, number_format: str, bold: bool) -> str:
    """A bordered cell style registered once per workbook: assigning a named style to each cell is
    about twice as fast as setting border, font and format one by one (tens of thousands of cells)."""
    name = f"jijuqu {number_format}{' bold' if bold else ''}"
    if name not in wb.named_styles:
        wb.add_named_style(
            NamedStyle(name=name, border=BOX, number_format=number_format, font=Font(bold=bold))
        )
    return name


def write_table(
    ws,
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
    append_row(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    append_row(ws, [note])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    append_row(ws, header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    body = [*rows, total] if total is not None else rows
    last = 3 + len(body) if total is not None else None
    styles: dict[tuple[str, bool], str] = {}
    for number, row in enumerate(body, start=4):
        for index, value in enumerate(row):
            value = cell_value(value)
            if index in formats and value is not None:
                number_format = formats[index]
            elif isinstance(value, Decimal):
                number_format = "#,##0.00"
            elif isinstance(value, dt.date):
                number_format = "yyyy-mm-dd"
            else:
                number_format = "General"
            key = (number_format, number == last)
            if key not in styles:
                styles[key] = named_style(ws.parent, *key)
            cell = ws.cell(row=number, column=index + 1)
            cell.style = styles[key]
            set_cell(cell, value)
    for i, text in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, min(40, len(text) * 2 + 4))
    ws.freeze_panes = "B4"


def workbook_bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


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
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    write_table(
        ws,
        title,
        note,
        [_("No.")] + [str(c.header) for c in columns],
        rows,
        total=[_("Total")] + [totals.get(c.name) for c in columns] if totals else None,
    )
    return workbook_bytes(wb)

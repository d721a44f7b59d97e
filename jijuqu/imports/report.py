"""The error report: the user's own workbook with an added column saying what is wrong in each row."""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from jijuqu.core.export import Book, set_cell

RED = PatternFill("solid", fgColor="FFC7CE")


def error_workbook(source, errors: list[dict], header_rows: dict[str, int] | None = None) -> bytes:
    """`errors` as Issue.as_dict(); rows keep their numbers, so the user fixes the file in place.
    The column's title goes in each sheet's header row (`header_rows`, 1-based; else row 1)."""
    wb = load_workbook(source)
    by_sheet: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in errors:
        column = f"{e['column']}：" if e.get("column") else ""
        by_sheet[e["sheet"]][e["row"]].append(f"{column}{e['message']}")
    for name, rows in by_sheet.items():
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        col = ws.max_column + 1
        title_row = (header_rows or {}).get(name, 1)
        set_cell(ws.cell(row=title_row, column=col), "导入错误").font = Font(bold=True, color="9C0006")
        for number, messages in rows.items():
            cell = set_cell(ws.cell(row=number, column=col), "；".join(messages))
            cell.fill = RED
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[ws.cell(row=title_row, column=col).column_letter].width = 60
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def error_list_workbook(errors: list[dict]) -> bytes:
    """For files openpyxl cannot rewrite (.xls, .ods): one row per error, where and what. The values
    are the user's, written as text like every value of our workbooks (a "=…" stays text)."""
    book = Book()
    sheet = book.sheet("导入错误")
    sheet.append(["工作表", "行", "列", "值", "问题"], bold=True)
    for e in errors:
        sheet.append([e.get("sheet"), e.get("row"), e.get("column"), e.get("value"), e.get("message")])
    sheet.set_width(4, 60)
    return book.content()

"""The monthly report as .xlsx: the text on the first sheet, then one sheet per table, each in the
office layout of core.export (title, unit, header, 合计), and a bar chart of completion rates."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from jijuqu.core.export import append_row, workbook_bytes, write_table

from .builder import MonthlyReport
from .tables import COUNT, POINTS, RATE, WAN, YI, report_tables

FORMATS = {YI: "0.0", RATE: "0.0", POINTS: "0.0", WAN: "#,##0.00", COUNT: "0"}


def report_xlsx(report: MonthlyReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "通报"
    append_row(ws, [report.title])
    ws["A1"].font = Font(bold=True, size=16)
    append_row(ws, [report.subtitle])
    ws.column_dimensions["A"].width = 120
    for heading, paragraph in report.sections:
        if heading:
            append_row(ws, [heading])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        append_row(ws, [paragraph])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    for note in report.notes:
        append_row(ws, [note])
    for number, table in enumerate(report_tables(report), start=1):
        sheet = wb.create_sheet(f"附表{number}")
        rows = table.printed_rows()
        body, total = (rows[:-1], rows[-1]) if table.total else (rows, None)
        write_table(
            sheet,
            table.title,
            table.unit,
            [c.header for c in table.columns],
            body,
            total=total,
            formats={i: FORMATS[c.kind] for i, c in enumerate(table.columns) if c.kind in FORMATS},
        )
        if number == 1 and len(body) > 1:
            add_rate_chart(sheet, table, len(body))
    return workbook_bytes(wb)


def add_rate_chart(sheet, table, count: int) -> None:
    """Completion rate by area, next to the table (a native Excel chart; it reads the cells)."""
    rate_column = next(i for i, c in enumerate(table.columns, start=1) if c.kind == RATE)
    chart = BarChart()
    chart.title = "完成率（%）"
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=rate_column, min_row=3, max_row=3 + count), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=4, max_row=3 + count))
    chart.width, chart.height = 24, 10
    sheet.add_chart(chart, f"B{count + 7}")

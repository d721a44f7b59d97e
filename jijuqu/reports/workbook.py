"""A report as .xlsx: the text on the first sheet, then one sheet per table, each in the office layout
of core.export (title, unit, header, 合计), and for the 月通报 a bar chart of completion rates. The
招商通报 and the 产业链 report are written by the same function."""

from __future__ import annotations

from jijuqu.core.export import Book, Sheet, write_table

from .builder import MonthlyReport
from .tables import COUNT, POINTS, RATE, WAN, YI, ReportTable, report_tables

FORMATS = {YI: "0.0", RATE: "0.0", POINTS: "0.0", WAN: "#,##0.00", COUNT: "0"}


def report_xlsx(report: MonthlyReport) -> bytes:
    """The 月通报."""
    return tables_xlsx(report, report_tables(report), chart=True)


def tables_xlsx(report, tables: list[ReportTable], *, chart: bool = False) -> bytes:
    """A report's text (any report with a title, subtitle, sections and notes: the 月通报, the 招商通报,
    the 产业链 report) and its tables; with `chart`, the first table's completion rates as a native
    Excel chart below it."""
    book = Book()
    text = book.sheet("通报")
    text.set_width(0, 120)
    text.append([report.title], bold=True, size=16)
    text.append([report.subtitle])
    for heading, paragraph in report.sections:
        if heading:
            text.append([heading], bold=True)
        text.append([paragraph], wrap=True)
    for note in report.notes:
        text.append([note])
    for number, table in enumerate(tables, start=1):
        sheet = book.sheet(f"附表{number}")
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
            charted=chart and number == 1,
        )
        if chart and number == 1 and len(body) > 1:
            add_rate_chart(book, sheet, table, len(body))
    return book.content()


def add_rate_chart(book: Book, sheet: Sheet, table: ReportTable, count: int) -> None:
    """Completion rate by area, below the table (a native Excel chart; it reads the cells)."""
    rate_column = next(i for i, c in enumerate(table.columns) if c.kind == RATE)
    book.chart(
        sheet,
        "column",
        name=(2, rate_column),
        categories=(3, 1, 2 + count, 1),
        values=(3, rate_column, 2 + count, rate_column),
        title="完成率（%）",
        at=(count + 6, 1),
        size=(907, 378),  # 24 × 10 cm
    )

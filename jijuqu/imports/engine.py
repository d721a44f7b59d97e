"""The import engine: read every sheet, find its table, map headers by meaning, classify rows,
check the sheet's own 合计/小计, and hand the data rows to a domain importer.

All-or-nothing: any error means nothing is written, and every error is reported at once with sheet,
row, column, value and a Chinese message.

Rows stream: a sheet's rows are read, classified and handed on in batches (Analysis.batches), so
memory does not grow with the file; what the preview needs (counts, the first rows, skipped rows)
is kept as the rows pass. An importer that wants every row at once still has Analysis.rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from .layout import Column, Layout, classify, find_layout, normalize
from .reader import FileRefused, open_workbook, read_workbook  # noqa: F401 (the engine's entry points)
from .values import BLANKS, CellError, is_blank, money, text


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # regular expressions on the normalized header
    money: bool = False  # summed and checked against 合计 rows, converted to 万元
    derived: bool = False  # computed by jijuqu (完成率): recognised, shown, not stored


@dataclass
class Issue:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str  # "G 1-10月完成投资"
    value: object
    message: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else text(self.value),
            "message": self.message,
        }


@dataclass
class Result:
    """What an import did (or, with errors, why it did nothing): the JSON the commands print."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Issue] = field(default_factory=list)
    # Per updated record: {"row", "sheet", "name", "fields": [(what, before, after), …]}, for the preview.
    changes: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the user should know before confirming

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
            "changes": self.changes,
            "notes": self.notes,
        }


@dataclass
class DataRow:
    sheet: str
    number: int  # 1-based row number
    section: str
    cells: dict[str, tuple[Column, object]]  # key → (column, raw value)
    money: dict[str, Decimal | CellError] = field(default_factory=dict)  # amounts in 万元, read once

    def raw(self, key):
        cell = self.cells.get(key)
        return None if cell is None else cell[1]

    def has(self, key) -> bool:
        cell = self.cells.get(key)
        if cell is None or (value := cell[1]) is None:
            return False
        return not (isinstance(value, str) and value.strip() in BLANKS)  # not is_blank(value), inlined

    def issue(self, key, message, value=None) -> Issue:
        column, raw = self.cells.get(key, (None, value))
        where = f"{column.letter} {column.header}" if column else ""
        return Issue(self.sheet, self.number, where, raw if value is None else value, message)


FIRST_ROWS = 10  # data rows of each sheet kept for the preview
BATCH_ROWS = 2000  # data rows handed to an importer at a time


@dataclass
class SheetResult:
    layout: Layout | None
    name: str
    count: int = 0  # data rows, once read
    first: list[DataRow] = field(default_factory=list)  # the first FIRST_ROWS data rows
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (row, kind, text)
    unmapped: list[Column] = field(default_factory=list)
    size: int = 0  # rows in the sheet, for progress


class Analysis:
    """Sheets, their layouts and the mapping, known at once; data rows and the errors found among them
    (a 合计 that does not add up) as the rows are read, once."""

    def __init__(self, sheets: list[SheetResult], errors: list[Issue], mapping, pending=()):
        self.sheets = sheets
        self.mapping: dict[str, dict[int, str | None]] = mapping  # sheet → column index → key
        self._errors = errors
        self._pending: list[Iterator[DataRow]] = list(pending)  # per sheet, rows not read yet
        self._rows: list[DataRow] | None = None
        self.done = 0  # rows of the file read so far (data or not)

    @property
    def total(self) -> int:
        return sum(s.size for s in self.sheets)

    def stream(self) -> Iterator[DataRow]:
        """Every data row, read from the file as it is asked for."""
        if self._rows is not None:
            yield from self._rows
            return
        while self._pending:
            yield from self._pending[0]
            self._pending.pop(0)

    def batches(self, size: int = BATCH_ROWS) -> Iterator[list[DataRow]]:
        batch = []
        for row in self.stream():
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    @property
    def rows(self) -> list[DataRow]:
        """Every data row at once (for imports of a few thousand rows at most)."""
        if self._rows is None:
            self._rows = list(self.stream())
        return self._rows

    @property
    def errors(self) -> list[Issue]:
        """The file's own errors; complete once every row is read (reads the rest if need be)."""
        if self._pending:
            self.rows  # noqa: B018 (read, and kept for whoever asks for the rows next)
        return self._errors

    @property
    def errors_so_far(self) -> bool:
        """Whether the rows read so far hold an error of the file's own (without reading on)."""
        return bool(self._errors)

    @property
    def count(self) -> int:
        self.errors  # noqa: B018 (every row read)
        return sum(s.count for s in self.sheets)


class Spec:
    """What one kind of import knows: its fields and the header texts that mean them."""

    def __init__(self, fields: list[FieldSpec]):
        self.fields = {f.key: f for f in fields}
        self._exact = {normalize(s): f.key for f in fields for s in (f.label, *f.synonyms)}
        self._patterns = [(re.compile(p), f.key) for f in fields for p in f.patterns]

    def match(self, header: str) -> str | None:
        """A normalized header to a field key: exact synonym first, then patterns; for a two-row
        header "建设年限/开工时间" the whole, then the sub-header, then the parent."""
        candidates = [header, *header.split("/")[::-1]] if "/" in header else [header]
        for candidate in candidates:
            if candidate in self._exact:
                return self._exact[candidate]
            for pattern, key in self._patterns:
                if pattern.fullmatch(candidate):
                    return key
        return None


def no_rows(analysis: Analysis) -> list[Issue]:
    """A file in which no table was found, or whose table has no data row, is an error, not "0 rows
    imported": the user picked the wrong file or sheet."""
    if analysis.count:
        return []
    name = analysis.sheets[0].name if analysis.sheets else ""
    found = any(s.layout for s in analysis.sheets)
    message = (
        "表格中找到了表头，但没有可导入的数据行"
        if found
        else "文件中没有找到可识别的表头（如“项目名称”“企业名称”），没有可导入的数据，请检查是否选错了文件或工作表"
    )
    return [Issue(name, 0, "", None, message)]


def analyse(
    workbook: list[tuple[str, Sequence[list]]],
    spec: Spec,
    mapping: dict[str, dict[int, str | None]] | None = None,
) -> Analysis:
    """Find tables, map columns (a user's mapping overrides the guess); the rows are classified and
    the totals checked as they are read (Analysis.batches, .rows)."""
    sheets, errors, used_mapping, pending = [], [], {}, []
    analysis = Analysis(sheets, errors, used_mapping)
    for name, rows in workbook:
        layout = find_layout(name, rows, lambda h: spec.match(h))
        result = SheetResult(layout, name, size=len(rows))
        sheets.append(result)
        if layout is None:
            result.skipped.append((0, "工作表", "未找到可识别的表头，整张工作表未导入"))
            analysis.done += len(rows)
            continue
        override = (mapping or {}).get(name, {})
        taken = set()
        for column in layout.columns:
            key = override[column.index] if column.index in override else spec.match(normalize(column.header))
            if key is not None and (key in taken or key not in spec.fields):
                key = None  # the first column with a meaning wins; the others are shown unmapped
            column.key = key
            if key is None:
                result.unmapped.append(column)
            else:
                taken.add(key)
        used_mapping[name] = {c.index: c.key for c in layout.columns}
        pending.append(read_rows(result, rows, spec, errors, analysis))
    analysis._pending = pending
    return analysis


def read_rows(
    result: SheetResult, rows: Sequence[list], spec: Spec, errors: list[Issue], analysis: Analysis
) -> Iterator[DataRow]:
    """The sheet's data rows, one at a time; its 合计/小计 rows checked (into `errors`) at its end."""
    layout = result.layout
    for i, kind in layout.skipped:
        result.skipped.append((i + 1, kind, " ".join(text(v) for v in rows[i] if text(v))))
    mapped = [c for c in layout.columns if c.key]
    money_columns = [c for c in mapped if spec.fields[c.key].money]
    section = ""
    sheet_sum = {c.key: Decimal(0) for c in money_columns}
    section_sum = {c.key: Decimal(0) for c in money_columns}
    # (row, 合计|小计, section, {key: (column, raw)}, the section's sums when it is a 小计)
    totals: list[tuple[int, str, str, dict, dict | None]] = []

    def cell(row, c):
        return row[c.index] if c.index < len(row) else None

    # A data row's mapped cells are taken in one step (itemgetter, zip): a ledger's every row passes.
    keys = [c.key for c in mapped]
    take = itemgetter(*[c.index for c in mapped]) if mapped else None
    need = max((c.index for c in mapped), default=-1) + 1
    sheet = result.name
    start = layout.data_start
    for i, row in enumerate(rows):
        analysis.done += 1
        if i < start:
            continue
        kind, label = classify(row, layout.columns)
        if kind == "blank":
            continue
        if kind == "note":
            result.skipped.append((i + 1, "备注行", label))
            continue
        if kind == "section":
            section = label
            section_sum = {c.key: Decimal(0) for c in money_columns}
            result.skipped.append((i + 1, "分组行", label))
            continue
        if kind == "total":
            values = {c.key: (c, cell(row, c)) for c in money_columns if not is_blank(cell(row, c))}
            totals.append((i + 1, label, section, values, dict(section_sum) if label == "小计" else None))
            result.skipped.append((i + 1, f"{label}行", "已与各行之和核对"))
            continue
        if take is None:
            cells = {}
        else:
            # A cell beyond the row's end is None, as `cell` gives it.
            values = take(row if len(row) >= need else row + [None] * (need - len(row)))
            cells = dict(
                zip(keys, zip(mapped, values if len(keys) > 1 else (values,), strict=True), strict=True)
            )
        data_row = DataRow(sheet, i + 1, section, cells)
        result.count += 1
        if result.count <= FIRST_ROWS:
            result.first.append(data_row)
        for c in money_columns:
            raw = cells[c.key][1]
            if is_blank(raw):
                continue
            try:
                amount = money(raw, c.unit or layout.unit)
            except CellError as err:
                data_row.money[c.key] = err  # reported by the importer with the row's other errors
                continue
            data_row.money[c.key] = amount
            sheet_sum[c.key] += amount
            section_sum[c.key] += amount
        yield data_row
    for number, label, sect, values, sums_at_row in totals:
        expected = sums_at_row if label == "小计" else sheet_sum
        for key, (column, raw) in values.items():
            try:
                given = money(raw, column.unit or layout.unit)
            except CellError as err:
                errors.append(
                    Issue(result.name, number, f"{column.letter} {column.header}", raw, f"{label}：{err}")
                )
                continue
            if given != expected[key]:
                errors.append(
                    Issue(
                        result.name,
                        number,
                        f"{column.letter} {column.header}",
                        raw,
                        f"表中{label}为{given}万元，而读入的各行之和为{expected[key]}万元，相差{given - expected[key]}万元"
                        f"{'（' + sect + '）' if label == '小计' and sect else ''}。请核对合计行或各行数据。",
                    )
                )

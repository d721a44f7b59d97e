"""Reading an uploaded workbook without letting the file decide how much memory or time it takes.

python-calamine builds a dense grid from a sheet's used range: one cell at A1 and one at XFD1048576
make 17 billion cells (a 1.6 KB file asked for 512 GB and the process died). So before calamine
sees a file, its size, its uncompressed size and every sheet's extent (from the cells themselves,
not from the <dimension> a file may lie about) are measured cheaply and refused beyond the limits,
with a Chinese message. .xls cannot be measured before loading; its format caps a sheet at
65,536 × 256 cells, and its extent is checked before any cell is turned into a Python value.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.conf import settings
from python_calamine import CalamineWorkbook

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


class FileRefused(ValueError):
    """A file that is not read; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class Limits:
    bytes: int  # the file as uploaded
    uncompressed: int  # all parts of an .xlsx/.ods once unzipped
    ratio: int  # uncompressed / compressed, for parts large enough to matter
    rows: int  # per sheet
    columns: int  # per sheet
    cells: int  # rows × columns of the grid a sheet becomes, all sheets together
    seconds: float  # measuring the file

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            bytes=settings.JIJUQU_IMPORT_MAX_BYTES,
            uncompressed=settings.JIJUQU_IMPORT_MAX_UNCOMPRESSED,
            ratio=settings.JIJUQU_IMPORT_MAX_RATIO,
            rows=settings.JIJUQU_IMPORT_MAX_ROWS,
            columns=settings.JIJUQU_IMPORT_MAX_COLUMNS,
            cells=settings.JIJUQU_IMPORT_MAX_CELLS,
            seconds=settings.JIJUQU_IMPORT_MAX_SECONDS,
        )


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}MB" if n >= 1024 * 1024 else f"{n // 1024}KB"


def read_bytes(source: str | IO[bytes], limits: Limits) -> bytes:
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limits.bytes + 1)
    else:
        with open(source, "rb") as f:
            data = f.read(limits.bytes + 1)
    if len(data) > limits.bytes:
        raise FileRefused(
            f"文件超过{megabytes(limits.bytes)}，超出导入上限，请删去无关的工作表或拆分后再导入"
        )
    if not data:
        raise FileRefused("文件是空的")
    return data


def read_workbook(source: str | IO[bytes], limits: Limits | None = None) -> list[tuple[str, list[list]]]:
    """Every sheet as rows of cell values (calamine, once the file is measured), or FileRefused with a
    Chinese message. For imports of a few thousand rows; the ledger streams (open_workbook)."""
    limits = limits or Limits.from_settings()
    data = read_bytes(source, limits)
    if data.startswith(ZIP_MAGIC):
        measure_zip(data, limits)
    elif not data.startswith(OLE_MAGIC):
        raise FileRefused(
            "文件不是Excel或ODS表格（.xlsx、.xls、.ods），可能只是改了扩展名，请用Excel另存后再导入"
        )
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets, cells = [], 0
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            height, width = sheet.height, sheet.width
            check_extent(name, height, width, limits)
            cells += height * width
            if cells > limits.cells:
                raise FileRefused(too_many_cells(limits))
            sheets.append((name, sheet.to_python(skip_empty_area=False)))
    except FileRefused:
        raise
    except Exception as err:  # calamine's own errors are English library text: say it plainly
        log.warning("workbook refused as unreadable: %s: %s", type(err).__name__, err)
        raise FileRefused(UNREADABLE) from err
    return sheets


def open_workbook(source: str | IO[bytes], limits: Limits | None = None) -> list[tuple[str, SheetRows]]:
    """Every sheet as rows read as they are used (see SheetRows), or FileRefused with a Chinese message.

    An .xlsx is read row by row from its XML (imports.xlsx), its limits checked as the rows pass;
    .xls and .ods through calamine once measured (their rows are turned into Python lists as used)."""
    limits = limits or Limits.from_settings()
    data = read_bytes(source, limits)
    if data.startswith(ZIP_MAGIC):
        if measure_zip(data, limits, sheets=False) == "xlsx":
            return open_xlsx(data, limits)
        measure_zip(data, limits)
    elif not data.startswith(OLE_MAGIC):
        raise FileRefused(
            "文件不是Excel或ODS表格（.xlsx、.xls、.ods），可能只是改了扩展名，请用Excel另存后再导入"
        )
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        del data
        sheets, cells = [], 0
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            height, width = sheet.height, sheet.width
            check_extent(name, height, width, limits)
            cells += height * width
            if cells > limits.cells:
                raise FileRefused(too_many_cells(limits))
            start = sheet.start or (0, 0)
            sheets.append(
                (name, SheetRows(calamine_rows(sheet, start[1]), height + start[0] if height else 0))
            )
    except FileRefused:
        raise
    except Exception as err:  # calamine's own errors are English library text: say it plainly
        raise FileRefused(UNREADABLE) from err
    return sheets


def calamine_rows(sheet, pad: int):
    """calamine's rows start at A1's row but at the used range's first column."""
    prefix = [""] * pad
    for row in sheet.iter_rows() if sheet.height else ():
        yield prefix + row if pad else row


def open_xlsx(data: bytes, limits: Limits) -> list[tuple[str, SheetRows]]:
    from . import xlsx

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = xlsx.Book(archive, limits)
        return [
            (name, SheetRows(xlsx.rows(book, name, part), xlsx.dimension_rows(archive, part)))
            for name, part in book.sheets
        ]
    except FileRefused:
        raise
    except Exception as err:  # a damaged part: said plainly
        raise FileRefused(UNREADABLE) from err


UNREADABLE = "文件已损坏或不是可读取的表格，请用Excel打开后另存为.xlsx再导入"
HEAD_ROWS = 40  # the table's header is looked for in the first 30 rows (layout.find_layout)


class SheetRows:
    """A sheet's rows from A1, as lists of cell values, made one at a time as they are iterated
    (once), so that a ledger of a million rows is never a million Python lists. The first HEAD_ROWS
    rows are kept for finding the header: `rows[i]` and `rows[:n]` read only those. len() is the
    sheet's height (as the file states it, for progress, when the sheet is longer than the head)."""

    def __init__(self, rows, height: int):
        self._rows = iter(rows)
        self.head = [row for _, row in zip(range(HEAD_ROWS), self._rows, strict=False)]
        self.height = len(self.head) if len(self.head) < HEAD_ROWS else max(height, HEAD_ROWS)
        self._used = False

    def __len__(self) -> int:
        return self.height

    def __getitem__(self, index):
        return self.head[index]

    def __iter__(self):
        if self._used:
            raise RuntimeError("a sheet's rows are read once")
        self._used = True
        yield from self.head
        yield from self._rows


def check_extent(sheet: str, rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.rows:
        raise FileRefused(
            f"工作表“{sheet}”有{rows}行，超过导入上限{limits.rows}行"
            "（可能有远处的空白单元格被设置过格式），请删除多余的行后另存再导入"
        )
    if columns > limits.columns:
        raise FileRefused(
            f"工作表“{sheet}”有{columns}列，超过导入上限{limits.columns}列"
            "（可能有远处的空白单元格被设置过格式），请删除多余的列后另存再导入"
        )
    if rows * columns > limits.cells:
        raise FileRefused(too_many_cells(limits))


def too_many_cells(limits: Limits) -> str:
    return f"表格的单元格总数（行数×列数）超过导入上限{limits.cells}个，请删除无关的工作表或拆分后再导入"


def measure_zip(data: bytes, limits: Limits, *, sheets: bool = True) -> str:
    """Refuse macros, zip bombs and sheets whose cells span more than the limits, before parsing;
    "xlsx" or "ods". With sheets=False the sheets' extents are left to the reader that streams them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise FileRefused(UNREADABLE) from err
    names = {i.filename for i in infos}
    if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in content_types(archive):
        raise FileRefused("文件含有宏（.xlsm），为安全起见不导入，请另存为不含宏的.xlsx后再导入")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.uncompressed:
        raise FileRefused(
            f"文件解压后达{megabytes(total)}，超过导入上限{megabytes(limits.uncompressed)}，请删去无关的内容后再导入"
        )
    if total > 10 * 1024 * 1024 and total > limits.ratio * max(packed, 1):
        raise FileRefused(
            f"文件压缩比异常（{megabytes(len(data))}的文件解压后达{megabytes(total)}），可能是恶意构造的文件，不予导入"
        )
    deadline = time.monotonic() + limits.seconds
    if "xl/workbook.xml" in names and not sheets:
        return "xlsx"
    if "content.xml" in names and not sheets:
        return "ods"
    if "xl/workbook.xml" in names:
        parts = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
        titles = sheet_titles(archive)
        cells = 0
        for n in parts:
            rows, columns = measure_xlsx_sheet(archive, n, limits, deadline)
            check_extent(titles.get(n, n.rsplit("/", 1)[-1][:-4]), rows, columns, limits)
            cells += rows * columns
            if cells > limits.cells:
                raise FileRefused(too_many_cells(limits))
        return "xlsx"
    if "content.xml" in names:
        measure_ods(archive, limits, deadline)
        return "ods"
    raise FileRefused(
        "文件不是Excel或ODS表格（.xlsx、.xls、.ods），可能只是改了扩展名，请用Excel另存后再导入"
    )


def sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name as the user sees it, for messages."""
    from xml.etree.ElementTree import fromstring

    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        targets = {
            r.get("Id"): "xl/" + r.get("Target", "").lstrip("/").removeprefix("xl/")
            for r in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        book = fromstring(archive.read("xl/workbook.xml"))
        return {targets.get(s.get(rel), ""): s.get("name", "") for s in book.iter(MAIN + "sheet")}
    except (KeyError, ParseError):
        return {}


def content_types(archive: zipfile.ZipFile) -> str:
    try:
        with archive.open("[Content_Types].xml") as f:
            return f.read(1024 * 1024).decode("utf-8", "replace")
    except KeyError:
        return ""


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def pull(archive: zipfile.ZipFile, member: str, events, limits: Limits, deadline: float):
    """(event, element) from one part of the archive, read in chunks, within the time limit."""
    parser = XMLPullParser(events)
    with archive.open(member) as f:
        while chunk := f.read(1024 * 1024):
            parser.feed(chunk)
            yield from parser.read_events()
            if time.monotonic() > deadline:
                raise FileRefused(
                    f"检查文件用时超过{limits.seconds:.0f}秒，文件过大或过于复杂，请拆分后再导入"
                )
    parser.close()
    yield from parser.read_events()


def measure_xlsx_sheet(archive, member: str, limits: Limits, deadline: float) -> tuple[int, int]:
    """The rows and columns a sheet's cells span, as calamine will see them (cells with a value)."""
    row = max_row = max_col = 0
    col = 0
    has_value = False
    try:
        for event, el in pull(archive, member, ("start", "end"), limits, deadline):
            tag = el.tag
            if event == "start":
                if tag == MAIN + "row":
                    r = el.get("r")
                    row = int(r) if r and r.isdigit() else row + 1
                    col = 0
                    if row > limits.rows:
                        return row, 0
                elif tag == MAIN + "c":
                    ref = CELL_REF.match(el.get("r") or "")
                    col = column_number(ref.group(1)) if ref else col + 1
                    if ref:
                        row = int(ref.group(2))
                    has_value = False
                elif tag in (MAIN + "v", MAIN + "is", MAIN + "f"):
                    has_value = True
                continue
            if tag == MAIN + "c":
                if has_value or el.get("t") == "inlineStr":
                    max_row, max_col = max(max_row, row), max(max_col, col)
                    if max_row > limits.rows or max_col > limits.columns:
                        return max_row, max_col
                el.clear()
            elif tag == MAIN + "row":
                el.clear()
    except ParseError as err:
        raise FileRefused("文件已损坏或不是可读取的表格，请用Excel打开后另存为.xlsx再导入") from err
    return max_row, max_col


def measure_ods(archive, limits: Limits, deadline: float) -> None:
    """ODS repeats rows and cells by attribute ("number-rows-repeated"): count what they expand to."""
    sheet, row, col, max_row, max_col, cells = "", 0, 0, 0, 0, 0
    row_repeat = 1
    try:
        for event, el in pull(archive, "content.xml", ("start", "end"), limits, deadline):
            tag = el.tag
            if event == "start":
                if tag == TABLE + "table":
                    sheet, row, max_row, max_col = el.get(TABLE + "name", ""), 0, 0, 0
                elif tag == TABLE + "table-row":
                    row_repeat = int(el.get(TABLE + "number-rows-repeated", "1") or 1)
                    col = 0
                continue
            if tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                repeat = int(el.get(TABLE + "number-columns-repeated", "1") or 1)
                col += repeat
                if el.get(OFFICE + "value-type") or len(el):
                    max_col = max(max_col, col)
                    max_row = max(max_row, row + row_repeat)
                el.clear()
            elif tag == TABLE + "table-row":
                row += row_repeat
                el.clear()
            elif tag == TABLE + "table":
                check_extent(sheet, max_row, max_col, limits)
                cells += max_row * max_col
                if cells > limits.cells:
                    raise FileRefused(too_many_cells(limits))
            if max_row > limits.rows or max_col > limits.columns:
                check_extent(sheet, max_row, max_col, limits)
    except (ParseError, ValueError) as err:
        if isinstance(err, FileRefused):
            raise
        raise FileRefused("文件已损坏或不是可读取的表格，请另存为.xlsx再导入") from err

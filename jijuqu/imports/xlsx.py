"""Reading an .xlsx sheet row by row from the zipped XML, without building the sheet in memory.

calamine reads a whole sheet into one grid before the first row can be used: a ledger of a million
rows took 1.1 GB for the grid alone. Here the sheet's XML is decompressed in chunks and its rows are
cut out with regular expressions (the XML of a worksheet is regular: rows of cells, each with a
value, a shared-string index or an inline string), so memory holds one chunk, the shared strings
and the rows the caller keeps. Values are those calamine gives (tests compare the two): numbers as
float, dates by the cell's number format as date, datetime, time or timedelta, booleans, text with
XML entities and _xHHHH_ escapes undone, '' for an empty cell.

Limits are checked as the rows pass (a row beyond the last allowed is refused when it is met), so a
sparse sheet costs nothing: no grid is ever made.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import re
import zipfile
from xml.etree.ElementTree import ParseError, fromstring

from .reader import MAIN, FileRefused, Limits, check_extent, column_number, too_many_cells

REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CHUNK = 1 << 20

# A cell as Excel and openpyxl write most (r, s, t; a value or an inline string) first, then any
# cell, then a row.
TOKEN = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?>(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)</c>'
    r"|<row\b([^>]*)>|<c\b([^>]*?)(?:/>|>(.*?)</c>)",
    re.S,
)
ROW_R = re.compile(r'\br="(\d+)"')
CELL_R = re.compile(r'\br="([A-Z]{1,3})(\d+)"')
CELL_T = re.compile(r'\bt="(\w+)"')
CELL_S = re.compile(r'\bs="(\d+)"')
VALUE = re.compile(r"<v>([^<]*)</v>")
TEXT = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")
PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
SI = re.compile(r"<si>(.*?)</si>|<si/>", re.S)
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
DIMENSION = re.compile(r'<dimension\s+ref="[A-Z]*\$?(\d*):?[A-Z]*\$?(\d*)"')
BUILTIN_DATES = {*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)}
BUILTIN_DURATIONS = {46}
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


CHARREF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")
MARKUP = {"<", ">", "&", '"', "'"}
_chars: dict[str, str] = {}


def charref(m: re.Match) -> str:
    ref = m.group(1)
    char = _chars.get(ref)
    if char is None:
        code = int(ref[1:], 16) if ref[0] == "x" else int(ref)
        char = chr(code) if 0 < code < 0x110000 else "\ufffd"
        _chars[ref] = char = m.group(0) if char in MARKUP else char
    return char


def decode(s: str) -> str:
    """A value as written in the XML to its text: character references (openpyxl writes every Chinese
    character as one), entities and _xHHHH_ escapes."""
    if "&#" in s:
        s = CHARREF.sub(charref, s)
    return unescape(s) if "&" in s or "_x" in s else s


def unescape(s: str) -> str:
    if "&" in s:
        s = html.unescape(s)
    if "_x" in s:
        s = ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return s


def chunks(archive: zipfile.ZipFile, member: str):
    """The part's text in pieces of about CHUNK characters."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    with archive.open(member) as f:
        while block := f.read(CHUNK):
            yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def pieces(archive: zipfile.ZipFile, member: str, start: str, end: str | None = None):
    """The part's text cut before each last `start` tag of a chunk, so no element is split, up to
    `end`."""
    rest = ""
    for piece in chunks(archive, member):
        text = rest + piece
        if end is not None and (stop := text.find(end)) >= 0:
            yield text[:stop]
            return
        cut = text.rfind(start)
        if cut <= 0:
            rest = text
            continue
        yield text[:cut]
        rest = text[cut:]
    yield rest


def shared_strings(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    strings: list[str] = []
    for body in pieces(archive, "xl/sharedStrings.xml", "<si"):
        for m in SI.finditer(body):
            inner = m.group(1)
            if not inner:
                strings.append("")
                continue
            if "<rPh" in inner:
                inner = PHONETIC.sub("", inner)
            parts = TEXT.findall(inner)
            strings.append(unescape(parts[0] if len(parts) == 1 else "".join(parts)))
    return strings


def format_kinds(archive: zipfile.ZipFile, names: set[str]) -> list[str | None]:
    """Per cell style (the s attribute): "date", "duration" or None, from its number format."""
    if "xl/styles.xml" not in names:
        return []
    try:
        root = fromstring(archive.read("xl/styles.xml"))
    except ParseError:
        return []
    custom = {}
    for fmt in root.iter(MAIN + "numFmt"):
        custom[int(fmt.get("numFmtId", "0"))] = kind_of_code(fmt.get("formatCode", ""))
    kinds = []
    xfs = root.find(MAIN + "cellXfs")
    for xf in xfs if xfs is not None else ():
        number = int(xf.get("numFmtId", "0") or 0)
        if number in custom:
            kinds.append(custom[number])
        elif number in BUILTIN_DATES:
            kinds.append("date")
        elif number in BUILTIN_DURATIONS:
            kinds.append("duration")
        else:
            kinds.append(None)
    return kinds


def kind_of_code(code: str) -> str | None:
    """A format code's kind: [h]:mm is a duration; one with d, m, y, h or s outside quotes, escapes
    and brackets is a date."""
    if re.search(r"\[(h+|m+|s+)\]", code, re.I):
        return "duration"
    plain = re.sub(r'"[^"]*"|\\.|_.|\[[^\]]*\]', "", code.split(";")[0])
    return "date" if re.search(r"[dmyhs]", plain, re.I) and plain.lower() != "general" else None


def to_date(value: float, kind: str, epoch: dt.datetime):
    if kind == "duration":
        return dt.timedelta(days=value)
    if value < 1 and epoch is EPOCH_1900:
        moment = EPOCH_1900 + dt.timedelta(days=value)
        return moment.time()
    moment = epoch + dt.timedelta(days=value)
    return moment.date() if value == int(value) else moment


def sheets(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool]:
    """[(sheet name, worksheet part)] in the workbook's order, and whether dates count from 1904."""
    try:
        targets = {
            r.get("Id"): "xl/" + r.get("Target", "").lstrip("/").removeprefix("xl/")
            for r in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        book = fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ParseError) as err:
        raise FileRefused("文件已损坏或不是可读取的表格，请用Excel打开后另存为.xlsx再导入") from err
    pr = book.find(MAIN + "workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    names = set(archive.namelist())
    found = []
    for s in book.iter(MAIN + "sheet"):
        part = targets.get(s.get(REL), "")
        if part in names and part.startswith("xl/worksheets/"):
            found.append((s.get("name", ""), part))
    return found, date1904


class Book:
    """The parts every sheet needs: shared strings, number formats, the date system."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits):
        names = set(archive.namelist())
        self.archive, self.limits = archive, limits
        self.sheets, date1904 = sheets(archive)
        self.epoch = EPOCH_1904 if date1904 else EPOCH_1900
        self.strings = shared_strings(archive, names)
        self.kinds = format_kinds(archive, names)
        self.cells = 0  # rows × columns of the sheets read so far, against limits.cells


def dimension_rows(archive: zipfile.ZipFile, part: str) -> int:
    """The rows a sheet says it has (for progress only: a file may lie)."""
    with archive.open(part) as f:
        m = DIMENSION.search(f.read(4096).decode("utf-8", "replace"))
    return int(m.group(2) or m.group(1) or 0) if m else 0


def rows(book: Book, name: str, part: str):
    """The sheet's rows from A1 to its last row with a value, as lists of values ('' when empty),
    each as wide as the widest row so far."""
    limits, strings, kinds, epoch = book.limits, book.strings, book.kinds, book.epoch
    letters: dict[str, int] = {}
    width = 0
    row: list = []
    number = 0  # the current row's number (1-based); 0 before the first
    emitted = 0  # rows yielded so far
    # Some writers (openpyxl) spell every Chinese character as &#NNNNN;. References are undone value by
    # value, not over the whole XML: a ledger repeats its texts (建设性质, 建设单位 …), and each text
    # is decoded once (`texts`, emptied when large). A reference never makes markup (charref keeps
    # those of < > & " ' as written), so the cells are cut out of the XML as it is.
    texts: dict[str, str] = {}
    for body in pieces(book.archive, part, "<row", "</sheetData>"):
        for m in TOKEN.finditer(body):
            ref_col, ref_row, style, t, raw, inline, row_attrs, cell_attrs, inner = m.groups()
            if ref_col is None and "&#" in m.group(0):  # a reference in a tag: read as undone
                if row_attrs is not None:
                    row_attrs = CHARREF.sub(charref, row_attrs)
                if cell_attrs is not None:
                    cell_attrs = CHARREF.sub(charref, cell_attrs)
                if inner is not None:
                    inner = CHARREF.sub(charref, inner)
            if ref_col is not None:  # the common cell, read from its groups
                col = letters.get(ref_col)
                if col is None:
                    col = letters[ref_col] = column_number(ref_col) - 1
                new = int(ref_row)
            elif cell_attrs is None:
                r = ROW_R.search(row_attrs)
                new = int(r.group(1)) if r else number + 1
            else:
                ref = CELL_R.search(cell_attrs)
                if ref:
                    col = letters.get(ref.group(1))
                    if col is None:
                        col = letters[ref.group(1)] = column_number(ref.group(1)) - 1
                    new = int(ref.group(2))
                else:
                    col, new = len(row), number
            if new != number:
                if row:
                    # The rows between the last one given and this one are empty.
                    yield from ([""] * width for _ in range(number - 1 - emitted))
                    if len(row) < width:
                        row += [""] * (width - len(row))
                    yield row
                    emitted = number
                row, number = [], new
                if ref_col is None and cell_attrs is None:
                    continue
            if ref_col is None:
                if not inner:
                    continue
                t = CELL_T.search(cell_attrs)
                t = t.group(1) if t else None
                style = CELL_S.search(cell_attrs)
                style = style.group(1) if style else None
                if t == "inlineStr":
                    raw, inline = None, "".join(TEXT.findall(PHONETIC.sub("", inner)))
                else:
                    v = VALUE.search(inner)
                    if v is None:
                        continue
                    raw = v.group(1)
            if raw is not None and "&#" in raw:
                raw = CHARREF.sub(charref, raw)
            if inline is not None:
                if "&" in inline or "_x" in inline:
                    value = texts.get(inline)
                    if value is None:
                        if len(texts) >= 100_000:
                            texts.clear()
                        value = texts[inline] = decode(inline)
                else:
                    value = inline
            elif t is None or t == "n":
                if raw == "":
                    continue
                value = float(raw)
                if style is not None and kinds:
                    index = int(style)
                    kind = kinds[index] if index < len(kinds) else None
                    if kind is not None:
                        value = to_date(value, kind, epoch)
            elif t == "s":
                value = strings[int(raw)]
            elif t == "b":
                value = raw.strip() in ("1", "true")
            elif t == "e":  # an error such as #DIV/0!: empty, as calamine gives it
                continue
            else:  # "str" (a formula's text), "d" (an ISO date, as text)
                value = unescape(raw)
            if number > limits.rows or col >= limits.columns:
                check_extent(name, number, col + 1, limits)
            if col >= len(row):
                row += [""] * (col + 1 - len(row))
                if len(row) > width:
                    width = len(row)
            row[col] = value
            if book.cells + number * width > limits.cells:
                raise FileRefused(too_many_cells(limits))
    if row:
        yield from ([""] * width for _ in range(number - 1 - emitted))
        yield row + [""] * (width - len(row))
        emitted = number
    book.cells += emitted * width

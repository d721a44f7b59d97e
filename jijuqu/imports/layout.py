"""Finding the table in a sheet as offices lay it out: title rows, a one- or two-row header (a
merged parent such as 建设年限 over 开工时间/竣工时间), a unit note, section rows (一、沁阳市（10个）),
合计/小计 rows, blank spacer rows and notes below the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .values import UNITS, text

UNIT_RE = re.compile(r"(?:金额)?单位[:：]\s*(亿元|万元|千元|元)")
HEADER_UNIT_RE = re.compile(r"[（(]\s*(亿元|万元|千元|元)\s*[)）]")
SECTION_RE = re.compile(r"^\s*([一二三四五六七八九十百]+|\d+|[IVX]+)\s*[、.．]\s*(.+?)\s*$")
COUNT_RE = re.compile(r"[（(]\s*\d+\s*个?\s*[)）]\s*$")
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
NOTE_STARTS = ("注", "备注", "说明", "填表", "制表", "审核", "报送", "联系人")


def normalize(header: str) -> str:
    """Header text for matching: no spaces or line breaks, half-width brackets, no unit."""
    s = re.sub(r"\s+", "", header).replace("（", "(").replace("）", ")")
    return re.sub(r"\((亿元|万元|千元|元|%|％)\)", "", s)


@dataclass
class Column:
    index: int
    header: str  # as shown, "建设年限/开工时间" for a two-row header
    key: str | None = None  # the field it is mapped to, None = not imported
    unit: Decimal | None = None  # from the header, e.g. 总投资（亿元）

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Layout:
    sheet: str
    header_rows: list[int]  # 0-based
    data_start: int
    columns: list[Column]
    unit: Decimal = UNITS["万元"]
    unit_label: str = "万元"
    title: str = ""
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (0-based row, reason) above the table


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def find_layout(sheet: str, rows: list[list], match) -> Layout | None:
    """`match(normalized_header) -> key | None` says which headers the import knows.

    The header row is the row among the first 30 with most known headers (at least two); a row
    right under it with known headers in columns the first leaves empty, or under a parent cell,
    makes a two-row header.
    """
    best, best_count = None, 1
    for i, row in enumerate(rows[:30]):
        count = sum(1 for v in row if isinstance(v, str) and v.strip() and match(normalize(v)))
        if count > best_count:
            best, best_count = i, count
    if best is None:
        return None
    top = [text(v) for v in rows[best]]
    width = max(len(top), max((len(r) for r in rows[best : best + 2]), default=0))
    top += [""] * (width - len(top))
    below = [text(v) for v in rows[best + 1]] + [""] * width if best + 1 < len(rows) else [""] * width
    two_rows = is_subheader(top, below[:width], match)
    columns = []
    parent = ""
    for c in range(width):
        if top[c]:
            parent = top[c]
        header = top[c]
        if two_rows and below[c]:
            # Under a merged parent (建设年限 over 开工时间/竣工时间) the header is "parent/sub".
            header = f"{parent}/{below[c]}" if parent and parent != below[c] else below[c]
        if not header:
            continue
        unit_match = HEADER_UNIT_RE.search(header)
        columns.append(Column(c, header, unit=UNITS[unit_match.group(1)] if unit_match else None))
    header_rows = [best, best + 1] if two_rows else [best]
    layout = Layout(sheet, header_rows, header_rows[-1] + 1, columns)
    for i in range(best):
        line = " ".join(text(v) for v in rows[i] if text(v))
        if not line:
            continue
        unit = UNIT_RE.search(line)
        if unit:
            layout.unit, layout.unit_label = UNITS[unit.group(1)], unit.group(1)
        elif not layout.title:
            layout.title = line
        layout.skipped.append((i, "单位行" if unit else "标题行"))
    for v in top:
        unit = UNIT_RE.search(v)
        if unit:
            layout.unit, layout.unit_label = UNITS[unit.group(1)], unit.group(1)
    return layout


def is_subheader(top: list[str], below: list[str], match) -> bool:
    """The row under the header is a second header row if it holds only short texts, at least one
    a known header or under an empty top cell (the rest of a merged parent), and no numbers."""
    cells = [v for v in below if v]
    if not cells or any(looks_numeric(v) for v in cells):
        return False
    under_gap = any(v and not top[i] for i, v in enumerate(below) if i < len(top))
    known = any(match(normalize(v)) for v in cells)
    return under_gap or (known and len(cells) <= len([t for t in top if t]))


NUMERIC_RE = re.compile(r"[-+]?[\d,，.]+%?")


def looks_numeric(v: str) -> bool:
    return NUMERIC_RE.fullmatch(v) is not None


def classify(row: list, columns: list[Column]) -> tuple[str, str]:
    """('blank'|'note'|'total'|'section'|'data', label) for a row below the header."""
    # The first four filled cells tell every kind (and whether there are more than two): a data row's
    # other cells are not read as text here (a ledger's every row passes).
    filled = []
    for i, value in enumerate(row):
        if value.__class__ is str:  # text() inlined for the common cell: '' or a string
            if not value or not (v := value.strip()):
                continue
        elif value is None or not (v := text(value)):
            continue
        filled.append((i, v))
        if len(filled) == 4:
            break
    if not filled:
        return "blank", ""
    first_i, first = filled[0]
    head = "".join(v for _, v in filled[:4]).replace(" ", "")
    if head.startswith(TOTAL_WORDS) or any(v.replace(" ", "") in TOTAL_WORDS for _, v in filled[:3]):
        return "total", "小计" if "小计" in head else "合计"
    if len(filled) <= 2 and first.startswith(NOTE_STARTS):
        numeric = [v for i, v in filled if looks_numeric(v) or isinstance(row[i], (int, float))]
        if not numeric[1:]:
            return "note", first
    if len(filled) == 1 and not looks_numeric(first) and (SECTION_RE.match(first) or COUNT_RE.search(first)):
        return "section", section_name(first)
    if len(filled) == 1 and not looks_numeric(first) and first_i == 0 and len(first) > 40:
        return "note", first
    return "data", ""


def section_name(label: str) -> str:
    """ "一、沁阳市（10个）" → "沁阳市"."""
    m = SECTION_RE.match(label)
    name = m.group(2) if m else label
    return COUNT_RE.sub("", name).strip()

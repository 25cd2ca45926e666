"""The table model: every table of a document as one structure, whatever its source.

After normalization a table reaches us as tab-separated rows (a Markdown table,
one flattened one cell per line, pdftotext columns, a Word or HTML table, OCR
rows); plain-text documents may still hold a table flattened one cell per line
or printed one row per line (``pipeline.tables`` finds those). Each becomes a
:class:`Table`:

- ``header_rows``: the rows above the first row of data. A header of two or
  three rows (``Năm hiện hành 2025`` over ``Kế hoạch | Ước thực hiện``, or
  ``Kế hoạch 2026`` over ``Lượng (Tấn) | Giá trị (Nghìn USD)``) is read into
  one ``path`` per column (:func:`column_paths`): a cell that spans columns
  stands over the cells of the row below it. A row that only numbers the
  columns (``1 | 2 | 3 ...``) is part of the header.
- ``columns``: per column its ``path``, its ``year`` (``Năm 2026``), the unit
  its header prints (``(triệu đồng)``, ``(Tấn)``) and its ``role``, decided from
  the header words and then from the column's own values
  (:func:`column_role`): ``label`` (the row number), ``name``, ``unit`` (an ĐVT
  column), ``amount`` (money: ``Thành tiền``, ``Kinh phí``, ``Tổng``, a year
  column of a money table), ``price``, ``quantity``, ``year`` (a plan year),
  ``current`` (an estimate of the current year: ``Ước thực hiện``),
  ``percent``, ``date``, ``lead``, ``partner``, ``source``, ``note``, ``other``.
- ``unit``: the money unit, from the caption or the line above
  (``Đơn vị tính: triệu đồng``, ``ĐVT: Tỷ đồng``), a header cell, or the
  columns' own units.
- ``kind`` (:func:`table_kind`): ``budget`` when the table names money (a money
  unit, or a money column header: ``Kinh phí``, ``Thành tiền``, ``Dự toán``,
  ``Vốn``) AND the rows carry numbers in a money column; ``indicators`` when it
  has year columns or an ĐVT column and numbers but no money; ``tasks`` when it
  assigns work (lead, partner, time columns) without amounts; ``other``.
  Only a ``budget`` table gives budget items; the others are kept so a user
  sees them.

Cells keep their working-text offsets, so every value read from a table maps
back to the original text. ``Table.frame()`` is the table as a pandas
DataFrame of cell texts, one column per header path.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import regex

from . import grid, money
from .ingest.plausible import known_syllables
from .tables import (HEADER_START, ROW_BULLETS, ROW_LABEL, TOTAL_NAME, Cell, RawTable, find_caption_unit,
                     find_flat_tables, find_line_tables, lines_with_offsets)

# -- finding the tab-separated tables -------------------------------------------------

# A table row: a line with at least one tab between two cells.
TAB_LINE = regex.compile(r"(?m)^[^\n]*\t[^\n]*$")
# How far above a table its caption (title, unit line) may stand, and in how
# many lines its unit may be named.
CAPTION_CHARS = 500
CAPTION_LINES = 4

# -- header cells -----------------------------------------------------------------------

# A year in a header: "Năm 2026", "Kế hoạch 2027", "2028".
YEAR = regex.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)(?![\d/-])")
# A span of years in a group header: "GIAI ĐOẠN 2026 - 2030", "2021-2025".
YEAR_SPAN = regex.compile(r"(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d")
# The unit a header cell prints in parentheses: "(triệu đồng)", "(Tấn)", "(Nghìn USD)", "(đồng)".
HEADER_UNIT = regex.compile(r"\((?P<unit>[^()]{1,30})\)")
# A row that numbers the columns: "1 | 2 | 3 | 4", "(1) | (2) | (3)", "A | B | 1 | 2".
NUMBERING_CELL = regex.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?$")

# Header words per role, tried in order; the first match wins. Matched on the
# column's deepest header cell first, then on the cells above it.
ROLE_WORDS: list[tuple[str, "regex.Pattern[str]"]] = [
    # "STT", "TT", "Số TT" (tables.HEADER_START)
    ("label", HEADER_START),
    # "ĐVT", "Đơn vị tính", "Đơn vị" (alone: a unit, not "Đơn vị chủ trì"); OCR reads "ĐVT" as "ĐVI"
    ("unit", regex.compile(r"^(?:ĐV[TI]|Đơn\s*vị\s*tính|Đơn\s*vị)\s*$", regex.I)),
    # "Đơn giá (đồng)", "Đơn giá"
    ("price", regex.compile(r"^đơn\s*giá", regex.I)),
    # "Số lượng (mẫu)", "Khối lượng"
    ("quantity", regex.compile(r"^(?:số\s*lượng|khối\s*lượng)", regex.I)),
    # "Ước thực hiện", "ƯTH Năm 2025", "Thực hiện năm 2025", "Ước TH"; OCR reads "ƯTH" as "ỦTH", "UTH"
    ("current", regex.compile(r"ước\s*(?:thực\s*hiện|TH)|^[ƯỦU]TH\b|^thực\s*hiện\s*(?:năm\s*)?(?:19|20)\d\d|^TH\s", regex.I)),
    # "Tỷ lệ (%)", "%"
    ("percent", regex.compile(r"^tỷ\s*lệ|^%$|\(%\)", regex.I)),
    # "Đơn vị chủ trì", "Cơ quan chủ trì"
    ("lead", regex.compile(r"chủ\s*trì", regex.I)),
    # "Đơn vị phối hợp"
    ("partner", regex.compile(r"phối\s*hợp", regex.I)),
    # "Nguồn vốn", "Nguồn kinh phí"
    ("source", regex.compile(r"^nguồn", regex.I)),
    # "Thời gian thực hiện", "Tiến độ", "Thời hạn hoàn thành"
    ("date", regex.compile(r"^(?:thời\s*gian|tiến\s*độ|thời\s*hạn|năm\s+thực\s+hiện)", regex.I)),
    # "Ghi chú"
    ("note", regex.compile(r"^ghi\s*chú", regex.I)),
    # "Thành tiền (đồng)", "Tổng kinh phí", "Kinh phí", "Dự toán", "Tổng mức đầu tư", "Vốn", "Số tiền"
    ("amount", regex.compile(r"^(?:thành\s*tiền|t[ổô]ng|kinh\s*phí|dự\s*toán|vốn|số\s*tiền|giá\s*trị)", regex.I)),
    # "Nội dung", "Danh mục", "Tên dự án", "Hạng mục", "Chỉ tiêu", "Sản phẩm", "Nhiệm vụ"
    ("name", regex.compile(r"nội\s*dung|danh\s*mục|^tên|hạng\s*mục|chỉ\s*tiêu|sản\s*phẩm|nhiệm\s*vụ|dự\s*án"
                           r"|công\s*trình|mặt\s*hàng|lĩnh\s*vực|hoạt\s*động|địa\s*(?:điểm|bàn)|^vị\s*trí", regex.I)),
]

# Words in a header or caption that name money.
MONEY_WORDS = regex.compile(r"kinh\s*phí|thành\s*tiền|dự\s*toán|ngân\s*sách|\bvốn\b|đồng\b|\bVNĐ\b|đơn\s*giá",
                            regex.I)


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]             # header cells from the top row down
    role: str = "other"
    year: int | None = None
    unit: str | None = None           # the unit the header prints: "triệu đồng", "Tấn"

    @property
    def text(self) -> str:
        return " / ".join(p for p in self.path if p)

    @property
    def own(self) -> str:
        """The column's deepest header cell (its own name)."""
        return next((p for p in reversed(self.path) if p), "")


@dataclass
class Table:
    start: int                        # working offsets, header to last row
    end: int
    layout: str                       # "tab", "flat", "line"
    header_rows: list[list[Cell]]
    columns: list[Column]
    rows: list[list[Cell | None]]     # body rows, one cell (or None) per column
    caption: str = ""
    unit: tuple[int, str] | None = None          # money multiplier and its text
    unit_span: tuple[int, int] | None = None
    kind: str = "other"
    extra: dict = field(default_factory=dict)

    def column_of(self, role: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.role == role), None)

    def columns_of(self, role: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == role]

    def frame(self) -> pd.DataFrame:
        """The body as a DataFrame of cell texts, one column per header path."""
        names = [c.text or f"column {i + 1}" for i, c in enumerate(self.columns)]
        names = [n if names.count(n) == 1 else f"{n} ({i + 1})" for i, n in enumerate(names)]
        return pd.DataFrame([[c.text if c is not None else "" for c in row] for row in self.rows],
                            columns=names, dtype=object)

    def to_raw(self) -> RawTable:
        """The table in the shape the budget reader reads: one header cell per column."""
        header = [Cell(c.text, self.start, self.start) for c in self.columns]
        return RawTable(self.layout, header, [list(r) for r in self.rows], self.start, self.end,
                        self.unit, self.unit_span, self.caption)


# -- cells and rows -------------------------------------------------------------------------

def split_cells(text: str, start: int, end: int) -> list[Cell]:
    """The tab-separated cells of one line, stripped, with their offsets."""
    cells, pos = [], start
    for part in text[start:end].split("\t"):
        stripped = part.strip(" |*")
        lead = len(part) - len(part.lstrip(" |*"))
        cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return cells


def is_number(text: str) -> bool:
    return bool(money.readings(text))


def has_label_column(rows: list[list[Cell]], width: int) -> bool:
    """Most rows printed at full width start with a row number or a bullet."""
    full = [r for r in rows if len(r) >= width and r[0] is not None]
    return bool(full) and sum(1 for r in full if is_row_label(r[0].text)) >= LABEL_COLUMN_SHARE * len(full)


# The share of full rows that start with a row number in a table numbered by rows.
LABEL_COLUMN_SHARE = 0.6
# Two known syllables of two letters or more: a name, never a row number however misread.
NAME_SYLLABLES = 2


def is_row_label(text: str) -> bool:
    text = text.strip()
    return bool(ROW_LABEL.match(text)) or text in ROW_BULLETS


def starts_with_a_name(cells: list[Cell]) -> bool:
    """A row of a numbered table whose first cell is a name: OCR lost its number."""
    first = cells[0].text
    known = known_syllables()
    return not is_row_label(first) and sum(
        1 for w in regex.findall(r"\p{L}{2,}", first) if w.lower() in known) >= NAME_SYLLABLES


def align_short_row(cells: list[Cell], width: int, numeric: frozenset[int] = frozenset(),
                    label_column: bool = False) -> list[Cell | None]:
    """A row with fewer cells than the table has columns: its name spans columns.

    The row number and the name keep the first two places and the other cells
    the last ones (``I | Hạ tầng ... | 1.250.000.000 |`` under ten columns puts
    the amount in the amount column); a single cell is the name of a group row.
    In a ``label_column`` table, a row starting with a name lost its number cell.
    A row that lost its last cells too (``1 | Tập huấn | Lớp | 2 | 400.000 |
    800.000`` without its note) is moved left by as many cells as puts more of
    its numbers under the ``numeric`` columns (those numbers fill in the full
    rows), at most ``MAX_TRAILING_MISSING``; a row that lost only its last
    cells is then read from the left.
    """
    if len(cells) >= width:
        return list(cells[:width])
    if TOTAL_NAME.match(cells[0].text) or (label_column and starts_with_a_name(cells)):
        cells = [Cell("", cells[0].start, cells[0].start), *cells]      # a row printed without its number
        if len(cells) >= width:
            return list(cells[:width])
    if len(cells) == 1:
        return [Cell("", cells[0].start, cells[0].start), cells[0]] + [None] * (width - 2)
    if is_group_row(cells):                     # "I | | NÔNG NGHIỆP": the name in the name column
        names = [c for c in cells[1:] if c.text]
        return [cells[0], *names[:width - 1]] + [None] * (width - 1 - len(names[:width - 1]))
    missing = width - len(cells)
    placings = [cells[:2] + [None] * (missing - lost) + cells[2:] + [None] * lost
                for lost in range(min(missing, MAX_TRAILING_MISSING) + 1)]
    return max(placings, key=lambda row: numbers_placed(row, numeric))    # the first of the best


# Trailing cells a full row may have lost (empty notes dropped by a converter).
MAX_TRAILING_MISSING = 2


def numbers_placed(row: list[Cell | None], numeric: frozenset[int]) -> int:
    return sum(1 for i, c in enumerate(row) if c is not None and c.text and is_number(c.text) and i in numeric)


def numeric_columns(rows: list[list[Cell]], width: int) -> frozenset[int]:
    """Columns whose cells are mostly numbers in the rows printed at full width."""
    full = [r for r in rows if len(r) >= width]
    out = set()
    for i in range(width):
        values = [r[i].text for r in full if r[i] is not None and r[i].text]
        if values and sum(1 for v in values if is_number(v)) >= 0.6 * len(values):
            out.add(i)
    return frozenset(out)


# A cell that only marks "nothing": "-", "- *", "–".
DASH_CELL = regex.compile(r"^[-–—*\s]+$")


def place_amount(row: list[Cell | None], columns: list[Column]) -> list[Cell | None]:
    """A sparse row (a group row spanning columns: a number, a name, one amount)
    whose amount stands outside the table's one amount column gets it moved there."""
    amounts = [i for i, c in enumerate(columns) if c.role == "amount"]
    filled = [i for i, c in enumerate(row) if c is not None and c.text and not DASH_CELL.match(c.text)]
    numbers = [i for i in filled if i >= 2 and is_number(row[i].text)]      # past the number and name
    if len(amounts) != 1 or len(numbers) != 1 or numbers[0] == amounts[0] or len(filled) > 4:
        return row
    if row[amounts[0]] is not None and row[amounts[0]].text and not DASH_CELL.match(row[amounts[0]].text):
        return row
    out = list(row)
    out[amounts[0]], out[numbers[0]] = out[numbers[0]], None
    return out


def is_numbering_row(cells: list[Cell]) -> bool:
    """``1 | 2 | 3 ...`` or ``(1) | (2)``: a row that only numbers the columns.
    Read by OCR, a few of its marks come out wrong (``lí | >4 | 3 | 4 | 5 | Ỷ``):
    it is still one when every cell is a short mark and most are the number of
    their place.

    >>> is_numbering_row([Cell(t, 0, 0) for t in ["1", "2", "3", "4"]])
    True
    >>> is_numbering_row([Cell(t, 0, 0) for t in ["lí", ">4", "3", "4", "5", "6", "Ỷ", "8"]])
    True
    >>> is_numbering_row([Cell(t, 0, 0) for t in ["1", "12", "5", "7"]])
    False
    """
    filled = [c.text for c in cells if c.text]
    if len(filled) < 3 or not all(len(t) <= 4 and " " not in t for t in filled):
        return False
    if all(NUMBERING_CELL.match(t) for t in filled):
        digits = [int(t.strip("()")) for t in filled if t.strip("()").isdigit()]
        if len(digits) >= 3 and digits == list(range(digits[0], digits[0] + len(digits))):
            return True
    in_place = [i for i, t in enumerate(filled) if t.strip("()").isdigit() and int(t.strip("()")) == i + 1]
    return len(in_place) >= 3 and len(in_place) >= 0.6 * len(filled)


def is_group_row(cells: list[Cell]) -> bool:
    """``I | NÔNG NGHIỆP``, ``1 | Lúa``: a row number and a name, no numbers:
    a group of the body (never a header row, which does not start with a row number).

    >>> is_group_row([Cell("I", 0, 1), Cell("", 2, 2), Cell("NÔNG NGHIỆP", 3, 14)])
    True
    >>> is_group_row([Cell("TT", 0, 2), Cell("Chỉ tiêu", 3, 11)]), is_group_row([Cell("2026", 0, 4)])
    (False, False)
    """
    if not cells or not ROW_LABEL.match(cells[0].text.rstrip(".")) or YEAR.fullmatch(cells[0].text):
        return False
    rest = [c.text for c in cells[1:] if c.text]
    return 1 <= len(rest) <= 2 and all(regex.search(r"\p{L}{2}", t) and not is_number(t) for t in rest)


def is_data_row(cells: list[Cell], width: int) -> bool:
    """A row of the body: a row number first, or numbers after the first two cells."""
    if not cells:
        return False
    first = cells[0].text.rstrip(".")
    numbers = sum(1 for c in cells[2:] if c.text and is_number(c.text) and not YEAR.fullmatch(c.text))
    if ROW_LABEL.match(first) or first in ROW_BULLETS:
        return numbers > 0 or len(cells) >= max(2, width - 1)
    if TOTAL_NAME.match(first):                  # "Tổng cộng | 7.000 | 7.800" without its number cell
        return any(c.text and is_number(c.text) for c in cells[1:])
    return numbers >= 2 or (numbers >= 1 and len(cells) >= width)


def is_unnumbered_sum_row(cells: list[Cell]) -> bool:
    """``Cơ sở hạ tầng | 5997``: a name and one amount, the row number lost (OCR
    drops a lone ``I``): a group row, which no header row looks like (a header
    holds names, years and column numbers, never an amount).

    >>> is_unnumbered_sum_row([Cell("Cơ sở hạ tầng", 0, 0), Cell("5997", 0, 0)])
    True
    >>> is_unnumbered_sum_row([Cell("Kinh phí", 0, 0), Cell("2026", 0, 0)])
    False
    """
    filled = [c.text for c in cells if c.text]
    if len(filled) < 2 or not regex.search(r"\p{L}{2}", filled[0]):
        return False
    last = filled[-1]
    return (is_number(last) and not YEAR.fullmatch(last) and sum(ch.isdigit() for ch in last) >= 3
            and not any(is_number(t) for t in filled[1:-1]))


# -- the header -------------------------------------------------------------------------------

def column_paths(header_rows: list[list[Cell]], width: int) -> list[tuple[str, ...]]:
    """One header path per column from a header of one or more rows.

    A spanning cell stands over the cells of the rows below it. Without the
    spans the rows print, the cells are placed the way such headers are drawn:
    the deepest row's cells stand over the last columns (the group region);
    the top row starts with the cells that run down the whole header (``TT``,
    ``Chỉ tiêu``, ``ĐVT``), one column each, and ends with group cells spread
    evenly over the region; a row between them is spread over the region too.
    In a row printed at full width, an empty cell right of a filled one with a
    filled cell under it continues that cell (a colspan written as empty cells).

    >>> def paths(rows, width):
    ...     return column_paths([[Cell(t, 0, 0) for t in r] for r in rows], width)
    >>> paths([["TT", "Chỉ tiêu", "ĐVT", "Giai đoạn 2026-2030"], ["Năm 2026", "Năm 2027"]], 5)[2:]
    [('ĐVT', ''), ('Giai đoạn 2026-2030', 'Năm 2026'), ('Giai đoạn 2026-2030', 'Năm 2027')]
    >>> paths([["TT", "Chỉ tiêu", "Giai đoạn"], ["Năm 2026", "Năm 2027"], ["KH", "ƯTH", "KH", "ƯTH"]], 6)[2:4]
    [('Giai đoạn', 'Năm 2026', 'KH'), ('Giai đoạn', 'Năm 2026', 'ƯTH')]
    >>> paths([["TT", "Sản phẩm", "Năm 2026", ""], ["", "", "Lượng", "Giá trị"]], 4)[3]
    ('Năm 2026', 'Giá trị')
    """
    texts = [[c.text for c in row] for row in header_rows]
    depth = len(texts)
    paths = [[""] * depth for _ in range(width)]
    deepest = texts[-1]
    region = list(range(width)) if len(deepest) >= width else list(range(width - len(deepest), width))
    for r in range(depth - 1, -1, -1):
        row = texts[r]
        if len(row) >= width:
            for i, text in enumerate(row[:width]):
                paths[i][r] = text
            if r < depth - 1:                       # colspans written as empty cells
                for i in range(1, width):
                    if not paths[i][r] and paths[i - 1][r] and paths[i][r + 1]:
                        paths[i][r] = paths[i - 1][r]
            continue
        if r == depth - 1:
            for i, text in zip(region, row):
                paths[i][r] = text
            continue
        groups = row
        if r == 0:
            lead = width - len(region)
            for i, text in enumerate(row[:lead]):
                paths[i][0] = text                  # runs down the whole header
            groups = row[lead:]
        for g, text in enumerate(groups):
            first = g * len(region) // max(1, len(groups))
            last = (g + 1) * len(region) // max(1, len(groups))
            for i in region[first:last]:
                paths[i][r] = text
    return [tuple(p) for p in paths]


def column_role(path: tuple[str, ...]) -> str:
    """The role the header words give a column (``other`` when they say nothing).

    >>> column_role(("Thành tiền (đồng)",)), column_role(("Đơn giá (đồng)",)), column_role(("ĐVT",))
    ('amount', 'price', 'unit')
    >>> column_role(("ƯTH Năm 2025",)), column_role(("Giai đoạn 2026-2030", "Năm 2026"))
    ('current', 'year')
    """
    cells = [p for p in reversed(path) if p]
    for cell in cells:
        clean = regex.sub(r"\s+", " ", cell).strip()
        for role, pattern in ROLE_WORDS:
            if pattern.search(clean):
                if role == "amount" and YEAR.search(clean) and not MONEY_WORDS.search(clean):
                    return "year"        # "Kế hoạch 2026", "Tổng 2026" over its parts
                return role
        if YEAR.search(clean) and not YEAR_SPAN.search(clean):
            return "year"
    return "other"


def column_year(path: tuple[str, ...]) -> int | None:
    """The year a column stands for: its own cell's year, else a single year above it."""
    for cell in reversed(path):
        if cell and not YEAR_SPAN.search(cell):
            years = YEAR.findall(cell)
            if len(years) == 1:
                return int(years[0])
    return None


def header_column(path: tuple[str, ...]) -> Column:
    """A column as its header cells describe it. A year column names one year:
    a header of two years ("2019 2020", a data row read as header) is ``other``.

    >>> header_column(("Năm 2026",)).role, header_column(("2019 2020",)).role
    ('year', 'other')
    """
    role, year = column_role(path), column_year(path)
    if role == "year" and year is None:
        role = "other"
    return Column(path, role, year, column_unit(path))


def column_unit(path: tuple[str, ...]) -> str | None:
    for cell in reversed(path):
        m = HEADER_UNIT.search(cell)
        if m:
            return m.group("unit").strip()
    return None


def refine_roles(columns: list[Column], rows: list[list[Cell | None]]) -> list[Column]:
    """Roles the header leaves open, decided by the column's values: the first
    column of row numbers is the label, the widest text column the name."""
    out = list(columns)
    if out and out[0].role == "other":
        firsts = [r[0].text for r in rows if r and r[0] is not None and r[0].text]
        if firsts and sum(1 for t in firsts if ROW_LABEL.match(t.rstrip(".")) or t in ROW_BULLETS) >= len(firsts) / 2:
            out[0] = Column(out[0].path, "label", out[0].year, out[0].unit)
    if not any(c.role == "name" for c in out):
        text_cols = []
        for i, col in enumerate(out):
            if col.role not in ("other", "label") or i == 0 and col.role == "label":
                continue
            values = [r[i].text for r in rows if i < len(r) and r[i] is not None and r[i].text]
            letters = sum(1 for v in values if regex.search(r"\p{L}{2}", v) and not is_number(v))
            if values and letters >= len(values) / 2:
                text_cols.append((sum(len(v) for v in values), i))
        if text_cols:
            i = max(text_cols)[1]
            out[i] = Column(out[i].path, "name", out[i].year, out[i].unit)
    return out


# A column's own header cell that says no more than years: "", "Năm", "2026",
# "Năm 2026", "Năm Năm 2028 2029" (two wrapped header cells run together).
YEAR_ONLY_CELL = regex.compile(r"^(?:(?:Năm|(?:19|20)\d\d)\s*)*$", regex.I)


def names_another_year(column: Column, span: str) -> bool:
    """Whether a header cell over the column (other than the span) names a year
    that is not the column's: a cell of another column run into its path."""
    return any(int(y) != column.year for cell in column.path if span not in cell for y in YEAR.findall(cell))


def spread_year_span(columns: list[Column], rows: list[list[Cell | None]]) -> list[Column]:
    """Year columns under a span of years whose own header cells were lost.

    A header ``Giai đoạn 2026 - 2030`` stands over one column per year; when
    the row of years under it is broken (wrapped in a narrow column, run
    together by a PDF reader: ``Năm | Năm 2027 | Năm`` over ``2026 | 2028``),
    the last columns of numbers are as many as the span's years and their own
    cells say no more than a year (or are the span's own cell), they are those
    years in order, and their header paths are rewritten as the span over its years.
    """
    span = next((m for c in columns for p in c.path for m in [YEAR_SPAN.search(p)] if m), None)
    if span is None:
        return columns
    first, last = (int(y) for y in regex.findall(r"(?:19|20)\d\d", span.group()))
    count = last - first + 1
    if not 2 <= count <= 10 or count > len(columns):
        return columns
    run = list(range(len(columns) - count, len(columns)))
    if [columns[i].year for i in run] == list(range(first, last + 1)) and not any(
            names_another_year(columns[i], span.group()) for i in run):
        return columns                      # the header already says so
    for i in run:
        col = columns[i]
        values = [r[i].text for r in rows if i < len(r) and r[i] is not None and r[i].text]
        numeric = sum(1 for v in values if is_number(v) or DASH_CELL.match(v))
        if col.role not in ("other", "year") or not (YEAR_ONLY_CELL.match(col.own) or span.group() in col.own) or numeric < max(1, len(values) * 0.8):
            return columns
    out = list(columns)
    for year, i in zip(range(first, last + 1), run):      # the header as it was meant
        out[i] = Column((span.group(), f"Năm {year}"), "year", year, columns[i].unit)
    return out


# -- the unit and the kind ----------------------------------------------------------------

def table_unit(caption_unit, columns: list[Column]) -> tuple[int, str] | None:
    """The table's money unit: the caption's, else the one its money columns print."""
    if caption_unit:
        return caption_unit
    for col in columns:
        if col.role in ("amount", "year") and col.unit and money.unit_multiplier(col.unit):
            return money.unit_multiplier(col.unit), col.unit
    return None


def table_kind(table: Table) -> str:
    """``budget``, ``indicators``, ``tasks`` or ``other`` (see the module docstring)."""
    header_words = " ".join(c.text for c in table.columns)
    money_named = bool(table.unit) or bool(MONEY_WORDS.search(header_words)) or bool(
        MONEY_WORDS.search(table.caption))
    money_cols = table.columns_of("amount") + table.columns_of("year")
    filled = sum(1 for row in table.rows for i in money_cols
                 if i < len(row) and row[i] is not None and is_number(row[i].text))
    unit_col = table.column_of("unit")
    row_units = [row[unit_col].text for row in table.rows
                 if unit_col is not None and row[unit_col] is not None and row[unit_col].text]
    other_units = any(not money.unit_multiplier(u) for u in row_units)
    if money_named and filled and not (other_units and not table.unit):
        return "budget"
    numbers = sum(1 for row in table.rows for c in row[1:] if c is not None and is_number(c.text))
    if (table.columns_of("year") or unit_col is not None or table.columns_of("percent")) and numbers:
        return "indicators"
    if table.columns_of("lead") or table.columns_of("partner") or table.columns_of("date"):
        return "tasks"
    return "other"


# -- building tables ---------------------------------------------------------------------------

# Lines of a cell wrapped one or two words per line ("Sản" / "phẩm" / "chủ" /
# "lực" under a narrow name column) that may stand between two rows of a table.
MAX_WRAPPED_LINES = 8
# In a table printed with spaces, lines of wrapped cells printed under their columns.
MAX_GRID_LINES = 40
WRAPPED_CELL_LINE = regex.compile(r"^\s*\S+(?:\s\S+){0,2}\s*$")


def is_wrapped_cell_line(line: str) -> bool:
    return len(line) <= 30 and WRAPPED_CELL_LINE.match(line) is not None


# A heading of the document between two tables: "III. CHỈ TIÊU", "PHỤ LỤC 02".
SECTION_HEADING = regex.compile(r"^\s*(?:[IVXLC]+\.\s+\p{Lu}|PH[ỤU] L[ỤU]C\b|Phụ lục\b)")


def starts_new_table(text: str, between: list[tuple[int, int]], line: str) -> bool:
    """A tab line after a heading of the document that is no row of data
    (a table's header): a new table, not the one above continued."""
    if not any(SECTION_HEADING.match(text[s:e]) for s, e in between):
        return False
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return not any(is_number(c) and not YEAR.fullmatch(c) for c in cells[1:])


def tab_blocks(text: str, ranges: list[tuple[int, int]], source: grid.Source | None = None
               ) -> list[list[tuple[int, int]]]:
    """Runs of table lines: tab-separated lines, with up to two blank lines or
    rows without a tab (a group row spanning the table), or a few lines of a
    wrapped cell, between two of them."""
    blocks = []
    for lo, hi in ranges:
        lines = []
        pos = lo
        for line in text[lo:hi].split("\n"):
            lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        current: list[tuple[int, int]] = []
        pending: list[tuple[int, int]] = []        # lines waiting for the next tab line
        for s, e in lines:
            line = text[s:e]
            if "\t" in line:
                if current and starts_new_table(text, pending, line):
                    blocks.append(current)
                    current = []
                elif current:
                    current.extend(l for l in pending if text[l[0]:l[1]].strip())
                current.append((s, e))
                pending = []
            elif current and (len(pending) < 2 and (not line.strip() or len(line) < 200)
                              or len(pending) < MAX_WRAPPED_LINES and is_wrapped_cell_line(line)
                              or len(pending) < MAX_GRID_LINES and source is not None
                              and grid.is_indented_line(text, s, e, source)):
                pending.append((s, e))
            else:
                if current:
                    blocks.append(current + trailing_wrapped(text, pending, source))
                current, pending = [], []
        if current:
            blocks.append(current + trailing_wrapped(text, pending, source))
    return [b for b in blocks if len(b) >= 2]


def trailing_wrapped(text: str, pending: list[tuple[int, int]], source: grid.Source | None
                     ) -> list[tuple[int, int]]:
    """The wrapped lines of the last row of a table printed with spaces (those
    under its columns right after it)."""
    out = []
    for s, e in pending:
        if source is None or not grid.is_indented_line(text, s, e, source):
            break
        out.append((s, e))
    return out


# A line of a table that carries on the name above it: "(Quan trắc ngoài hiện
# trường)" under "Oxy hòa tan (DO)", or a lower-case word.
NAME_TAIL = regex.compile(r"^\s*(?:\(|\p{Ll})")


def join_name_tails(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows that carry on the row of cells above them (its name cell, and maybe
    its note, read by OCR as two lines) joined to it: one cell, or cells under
    the cells above with no number and no row number, the name first."""
    out: list[list[Cell]] = []
    for cells in rows:
        above = out[-1] if out else None
        if above is not None and len(above) >= 3 and carries_on(cells, above):
            if len(cells) == 1:
                k = 1 if is_row_label(above[0].text) else 0
                above[k] = joined(above[k], cells[0])
            else:
                for i, cell in enumerate(cells):
                    if i >= len(above):
                        above.append(cell)         # the cell the row above lost (its note, read a line lower)
                    elif cell.text.strip():
                        above[i] = joined(above[i], cell)
            continue
        out.append(list(cells))
    return out


def carries_on(cells: list[Cell], above: list[Cell]) -> bool:
    if len(cells) == 1:
        return NAME_TAIL.match(cells[0].text) is not None
    return (not cells[0].text.strip() and NAME_TAIL.match(cells[1].text) is not None
            and not any(is_number(c.text) for c in cells))


def joined(cell: Cell, tail: Cell) -> Cell:
    if not cell.text.strip():
        return tail
    return Cell(f"{cell.text} {tail.text.strip()}", cell.start, tail.end)


def table_from_block(text: str, block: list[tuple[int, int]], source: grid.Source | None = None
                     ) -> Table | None:
    rows = [split_cells(text, s, e) for s, e in block]
    width = max(len(r) for r in rows)
    if width < 2:
        return None

    def is_body_start(cells: list[Cell], k: int) -> bool:
        return is_data_row(cells, width) or (k > 0 and (is_group_row(cells) or is_unnumbered_sum_row(cells)))

    printed = None
    if source is not None:
        printed = grid.grid_rows([r for r in rows if not is_numbering_row(r)], source, is_body_start)
    if printed is not None:                 # laid out with spaces: wrapped cells gathered into their rows
        rows, first_data = printed
        width = max(len(r) for r in rows)
    else:
        first_data = next((k for k, r in enumerate(rows) if is_body_start(r, k)), None)
        if first_data is None:
            first_data = 1 if len(rows) > 1 else 0
    header = [r for r in rows[:first_data] if not is_numbering_row(r)]
    body = [r for r in rows[first_data:] if not is_numbering_row([c for c in r if c is not None])]
    if not body:
        return None
    body = join_name_tails(body)
    numeric = numeric_columns(body, width)
    label_column = has_label_column(body, width)
    aligned = [align_short_row(r, width, numeric, label_column) for r in body]
    paths = column_paths(header, width) if header else [("",)] * width
    columns = [header_column(p) for p in paths]
    columns = refine_roles(columns, aligned)
    columns = spread_year_span(columns, aligned)
    aligned = [place_amount(r, columns) for r in aligned]
    start, end = block[0][0], block[-1][1]
    caption_lines = lines_with_offsets(text, max(0, start - CAPTION_CHARS), start)
    unit = find_caption_unit(caption_lines, len(caption_lines), CAPTION_LINES)
    caption = " ".join(c.text for c in caption_lines[-CAPTION_LINES:])    # not the table above
    table = Table(start, end, "tab", header, columns, aligned, caption,
                  table_unit(unit[0] if unit else None, columns),
                  (unit[1].start, unit[1].end) if unit else None)
    table.kind = table_kind(table)
    return table


def table_from_raw(raw: RawTable, text: str) -> Table:
    """A table the plain-text finders read (one cell per line, one row per line)."""
    paths = [(c.text,) for c in raw.header]
    columns = [header_column(p) for p in paths]
    width = len(columns)
    rows = [list(r[:width]) + [None] * (width - len(r)) for r in raw.rows]
    columns = refine_roles(columns, rows)
    caption = raw.caption or " ".join(c.text for c in lines_with_offsets(text, max(0, raw.start - CAPTION_CHARS),
                                                                          raw.start))
    table = Table(raw.start, raw.end, raw.layout, [list(raw.header)], columns, rows, caption,
                  table_unit(raw.unit, columns), raw.unit_span)
    table.extra["raw"] = raw
    table.kind = table_kind(table)
    return table


def find_tables(text: str, ranges: list[tuple[int, int]] | None = None,
                source: grid.Source | None = None) -> list[Table]:
    """Every table of ``text`` (within ``ranges``, working offsets), in text order.

    Tab-separated tables first; a plain-text table (one cell or one row per
    line) is added where no tab table stands. With the ``source`` (original
    text and offset map) a table printed with spaces has its cells placed by
    the column they were printed in (``pipeline.grid``).
    """
    ranges = ranges or [(0, len(text))]
    found = [t for t in (table_from_block(text, b, source) for b in tab_blocks(text, ranges, source))
             if t is not None]
    lines = lines_with_offsets(text)
    for raw in find_flat_tables(text, lines) + find_line_tables(text, lines):
        inside = any(lo <= raw.start < hi for lo, hi in ranges)
        if inside and not any(t.start <= raw.start < t.end or raw.start <= t.start < raw.end for t in found):
            found.append(table_from_raw(raw, text))
    found.sort(key=lambda t: t.start)
    return found

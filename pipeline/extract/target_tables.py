"""Goal tables: a table whose columns are plan years gives one target per filled cell.

A goal table (``Phụ lục 01: ĐỊNH HƯỚNG PHÁT TRIỂN ...``) has rows of indicators and
columns of years::

    TT | Chỉ tiêu  | ĐVT | ƯTH Năm 2025 | GIAI ĐOẠN 2026 - 2030
                               Năm 2026 | Năm 2027 | ... | Năm 2030
    -  | Diện tích | Ha  | 26.120       | 27.000   | 27.500   | ... | 30.000

or a year group over two measures (``Kế hoạch 2026`` over ``Lượng (Tấn) | Giá trị
tham gia xuất khẩu (Nghìn USD)``). How it is read:

1. ``columns``: each column's header path (a cell spanning columns stands over the
   cells of the row below it), and from it the column's ``year`` (the deepest
   header cell naming exactly one year: ``Năm 2026`` under ``GIAI ĐOẠN 2026 -
   2030``), its printed unit (``(Tấn)``) and whether it is a goal: a column of the
   current year's estimate or of past results (``ƯTH Năm 2025``, ``Ước thực
   hiện``, ``Thực hiện 2024``, a year before the plan's period) is the current
   state and gives nothing.
2. ``unit``: the row's ĐVT cell, else the column's header unit, else a unit in the
   row's label (``Diện tích (ha)``), else the table's caption (``Đơn vị tính:
   tấn``); lower-cased as the gold writes units (``Ha`` -> ``ha``, ``Nghìn USD`` ->
   ``nghìn USD``). A table whose caption or header names money of đồng
   (``Đơn vị tính: triệu đồng``, ``Kinh phí``, ``Thành tiền``), or whose every row
   is in đồng, is a budget, never a goal table (the budget extractor reads it); a
   money row among indicators (``Thu nhập bình quân đầu người | triệu đồng``) is a
   goal. A cell without a unit gives nothing.
3. ``targets``: one per filled plan-year cell of a row with a label: ``text`` the
   label as printed, ``value`` the cell (``26.120`` -> 26120), ``comparator`` ``=``
   (or the sign the cell prints: ``≥95``), ``deadline_year`` the column's year,
   ``subject`` the group row above, the label and the column's measure, ``span``
   from the label cell to the value cell.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..document import Document
from .target_patterns import Vocabulary, vocabulary
from .targets import Scope, Target, outline_chain, reports_current_state

# A year in a header cell: "Năm 2026", "Kế hoạch 2027", "2028".
HEADER_YEAR = regex.compile(r"(?<![\d/.])(?:19|20)\d{2}(?![\d/])")
# A span of years in a group header: "GIAI ĐOẠN 2026 - 2030", "2021-2025".
HEADER_YEAR_SPAN = regex.compile(r"(?:19|20)\d{2}\s*[-–—]\s*(?:19|20)\d{2}")
# The unit a header or label cell prints in parentheses: "Lượng (Tấn)", "Diện tích (ha)".
PRINTED_UNIT = regex.compile(r"\((?P<unit>[^()\d]{1,25})\)\s*$")
# A column of the current state: an estimate of the current year or a result
# ("ƯTH Năm 2025", "Ước thực hiện năm 2025", "Ước TH", "Thực hiện 2024", "TH 2024",
# "Thực tế", "Hiện trạng", "Năm trước", "Lũy kế", "So sánh", "TH/KH").
CURRENT_COLUMN = regex.compile(
    r"""(?<!\w)(?:ƯTH|Ư\.TH|ước|thực\s*hiện|TH|thực\s*tế|hiện\s*trạng|năm\s*trước|cùng\s*kỳ|lũy\s*kế|luỹ\s*kế
        |so\s*sánh|tăng\s*giảm|kết\s*quả)(?!\w)""",
    regex.X | regex.I,
)
# "Kế hoạch thực hiện 2026", "KH thực hiện": planned despite "thực hiện".
PLANNED_COLUMN = regex.compile(r"(?<!\w)(?:kế\s*hoạch|KH|mục\s*tiêu|chỉ\s*tiêu|dự\s*kiến)(?!\w)", regex.I)
# A unit column's header: "ĐVT", "Đơn vị tính", "Đơn vị".
UNIT_HEADER = regex.compile(r"^(?:ĐVT|Đ\.V\.T|Đơn\s*vị\s*tính|Đơn\s*vị)\.?$", regex.I)
# The row-number column's header: "TT", "STT".
NUMBER_HEADER = regex.compile(r"^(?:STT|TT|Số\s*TT)\.?$", regex.I)
# A unit named above a table: "Đơn vị tính: tấn", "ĐVT: Ha".
CAPTION_UNIT = regex.compile(r"(?:Đơn\s*vị\s*tính|ĐVT|Đơn\s*vị)\s*:\s*(?P<unit>[^\n;,)]{1,25})", regex.I)
# Money of đồng: a budget, not a goal ("Tỷ đồng", "triệu đồng", "VNĐ", "đồng").
DONG = regex.compile(r"(?<!\w)(?:đồng|VNĐ|VND|đ)(?!\w)", regex.I)
# Header words of a budget table.
BUDGET_HEADER = regex.compile(r"(?<!\w)(?:kinh\s*phí|thành\s*tiền|dự\s*toán|đơn\s*giá|nguồn\s*vốn|vốn\s*đầu\s*tư)(?!\w)",
                              regex.I)
# A value cell: an optional sign, a number or a range, an optional percent sign
# ("27.000", "≥ 95", "3,5", "59-62", "100%").
VALUE_CELL = regex.compile(
    r"""^(?P<sign>[≥≤<>]=?|trên|dưới|tối\s*thiểu|ít\s*nhất|tối\s*đa)?\s*
        (?:(?P<low>\d[\d.,]*)\s*[-–]\s*)?(?P<value>\d[\d.,]*)\s*(?P<percent>%)?$""",
    regex.X | regex.I,
)
SIGNS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "trên": ">", "dưới": "<",
         "tối thiểu": ">=", "ít nhất": ">=", "tối đa": "<="}
# A row label that numbers a row: "I", "1", "1.2", "a", "-", "+".
ROW_NUMBER = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ]|[-+*•])\.?$")
# A row that numbers the columns: "1 | 2 | 3 ...", "(1) | (2)", "A | B | 1 | 2".
NUMBERING_CELL = regex.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?$")
# How far above a table its caption (title, unit line) may stand.
CAPTION_CHARS = 400
CAPTION_LINES = 3


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and working-text range."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RawTable:
    """A table as the reader gives it: header rows, body rows (one cell or ``None`` per
    column), the caption lines above it, and its working range."""

    header: list[list[Cell]]
    rows: list[list[Cell | None]]
    caption: str
    start: int
    end: int


@dataclass(frozen=True)
class GoalColumn:
    index: int
    path: tuple[str, ...]
    year: int
    unit: str | None             # the unit its header prints
    measure: str                 # its own header cell when it names what is measured ("Lượng (Tấn)")


# -- reading tables (interim) ------------------------------------------------------------
# INTERIM TABLE READER: until the shared table model (pipeline.table_model.find_tables)
# is in place, the tab-separated rows are read here. It is to be replaced by the table
# model, not kept beside it.

def interim_read_tables(text: str, lo: int, hi: int) -> list[RawTable]:
    """Runs of tab-separated lines in ``text[lo:hi]`` as tables (a single blank line may
    stand between two rows)."""
    tables, block, gap = [], [], 0
    pos = lo
    for line in text[lo:hi].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if "\t" in line:
            block.append((start, end))
            gap = 0
        elif block and not line.strip() and gap == 0:
            gap = 1
        else:
            if len(block) >= 2:
                tables.append(block_table(text, block))
            block, gap = [], 0
    if len(block) >= 2:
        tables.append(block_table(text, block))
    return [t for t in tables if t is not None]


def split_cells(text: str, start: int, end: int) -> list[Cell]:
    cells, pos = [], start
    for part in text[start:end].split("\t"):
        stripped = part.strip(" |*")
        lead = len(part) - len(part.lstrip(" |*"))
        cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return cells


def is_numbering_row(cells: list[Cell]) -> bool:
    filled = [c.text for c in cells if c.text]
    if len(filled) < 3 or not all(NUMBERING_CELL.match(t) for t in filled):
        return False
    digits = [int(t.strip("()")) for t in filled if t.strip("()").isdigit()]
    return len(digits) >= 3 and digits == list(range(digits[0], digits[0] + len(digits)))


def is_value(text: str) -> bool:
    return bool(VALUE_CELL.match(text)) and not HEADER_YEAR.fullmatch(text.strip())


def is_data_row(cells: list[Cell]) -> bool:
    """A body row: a row number first, or a value after its first two cells."""
    if is_numbering_row(cells):
        return False
    values = sum(1 for c in cells[2:] if c.text and is_value(c.text))
    first = cells[0].text if cells else ""
    return values > 0 or (bool(ROW_NUMBER.match(first)) and len(cells) >= 2 and not NUMBER_HEADER.match(first))


def block_table(text: str, block: list[tuple[int, int]]) -> RawTable | None:
    rows = [split_cells(text, s, e) for s, e in block]
    first = next((k for k, r in enumerate(rows) if is_data_row(r)), None)
    if first is None or first == 0:
        return None
    header = [r for r in rows[:first] if not is_numbering_row(r)]
    body = [r for r in rows[first:] if not is_numbering_row(r)]
    width = max(len(r) for r in body)
    aligned = [list(r[:width]) + [None] * (width - len(r)) for r in body]
    above = [line for line in text[max(0, block[0][0] - CAPTION_CHARS):block[0][0]].split("\n") if line.strip()]
    return RawTable(header, aligned, "\n".join(above[-CAPTION_LINES:]), block[0][0], block[-1][1])


# -- the header ------------------------------------------------------------------------------

def column_paths(header: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """One header path per column. A row with fewer cells than the table has columns
    starts with the cells that run down the whole header (``TT``, ``Chỉ tiêu``,
    ``ĐVT``) and ends with group cells spread evenly over the columns the row below
    fills; in a full-width row an empty cell continues the group to its left.

    >>> column_paths([["TT", "Chỉ tiêu", "ĐVT", "Giai đoạn 2026-2030"], ["Năm 2026", "Năm 2027"]], 5)[3:]
    [('Giai đoạn 2026-2030', 'Năm 2026'), ('Giai đoạn 2026-2030', 'Năm 2027')]
    >>> column_paths([["TT", "SP", "KH 2026", "KH 2027"], ["Lượng", "Giá trị", "Lượng", "Giá trị"]], 6)[2:4]
    [('KH 2026', 'Lượng'), ('KH 2026', 'Giá trị')]
    >>> column_paths([["TT", "Chỉ tiêu", "Năm 2026", "", "Năm 2027", ""], ["", "", "Lượng", "Giá trị", "Lượng", "Giá trị"]], 6)[3]
    ('Năm 2026', 'Giá trị')
    >>> column_paths([["TT", "Chỉ tiêu", "Giai đoạn 2026-2030"], ["Năm 2026", "Năm 2027"], ["KH", "ƯTH", "KH", "ƯTH"]], 6)[4]
    ('Giai đoạn 2026-2030', 'Năm 2027', 'KH')
    """
    depth = len(header)
    paths = [[""] * depth for _ in range(width)]
    covered = width                      # columns the rows below fill, counted from the right
    for r in range(depth - 1, -1, -1):
        row = header[r]
        if len(row) >= width:
            for i, cell in enumerate(row[:width]):
                below = any(paths[i][rr] for rr in range(r + 1, depth))
                if not cell and i > 0 and below and r < depth - 1:
                    cell = paths[i - 1][r]          # an empty cell continues the group on its left
                paths[i][r] = cell
            covered = width
            continue
        if r == depth - 1:                          # the deepest row: under the group cells, at the right
            for i, cell in enumerate(row):
                paths[width - len(row) + i][r] = cell
            covered = len(row)
            continue
        # a middle row groups the columns below it; the top row starts with the cells
        # that run down the whole header
        lead = max(0, width - covered) if r == 0 or len(row) > covered else 0
        for i, cell in enumerate(row[:lead]):
            paths[i][r] = cell
        groups = row[lead:]
        first, spread = width - covered if lead == 0 else lead, covered if lead == 0 else width - lead
        for g, cell in enumerate(groups):
            for i in range(first + g * spread // max(1, len(groups)), first + (g + 1) * spread // max(1, len(groups))):
                paths[i][r] = cell
        if r == 0 or lead:
            covered = width
    return [tuple(p) for p in paths]


def column_year(path: tuple[str, ...]) -> int | None:
    """The year a column stands for: its deepest header cell that names exactly one year.

    >>> column_year(("GIAI ĐOẠN 2026 - 2030", "Năm 2026")), column_year(("Tổng 2026-2030",))
    (2026, None)
    """
    for cell in reversed(path):
        if cell and not HEADER_YEAR_SPAN.search(cell):
            years = HEADER_YEAR.findall(cell)
            if len(years) == 1:
                return int(years[0])
    return None


def is_current_column(path: tuple[str, ...]) -> bool:
    """An estimate of the current year or a result: ``ƯTH Năm 2025``, ``Thực hiện 2024``.

    >>> is_current_column(("ƯTH Năm 2025",)), is_current_column(("Kế hoạch thực hiện 2026",))
    (True, False)
    """
    for cell in path:
        if CURRENT_COLUMN.search(cell) and not PLANNED_COLUMN.search(cell):
            return True
    return False


def printed_unit(cell: str) -> str | None:
    m = PRINTED_UNIT.search(cell)
    return m.group("unit").strip() if m else None


def normalize_unit(unit: str) -> str:
    """A unit as the gold writes it: words lower-cased, acronyms kept.

    >>> normalize_unit("Ha"), normalize_unit("Nghìn USD"), normalize_unit(" Tấn "), normalize_unit("%")
    ('ha', 'nghìn USD', 'tấn', '%')
    """
    words = unit.split()
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in words)


def goal_columns(table: RawTable, width: int, first_plan_year: int) -> list[GoalColumn]:
    paths = column_paths([[c.text for c in row] for row in table.header], width)
    found = []
    for i, path in enumerate(paths):
        year = column_year(path)
        if year is None or year < first_plan_year or is_current_column(path):
            continue
        own = next((p for p in reversed(path) if p), "")
        unit = next((printed_unit(p) for p in reversed(path) if printed_unit(p)), None)
        measure = own if not HEADER_YEAR.search(own) else ""
        found.append(GoalColumn(i, path, year, unit, measure))
    return found


def label_column(table: RawTable, paths: list[tuple[str, ...]], skip: set[int]) -> int | None:
    """The column of row names: the one whose cells are mostly words, longest in total."""
    best, best_len = None, 0
    for i in range(len(paths)):
        if i in skip or any(NUMBER_HEADER.match(p) for p in paths[i] if p):
            continue
        texts = [r[i].text for r in table.rows if i < len(r) and r[i] is not None and r[i].text]
        words = [t for t in texts if regex.search(r"\p{L}{2}", t) and not is_value(t)]
        total = sum(len(t) for t in words)
        if texts and len(words) >= len(texts) / 2 and total > best_len:
            best, best_len = i, total
    return best


# -- targets --------------------------------------------------------------------------------

def all_money(rows: list[list[Cell | None]], unit_col: int) -> bool:
    """Whether every row's unit is money of đồng (``Tỷ đồng``, ``triệu đồng``)."""
    units = [r[unit_col].text for r in rows if unit_col < len(r) and r[unit_col] is not None and r[unit_col].text]
    return bool(units) and all(DONG.search(u) for u in units)


def cell_value(text: str) -> tuple[float, float | None, str, bool] | None:
    """``(value, high, comparator, percent)`` of a value cell, or ``None``.

    >>> cell_value("26.120"), cell_value("≥ 95%"), cell_value("3,5"), cell_value("59-62")
    ((26120.0, None, '=', False), (95.0, None, '>=', True), (3.5, None, '=', False), (59.0, 62.0, '>=', False))
    """
    from .targets import parse_number

    m = VALUE_CELL.match(text.strip())
    if not m:
        return None
    try:
        value = parse_number(m.group("value"))
        low = parse_number(m.group("low")) if m.group("low") else None
    except ValueError:
        return None
    sign = SIGNS.get(" ".join((m.group("sign") or "").lower().split()), "=")
    if low is not None:
        return (low, value, ">=", bool(m.group("percent"))) if low < value else None
    return value, None, sign, bool(m.group("percent"))


def table_targets(doc: Document, scope: Scope) -> list[Target]:
    """The targets of every goal table within the scope's table ranges."""
    vocab = vocabulary()
    found: list[Target] = []
    for lo, hi in scope.tables:
        for table in interim_read_tables(doc.text, lo, hi):
            found += goal_table_targets(doc, vocab, scope, table)
    return found


def first_plan_year(doc: Document, scope: Scope) -> int:
    """The first year a plan column may stand for: the period's start, else the year
    the plan is issued in (an earlier year is a result)."""
    period = doc.metadata.get("period") or {}
    return period.get("from") or scope.start


def goal_table_targets(doc: Document, vocab: Vocabulary, scope: Scope, table: RawTable) -> list[Target]:
    text = doc.text
    width = max((len(r) for r in table.rows), default=0)
    if width < 3 or not table.header:
        return []
    header_text = " ".join(c.text for row in table.header for c in row)
    caption_unit = CAPTION_UNIT.search(table.caption)
    table_unit = caption_unit.group("unit").strip() if caption_unit else None
    if BUDGET_HEADER.search(header_text) or (table_unit and DONG.search(table_unit)):
        return []                                   # a budget table: the budget extractor's
    columns = goal_columns(table, width, first_plan_year(doc, scope))
    if not columns:
        return []
    chain = outline_chain(doc, table.start)
    if reports_current_state(chain, vocab) or any(n.kind == "legal_basis" for n in chain):
        return []
    paths = column_paths([[c.text for c in row] for row in table.header], width)
    unit_col = next((i for i, p in enumerate(paths) if any(UNIT_HEADER.match(x) for x in p if x)), None)
    label_col = label_column(table, paths, {c.index for c in columns} | ({unit_col} if unit_col is not None else set()))
    if label_col is None:
        return []
    section = chain[-1].path if chain else None
    if unit_col is not None and all_money(table.rows, unit_col):
        return []                                   # every row in đồng: a budget by rows
    found, group = [], None
    for row in table.rows:
        label = row[label_col]
        if label is None or not label.text:
            continue
        values = [(col, row[col.index]) for col in columns
                  if col.index < len(row) and row[col.index] is not None and row[col.index].text]
        readings = [(col, cell, cell_value(cell.text)) for col, cell in values]
        readings = [r for r in readings if r[2] is not None]
        if not readings:
            group = label.text              # a group row ("Cà Phê") names the rows below it
            continue
        row_unit = row[unit_col].text if unit_col is not None and row[unit_col] is not None else ""
        for col, cell, (value, high, comparator, percent) in readings:
            unit = "%" if percent else (row_unit or col.unit or printed_unit(label.text) or table_unit)
            if not unit:
                continue                    # a number without a unit: not a goal cell
            subject = " – ".join(p for p in (group, label.text, col.measure) if p)
            found.append(Target(
                text=" ".join(label.text.split()),
                value=value,
                unit=normalize_unit(unit),
                comparator=comparator,
                subject=subject,
                deadline_year=col.year,
                section=section,
                span=doc.span(min(label.start, cell.start), max(label.end, cell.end)),
                range=(value, high) if high is not None else None,
            ))
    return found

"""Goal tables: a table whose columns are plan years gives one target per filled cell.

A goal table (``Phụ lục 01: ĐỊNH HƯỚNG PHÁT TRIỂN ...``) has rows of indicators and
columns of years::

    TT | Chỉ tiêu  | ĐVT | ƯTH Năm 2025 | GIAI ĐOẠN 2026 - 2030
                               Năm 2026 | Năm 2027 | ... | Năm 2030
    -  | Diện tích | Ha  | 26.120       | 27.000   | 27.500   | ... | 30.000

or a year group over two measures (``Kế hoạch 2026`` over ``Lượng (Tấn) | Giá trị
tham gia xuất khẩu (Nghìn USD)``). The tables come from the shared table model
(:func:`pipeline.table_model.find_tables`: header paths, column years, roles and
printed units); this module decides which of them state goals and reads the cells:

1. ``goal columns``: a column with a year (``Năm 2026`` under ``GIAI ĐOẠN 2026 -
   2030``) that is not the current state: a column of the current year's estimate
   or of results (``ƯTH Năm 2025``, ``Ước thực hiện``, ``Thực hiện 2024``) or of a
   year before the plan's period gives nothing.
2. ``unit``: the row's ĐVT cell, else the column's header unit (``(Tấn)``), else a
   unit in the row's label (``Diện tích (ha)``), else the caption's (``Đơn vị
   tính: tấn``); lower-cased as the gold writes units (``Ha`` -> ``ha``, ``Nghìn
   USD`` -> ``nghìn USD``). A budget table (the model's ``kind``, or a caption or
   header naming money of đồng: ``Đơn vị tính: triệu đồng``, ``Kinh phí``,
   ``Thành tiền``), or one whose every row is in đồng, is the budget extractor's,
   never a goal table; a money row among indicators (``Thu nhập bình quân đầu
   người | triệu đồng``) is a goal. A cell without a unit gives nothing.
3. ``targets``: one per filled goal cell of a row with a name: ``text`` the name as
   printed, ``value`` the cell (``26.120`` -> 26120), ``comparator`` ``=`` (or the
   sign the cell prints: ``≥95``; a range ``59-62`` is ``>=`` with its bounds),
   ``deadline_year`` the column's year, ``subject`` the group row above, the name
   and the column's measure, ``span`` from the name cell to the value cell.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import grid, table_model
from ..document import Document
from .target_patterns import Vocabulary, vocabulary
from .targets import Scope, Target, outline_chain, parse_number, reports_current_state

# A year in a header cell: "Năm 2026", "Kế hoạch 2027", "2028".
HEADER_YEAR = regex.compile(r"(?<![\d/.])(?:19|20)\d{2}(?![\d/])")
# The unit a header or name cell prints in parentheses at its end: "Lượng (Tấn)",
# "Diện tích (ha)", "Tỷ lệ trẻ em tiêm chủng (%)".
PRINTED_UNIT = regex.compile(r"\((?P<unit>[^()\d]{1,25})\)\s*$")
# A column of the current state: an estimate of the current year or a result
# ("ƯTH Năm 2025", "Ước thực hiện năm 2025", "Ước TH", "Thực hiện 2024", "TH 2024",
# "Thực tế", "Hiện trạng", "Năm trước", "Lũy kế", "So sánh").
CURRENT_COLUMN = regex.compile(
    r"""(?<!\w)(?:ƯTH|Ư\.TH|ước|thực\s*hiện|TH|thực\s*tế|hiện\s*trạng|năm\s*trước|cùng\s*kỳ|lũy\s*kế|luỹ\s*kế
        |so\s*sánh|tăng\s*giảm|kết\s*quả)(?!\w)""",
    regex.X | regex.I,
)
# "Kế hoạch thực hiện 2026", "KH thực hiện": planned despite "thực hiện".
PLANNED_COLUMN = regex.compile(r"(?<!\w)(?:kế\s*hoạch|KH|mục\s*tiêu|chỉ\s*tiêu|dự\s*kiến)(?!\w)", regex.I)
# A unit named above a table: "Đơn vị tính: tấn", "ĐVT: Ha", "Đơn vị: nghìn USD".
CAPTION_UNIT = regex.compile(r"(?:Đơn\s*vị\s*tính|ĐVT|Đơn\s*vị)\s*:\s*(?P<unit>[\p{L}%]+(?:[ \t]+[\p{L}]+){0,2})",
                             regex.I)
# Money of đồng: a budget, not a goal ("Tỷ đồng", "triệu đồng", "VNĐ", "đồng").
DONG = regex.compile(r"(?<!\w)(?:đồng|VNĐ|VND|đ)(?!\w)", regex.I)
# Header words of a budget table.
BUDGET_HEADER = regex.compile(
    r"(?<!\w)(?:kinh\s*phí|thành\s*tiền|dự\s*toán|đơn\s*giá|nguồn\s*vốn|vốn\s*đầu\s*tư)(?!\w)", regex.I)
# A value cell: an optional sign, a number or a range, an optional percent sign
# ("27.000", "≥ 95", "3,5", "59-62", "100%").
VALUE_CELL = regex.compile(
    r"""^(?P<sign>[≥≤<>]=?|trên|dưới|tối\s*thiểu|ít\s*nhất|tối\s*đa)?\s*
        (?:(?P<low>\d[\d.,]*)\s*[-–]\s*)?(?P<value>\d[\d.,]*)\s*(?P<percent>%)?$""",
    regex.X | regex.I,
)
SIGNS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "trên": ">", "dưới": "<",
         "tối thiểu": ">=", "ít nhất": ">=", "tối đa": "<="}


@dataclass(frozen=True)
class GoalColumn:
    """A column of plan-year goals."""

    index: int
    year: int
    unit: str | None             # the unit its header prints
    measure: str                 # its own header cell when it names what is measured ("Lượng (Tấn)")


# -- columns ------------------------------------------------------------------------------

def is_current_column(path: tuple[str, ...]) -> bool:
    """An estimate of the current year or a result: ``ƯTH Năm 2025``, ``Thực hiện 2024``.

    >>> is_current_column(("ƯTH Năm 2025",)), is_current_column(("Kế hoạch thực hiện 2026",))
    (True, False)
    """
    return any(CURRENT_COLUMN.search(cell) and not PLANNED_COLUMN.search(cell) for cell in path)


def printed_unit(cell: str) -> str | None:
    """The unit a cell prints in parentheses at its end.

    >>> printed_unit("Lượng (Tấn)"), printed_unit("Diện tích trồng rừng (ha)"), printed_unit("Xoài")
    ('Tấn', 'ha', None)
    """
    m = PRINTED_UNIT.search(cell)
    return m.group("unit").strip() if m else None


def normalize_unit(unit: str) -> str:
    """A unit as the gold writes it: words lower-cased, acronyms kept.

    >>> normalize_unit("Ha"), normalize_unit("Nghìn USD"), normalize_unit(" Tấn "), normalize_unit("%")
    ('ha', 'nghìn USD', 'tấn', '%')
    """
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in unit.split())


def goal_columns(table: table_model.Table, first_plan_year: int) -> list[GoalColumn]:
    """The columns of plan-year goals: a year of the plan's period, not the current state."""
    found = []
    for i, col in enumerate(table.columns):
        if col.year is None or col.year < first_plan_year or col.role == "current" \
                or is_current_column(col.path):
            continue
        unit = col.unit if col.unit and not regex.search(r"\d", col.unit) else None
        unit = unit or next((printed_unit(p) for p in reversed(col.path) if p and printed_unit(p)), None)
        measure = col.own if not HEADER_YEAR.search(col.own) else ""
        found.append(GoalColumn(i, col.year, unit, measure))
    return found


def name_column(table: table_model.Table, skip: set[int]) -> int | None:
    """The column of row names: the model's ``name`` column, else the one whose cells
    are mostly words, longest in total."""
    named = table.column_of("name")
    if named is not None and named not in skip:
        return named
    best, best_len = None, 0
    for i in range(len(table.columns)):
        if i in skip or table.columns[i].role == "label":
            continue
        texts = [r[i].text for r in table.rows if i < len(r) and r[i] is not None and r[i].text]
        words = [t for t in texts if regex.search(r"\p{L}{2}", t) and not VALUE_CELL.match(t)]
        total = sum(len(t) for t in words)
        if texts and len(words) >= len(texts) / 2 and total > best_len:
            best, best_len = i, total
    return best


def all_money(rows: list[list], unit_col: int) -> bool:
    """Whether every row's unit is money of đồng (``Tỷ đồng``, ``triệu đồng``)."""
    units = [r[unit_col].text for r in rows if unit_col < len(r) and r[unit_col] is not None and r[unit_col].text]
    return bool(units) and all(DONG.search(u) for u in units)


def is_budget(table: table_model.Table, caption_unit: str | None) -> bool:
    """A table of money of đồng: the budget extractor's (see the module docstring)."""
    header = " ".join(c.text for c in table.columns)
    unit_col = table.column_of("unit")
    return table.kind == "budget" or bool(BUDGET_HEADER.search(header)) \
        or bool(caption_unit and DONG.search(caption_unit)) \
        or (unit_col is not None and all_money(table.rows, unit_col))


# -- cells ------------------------------------------------------------------------------------

def cell_value(text: str) -> tuple[float, float | None, str, bool] | None:
    """``(value, high, comparator, percent)`` of a value cell, or ``None``.

    >>> cell_value("26.120"), cell_value("≥ 95%"), cell_value("3,5"), cell_value("59-62")
    ((26120.0, None, '=', False), (95.0, None, '>=', True), (3.5, None, '=', False), (59.0, 62.0, '>=', False))
    """
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


# -- targets --------------------------------------------------------------------------------

def table_targets(doc: Document, scope: Scope) -> list[Target]:
    """The targets of every goal table within the scope's table ranges."""
    vocab = vocabulary()
    found: list[Target] = []
    for table in table_model.find_tables(doc.text, list(scope.tables), grid.source_of(doc)):
        found += goal_table_targets(doc, vocab, scope, table)
    return found


def first_plan_year(doc: Document, scope: Scope) -> int:
    """The first year a goal column may stand for: the period's start, else the year the
    plan is issued in (an earlier year is a result)."""
    period = doc.metadata.get("period") or {}
    return period.get("from") or scope.start


def goal_table_targets(doc: Document, vocab: Vocabulary, scope: Scope, table: table_model.Table) -> list[Target]:
    """The targets of one table; ``[]`` when it is no goal table."""
    if len(table.columns) < 3:
        return []
    caption = CAPTION_UNIT.search(table.caption)
    caption_unit = caption.group("unit").strip() if caption else None
    if is_budget(table, caption_unit):
        return []                                   # the budget extractor's
    columns = goal_columns(table, first_plan_year(doc, scope))
    if not columns:
        return []
    chain = outline_chain(doc, table.start)
    if reports_current_state(chain, vocab) or any(n.kind == "legal_basis" for n in chain):
        return []
    unit_col = table.column_of("unit")
    names = name_column(table, {c.index for c in columns} | ({unit_col} if unit_col is not None else set()))
    if names is None:
        return []
    section = chain[-1].path if chain else None
    found, group = [], None
    for row in table.rows:
        name = row[names] if names < len(row) else None
        if name is None or not name.text:
            continue
        readings = [(col, row[col.index], cell_value(row[col.index].text)) for col in columns
                    if col.index < len(row) and row[col.index] is not None and row[col.index].text]
        readings = [r for r in readings if r[2] is not None]
        if not readings:
            group = name.text               # a group row ("Lúa") names the rows below it
            continue
        row_unit = row[unit_col].text if unit_col is not None and row[unit_col] is not None else ""
        for col, cell, (value, high, comparator, percent) in readings:
            unit = "%" if percent else (row_unit or col.unit or printed_unit(name.text) or caption_unit)
            if not unit:
                continue                    # a number without a unit: not a goal cell
            found.append(Target(
                text=" ".join(name.text.split()),
                value=value,
                unit=normalize_unit(unit),
                comparator=comparator,
                subject=" – ".join(p for p in (group, name.text, col.measure) if p),
                deadline_year=col.year,
                section=section,
                span=doc.span(min(name.start, cell.start), max(name.end, cell.end)),
                range=(value, high) if high is not None else None,
            ))
    return found

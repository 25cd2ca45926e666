"""Read a table as a budget table.

The chain, each step a named function:
``column_layout`` (header cells -> column roles, a two-level header put back in
place; a table of the table model comes with its roles decided) -> ``align_row``
(a flattened row's cells -> one cell per column) -> ``classify_rows`` (each
row's place in the table's outline: group rows over their items, the grand
total) -> ``choose_reading`` (number convention and the position of the total
among the money cells, decided by the table's own arithmetic) ->
``table_checks`` (pandas sums: items to their group, groups to the total, years
to the row total, quantity x unit price to the amount).

Nothing here looks at a particular document: the evidence is the header words,
the row numbering and the sums the table states.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

import regex

from .. import money
from ..tables import HEADER_START, ROW_LABEL, TOTAL_LABEL, Cell, RawTable

# Header cell roles, tried in order (the first match wins).
COLUMN_ROLES: list[tuple[str, "regex.Pattern[str]"]] = [
    # "STT", "TT", "Số TT" (tables.HEADER_START)
    ("stt", HEADER_START),
    # "2016", "Năm 2016"
    ("year", regex.compile(r"^(?:Năm\s*)?(?P<year>(?:19|20)\d\d)$", regex.I)),
    # "Phân kỳ đầu tư và lộ trình", "Chia ra", "Trong đó": a cell spanning the year columns
    ("span", regex.compile(r"phân\s*kỳ|^chia\s+ra|^trong\s+đó|^lộ\s*trình|theo\s+năm", regex.I)),
    # "Đơn vị chủ trì", "Đơn vị chủ trì và phối hợp thực hiện", "Cơ quan chủ trì"
    ("lead", regex.compile(r"chủ\s*trì", regex.I)),
    # "Đơn vị phối hợp", "Cơ quan phối hợp"
    ("partner", regex.compile(r"phối\s*hợp", regex.I)),
    # "Nguồn vốn", "Nguồn kinh phí"
    ("source", regex.compile(r"^nguồn", regex.I)),
    # "Thời gian", "Thời gian thực hiện", "Tiến độ"
    ("time", regex.compile(r"^(?:thời\s*gian|tiến\s*độ|năm\s+thực\s+hiện)", regex.I)),
    # "Tổng", "Tổng kinh phí", "Kinh phí", "Thành tiền", "Dự toán", "Tổng mức đầu tư"
    ("total", regex.compile(r"^(?:T[ổô]?ng|Kinh\s*phí|Thành\s*tiền|Dự\s*toán|Vốn|Số\s*tiền)", regex.I)),
    # "Nội dung thực hiện", "Danh mục dự án", "Tên dự án, nhiệm vụ", "Hạng mục"
    ("name", regex.compile(r"nội\s*dung|danh\s*mục|^tên|hạng\s*mục|nhiệm\s*vụ|dự\s*án|công\s*trình", regex.I)),
]

MONEY_ROLES = ("year", "total")

# Group row numbers: roman numerals or capital letters.
# "I", "II", "A"
GROUP_LABEL = regex.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")


@dataclass(frozen=True)
class Column:
    role: str             # stt, name, year, total, lead, partner, source, time, price, quantity, other
    text: str             # the header cell as printed
    year: str | None = None
    unit: str | None = None   # the unit the header prints: "(đồng)"


@dataclass
class Row:
    cells: list[Cell | None]            # one per column (None: the source has no cell)
    kind: str = "item"                  # item, group (rows stand under it), total (the grand total)
    label: str = ""                     # the row number as printed ("1", "II", "")
    group: str | None = None            # the outermost group's label
    parent: str | None = None           # the label of the row it stands under
    depth: int = 0                      # its level in the table's outline
    parent_index: int | None = None     # the index of the row it stands under

    @property
    def start(self) -> int:
        return min(c.start for c in self.cells if c is not None and c.text)

    @property
    def end(self) -> int:
        return max(c.end for c in self.cells if c is not None and c.text)


@dataclass
class Reading:
    """A table read: columns, rows, the convention and unit chosen, values in đồng."""

    raw: RawTable
    columns: list[Column]
    rows: list[Row]
    convention: str | None = None
    multiplier: int | None = None
    unit_text: str | None = None
    values: list[dict[int, int | None]] = field(default_factory=list)   # row -> column index -> đồng
    notes: list[tuple[str, str]] = field(default_factory=list)          # (warning code, message)

    def money_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role in MONEY_ROLES]

    def year_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.role == "year"]

    def total_column(self) -> int | None:
        found = [i for i, c in enumerate(self.columns) if c.role == "total"]
        return found[0] if found else None

    def column_of(self, role: str) -> int | None:
        found = [i for i, c in enumerate(self.columns) if c.role == role]
        return found[0] if found else None


def column_role(text: str) -> Column:
    """The role of one header cell.

    >>> column_role("Tổng kinh phí").role, column_role("Năm 2016").year
    ('total', '2016')
    >>> column_role("Phân kỳ đầu tư và lộ trình").role, column_role("Đơn vị chủ trì").role
    ('span', 'lead')
    >>> column_role("Danh mục dự án").role, column_role("Nguồn vốn").role
    ('name', 'source')
    """
    clean = regex.sub(r"\s+", " ", text).strip()
    for role, pattern in COLUMN_ROLES:
        m = pattern.search(clean)
        if m:
            return Column(role, clean, m.group("year") if role == "year" else None)
    return Column("other", clean)


def column_layout(header: list[Cell]) -> list[Column]:
    """Columns in row order. A two-level header flattened to one list names a
    spanning cell (``Phân kỳ ...``) where the year columns stand and lists the
    years last; the years are put back at the spanning cell's place.

    >>> cells = [Cell(t, 0, 0) for t in ["STT", "Tên", "Phân kỳ", "Tổng", "Đơn vị chủ trì", "2016", "2017"]]
    >>> [c.role for c in column_layout(cells)]
    ['stt', 'name', 'year', 'year', 'total', 'lead']
    >>> [c.role for c in column_layout([Cell(t, 0, 0) for t in ["STT", "Nội dung", "Kinh phí"]])]
    ['stt', 'name', 'total']
    """
    columns = [column_role(c.text) for c in header]
    spans = [i for i, c in enumerate(columns) if c.role == "span"]
    years = [c for c in columns if c.role == "year"]
    if spans and years:
        first = spans[0]
        rest = [c for i, c in enumerate(columns) if c.role not in ("year", "span") and i != first]
        before = [c for i, c in enumerate(columns[:first]) if c.role not in ("year", "span")]
        after = rest[len(before):]
        columns = before + years + after
    else:
        columns = [c for c in columns if c.role != "span"]
    if columns and columns[0].role == "other" and len(columns) > 1:
        columns[0] = Column("stt", columns[0].text)
    if not any(c.role == "name" for c in columns) and len(columns) > 1:
        columns[1] = Column("name", columns[1].text)
    return columns


def align_row(cells: list[Cell], columns: list[Column], positional: bool) -> list[Cell | None]:
    """One cell per column. Tab rows are positional; a flattened row is matched
    around its run of numbers (a total row has no STT or time cell, a group row
    no lead cells).

    >>> cols = column_layout([Cell(t, 0, 0) for t in ["Stt", "Danh mục", "Thời gian", "Tổng kinh phí", "Nguồn vốn"]])
    >>> [c.text if c else None for c in align_row([Cell(t, 0, 0) for t in ["1", "A", "2012", "2.350", "NS"]], cols, False)]
    ['1', 'A', '2012', '2.350', 'NS']
    >>> [c.text if c else None for c in align_row([Cell(t, 0, 0) for t in ["", "Tổng", "42.615"]], cols, False)]
    ['', 'Tổng', None, '42.615', None]
    """
    if cells and TOTAL_LABEL.match(cells[0].text) and not ROW_LABEL.match(cells[0].text) \
            and len(cells) < len(columns):
        cells = [Cell("", cells[0].start, cells[0].start), *cells]     # a total row without its STT cell
    if positional and len(cells) == len(columns):
        return list(cells)
    out: list[Cell | None] = [None] * len(columns)
    money_idx = [i for i, c in enumerate(columns) if c.role in MONEY_ROLES]
    out[0] = cells[0] if cells else None
    if len(columns) > 1 and len(cells) > 1:
        out[1] = cells[1]
    rest = [c for c in cells[2:] if not positional or c.text]
    if not money_idx:
        for k, cell in enumerate(rest[: len(columns) - 2]):
            out[2 + k] = cell
        return out
    first_money = money_idx[0]
    mids = list(range(2, first_money))
    trail = list(range(money_idx[-1] + 1, len(columns)))
    n_money = len(money_idx)
    is_num = [bool(money.readings(c.text)) for c in rest]
    p = None
    for cand in range(min(len(mids), len(rest)), -1, -1):
        window = is_num[cand:cand + n_money]
        if window and all(window):
            p = cand
            break
    if p is None:
        p = next((k for k, v in enumerate(is_num) if v), len(rest))
    for k, cell in enumerate(rest[:p]):
        if k < len(mids):
            out[mids[k]] = cell
    run = []
    for cell, num in zip(rest[p:], is_num[p:]):
        if not num or len(run) == n_money:
            break
        run.append(cell)
    for k, cell in enumerate(run):
        out[money_idx[k]] = cell
    for k, cell in enumerate(rest[p + len(run):]):
        if k < len(trail):
            out[trail[k]] = cell
    return out


# Row numbers by level: "A" (a part) over "I" over "1" over "1.1" over "1.1.1";
# a letter "a" stands under the numbered row above it, a bullet "-" under that,
# a "+" under a "-".
ROMAN_LABEL = regex.compile(r"^[IVXLC]{1,6}$")
ARABIC_LABEL = regex.compile(r"^\d{1,3}(?:\.\d{1,3})*$")
LETTER_LABEL = regex.compile(r"^[a-zđ]$")
BULLET_DEPTH = {"-": 1, "–": 1, "•": 1, "*": 1, "+": 2}


def label_depth(label: str, numbered_depth: int, last_depth: int | None) -> int:
    """The level of a row number, given the level of the last numbered row above.

    >>> [label_depth(x, 2, 2) for x in ["A", "II", "3", "1.2", "1.1.1"]]
    [0, 1, 2, 3, 4]
    >>> label_depth("a", 3, 3), label_depth("-", 4, 4), label_depth("+", 4, 5)
    (4, 5, 6)
    """
    if ROMAN_LABEL.match(label):
        return 1
    if GROUP_LABEL.match(label):
        return 0
    if ARABIC_LABEL.match(label):
        return 2 + label.count(".")
    if LETTER_LABEL.match(label):
        return numbered_depth + 1
    if label in BULLET_DEPTH:
        return numbered_depth + BULLET_DEPTH[label]
    return (last_depth if last_depth is not None else numbered_depth) + (0 if label else 1)


def is_known_label(label: str) -> bool:
    """A row number of a known form: roman, capital, arabic outline, letter, bullet, or none."""
    return (not label or label in BULLET_DEPTH or any(p.match(label) for p in (
        ROMAN_LABEL, GROUP_LABEL, ARABIC_LABEL, LETTER_LABEL)) or bool(TOTAL_LABEL.match(label)))


# The row numbers that open a list under the row above them: "a", "1", "-", "+".
LIST_OPENERS = frozenset({"a", "1"}) | frozenset(BULLET_DEPTH)


# A row number with OCR's usual slips: a colon for the dot ("2:1"), a stroke after it ("7/").
SLIPPED_NUMBER = regex.compile(r"(?P<number>\d{1,3}(?:[.:]\d{1,3})*)[/|'’]?")


def outline_labels(labels: list[str], names: list[str]) -> list[str]:
    """The row numbers as the outline reads them, where OCR lost or garbled one
    and its neighbours tell what it was:

    - ``2:1`` is ``2.1`` and ``7/`` is ``7``;
    - an empty number between ``n-1`` (or a list's head) and ``n+1`` is ``n``;
    - an unreadable number right under ``1.1`` and over the start of a list
      (``a``, ``1``, ``-``) is ``1.1``'s first row, ``1.1.1``;
    - a capital letter after the lower-case letter before it is that letter
      (``C`` after ``b``);
    - a stray mark or capital between two rows of one bullet is that bullet
      (``S``, ``ˆ`` for ``-``).

    >>> outline_labels(["1.1", "jiỜi 1h", "a", "-", "b", "C", "1.2", "", "2", "", "4"], ["x"] * 11)
    ['1.1', '1.1.1', 'a', '-', 'b', 'c', '1.2', '1', '2', '3', '4']
    >>> outline_labels(["2:1", "-", "S", "ˆ", "-", "7/", "A", "B"], ["x"] * 8)
    ['2.1', '-', '-', '-', '-', '7', 'A', 'B']
    """
    cleaned = [slipped.group("number").replace(":", ".") if (slipped := SLIPPED_NUMBER.fullmatch(label))
               else label for label in labels]
    out = list(cleaned)
    last_letter = None
    for k, label in enumerate(cleaned):
        before = out[k - 1] if k else ""
        after = cleaned[k + 1] if k + 1 < len(cleaned) else ""
        if not label and after.isdigit() and int(after) >= 2 and not TOTAL_LABEL.match(names[k]) \
                and (before == str(int(after) - 2) or (after == "2" and not before.isdigit())):
            out[k] = str(int(after) - 1)
        elif not is_known_label(label) and ARABIC_LABEL.match(before) and after in LIST_OPENERS:
            out[k] = before + ".1"
        elif len(label) == 1 and label.isupper() and last_letter and ord(label.lower()) == ord(last_letter) + 1:
            out[k] = label.lower()
        elif before in BULLET_DEPTH and is_stray(label, out[:k]) and next_known(cleaned, k, out) == before:
            out[k] = before
        if LETTER_LABEL.match(out[k]):
            last_letter = out[k]
        elif out[k] and out[k] not in BULLET_DEPTH and not out[k].isdigit():
            last_letter = None            # "1.2", "II": a new part, its letters start again
    return out


def is_stray(label: str, above: list[str]) -> bool:
    """A label that numbers nothing here: of no known form, or a capital letter
    (not a Roman number) that does not follow the capital before it."""
    if not label:
        return False
    if not is_known_label(label):
        return True
    if len(label) == 1 and label.isupper() and not ROMAN_LABEL.match(label):
        capitals = [a for a in above if len(a) == 1 and a.isupper()]
        return label != "A" and (not capitals or ord(label) != ord(capitals[-1]) + 1)
    return False


def next_known(cleaned: list[str], k: int, out: list[str]) -> str:
    """The first label after row ``k`` that is not stray."""
    for label in cleaned[k + 1:]:
        if label and not is_stray(label, out):
            return label
    return ""


def classify_rows(rows: list[Row], name_col: int) -> None:
    """Place every row in the table's outline by its number; a row with rows
    under it is a group (its amounts are theirs summed), a row with none an
    item, an unnumbered ``Tổng ...`` row the grand total."""
    numbered, last = 1, None
    outline = 1               # the level of the last row numbered "I", "1", "1.1" (not "a", not "-")
    arabic_list = None        # the level of "1, 2, 3 ..." numbered under a "1.1.2" row
    printed = [row.cells[0].text.strip().rstrip(".") if row.cells[0] else "" for row in rows]
    names = [row.cells[name_col].text if row.cells[name_col] else "" for row in rows]
    for k, (row, stt, name) in enumerate(zip(rows, outline_labels(printed, names), names)):
        row.label = printed[k]
        if not stt and name and not TOTAL_LABEL.match(name) and _opens_a_list(rows, k):
            row.depth = last = numbered = outline = 1      # a group whose number was lost ("I" dropped by OCR)
            arabic_list = None
            continue
        if (not stt and TOTAL_LABEL.match(name)) or (TOTAL_LABEL.match(stt) and not ROW_LABEL.match(stt)):
            row.kind, row.depth = "total", -1
            numbered, last, arabic_list = 1, None, None
            continue
        if stt.isdigit():
            if stt == "1" and numbered >= 3:
                arabic_list = numbered + 1          # a list restarting under a "1.1.2" row
            row.depth = arabic_list if arabic_list is not None else 2
        elif stt:
            if ROMAN_LABEL.match(stt) or GROUP_LABEL.match(stt) or "." in stt:
                arabic_list = None
            # "a", "b": siblings under the numbered row above them, not each under the last
            row.depth = label_depth(stt, outline if LETTER_LABEL.match(stt) else numbered, last)
        else:
            row.depth = last if last is not None else numbered + 1
        if stt and stt not in BULLET_DEPTH and not LETTER_LABEL.match(stt):
            numbered = outline = row.depth
        elif stt and LETTER_LABEL.match(stt):
            numbered = row.depth
        last = row.depth
    stack: list[tuple[int, int]] = []
    for k, row in enumerate(rows):
        if row.kind == "total":
            stack = []
            continue
        while stack and stack[-1][0] >= row.depth:
            stack.pop()
        row.parent_index = stack[-1][1] if stack else None
        stack.append((row.depth, k))
    parents = {r.parent_index for r in rows if r.parent_index is not None}
    for k, row in enumerate(rows):
        if row.kind == "total":
            continue
        row.kind = "group" if k in parents else "item"
        top = k
        while rows[top].parent_index is not None:
            top = rows[top].parent_index
        row.group = rows[top].label if top != k else None
        row.parent = rows[row.parent_index].label if row.parent_index is not None else None


def _opens_a_list(rows: list[Row], k: int) -> bool:
    """The row after row ``k`` is numbered ``1``: row ``k`` heads that list."""
    if k + 1 >= len(rows) or not rows[k + 1].cells[0]:
        return False
    return rows[k + 1].cells[0].text.strip().rstrip(".") == "1"


def cell_value(cell: Cell | None, convention: str) -> Decimal | None:
    if cell is None or not cell.text:
        return None
    return money.readings(cell.text).get(convention)


def _values(rows: list[Row], money_idx: list[int], convention: str) -> list[list[Decimal | None]]:
    return [[cell_value(r.cells[i], convention) for i in money_idx] for r in rows]


def _reorder(columns: list[Column], money_idx: list[int], total_pos: int) -> list[Column]:
    """Columns with the total moved to position ``total_pos`` of the money block."""
    block = [columns[i] for i in money_idx]
    total = [c for c in block if c.role == "total"]
    years = [c for c in block if c.role != "total"]
    if not total:
        return columns
    new_block = years[:total_pos] + total + years[total_pos:]
    out = list(columns)
    for i, col in zip(money_idx, new_block):
        out[i] = col
    return out


def arithmetic_score(reading: Reading, convention: str) -> tuple[int, int]:
    """(relations that hold, relations tested) under a convention, on raw numbers."""
    ok = tested = 0
    for check in table_checks(reading, convention, raw_units=True):
        tested += 1
        ok += check["ok"]
    return ok, tested


def _row_sum_votes(reading: Reading, money_idx: list[int], convention: str, pos: int | None) -> int:
    """Rows whose money cells add up with the total at position ``pos``, minus those that do not."""
    if pos is None:
        return 0
    votes = 0
    for row in reading.rows:
        values = [cell_value(row.cells[i], convention) for i in money_idx]
        if any(v is None for v in values):
            continue
        others = sum(v for k, v in enumerate(values) if k != pos)
        votes += 1 if others == values[pos] else -1
    return votes


def choose_reading(reading: Reading, doc_convention: str | None) -> None:
    """Decide the number convention and where the total stands among the money
    cells, from (1) the table's own sums, (2) numbers whose form proves one
    convention, (3) three-digit groups ending in zeros (``5.000``, ``6.100`` are
    not how decimals are written), (4) the document's prose. Still ambiguous:
    no values and a warning."""
    money_idx = reading.money_columns()
    cells = [r.cells[i] for r in reading.rows for i in money_idx if r.cells[i] is not None and r.cells[i].text]
    proven = {money.convention_of(c.text) for c in cells} - {None}
    candidates = [conv for conv in money.CONVENTIONS
                  if all(conv in money.readings(c.text) for c in cells)]
    if not candidates:
        reading.notes.append(("budget_number_conflict",
                              "the table's numbers do not follow one convention: " + ", ".join(sorted(proven))))
        candidates = list(money.CONVENTIONS)
    ambiguous = any(money.is_ambiguous(c.text) for c in cells)
    total_positions = [None]
    n_money = len(money_idx)
    if reading.total_column() is not None and len(reading.year_columns()) >= 2:
        total_positions = list(range(n_money))
    prior_pos = [reading.columns[i].role for i in money_idx].index("total") if total_positions != [None] else None
    best = None
    for conv, pos in product(candidates, total_positions):
        score = (_row_sum_votes(reading, money_idx, conv, pos), pos == prior_pos, conv == doc_convention)
        if best is None or score > best[0]:
            best = (score, conv, pos)
    _, conv, pos = best
    if pos is not None and pos != prior_pos:
        reading.columns = _reorder(reading.columns, money_idx, pos)
        reading.notes.append(("budget_header_order",
                              "the header lists the total in another place than the cells; "
                              "placed where the years sum to it"))
    if len(candidates) == 1 or not ambiguous:
        reading.convention = candidates[0]
        return
    scores = {c: arithmetic_score(Reading(reading.raw, reading.columns, reading.rows), c) for c in candidates}
    decisive = [c for c in candidates if scores[c][1] and scores[c][0] > max(
        scores[o][0] for o in candidates if o != c)]
    if decisive:
        reading.convention = decisive[0]
        return
    ambiguous_cells = [c.text for c in cells if money.is_ambiguous(c.text)]
    if all(regex.fullmatch(r"\d{1,3}[.,]\d{3}", t) for t in ambiguous_cells) and \
            any(t.endswith("00") for t in ambiguous_cells) and len({t[-4] for t in ambiguous_cells}) == 1:
        sep = ambiguous_cells[0][-4]
        reading.convention = money.VI if sep == "." else money.EN
        return
    if doc_convention in candidates:
        reading.convention = doc_convention
        reading.notes.append(("budget_number_ambiguous",
                              f"separators read by the document's convention ({doc_convention}); "
                              "the table states no sum to confirm it"))
        return
    reading.convention = None
    reading.notes.append(("budget_number_ambiguous",
                          "numbers such as " + ", ".join(ambiguous_cells[:3]) +
                          " read two ways and nothing in the table decides: no value"))


def choose_unit(reading: Reading) -> None:
    """The caption's unit; without one, triệu đồng when every amount is a bare
    number below a million (a plan's line counted in đồng would be larger)."""
    if reading.raw.unit:
        reading.multiplier, reading.unit_text = reading.raw.unit
        return
    for col in reading.columns:
        m = regex.search(r"\(([^)]*)\)", col.text)
        if col.role in MONEY_ROLES and m and money.unit_multiplier(m.group(1)):
            reading.multiplier, reading.unit_text = money.unit_multiplier(m.group(1)), m.group(1).strip()
            return
    if reading.convention is None:
        return
    values = [v for row in _values(reading.rows, reading.money_columns(), reading.convention) for v in row
              if v is not None]
    if values and max(values) < 10**6:
        reading.multiplier, reading.unit_text = 10**6, None
        reading.notes.append(("budget_unit_assumed",
                              "the table prints no unit; amounts below a million read as triệu đồng"))
    elif values:
        reading.multiplier, reading.unit_text = 1, None
        reading.notes.append(("budget_unit_assumed", "the table prints no unit; amounts read as đồng"))


def compute_values(reading: Reading) -> None:
    money_idx = reading.money_columns()
    reading.values = []
    for row in reading.rows:
        vals: dict[int, int | None] = {}
        for i in money_idx:
            if reading.convention is None or reading.multiplier is None:
                vals[i] = None
            else:
                vals[i] = money.to_vnd(cell_value(row.cells[i], reading.convention), reading.multiplier)
        reading.values.append(vals)


def _amounts(reading: Reading, convention: str | None, raw_units: bool) -> list[dict[int, object]]:
    """Per row, the money columns' values: exact ints or Decimals (never floats)."""
    money_idx = reading.money_columns()
    if raw_units:
        return [{i: cell_value(row.cells[i], convention) for i in money_idx} for row in reading.rows]
    return [{i: (reading.values[k][i] if reading.values else None) for i in money_idx}
            for k in range(len(reading.rows))]


def _col_name(reading: Reading, i: int) -> str:
    col = reading.columns[i]
    return col.year if col.role == "year" else "total"


def _sum(values: list):
    """The exact sum, or None when a value is missing."""
    if not values or any(v is None for v in values):
        return None
    total = values[0] * 0
    for v in values:
        total += v
    return total


def table_checks(reading: Reading, convention: str | None = None, raw_units: bool = False) -> list[dict]:
    """Every arithmetic relation the table states, as dicts with kind/ok/expected/actual/row/note.

    Relations: a row's years sum to its total; the rows under a group row sum
    to it; the top rows sum to the grand total; per money column. In a cost
    table, a row's quantity times its unit price is its amount. (Plain exact
    sums over the rows: a table is read once per convention tried, and pandas'
    per-row machinery would cost more than the arithmetic.)"""
    if not reading.rows:
        return []
    amounts = _amounts(reading, convention, raw_units)
    rows = reading.rows
    money_idx = reading.money_columns()
    years = reading.year_columns()
    total_col = reading.total_column()
    out: list[dict] = []

    def add(kind: str, expected, actual, row: int, note: str) -> None:
        if expected is None or actual is None:
            return
        out.append({"kind": kind, "ok": expected == actual, "expected": expected, "actual": actual,
                    "row": row, "note": note})

    if total_col is not None and len(years) >= 2:
        for k, row in enumerate(rows):
            add("years_sum_to_row_total", amounts[k][total_col], _sum([amounts[k][y] for y in years]),
                k, f"row {row.label or row.kind}: years vs total")
    children: dict[int, list[int]] = {}
    for k, row in enumerate(rows):
        if row.parent_index is not None:
            children.setdefault(row.parent_index, []).append(k)
    for k, row in enumerate(rows):
        members = children.get(k)
        if row.kind != "group" or not members:
            continue
        kind = "items_sum_to_group" if row.parent_index is None else "items_sum_to_subgroup"
        for i in money_idx:
            add(kind, amounts[k][i], _sum([amounts[m][i] for m in members]), k,
                f"row {row.label}, {_col_name(reading, i)}: {len(members)} rows vs group row")
    grand = max((k for k, row in enumerate(rows) if row.kind == "total"), default=None)
    if grand is not None:
        top = [k for k, row in enumerate(rows[:grand]) if row.kind != "total" and row.parent_index is None]
        kind = "groups_sum_to_grand_total" if any(rows[k].kind == "group" for k in top) else "items_sum_to_total"
        if top:
            for i in money_idx:
                add(kind, amounts[grand][i], _sum([amounts[k][i] for k in top]), grand,
                    f"{_col_name(reading, i)}: {len(top)} rows vs {rows[grand].kind} row")
    out.extend(cost_checks(reading, convention))
    return out


def cost_columns(reading: Reading) -> tuple[int, int, int] | None:
    """The quantity, unit price and amount columns of a cost table whose price
    and amount print the same unit (``Đơn giá (đồng)``, ``Thành tiền (đồng)``)."""
    price, quantity, total = reading.column_of("price"), reading.column_of("quantity"), reading.total_column()
    if price is None or quantity is None or total is None:
        return None
    if (reading.columns[price].unit or "").lower() != (reading.columns[total].unit or "").lower():
        return None
    return quantity, price, total


def cost_checks(reading: Reading, convention: str | None) -> list[dict]:
    """Quantity x unit price = amount, row by row, in a cost table whose price and
    amount columns print the same unit (``Đơn giá (đồng)``, ``Thành tiền (đồng)``)."""
    columns = cost_columns(reading)
    convention = convention or reading.convention
    if columns is None or convention is None:
        return []
    quantity, price, total = columns
    out = []
    for k, row in enumerate(reading.rows):
        q, p, a = (cell_value(row.cells[i], convention) for i in (quantity, price, total))
        if q is not None and p is not None and a is not None and row.kind == "item":
            out.append({"kind": "quantity_times_price", "ok": q * p == a, "expected": a, "actual": q * p,
                        "row": k, "note": f"row {row.label}: quantity x unit price vs amount"})
    return out


def one_digit_apart(a: int, b: int) -> bool:
    """Two amounts printed alike but for one digit (``7.527.924``, ``7.927.924``).

    >>> one_digit_apart(7527924, 7927924), one_digit_apart(7527924, 7527294), one_digit_apart(15, 150)
    (True, False, False)
    """
    x, y = str(a), str(b)
    return len(x) == len(y) and sum(1 for p, q in zip(x, y) if p != q) == 1


def repair_by_arithmetic(reading: Reading) -> list[tuple[int, str, str, str]]:
    """In an OCR'd table, an item's amount one digit apart from what its own
    cells make of it (quantity x unit price, or its years summed) is a misread
    digit: that value is taken. Returns ``(row, printed, repaired, why)`` for each."""
    total = reading.total_column()
    if total is None or reading.convention is None or reading.multiplier is None:
        return []
    repaired = []
    for k, row in enumerate(reading.rows):
        printed = cell_value(row.cells[total], reading.convention)
        if row.kind != "item" or printed is None or printed != int(printed):
            continue
        for expected, why in _row_readings(reading, row):
            if expected is not None and expected == int(expected) and expected != printed \
                    and one_digit_apart(int(expected), int(printed)):
                reading.values[k][total] = money.to_vnd(expected, reading.multiplier)
                separator = "," if reading.convention == money.EN else "."
                repaired.append((k, row.cells[total].text, f"{int(expected):,}".replace(",", separator), why))
                break
    return repaired


def _row_readings(reading: Reading, row: Row):
    """What a row's own cells make of its amount: quantity x unit price (price
    and amount in one unit), and its years summed (every year printed)."""
    columns = cost_columns(reading)
    if columns is not None:
        q, p = (cell_value(row.cells[i], reading.convention) for i in columns[:2])
        if q is not None and p is not None:
            yield q * p, "quantity x unit price"
    years = [cell_value(row.cells[i], reading.convention) for i in reading.year_columns()]
    if len(years) >= 2 and all(v is not None for v in years):
        yield sum(years), "the years summed"


# Table-model roles -> budget reading roles (the money ones: year and total).
MODEL_ROLES = {"label": "stt", "name": "name", "amount": "total", "year": "year", "lead": "lead",
               "partner": "partner", "source": "source", "date": "time", "price": "price",
               "quantity": "quantity"}


def read_model_table(table, doc_convention: str | None) -> Reading | None:
    """A table of the table model (``pipeline.table_model.Table``) read as a budget table."""
    raw = table.extra.get("raw")
    if raw is not None:
        return read_table(raw, doc_convention)       # a plain-text table: its own header reading
    columns = [Column(MODEL_ROLES.get(c.role, "other") if c.role != "year" or c.year else "other", c.text,
                      str(c.year) if c.year and c.role == "year" else None, c.unit) for c in table.columns]
    if columns[0].role not in ("stt", "name"):
        columns[0] = Column("stt", columns[0].text, None, columns[0].unit)
    if not any(c.role in MONEY_ROLES for c in columns) or not any(c.role == "name" for c in columns):
        return None
    name_col = next(i for i, c in enumerate(columns) if c.role == "name")
    rows = [Row(list(cells)) for cells in table.rows]
    rows = [r for r in rows if any(c is not None and c.text for c in r.cells)]
    if not rows:
        return None
    classify_rows(rows, name_col)
    reading = Reading(table.to_raw(), columns, rows)
    choose_reading(reading, doc_convention)
    choose_unit(reading)
    compute_values(reading)
    return reading


def read_table(raw: RawTable, doc_convention: str | None) -> Reading | None:
    """A RawTable read as a budget table, or None when it has no money column."""
    columns = column_layout(raw.header)
    if not any(c.role in MONEY_ROLES for c in columns) or not any(c.role == "name" for c in columns):
        return None
    name_col = next(i for i, c in enumerate(columns) if c.role == "name")
    rows = [Row(align_row(cells, columns, raw.layout == "tab")) for cells in raw.rows]
    rows = [r for r in rows if any(c is not None and c.text for c in r.cells)]
    if not rows:
        return None
    classify_rows(rows, name_col)
    reading = Reading(raw, columns, rows)
    choose_reading(reading, doc_convention)
    choose_unit(reading)
    compute_values(reading)
    return reading

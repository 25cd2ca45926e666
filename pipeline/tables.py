"""Find tables in plain text and cut them into cells, keeping every cell's offsets.

Three layouts reach us as text:

* tab-separated: one row per line, cells split by ``\\t``;
* one row per line, cells joined by spaces (PDF text): the header's column
  names found as phrases, a row cut around its last run of numbers;
* flattened: one cell per line (often blank-line separated), a header block
  starting ``STT`` and then the cells of each row, rows restarting at the next
  row number (``1``, ``2``, ``II``) or a total label (``Tổng kinh phí``).

This module only finds structure (header cells, rows of cells, the caption's
unit); reading the numbers is the budget extractor's job. Offsets are
working-text offsets.
"""
from __future__ import annotations

import bisect

from dataclasses import dataclass, field

import regex

from . import money

# A row number cell: arabic, roman, a letter, or multi-level.
# "1", "12", "II", "1.2", "a", "I."
ROW_LABEL = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])\.?$")
# Bullets that stand in a table's row-number column: "-", "+", "*", "•", "–".
ROW_BULLETS = frozenset({"-", "+", "*", "•", "–"})
# A total row's name in a table cell: "Tổng cộng", "Tổng kinh phí", "Cộng".
TOTAL_NAME = regex.compile(r"^(?:T[ổô]ng|Cộng)\b", regex.I)

# The first header cell of a table: the row-number column.
# "STT", "Stt", "TT", "Số TT", "TT:"; OCR reads a T as I ("SIT", "STI"). The one
# pattern of the row-number header cell, for every table reader.
HEADER_START = regex.compile(r"^(?:S[TI][TI]|TT|Số\s*TT|Số\s+thứ\s+tự)[.:]?$", regex.I)

# A total row's label; OCR may drop "ổ" ("Tng kinh phí thực hiện").
# "Tổng kinh phí", "Tổng cộng", "Tổng", "Cộng", "Tng kinh phí thực hiện"
TOTAL_LABEL = regex.compile(
    r"""
    ^(?:T[ổôo]?n?g(?:\s+(?:cộng|số|kinh\s*phí|vốn|mức))?|Cộng|Tổng\s+cộng)
    (?:\s+\S+){0,6}\s*:?$                  # a few more words at most
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# A heading that cannot be a table cell: numbering with text after it.
# "II. MỤC TIÊU ỨNG DỤNG CNTT.", "1. Mục tiêu chung", "VI. TỔ CHỨC THỰC HIỆN."
HEADING_LINE = regex.compile(r"^(?:[IVXLC]{1,6}|\d{1,2})\.\s+\S")

MAX_HEADER_CELLS = 16
MAX_CELL_CHARS = 400


@dataclass(frozen=True)
class Cell:
    """One cell's text and its working-text range."""

    text: str
    start: int
    end: int


@dataclass
class RawTable:
    """A table as found: header cells, rows of cells, caption unit, range."""

    layout: str                      # "tab" or "flat"
    header: list[Cell]
    rows: list[list[Cell]]
    start: int
    end: int
    unit: tuple[int, str] | None = None
    unit_span: tuple[int, int] | None = None
    caption: str = ""
    extra: dict = field(default_factory=dict)


def lines_with_offsets(text: str, start: int = 0, end: int | None = None) -> list[Cell]:
    """Non-blank lines of ``text[start:end]`` as stripped Cells.

    >>> [c.text for c in lines_with_offsets("a\\n\\n b \\nc")]
    ['a', 'b', 'c']
    >>> lines_with_offsets("x\\n  yy ")[1]
    Cell(text='yy', start=4, end=6)
    """
    end = len(text) if end is None else end
    out = []
    for m in regex.finditer(r"[^\n]+", text[start:end]):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        s = start + m.start() + lead
        out.append(Cell(stripped, s, s + len(stripped)))
    return out


def find_caption_unit(lines: list[Cell], index: int, lookback: int = 6) -> tuple[tuple[int, str], Cell] | None:
    """The unit named by a caption line among the ``lookback`` lines before ``index``."""
    for j in range(index - 1, max(-1, index - 1 - lookback), -1):
        if HEADING_LINE.match(lines[j].text):
            break                            # a heading above: the caption would belong to another part
        unit = money.caption_unit(lines[j].text)
        if unit:
            return unit, lines[j]
    return None


def is_number_cell(text: str) -> bool:
    return bool(money.readings(text))


def next_labels(label: str | None, is_group: bool) -> set[str]:
    """Row numbers that may follow ``label``: the next in its series, a new group, its first child.

    >>> sorted(label for label in next_labels("6", False) if not label.isalpha() or len(label) == 1)
    ['6.1', '7', 'I', 'V', 'X', 'a']
    >>> "1" in next_labels("II", True), "III" in next_labels("II", True)
    (True, True)
    """
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    out = set(romans[:10])
    if label is None:
        return out | {"1", "a"}
    core = label.rstrip(".")
    if core.isdigit():
        out |= {str(int(core) + 1), f"{core}.1", "a"}
    elif regex.fullmatch(r"\d+(?:\.\d+)+", core):
        head, _, last = core.rpartition(".")
        out |= {f"{head}.{int(last) + 1}", str(int(core.split('.')[0]) + 1)}
    elif core in romans:
        out |= {"1", "a"}
    elif len(core) == 1 and core.isalpha():
        out |= {chr(ord(core) + 1), "1"}
    if is_group:
        out |= {"1", "a"}
    return out


def _scan(lines: list[Cell], starts_table, read_table) -> list[RawTable]:
    """Tables found line by line: where ``starts_table(i)``, ``read_table(i)`` gives
    ``(table or None, index after it)``; reading resumes after each table found."""
    tables: list[RawTable] = []
    i = 0
    while i < len(lines):
        if starts_table(i):
            table, i_next = read_table(i)
            if table is not None:
                tables.append(table)
                i = i_next
                continue
        i += 1
    return tables


def paragraph_cells(text: str, lines: list[Cell] | None = None) -> list[Cell]:
    """Paragraphs (runs of lines between empty lines) as Cells, their lines joined
    by a space: the cells of a flat table whose cells are set apart by empty
    lines, where a long cell wraps onto a second line (a PDF's text layer). A
    number is a cell of its own even with no empty line beside it.

    >>> [c.text for c in paragraph_cells("STT\\n\\nTên dự án\\nmở rộng\\n\\n2016")]
    ['STT', 'Tên dự án mở rộng', '2016']
    """
    lines = lines if lines is not None else lines_with_offsets(text)
    cells: list[Cell] = []
    run: list[Cell] = []
    for line in lines:
        if run and (text.count("\n", run[-1].end, line.start) >= 2
                    or is_number_cell(line.text) or is_number_cell(run[-1].text)):
            cells.append(_joined(run))
            run = []
        run.append(line)
    if run:
        cells.append(_joined(run))
    return cells


def _joined(lines: list[Cell]) -> Cell:
    """Wrapped lines of one cell as one Cell spanning them."""
    return Cell(" ".join(c.text for c in lines), lines[0].start, lines[-1].end)


def _reads_better(by_paragraph: RawTable, by_line: RawTable | None) -> bool:
    """The paragraph reading of a table is taken when it reads more rows, or as
    many under the same header (a header cell joined to the next, ``Tổng kinh
    phí`` + ``Nguồn vốn`` on two lines, says the lines were cells)."""
    if by_line is None or len(by_paragraph.rows) > len(by_line.rows):
        return True
    return len(by_paragraph.header) == len(by_line.header) and len(by_paragraph.rows) == len(by_line.rows)


def cells_set_apart(text: str, lines: list[Cell], i: int, count: int = 3) -> bool:
    """The ``count`` lines from ``i`` on are each followed by an empty line."""
    following = lines[i:i + count + 1]
    return len(following) == count + 1 and all(
        "\n\n" in text[a.end:b.start].replace(" ", "") for a, b in zip(following, following[1:]))


def find_flat_tables(text: str, lines: list[Cell] | None = None) -> list[RawTable]:
    """Tables flattened one cell per line, found from their ``STT`` header cell.
    Where the header cells are set apart by empty lines, a cell may be a
    paragraph (its wrapped lines joined), when that reads the table better."""
    lines = lines if lines is not None else lines_with_offsets(text)
    paragraphs: list[Cell] | None = None
    starts: list[int] = []

    def read_table(i: int) -> tuple[RawTable | None, int]:
        nonlocal paragraphs, starts
        by_line = _read_flat(lines, i)
        if not cells_set_apart(text, lines, i):
            return by_line
        if paragraphs is None:
            paragraphs = paragraph_cells(text, lines)
            starts = [c.start for c in paragraphs]
        if len(paragraphs) == len(lines):
            return by_line                    # no paragraph runs over two lines: the same reading
        k = bisect.bisect_left(starts, lines[i].start)
        if k >= len(paragraphs) or paragraphs[k].start != lines[i].start:
            return by_line                    # the header cell runs on from the line above
        table, _ = _read_flat(paragraphs, k)
        if by_line[0] is not None and (table is None or len(table.header) != len(by_line[0].header)):
            table = _header_by_line_body_by_paragraph(lines, i, by_line[0], paragraphs, starts) or table
        if table is None or not _reads_better(table, by_line[0]):
            return by_line
        return table, next((j for j in range(i, len(lines)) if lines[j].start >= table.end), len(lines))

    return _scan(lines, lambda i: opens_header(lines, i), read_table)


# The header of a table's name column: "Tên dự án", "Nội dung", "Danh mục", "Hạng mục", "Chỉ tiêu".
NAME_HEADER = regex.compile(r"^(?:Tên|Nội\s*dung|Danh\s*mục|Hạng\s*mục|Chỉ\s*tiêu)\b", regex.I)
# A first header cell OCR misread ("ĐỊT", ">LL" for "STT"): a token this short, no digit in it.
MAX_MISREAD_HEADER = 4


def opens_header(lines: list[Cell], i: int) -> bool:
    """Line ``i`` is a table's first header cell: ``STT``, or a short token
    without digits (``STT`` as OCR misread it) right above the name column's header.

    >>> opens_header([Cell("ĐỊT", 0, 3), Cell("Tên cơ quan, nhiệm vụ", 4, 25)], 0)
    True
    >>> opens_header([Cell("Ghi", 0, 3), Cell("Nguồn vốn", 4, 13)], 0)
    False
    """
    text = lines[i].text
    if HEADER_START.match(text):
        return True
    return (len(text) <= MAX_MISREAD_HEADER and not any(ch.isdigit() for ch in text) and i + 1 < len(lines)
            and NAME_HEADER.match(lines[i + 1].text) is not None)


def _header_by_line_body_by_paragraph(lines: list[Cell], i: int, by_line: RawTable, paragraphs: list[Cell],
                                      starts: list[int]) -> RawTable | None:
    """The table read with its header cells line by line (two header cells on
    adjacent lines, ``Tổng kinh phí`` / ``Nguồn vốn``, are two cells) and its
    body paragraph by paragraph (a name wrapped onto a second line is one cell)."""
    body_start = by_line.rows[0][0].start
    k = bisect.bisect_left(starts, body_start)
    if k >= len(paragraphs) or paragraphs[k].start != body_start:
        return None
    header_lines = [c for c in lines[i:i + len(by_line.header) + 1] if c.start < body_start]
    table, _ = _read_flat(header_lines + paragraphs[k:], 0)
    return table


def _is_row_start(lines: list[Cell], j: int, expected: set[str]) -> bool:
    """A row starts at line j: an expected row number followed by a text cell, or a total label."""
    text = lines[j].text
    if TOTAL_LABEL.match(text) and not is_number_cell(text):
        return True
    return _is_numbered_row(lines, j, expected)


def _is_numbered_row(lines: list[Cell], j: int, expected: set[str]) -> bool:
    text = lines[j].text
    label = text.rstrip(".")
    if ROW_LABEL.match(text) and label in expected and j + 1 < len(lines):
        following = lines[j + 1].text
        return not is_number_cell(following)
    return False


def _read_flat(lines: list[Cell], i: int) -> tuple[RawTable | None, int]:
    header = [lines[i]]
    j = i + 1
    while j < len(lines) and len(header) < MAX_HEADER_CELLS:
        text = lines[j].text
        if _is_numbered_row(lines, j, next_labels(None, False)) or is_number_cell(text) \
                and not regex.fullmatch(r"(?:19|20)\d\d", text):
            break
        header.append(lines[j])
        j += 1
    if len(header) < 3 or j >= len(lines) or not _is_numbered_row(lines, j, next_labels(None, False)):
        return None, i + 1
    n_money = sum(1 for c in header if _money_header(c.text))
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    label: str | None = None
    group = False
    lost_number = False           # the current row's number was lost (an empty first cell, not a total)
    while j < len(lines):
        line = lines[j]
        if len(line.text) > MAX_CELL_CHARS or HEADING_LINE.match(line.text):
            break
        numbers_seen = sum(1 for c in current[2:] if is_number_cell(c.text))
        row_done = not current or numbers_seen >= max(n_money, 1)
        expected = next_labels(label, group)
        if current and len(current) >= len(header) - 1 and not is_number_cell(current[-1].text):
            # a full row ended by a text cell: any row number follows (OCR misreads some)
            expected = expected | {lines[j].text.rstrip(".")}
        if row_done and _is_row_start(lines, j, expected):
            if current:
                rows.append(current)
            current = [line]
            lost_number = False
            if TOTAL_LABEL.match(line.text) and not ROW_LABEL.match(line.text):
                label, group = None, True
                current = [Cell("", line.start, line.start), line]
            else:
                label = line.text.rstrip(".")
                group = bool(regex.fullmatch(r"[IVXLC]+|[A-Z]", label))
            j += 1
            if j < len(lines) and current[0].text:
                current.append(lines[j])      # the name cell
                j += 1
            continue
        if row_done and current and (current[0].text or lost_number) \
                and _lost_its_number(lines, j, current, header):
            rows.append(current)
            current = [Cell("", line.start, line.start), line]      # OCR lost the row number: "5" unread
            label, group, lost_number = None, False, True
            j += 1
            continue
        if row_done and current and (group or not current[0].text and not lost_number) \
                and not is_number_cell(line.text):
            break                              # group and total rows carry no text after their numbers
        if row_done and current and not is_number_cell(line.text) and _trailing_full(current, header):
            break
        current.append(line)
        j += 1
    if current:
        rows.append(current)
    if not rows:
        return None, i + 1
    start = header[0].start
    unit = find_caption_unit(lines, i)
    table = RawTable(
        layout="flat",
        header=header,
        rows=rows,
        start=start,
        end=rows[-1][-1].end,
        unit=unit[0] if unit else None,
        unit_span=(unit[1].start, unit[1].end) if unit else None,
    )
    return table, j


def _lost_its_number(lines: list[Cell], j: int, current: list[Cell], header: list[Cell]) -> bool:
    """After a row of items (not a total) printed in full (a header cell spanning others not
    counted) and ended by a text cell, a name with a number among the next two
    cells starts a row whose number was lost."""
    text = lines[j].text
    if len(current) < len(header) - 1 or is_number_cell(current[-1].text):
        return False
    if is_number_cell(text) or TOTAL_LABEL.match(text) or ROW_LABEL.match(text) or len(text) > MAX_NAME_CHARS \
            or len(text.split()) < 2:
        return False                         # a name is two words or more ("IH" is a misread "III")
    return any(is_number_cell(c.text) for c in lines[j + 1:j + 3])


# A row's name cell is at most this long (a longer line is prose after the table).
MAX_NAME_CHARS = 200


def _money_header(text: str) -> bool:
    return bool(regex.match(r"^(?:Năm\s*)?(?:19|20)\d\d$|^(?:Tổng|Kinh\s*phí|Thành\s*tiền|Dự\s*toán)", text,
                            regex.IGNORECASE)) and not regex.search(r"phân\s*kỳ", text, regex.IGNORECASE)


def _trailing_full(current: list[Cell], header: list[Cell]) -> bool:
    """The row already has as many cells as the header (a spanning header cell not counted)."""
    return len(current) >= len(header)


# A tab-separated line with at least two tabs.
# "STT\tNội dung thực hiện\tThời gian\tĐơn vị chủ trì\tKinh phí"
TAB_ROW = regex.compile(r"^[^\n]*\t[^\n]*\t[^\n]*$", regex.MULTILINE)


def find_tab_tables(text: str) -> list[RawTable]:
    """Runs of consecutive tab-separated lines; the first line is the header."""
    tables: list[RawTable] = []
    run: list[regex.Match] = []

    def close() -> None:
        if len(run) >= 2:
            cells = [_split_tabs(m) for m in run]
            lines = lines_with_offsets(text, max(0, run[0].start() - 600), run[0].start())
            unit = find_caption_unit(lines, len(lines))
            tables.append(RawTable(
                layout="tab",
                header=cells[0],
                rows=cells[1:],
                start=run[0].start(),
                end=run[-1].end(),
                unit=unit[0] if unit else None,
                unit_span=(unit[1].start, unit[1].end) if unit else None,
            ))
        run.clear()

    for m in TAB_ROW.finditer(text):
        gap = text[run[-1].end():m.start()] if run else ""
        if run and (gap.strip() != "" or gap.count("\n") > 2):
            close()                          # prose between, or more than one blank line
        run.append(m)
    close()
    return tables


def _split_tabs(m: regex.Match) -> list[Cell]:
    cells = []
    pos = m.start()
    for part in m.group().split("\t"):
        stripped = part.strip(" |")          # a Markdown row's leftover pipe: "| Tổng cộng"
        lead = len(part) - len(part.lstrip(" |"))
        cells.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(part) + 1
    return cells


# ---------------------------------------------------------------- one row per line
# PDF text extraction often prints a table one row per line, cells joined by
# spaces: "1 Hệ thống thư điện tử 2012 1.447 Ngân sách tỉnh". The header's
# column names are found as phrases in its line(s); a row is cut into cells
# around its last run of numbers (a name may hold numbers of its own:
# "Phần mềm quản lý hộ tịch 195 xã phường 650 500 1,000 ...").

# Column-name phrases in a header line, longest first within each family.
# "STT Nội dung Thời gian Kinh phí Nguồn vốn", "TT Danh mục dự án Tổng 2016 2017 2018"
HEADER_PHRASE = regex.compile(
    r"""
    (?<!\w)(?:
      STT|Stt|TT|Số\s+TT
    | Nội\s+dung(?:\s+thực\s+hiện|\s+công\s+việc)?
    | Danh\s+mục(?:\s+dự\s+án|\s+nhiệm\s+vụ)?
    | Tên\s+(?:dự\s+án|nhiệm\s+vụ|cơ\s+quan|công\s+trình)(?:,\s*(?:nhiệm\s+vụ|dự\s+án))?
    | Hạng\s+mục
    | Thời\s+gian(?:\s+thực\s+hiện)?|Tiến\s+độ
    | Phân\s+kỳ(?:\s+đầu\s+tư)?(?:\s+và\s+lộ\s+trình)?
    | Tổng\s+kinh\s+phí|Tổng\s+cộng|Tổng\s+số|Tổng|Kinh\s+phí(?:\s*\([^)]*\))?|Thành\s+tiền|Dự\s+toán
    | Nguồn\s+vốn|Nguồn\s+kinh\s+phí
    | (?:Đơn\s+vị|Cơ\s+quan)\s+chủ\s+trì|Chủ\s+trì
    | (?:Đơn\s+vị|Cơ\s+quan)\s+phối\s+hợp|Phối\s+hợp
    | (?:Năm\s+)?(?:19|20)\d\d
    )(?!\w)
    """,
    regex.VERBOSE,
)

# A header line: the row-number column first. "STT Nội dung Thời gian Kinh phí"
LINE_HEADER = regex.compile(r"^(?:STT|Stt|TT|Số\s+TT)\s+\S")

# A word of a row line: a number cell or a piece of text.
# "1.447", "0", "-", "2014-2015" (a period, kept as text)
LINE_TOKEN = regex.compile(r"\S+")


def find_line_tables(text: str, lines: list[Cell] | None = None) -> list[RawTable]:
    """Tables printed one row per line with cells joined by spaces."""
    lines = lines if lines is not None else lines_with_offsets(text)
    return _scan(lines, lambda i: bool(LINE_HEADER.match(lines[i].text)) and "\t" not in lines[i].text,
                 lambda i: _read_line_table(text, lines, i))


def _header_cells(line: Cell) -> list[Cell]:
    return [Cell(m.group(), line.start + m.start(), line.start + m.end())
            for m in HEADER_PHRASE.finditer(line.text)]


def _line_cells(line: Cell, min_numbers: int) -> list[Cell] | None:
    """Cut a row line into cells: its label, its text, each number of its last
    number run, and the text after; None if it has no run of ``min_numbers``."""
    tokens = [(m.group(), line.start + m.start(), line.start + m.end()) for m in LINE_TOKEN.finditer(line.text)]
    numeric = [is_number_cell(t[0].rstrip(";,")) for t in tokens]
    runs, k = [], 0
    while k < len(tokens):
        if numeric[k]:
            j = k
            while j < len(tokens) and numeric[j]:
                j += 1
            runs.append((k, j))
            k = j
        else:
            k += 1
    runs = [r for r in runs if r[1] - r[0] >= min_numbers and r[0] > 0]
    if not runs:
        return None
    a, b = runs[-1]

    def joined(part: list) -> list[Cell]:
        return [Cell(" ".join(t[0] for t in part), part[0][1], part[-1][2])] if part else []

    head = tokens[:a]
    period = []
    if len(head) > 2 and PERIOD_TOKEN.match(head[-1][0]):
        period, head = [Cell(*head[-1])], head[:-1]      # "2013-2014" before the amounts: a time cell
    first = head[0][0].rstrip(".")
    if ROW_LABEL.match(head[0][0]) and len(head) > 1:
        cells = [Cell(head[0][0], head[0][1], head[0][2]), *joined(head[1:])]
    elif ROW_LABEL.match(head[0][0]) and first.isalpha() is False:
        cells = [Cell(head[0][0], head[0][1], head[0][2]), Cell("", head[0][2], head[0][2])]
    else:
        cells = [Cell("", head[0][1], head[0][1]), *joined(head)]
    cells += period
    cells += [Cell(t[0].rstrip(";,"), t[1], t[2]) for t in tokens[a:b]]
    cells += joined(tokens[b:])
    return cells


def _split_next_row(cells: list[Cell], expected: set[str], line_end: int) -> tuple[list[Cell], Cell | None]:
    """A row line that also holds the start of the next row (two lines joined
    upstream): "... 2,000 Sở Tư pháp 2 Cổng dịch vụ công" -> this row, and the
    next row's beginning, to be completed by the following line."""
    last = cells[-1]
    if is_number_cell(last.text):
        return cells, None
    for m in regex.finditer(r"(?<=\s)(?P<label>\S+)\s+(?=\p{Lu})", last.text):
        if m.group("label").rstrip(".") in expected and ROW_LABEL.match(m.group("label")):
            kept = last.text[:m.start()].rstrip()
            head = Cell(kept, last.start, last.start + len(kept))
            return [*cells[:-1], head], Cell(last.text[m.start():], last.start + m.start(), line_end)
    return cells, None


# A period cell: "2013-2014", "6/2010", "2014–2015"
PERIOD_TOKEN = regex.compile(r"^(?:\d{1,2}/)?(?:19|20)\d\d(?:[-–](?:19|20)?\d\d)?$")


def _read_line_table(text: str, lines: list[Cell], i: int) -> tuple[RawTable | None, int]:
    header = _header_cells(lines[i])
    j = i + 1
    # a header wrapped over a second line: its phrases follow the first line's
    if j < len(lines) and not ROW_LABEL.match(LINE_TOKEN.match(lines[j].text).group()) \
            and not TOTAL_LABEL.match(lines[j].text) and _header_cells(lines[j]) \
            and _line_cells(lines[j], 1) is None:
        header += _header_cells(lines[j])
        j += 1
    n_money = sum(1 for c in header if _money_header(c.text))
    if len(header) < 3 or n_money == 0:
        return None, i + 1
    rows: list[list[Cell]] = []
    label: str | None = None
    group = False
    misses = 0
    pending: Cell | None = None           # a numbered row whose numbers come on a later line
    while j < len(lines) and misses <= 2:
        line = lines[j]
        first = LINE_TOKEN.match(line.text).group().rstrip(".")
        if pending is not None and first not in next_labels(label, group):
            # a wrapped row: read its lines as one ("\n" -> " " keeps the offsets)
            line = Cell(text[pending.start:line.end].replace("\n", " "), pending.start, line.end)
            first = LINE_TOKEN.match(line.text).group().rstrip(".")
        cells = _line_cells(line, min(n_money, 2))
        if cells is None and first in next_labels(label, group) and ROW_LABEL.match(first):
            pending = pending or lines[j]
            j += 1
            continue
        pending = None
        starts = cells is not None and (
            (cells[0].text and first in next_labels(label, group))
            or (not cells[0].text and TOTAL_LABEL.match(cells[1].text if len(cells) > 1 else "")))
        if starts:
            label = cells[0].text.rstrip(".") or None
            group = bool(label and regex.fullmatch(r"[IVXLC]+|[A-Z]", label))
            cells, pending = _split_next_row(cells, next_labels(label, group), line.end)
            rows.append(cells)
            misses = 0
        elif HEADING_LINE.match(line.text) and cells is None:
            break
        else:
            misses += 1                   # a wrapped name or lead line: kept in the span, not read
        j += 1
    if not rows:
        return None, i + 1
    unit = find_caption_unit(lines, i)
    if unit is None:
        for cell in header:
            u = money.caption_unit("Đơn vị: " + cell.text[cell.text.find("(") + 1:].rstrip(")")) \
                if "(" in cell.text else None
            if u:
                unit = (u, cell)
                break
    table = RawTable(
        layout="line",
        header=header,
        rows=rows,
        start=lines[i].start,
        end=rows[-1][-1].end,
        unit=unit[0] if unit else None,
        unit_span=(unit[1].start, unit[1].end) if unit else None,
    )
    return table, j

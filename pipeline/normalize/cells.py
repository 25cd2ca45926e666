"""Tables flattened one cell per line between lone ``|`` lines, as edits.

Portal converters write an HTML table as a run of lines: a lone ``|`` opens
each row and closes each cell, the cell's text stands on the lines between::

    |            <- row start
    **TT**
    |            <- closes cell 1
    **Chỉ tiêu**
    |            <- closes cell 2 (the last one: the row ends)
    |            <- next row start
    1
    |
    ...

Two pipes in a row are therefore either an empty cell or the end of a row
followed by the start of the next one; nothing in the text tells them apart.
The table's own shape does: data rows of an HTML table have the same number of
cells (empty ones are written), while a header row that spans columns has
fewer. So the rows are chosen for the whole table at once
(:func:`split_rows`): every empty cell may instead be a row start, and the
split that makes the most rows exactly ``n`` cells long wins, for the column
count ``n`` that explains the table best.

A data table becomes one line per row, its cells separated by tabs (what the
budget reader reads). A layout table (the header block with the issuing body
and the quốc hiệu, the number and the date; the recipients and the signature)
keeps each cell's own lines, read cell after cell, which is the reading order
of a printed header: ``ỦY BAN NHÂN DÂN`` / ``TỈNH X`` / ``CỘNG HÒA ...``.
"""
from __future__ import annotations

import regex

from ..document import Edit
from .inline import inline_edits

# A line holding only a pipe: "|", "  | ".
LONE_PIPE = regex.compile(r"^[ \t]*\|[ \t]*$")

# Words only the header and signature blocks hold: the quốc hiệu and motto,
# "Số:", "Nơi nhận", a signing prefix (TM., KT., TL., TUQ., Q.), a rule under a
# header line ("-------").
LAYOUT_WORD = regex.compile(
    r"(?i)c[ộo]ng\s*h[òoà]a\s*x[ãa]\s*h[ộo]i|đ[ộo]c\s*l[ậa]p\s*-|^\W*s[ốo]\s*:|n[ơo]i\s*nh[ậa]n"
    r"|^\W*(?:TM|KT|TL|TUQ|Q)\s*\.\s*\p{Lu}|^\s*[-_=]{4,}\s*$"
)
# Most columns a layout table has (issuing body | quốc hiệu).
LAYOUT_MAX_COLUMNS = 2
# How many column counts above the longest run of filled cells are tried.
EXTRA_COLUMNS_TRIED = 4

STAR_RUN = regex.compile(r"\*+")

ROW_LONG = 10**6            # cost of a row with more cells than the table has columns
MERGED_ROW = 1.5            # cost of a row that seems to hold the opening of another

# A row-number cell: "1", "1.1", "1.1.2", "I", "IV", "a", "đ", "-", "+" (marks removed).
ROW_NUMBER = regex.compile(r"^\W*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ]|[-+•])\W*$")
# A total row's name: "Tổng cộng", "Tổng ( I +II +III +IV)", "Cộng".
TOTAL_CELL = regex.compile(r"^(?:T[ổô]ng|Cộng)\b", regex.I)
# A cell that names something: two words with letters.
NAME_CELL = regex.compile(r"\p{L}{2,}\S*\s+\S*\p{L}")


def cell_text(texts: list[str], cell: list[int]) -> str:
    return " ".join(texts[i] for i in cell).replace("*", "").strip()


def flat_cells(is_pipe: list[bool]) -> list[list[int]]:
    """The cells the lines make if no row ever ended: each a list of line indexes.

    The first line is the opening pipe; every later pipe closes one cell.
    """
    cells: list[list[int]] = []
    current: list[int] = []
    for index, pipe in enumerate(is_pipe[1:], start=1):
        if pipe:
            cells.append(current)
            current = []
        else:
            current.append(index)
    return cells


def best_split(cells: list[list[int]], columns: int, opens_row: list[bool] | None = None) -> tuple[float, list[int]]:
    """(cost, row-start positions) splitting the flat cells into rows of ``columns``.

    A row of exactly ``columns`` cells costs 0, a shorter one 1 (a header row
    spanning columns), a longer one is not allowed. A row start can only stand
    where the flat reading put an empty cell. A row that holds, after an empty
    cell, what looks like the opening of another row (``opens_row``: a row
    number followed by a name) costs ``MERGED_ROW`` more: it is two short rows
    (group rows spanning columns) read as one.
    """
    opens_row = opens_row or [False] * len(cells)
    k = len(cells)
    ends = [j for j in range(k) if not cells[j]] + [k]
    best = {-1: 0.0}                  # marker position -> cost of the best split up to it
    back: dict[int, int] = {}         # marker position -> the marker before it in that split
    for j in ends:
        choice = None
        for p, cost in best.items():
            length = j - (p + 1)
            if length < 0 or length > columns:
                continue
            inner = sum(1 for q in range(p + 2, j) if opens_row[q] and not cells[q - 1])
            total = cost + (0 if length == columns else 1) + MERGED_ROW * inner
            if choice is None or total < choice[0]:
                choice = (total, p)
        if choice is not None:
            best[j], back[j] = choice
            # markers more than a row behind can never start a row again
            for p in [p for p in best if p < j - columns - 1]:
                del best[p]
    if k not in best:
        return ROW_LONG, []
    markers, j = [], back[k]
    while j != -1:
        markers.append(j)
        j = back[j]
    return best[k], markers[::-1]


def split_rows(is_pipe: list[bool], texts: list[str] | None = None) -> list[list[list[int]]]:
    """Rows of cells (each a list of line indexes) for a run of pipe and text lines.

    ``texts`` (each line's text) lets a row number followed by a name mark
    where a row may open (see :func:`best_split`).

    >>> P, T = True, False
    >>> # | A | B |  then  | C |  | (an empty second cell)
    >>> split_rows([P, T, P, T, P, P, T, P, P])
    [[[1], [3]], [[6], []]]
    """
    cells = flat_cells(is_pipe)
    opens_row = [False] * len(cells)
    if texts is not None:
        for q in range(len(cells) - 1):
            if cells[q]:          # a row number, then a name: "1.1 | Vùng nuôi tôm"
                opens_row[q] = bool(cells[q + 1] and ROW_NUMBER.match(cell_text(texts, cells[q]))
                                    and NAME_CELL.search(cell_text(texts, cells[q + 1])))
            else:                 # an empty number cell, then a total: " | Tổng (I + II)"
                opens_row[q] = bool(cells[q + 1] and TOTAL_CELL.match(cell_text(texts, cells[q + 1])))
    longest = run = 0
    for cell in cells:
        run = run + 1 if cell else 0
        longest = max(longest, run)
    longest = max(longest, 1)
    best_cost, best_markers = None, []
    for columns in range(longest, longest + EXTRA_COLUMNS_TRIED + 1):
        cost, markers = best_split(cells, columns, opens_row)
        if best_cost is None or cost < best_cost:
            best_cost, best_markers = cost, markers
    rows, start = [], 0
    for marker in best_markers + [len(cells)]:
        rows.append(cells[start:marker])
        start = marker + 1
    return rows


def is_layout(text: str, lines: list[tuple[int, int]], rows: list[list[list[int]]]) -> bool:
    """A header or signature block set out as a table, not a table of data."""
    if max((len(row) for row in rows), default=0) > LAYOUT_MAX_COLUMNS:
        return False
    return any(LAYOUT_WORD.search(text[s:e].replace("*", "")) for s, e in lines)


def wraps_inside_emphasis(text: str, lines: list[tuple[int, int]], cell: list[int]) -> set[int]:
    """Lines of a cell that continue the previous one inside ``**...**``."""
    inside, joined = False, set()
    for index in cell:
        if inside and index - 1 in cell:
            joined.add(index)
        s, e = lines[index]
        for m in STAR_RUN.finditer(text, s, e):
            if not (m.start() > s and text[m.start() - 1] == "(" and text[m.end():m.end() + 1] == ")"):
                inside = not inside
    return joined


def cell_table_edits(text: str, lines: list[tuple[int, int]]) -> list[Edit]:
    """Edits turning the lines of one flattened table into rows (or header lines).

    ``lines`` are (start, end) offsets; the first and last are lone pipes.
    """

    is_pipe = [bool(LONE_PIPE.match(text[s:e])) for s, e in lines]
    rows = split_rows(is_pipe, [text[s:e] for s, e in lines])
    layout = is_layout(text, lines, rows)
    role: dict[int, str] = {}          # pipe line -> "start", "cell", "end"
    joined: set[int] = set()           # layout cell lines that continue the line before
    pipe_iter = iter([i for i, p in enumerate(is_pipe) if p])   # in the order the rows use them
    for row in rows:
        role[next(pipe_iter)] = "start"
        for n, cell in enumerate(row):
            role[next(pipe_iter)] = "end" if n == len(row) - 1 else "cell"
            if layout:
                joined |= wraps_inside_emphasis(text, lines, cell)
    for rest in pipe_iter:             # an empty row at the very end
        role[rest] = "end"

    edits: list[Edit] = []
    for i, (s, e) in enumerate(lines):
        previous_end = lines[i - 1][1] if i else None
        if is_pipe[i]:
            if previous_end is None:
                edits.append(Edit(s, e, ""))                       # the opening pipe
            elif role.get(i) == "start":
                edits.append(Edit(previous_end, e, "\n"))
            elif role.get(i) == "cell":
                edits.append(Edit(previous_end, e, "\n" if layout else "\t"))
            else:
                edits.append(Edit(previous_end, e, ""))
            continue
        if previous_end is not None:
            if is_pipe[i - 1]:
                edits.append(Edit(previous_end, s, ""))            # the pipe's own newline
            elif not layout or i in joined:
                edits.append(Edit(previous_end, s, " "))
        edits.extend(inline_edits(text, s, e))
    return edits

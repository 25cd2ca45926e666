"""Tables printed with spaces (``pdftotext -layout``, a table copied as text):
cells placed by the column they were printed in, wrapped cells gathered.

Normalization turns each wide gap of such a table into a tab, which keeps the
order of a line's cells but not where they stood. Two things need the place:

- a row with empty cells (``I   Hạ tầng   1.250.000.000``: the amount
  stands under ``Thành tiền``, eight columns to the right);
- a cell wrapped over several lines, printed under its own column on the lines
  below the row (``Tập huấn cán bộ`` / ``(02 lớp, mỗi`` / ``lớp 50 người)``),
  the lines of the header included (``Đơn giá`` / ``(đồng)``).

The printed column of every cell is read from the original text through the
offset map. pdftotext keeps columns apart but does not keep them aligned from
one row to the next, so a row's own first line is the reference: each piece
of a line below it goes to the cell of that first line printed nearest to it.
In the body a line continues the row above when it starts right of that row's
number and has none of its own (and opens no total row, and puts no second
number into a cell that holds one). In the header a line that has more pieces
than the line above, or two pieces under one of its cells, is a header row of
its own (a spanning cell over the cells below it, read by
``table_model.column_paths``); otherwise it continues the cells above. A
group or total row with fewer cells than the table is placed under the
columns its cells are printed flush with in the full rows nearest it.

A gathered cell's text joins its pieces with spaces; its range runs from its
first piece to its last, so it always covers the words it holds.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import OffsetMap
from .tables import ROW_BULLETS, ROW_LABEL, TOTAL_NAME, Cell

# A number as a value cell prints it: "1.250.000.000", "108", "95,6", "12%".
NUMBER_CELL = regex.compile(r"^[\d.,]+%?$")
# Full rows whose printed columns place a short row's cells.
NEAR_FULL_ROWS = 3


@dataclass(frozen=True)
class Source:
    """The original text and the map from working offsets to it."""
    original: str
    offsets: OffsetMap

    def column(self, pos: int) -> tuple[int, bool]:
        """The printed column of working position ``pos`` and whether its
        original line was laid out with spaces (holds no tab or pipe)."""
        orig = self.offsets.to_original(pos)
        line_start = self.original.rfind("\n", 0, orig) + 1
        line_end = self.original.find("\n", orig)
        line = self.original[line_start:line_end if line_end >= 0 else len(self.original)]
        return orig - line_start, "\t" not in line and "|" not in line

    def spaced_apart(self, left: Cell, right: Cell) -> bool:
        """Whether two cells of a working line stand on one original line with
        only spaces (two or more) between them."""
        gap = self.original[self.offsets.to_original(left.end):self.offsets.to_original(right.start)]
        return gap.count(" ") >= 2 and not gap.strip(" *")     # "*" is stripped from cells


def source_of(doc) -> Source:
    """The source of a :class:`pipeline.document.Document`."""
    return Source(doc.original, doc.offsets)


@dataclass
class Piece:
    cell: Cell
    left: int            # the printed column the cell starts at


def line_pieces(cells: list[Cell], source: Source) -> list[Piece] | None:
    """The non-empty cells of one working line with their printed columns;
    ``None`` when the line was not laid out with spaces."""
    pieces: list[Piece] = []
    for cell in cells:
        if not cell.text:
            continue
        left, spaced = source.column(cell.start)
        if not spaced or pieces and not source.spaced_apart(pieces[-1].cell, cell):
            return None
        pieces.append(Piece(cell, left))
    return pieces


def nearest(pieces: list[Piece], left: int) -> int:
    """The index of the piece printed nearest column ``left`` (the left one on a tie)."""
    return min(range(len(pieces)), key=lambda k: (abs(pieces[k].left - left), k))


class Row:
    """A row being gathered: the cells of its first line, each with the pieces
    of the lines below printed under it."""

    def __init__(self, first: list[Piece]):
        self.heads = first
        self.parts: list[list[Piece]] = [[p] for p in first]

    def targets(self, line: list[Piece]) -> list[int]:
        return [nearest(self.heads, p.left) for p in line]

    def add(self, line: list[Piece]) -> None:
        for k, piece in zip(self.targets(line), line):
            self.parts[k].append(piece)

    def cells(self) -> list[Cell]:
        return [Cell(" ".join(p.cell.text for p in parts), parts[0].cell.start, parts[-1].cell.end)
                for parts in self.parts]


def is_sub_row(row: Row, line: list[Piece]) -> bool:
    """A header line that is a row of its own (``Năm 2026 | Năm 2027`` under
    ``Giai đoạn 2026 - 2030``): it has more pieces than the row above, or two
    of its pieces stand under one cell of it."""
    targets = row.targets(line)
    return len(line) > len(row.heads) or len(set(targets)) < len(targets)


def is_row_number(piece: Piece) -> bool:
    return ROW_LABEL.match(piece.cell.text.rstrip(".")) is not None or piece.cell.text in ROW_BULLETS


def continues_row(row: Row, line: list[Piece]) -> bool:
    """Whether a body line is the wrapped part of the row above: it starts right
    of that row's number, has no row number of its own (a number or a bullet
    left of the row's name), opens no total row and puts no second number
    into a cell that holds one."""
    first, head = line[0], row.heads[0]
    if not is_row_number(head):        # a row without a number ("Tổng cộng"): only words under it
        return (first.left >= head.left and not is_row_number(first)
                and not any(NUMBER_CELL.match(p.cell.text) for p in line))
    if first.left < head.left + len(head.cell.text):
        return False
    if is_row_number(first) and (len(row.heads) < 2 or first.left < row.heads[1].left):
        return False
    if TOTAL_NAME.match(first.cell.text):
        return False
    for k, piece in zip(row.targets(line), line):
        if NUMBER_CELL.match(piece.cell.text) and any(NUMBER_CELL.match(p.cell.text) for p in row.parts[k]):
            return False
    return True


def is_indented_line(text: str, start: int, end: int, source: Source) -> bool:
    """A line without tabs printed away from the left margin (a wrapped cell's
    piece under its column), in a text laid out with spaces."""
    stripped = text[start:end].strip()
    if not stripped or "\t" in stripped or len(stripped) > 120:
        return False
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    column, spaced = source.column(lead)
    return spaced and column >= 2


def grid_rows(lines: list[list[Cell]], source: Source, is_body_start
              ) -> tuple[list[list[Cell | None]], int] | None:
    """The block's rows with wrapped cells gathered (each row's cells are the
    cells of its first line) and the index of the first body row, or ``None``
    when the block was not printed with spaces or has no row-number column.

    ``is_body_start(cells, k)`` tells the first line of the body (a data or group row).
    """
    pieces = []
    for cells in lines:
        line = line_pieces(cells, source)
        if line is None:
            return None                     # not printed with spaces: nothing to place
        pieces.append(line)
    body_start = next((i for i, cells in enumerate(lines) if is_body_start(cells, i)), len(lines))
    if sum(1 for p in pieces[body_start:] if p and is_row_number(p[0])) < 2:
        return None
    rows: list[Row] = []
    header_count = 0
    for i, line in enumerate(pieces):
        if not line:
            continue
        in_header = i < body_start
        if rows and (in_header and header_count and not is_sub_row(rows[-1], line)
                     or not in_header and len(rows) > header_count and continues_row(rows[-1], line)):
            rows[-1].add(line)
            continue
        rows.append(Row(line))
        header_count += in_header
    width = max(len(r.heads) for r in rows)
    body = rows[header_count:]
    full = [k for k, r in enumerate(body) if len(r.heads) == width]
    out = [r.cells() for r in rows[:header_count]]
    for k, row in enumerate(body):
        if len(row.heads) == width or not full:
            out.append(row.cells())
            continue
        # the full rows printed nearest this one (a page further on may be printed shifted)
        near = sorted(full, key=lambda j: abs(j - k))[:NEAR_FULL_ROWS]
        out.append(placed_cells(row, column_anchors([body[j].heads for j in near], width)))
    return out, header_count


def column_anchors(full_rows: list[list[Piece]], width: int) -> list[set[tuple[str, int]]]:
    """Per column, the left and right edges its cells are printed at in the full rows."""
    anchors: list[set[tuple[str, int]]] = [set() for _ in range(width)]
    for heads in full_rows:
        for k, piece in enumerate(heads):
            anchors[k].add(("left", piece.left))
            anchors[k].add(("right", piece.left + len(piece.cell.text)))
    return anchors


def anchored_column(piece: Piece, anchors: list[set[tuple[str, int]]]) -> int | None:
    """The one column a piece is printed flush with (an edge within one character)."""
    right = piece.left + len(piece.cell.text)
    hits = {k for k, edges in enumerate(anchors)
            for side, at in edges if abs((piece.left if side == "left" else right) - at) <= 1}
    return hits.pop() if len(hits) == 1 else None


def placed_cells(row: Row, anchors: list[set[tuple[str, int]]]) -> list[Cell | None]:
    """A row with fewer cells than the table (a group or total row) with each
    cell under the column it is printed flush with; when a cell stands under no
    column (or two share one), the cells in order, for the table model to place."""
    cells = row.cells()
    if not anchors or not any(anchors):
        return cells
    columns = [anchored_column(p, anchors) for p in row.heads]
    if is_row_number(row.heads[0]):
        columns[0] = 0                      # the row number stands in the first column
    if any(k is None for k in columns) or columns != sorted(set(columns)):
        return cells
    out: list[Cell | None] = [None] * len(anchors)
    for k, cell in zip(columns, cells):
        out[k] = cell
    if out[0] is None:                      # the table model reads a row from its first cell
        out[0] = Cell("", cells[0].start, cells[0].start)
    return out

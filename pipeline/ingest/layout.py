"""OCR words with boxes -> page text in reading order, each word's place kept.

Tesseract gives words with pixel boxes. Its own block order reads a two-column
administrative header well when it finds the columns, and badly when it takes
a visual row (``ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI ...``) as one line; it
reads a table column by column when it takes each column as a block. So the
page is rebuilt from geometry, as a chain of named steps:

``words`` -> :func:`group_lines` (Tesseract's block/par/line numbers) ->
:func:`split_segments` (a line broken at wide gaps) -> :func:`visual_rows`
(segments side by side at one height) -> :func:`reading_order` (runs of
two-part rows read column by column: the header; rows of three or more parts,
or with numeric cells, read row by row with cells joined by tabs: a table) ->
:func:`render` (the text, and each word's character range in it).

Every word keeps its box, converted to PDF points (``x0, top, x1, bottom``
from the page's top-left corner), so any span of the text maps back to the
words it covers.
"""
from __future__ import annotations

import math

from dataclasses import dataclass, field
from statistics import median

import regex

# A gap wider than this many word heights separates two segments of a row
# (columns of the header, cells of a table); word spaces in justified text stay
# under one line height.
SEGMENT_GAP_LINE_HEIGHTS = 1.2
# Two lines belong to one visual row when their vertical overlap is at least
# this share of the lower one's height.
ROW_OVERLAP = 0.5
# Two pieces of one row may overlap horizontally by this share of the narrower
# one (a cell's text running into the next cell).
SIDE_BY_SIDE_SLACK = 0.2
# A cell that is a number or an amount: ``2024``, ``1.500``, ``25%``, ``-``.
NUMERIC_CELL = regex.compile(r"^[\d.,%\-–+/() ]+$")
# A cell that is a whole number (not ``2009-``, whose years wrap onto the next line).
COMPLETE_NUMBER = regex.compile(r"^[\d.,%() ]*\d[%)]?$")
# A line of words shorter than this share of the page's word height is the
# accents of the line below, read as a line of their own.
ACCENT_LINE_HEIGHT = 0.4
# Lines wrap only on a page whose text runs at least this share of the page width.
MIN_TEXT_WIDTH = 0.6
# Centre-to-centre distance of the lines of a paragraph in single spacing, in word heights.
SINGLE_SPACING_PITCH = 1.5
# A line that ends a sentence or clause: ``...trực tuyến.``, ``như sau:``.
SENTENCE_END = regex.compile(r"[.:;!?…]\W*$")
# The start of a new item: ``I.``, ``1.``, ``1.2.``, ``a)``, ``-``, ``+``, ``Điều 3``, ``Căn cứ``.
NEW_ITEM = regex.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*[.)]|\p{L}[.)]|[-+•–]\s|Điều\s|Chương\s|Phụ\s+lục|Căn\s+cứ)")


@dataclass(frozen=True)
class OcrWord:
    """One recognized word: text, pixel box, confidence (0-100), layout numbers."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    block: int = 0
    par: int = 0
    line: int = 0

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass
class Segment:
    """Words of one line that sit together (a column's line, a table cell)."""

    words: list[OcrWord]

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Row:
    segments: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> int:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> int:
        return max(s.bottom for s in self.segments)


@dataclass(frozen=True)
class PlacedWord:
    """A word's character range in the page text, its box in points, its confidence."""

    start: int
    end: int
    bbox: tuple[float, float, float, float]
    conf: float


# -- the steps ---------------------------------------------------------------

def parse_tsv(tsv: str) -> list[OcrWord]:
    """Tesseract's TSV (level 5 rows are words) -> words with a text.

    >>> row = "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t12\\t91.5\\tKế"
    >>> parse_tsv(row)[0].text, parse_tsv(row)[0].conf
    ('Kế', 91.5)
    """
    words = []
    for line in tsv.splitlines():
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            block, par, ln = int(cols[2]), int(cols[3]), int(cols[4])
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        words.append(OcrWord(cols[11].strip(), left, top, width, height, conf, block, par, ln))
    return words


def without_accent_lines(words: list[OcrWord]) -> list[OcrWord]:
    """The words less the lines Tesseract made of the marks above a line of text
    (``~ .ÃA “xe. A2`` over ``xã biên giới``): a line whose words are under
    ``ACCENT_LINE_HEIGHT`` of the page's word height and hold letters. A line
    of small dashes (``- - - -`` under the issuer) holds none and stays.

    >>> word = lambda t, h, line: OcrWord(t, 0, 0, 10, h, 90.0, 1, 1, line)
    >>> [w.text for w in without_accent_lines([word("xã", 40, 1), word(".ÃA", 10, 2), word("-", 4, 3)])]
    ['xã', '-']
    """
    if not words:
        return words
    tall = median(w.height for w in words)
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault((word.block, word.par, word.line), []).append(word)
    accents = {key for key, ws in lines.items()
               if median(w.height for w in ws) < ACCENT_LINE_HEIGHT * tall
               and any(ch.isalnum() for w in ws for ch in w.text)}
    return [w for w in words if (w.block, w.par, w.line) not in accents]


def group_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped by Tesseract's (block, paragraph, line), left to right."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault((word.block, word.par, word.line), []).append(word)
    return [sorted(ws, key=lambda w: w.left) for ws in lines.values()]


def split_segments(line: list[OcrWord]) -> list[Segment]:
    """A line broken where the gap between two words is wider than two line heights."""
    height = median(w.height for w in line)
    segments = [Segment([line[0]])]
    for prev, word in zip(line, line[1:]):
        if word.left - prev.right > SEGMENT_GAP_LINE_HEIGHTS * height:
            segments.append(Segment([word]))
        else:
            segments[-1].words.append(word)
    return segments


def visual_rows(segments: list[Segment]) -> list[Row]:
    """Segments that overlap vertically form one row; rows top to bottom, segments left to right."""
    rows: list[Row] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.left)):
        for row in reversed(rows[-3:]):
            if same_row(row, seg):
                row.segments.append(seg)
                break
        else:
            rows.append(Row([seg]))
    for row in rows:
        row.segments.sort(key=lambda s: s.left)
        row.segments = merge_touching(row.segments)
    return rows


def same_row(row: Row, seg: Segment) -> bool:
    """A segment joins a row when it overlaps the row's segments vertically (by at
    least ROW_OVERLAP of the lower height) and none of them horizontally: two
    pieces of one visual row sit side by side, never one above the other."""
    for other in row.segments:
        shared = min(seg.right, other.right) - max(seg.left, other.left)
        if shared > SIDE_BY_SIDE_SLACK * min(seg.right - seg.left, other.right - other.left):
            return False
    centre = (seg.top + seg.bottom) / 2
    if any(o.top <= centre <= o.bottom for o in row.segments):
        return True                       # a flat mark (``-``) in the middle of the line
    overlap = max(min(o.bottom, seg.bottom) - max(o.top, seg.top) for o in row.segments)
    lowest = min(seg.height, min(o.height for o in row.segments))
    return overlap >= ROW_OVERLAP * lowest


def merge_touching(segments: list[Segment]) -> list[Segment]:
    """Neighbouring segments of one row closer than the segment gap are one segment
    (the gap measured in the taller one's height: a flat ``-`` beside a ``*``)."""
    merged = [segments[0]]
    for seg in segments[1:]:
        prev = merged[-1]
        if seg.left - prev.right <= SEGMENT_GAP_LINE_HEIGHTS * max(prev.height, seg.height):
            merged[-1] = Segment(prev.words + seg.words)
        else:
            merged.append(seg)
    return merged


def is_table_row(row: Row) -> bool:
    """Three or more cells, or two with a numeric one: a table row, read across."""
    if len(row.segments) >= 3:
        return True
    return len(row.segments) == 2 and any(NUMERIC_CELL.match(s.text) for s in row.segments)


def reading_order(rows: list[Row]) -> list[list[Segment]]:
    """Lines of output, each a list of segments (several = one table row).

    A run of two-part rows that are not table rows is a column layout (the
    header: issuing body left, national motto right): the left column's lines
    come first, then the right column's. One-part rows that sit wholly on one
    side of the split inside such a run belong to that column.
    """
    out: list[list[Segment]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row.segments) == 2 and not is_table_row(row):
            j, left, right = i, [], []
            split = (row.segments[0].right + row.segments[1].left) / 2
            while j < len(rows):
                cur = rows[j]
                if len(cur.segments) == 2 and not is_table_row(cur) \
                        and cur.segments[0].right < split < cur.segments[1].left:
                    left.append(cur.segments[0])
                    right.append(cur.segments[1])
                elif len(cur.segments) == 1 and (cur.segments[0].right < split or cur.segments[0].left > split) \
                        and j + 1 < len(rows) and _continues_columns(rows[j + 1:], split):
                    (left if cur.segments[0].right < split else right).append(cur.segments[0])
                else:
                    break
                j += 1
            out.extend([seg] for seg in left + right)
            i = j
            continue
        if is_table_row(row):
            # Inside a table every following row of two or more parts is a row
            # of it (``I | NÔNG NGHIỆP``), not a two-column layout.
            cells, i = table_row_with_continuations(rows, i)
            out.append(cells)
            grid = cells
            while i < len(rows) and len(rows[i].segments) >= 2:
                cells, i = table_row_with_continuations(rows, i, (grid[0].left, grid[0].right))
                grid = cells if len(cells) >= len(grid) else grid
                out.append(aligned_cells(cells, grid))
            continue
        out.append([Segment([w for s in row.segments for w in s.words])])
        i += 1
    return out


def aligned_cells(cells: list[Segment], grid: list[Segment]) -> list[Segment]:
    """A table row's cells under the table's columns, its empty cells put back.

    A page shows an empty cell as nothing: ``Tổng I + II | (empty) | 240.000``
    comes out as two pieces, and every number after it would shift one column
    left. The row with the most cells so far (the header, or the column
    numbering ``1 | 2 | 3 ...``) gives the columns, split midway between its
    cells' centres. A text piece goes to the column its left edge is in, a
    number to the column its centre is in (numbers are centred or set right);
    a column with no piece is an empty cell. When two pieces would share a
    column, or go backwards, the row is left as it is.
    """
    if len(cells) >= len(grid) or len(grid) < 3:
        return cells
    centres = [(seg.left + seg.right) / 2 for seg in grid]
    bounds = [(a + b) / 2 for a, b in zip(centres, centres[1:])]
    placed: list[Segment | None] = [None] * len(grid)
    previous = -1
    for seg in cells:
        x = (seg.left + seg.right) / 2 if NUMERIC_CELL.match(seg.text) else seg.left
        column = sum(1 for b in bounds if x > b)
        if column <= previous:
            return cells
        placed[column] = seg
        previous = column
    while placed and placed[-1] is None:
        placed.pop()                       # trailing empty cells say nothing
    return [seg if seg is not None else Segment([]) for seg in placed]


def overlaps(seg: Segment, left: float, right: float) -> bool:
    return seg.left < right and left < seg.right


def table_row_with_continuations(rows: list[Row], i: int,
                                 first_column: tuple[float, float] | None = None) -> tuple[list[Segment], int]:
    """A table row and the lines of its wrapped cells below it, merged cell by cell.

    A cell too narrow for its text wraps: ``1 | Đề án xây | 2008`` is followed
    by ``dựng`` under the second column, ``mạng tin | và UBND`` under the
    second and fourth. A following row with nothing under the first column and
    every part under some column continues the row; each part joins the cell
    of the column it sits under. The first column is the table's (``first_column``,
    from its widest row), so a row that starts further right (a header's second
    line, ``Năm`` / ``2026``) gathers its wrapped cells too. A number under a
    number is the next row, whose first cell was empty or not read. Returns the
    cells and the index after the row.
    """
    cells = [Segment(list(seg.words)) for seg in rows[i].segments]
    columns = [(seg.left, seg.right) for seg in rows[i].segments]
    first = first_column or columns[0]
    row_starts_table = overlaps(rows[i].segments[0], *first)
    j = i + 1
    while j < len(rows):
        parts = rows[j].segments
        if any(overlaps(seg, *first) for seg in parts):
            break                                   # something under the first column: a new row
        targets = [next((c for c, (l, r) in enumerate(columns) if overlaps(seg, l, r)), None) for seg in parts]
        if None in targets or (row_starts_table and 0 in targets):
            break
        if any(NUMERIC_CELL.match(seg.text) and COMPLETE_NUMBER.match(cells[c].text)
               for seg, c in zip(parts, targets)):
            break                                   # a number under a number: the next row (numbers do not wrap)
        for seg, c in zip(parts, targets):
            cells[c].words.extend(seg.words)
        j += 1
    return cells, j


def _continues_columns(rest: list[Row], split: float) -> bool:
    """Whether the column layout goes on: the next two-part row keeps the split."""
    for row in rest[:2]:
        if len(row.segments) == 2 and row.segments[0].right < split < row.segments[1].left:
            return True
    return False


def render(lines: list[list[Segment]], scale: float) -> tuple[str, list[PlacedWord]]:
    """The page text (lines joined by newlines, cells by tabs) and each word's place.

    ``scale`` turns pixels into PDF points (72 / DPI).
    """
    parts: list[str] = []
    placed: list[PlacedWord] = []
    offset = 0
    for n, line in enumerate(lines):
        if n:
            parts.append("\n")
            offset += 1
        for c, seg in enumerate(line):
            if c:
                parts.append("\t")
                offset += 1
            for k, word in enumerate(seg.words):
                if k:
                    parts.append(" ")
                    offset += 1
                parts.append(word.text)
                bbox = (round(word.left * scale, 2), round(word.top * scale, 2),
                        round(word.right * scale, 2), round(word.bottom * scale, 2))
                placed.append(PlacedWord(offset, offset + len(word.text), bbox, word.conf))
                offset += len(word.text)
    return "".join(parts), placed


def pitch(upper: Segment, lower: Segment) -> float:
    """Vertical distance between two lines' centres."""
    return (lower.top + lower.bottom - upper.top - upper.bottom) / 2


def wraps_into(line: Segment, following: Segment, right_margin: float, height: float) -> bool:
    """The next line's first word would not have fitted at the end of this line:
    the line was wrapped there (the rule of ragged-right and justified text alike)."""
    first = min(following.words, key=lambda w: w.left)
    return line.right + 0.3 * height + first.width > right_margin - 0.5 * height


def near(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance


def join_wrapped(lines: list[list[Segment]], page_width: float | None = None) -> list[list[Segment]]:
    """Lines of one paragraph joined; paragraphs set apart by a blank line.

    A line that reaches the right margin runs on into the next line when that
    one starts at the left margin just below (no wider gap than between the
    page's lines). So a paragraph is one line, as in the text and Markdown
    inputs, and the extractors never see a title or a sentence cut by the page
    width. A line that ends a sentence before a new item (``I.``, ``1.``,
    ``a)``, ``-``) keeps its break; so does a line followed by an indented one.
    Where the page leaves more space than between the lines of a paragraph
    (an empty line, spacing between paragraphs), an empty line is put in (``[]``).
    """
    singles = [line[0] for line in lines if len(line) == 1]
    if len(singles) < 4:
        return lines
    right_margin = sorted(s.right for s in singles)[int(0.9 * (len(singles) - 1))]
    left_margin = sorted(s.left for s in singles)[int(0.1 * (len(singles) - 1))]
    height = median(s.height for s in singles)
    if page_width and right_margin - left_margin < MIN_TEXT_WIDTH * page_width:
        right_margin = float("inf")       # no line on the page runs full width: nothing wraps
    # The pitch (centre to centre) of two lines of one paragraph, measured where
    # a line runs full width into the next; a page without such pairs gets
    # single spacing. Centres, not box edges: accents and descenders move those.
    inside = [pitch(a[0], b[0]) for a, b in zip(lines, lines[1:])
              if len(a) == len(b) == 1 and wraps_into(a[0], b[0], right_margin, height)
              and near(b[0].left, left_margin, 0.5 * height) and pitch(a[0], b[0]) > 0]
    line_pitch = min(sorted(inside)[len(inside) // 4] if inside else math.inf, SINGLE_SPACING_PITCH * height)
    paragraph_pitch = line_pitch + 0.6 * height
    out: list[list[Segment]] = []
    last: Segment | None = None           # the physical line out[-1] ends with
    for line in lines:
        seg = line[0]
        step = pitch(last, seg) if last is not None and len(line) == 1 else None
        if (step is not None and len(out[-1]) == 1 and 0.5 * height <= step <= paragraph_pitch
                and wraps_into(last, seg, right_margin, height)
                and near(seg.left, left_margin, 0.5 * height)
                and not (SENTENCE_END.search(last.text) and NEW_ITEM.match(seg.text))):
            out[-1] = [Segment(out[-1][0].words + seg.words)]
        else:
            if step is not None and step > paragraph_pitch:
                out.append([])
            out.append(line)
        last = seg if len(line) == 1 else None
    return out


def page_text(words: list[OcrWord], scale: float, page_width: float | None = None) -> tuple[str, list[PlacedWord]]:
    """Words of one page -> (text in reading order, placed words).

    ``page_width`` is in the words' unit (pixels for OCR, points for a text layer).
    """
    words = [w for w in words if w.text.strip()]
    if not words:
        return "", []
    segments = [seg for line in group_lines(words) for seg in split_segments(line)]
    return render(join_wrapped(reading_order(visual_rows(segments)), page_width), scale)

"""Text laid out as on the printed page (``pdftotext -layout``), as edits.

Such text keeps the page's geometry instead of its structure:

- a paragraph starts with an indented line and its wrapped lines start at the
  left margin, so a line at the margin continues the line above;
- a heading or list item is an indented line of its own (``      I. MỤC ĐÍCH``);
- the header block is two columns on one line, far apart
  (``ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``), and so are
  table cells and the recipients beside the signature;
- centred lines (the ``KẾ HOẠCH`` title block) are indented lines of their own;
- a lone page number may stand between pages.

The edits join wrapped lines with a space, turn each wide gap between two
columns into a tab (the column separator the header, signature and table
readers understand), drop the indentation and lone page numbers.
"""
from __future__ import annotations

import regex

from ..document import Edit
from .breaks import keeps_break

# The left indentation of a line.
INDENT = regex.compile(r"^[ \t]*")
# A gap of three or more spaces between two pieces of text: a column boundary
# (tabs already there are cell separators, empty cells included, and stay).
COLUMN_GAP = regex.compile(r"(?<=\S) {3,}(?=\S)")
# A page number alone on a centred line: "                    12".
PAGE_NUMBER = regex.compile(r"^[ \t]{8,}(?:-\s*)?\d{1,3}(?:\s*-)?[ \t]*$")
# How far a line must be indented to open a paragraph of its own.
PARAGRAPH_INDENT = 2
# Shares of lines that make a text laid out: indented paragraph starts and
# wrapped lines at the margin both common.
MIN_INDENTED_SHARE = 0.15
MIN_MARGIN_SHARE = 0.15
MIN_LINES = 8
# Indented prose lines running on at the margin a laid-out text shows: at
# least this many, and this share of its lines; a prose line is this long.
MIN_PARAGRAPHS = 3
MIN_PARAGRAPH_SHARE = 0.03
MIN_PROSE_CHARS = 30


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def is_laid_out(text: str) -> bool:
    """Whether ``text`` keeps the page layout: indented paragraph starts, wraps at the margin.

    >>> page = "\\n".join(["      I. MỤC ĐÍCH", "      Cụ thể hóa Nghị quyết số 34 của Ban",
    ...                    "thường vụ về phát triển các khu công nghiệp."] * 4)
    >>> is_laid_out(page), is_laid_out(page.replace("      ", ""))
    (True, False)
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < MIN_LINES:
        return False
    indented = sum(1 for line in lines if indent_of(line) >= PARAGRAPH_INDENT)
    at_margin = len(lines) - indented
    if indented < MIN_INDENTED_SHARE * len(lines) or at_margin < MIN_MARGIN_SHARE * len(lines):
        return False
    # Indented lines can also be a table's wrapped cells in left-aligned text:
    # the page layout shows in paragraphs, an indented line of prose running on
    # at the margin.
    runs_on = sum(1 for line, nxt in zip(lines, lines[1:]) if is_paragraph_start(line, nxt))
    return runs_on >= max(MIN_PARAGRAPHS, MIN_PARAGRAPH_SHARE * len(lines))


def is_paragraph_start(line: str, next_line: str) -> bool:
    """An indented line of prose (no column gap, a good part of a line long)
    followed by a line at the margin that is no table row."""
    return (indent_of(line) >= PARAGRAPH_INDENT and indent_of(next_line) < PARAGRAPH_INDENT
            and len(line.strip()) >= MIN_PROSE_CHARS
            and not COLUMN_GAP.search(line.strip()) and not COLUMN_GAP.search(next_line))


def layout_edits(text: str) -> list[Edit]:
    """Edits that turn page-layout text into one line per paragraph.

    >>> from pipeline.document import OffsetMap
    >>> t = ("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI\\n      1. Tập trung phát triển các khu\\n"
    ...      "đã thành lập\\n      2. Yêu cầu\\n") * 3
    >>> print(OffsetMap.identity(len(t)).apply(t, layout_edits(t))[0].split("\\n")[:3])
    ['ỦY BAN NHÂN DÂN\\tCỘNG HÒA XÃ HỘI', '1. Tập trung phát triển các khu đã thành lập', '2. Yêu cầu']
    """
    if not is_laid_out(text):
        return []
    edits: list[Edit] = []
    lines = text.split("\n")
    offset = 0
    previous: str | None = None          # the last non-empty line kept, for joining
    for line in lines:
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            previous = None
            continue
        if PAGE_NUMBER.match(line):
            edits.append(Edit(start, end, ""))
            continue
        indent = indent_of(line)
        continues = (previous is not None and indent < PARAGRAPH_INDENT
                     and not COLUMN_GAP.search(previous) and not COLUMN_GAP.search(line)
                     and not keeps_break(previous, line))
        if continues:
            edits.append(Edit(start - 1, start + indent, " "))      # the newline and any indent
        elif indent:
            edits.append(Edit(start, start + indent, ""))
        for gap in COLUMN_GAP.finditer(line):
            edits.append(Edit(start + gap.start(), start + gap.end(), "\t"))
        previous = line
    return edits

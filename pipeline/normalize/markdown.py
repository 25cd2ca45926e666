"""Markdown read as Markdown: portal pages become plain lines, as edits.

Plans scraped from the national legal portal arrive as Markdown (whatever the
file is called). A blank line ends a block; inside a paragraph a single newline
is only a soft wrap, so ``**III. PHÁT`` / ``TRIỂN NỀN MÓNG KINH TẾ SỐ**`` is
one heading. The reader turns such a page into the plain line semantics the
extractors expect (one line per paragraph, heading or table row) in four steps,
each a list of :class:`Edit` so that spans still point into the original:

1. **Blocks** come from markdown-it-py, a CommonMark parser that maps every
   block to its source lines (lists, setext headings, indented code and raw
   HTML blocks are switched off: in these pages a ``- `` or ``1.`` at a line
   start is usually a wrapped hyphen or number, ``-------`` is a rule under a
   header cell and indentation means nothing).
2. **Soft wraps** inside a paragraph become spaces. A line keeps its break
   when the line before ends a sentence or clause and it opens a new item
   (``- ``, ``+ ``, ``1.``, ``a)``), or after a hard break (two spaces, ``\\``).
3. **Tables**: a GFM pipe table becomes one line per row, cells separated by
   tabs. A table flattened one cell per line between lone ``|`` lines (see
   :mod:`pipeline.normalize.cells`) becomes the same, except a layout table
   (the header block: issuing body | quốc hiệu, number | place and date; the
   signature block), whose cells keep their lines, read column by column.
4. **Inline marks**: emphasis (also spanning lines, also the unbalanced
   ``**Điều 1. **Ban`` these converters write), links (their text is kept:
   ``[Nghị định số 64/2007/NĐ-CP](url)``), images, footnote markers
   (``liên quan[1]``), heading hashes and backslash escapes go.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..document import Edit, without_overlaps
from .cells import LONE_PIPE, cell_table_edits
from .breaks import keeps_break
from .inline import HEADING_HASHES, inline_edits

# -- recognising a Markdown page ---------------------------------------------------

# Marks only Markdown writes, each one piece of evidence: "**I. MỤC TIÊU**",
# "1\. Mục tiêu", "[text](https://...)"; and block marks that count twice
# (a plain text hardly ever has them): "## KẾ HOẠCH", "| 1 | Hệ thống |", a lone "|".
MARKDOWN_EVIDENCE = regex.compile(
    r"""
      (?P<inline>
          \*\*\S | \S\*\*                        # strong emphasis
        | \\[.)\-*_\[\]]                         # backslash escape
        | \]\((?:https?:|/|\#)                  # link target
      )
    | (?P<block>
          (?m:^[ \t]*\#{1,6}[ \t]+\S)          # ATX heading
        | (?m:^[ \t]*\|.*\|[ \t]*$)            # pipe table row
        | (?m:^[ \t]*\|[ \t]*$)                # lone pipe line
      )
    """,
    regex.X,
)
# How much evidence makes a page Markdown: one stray "**" in a plain text is not enough.
MIN_EVIDENCE = 2


def is_markdown(text: str) -> bool:
    """Whether ``text`` is Markdown, judged from its content (never its file name).

    >>> is_markdown("**I. MỤC TIÊU**\\n\\n**II. NHIỆM VỤ**")
    True
    >>> is_markdown("I. MỤC TIÊU\\nKinh phí (*) 5 * 3")
    False
    """
    found = 0
    for m in MARKDOWN_EVIDENCE.finditer(text):
        found += 2 if m.group("block") else 1
        if found >= MIN_EVIDENCE:
            return True
    return False


# -- soft wraps ----------------------------------------------------------------------

# A line that is one whole emphasis run with words in it, "**ỦY BAN NHÂN DÂN**",
# "*Căn cứ Luật ...;*": written as a line of its own (not "**1.****", a label
# whose text follows on the next line).
EMPHASIZED_LINE = regex.compile(r"^[ \t]*\*{1,3}(?=\S)[^\n]*\p{L}[^\n]*(?<=\S)\*{1,3}[ \t]*$")
STARTS_EMPHASIS = regex.compile(r"^[ \t]*\*{1,3}(?=\S)")


def markdown_keeps_break(line: str, next_line: str) -> bool:
    r"""A real break in a Markdown paragraph: as in any text, between two emphasised lines,
    or beside a row of tab-separated cells.

    >>> markdown_keeps_break("**ỦY BAN NHÂN DÂN**", "**THÀNH PHỐ X**")
    True
    >>> markdown_keeps_break("**1.****", "**Trên cơ sở tài liệu do Trung ương biên soạn")
    False
    >>> markdown_keeps_break("STT\tNội dung\tNăm 2026", "1\tĐào tạo\t100")
    True
    """
    if EMPHASIZED_LINE.match(line) and STARTS_EMPHASIS.match(next_line):
        return True
    if "\t" in line.strip() or "\t" in next_line.strip():
        return True            # a row of tab-separated cells is a line of its own
    return keeps_break(line, next_line)


def soft_wrap_edits(text: str, lines: list[tuple[int, int]]) -> list[Edit]:
    """Newlines between the lines of one paragraph that are only wraps -> spaces."""
    edits = []
    for (s1, e1), (s2, e2) in zip(lines, lines[1:]):
        if not markdown_keeps_break(text[s1:e1], text[s2:e2]):
            edits.append(Edit(e1, s2, " "))
    return edits


# -- GFM pipe tables -----------------------------------------------------------------

# A table row outside a GFM table (no separator row under it): "| 1 | Hệ thống | 500 |".
PIPE_ROW = regex.compile(r"^[ \t]*\|.*\|[ \t]*$")
# A separator row: "|---|:---:|".
SEPARATOR_ROW = regex.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")


def pipe_row_edits(text: str, start: int, end: int) -> list[Edit]:
    """One pipe-table row -> its cells separated by tabs (empty cells kept).

    The outer pipes and the spaces beside them go; each inner pipe and its
    spaces become one tab, so ``| 1 |  | 500 |`` gives ``1\\t\\t500``.
    """
    line = text[start:end]
    if SEPARATOR_ROW.match(line):
        return [Edit(start, end, "")]
    pipes = [start + i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    if not pipes:
        return []
    edits = []
    first_text = start + len(line) - len(line.lstrip())
    cursor = start                             # where the previous edit ended
    for n, pipe in enumerate(pipes):
        left = pipe
        while left > cursor and text[left - 1] in " \t":
            left -= 1
        right = pipe + 1
        while right < end and text[right] in " \t":
            right += 1
        if pipe == first_text:                 # leading pipe
            edits.append(Edit(start, right, ""))
        elif n == len(pipes) - 1 and not text[right:end].strip():   # trailing pipe
            edits.append(Edit(left, end, ""))
        else:
            edits.append(Edit(left, right, "\t"))
        cursor = right
    return edits


# -- blocks --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def block_parser():
    from markdown_it import MarkdownIt   # imported here: plain-text runs never pay for it
    return MarkdownIt("commonmark").enable("table").disable(
        ["list", "lheading", "code", "html_block", "hr", "reference", "inline", "text_join"])


def line_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def blocks(text: str) -> list[tuple[str, int, int]]:
    """(kind, first line, after-last line) of every leaf block, in order."""
    found = []
    for token in block_parser().parse(text):
        if token.map and token.type in ("paragraph_open", "heading_open", "table_open", "fence"):
            found.append((token.type.removesuffix("_open"), token.map[0], token.map[1]))
    return found


def paragraph_edits(text: str, lines: list[tuple[int, int]], first: int, last: int) -> list[Edit]:
    """A paragraph: cell tables between lone pipes, prose runs around them."""
    edits: list[Edit] = []
    i = first
    while i < last:
        start, end = lines[i]
        if LONE_PIPE.match(text[start:end]):
            j = last
            while not LONE_PIPE.match(text[lines[j - 1][0]:lines[j - 1][1]]):
                j -= 1                                   # the table ends at its last lone pipe
            edits.extend(cell_table_edits(text, lines[i:j]))
            i = j
            continue
        if PIPE_ROW.match(text[start:end]):
            edits.extend(pipe_row_edits(text, start, end))
            edits.extend(inline_edits(text, start, end))
            i += 1
            continue
        j = i
        while j < last and not (LONE_PIPE.match(text[lines[j][0]:lines[j][1]])
                                or PIPE_ROW.match(text[lines[j][0]:lines[j][1]])):
            j += 1
        edits.extend(soft_wrap_edits(text, lines[i:j]))
        edits.extend(inline_edits(text, lines[i][0], lines[j - 1][1]))
        i = j
    return edits


def markdown_edits(text: str) -> list[Edit]:
    r"""Edits that turn a Markdown page into plain lines (nothing for plain text).

    >>> from pipeline.document import OffsetMap
    >>> t = "## KẾ HOẠCH\n\n**I. MỤC\nTIÊU**\n\n1\\. Mục tiêu [1]\n\n| 1 |  | 500 |"
    >>> OffsetMap.identity(len(t)).apply(t, markdown_edits(t))[0]
    'KẾ HOẠCH\n\nI. MỤC TIÊU\n\n1. Mục tiêu [1]\n\n1\t\t500'
    """
    if not is_markdown(text):
        return []
    lines = line_offsets(text)
    edits: list[Edit] = []
    for kind, first, last in blocks(text):
        if kind == "paragraph":
            edits.extend(paragraph_edits(text, lines, first, last))
        elif kind == "heading":
            start, end = lines[first]
            for m in HEADING_HASHES.finditer(text, start, end):
                edits.append(Edit(m.start(), m.end(), ""))
            edits.extend(inline_edits(text, start, end))
        elif kind == "table":
            for start, end in lines[first:last]:
                edits.extend(pipe_row_edits(text, start, end))
                edits.extend(inline_edits(text, start, end))
    return without_overlaps(edits)

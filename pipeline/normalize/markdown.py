"""Markdown left over from web portals, removed as edits.

Plans scraped from portals arrive as Markdown: ``**I. MỤC TIÊU**``,
``*Căn cứ ...;*``, ``## KẾ HOẠCH``, ``1\\. Mục tiêu`` (escaped list numbers),
table cells one per line between lone ``|`` lines. The marks are dropped so the
extractors see the plain document; spans still point at the original.
"""
from __future__ import annotations

import regex

from ..document import Edit, without_overlaps

# Paired emphasis on one line: "**I. MỤC TIÊU**", "*Căn cứ ...;*", "__x__". Only
# pairs count: an unpaired star is literal ("Kinh phí (*)").
EMPHASIS_PAIR = regex.compile(r"(?<![*\w])(\*{1,3}|_{2,3})(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*\w])")

# "* item" bullets -> "- item" (keeps one bullet style for the extractors).
BULLET_STAR = regex.compile(r"(?m)^([ \t]*)\*(?=[ \t])")

# "## KẾ HOẠCH" heading hashes at line start.
HEADING_HASHES = regex.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")

# Backslash escapes Markdown converters add: "1\. Mục tiêu", "a\)", "\-".
ESCAPE = regex.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|>])")

# A line holding only table pipes or a separator row: "|", "| --- | --- |".
PIPE_LINE = regex.compile(r"(?m)^[ \t]*\|[ \t|:\-]*$")

# A table row: "| 1 | Hệ thống | 2012 |" (cells become tab-separated, empty ones kept).
TABLE_ROW = regex.compile(r"(?m)^[ \t]*\|(.*\S.*)\|[ \t]*$")
CELL_SEPARATOR = regex.compile(r"[ \t]*\|[ \t]*")


def looks_like_markdown(text: str) -> bool:
    """Cheap test so plain documents skip the Markdown rules entirely."""
    return bool(regex.search(
        r"\*\*\S|\S\*\*|(?m)^[ \t]*#{1,6} |(?m)^[ \t]*\|.*\|[ \t]*$|(?m)^[ \t]*\|[ \t]*$|\\[.)\-]", text))


def markdown_edits(text: str) -> list[Edit]:
    r"""Edits that remove Markdown marks.

    >>> from pipeline.document import OffsetMap
    >>> t = "**I. MỤC TIÊU**\n*Căn cứ Luật;*\n|\n1\\. Mục tiêu\n| 1 |  | 500 |"
    >>> OffsetMap.identity(len(t)).apply(t, markdown_edits(t))[0]
    'I. MỤC TIÊU\nCăn cứ Luật;\n\n1. Mục tiêu\n1\t\t500'
    """
    if not looks_like_markdown(text):
        return []
    edits: list[Edit] = []
    for m in PIPE_LINE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in TABLE_ROW.finditer(text):
        if not PIPE_LINE.fullmatch(m.group()):
            cells = [c.strip() for c in m.group(1).split("|")]
            edits.extend(row_edits(text, m.start(), m.end(), cells))
    for m in HEADING_HASHES.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in BULLET_STAR.finditer(text):
        edits.append(Edit(m.end() - 1, m.end(), "-"))
    for m in ESCAPE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in EMPHASIS_PAIR.finditer(text):
        mark = len(m.group(1))
        edits.append(Edit(m.start(), m.start() + mark, ""))
        edits.append(Edit(m.end() - mark, m.end(), ""))
    return without_overlaps(edits)


def row_edits(text: str, start: int, end: int, cells: list[str]) -> list[Edit]:
    """Pipes of one table row -> tabs, keeping each cell's text (and its offsets).

    The outer pipes and the spaces beside them go; each inner pipe and its spaces
    become one tab, so an empty cell ("|  |") still separates two tabs.
    """
    edits = []
    pipes = [start + i for i, ch in enumerate(text[start:end]) if ch == "|"]
    cursor = start
    for n, pipe in enumerate(pipes):
        left = pipe
        while left > cursor and text[left - 1] in " \t":
            left -= 1
        right = pipe + 1
        is_last = n == len(pipes) - 1
        while right < end and text[right] in " \t" and (is_last or right < pipes[n + 1]):
            right += 1
        if n == 0:
            edits.append(Edit(start, right, ""))
        elif is_last:
            edits.append(Edit(left, end, ""))
        else:
            # spaces shared by two adjacent pipes go to the left one
            edits.append(Edit(left, right if text[right:right + 1] != "|" else right, "\t"))
        cursor = right
    return edits

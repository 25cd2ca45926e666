"""Markdown left over from web portals, removed as edits.

Plans scraped from portals arrive as Markdown: ``**I. MỤC TIÊU**``,
``*Căn cứ ...;*``, ``## KẾ HOẠCH``, ``1\\. Mục tiêu`` (escaped list numbers),
table cells one per line between lone ``|`` lines. The marks are dropped so the
extractors see the plain document; spans still point at the original.
"""
from __future__ import annotations

import regex

from ..document import Edit

# Emphasis runs: "**I. MỤC TIÊU**", "*Căn cứ ...;*", "__x__". A run of 1-3 '*' or
# '_' that touches a non-space character on at least one side. A '*' at line
# start followed by a space is a bullet, handled by BULLET_STAR.
EMPHASIS = regex.compile(
    r"(?<![\p{L}\p{N}])[*_]{1,3}(?=[^\s*_])"     # opening: "**I."
    r"|(?<=[^\s*_])[*_]{1,3}(?![\p{L}\p{N}])"    # closing: "TIÊU**"
)

# "* item" bullets -> "- item" (keeps one bullet style for the extractors).
BULLET_STAR = regex.compile(r"(?m)^([ \t]*)\*(?=[ \t])")

# "## KẾ HOẠCH" heading hashes at line start.
HEADING_HASHES = regex.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")

# Backslash escapes Markdown converters add: "1\. Mục tiêu", "a\)", "\-".
ESCAPE = regex.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|>])")

# A line holding only table pipes or a separator row: "|", "| --- | --- |".
PIPE_LINE = regex.compile(r"(?m)^[ \t]*\|[ \t|:\-]*$")

# Leading and trailing pipes of a table row: "| 1 | Hệ thống | 2012 |".
ROW_PIPES = regex.compile(r"(?m)^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$")
INNER_PIPE = regex.compile(r"[ \t]+\|[ \t]+")


def looks_like_markdown(text: str) -> bool:
    """Cheap test so plain documents skip the Markdown rules entirely."""
    return bool(
        regex.search(r"\*\*\S|\S\*\*|(?m)^[ \t]*#{1,6} |(?m)^[ \t]*\|[ \t]*$|\\\.", text)
    )


def markdown_edits(text: str) -> list[Edit]:
    """Edits that remove Markdown marks.

    >>> from pipeline.document import OffsetMap
    >>> t = "**I. MỤC TIÊU**\\n*Căn cứ Luật;*\\n|\\n1\\\\. Mục tiêu"
    >>> OffsetMap.identity(len(t)).apply(t, markdown_edits(t))[0]
    'I. MỤC TIÊU\\nCăn cứ Luật;\\n\\n1. Mục tiêu'
    """
    if not looks_like_markdown(text):
        return []
    edits: list[Edit] = []
    for m in PIPE_LINE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in HEADING_HASHES.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in BULLET_STAR.finditer(text):
        edits.append(Edit(m.end() - 1, m.end(), "-"))
    for m in ESCAPE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in EMPHASIS.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in ROW_PIPES.finditer(text):
        if m.end() > m.start():
            edits.append(Edit(m.start(), m.end(), ""))
    for m in INNER_PIPE.finditer(text):
        edits.append(Edit(m.start(), m.end(), "\t"))
    return _first_of_overlaps(edits)


def _first_of_overlaps(edits: list[Edit]) -> list[Edit]:
    edits.sort(key=lambda e: (e.start, -e.end))
    kept: list[Edit] = []
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept

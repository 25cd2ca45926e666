"""Inline Markdown marks removed from a block of text, as edits: emphasis
runs (never a literal star: "(*)", "5 * 3", "a*b"), underscore pairs, images,
links (their text kept), footnote markers, backslash escapes, heading hashes
and star bullets (made "-").

Shared by the Markdown reader and the reader of tables flattened one cell per
line (a cell holds inline marks too).
"""
from __future__ import annotations

import regex

from ..document import Edit

# A run of asterisks used as emphasis: "**I. MỤC", "TIÊU**", "**Điều 1. **Ban",
# "**6.****", "** **". Kept literal: the note mark "(*)" / "(**)", and a single
# star with spaces on both sides ("b/a * 100%") or between two letters or
# digits ("a*b").
STAR_RUN = regex.compile(r"\*+")
# "__Lưu ý__": underscores only as a pair (an underscore inside a word is literal).
UNDERSCORE_PAIR = regex.compile(r"(?<![_\w])(_{2,3})(?=\S)(.+?)(?<=\S)\1(?![_\w])", regex.S)
# "![ảnh](https://...)" goes whole.
IMAGE = regex.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# "[Nghị định số 64/2007/NĐ-CP](https://...)" keeps its text.
LINK = regex.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
# A footnote marker right after a word or a mark: "liên quan[1]", "năm 2030.[2]",
# "[^3]". The footnote's own text ("[1] Nghị quyết ...") starts a line and stays.
FOOTNOTE_MARK = regex.compile(r"(?<=[\w.,;:)”\"*])\[\^?\d{1,3}\]")
# "1\. Mục tiêu", "a\)", "\-": the backslash goes.
ESCAPE = regex.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|>~<\"'])")
# "## KẾ HOẠCH": the hashes of an ATX heading (and a closing run "## x ##").
HEADING_HASHES = regex.compile(r"(?m)^[ \t]*#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
# "* Tổ chức tập huấn": a star bullet becomes the plain "-" bullet.
BULLET_STAR = regex.compile(r"(?m)^([ \t]*)\*(?=[ \t]+\S)")


def star_is_literal(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before == "(" and after == ")":
        return True                                   # "(*)"
    if end - start > 1:
        return False                                  # "**" is always a mark
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not (text[line_start:start] + text[end:line_end if line_end >= 0 else len(text)]).strip():
        return False                                  # a star alone on its line: an emphasis left over
    if before.isspace() and after.isspace():
        return True                                   # "5 * 3"
    return before.isalnum() and after.isalnum()       # "a*b"


def inline_edits(text: str, start: int, end: int) -> list[Edit]:
    """Edits removing inline marks from ``text[start:end]`` (one block)."""
    part = text[start:end]
    edits: list[Edit] = []
    for m in BULLET_STAR.finditer(part):
        edits.append(Edit(start + m.end() - 1, start + m.end(), "-"))
    for m in IMAGE.finditer(part):
        edits.append(Edit(start + m.start(), start + m.end(), ""))
    for m in LINK.finditer(part):
        edits.append(Edit(start + m.start(), start + m.start("text"), ""))
        edits.append(Edit(start + m.end("text"), start + m.end(), ""))
    for m in FOOTNOTE_MARK.finditer(part):
        edits.append(Edit(start + m.start(), start + m.end(), ""))
    for m in ESCAPE.finditer(part):
        edits.append(Edit(start + m.start(), start + m.end(), ""))
    for m in UNDERSCORE_PAIR.finditer(part):
        mark = len(m.group(1))
        edits.append(Edit(start + m.start(), start + m.start() + mark, ""))
        edits.append(Edit(start + m.end() - mark, start + m.end(), ""))
    for m in STAR_RUN.finditer(part):
        s, e = start + m.start(), start + m.end()
        if not star_is_literal(text, s, e):      # a bullet star is literal here too
            edits.append(Edit(s, e, ""))
    return edits

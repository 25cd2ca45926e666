"""Whether a line break between two lines of one paragraph is real or only a wrap.

Shared by the readers of Markdown and of page-layout text: in both, a line
that opens a new item after a line that closes a sentence or clause starts a
new paragraph; anything else that continues a paragraph was only wrapped.
"""
from __future__ import annotations

import regex

# A line that opens a new item: "- Nội dung", "+ Cấp tỉnh", "• ...", "1. ...",
# "2) ...", "a) ...", "đ. ...", "IV. ...", "Điều 3.", "Căn cứ ...".
OPENS_ITEM = regex.compile(
    r"^[ \t]*(?:[*_]{1,3}(?=\S))?(?:[-+*•–]\s|\d{1,2}(?:\.\d{1,2})*\\?[.)]\s|[a-zđ]\\?[.)]\s|[IVXLC]{1,6}\\?\.\s|Điều\s+\d|Căn\s+cứ\s)"
)
# The end of a line that closes a sentence or clause: "...;", "...:", "... ./." (marks may follow).
ENDS_CLAUSE = regex.compile(r"[.:;!?…]['\"”)]?[*_ \t]*$")
# A bullet at the start of a line: "- ", "+ ", "* ", "• ".
BULLET = regex.compile(r"^[ \t]*([-+*•–])[ \t]")
# Two trailing spaces or a backslash: a CommonMark hard break.
HARD_BREAK = regex.compile(r"(?:[ ]{2,}|\\)$")


def keeps_break(line: str, next_line: str) -> bool:
    """Whether the newline between two lines of one paragraph is a real break.

    >>> keeps_break("của Công an thành phố", "- Thường trực tham mưu")
    False
    >>> keeps_break("các nội dung sau:", "- Tổ chức tập huấn")
    True
    >>> keeps_break("- Cấp tỉnh", "- Cấp huyện")      # a list whose items end without a mark
    True
    """
    if HARD_BREAK.search(line):
        return True
    if not OPENS_ITEM.match(next_line):
        return False
    if ENDS_CLAUSE.search(line):
        return True
    bullet, next_bullet = BULLET.match(line), BULLET.match(next_line)
    return bool(bullet and next_bullet and bullet.group(1) == next_bullet.group(1))

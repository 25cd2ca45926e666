"""Join lines that were hard-wrapped at a fixed width (~80 columns).

A converter that wraps text breaks a line only when the next word would not
fit. So in a wrapped document, line ``i`` was wrapped (and must be joined with
line ``i+1``) exactly when ``len(line_i) + 1 + len(first word of line_i+1)``
exceeds the wrap width. Lines that end a sentence before a new list item or
heading are kept apart. Documents whose line lengths do not cluster below one
width are left alone.
"""
from __future__ import annotations

import regex

from ..document import Edit

# The start of a line that opens a new item: "I.", "1.", "1.1.", "a)", "-", "+",
# "Điều 3", "Phụ lục", "Căn cứ". Before such a line a sentence end means a real break.
NEW_ITEM = regex.compile(
    r"^[*_#>\\\s]*(?:[IVXLC]+\\?\.|\d+(?:\.\d+)*\\?[.)]|\p{Ll}[.)]|[-+•–]\s|Điều\s|Phụ\s+lục|Phần\s|Chương\s|Căn\s+cứ)",
)
SENTENCE_END = regex.compile(r"[.:;!?][*_]*\s*$")

MIN_WIDTH, MAX_WIDTH = 50, 130


def is_table_line(line: str) -> bool:
    """A tab-separated or Markdown pipe table row: ``1\tHệ thống\t500``, ``| 1 | Hệ thống |``."""
    stripped = line.strip()
    return "\t" in line or stripped.startswith("|") or stripped.endswith("|")


def wrap_width(lines: list[str]) -> int | None:
    """The width a wrapped text was cut at, or ``None`` when it was not wrapped.

    The width is the longest line once the longest 2% (URLs, long symbols) are
    set aside; the text counts as wrapped when that width is a plausible
    column count and a good share of lines come close to it.

    >>> wrap_width(["x" * 78, "y" * 75, "z" * 79, "w" * 20] * 5)
    79
    >>> wrap_width(["x" * 300, "short", "y" * 40] * 4) is None
    True
    """
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 6:
        return None
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.98))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    # "full" lines end near the width without ending a sentence: the mark of wrapping
    full = sum(1 for line in lines if width - 20 <= len(line.rstrip()) <= width
               and not SENTENCE_END.search(line))
    if full < max(3, 0.1 * len(lengths)):
        return None
    return width


def unwrap_edits(text: str) -> list[Edit]:
    """Edits replacing wrap newlines by spaces.

    >>> from pipeline.document import OffsetMap
    >>> body = ("Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về\\n"
    ...         "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số\\n") * 6
    >>> new = OffsetMap.identity(len(body)).apply(body, unwrap_edits(body))[0]
    >>> "Chính trị về đột phá" in new
    True
    """
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return []
    edits: list[Edit] = []
    offset = 0
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1].strip()
        end = offset + len(line)
        offset = end + 1
        stripped = line.rstrip()
        if not stripped.strip() or not nxt:
            continue
        if is_table_line(stripped) or is_table_line(nxt):
            continue            # table rows are never wrapped prose
        first_word = nxt.split()[0]
        if len(stripped) + 1 + len(first_word) <= width:
            continue            # the next word would have fitted: a real break
        if SENTENCE_END.search(stripped) and NEW_ITEM.match(nxt):
            continue            # a sentence ends before a new item: keep the break
        edits.append(Edit(end, end + 1, " "))
    return edits

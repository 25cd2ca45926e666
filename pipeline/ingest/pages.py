"""Pages read one by one (text layer, OCR, blank, failed) -> one original text.

The page texts are joined with a form feed; ``page_starts`` keeps each page's
offset so every span carries its page, and each page's words keep their boxes
(shifted to offsets in the joined text) so every span gets a ``bbox``.
``quality["pages"]`` records, per page, how it was read and why.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document import PageWord, Span, Warning_
from .layout import PlacedWord

PAGE_SEPARATOR = "\f"
# Put before a page whose first line opens a new paragraph: with the form feed
# (itself a line break) it leaves an empty line, as between paragraphs on a page.
PARAGRAPH_BREAK = "\n"
# Item words whose mean OCR confidence is below this are flagged
# (``low_ocr_confidence``); a page's mean below it is noted in its record.
LOW_CONFIDENCE = 60.0


@dataclass(frozen=True)
class PageRead:
    """How one page was read.

    ``method``: ``text`` (its text layer), ``ocr``, or ``none`` (blank, or
    nothing could be read). ``error``: ``page_timeout`` / ``page_failed`` / None.
    """

    number: int
    text: str
    method: str
    reason: str
    words: tuple[PlacedWord, ...] = ()
    confidence: float | None = None
    error: str | None = None
    message: str = ""
    skew: float = 0.0             # degrees a scanned page was turned back before OCR


@dataclass
class Extracted:
    """A reader's result: the original text and what the Document keeps beside it."""

    text: str
    format: str
    pages: int | None = None
    page_starts: list[int] = field(default_factory=list)
    words: list[PageWord] = field(default_factory=list)
    quality: dict = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)


def page_record(page: PageRead) -> dict:
    """The page's entry in ``quality["pages"]``."""
    record = {"page": page.number, "method": page.method, "reason": page.reason, "chars": len(page.text)}
    if page.method == "ocr":
        record["confidence"] = page.confidence
    if page.error:
        record["error"] = page.error
    if page.skew:
        record["skew"] = page.skew
    return record


def line_boxes(page: PageRead) -> list[tuple[float, float, float, float]]:
    """Each non-empty line of a page's text as the box of its words (points)."""
    boxes: list[list[float]] = []
    line_ends = [i for i, ch in enumerate(page.text) if ch == "\n"] + [len(page.text)]
    line = 0
    current: list[float] | None = None
    for word in sorted(page.words, key=lambda w: w.start):
        while word.start > line_ends[line]:
            line += 1
            current = None
        if current is None:
            current = list(word.bbox)
            boxes.append(current)
        else:
            current[0], current[1] = min(current[0], word.bbox[0]), min(current[1], word.bbox[1])
            current[2], current[3] = max(current[2], word.bbox[2]), max(current[3], word.bbox[3])
    return [tuple(b) for b in boxes]


def last_physical_line(page: PageRead) -> tuple[float, float, float, float]:
    """The box of the page's last printed line: the words beside its last word (a
    paragraph joined into one text line still ends on its own printed line)."""
    last = max(page.words, key=lambda w: w.start).bbox
    beside = [w.bbox for w in page.words if w.bbox[1] < last[3] and w.bbox[3] > last[1]]
    return (min(b[0] for b in beside), min(b[1] for b in beside),
            max(b[2] for b in beside), max(b[3] for b in beside))


def opens_paragraph(previous: PageRead, page: PageRead) -> bool:
    """The page's first line starts a new paragraph (or table cell): the last line
    of the previous page stops short of that page's right margin by more than the
    first word of this page would need. The rule ``layout.join_wrapped`` applies
    between the lines of one page, applied across the page break; the right
    margin is the second widest line of the two pages (one stray wide line does
    not set it; a page of short table cells borrows the other page's)."""
    before, after = line_boxes(previous), line_boxes(page)
    if len(before) + len(after) < 3 or not before or not after:
        return False
    margin = sorted(box[2] for box in before + after)[-2]
    last = last_physical_line(previous)
    first_word = min(page.words, key=lambda w: w.start).bbox
    height = last[3] - last[1]
    return last[2] + 0.3 * height + (first_word[2] - first_word[0]) <= margin - 0.5 * height


def join_pages(pages: list[PageRead], fmt: str, extra_warnings: list[Warning_] | None = None,
               total_pages: int | None = None) -> Extracted:
    """Join page texts with form feeds; shift word offsets; record each page."""
    parts: list[str] = []
    starts: list[int] = []
    words: list[PageWord] = []
    warnings: list[Warning_] = list(extra_warnings or [])
    offset = 0
    previous: PageRead | None = None
    for page in pages:
        starts.append(offset)
        lead = PARAGRAPH_BREAK if previous is not None and opens_paragraph(previous, page) else ""
        parts.append(lead + page.text)
        for w in page.words:
            words.append(PageWord(offset + len(lead) + w.start, offset + len(lead) + w.end, page.number,
                                  w.bbox, w.conf if w.conf >= 0 else None))
        end = offset + len(lead) + len(page.text)
        previous = page if page.text.strip() else previous
        if page.error:
            warnings.append(Warning_(page.error, page.message or page.reason, Span(offset, offset)))
        elif page.method == "ocr":
            conf = f"{page.confidence:.0f}" if page.confidence is not None else "n/a"
            warnings.append(Warning_("ocr_page", f"page {page.number} read by OCR ({page.reason}); "
                                                 f"mean word confidence {conf}", Span(offset, end)))
        offset = end + len(PAGE_SEPARATOR)
    ocr_count = sum(1 for p in pages if p.method == "ocr")
    quality = {
        "pages": [page_record(p) for p in pages],
        "ocr_share": round(ocr_count / len(pages), 3) if pages else 0.0,
    }
    return Extracted(PAGE_SEPARATOR.join(parts), fmt, total_pages or len(pages), starts, words,
                     quality, warnings)

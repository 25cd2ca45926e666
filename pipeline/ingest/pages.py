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
    return record


def join_pages(pages: list[PageRead], fmt: str, extra_warnings: list[Warning_] | None = None,
               total_pages: int | None = None) -> Extracted:
    """Join page texts with form feeds; shift word offsets; record each page."""
    parts: list[str] = []
    starts: list[int] = []
    words: list[PageWord] = []
    warnings: list[Warning_] = list(extra_warnings or [])
    offset = 0
    for page in pages:
        starts.append(offset)
        parts.append(page.text)
        for w in page.words:
            words.append(PageWord(offset + w.start, offset + w.end, page.number, w.bbox,
                                  w.conf if w.conf >= 0 else None))
        end = offset + len(page.text)
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

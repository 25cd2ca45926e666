"""After extraction: flag items read from OCR words of low confidence.

An item (a metadata value, a citation, a heading, a budget line, a target)
whose span covers OCR words with a mean confidence below ``LOW_CONFIDENCE``
gets a ``low_ocr_confidence`` warning on that span, so a reviewer knows which
values to check against the page image. Documents without OCR words pass.
"""
from __future__ import annotations

from typing import Any, Iterator

from ..document import Document, Span
from .pages import LOW_CONFIDENCE


def item_spans(doc: Document) -> Iterator[tuple[str, Span]]:
    """(kind, span) of every extracted item that has a span."""
    for field, span in (doc.metadata.get("_spans") or {}).items():
        if isinstance(span, Span):
            yield f"document.{field}", span
    groups: list[tuple[str, list[Any]]] = [
        ("legal basis", doc.legal_basis), ("citation", doc.citations), ("section", doc.flat_sections),
        ("target", doc.targets),
        *((f"budget {key}", doc.budget.get(key, [])) for key in ("items", "totals", "tables")),
    ]
    for kind, items in groups:
        for item in items:
            span = item.get("span") if isinstance(item, dict) else getattr(item, "span", None)
            if isinstance(span, Span):
                yield kind, span


def mean_confidence(doc: Document, span: Span) -> float | None:
    confs = [w.conf for w in doc.words_in(span.start, span.end) if w.conf is not None and w.conf >= 0]
    return sum(confs) / len(confs) if confs else None


def flag_low_confidence(doc: Document) -> None:
    if not any(w.conf is not None and w.conf >= 0 for w in doc.words):
        return
    seen: set[tuple[int, int]] = set()
    for kind, span in item_spans(doc):
        if (span.start, span.end) in seen or span.end <= span.start:
            continue
        seen.add((span.start, span.end))
        conf = mean_confidence(doc, span)
        if conf is not None and conf < LOW_CONFIDENCE:
            doc.warn_span("low_ocr_confidence", f"{kind} read from OCR words of mean confidence {conf:.0f} "
                                                f"(below {LOW_CONFIDENCE:.0f}): check it on the page", span)

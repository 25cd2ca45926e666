"""quality: signals about the document as a whole, computed after extraction.

- ``is_plan`` / ``doc_kind``: whether the text is a plan (``Kế hoạch``), a
  decision issuing one, another administrative document, or no administrative
  document at all (a news article, a Q&A page).
- ``header``: which parts of the header were found, so a batch can list the
  documents whose header was not read.
- ``warnings_by_severity`` and ``repairs``: one count instead of a list to read.

Other stages may add their own keys to ``doc.quality`` (OCR pages, encodings).
"""
from __future__ import annotations

from collections import Counter

from .document import SEVERITIES, Document

PLAN_TYPE = "Kế hoạch"
HEADER_PARTS = ("issuer", "number", "place", "issued_date", "doc_type", "title", "signer")


def doc_kind(doc: Document) -> str:
    """``plan``, ``plan_decision``, ``other_document`` or ``text``."""
    doc_type = doc.metadata.get("doc_type")
    if doc_type == PLAN_TYPE:
        return "plan"
    if (doc.metadata.get("attached") or {}).get("doc_type") == PLAN_TYPE:
        return "plan_decision"
    return "other_document" if doc_type else "text"


def assess(doc: Document) -> None:
    kind = doc_kind(doc)
    by_severity = Counter(w.severity for w in doc.warnings)
    doc.quality.update({
        "is_plan": kind in ("plan", "plan_decision"),
        "doc_kind": kind,
        "header": {part: doc.metadata.get(part) is not None for part in HEADER_PARTS},
        "warnings_by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "repairs": sum(1 for w in doc.warnings if w.code == "ocr_repair"),
    })

"""Document -> the contract's JSON object (schema 1.x)."""
from __future__ import annotations

import hashlib
from typing import Any

from .document import Document

SCHEMA_VERSION = "1.0"

EMPTY_DOCUMENT = {
    "doc_type": None, "number": None, "issuer": None, "place": None,
    "issued_date": None, "title": None, "period": None, "signer": None,
}


def as_dict(item: Any) -> Any:
    return item.to_dict() if hasattr(item, "to_dict") else item


def with_pages(doc: Document, value: Any) -> Any:
    """Add ``page`` to every span when the document has pages (PDF, image), and
    ``bbox`` (PDF points, from the page's top-left) when its words have boxes."""
    if not doc.page_starts:
        return value
    if isinstance(value, dict):
        out = {k: with_pages(doc, v) for k, v in value.items()}
        if set(value) >= {"start", "end"} and isinstance(value.get("start"), int):
            out["page"] = doc.page_of(value["start"])
            bbox = doc.bbox(value["start"], value["end"]) if doc.words else None
            if bbox is not None:
                out["bbox"] = bbox
        return out
    if isinstance(value, list):
        return [with_pages(doc, v) for v in value]
    return value


def to_output(doc: Document) -> dict:
    document = {**EMPTY_DOCUMENT, **doc.metadata}
    result = {
        "schema_version": SCHEMA_VERSION,
        "source": {
            "file": doc.source_file,
            "sha256": doc.sha256,
            "format": doc.source_format,
            "pages": doc.pages,
            "chars": len(doc.original),
            "text_sha256": hashlib.sha256(doc.original.encode("utf-8")).hexdigest(),
            "encoding": doc.source_encoding,
        },
        "document": document,
        "legal_basis": [as_dict(c) for c in doc.legal_basis],
        "citations": [as_dict(c) for c in doc.citations],
        "sections": [s.to_dict() for s in doc.sections],
        "budget": {key: [as_dict(x) for x in doc.budget.get(key, [])]
                   for key in ("items", "totals", "tables", "checks")},
        "targets": [as_dict(t) for t in doc.targets],
        "warnings": [w.to_dict() for w in doc.warnings],
        "quality": doc.quality,
    }
    return with_pages(doc, result)

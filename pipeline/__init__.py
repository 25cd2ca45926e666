"""Turn Vietnamese plan documents (Kế hoạch) into contract JSON.

>>> from pipeline import extract
>>> result = extract("KẾ HOẠCH\\nTriển khai ứng dụng CNTT năm 2024\\nI. MỤC TIÊU\\n")
>>> result["document"]["doc_type"], result["sections"][0]["label"]
('Kế hoạch', 'I')
"""
from __future__ import annotations

from pathlib import Path

from .document import Document
from .ingest import document_from_text, read_document
from .output import to_output
from .runner import run_stages
from .validate import validate

__all__ = ["extract", "extract_document", "process"]


def process(doc: Document) -> dict:
    """Run every stage on a Document; return the validated contract object."""
    run_stages(doc)
    result = to_output(doc)
    validate(result)
    return result


def extract_document(source: str | Path) -> Document:
    """The Document after all stages (for callers that want spans and internals)."""
    doc = read_document(source) if isinstance(source, Path) else document_from_text(source)
    run_stages(doc)
    return doc


def extract(source: str | Path) -> dict:
    """Extract one document: a ``Path`` is read from disk, a ``str`` is the text itself."""
    doc = read_document(source) if isinstance(source, Path) else document_from_text(source)
    return process(doc)

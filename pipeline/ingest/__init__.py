"""ingest: a file (or a string) -> Document with its original text.

Readers are chosen by the file's content, not only its name: a PDF is known by
its ``%PDF-`` magic; everything else is read as text. Each reader raises
:class:`IngestError` with a short code and a message a person can act on.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document
from .errors import IngestError
from .pdf import is_pdf, read_pdf
from .text import decode_text

# Larger inputs are refused: a plan is at most a few MB of text; anything far
# larger is a mistaken input (an archive, a disk image) that would stall a batch.
MAX_BYTES = 50 * 1024 * 1024

__all__ = ["IngestError", "read_document", "document_from_bytes", "document_from_text", "MAX_BYTES"]


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise IngestError("too_large", f"file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    try:
        data = path.read_bytes()
    except OSError as exc:      # a folder, a file without read permission
        raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    return document_from_bytes(data, path.name)


def document_from_bytes(data: bytes, name: str | None = None) -> Document:
    """A Document from a file's bytes: PDF by its magic, anything else as text."""
    if is_pdf(data):
        original, pages, page_starts, fmt = read_pdf(data)
    else:
        original, pages, page_starts, fmt = decode_text(data), None, [], "text"
    if not original.strip():
        raise IngestError("empty", "the document has no text" if data.strip() else "the file is empty")
    return Document(
        original=original,
        source_file=name,
        source_format=fmt,
        pages=pages,
        page_starts=page_starts,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def document_from_text(text: str, name: str | None = None) -> Document:
    if not text.strip():
        raise IngestError("empty", "the document has no text")
    return Document(original=text, source_file=name,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())

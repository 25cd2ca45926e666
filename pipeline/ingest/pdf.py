"""PDF with a text layer, read page by page with pdfplumber.

The pages' texts are joined with a form feed; ``page_starts`` keeps the
original offset of each page so spans can carry a page number. A PDF without a
text layer (a scan) needs OCR, which this reader does not do: it says so.
"""
from __future__ import annotations

import io

from .errors import IngestError

PDF_MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def read_pdf(data: bytes) -> tuple[str, int, list[int], str]:
    import pdfplumber  # imported here: text-only batches never pay for it

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many types on corrupt files
        raise IngestError("corrupt_pdf", f"cannot parse PDF: {type(exc).__name__}: {exc}") from exc
    if not any(t.strip() for t in texts):
        raise IngestError("no_text_layer", "the PDF has no text layer (a scan): run OCR first")
    page_starts, parts, offset = [], [], 0
    for text in texts:
        page_starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    return "\f".join(parts), len(texts), page_starts, "pdf"

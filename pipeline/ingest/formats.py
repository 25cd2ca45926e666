"""Which reader a file goes to: by its content first, its name only as a hint.

==========  ======================================  ===============
format      known by                                 source.format
==========  ======================================  ===============
PDF         ``%PDF-``                                ``pdf`` / ``pdf-ocr``
image       PNG, JPEG, TIFF magic                    ``image-ocr``
.docx       zip (``PK``) with ``word/document.xml``  ``docx``
.doc        OLE2 compound file                       ``doc``
HTML        ``<!DOCTYPE html``, ``<html`` ... ;      ``html``
            or a ``.htm``/``.html`` name and ``<``
text        anything else                            ``text``
==========  ======================================  ===============
"""
from __future__ import annotations

from pathlib import PurePath

from ..options import DEFAULT_OPTIONS, Options
from .docx import is_zip, read_docx
from .errors import IngestError
from .html import is_html, read_html
from .images import is_image, read_image
from .legacy_word import is_ole, read_doc
from .pages import Extracted
from .pdf import is_pdf, read_pdf
from .text import decode_text

# File names a folder walk picks up, by the formats above.
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".text", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
                                ".docx", ".doc", ".html", ".htm"})
HTML_SUFFIXES = (".html", ".htm")
# Names that claim a Word file (no name claims nothing else either).
WORD_SUFFIXES = ("", ".docx", ".docm", ".dotx")


def suffix(name: str | None) -> str:
    return PurePath(name).suffix.lower() if name else ""


def detect_format(data: bytes, name: str | None = None) -> str:
    """``pdf``, ``image``, ``docx``, ``doc``, ``html`` or ``text``.

    >>> detect_format(b"%PDF-1.7 ..."), detect_format(b"<!DOCTYPE html><p>x"), detect_format(b"Ke hoach")
    ('pdf', 'html', 'text')
    >>> detect_format(b"<p>Ke hoach</p>", "plan.htm"), detect_format(b"PK\\x03\\x04...")
    ('html', 'docx')
    """
    if is_pdf(data):
        return "pdf"
    if is_image(data):
        return "image"
    if is_zip(data):
        return "docx"
    if is_ole(data):
        return "doc"
    if is_html(data) or (suffix(name) in HTML_SUFFIXES and b"<" in data[:4096]):
        return "html"
    return "text"


def extract(data: bytes, name: str | None = None, options: Options = DEFAULT_OPTIONS) -> Extracted:
    """The file's text (and pages, words, per-page quality) by its format."""
    kind = detect_format(data, name)
    if kind == "pdf":
        return read_pdf(data, options)
    if kind == "image":
        return read_image(data, options)
    if kind == "docx":
        try:
            return Extracted(read_docx(data, name), "docx")
        except IngestError as exc:
            if suffix(name) in WORD_SUFFIXES or exc.code != "corrupt_docx":
                raise
            # A zip that does not claim to be Word (``.zip``, ``.txt``): say what it is.
            raise IngestError("binary", f"the file is a zip archive, not a document ({exc.message})") from exc
    if kind == "doc":
        return Extracted(read_doc(data, options.page_timeout), "doc")
    if kind == "html":
        return Extracted(read_html(data), "html")
    return Extracted(decode_text(data), "text")

"""ingest: a file (or a string) -> Document with its original text.

Readers are chosen by the file's content, not only its name: a PDF is known by
its ``%PDF-`` magic, an image, a .docx, a .doc or an HTML page by theirs
(``formats.py``); everything else is read as text. Each reader raises
:class:`IngestError` with a short code and a message a person can act on.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..document import Document
from ..options import DEFAULT_OPTIONS, Options
from .errors import IngestError
from .formats import SUPPORTED_SUFFIXES
from .formats import extract as extract_format

# Larger inputs are refused: a plan is at most a few MB of text; anything far
# larger is a mistaken input (an archive, a disk image) that would stall a batch.
MAX_BYTES = 50 * 1024 * 1024

__all__ = ["IngestError", "read_document", "read_limited", "document_from_bytes", "document_from_text", "MAX_BYTES",
           "SUPPORTED_SUFFIXES"]


def read_document(path: str | Path, options: Options = DEFAULT_OPTIONS, max_bytes: int = MAX_BYTES) -> Document:
    """Read one regular file (at most ``max_bytes``) into a Document.

    FIFOs, devices, sockets and folders are refused before any read, so a
    named pipe cannot block a batch and ``/dev/zero`` cannot fill memory; the
    size limit is enforced on the bytes actually read, not on ``st_size``.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of
        # waiting; on a regular file the flag changes nothing.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise IngestError("unreadable", "cannot read file: it is a folder")
        raise IngestError("not_a_file", f"not a regular file ({_file_kind(mode)}); give a file or a folder")
    with os.fdopen(fd, "rb") as fh:
        try:
            data = read_limited(fh, max_bytes)
        except OSError as exc:      # a file without read permission, an I/O error
            raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    return document_from_bytes(data, path.name, options)


def read_limited(stream: BinaryIO, max_bytes: int = MAX_BYTES) -> bytes:
    """All bytes of ``stream``, refused as ``too_large`` past ``max_bytes``.

    >>> import io
    >>> read_limited(io.BytesIO(b"abc"), max_bytes=3)
    b'abc'
    >>> read_limited(io.BytesIO(b"abcd"), max_bytes=3)
    Traceback (most recent call last):
    ...
    pipeline.ingest.errors.IngestError: the input is larger than the limit of 3 bytes
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError("too_large", f"the input is larger than the limit of {max_bytes:,} bytes")
    return data


def _file_kind(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a FIFO / named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def document_from_bytes(data: bytes, name: str | None = None, options: Options = DEFAULT_OPTIONS) -> Document:
    """A Document from a file's bytes, read by its format (see ``formats.py``):
    PDF (text layer or OCR), image (OCR), .docx, .doc, HTML, or text."""
    found = extract_format(data, name, options)
    if not found.text.strip():
        raise IngestError("empty", "the document has no text" if data.strip() else "the file is empty")
    return Document(
        original=found.text,
        source_file=name,
        source_format=found.format,
        pages=found.pages,
        page_starts=found.page_starts,
        words=found.words,
        warnings=list(found.warnings),
        quality=dict(found.quality),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def document_from_text(text: str, name: str | None = None) -> Document:
    """A Document from a ``str``; blank text, or text that is not valid Unicode, is refused.

    >>> document_from_text("K" + chr(0xD800))   # a lone surrogate, as errors="surrogateescape" leaves
    Traceback (most recent call last):
    ...
    pipeline.ingest.errors.IngestError: the text is not valid Unicode (a lone surrogate at character 1)
    """
    if not text.strip():
        raise IngestError("empty", "the document has no text")
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError("bad_encoding",
                          f"the text is not valid Unicode (a lone surrogate at character {exc.start})") from exc
    return Document(original=text, source_file=name, sha256=hashlib.sha256(encoded).hexdigest())

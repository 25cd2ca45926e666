"""Turn Vietnamese plan documents (Kế hoạch) into contract JSON.

Three entry points, one per kind of input, each returning the validated
contract object (a ``dict``):

* ``extract(path)``: a file on disk, given as a ``pathlib.Path`` (or any
  ``os.PathLike``);
* ``extract_text(text, name=...)``: a document's text, already a ``str``;
* ``extract_bytes(data, filename=...)``: a file's bytes (a PDF from a
  database, an upload); the format comes from the content.

Keyword settings (``ocr="always"``, ``page_timeout=30``) are checked by
``pipeline.options.Options`` and passed to the readers.

>>> from pipeline import extract_text
>>> result = extract_text("KẾ HOẠCH\\nTriển khai ứng dụng CNTT năm 2024\\nI. MỤC TIÊU\\n")
>>> result["document"]["doc_type"], result["sections"][0]["label"]
('Kế hoạch', 'I')
"""
from __future__ import annotations

import os
import warnings
from dataclasses import replace
from pathlib import Path

from .document import Document
from .ingest import document_from_bytes, document_from_text, read_document
from .options import DEFAULT_OPTIONS, Options
from .output import to_output
from .runner import run_stages
from .validate import validate

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"

__all__ = ["extract", "extract_text", "extract_bytes", "extract_document", "process", "Options", "__version__"]

# A str this short, on one line, ending like a file name, was meant as a path.
PATH_LIKE_SUFFIXES = (".txt", ".md", ".text", ".pdf", ".docx", ".doc", ".html", ".htm",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def process(doc: Document) -> dict:
    """Run every stage on a Document; return the validated contract object.

    >>> from pipeline.ingest import document_from_text
    >>> process(document_from_text("KẾ HOẠCH\\nThí điểm năm 2024\\n"))["schema_version"]
    '1.0'
    """
    run_stages(doc)
    result = to_output(doc)
    validate(result)
    return result


def settings(options: Options | None = None, **overrides) -> Options:
    """One ``Options`` from an ``Options`` value and/or keyword settings (keywords win).

    >>> settings(ocr="always").ocr
    'always'
    >>> settings(Options(ocr="never"), page_timeout=30).ocr
    'never'
    >>> settings(ocr="maybe")
    Traceback (most recent call last):
    ...
    ValueError: ocr='maybe': allowed values are 'auto', 'always', 'never'
    >>> settings(colour="red")                           # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: unknown setting 'colour': the settings are ocr, page_timeout, ...
    """
    base = options if options is not None else DEFAULT_OPTIONS
    known = tuple(base.__dataclass_fields__)
    for key in overrides:
        if key not in known:
            raise TypeError(f"unknown setting {key!r}: the settings are {', '.join(known)}")
    return replace(base, **overrides) if overrides else base


def _looks_like_a_path(text: str) -> bool:
    return "\n" not in text and len(text) < 260 and text.strip().lower().endswith(PATH_LIKE_SUFFIXES)


def _document(source: os.PathLike | str, options: Options, caller: str, text_deprecated: bool = True) -> Document:
    """A Document from a path; a ``str`` naming a file is refused, any other ``str`` is read as text
    (with a ``DeprecationWarning`` when ``text_deprecated``)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise TypeError(f"{caller}() takes a path; for a file's bytes call "
                        f"extract_bytes(data, filename=...)")
    if isinstance(source, str):
        if os.path.isfile(source):
            raise TypeError(f"{caller}() takes a path, not a str: for the file {source!r} call "
                            f"{caller}(Path({source!r})); for a document's text call extract_text(text)")
        if _looks_like_a_path(source):
            raise FileNotFoundError(f"no such file: {source!r} (to extract a file, give "
                                    f"{caller}(Path(...)) an existing path; for text call extract_text)")
        if text_deprecated:
            warnings.warn(f"{caller}(str) reads the str as the document's text; this is deprecated and will "
                          f"become a TypeError: call extract_text(text) instead", DeprecationWarning, stacklevel=3)
        return document_from_text(source)
    if not isinstance(source, os.PathLike):
        raise TypeError(f"{caller}() takes a path (pathlib.Path), not {type(source).__name__}")
    return read_document(Path(source), options=options)


def extract(path: os.PathLike, *, options: Options | None = None, **overrides) -> dict:
    """Extract one document file: its contract object, schema-validated.

    ``path`` is a ``pathlib.Path`` (or any ``os.PathLike``). Settings such
    as ``ocr="always"`` or ``page_timeout=30`` go to the readers through
    ``Options``. A ``str`` naming a file is refused with the right call, so
    a path is never mistaken for text; any other ``str`` is still read as
    text, with a ``DeprecationWarning`` (call ``extract_text``).

    >>> import tempfile
    >>> from pathlib import Path
    >>> plan = Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = plan.write_text("KẾ HOẠCH\\nChuyển đổi số năm 2024\\nI. MỤC TIÊU\\n", encoding="utf-8")
    >>> result = extract(plan)
    >>> result["source"]["file"], result["sections"][0]["title"]
    ('plan.txt', 'MỤC TIÊU')
    >>> extract(str(plan))                                # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: extract() takes a path, not a str: for the file '...plan.txt' call extract(Path('...plan.txt')); for a document's text call extract_text(text)
    """
    return process(_document(path, settings(options, **overrides), "extract"))


def extract_text(text: str, *, name: str | None = None) -> dict:
    """Extract a document given as text; ``name`` becomes ``source.file``.

    Spans are offsets into ``text`` exactly as given.

    >>> result = extract_text("KẾ HOẠCH\\nChuyển đổi số năm 2024\\n", name="plan.txt")
    >>> result["source"]["file"], result["source"]["format"], result["document"]["period"]
    ('plan.txt', 'text', {'from': 2024, 'to': 2024})
    >>> extract_text(b"KE HOACH")
    Traceback (most recent call last):
    ...
    TypeError: extract_text() takes a str; for bytes call extract_bytes(data, filename=...)
    """
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray, memoryview)):
            raise TypeError("extract_text() takes a str; for bytes call extract_bytes(data, filename=...)")
        raise TypeError(f"extract_text() takes a str, not {type(text).__name__}")
    return process(document_from_text(text, name))


def extract_bytes(data: bytes, *, filename: str | os.PathLike | None, options: Options | None = None,
                  **overrides) -> dict:
    """Extract a document given as a file's bytes (a PDF from a database, an upload).

    The format comes from the content (a PDF by its ``%PDF-`` magic, text by
    its encoding); ``filename`` is a hint and becomes ``source.file`` (only
    its last part is kept). Settings as for ``extract``.

    >>> result = extract_bytes("KẾ HOẠCH\\nChuyển đổi số năm 2024\\n".encode("utf-8-sig"), filename="in/plan.txt")
    >>> result["source"]["file"], result["document"]["doc_type"]
    ('plan.txt', 'Kế hoạch')
    >>> extract_bytes("KẾ HOẠCH", filename="plan.txt")
    Traceback (most recent call last):
    ...
    TypeError: extract_bytes() takes bytes; for a str call extract_text(text, name=...)
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        if isinstance(data, str):
            raise TypeError("extract_bytes() takes bytes; for a str call extract_text(text, name=...)")
        raise TypeError(f"extract_bytes() takes bytes, not {type(data).__name__}")
    name = Path(os.fspath(filename)).name if filename is not None else None
    return process(document_from_bytes(bytes(data), name, options=settings(options, **overrides)))


def extract_document(source: os.PathLike | str, *, options: Options | None = None, **overrides) -> Document:
    """The Document after all stages, for callers that want spans and internals.

    A path is read from disk; a ``str`` is the document's text (as the tests
    use it), except that a ``str`` naming an existing file is refused, as in
    ``extract``.

    >>> import tempfile
    >>> from pathlib import Path
    >>> plan = Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = plan.write_text("KẾ HOẠCH\\nI. MỤC TIÊU\\n", encoding="utf-8")
    >>> document = extract_document(plan)
    >>> document.original == plan.read_text(encoding="utf-8"), document.sections[0].label
    (True, 'I')
    >>> extract_document("KẾ HOẠCH\\nI. MỤC TIÊU\\n").sections[0].title
    'MỤC TIÊU'
    """
    doc = _document(source, settings(options, **overrides), "extract_document", text_deprecated=False)
    run_stages(doc)
    return doc

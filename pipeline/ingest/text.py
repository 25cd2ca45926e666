"""Text files: UTF-8 (with or without BOM), UTF-16 with BOM, CRLF or LF.

A file that holds NUL bytes outside UTF-16 is binary; a file that is not valid
UTF-8 is tried as Windows-1258 / CP1252 only when the result is plausibly
Vietnamese, else refused: a wrong guess would silently corrupt every value.
"""
from __future__ import annotations

import codecs
import unicodedata

import regex

from .errors import IngestError
from .legacy import read_legacy_bytes

# Characters that only Vietnamese text uses (letters with horn, breve, hook...).
VIETNAMESE_LETTER = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


class DecodedText(str):
    """A file's text, tagged with the encoding that read it (``Document.source_encoding``).

    >>> DecodedText("Kế hoạch", "utf-8").encoding
    'utf-8'
    """

    encoding: str

    def __new__(cls, text: str, encoding: str) -> "DecodedText":
        obj = super().__new__(cls, text)
        obj.encoding = encoding
        return obj

    def __reduce__(self):                 # picklable across worker processes
        return (DecodedText, (str(self), self.encoding))


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes (a :class:`DecodedText`: the text and its encoding).

    A file that is not UTF-8 is read as TCVN3 or VNI (``ingest/legacy.py``) when
    that reading is clearly the most plausible Vietnamese, else as Windows-1258.

    >>> decode_text("Số: 12/KH".encode("utf-8-sig"))
    'Số: 12/KH'
    >>> decode_text("Kế hoạch".encode("utf-16"))
    'Kế hoạch'
    >>> decode_text(b"\\x00\\x01\\x02PK\\x03\\x04")
    Traceback (most recent call last):
    ...
    pipeline.ingest.errors.IngestError: the file is binary (NUL bytes), not text
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError("bad_encoding", f"UTF-16 file with invalid data at byte {exc.start}") from exc
    if b"\x00" in data:          # the whole file: one memchr, about a millisecond per MB
        raise IngestError("binary", "the file is binary (NUL bytes), not text")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    legacy = read_legacy_bytes(data)
    if legacy is not None:
        text, reading = legacy
        return DecodedText(text, reading.name)
    text = data.decode("cp1258", errors="replace")
    # Windows-1258 spells tones as combining marks: count letters once composed.
    if "\ufffd" not in text and len(VIETNAMESE_LETTER.findall(unicodedata.normalize("NFC", text))) > 20:
        return DecodedText(text, "cp1258")
    raise IngestError(
        "bad_encoding",
        f"not valid UTF-8 (byte {first_error.start}: {data[first_error.start:first_error.start + 1]!r}); "
        "save the file as UTF-8 and retry",
    )

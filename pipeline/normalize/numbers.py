"""OCR-noise repair of numbers: a digit read as the letter it looks like.

OCR reads a ``5`` as ``S``, a ``0`` as ``O``, a ``1`` as ``l`` or ``I``, an
``8`` as ``B``, and the dot between thousands as a colon: ``S.000`` for
``5.000``, ``8:220`` for ``8.220``. Such a token is
repaired only when it stands alone (a table cell, a word of its own) and,
with its look-alike letters read as digits, is a number grouped in thousands
(``5.000``, ``12.450``, ``1.364.329.243``): no word and no code has that shape.
Each repair is an :class:`Edit` and an ``ocr_repair`` warning, as in
``repair.py``.
"""
from __future__ import annotations

import regex

from ..document import Document, Edit

# Letters OCR gives for the digits they look like.
DIGIT_LOOKALIKES = str.maketrans({"S": "5", "O": "0", "o": "0", "l": "1", "I": "1", "B": "8", "Z": "2",
                                  "G": "6", "D": "0", "Q": "0"})
# A token standing alone: digits, look-alike letters, and the dots, commas or
# colons between groups, with a digit in it.
CANDIDATE = regex.compile(r"(?<![^\s])(?=[^\s]*\d)[\dSOolIBZGDQ.,:]{4,}(?![^\s])")
# Roman numbers OCR reads as letters: "H" for "II", "HI" for "III".
ROMAN_LOOKALIKES = {"H": "II", "Il": "II", "lI": "II", "ll": "II", "HI": "III", "IH": "III", "lll": "III",
                    "IIl": "III", "lII": "III"}
# One of them opening a line, before a dot, a bracket, a tab or the line's end.
ROMAN_AT_LINE_START = regex.compile(r"(?m)^(?:H|Il|lI|ll|HI|IH|lll|IIl|lII)(?=[.)\t]|$)")
# A Roman heading number OCR read partly in small letters, before a heading in
# capitals: "Ix. TỔ CHỨC THỰC HIỆN", "VIi. KINH PHÍ".
MIXED_CASE_ROMAN = regex.compile(r"(?m)^(?=[IVX]*[ivx])[IVX][IVXivx]{1,4}(?=\.\s+\p{Lu}{2})")
# A number grouped in thousands: "5.000", "1,447", "1.364.329.243".
GROUPED = regex.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def repaired_number(token: str) -> str | None:
    """The number a token was, or None when it is not a misread number.

    >>> repaired_number("S.000"), repaired_number("8:220"), repaired_number("1O.2OO")
    ('5.000', '8.220', '10.200')
    >>> repaired_number("5.000"), repaired_number("SOS"), repaired_number("12:30"), repaired_number("Z1.B")
    (None, None, None, None)
    """
    if token.isdigit() or not any(ch.isdigit() for ch in token):
        return None
    digits = token.translate(DIGIT_LOOKALIKES)
    separators = {ch for ch in digits if ch in ".,"}
    if ":" in digits:
        digits = digits.replace(":", separators.pop() if len(separators) == 1 else ".")
    if digits == token or not GROUPED.fullmatch(digits):
        return None
    return digits


def number_edits(text: str) -> list[tuple[Edit, str, str]]:
    """``(edit, printed, repaired)`` for each misread number in ``text``."""
    out = []
    for m in CANDIDATE.finditer(text):
        fixed = repaired_number(m.group())
        if fixed is not None:
            out.append((Edit(m.start(), m.end(), fixed), m.group(), fixed))
    return out


def roman_edits(text: str) -> list[tuple[Edit, str, str]]:
    """``(edit, printed, repaired)`` for each Roman row or heading number OCR read
    as letters, at the start of a line: ``H`` for ``II``, ``HI`` for ``III``.

    >>> [(p, r) for _, p, r in roman_edits("H\\tKinh phí\\nHI. TỔ CHỨC\\nHà Nội\\nH\\nIx. TỔ CHỨC\\nVi. Về")]
    [('H', 'II'), ('HI', 'III'), ('H', 'II'), ('Ix', 'IX')]
    """
    found = [(m, ROMAN_LOOKALIKES[m.group()]) for m in ROMAN_AT_LINE_START.finditer(text)]
    found += [(m, m.group().upper()) for m in MIXED_CASE_ROMAN.finditer(text)]
    return sorted(((Edit(m.start(), m.end(), fixed), m.group(), fixed) for m, fixed in found),
                  key=lambda e: e[0].start)


def repair_numbers(doc: Document) -> None:
    """Repair misread numbers in ``doc.text`` (and, in OCR'd text, misread Roman
    row numbers); each one an ``ocr_repair`` warning."""
    edits = number_edits(doc.text)
    if doc.source_format.endswith("ocr"):
        edits = sorted(edits + roman_edits(doc.text), key=lambda e: e[0].start)
    for edit, printed, fixed in edits:
        doc.warn("ocr_repair", f"{printed!r} -> {fixed!r}", edit.start, edit.end)
    doc.rewrite([e for e, _, _ in edits])

"""Unicode clean-up as edits: NFC, line endings, odd spaces, invisible characters."""
from __future__ import annotations

import unicodedata

import regex

from ..document import Edit, without_overlaps

# A base character followed by combining marks: decomposed Vietnamese
# ("tỉnh" typed as "ti" + U+0309 + "nh") that NFC composes.
COMBINING_RUN = regex.compile(r"\P{M}\p{M}+")

# CRLF and lone CR line endings -> LF; a form feed (PDF page break), a vertical tab
# (manual line break in Word exports) and the Unicode line/paragraph separators
# are line breaks too. A form feed that opens a line ("...\n\f      2. Yêu cầu",
# as pdftotext writes page breaks) is only dropped: the line already broke.
LINE_ENDING = regex.compile(r"\r\n?|(?<=\n)\f|[\f\v\u2028\u2029]")

# Spaces that are not U+0020: NBSP, thin/figure/ideographic spaces, and so on.
ODD_SPACE = regex.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# A decimal digit of another script: "１２" (fullwidth), "٣" (Arabic-Indic). The
# number patterns read ASCII digits, so each becomes its ASCII digit; a digit
# newer than Python's Unicode tables (its value unknown) becomes U+FFFD.
OTHER_DIGIT = regex.compile(r"[^\P{Nd}0-9]")

# The Icelandic eth "Ð" (U+00D0), which looks like "Đ" (U+0110) and is typed or
# read by OCR for it ("QÐ-UBND"); OCR also doubles the letter with it ("QĐÐ").
# A run of the two holding an eth is one "Đ" ("ĐĐBQH", with no eth, stays).
ETH_FOR_D = regex.compile(r"[ĐÐ]*Ð[ĐÐ]*|[đð]*ð[đð]*")
# Invisible or control characters to drop: C0/C1 controls other than the tab
# and the line breaks above, zero-width spaces and joiners, the BOM, soft hyphen.
INVISIBLE = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad]")


def unicode_edits(text: str) -> list[Edit]:
    """Edits that make ``text`` NFC with plain spaces and LF line ends.

    >>> from pipeline.document import OffsetMap
    >>> text = "ti\\u0309nh\\r\\nA\\u00a0B\\u200b"
    >>> new, _ = OffsetMap.identity(len(text)).apply(text, unicode_edits(text))
    >>> new
    'tỉnh\\nA B'
    >>> OffsetMap.identity(3).apply("１２%", unicode_edits("１２%"))[0]
    '12%'
    >>> OffsetMap.identity(17).apply("QÐ-UBND QĐÐ-TTg", unicode_edits("QÐ-UBND QĐÐ-TTg"))[0]
    'QĐ-UBND QĐ-TTg'
    """
    edits: list[Edit] = []
    for m in COMBINING_RUN.finditer(text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits.append(Edit(m.start(), m.end(), composed))
    for m in LINE_ENDING.finditer(text):
        if m.group() == "\f" and m.start() and text[m.start() - 1] == "\n":
            edits.append(Edit(m.start(), m.end(), ""))
        elif m.group() != "\n":
            edits.append(Edit(m.start(), m.end(), "\n"))
    for m in ODD_SPACE.finditer(text):
        edits.append(Edit(m.start(), m.end(), " "))
    for m in INVISIBLE.finditer(text):
        edits.append(Edit(m.start(), m.end(), ""))
    for m in ETH_FOR_D.finditer(text):
        edits.append(Edit(m.start(), m.end(), "đ" if m.group().islower() else "Đ"))
    for m in OTHER_DIGIT.finditer(text):
        value = unicodedata.decimal(m.group(), None)
        edits.append(Edit(m.start(), m.end(), "\ufffd" if value is None else str(value)))
    return without_overlaps(edits)

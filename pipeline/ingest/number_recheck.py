"""Numbers read with doubt, read again alone, by English and by Vietnamese with English.

Tesseract's Vietnamese model reads a number standing alone in a table cell
badly when it reads the whole page: a clean ``500`` comes out as ``900`` or
``9500``, a ``5`` as ``2``, with a confidence from 20 to the 70s. Read alone
in its box by English (whose model has seen far more figures) or by
Vietnamese with English, it comes out right and surer (``500`` at 93, a lone
``2`` at 96 instead of 22); read alone by Vietnamese again, it does not. So a
word that is a number (or a number with look-alike letters, ``S500``) read
below ``RECHECK_CONFIDENCE`` is read again in its box by both, and the surest
reading is kept when it is a number read with more confidence than the
page's. A word is only ever replaced by a number.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from .layout import OcrWord, parse_tsv

# Below this confidence a number is read again.
RECHECK_CONFIDENCE = 85.0
# The models that read it again: English, whose model has seen far more
# figures, and Vietnamese with English (Tesseract keeps the surer per word),
# which reads a lone digit English alone cannot.
DIGIT_LANGUAGES = ("eng", "vie+eng")
# Tesseract's mode 7: one line of text.
SINGLE_LINE = 7
# A word that is a number, possibly misread: digits, the letters OCR gives for
# digits (S O l I B Z G), separators, brackets and the percent sign, with a digit
# or a look-alike letter next to a bracket ("S)").
NUMBER_LIKE = regex.compile(r"^(?=.*\d|[SOlIBZG][).])[\dSOlIBZG.,:()%]{1,15}$")
# A word alone on its line this short may be a row number read as letters
# ("ö" for "8", "1Ì" for "11", "li:" for "13").
LONE_SHORT = regex.compile(r"^[\w().:]{1,3}$")
# A reading that is a number: "500", "1.447", "3", "(2)", "25%", or a Roman row number "II".
NUMBER = regex.compile(r"^(?:\(?\d[\d.,]*\)?%?\.?|[IVX]{1,4}\.?)$")


def needs_recheck(word: OcrWord, alone: bool = False) -> bool:
    """A number (or what OCR made of one) read with doubt; ``alone``: the only
    word on its line, where a short token may be a misread row number.

    >>> needs_recheck(OcrWord("9500", 0, 0, 9, 9, 71.0)), needs_recheck(OcrWord("S)", 0, 0, 9, 9, 60.0))
    (True, True)
    >>> needs_recheck(OcrWord("500", 0, 0, 9, 9, 96.0)), needs_recheck(OcrWord("Sở", 0, 0, 9, 9, 40.0))
    (False, False)
    >>> needs_recheck(OcrWord("ö", 0, 0, 9, 9, 40.0), alone=True), needs_recheck(OcrWord("a", 0, 0, 9, 9, 95.0), True)
    (True, False)
    >>> needs_recheck(OcrWord("ö3.400", 0, 0, 9, 9, 60.0)), needs_recheck(OcrWord("QĐ-UBND", 0, 0, 9, 9, 60.0))
    (True, False)
    """
    if not 0 <= word.conf < RECHECK_CONFIDENCE:
        return False
    return bool(NUMBER_LIKE.match(word.text) or (alone and LONE_SHORT.match(word.text))
                or mostly_digits(word.text))


def mostly_digits(text: str) -> bool:
    """Two or more digits making most of the token: a number with a misread
    character in it (``ö3.400``, ``1.,23U``)."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 2 and digits + sum(ch in ".,:" for ch in text) >= 0.6 * len(text)


def doubtful(words: list[OcrWord]) -> list[bool]:
    """For each word, whether it needs reading again (see ``needs_recheck``)."""
    per_line = Counter((w.block, w.par, w.line) for w in words)
    return [needs_recheck(w, per_line[(w.block, w.par, w.line)] == 1) for w in words]


def reread_numbers(engines: list, words: list[OcrWord]) -> list[OcrWord]:
    """``words`` with each doubtful number replaced by the surest reading of its
    box, alone, by ``engines`` (each holds the page image and reads one line),
    when that reading is a number and surer than the page's (a short word the
    Vietnamese model reads surely as a word stays a word)."""
    out = []
    for word, doubt in zip(words, doubtful(words)):
        best = None
        if doubt:
            readings = [r for engine in engines for r in [_reread(engine, word)] if r is not None]
            best = max(readings, key=lambda r: r.conf, default=None)
        if best is not None and NUMBER.match(best.text) and best.conf > word.conf:
            out.append(best)
        else:
            out.append(word)
    return out


def _reread(engine, word: OcrWord) -> OcrWord | None:
    pad = max(4, word.height // 2)
    engine.SetRectangle(max(0, word.left - pad), max(0, word.top - pad), word.width + 2 * pad, word.height + 2 * pad)
    if not engine.Recognize():
        return None
    read = parse_tsv(engine.GetTSVText(0))
    return replace(word, text=read[0].text, conf=read[0].conf) if len(read) == 1 else None

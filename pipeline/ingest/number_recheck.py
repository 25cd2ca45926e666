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
page's. A word is only ever replaced by a number, with two exceptions read
as whole lines: a number the page reading broke into pieces (``42.517`` as
``4Z].`` and ``7``), replaced by one number; and a short line every word of
which was read with little confidence (a header cell ``STT`` read as ``"ý lạ``),
replaced by a reading of its box that is sure.
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
# digits (S O l I B Z G), separators, brackets, quotes (what is left of a digit's
# strokes: "150" read as '1")') and the percent sign, with a digit or a look-alike
# letter next to a bracket ("S)").
NUMBER_LIKE = regex.compile(r"^(?=.*\d|[SOlIBZG][).])[\dSOlIBZG.,:()%\"'’]{1,15}$")
# A word alone on its line this short may be a row number read as letters
# ("ö" for "8", "1Ì" for "11", "li:" for "13").
LONE_SHORT = regex.compile(r"^[\w().:]{1,3}$")
# A short line whose words were read below this on average is read again as one box,
# and replaced by a reading at least this sure.
GARBLED_CONFIDENCE, SURE_CONFIDENCE = 50.0, 80.0
# A number broken into this many words at most, this many characters long at most.
MAX_PIECES, MAX_NUMBER_CHARS = 3, 16
# The marks a number holds, or OCR makes of its separators: "42.517" read "4Z].".
NUMBER_MARKS = ".,:;()[]|'"
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
    >>> needs_recheck(OcrWord('1")', 0, 0, 9, 9, 50.0)), needs_recheck(OcrWord('"Hà', 0, 0, 9, 9, 50.0))
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
    """For each word, whether it needs reading again (see ``needs_recheck``), alone
    or as a piece of a number broken apart (see ``broken_numbers``)."""
    per_line = Counter((w.block, w.par, w.line) for w in words)
    pieces = {id(w) for line in broken_numbers(words) + garbled_lines(words) for w in line}
    return [id(w) in pieces or needs_recheck(w, per_line[(w.block, w.par, w.line)] == 1) for w in words]


def broken_numbers(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Lines that are one number the page reading broke into pieces (``42.517``
    read as ``4Z].`` and ``7``): two or three words, together short and mostly
    digits, at least one of them no clean number.

    >>> w = [OcrWord("4Z].", 0, 0, 9, 9, 41.0, 3, 9, 1), OcrWord("7", 12, 0, 9, 9, 60.0, 3, 9, 1),
    ...      OcrWord("2014", 0, 20, 9, 9, 95.0, 3, 10, 1), OcrWord("2015", 12, 20, 9, 9, 96.0, 3, 10, 1)]
    >>> [[p.text for p in line] for line in broken_numbers(w)]
    [['4Z].', '7']]
    """
    return [line for line in lines_of(words).values()
            if 2 <= len(line) <= MAX_PIECES and is_broken_number(line)]


def is_broken_number(line: list[OcrWord]) -> bool:
    joined = "".join(w.text for w in line)
    if len(joined) > MAX_NUMBER_CHARS or sum(ch.isdigit() for ch in joined) < 2:
        return False
    if all(NUMBER.match(w.text) and w.conf >= RECHECK_CONFIDENCE for w in line):
        return False
    return sum(ch.isdigit() or ch in NUMBER_MARKS for ch in joined) >= 0.6 * len(joined)


def reread_numbers(engines: list, words: list[OcrWord]) -> list[OcrWord]:
    """``words`` with each doubtful number replaced by the surest reading of its
    box, alone, by ``engines`` (each holds the page image and reads one line),
    when that reading is a number and surer than the page's (a short word the
    Vietnamese model reads surely as a word stays a word)."""
    words = reread_broken_lines(engines, words)
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


def reread_broken_lines(engines: list, words: list[OcrWord]) -> list[OcrWord]:
    """``words`` with each number broken into pieces (``broken_numbers``) read
    again as one box, and replaced by that reading when it is one number read
    surer than its least sure piece; then each short line read with little
    confidence (``garbled_lines``) replaced by a sure reading of its box."""
    words = reread_lines(engines, words, broken_numbers(words),
                         lambda best, whole: NUMBER.match(best.text) is not None and best.conf > whole.conf)
    return reread_lines(engines, words, garbled_lines(words), lambda best, _: best.conf >= SURE_CONFIDENCE)


def garbled_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Short lines (a table's header cell) read with little confidence on the
    whole: ``STT`` read as ``"ý lạ`` at 19 and 32, or as ``hy Bị l`` at 29, 10 and 71.

    >>> w = [OcrWord('"ý', 0, 0, 9, 9, 19.0, 1, 5, 1), OcrWord("lạ", 12, 0, 9, 9, 32.0, 1, 5, 1),
    ...      OcrWord("Tên", 0, 20, 9, 9, 96.0, 1, 6, 1)]
    >>> [[p.text for p in line] for line in garbled_lines(w)]
    [['"ý', 'lạ']]
    """
    return [line for line in lines_of(words).values()
            if len(line) <= MAX_PIECES and all(w.conf >= 0 for w in line)
            and sum(w.conf for w in line) < GARBLED_CONFIDENCE * len(line)]


def lines_of(words: list[OcrWord]) -> dict[tuple[int, int, int], list[OcrWord]]:
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    return lines


def reread_lines(engines: list, words: list[OcrWord], lines: list[list[OcrWord]], accept) -> list[OcrWord]:
    """``words`` with each of ``lines`` read again as one box and replaced by the
    surest reading when it is one word and ``accept(reading, line as one word)``."""
    replaced: dict[int, OcrWord | None] = {}
    for line in lines:
        left, top = min(w.left for w in line), min(w.top for w in line)
        right = max(w.left + w.width for w in line)
        bottom = max(w.top + w.height for w in line)
        whole = replace(line[0], text="".join(w.text for w in line), left=left, top=top,
                        width=right - left, height=bottom - top, conf=min(w.conf for w in line))
        readings = [r for engine in engines for r in [_reread(engine, whole)] if r is not None]
        best = max(readings, key=lambda r: r.conf, default=None)
        if best is not None and accept(best, whole):
            replaced[id(line[0])] = best
            for w in line[1:]:
                replaced[id(w)] = None
    if not replaced:
        return words
    return [replaced.get(id(w), w) for w in words if replaced.get(id(w), w) is not None]


def _reread(engine, word: OcrWord) -> OcrWord | None:
    pad = max(4, word.height // 2)
    engine.SetRectangle(max(0, word.left - pad), max(0, word.top - pad), word.width + 2 * pad, word.height + 2 * pad)
    if not engine.Recognize():
        return None
    read = parse_tsv(engine.GetTSVText(0))
    return replace(word, text=read[0].text, conf=read[0].conf) if len(read) == 1 else None

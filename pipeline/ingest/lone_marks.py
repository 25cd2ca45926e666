"""Short marks Tesseract's page layout drops, found in the ink and read one by one.

Tesseract's layout analysis takes a lone short mark far from other text for
noise or a rule: the ``1``, ``I``, ``-`` of a table's row-number column, a
``2`` or ``0`` alone in its cell. A row that loses its first cell reads as the
wrapped line of the row above, and a row that loses a number shifts every
number after it. So after the page is read, the ink that no recognized word
covers is looked at: ruling lines are taken out, what is left is cut into
boxes of about one text line, and each box is read as a single line. Marks
read with confidence join the page's words; the rest (specks, stamps, logos)
is dropped. A lone dash, which Tesseract cannot read alone, is known by its
shape (a short flat stroke).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .layout import OcrWord
from .number_recheck import NUMBER_LIKE

# A pixel darker than this is ink.
DARK_LEVEL = 128
# Tesseract's mode 7: read the box as one line of text.
SINGLE_LINE = 7
# Runs of ink longer than this many line heights are ruling lines, not letters.
RULE_HEIGHTS = 2.5
# Ink this close to a read word (in line heights, across and up or down) is
# part of it (an accent, a descender, a letter it missed), not a lone mark.
NEAR_WORD_WIDTH = 1.0
NEAR_WORD_HEIGHT = 0.3
# A box with fewer ink pixels than this share of a line height squared is a speck
# (a printed dash "-" has about 0.012).
MIN_INK_SHARE = 0.008
# Boxes wider than this many line heights are not lone marks (a logo, a signature).
MAX_WIDTH_HEIGHTS = 4.0
# Ink taller than this many line heights is a picture or a stamp.
MAX_HEIGHT_HEIGHTS = 1.6
# A mark read with less confidence than this is not kept (a number is kept for
# reading again, ``number_recheck.py``, and dropped after it if still unsure); a
# dash, which a speck of noise can look like, needs more.
MIN_CONFIDENCE = 50.0
DASH_CONFIDENCE = 60.0
# A dash: a stroke at most this share of a line height thick and this many line heights long.
DASH_HEIGHT = 0.15
DASH_WIDTH = 1.2
# How Tesseract reads a lone short dash.
LONE_DASHES = {"-", "=", "—", "–", "_"}
# How Tesseract reads a lone serif capital I.
VERTICAL_STROKES = {"|", "¦"}
# At most this many boxes are read on one page (a noisy page is not read speck by speck).
MAX_BOXES = 80


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int


def runs(flags: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of True, runs closer than ``gap`` joined.

    >>> runs(np.array([0, 1, 1, 0, 0, 0, 1, 0, 1], bool), 2)
    [(1, 3), (6, 9)]
    """
    idx = np.flatnonzero(flags)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))


def long_runs(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """The pixels of ink runs at least ``length`` long along ``axis`` (a ruling line):
    an erosion then a dilation by ``length``, each in doubling steps."""
    def shift_and(a: np.ndarray, k: int) -> np.ndarray:
        out = np.zeros_like(a)
        if axis == 0:
            out[:-k] = a[:-k] & a[k:]
        else:
            out[:, :-k] = a[:, :-k] & a[:, k:]
        return out

    def shift_or(a: np.ndarray, k: int) -> np.ndarray:
        out = a.copy()
        if axis == 0:
            out[k:] |= a[:-k]
        else:
            out[:, k:] |= a[:, :-k]
        return out

    eroded, span = ink, 1
    while span * 2 <= length:
        eroded = shift_and(eroded, span)
        span *= 2
    if span < length:
        eroded = shift_and(eroded, length - span)
    grown, span = eroded, 1
    while span * 2 <= length:
        grown = shift_or(grown, span)
        span *= 2
    return shift_or(grown, length - span) if span < length else grown


def uncovered_boxes(gray: np.ndarray, words: list[OcrWord], line_height: float) -> list[Box]:
    """Boxes of ink that no word covers or comes near, ruling lines taken out,
    at most about one line high."""
    ink = gray < DARK_LEVEL
    pad = max(2, int(0.25 * line_height))
    for w in words:
        ink[max(0, w.top - pad):w.bottom + pad, max(0, w.left - pad):w.right + pad] = False
    rule = int(RULE_HEIGHTS * line_height)
    if rule < min(ink.shape):
        ink &= ~(long_runs(ink, rule, 0) | long_runs(ink, rule, 1))
    min_ink = max(4, int(MIN_INK_SHARE * line_height * line_height))
    near = [Box(w.left - int(NEAR_WORD_WIDTH * line_height), w.top - int(NEAR_WORD_HEIGHT * line_height),
                w.right + int(NEAR_WORD_WIDTH * line_height), w.bottom + int(NEAR_WORD_HEIGHT * line_height))
            for w in words]
    boxes: list[Box] = []
    for top, bottom in runs(ink.any(axis=1), max(1, int(0.3 * line_height))):
        if bottom - top > MAX_HEIGHT_HEIGHTS * line_height:
            continue
        band = ink[top:bottom]
        for left, right in runs(band.any(axis=0), max(1, int(0.6 * line_height))):
            piece = band[:, left:right]
            if right - left <= MAX_WIDTH_HEIGHTS * line_height and piece.sum() >= min_ink:
                rows = np.flatnonzero(piece.any(axis=1))
                box = Box(left, top + int(rows[0]), right, top + int(rows[-1]) + 1)
                if not any(_meet(box, other) for other in near):
                    boxes.append(box)
    return boxes


def _meet(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def is_dash(box: Box, line_height: float) -> bool:
    """A short flat stroke: a dash, which Tesseract cannot read alone.

    >>> is_dash(Box(0, 20, 9, 23), 25), is_dash(Box(0, 10, 9, 34), 25), is_dash(Box(0, 20, 90, 23), 25)
    (True, False, False)
    """
    height, width = box.bottom - box.top, box.right - box.left
    return height <= max(2, DASH_HEIGHT * line_height) and 2 * height <= width <= DASH_WIDTH * line_height


def reading_box(box: Box, line_height: float, width: int, height: int) -> Box:
    """The box grown to a full line's height around its ink, with a margin, for reading."""
    centre = (box.top + box.bottom) / 2
    margin = int(0.4 * line_height)
    return Box(max(0, box.left - margin), max(0, int(min(box.top, centre - 0.8 * line_height))),
               min(width, box.right + margin), min(height, int(max(box.bottom, centre + 0.8 * line_height))))


def read_lone_marks(engine, image, words: list[OcrWord], page_segmentation: int) -> list[OcrWord]:
    """Words read in the ink the page's words leave uncovered (``engine`` holds ``image``)."""
    from .layout import parse_tsv

    if not words:
        return []
    line_height = float(np.median([w.height for w in words]))
    gray = np.asarray(image.convert("L"))
    boxes = uncovered_boxes(gray.copy(), words, line_height)
    if not boxes or len(boxes) > MAX_BOXES:
        return []
    found: list[OcrWord] = []
    engine.SetPageSegMode(SINGLE_LINE)
    try:
        for number, box in enumerate(boxes, start=1):
            if is_dash(box, line_height):        # no confidence: it was not read by Tesseract
                found.append(OcrWord("-", box.left, box.top, box.right - box.left, box.bottom - box.top,
                                     -1.0, -number, 0, 0))
                continue
            area = reading_box(box, line_height, gray.shape[1], gray.shape[0])
            engine.SetRectangle(area.left, area.top, area.right - area.left, area.bottom - area.top)
            if not engine.Recognize():
                continue
            for word in parse_tsv(engine.GetTSVText(0)):
                sure = word.conf >= MIN_CONFIDENCE or NUMBER_LIKE.match(word.text)   # a number is checked later
                mark = as_mark(word, line_height) if sure and _inside(word, area) else None
                if mark is not None:            # a line of its own, not one of the page's lines
                    found.append(replace(mark, block=-number, par=0, line=0))
    finally:
        engine.SetPageSegMode(page_segmentation)
    return found


def as_mark(word: OcrWord, line_height: float) -> OcrWord | None:
    """A word read in a box kept as a mark: one with a letter or a digit, or a lone
    dash no wider than a line is high (Tesseract reads a thin dash as ``=`` or
    ``—``: it is the ``-`` of a row-number column), or a lone stroke of a letter's
    height, which Tesseract reads as ``|``: the Roman ``I`` of a group row (a
    ``1`` keeps its flag and is read as ``1``). Rules and underlines read as
    ``——~`` are dropped.

    >>> as_mark(OcrWord("=", 0, 0, 9, 3, 80.0), 25).text, as_mark(OcrWord("——~", 0, 0, 90, 4, 80.0), 25)
    ('-', None)
    >>> as_mark(OcrWord("|", 0, 0, 6, 24, 86.0), 25).text
    'I'
    """
    if any(ch.isalnum() for ch in word.text):
        return word
    if word.text in VERTICAL_STROKES and word.height >= 0.5 * line_height:
        return replace(word, text="I")
    if word.text in LONE_DASHES and word.width <= line_height and word.conf >= DASH_CONFIDENCE:
        return replace(word, text="-")
    return None


def is_unsure_mark(word: OcrWord) -> bool:
    """A mark this module read (a line of its own: a negative block number) that
    is still unsure after the numbers were read again (``number_recheck.py``)."""
    return word.block < 0 and 0 <= word.conf < MIN_CONFIDENCE


def _inside(word: OcrWord, area: Box) -> bool:
    return area.left <= word.left and word.right <= area.right + 1 and area.top <= word.top \
        and word.bottom <= area.bottom + 1

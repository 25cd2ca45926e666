"""Finding the ink no OCR word covers (``pipeline/ingest/lone_marks.py``): lone
marks are boxed, ruling lines and specks are not."""
from __future__ import annotations

import doctest

import numpy as np

from pipeline.ingest import lone_marks
from pipeline.ingest.layout import OcrWord
from pipeline.ingest.lone_marks import Box, uncovered_boxes

WHITE, BLACK = 255, 0
LINE = 30                                  # text line height in pixels


def page() -> np.ndarray:
    return np.full((600, 800), WHITE, np.uint8)


def test_doctests():
    assert doctest.testmod(lone_marks).failed == 0


def test_a_lone_mark_is_boxed_and_a_read_word_is_not():
    gray = page()
    gray[100:125, 40:52] = BLACK                       # a lone "1" the layout dropped
    gray[100:125, 200:400] = BLACK                     # a word OCR read
    word = OcrWord("Máy chủ", 200, 100, 200, 25, 95.0)
    boxes = uncovered_boxes(gray, [word], LINE)
    assert boxes == [Box(40, 100, 52, 125)]


def test_ruling_lines_and_specks_are_not_marks():
    gray = page()
    gray[300, 20:780] = BLACK                          # a table's horizontal rule
    gray[20:580, 600] = BLACK                          # a vertical rule
    gray[50, 50] = BLACK                               # scanner noise
    gray[400:425, 100:112] = BLACK                     # a real mark beside the rules
    assert uncovered_boxes(gray, [], LINE) == [Box(100, 400, 112, 425)]


def test_a_picture_taller_than_a_line_is_not_read():
    gray = page()
    gray[100:160:3, 100:150] = BLACK                   # a stamp or a logo, two lines high
    assert uncovered_boxes(gray, [], LINE) == []

"""Which OCR words are numbers read with doubt (``pipeline/ingest/number_recheck.py``)."""
from __future__ import annotations

import doctest

from pipeline.ingest import number_recheck


def test_doctests():
    assert doctest.testmod(number_recheck).failed == 0


class BoxReader:
    """An engine that reads each asked-for box as the text given for that box."""

    def __init__(self, readings: dict[tuple[int, int], tuple[str, float]]):
        self.readings, self.box = readings, None

    def SetRectangle(self, left, top, width, height):  # noqa: N802 - the engine's names
        self.box = (left, top)

    def Recognize(self):  # noqa: N802
        return True

    def GetTSVText(self, _level):  # noqa: N802
        for (left, top), (text, conf) in self.readings.items():
            if abs(self.box[0] - left) < 30 and abs(self.box[1] - top) < 30:
                return f"5\t1\t1\t1\t1\t1\t{left}\t{top}\t50\t40\t{conf}\t{text}"
        return ""


def word(text, left, top, conf, line):
    return number_recheck.OcrWord(text, left, top, 40, 40, conf, 1, line, 1)


def test_a_number_broken_into_pieces_is_read_again_as_one_box():
    words = [word("Tổng", 0, 0, 95.0, 1), word("j1].", 0, 100, 41.0, 2), word("7", 150, 100, 60.0, 2)]
    engine = BoxReader({(0, 100): ("31.327", 91.0)})
    out = number_recheck.reread_numbers([engine], words)
    assert [w.text for w in out] == ["Tổng", "31.327"]
    joined = out[1]
    assert (joined.left, joined.top, joined.left + joined.width) == (0, 100, 190)


def test_pieces_stay_when_the_box_reads_as_no_surer_number():
    words = [word("j1].", 0, 100, 41.0, 2), word("7", 150, 100, 60.0, 2)]
    for reading in [("jl.327", 91.0), ("31.327", 30.0)]:
        out = number_recheck.reread_numbers([BoxReader({(0, 100): reading})], words)
        assert "31.327" not in [w.text for w in out]
        assert len(out) == 2


def test_a_row_of_clean_years_is_not_a_broken_number():
    words = [word("2014", 0, 0, 95.0, 1), word("2015", 100, 0, 96.0, 1)]
    assert number_recheck.broken_numbers(words) == []

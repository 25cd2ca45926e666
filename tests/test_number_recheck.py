"""Which OCR words are numbers read with doubt (``pipeline/ingest/number_recheck.py``)."""
from __future__ import annotations

import doctest

from pipeline.ingest import number_recheck


def test_doctests():
    assert doctest.testmod(number_recheck).failed == 0

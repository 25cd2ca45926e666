"""Load the reviewable vocabulary files in ``pipeline/data`` once per process."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

import regex


def data_text(name: str) -> str:
    return resources.files("pipeline").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file; ``#`` comment lines and blank lines skipped."""
    rows = []
    for line in data_text(name).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """First column of a data file."""
    return tuple(row[0] for row in load_rows(name))


_STRIP_MARKS = regex.compile(r"\p{M}+")


def fold_diacritics(text: str) -> str:
    """Lower-case ASCII skeleton, so noisy OCR forms still match keywords.

    >>> fold_diacritics("MUC TIÊU")
    'muc tieu'
    >>> fold_diacritics("Đơn vị")
    'don vi'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return _STRIP_MARKS.sub("", unicodedata.normalize("NFD", text)).lower()

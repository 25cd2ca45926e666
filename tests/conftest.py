"""Shared test helpers."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"

# "foo <0>bar</0> baz": the marked part's span in the unmarked text.
MARK = regex.compile(r"<(\d+)>(.*?)</\1>", regex.S)


def unmark(marked: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """Strip ``<n>...</n>`` marks; return the text and each mark's (start, end)."""
    spans: dict[int, tuple[int, int]] = {}
    out, cursor, removed = [], 0, 0
    for m in MARK.finditer(marked):
        out.append(marked[cursor:m.start()])
        start = m.start() - removed
        spans[int(m.group(1))] = (start, start + len(m.group(2)))
        out.append(m.group(2))
        removed += len(m.group()) - len(m.group(2))
        cursor = m.end()
    out.append(marked[cursor:])
    return "".join(out), spans


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))

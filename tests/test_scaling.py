"""Hostile sizes: work that used to grow faster than the text, kept linear.

Each test feeds an input shaped like the one that once stalled a batch, at a
size where the linear code needs a fraction of a second and the old quadratic
code needed minutes, under a generous deadline (a hang guard, not a
benchmark: the speed figures are in ``make bench``).
"""
from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from pipeline import extract_document
from pipeline.document import Document, Section, Span
from pipeline.extract import budget
from pipeline.normalize.cells import split_rows

from .conftest import CORPUS

DEADLINE = 20.0    # seconds; the inputs below take well under one


@contextmanager
def deadline(seconds: float = DEADLINE):
    def expired(signum, frame):
        raise TimeoutError(f"did not finish in {seconds} s: the work grows faster than the input")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Regression: the split of a flattened table copied the row starts found so far
# at every cell (quadratic): 1 MB of lone "|" lines never finished.
def test_lone_pipe_lines_are_split_in_linear_time():
    with deadline():
        rows = split_rows([True] * 60_000)
    assert all(not any(cell for cell in row) for row in rows)


def test_a_megabyte_of_lone_pipes_goes_through_the_pipeline():
    with deadline():
        doc = extract_document("|\n" * 100_000)
    assert doc.flat_sections == []


# Regression: one 5 MB line (no line breaks) made readers rescan the line's prefix.
def test_one_very_long_line_goes_through_the_pipeline():
    line = "Tổng kinh phí 1.500 triệu đồng đến năm 2030 đạt 95% cán bộ, " * 20_000
    with deadline():
        doc = extract_document(line)
    assert doc.original == line


# Regression: every pair of tables was compared row by row, so the checks grew
# with the square of the number of tables (468,952 checks for a plan repeated 100 times).
def test_tables_are_compared_with_the_next_repeat_only():
    plan = (CORPUS / "003_646cc4b7517d2c67.txt").read_text(encoding="utf-8")

    def agreement_checks(copies: int) -> int:
        doc = extract_document(plan * copies)
        return sum(1 for c in doc.budget["checks"] if c.kind == "tables_agree")

    with deadline():
        two, eight = agreement_checks(2), agreement_checks(8)
    assert two > 0
    # linear in the number of tables: about 4x for 4x the tables (every pair: about 16x)
    assert eight <= 6 * two


# Regression: the section around an offset was found by scanning the whole
# outline for every number the extractors looked at.
def test_containing_sections_found_by_bisection_match_the_outline():
    doc = Document("x" * 100)
    top = Section("I", 1, "A", "other", Span(0, 5), body_end=60)
    one = Section("1", 2, "B", "other", Span(10, 12), body_end=30)
    two = Section("2", 2, "C", "other", Span(30, 32), body_end=60)
    nxt = Section("II", 1, "D", "other", Span(60, 62), body_end=100)
    top.children = [one, two]
    doc.flat_sections = [top, one, two, nxt]
    naive = {off: [s for s in doc.flat_sections if s.span.start <= off < max(s.body_end, s.span.end)]
             for off in range(100)}
    assert {off: doc.section_chain(off) for off in range(100)} == naive


@pytest.mark.parametrize("copies", [20])
def test_a_long_plan_goes_through_in_linear_time(copies):
    plan = (CORPUS / "003_646cc4b7517d2c67.txt").read_text(encoding="utf-8")
    with deadline(60):
        doc = extract_document(plan * copies)
    assert len(doc.flat_sections) >= copies
    assert budget.document_convention(doc.text) is not None

"""The whole pipeline over corpus/: every output valid, every span true, eval floors held.

The floors are the issues' acceptance figures (CONTRACT.md scoring); the exact
figures are printed by `make eval`.
"""
from __future__ import annotations

import json

import pytest

from pipeline import extract, extract_document
from pipeline.evaluate import Counts, flatten_sections, score_document_pair
from pipeline.output import to_output

from .conftest import CORPUS, GOLD


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {path.stem: extract(path) for path in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="module")
def totals(results) -> dict[str, Counts]:
    sums: dict[str, Counts] = {}
    for stem, out in results.items():
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        for name, counts in score_document_pair(gold, out).items():
            sums.setdefault(name, Counts()).add(counts)
    return sums


def test_every_corpus_document_has_gold(results):
    assert set(results) == {p.stem for p in GOLD.glob("*.json")}


def test_document_field_accuracy_floor(totals):
    c = totals["document"]
    assert c.tp / c.gold >= 0.95


def test_sections_f1_floor(totals):
    assert totals["sections"].f1 >= 0.95


def all_spans(value):
    """Every span dict in an output object, with the item it belongs to."""
    if isinstance(value, dict):
        if isinstance(value.get("span"), dict):
            yield value, value["span"]
        for key, inner in value.items():
            if key != "span":
                yield from all_spans(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from all_spans(inner)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_every_span_lies_inside_the_original(path):
    doc = extract_document(path)
    out = to_output(doc)
    for item, span in all_spans(out):
        assert 0 <= span["start"] <= span["end"] <= len(doc.original), item


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_section_spans_hold_their_label(path):
    doc = extract_document(path)
    for section in flatten_sections(to_output(doc)["sections"]):
        source = doc.original[section["span"]["start"]:section["span"]["end"]]
        label = section["label"].split()[-1]
        assert label in source, (section["label"], source)

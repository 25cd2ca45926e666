"""pipeline/document.py: the offset map from working text back to the original."""
from __future__ import annotations

import pytest

from pipeline.document import Document, Edit, OffsetMap, Span, Warning_


def test_identity_map_sends_every_position_to_itself():
    m = OffsetMap.identity(5)
    assert len(m) == 5
    assert [m.to_original(i) for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert m.span(1, 3) == (1, 3)
    assert m.span(0, 5) == (0, 5)


def test_identity_map_of_empty_text():
    m = OffsetMap.identity(0)
    assert len(m) == 0
    assert m.span(0, 0) == (0, 0)


# (original, edits, expected working text, [(working substring, its original source)])
APPLY_CASES = [
    pytest.param(
        "tinh Bac Giang", [Edit(0, 4, "tỉnh")], "tỉnh Bac Giang",
        [("tỉnh", "tinh"), ("ỉ", "i"), ("Bac", "Bac")],
        id="same-length-keeps-one-to-one",
    ),
    pytest.param(
        "ti\u0309nh Bắc Giang", [Edit(1, 3, "ỉ")], "tỉnh Bắc Giang",
        [("tỉnh", "ti\u0309nh"), ("tỉ", "ti\u0309"), ("Bắc", "Bắc"), ("nh", "nh")],
        id="shorter-covers-whole-decomposed-run",
    ),
    pytest.param(
        "TP HCM năm 2024", [Edit(0, 2, "Thành phố")], "Thành phố HCM năm 2024",
        [("Thành phố", "TP"), ("Thành phố HCM", "TP HCM"), ("HCM", "HCM"), ("2024", "2024")],
        id="longer-maps-onto-replaced-run",
    ),
    pytest.param(
        "ỨNGDỤNG CNTT", [Edit(3, 3, " ")], "ỨNG DỤNG CNTT",
        [("ỨNG", "ỨNG"), ("DỤNG", "DỤNG"), ("ỨNG DỤNG", "ỨNGDỤNG"), ("CNTT", "CNTT")],
        id="insertion-empty-old-range",
    ),
    pytest.param(
        "A\u200bB C", [Edit(1, 2, "")], "AB C",
        [("B", "B"), ("AB", "A\u200bB"), ("C", "C")],
        id="empty-replacement-deletes",
    ),
    pytest.param(
        "**I. MỤC TIÊU**\r\nCăn\u00a0cứ Luật",
        [Edit(15, 17, "\n"), Edit(0, 2, ""), Edit(13, 15, ""), Edit(20, 21, " ")],
        "I. MỤC TIÊU\nCăn cứ Luật",
        [("I. MỤC", "I. MỤC"), ("\n", "\r\n"), ("Căn cứ", "Căn\u00a0cứ"), ("Luật", "Luật")],
        id="several-edits-given-unsorted",
    ),
    pytest.param("abc", [], "abc", [("abc", "abc"), ("b", "b")], id="no-edits"),
]


@pytest.mark.parametrize("original, edits, expected_text, checks", APPLY_CASES)
def test_apply(original, edits, expected_text, checks):
    text, m = OffsetMap.identity(len(original)).apply(original, edits)
    assert text == expected_text
    assert len(m) == len(text)
    assert m.to_original(len(text)) == len(original)      # the end maps to the end
    for working, source in checks:
        start = text.index(working)
        o_start, o_end = m.span(start, start + len(working))
        assert original[o_start:o_end] == source, working


def test_apply_positions_never_go_backwards():
    original = "ti\u0309nh\r\nTP A\u200bB"
    edits = [Edit(1, 3, "ỉ"), Edit(5, 7, "\n"), Edit(7, 9, "Thành phố"), Edit(11, 12, "")]
    text, m = OffsetMap.identity(len(original)).apply(original, edits)
    assert text == "tỉnh\nThành phố AB"
    positions = [m.to_original(i) for i in range(len(text) + 1)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([Edit(1, 3, "x"), Edit(2, 4, "y")], id="ranges-cross"),
        pytest.param([Edit(0, 5, "x"), Edit(1, 2, "y")], id="one-inside-another"),
        pytest.param([Edit(1, 3, "x"), Edit(2, 2, "y")], id="insertion-inside-replaced-range"),
    ],
)
def test_overlapping_edits_raise(edits):
    with pytest.raises(ValueError, match="overlapping"):
        OffsetMap.identity(6).apply("abcdef", edits)


def test_adjacent_edits_do_not_overlap():
    text, m = OffsetMap.identity(4).apply("abcd", [Edit(1, 2, "X"), Edit(2, 3, "YZ")])
    assert text == "aXYZd"
    assert m.span(4, 5) == (3, 4)


def test_rewrite_composes_two_rounds_of_edits():
    original = "ti\u0309nh\r\nBắc\u00a0Giang năm 2010"
    doc = Document(original)
    # round 1 (unicode): compose, CRLF -> LF, NBSP -> space
    doc.rewrite([Edit(1, 3, "ỉ"), Edit(5, 7, "\n"), Edit(10, 11, " ")])
    assert doc.text == "tỉnh\nBắc Giang năm 2010"
    # round 2 (on the round-1 text): a shorter and a longer replacement
    start = doc.text.index("Bắc Giang")
    doc.rewrite([Edit(start, start + len("Bắc Giang"), "BG"), Edit(0, 4, "TỈNH")])
    assert doc.text == "TỈNH\nBG năm 2010"
    assert doc.original == original                      # never changed
    assert len(doc.offsets) == len(doc.text)

    def source(working: str) -> str:
        i = doc.text.index(working)
        span = doc.span(i, i + len(working))
        return doc.original[span.start:span.end]

    assert source("TỈNH") == "ti\u0309nh"
    assert source("TỈNH\n") == "ti\u0309nh\r\n"
    assert source("BG") == "Bắc\u00a0Giang"
    assert source("2010") == "2010"
    assert source("BG năm") == "Bắc\u00a0Giang năm"


def test_rewrite_with_no_edits_keeps_text_and_map():
    doc = Document("Kế hoạch")
    before = doc.offsets
    doc.rewrite([])
    assert doc.text == "Kế hoạch"
    assert doc.offsets is before


def test_document_starts_with_working_text_equal_to_original():
    doc = Document("Số: 16/KH-STTTT")
    assert doc.text == doc.original
    assert doc.span(5, 15) == Span(5, 15)


@pytest.mark.parametrize(
    "original, edits, word, source",
    [
        pytest.param("Căn cứ Nghị\u00a0định số 64/2007/NĐ-CP", [Edit(11, 12, " ")],
                     "Nghị định số 64/2007/NĐ-CP", "Nghị\u00a0định số 64/2007/NĐ-CP", id="across-nbsp"),
        pytest.param("## KẾ HOẠCH\nTriển khai", [Edit(0, 3, "")], "KẾ HOẠCH", "KẾ HOẠCH",
                     id="after-deleted-prefix"),
        pytest.param("Quyết định số 2187/QĐ-\r\nTTg", [Edit(22, 24, "")], "2187/QĐ-TTg",
                     "2187/QĐ-\r\nTTg", id="across-deleted-line-break"),
    ],
)
def test_span_maps_working_range_to_its_source(original, edits, word, source):
    doc = Document(original)
    doc.rewrite(edits)
    i = doc.text.index(word)
    span = doc.span(i, i + len(word))
    assert doc.original[span.start:span.end] == source


def test_empty_working_range_gives_empty_original_span():
    doc = Document("**Kế hoạch**")
    doc.rewrite([Edit(0, 2, ""), Edit(10, 12, "")])
    span = doc.span(3, 3)
    assert span.start == span.end == 5


def test_warn_records_original_span():
    doc = Document("**Số: 16 /KH-STTTT**")
    doc.rewrite([Edit(0, 2, "")])
    i = doc.text.index("16 /KH")
    doc.warn("number_spaces", "spaces inside the symbol", i, i + len("16 /KH-STTTT"))
    w = doc.warnings[-1]
    assert (w.code, w.span) == ("number_spaces", Span(6, 18))
    assert doc.original[w.span.start:w.span.end] == "16 /KH-STTTT"
    doc.warn("no_span", "a warning without a place")
    assert doc.warnings[-1].span is None
    assert doc.warnings[-1].to_dict() == {"code": "no_span", "severity": "warning",
                                          "message": "a warning without a place", "span": None}


@pytest.mark.parametrize("code, severity", [("ocr_repair", "info"), ("bad_date", "warning"), ("page_failed", "error")])
def test_warning_severity_follows_its_code(code, severity):
    assert Warning_(code, "m").severity == severity


def test_warning_severity_must_be_known():
    with pytest.raises(ValueError, match="info"):
        Warning_("x", "m", severity="fatal")


# Regression: a span that ends right before deleted characters (a closing
# ``**``, a zero-width space) swallowed them, because the map sends the end to
# the original position of the next KEPT character.
@pytest.mark.parametrize(
    "original, edits, word, source",
    [
        pytest.param("**I. MỤC TIÊU**\nCăn cứ", [Edit(0, 2, ""), Edit(13, 15, "")], "MỤC TIÊU", "MỤC TIÊU",
                     id="closing-emphasis"),
        pytest.param("tỉnh\u200b Bắc Giang", [Edit(4, 5, "")], "tỉnh", "tỉnh", id="zero-width-space"),
    ],
)
def test_span_before_deleted_text_excludes_the_deleted_text(original, edits, word, source):
    doc = Document(original)
    doc.rewrite(edits)
    i = doc.text.index(word)
    span = doc.span(i, i + len(word))
    assert doc.original[span.start:span.end] == source

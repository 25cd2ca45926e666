"""pipeline/normalize: unicode, markdown and unwrap edits, and spans back to the original."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.document import Document, OffsetMap
from pipeline.normalize import normalize
from pipeline.normalize.markdown import markdown_edits
from pipeline.normalize.unicode import unicode_edits
from pipeline.normalize.unwrap import unwrap_edits


def applied(text: str, edits_for) -> str:
    return OffsetMap.identity(len(text)).apply(text, edits_for(text))[0]


def source_of(doc: Document, working: str) -> str:
    """The original text behind the first occurrence of ``working`` in ``doc.text``."""
    i = doc.text.index(working)
    span = doc.span(i, i + len(working))
    return doc.original[span.start:span.end]


# -- unicode -----------------------------------------------------------------

UNICODE_CASES = [
    pytest.param("ti\u0309nh Bă\u0301c Giang", "tỉnh Bắc Giang", id="nfc-one-mark"),
    pytest.param("Ke\u0302\u0301 hoa\u0323ch", "Kế hoạch", id="nfc-two-marks"),
    pytest.param(unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
                 "Ủy ban nhân dân tỉnh Quảng Ngãi", id="nfc-whole-nfd-phrase"),
    pytest.param("KẾ HOẠCH\r\nI. MỤC TIÊU\r\n", "KẾ HOẠCH\nI. MỤC TIÊU\n", id="crlf"),
    pytest.param("KẾ HOẠCH\rI. MỤC TIÊU\r", "KẾ HOẠCH\nI. MỤC TIÊU\n", id="lone-cr"),
    pytest.param("a\r\n\r\nb\r\rc", "a\n\nb\n\nc", id="blank-lines-kept"),
    pytest.param("Số:\u00a016/KH-STTTT", "Số: 16/KH-STTTT", id="nbsp"),
    pytest.param("100\u202f%\u2003cán\u2009bộ\u3000x\u2007y", "100 % cán bộ x y", id="other-odd-spaces"),
    pytest.param("Căn\u200b cứ\u200c Luật\u200d số\u2060 67\ufeff/2006", "Căn cứ Luật số 67/2006", id="zero-width"),
    pytest.param("công\u00adnghệ", "côngnghệ", id="soft-hyphen"),
    pytest.param("a\x00b\x07c\x1bd\x7fe\x85f", "abcdef", id="control-chars"),
    pytest.param("STT\tNội dung\tKinh phí\n1\tMáy chủ\t500\n", "STT\tNội dung\tKinh phí\n1\tMáy chủ\t500\n",
                 id="tabs-and-newlines-kept"),
    pytest.param("Số 03-QÐ/BCĐ, 128/QĐÐ-LĐTBXH, ðồng", "Số 03-QĐ/BCĐ, 128/QĐ-LĐTBXH, đồng", id="eth-for-d"),
    pytest.param("ĐĐBQH tỉnh", "ĐĐBQH tỉnh", id="double-d-without-eth-kept"),
]


@pytest.mark.parametrize("text, expected", UNICODE_CASES)
def test_unicode(text, expected):
    assert applied(text, unicode_edits) == expected


def test_unicode_clean_text_gives_no_edits():
    assert unicode_edits("Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007;\n\tI. MỤC TIÊU\n") == []


# Regression: page breaks (form feed, which the PDF reader puts between pages)
# and vertical tabs (manual line breaks in Word exports) were deleted as control
# characters, gluing the words on either side together ("2024I. MỤC TIÊU");
# U+2028 LINE SEPARATOR was kept, so no line started after it.
@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("năm 2024\fII. NHIỆM VỤ", "năm 2024\nII. NHIỆM VỤ", id="form-feed"),
        pytest.param("Bắc Giang\vngày 15 tháng 12", "Bắc Giang\nngày 15 tháng 12", id="vertical-tab"),
        pytest.param("năm 2024\u2028II. NHIỆM VỤ", "năm 2024\nII. NHIỆM VỤ", id="unicode-line-separator"),
    ],
)
def test_line_breaking_control_chars_become_newlines(text, expected):
    assert applied(text, unicode_edits) == expected


def test_unicode_spans_map_back_through_normalize():
    original = "Ke\u0302\u0301 hoa\u0323ch\r\nỦy\u00a0ban nhân\u200b dân ti\u0309nh Bă\u0301c Giang\r\n"
    doc = Document(original)
    normalize(doc)
    assert doc.text == "Kế hoạch\nỦy ban nhân dân tỉnh Bắc Giang\n"
    assert source_of(doc, "Kế hoạch") == "Ke\u0302\u0301 hoa\u0323ch"
    assert source_of(doc, "Ủy ban") == "Ủy\u00a0ban"
    assert source_of(doc, "nhân dân") == "nhân\u200b dân"
    assert source_of(doc, "tỉnh Bắc Giang") == "ti\u0309nh Bă\u0301c Giang"
    assert source_of(doc, "hoạch\n") == "hoa\u0323ch\r\n"


# -- markdown ----------------------------------------------------------------

# A heading line makes the text look like Markdown, as a portal page does.
PORTAL = "## KẾ HOẠCH\n"

MARKDOWN_CASES = [
    pytest.param("**I. MỤC TIÊU**", "I. MỤC TIÊU", id="bold-heading"),
    pytest.param("*Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;*",
                 "Căn cứ Luật Công nghệ thông tin ngày 29/6/2006;", id="italic-basis"),
    pytest.param("***Ghi chú:*** nội dung", "Ghi chú: nội dung", id="bold-italic"),
    pytest.param("__Lưu ý__ khi triển khai", "Lưu ý khi triển khai", id="underscore-emphasis"),
    pytest.param("**Điều 1.** Ban hành kèm theo", "Điều 1. Ban hành kèm theo", id="bold-article"),
    pytest.param("### 1. Mục tiêu chung", "1. Mục tiêu chung", id="heading-hashes"),
    pytest.param("1\\. Mục tiêu", "1. Mục tiêu", id="escaped-number"),
    pytest.param("a\\) Nội dung", "a) Nội dung", id="escaped-paren"),
    pytest.param("|\nSTT\n|\nNội dung\n|", "STT\tNội dung", id="lone-pipe-lines"),
    pytest.param("| 1 | Hệ thống | 2012 |", "1\tHệ thống\t2012", id="table-row"),
    pytest.param("| --- | :---: | ---: |", "", id="separator-row"),
    pytest.param("* Tổ chức tập huấn\n  * Cấp tỉnh", "- Tổ chức tập huấn\n  - Cấp tỉnh", id="star-bullets"),
    pytest.param("Đạt 100% cán bộ; a*b; 5 * 3; file_name; Số: 16/KH-STTTT",
                 "Đạt 100% cán bộ; a*b; 5 * 3; file_name; Số: 16/KH-STTTT", id="plain-inside-markdown"),
]


@pytest.mark.parametrize("line, expected", MARKDOWN_CASES)
def test_markdown(line, expected):
    assert applied(PORTAL + line, markdown_edits) == "KẾ HOẠCH\n" + expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Đạt 100% cán bộ, công chức sử dụng thư điện tử.", id="percent"),
        pytest.param("Công thức a*b và 5 * 3; tệp ten_tep.doc", id="lone-stars-underscores"),
        pytest.param("I. MỤC TIÊU\n1. Mục tiêu chung\n- Nâng cao năng lực\n+ Cấp huyện", id="plain-outline"),
        pytest.param("Số: 16 /KH-STTTT\nBắc Giang, ngày 15 tháng 12 năm 2010", id="header"),
    ],
)
def test_plain_text_is_untouched(text):
    assert markdown_edits(text) == []


def test_markdown_spans_map_back_through_normalize():
    original = "## KẾ HOẠCH\n**I. MỤC TIÊU**\n*Căn cứ Luật;*\n1\\. Mục tiêu\n| 1 | Hệ thống | 2012 |\n"
    doc = Document(original)
    normalize(doc)
    assert doc.text == "KẾ HOẠCH\nI. MỤC TIÊU\nCăn cứ Luật;\n1. Mục tiêu\n1\tHệ thống\t2012\n"
    assert source_of(doc, "KẾ HOẠCH") == "KẾ HOẠCH"
    assert source_of(doc, "I. MỤC") == "I. MỤC"
    assert source_of(doc, "Căn cứ") == "Căn cứ"
    assert source_of(doc, "1. Mục") == "1\\. Mục"
    assert source_of(doc, "Hệ thống") == "Hệ thống"
    assert source_of(doc, "1\tHệ thống\t2012") == "1 | Hệ thống | 2012"


# Regression: an empty table cell lost its column: "| 1 |  | 500 |" became
# "1\t| 500" (a stray pipe, two cells instead of three).
def test_markdown_table_row_with_empty_cell_keeps_the_column():
    assert applied(PORTAL + "| 1 |  | 500 |", markdown_edits) == "KẾ HOẠCH\n1\t\t500"


# Regression: a page whose only Markdown is a pipe table (header, separator
# row, rows) was not recognised as Markdown, so its pipes stayed in the text.
def test_markdown_table_alone_is_recognised():
    text = "| STT | Nội dung | Kinh phí |\n|---|---|---|\n| 1 | Hệ thống | 500 |\n"
    assert applied(text, markdown_edits) == "STT\tNội dung\tKinh phí\n\n1\tHệ thống\t500\n"


# Regression: an unpaired "*" is literal in Markdown, but the footnote mark
# "(*)" lost its star in a Markdown page.
def test_markdown_unpaired_star_is_literal():
    assert applied(PORTAL + "Kinh phí (*) triệu đồng", markdown_edits) == "KẾ HOẠCH\nKinh phí (*) triệu đồng"


# -- unwrap ------------------------------------------------------------------

# Hard-wrapped at ~80 columns: a line was cut only where the next word did not fit.
WRAPPED_LINES = [
    "KẾ HOẠCH",
    "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột",
    "phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;",
    "Kế hoạch số 02-KH/BCĐTW của Ban Chỉ đạo Trung ương về phát triển khoa học ngày 24",
    "tháng 11 năm 2025; Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Nghị quyết số",
    "57-NQ/TW như sau:",
    "1. Quán triệt đầy đủ, sâu sắc quan điểm, mục tiêu, nhiệm vụ và giải pháp của Nghị",
    "quyết đến toàn thể cán bộ, công chức, viên chức và người lao động trên toàn tỉnh.",
    "2. Xác định rõ nhiệm vụ, lộ trình và trách nhiệm của các sở, ban, ngành, Ủy ban",
    "nhân dân các huyện, thành phố trong việc tổ chức thực hiện.",
    "II. NHIỆM VỤ",
]
WRAPPED = "\n".join(WRAPPED_LINES) + "\n"
UNWRAPPED_LINES = [
    "KẾ HOẠCH",
    "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    "I. MỤC ĐÍCH, YÊU CẦU",
    " ".join(WRAPPED_LINES[3:8]),
    " ".join(WRAPPED_LINES[8:10]),
    " ".join(WRAPPED_LINES[10:12]),
    "II. NHIỆM VỤ",
]


def test_unwrap_joins_wrapped_lines():
    # The fixture is really cut where the next word did not fit, and so is the
    # sentence end before "2.", which must stay apart for another reason.
    for line, nxt in [*zip(WRAPPED_LINES[3:7], WRAPPED_LINES[4:8]), (WRAPPED_LINES[9], WRAPPED_LINES[10])]:
        assert len(line) + 1 + len(nxt.split()[0]) > 81, line
    assert applied(WRAPPED, unwrap_edits).split("\n")[:-1] == UNWRAPPED_LINES


@pytest.mark.parametrize(
    "joined",
    [
        pytest.param("về đột phá phát triển", id="mid-sentence"),
        pytest.param("ngày 24 tháng 11 năm 2025", id="date-cut"),
        pytest.param("Nghị quyết số 57-NQ/TW như sau:", id="symbol-cut"),
        pytest.param("quốc gia; Kế hoạch số 02-KH/BCĐTW", id="semicolon-then-text"),
    ],
)
def test_unwrap_joins(joined):
    assert joined in applied(WRAPPED, unwrap_edits)


@pytest.mark.parametrize(
    "kept",
    [
        pytest.param("KẾ HOẠCH\nThực hiện", id="title-lines"),
        pytest.param("YÊU CẦU\nCăn cứ", id="heading"),
        pytest.param("như sau:\n1. Quán triệt", id="short-line-then-item"),
        pytest.param("trên toàn tỉnh.\n2. Xác định", id="sentence-end-then-numbered-item"),
        pytest.param("thực hiện.\nII. NHIỆM VỤ", id="sentence-end-then-heading"),
    ],
)
def test_unwrap_keeps_real_breaks(kept):
    assert kept in applied(WRAPPED, unwrap_edits)


def test_unwrapped_document_with_long_paragraphs_is_untouched():
    text = (
        "KẾ HOẠCH\nTriển khai ứng dụng mã nguồn mở năm 2010\nI. CĂN CỨ THỰC HIỆN\n"
        + "".join(
            f"Căn cứ Nghị định số {n}/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin "
            "trong hoạt động của cơ quan nhà nước, bảo đảm an toàn thông tin và phát triển chính quyền số;\n"
            for n in range(60, 70)
        )
        + "II. MỤC TIÊU\n"
        + "Nâng cao hiệu quả quản lý, điều hành của các cơ quan nhà nước; 100% cán bộ, công chức sử dụng "
        "thư điện tử công vụ trong công việc; 80% văn bản được trao đổi dưới dạng điện tử trên môi trường mạng.\n"
    )
    assert unwrap_edits(text) == []


# Regression: a short document with one paragraph per line (no line longer than
# ~100 columns) was taken for a wrapped one; its longest line, a complete
# legal-basis clause ending in ";", was joined to the next paragraph.
def test_unwrapped_short_document_with_medium_lines_is_untouched():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
        "Số: 2668/KH-UBND",
        "Bắc Giang, ngày 16 tháng 11 năm 2010",
        "KẾ HOẠCH",
        "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2011",
        "Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;",
        "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin;",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch ứng dụng công nghệ thông tin năm 2011 như sau:",
        "I. MỤC TIÊU",
        "Nâng cao hiệu quả quản lý, điều hành của các cơ quan nhà nước trên địa bàn tỉnh.",
        "Đến hết năm 2011, 100% cán bộ, công chức cấp tỉnh sử dụng thư điện tử trong công việc.",
        "II. NHIỆM VỤ",
        "Triển khai phần mềm quản lý văn bản và điều hành tại các sở, ban, ngành của tỉnh.",
        "Xây dựng cơ sở dữ liệu chuyên ngành phục vụ công tác quản lý nhà nước của tỉnh.",
        "III. KINH PHÍ",
        "Tổng kinh phí thực hiện Kế hoạch là 2.500 triệu đồng từ nguồn ngân sách tỉnh.",
    ]) + "\n"
    assert applied(text, unwrap_edits) == text


def test_unwrap_spans_map_back_through_normalize():
    doc = Document(WRAPPED.replace("\n", "\r\n"))
    normalize(doc)
    assert doc.text.split("\n")[:-1] == UNWRAPPED_LINES
    assert source_of(doc, "ngày 24 tháng 11 năm 2025") == "ngày 24\r\ntháng 11 năm 2025"
    assert source_of(doc, "số 57-NQ/TW như sau:") == "số\r\n57-NQ/TW như sau:"
    assert source_of(doc, "II. NHIỆM VỤ") == "II. NHIỆM VỤ"

"""Documents as they really come: short excerpts in the shapes of the development
set (portal Markdown, pdftotext layout, issuing decisions), one test per shape.

Every value is checked against its source: ``original[span]`` must be the
printed text the value came from.
"""
from __future__ import annotations

import pytest

from pipeline import extract_document

# Portal Markdown: the header block as table cells between lone "|" lines,
# bold and dates wrapped inside their emphasis, a heading cut over two lines.
CELL_HEADER = """\
|
**ỦY BAN NHÂN
DÂN**
**TỈNH AN GIANG**
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 153/KH-UBND
|
*An Giang, ngày
17 tháng 11 năm 2025*
|


**KẾ HOẠCH**

TRIỂN KHAI CÁC DỰ ÁN THUỘC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG MA TÚY
ĐẾN NĂM 2030 TRÊN ĐỊA BÀN TỈNH

Thực hiện Quyết định số
7619/QĐ-BCA ngày 08 tháng 9 năm 2025 của Bộ Công an phê duyệt Chương trình mục
tiêu quốc gia phòng, chống ma túy đến năm 2030, Ủy ban nhân dân tỉnh ban hành Kế
hoạch với các nội dung như sau:

**I. MỤC
ĐÍCH, YÊU CẦU**

**1. Mục
đích**

a) Triển khai nghiêm túc, chất
lượng và hiệu quả các nội dung của Chương trình; xác định rõ trách nhiệm của Công an tỉnh
- Thường trực tham mưu thực hiện Chương trình.

**II. TỔ CHỨC THỰC HIỆN**

**1**. Các sở, ban, ngành tỉnh:
triển khai thực hiện.


|
*Nơi nhận:*
- Bộ Công an (để báo cáo);
- Lưu: VT.
|
**TM. ỦY BAN
NHÂN DÂN**
CHỦ TỊCH
**Trần Văn Minh**
|
"""


def source(doc, span) -> str:
    return doc.original[span["start"]:span["end"]] if isinstance(span, dict) else doc.original[span.start:span.end]


def outline(doc) -> list[tuple[int, str, str]]:
    return [(s.level, s.label, s.title) for s in doc.flat_sections]


def test_header_in_cells_between_lone_pipes():
    doc = extract_document(CELL_HEADER)
    meta = doc.metadata
    assert meta["issuer"] == "Ủy ban nhân dân tỉnh An Giang"
    assert (meta["number"], meta["place"], meta["issued_date"]) == ("153/KH-UBND", "An Giang", "2025-11-17")
    assert meta["title"] == ("TRIỂN KHAI CÁC DỰ ÁN THUỘC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA PHÒNG, CHỐNG MA TÚY "
                             "ĐẾN NĂM 2030 TRÊN ĐỊA BÀN TỈNH")
    assert meta["period"] == {"from": None, "to": 2030}
    assert meta["signer"] == {"name": "Trần Văn Minh", "title": "Chủ tịch"}
    assert source(doc, meta["spans"]["number"]) == "153/KH-UBND"
    assert source(doc, meta["spans"]["issued_date"]) == "17 tháng 11 năm 2025"
    assert doc.quality["is_plan"] and doc.quality["doc_kind"] == "plan"
    assert all(doc.quality["header"].values())


def test_wrapped_bold_heading_is_one_item():
    doc = extract_document(CELL_HEADER)
    assert outline(doc) == [
        (1, "I", "MỤC ĐÍCH, YÊU CẦU"), (2, "1", "Mục đích"),
        (3, "a", "Triển khai nghiêm túc, chất lượng và hiệu quả các nội dung của Chương trình; xác định rõ "
                 "trách nhiệm của Công an tỉnh - Thường trực tham mưu thực hiện Chương trình"),
        (1, "II", "TỔ CHỨC THỰC HIỆN"), (2, "1", "Các sở, ban, ngành tỉnh"),
    ]
    heading = doc.flat_sections[0]
    assert source(doc, heading.span) == "I. MỤC\nĐÍCH, YÊU CẦU"
    basis = doc.legal_basis[0]
    assert (basis.number, basis.issued_date, basis.issuer) == ("7619/QĐ-BCA", "2025-09-08", "Bộ Công an")


# A decision that issues a plan, scraped with real pipe tables and a headline
# that names another document.
PIPE_TABLE_DECISION = """\
*Source: https://example.invalid/van-ban/quyet-dinh-254*

# Về việc giải quyết chế độ trợ cấp một lần của tỉnh khác

| ỦY BAN NHÂN DÂN TỈNH SƠN LA ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 254/QĐ-UBND | Sơn La, ngày 17 tháng 02 năm 2023 |

QUYẾT ĐỊNH

BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Nghị định số 26/2020/NĐ-CP ngày 28 tháng 02 năm 2020 của Chính phủ quy định chi tiết một số điều của Luật Bảo vệ bí mật nhà nước;

Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 02/TTr-CAT ngày 03 tháng 02 năm 2023.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

| Nơi nhận: - Bộ Công an; - Lưu: VT. | CHỦ TỊCH Hoàng Quốc Khánh |
|---|---|

KẾ HOẠCH

THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023 (Kèm theo Quyết định số 254/QĐ-UBND ngày 17/02/2023)

I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao nhận thức cho cán bộ, công chức về công tác bảo vệ bí mật nhà nước.

II. NỘI DUNG

1. Tuyên truyền, phổ biến pháp luật.
"""


def test_pipe_table_header_and_the_attached_plan():
    doc = extract_document(PIPE_TABLE_DECISION)
    meta = doc.metadata
    assert (meta["doc_type"], meta["number"]) == ("Quyết định", "254/QĐ-UBND")
    assert (meta["issuer"], meta["place"], meta["issued_date"]) == (
        "Ủy ban nhân dân tỉnh Sơn La", "Sơn La", "2023-02-17")
    assert meta["title"] == "BAN HÀNH KẾ HOẠCH THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023"
    assert meta["signer"] == {"name": "Hoàng Quốc Khánh", "title": "Chủ tịch"}
    assert source(doc, meta["spans"]["signer"]) == "Hoàng Quốc Khánh"
    assert doc.quality["doc_kind"] == "plan_decision" and doc.quality["is_plan"]
    # the articles first, then the attached plan's own outline from level 1
    assert outline(doc) == [
        (1, "Điều 1", "Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023"),
        (1, "Điều 2", "Quyết định này có hiệu lực kể từ ngày ký"),
        (1, "I", "MỤC ĐÍCH, YÊU CẦU"),
        (2, "1", "Nâng cao nhận thức cho cán bộ, công chức về công tác bảo vệ bí mật nhà nước"),
        (1, "II", "NỘI DUNG"), (2, "1", "Tuyên truyền, phổ biến pháp luật"),
    ]
    assert [c.number for c in doc.legal_basis] == ["26/2020/NĐ-CP", "02/TTr-CAT"]
    headline = [w for w in doc.warnings if w.code == "page_headline_differs"]
    assert len(headline) == 1 and source(doc, headline[0].span).startswith("Về việc giải quyết")


# pdftotext -layout: the header in two columns on one line, paragraphs that
# start indented and wrap at the margin, a form feed between pages.
PDFTOTEXT = (
    "ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "       TỈNH LÀO CAI                       Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "      Số: 134 /KH-UBND                   Lào Cai, ngày 26 tháng 3 năm 2026\n"
    "\n"
    "\n"
    "                                KẾ HOẠCH\n"
    "  Thực hiện Nghị quyết số 34-NQ/TU của Tỉnh ủy về phát triển các khu, cụm\n"
    " công nghiệp trên địa bàn tỉnh năm 2026\n"
    "\n"
    "      Căn cứ Nghị định số 35/2022/NĐ-CP ngày 28 tháng 5 năm 2022 của Chính\n"
    "phủ về quản lý, phát triển khu công nghiệp, khu kinh tế.\n"
    "      I. MỤC ĐÍCH, YÊU CẦU\n"
    "      1. Tập trung phát triển bền vững các khu công nghiệp, cụm công nghiệp\n"
    "đã thành lập\n"
    "      Cụ thể hóa Nghị quyết của Ban thường vụ Tỉnh ủy về phát triển các khu\n"
    "công nghiệp, cụm công nghiệp.\n"
    "\f      2. Yêu cầu\n"
    "      Phù hợp với quy hoạch tỉnh; phát huy tiềm năng, thế mạnh phát triển công\n"
    "nghiệp của tỉnh.\n"
    "\n"
    " Nơi nhận:                                        TM. ỦY BAN NHÂN DÂN\n"
    "- Như trên;                                          KT. CHỦ TỊCH\n"
    "- Lưu: VT.                                          PHÓ CHỦ TỊCH\n"
    "- Lãnh đạo VPUBND tỉnh;                               Nguyễn Thế Phước\n"
)


def test_two_column_pdftotext_header():
    doc = extract_document(PDFTOTEXT)
    meta = doc.metadata
    assert (meta["issuer"], meta["number"], meta["place"], meta["issued_date"]) == (
        "Ủy ban nhân dân tỉnh Lào Cai", "134/KH-UBND", "Lào Cai", "2026-03-26")
    assert meta["title"] == ("Thực hiện Nghị quyết số 34-NQ/TU của Tỉnh ủy về phát triển các khu, cụm "
                             "công nghiệp trên địa bàn tỉnh năm 2026")
    assert meta["period"] == {"from": 2026, "to": 2026}
    assert meta["signer"] == {"name": "Nguyễn Thế Phước", "title": "Phó Chủ tịch"}
    assert source(doc, meta["spans"]["number"]) == "134 /KH-UBND"
    assert source(doc, meta["spans"]["place"]) == "Lào Cai"
    assert outline(doc) == [
        (1, "I", "MỤC ĐÍCH, YÊU CẦU"),
        (2, "1", "Tập trung phát triển bền vững các khu công nghiệp, cụm công nghiệp đã thành lập"),
        (2, "2", "Yêu cầu"),
    ]
    assert source(doc, doc.flat_sections[1].span) == (
        "1. Tập trung phát triển bền vững các khu công nghiệp, cụm công nghiệp\nđã thành lập")
    assert doc.quality["text_form"] == "layout"


def test_blank_number_gives_null_and_a_warning():
    text = CELL_HEADER.replace("Số: 153/KH-UBND", "Số:      /KH-UBND")
    doc = extract_document(text)
    assert doc.metadata["number"] is None
    warning = next(w for w in doc.warnings if w.code == "blank_number")
    assert source(doc, warning.span) == "Số:      /KH-UBND"
    assert doc.quality["header"]["number"] is False


# Italic sub-items printed "*1.1. *" and a roman numeral printed twice.
DEFECTIVE_OUTLINE = """\
**KẾ HOẠCH**

Chuyển đổi số năm 2026

**I. MỤC TIÊU**

*1.1. *Mục tiêu chung*
*

*1.2. Mục tiêu cụ
thể*

**II. NHIỆM VỤ**

1. Hạ tầng số.

**III. KINH PHÍ**

1. Ngân sách tỉnh.

**III. TỔ CHỨC THỰC HIỆN**

1. Sở Khoa học và Công nghệ chủ trì.

2. Các sở, ngành phối hợp.
"""


def test_italic_multilevel_items_and_a_repeated_roman_numeral():
    doc = extract_document(DEFECTIVE_OUTLINE)
    assert [(s.level, s.label, s.title, s.path) for s in doc.flat_sections] == [
        (1, "I", "MỤC TIÊU", "I"),
        (2, "1.1", "Mục tiêu chung", "I.1.1"), (2, "1.2", "Mục tiêu cụ thể", "I.1.2"),
        (1, "II", "NHIỆM VỤ", "II"), (2, "1", "Hạ tầng số", "II.1"),
        (1, "III", "KINH PHÍ", "III"), (2, "1", "Ngân sách tỉnh", "III.1"),
        (1, "III", "TỔ CHỨC THỰC HIỆN", "III(2)"),
        (2, "1", "Sở Khoa học và Công nghệ chủ trì", "III(2).1"), (2, "2", "Các sở, ngành phối hợp", "III(2).2"),
    ]
    numbering = [w for w in doc.warnings if w.code == "section_numbering"]
    assert len(numbering) == 1 and source(doc, numbering[0].span) == "III. TỔ CHỨC THỰC HIỆN"
    assert source(doc, doc.flat_sections[2].span) == "1.2. Mục tiêu cụ\nthể"


@pytest.mark.parametrize("text, labels", [
    # a wrapped line that starts with a number inside a paragraph is not an item
    ("**KẾ HOẠCH**\n\nThử nghiệm\n\n**I. NHIỆM VỤ**\n\nƯu tiên các địa bàn cấp độ\n1. Cấp ngay lương thực.\n",
     ["I"]),
    # a numbered table row is not an item, nor is the group row spanning the table
    ("**KẾ HOẠCH**\n\nThử nghiệm\n\n**I. KINH PHÍ**\n\n| TT | Nội dung | Kinh phí |\n|---|---|---|\n"
     "| 1 | Tập huấn | 100 |\n", ["I"]),
], ids=["wrapped-number", "table-row"])
def test_numbers_that_are_not_items(text, labels):
    assert [s.label for s in extract_document(text).flat_sections] == labels


def test_news_article_is_not_a_plan():
    text = ("Hà Nội dự kiến thu 10.000 tỷ đồng từ đấu giá đất\n"
            "UBND TP Hà Nội vừa ban hành Kế hoạch số 14/KH-UBND triển khai công tác đấu giá năm 2017.\n"
            "Theo kế hoạch, tổng diện tích đất có thể đấu giá là 102,05ha.\n")
    doc = extract_document(text)
    assert doc.metadata["doc_type"] is None and doc.metadata["number"] is None
    assert doc.quality["is_plan"] is False and doc.quality["doc_kind"] == "text"

"""Plans scraped from web portals as Markdown: chrome around the document,
emphasis marks, table cells one per line between lone pipes, lines hard-wrapped
at ~80 columns inside headings, dates and document numbers."""
from __future__ import annotations

import textwrap

from pipeline import extract_document

def wrapped(paragraph: str, width: int = 80) -> str:
    """Greedy wrapping, as HTML-to-Markdown converters do."""
    return textwrap.fill(paragraph, width=width, break_long_words=False, break_on_hyphens=False)


CHROME = """\
Trang chủ | Văn bản pháp luật | Đăng nhập

Bạn chưa đăng nhập. Vui lòng đăng nhập để tải văn bản gốc.

|
Số hiệu
|
45/KH-UBND
|
Ngày ban hành
|
24/11/2025
|
"""

HEADER = """\
**ỦY BAN NHÂN DÂN TỈNH NINH BÌNH**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
**Độc lập - Tự do - Hạnh phúc**

Số: 45/KH-UBND

*Ninh Bình, ngày 24 tháng 11 năm 2025*

**KẾ HOẠCH**
"""

PARAGRAPHS = [
    "**Triển khai chuyển đổi số trong các cơ quan nhà nước tỉnh giai đoạn 2026 - 2030**",
    "*Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;*",
    "*Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt Chương "
    "trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;*",
    "**I. MỤC ĐÍCH, YÊU CẦU**",
    "1\\. Triển khai đồng bộ các nhiệm vụ chuyển đổi số theo hướng dẫn của các bộ, ngành trung ương và chỉ "
    "đạo của Tỉnh ủy, Hội đồng nhân dân tỉnh theo Quyết định số 12/QĐ-UBND ngày 05 tháng 01 năm 2025.",
    "2\\. Bảo đảm an toàn thông tin mạng trong toàn bộ quá trình chuyển đổi số của các cơ quan, đơn vị "
    "trên địa bàn tỉnh.",
    "**II. NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP THỰC HIỆN CHUYỂN ĐỔI SỐ TRONG CÁC CƠ QUAN NHÀ NƯỚC**",
    "1\\. Hoàn thiện hạ tầng số dùng chung của tỉnh bảo đảm kết nối thông suốt từ tỉnh đến cấp xã, phấn "
    "đấu đến năm 2030 có 100% cơ quan kết nối mạng chuyên dùng.",
]

CLOSING = """\
**Nơi nhận:**
\\- Bộ Khoa học và Công nghệ;
\\- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**

**Trần Văn Minh**

Bản quyền thuộc Cổng thông tin điện tử tỉnh. Ghi rõ nguồn khi phát hành lại.
"""

PORTAL_PAGE = "\n".join([CHROME, HEADER, "\n\n".join(wrapped(p) for p in PARAGRAPHS), "", CLOSING])


def test_fixture_is_really_wrapped_inside_heading_date_and_symbol():
    lines = PORTAL_PAGE.splitlines()
    assert "NHÀ NƯỚC**" in lines                                      # heading cut
    assert max(len(line) for line in lines) <= 80
    assert "Chính phủ phê duyệt" not in PORTAL_PAGE                     # cut inside a sentence


def test_portal_markdown_metadata():
    doc = extract_document(PORTAL_PAGE)
    meta = doc.metadata
    assert meta["doc_type"] == "Kế hoạch"
    assert meta["number"] == "45/KH-UBND"
    assert meta["issuer"] == "Ủy ban nhân dân tỉnh Ninh Bình"
    assert meta["place"] == "Ninh Bình"
    assert meta["issued_date"] == "2025-11-24"
    assert meta["title"] == "Triển khai chuyển đổi số trong các cơ quan nhà nước tỉnh giai đoạn 2026 - 2030"
    assert meta["period"] == {"from": 2026, "to": 2030}
    assert meta["signer"] == {"name": "Trần Văn Minh", "title": "Chủ tịch"}


def test_portal_markdown_outline_ignores_chrome_and_wrapped_numbers():
    doc = extract_document(PORTAL_PAGE)
    assert [(s.path, s.title) for s in doc.flat_sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("I.1", "Triển khai đồng bộ các nhiệm vụ chuyển đổi số theo hướng dẫn của các bộ, ngành trung ương "
                "và chỉ đạo của Tỉnh ủy, Hội đồng nhân dân tỉnh theo Quyết định số 12/QĐ-UBND ngày 05 tháng "
                "01 năm 2025"),
        ("I.2", "Bảo đảm an toàn thông tin mạng trong toàn bộ quá trình chuyển đổi số của các cơ quan, đơn vị "
                "trên địa bàn tỉnh"),
        ("II", "NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP THỰC HIỆN CHUYỂN ĐỔI SỐ TRONG CÁC CƠ QUAN NHÀ NƯỚC"),
        ("II.1", "Hoàn thiện hạ tầng số dùng chung của tỉnh bảo đảm kết nối thông suốt từ tỉnh đến cấp xã, "
                 "phấn đấu đến năm 2030 có 100% cơ quan kết nối mạng chuyên dùng"),
    ]


def test_portal_markdown_spans_point_into_the_original():
    doc = extract_document(PORTAL_PAGE)
    heading = doc.flat_sections[3]
    source = doc.original[heading.span.start:heading.span.end]
    assert source.startswith("II. NHIỆM VỤ TRỌNG TÂM") and source.endswith("QUAN\nNHÀ NƯỚC")
    number = doc.metadata["spans"]["number"]
    assert doc.original[number["start"]:number["end"]] == "45/KH-UBND"

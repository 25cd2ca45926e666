"""segment: header, body, closing and tail of a plan, tolerant of missing parts."""
from __future__ import annotations

from pipeline import extract_document

PLAN = ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH\n\nSố: 12/KH-UBND\n\nNinh Bình, ngày 5 tháng 1 năm 2024\n\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2024\n\nI. MỤC TIÊU\nNội dung.\n\n"
        "Nơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\nNguyễn Văn An\n\nPHỤ LỤC I\nDanh mục\n")


def part(doc, name: str) -> str:
    start, end = getattr(doc.segments, name)
    return doc.text[start:end]


def test_plan_parts():
    doc = extract_document(PLAN)
    header = part(doc, "header")
    assert header.startswith("ỦY BAN NHÂN DÂN") and header.rstrip().endswith("KẾ HOẠCH\nChuyển đổi số năm 2024")
    assert part(doc, "body").strip() == "I. MỤC TIÊU\nNội dung."
    assert part(doc, "closing").startswith("Nơi nhận") and part(doc, "closing").rstrip().endswith("Nguyễn Văn An")
    assert part(doc, "tail").strip() == "PHỤ LỤC I\nDanh mục"


# Regression: a text with no header at all (an outline, a news article) had an
# empty body, so body-only extractors saw nothing.
def test_text_without_header_is_all_body():
    text = "I. MỤC TIÊU\n1. Mục tiêu chung\nĐến năm 2025, 100% cơ quan kết nối mạng.\n"
    doc = extract_document(text)
    assert doc.segments.body == (0, len(doc.text))
    assert [s.path for s in doc.flat_sections] == ["I", "I.1"]


def test_portal_chrome_before_the_header_is_left_out():
    doc = extract_document("Trang chủ | Đăng nhập\nTin tức mới nhất\n\n" + PLAN)
    assert part(doc, "header").startswith("ỦY BAN NHÂN DÂN")
    assert "Đăng nhập" not in part(doc, "body")

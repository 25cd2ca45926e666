"""The outline: numbered items that begin a line, their levels, titles, kinds and spans."""
from __future__ import annotations

import pytest

from pipeline import extract_document
from pipeline.extract.sections import heading_title, roman_value


def outline(body: str) -> list[tuple[int, str, str]]:
    doc = extract_document("KẾ HOẠCH\nThử nghiệm năm 2024\n\n" + body)
    return [(s.level, s.label, s.title) for s in doc.flat_sections]


@pytest.mark.parametrize("body, expected", [
    ("I. MỤC TIÊU\n1. Mục tiêu chung\na) Hạ tầng\nb) Ứng dụng\n2. Mục tiêu cụ thể\nII. NHIỆM VỤ\n",
     [(1, "I", "MỤC TIÊU"), (2, "1", "Mục tiêu chung"), (3, "a", "Hạ tầng"), (3, "b", "Ứng dụng"),
      (2, "2", "Mục tiêu cụ thể"), (1, "II", "NHIỆM VỤ")]),
    ("1. Mục tiêu\n1.1. Chung\n1.2. Cụ thể\n2. Nhiệm vụ\n",
     [(1, "1", "Mục tiêu"), (2, "1.1", "Chung"), (2, "1.2", "Cụ thể"), (1, "2", "Nhiệm vụ")]),
    ("A. PHẦN CHUNG\nI. Mục tiêu\nB. PHẦN RIÊNG\nI. Nhiệm vụ\n",
     [(1, "A", "PHẦN CHUNG"), (2, "I", "Mục tiêu"), (1, "B", "PHẦN RIÊNG"), (2, "I", "Nhiệm vụ")]),
    ("Phần I. TÌNH HÌNH\n1. Kết quả\nPhần II. NHIỆM VỤ\n",
     [(1, "Phần I", "TÌNH HÌNH"), (2, "1", "Kết quả"), (1, "Phần II", "NHIỆM VỤ")]),
    ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nĐiều 2. Hiệu lực thi hành.\n",
     [(1, "Điều 1", "Ban hành kèm theo Quyết định này Kế hoạch"), (1, "Điều 2", "Hiệu lực thi hành")]),
    ("I. NHIỆM VỤ\n1. Hạ tầng\nđ) Năm\n",
     [(1, "I", "NHIỆM VỤ"), (2, "1", "Hạ tầng")]),
], ids=["roman-arabic-letter", "multi-level", "capital-letters", "phan", "dieu", "letter-not-first-rejected"])
def test_levels_and_labels(body, expected):
    assert outline(body) == expected


@pytest.mark.parametrize("body, expected_labels", [
    # a number starting a wrapped line inside a sentence is not an item
    ("I. CĂN CỨ\nHỗ trợ theo Quyết định\n48/2009/QĐ-TTg của Thủ tướng.\n1. Nội dung\n", ["I", "1"]),
    ("I. MỤC TIÊU\nĐạt tỷ lệ\n95. Đây là con số cao.\n", ["I"]),
    # numbered table rows (cells one per line, or tab separated) are not items
    ("I. KINH PHÍ\nSTT\nDanh mục\n1\nHệ thống thư điện tử\n2012\n", ["I"]),
    ("I. KINH PHÍ\nSTT\tNội dung\tKinh phí\nI\tCơ sở hạ tầng\t5997\n1\tĐề án\t1412\n", ["I"]),
    ("I. KINH PHÍ\n1. 200 triệu đồng\n", ["I"]),
    # bullets are not items
    ("I. NHIỆM VỤ\n- Một\n+ Hai\n• Ba\n", ["I"]),
    # one heading lost to OCR: the sequence continues
    ("I. A\n1. B\n2. C\n4. D\n", ["I", "1", "2", "4"]),
], ids=["wrapped-symbol", "wrapped-number", "flattened-table", "tab-table", "amount-cell", "bullets", "skip-one"])
def test_not_items(body, expected_labels):
    assert [label for _, label, _ in outline(body)] == expected_labels


def test_appendix_is_level_one_and_restarts_the_outline():
    body = ("I. MỤC TIÊU\n1. Chung\nII. TỔ CHỨC THỰC HIỆN\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\nNguyễn Văn An\n\n"
            "PHỤ LỤC I\nDANH MỤC DỊCH VỤ CÔNG\n(Kèm theo Kế hoạch số 1/KH-UBND)\nI. Các Sở, ban, ngành\n"
            "II. UBND các huyện\n")
    assert outline(body) == [
        (1, "I", "MỤC TIÊU"), (2, "1", "Chung"), (1, "II", "TỔ CHỨC THỰC HIỆN"),
        (1, "Phụ lục I", "DANH MỤC DỊCH VỤ CÔNG"), (2, "I", "Các Sở, ban, ngành"), (2, "II", "UBND các huyện"),
    ]


def test_table_group_rows_after_the_signature_are_not_items():
    body = ("I. MỤC TIÊU\nII. KINH PHÍ\n\nNơi nhận:\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
            "NHU CẦU KINH PHÍ\nII. Phát triển hạ tầng 2,000 3,000\nIII. Đào tạo CNTT\n200\n")
    assert [label for _, label, _ in outline(body)] == ["I", "II"]


@pytest.mark.parametrize("raw, title", [
    ("Phòng KH TC có trách nhiệm:", "Phòng KH TC có trách nhiệm"),
    ("Sở thông tin và truyền thông.", "Sở thông tin và truyền thông"),
    ("Xây dựng dịch vụ công mức độ 3,4 trên nền nguồn mở.", "Xây dựng dịch vụ công mức độ 3,4 trên nền nguồn mở"),
    ("Trong quá trình thực hiện, nếu cần sửa đổi thì báo cáo./.", "Trong quá trình thực hiện, nếu cần sửa đổi thì báo cáo"),
    ("Mục tiêu. Nâng cao nhận thức", "Mục tiêu"),
    ("Hội nghị lúc 8:30 sáng", "Hội nghị lúc 8:30 sáng"),
], ids=["colon", "final-period", "decimal-comma", "closing-mark", "first-sentence", "clock-time"])
def test_heading_title(raw, title):
    assert heading_title(raw) == title


@pytest.mark.parametrize("title, kind", [
    ("CĂN CỨ LẬP KẾ HOẠCH", "legal_basis"),
    ("HIỆN TRẠNG ỨNG DỤNG CNTT", "current_state"),
    ("MUC TIÊU ỨNG DỤNG CNTT", "objectives"),
    ("NOI DUNG KẾ HOẠCH", "tasks"),
    ("GIẢI PHÁP", "solutions"),
    ("LỘ TRÌNH VÀ KINH PHÍ THỰC HIỆN", "budget"),
    ("TỔ CHỨC THỰC HIỆN", "organization"),
    ("DỰ KIẾN HIỆU QUẢ CỦA KẾ HOẠCH", "other"),
], ids=lambda v: v if len(v) < 20 else None)
def test_kind_of_top_level_heading(title, kind):
    doc = extract_document(f"KẾ HOẠCH\nThử năm 2024\n\nI. {title}\n")
    assert doc.flat_sections[0].kind == kind


def test_children_inherit_kind_unless_their_title_names_one():
    doc = extract_document("KẾ HOẠCH\nThử năm 2024\n\nI. ĐÁNH GIÁ CHUNG\n1. Những kết quả đạt được\n"
                           "2. Giải pháp khắc phục\nII. MỤC TIÊU\n1. Mục tiêu chung\na) Hạ tầng\n")
    assert [(s.path, s.kind) for s in doc.flat_sections] == [
        ("I", "current_state"), ("I.1", "current_state"), ("I.2", "solutions"),
        ("II", "objectives"), ("II.1", "objectives"), ("II.1.a", "objectives"),
    ]


def test_multi_level_labels_extend_their_parent_path():
    doc = extract_document("KẾ HOẠCH\nThử năm 2024\n\nI. NHIỆM VỤ\n1. Hạ tầng\n1.1. Mạng\n1.2. Máy chủ\n")
    assert [s.path for s in doc.flat_sections] == ["I", "I.1", "I.1.1", "I.1.2"]
    assert [s.level for s in doc.flat_sections] == [1, 2, 3, 3]


def test_section_spans_point_at_the_heading_line():
    doc = extract_document("KẾ HOẠCH\nThử năm 2024\n\n  I. MỤC TIÊU\nNội dung.\n1. Mục tiêu chung:\n")
    assert [doc.original[s.span.start:s.span.end] for s in doc.flat_sections] == ["I. MỤC TIÊU", "1. Mục tiêu chung:"]


def test_section_at_finds_the_innermost_section():
    doc = extract_document("KẾ HOẠCH\nThử năm 2024\n\nI. MỤC TIÊU\n1. Chung\nNâng cao 100% cán bộ.\nII. NHIỆM VỤ\nLàm.\n")
    assert doc.section_path_at(doc.original.index("100%")) == "I.1"
    assert doc.section_path_at(doc.original.index("Làm")) == "II"


@pytest.mark.parametrize("numeral, value", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("VV", None)])
def test_roman_value(numeral, value):
    assert roman_value(numeral) == value

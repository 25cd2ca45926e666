"""Budget extractor (pipeline/extract/budget.py and its helpers)."""
from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

from pipeline import extract, extract_document, extract_text, tables
from pipeline import extract_document
from pipeline.document import Document, Section, Span
from pipeline.extract import budget, budget_garbled, budget_table
from pipeline.validate import validate

from .conftest import CORPUS, GOLD, unmark


def run(text: str, sections: list[Section] | None = None) -> Document:
    """The budget stage alone on a text (identity offsets)."""
    doc = Document(original=text)
    if sections:
        doc.flat_sections = sections
    budget.extract(doc)
    return doc


def codes(doc: Document) -> list[str]:
    return [w.code for w in doc.warnings]


def flat(*cells: str) -> str:
    """A table flattened one cell per line, blank lines between, as PDF converters print it."""
    return "\n\n".join(cells) + "\n"


@pytest.mark.parametrize("module", [budget, budget_table, budget_garbled, tables],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


# ------------------------------------------------------------ flattened tables

FLAT_DOT_TABLE = flat(
    "Đơn vị tính: triệu đồng",
    "STT", "Danh mục dự án", "Thời gian thực hiện", "Tổng kinh phí", "Nguồn vốn",
    "1", "Nâng cấp mạng nội bộ", "2012", "2.250", "Ngân sách tỉnh",
    "2", "Phần mềm một cửa", "2013-2014", "940", "Sự nghiệp",
    "3", "Cổng thông tin", "2014", "1.210", "Ngân sách tỉnh",
    "Tổng kinh phí", "4.400",
    "II. MỤC TIÊU",
)


def test_flattened_table_items_total_and_check():
    doc = run(FLAT_DOT_TABLE)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Nâng cấp mạng nội bộ", 2_250_000_000),
        ("Phần mềm một cửa", 940_000_000),
        ("Cổng thông tin", 1_210_000_000),
    ]
    assert items[1].source == "Sự nghiệp" and items[1].extra["time"] == "2013-2014"
    assert all(i.years == {} for i in items)          # the time column is no year breakdown
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Tổng kinh phí", 4_400_000_000)]
    checks = doc.budget["checks"]
    assert [(c.kind, c.ok, c.expected, c.actual) for c in checks] == [
        ("items_sum_to_total", True, 4_400_000_000, 4_400_000_000)]
    table = doc.budget["tables"][0]
    assert table.unit == "triệu đồng" and table.columns[:2] == ["STT", "Danh mục dự án"]
    assert table.rows[-1][:2] == ["", "Tổng kinh phí"]


# A PDF's text layer sets each cell apart by an empty line, and a long cell
# wraps onto a second line with no empty line inside it: the two lines are one
# cell, so the row keeps its years and total.
def test_flattened_table_cell_wrapped_onto_two_lines():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "STT", "Tên nhiệm vụ", "Tổng", "2016", "2017",
        "1", "Triển khai phần mềm quản lý văn bản liên thông giữa các cơ quan\nhành chính nhà nước",
        "300", "100", "200",
        "2", "Cổng dịch vụ công", "50", "0", "50",
    )
    items = run(text).budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Triển khai phần mềm quản lý văn bản liên thông giữa các cơ quan hành chính nhà nước", 300_000_000),
        ("Cổng dịch vụ công", 50_000_000)]
    assert items[0].years == {"2016": 100_000_000, "2017": 200_000_000}
    assert text[items[0].span.start:items[0].span.end].startswith("1\n\nTriển khai")


# The same converter can drop the empty line between two header cells (and
# between a number and the cell after it): the header is read line by line
# and the body by paragraphs, so the wrapped name stays one cell.
def test_flattened_table_header_cells_on_adjacent_lines_and_a_wrapped_name():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "STT", "Danh mục dự án", "Thời gian thực hiện", "Tổng kinh phí\nNguồn vốn",
        "1", "Phần mềm quản lý văn bản", "2013-2014", "3.400\nSự nghiệp KH",
        "2", "Xây dựng mạng diện rộng của tỉnh kết nối các cơ quan Đảng,\nNhà nước cấp tỉnh, huyện",
        "2014", "780", "Ngân sách tỉnh",
        "3", "Hệ thống một cửa điện tử", "2014-2015", "6.600", "Ngân sách tỉnh",
        "Tổng kinh phí", "10.780",
    )
    doc = run(text)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd, i.source) for i in items] == [
        ("Phần mềm quản lý văn bản", 3_400_000_000, "Sự nghiệp KH"),
        ("Xây dựng mạng diện rộng của tỉnh kết nối các cơ quan Đảng, Nhà nước cấp tỉnh, huyện", 780_000_000,
         "Ngân sách tỉnh"),
        ("Hệ thống một cửa điện tử", 6_600_000_000, "Ngân sách tỉnh")]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Tổng kinh phí", 10_780_000_000)]
    assert all(c.ok for c in doc.budget["checks"])


# OCR can misread the "STT" header cell ("ĐỊT") and lose a row number: the
# header still opens above the name column's header, and a name after a row
# printed in full starts the next row.
def test_flattened_table_with_a_misread_header_and_a_lost_row_number():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "ĐỊT", "Tên dự án", "Tổng kinh phí", "Đơn vị chủ trì",
        "1", "Điểm phủ sóng wifi công cộng", "500", "Sở Thông tin và Truyền thông",
        "Lý lịch tư pháp điện tử", "418", "Sở Tư pháp",
        "3", "Phần mềm hộ tịch", "650", "Sở Tư pháp",
        "Tổng cộng", "1.568",
    )
    budget = run(text).budget
    assert [(i.name, i.amount_vnd) for i in budget["items"]] == [
        ("Điểm phủ sóng wifi công cộng", 500_000_000), ("Lý lịch tư pháp điện tử", 418_000_000),
        ("Phần mềm hộ tịch", 650_000_000)]
    assert [(t.label, t.amount_vnd) for t in budget["totals"]] == [("Tổng cộng", 1_568_000_000)]
    assert all(c.ok for c in budget["checks"])


# OCR misreads a row number ("7" for "2"): after a full row that ends with a
# text cell, a row number followed by a name starts the next row all the same.
def test_flattened_table_row_with_a_misread_number_is_still_a_row():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "STT", "Tên nhiệm vụ", "Tổng", "Đơn vị chủ trì",
        "1", "Điểm phủ sóng wifi công cộng", "500", "Sở Thông tin và Truyền thông",
        "7", "Lý lịch tư pháp", "418", "Sở Tư pháp",
        "3", "Phần mềm hộ tịch", "650", "Sở Tư pháp",
    )
    items = run(text).budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Điểm phủ sóng wifi công cộng", 500_000_000), ("Lý lịch tư pháp", 418_000_000),
        ("Phần mềm hộ tịch", 650_000_000)]


def test_flattened_table_row_span():
    text, spans = unmark(flat(
        "Đơn vị: Triệu đồng", "Stt", "Danh mục", "Tổng kinh phí",
    ) + "\n" + "<0>1\n\nHệ thống thư điện tử\n\n1.447</0>\n\n2\n\nGiao ban\n\n553\n\nTổng\n\n2.000\n")
    doc = run(text)
    item = doc.budget["items"][0]
    assert (item.span.start, item.span.end) == spans[0]
    assert item.amount_vnd == 1_447_000_000


def test_comma_thousands_table_with_years_groups_and_two_level_header():
    text = flat(
        "CHI TIẾT NHIỆM VỤ, KINH PHÍ VÀ LỘ TRÌNH",
        "STT", "Tên nhiệm vụ", "Phân kỳ đầu tư và lộ trình", "Tổng", "Đơn vị chủ trì", "Đơn vị phối hợp",
        "2016", "2017", "2018",
        "I", "Ứng dụng CNTT", "1,200", "800", "1,000", "3,000",
        "1", "Phần mềm văn bản", "1,000", "500", "500", "2,000", "Sở A", "Sở B",
        "2", "Cổng dịch vụ công", "200", "300", "500", "1,000", "Sở C", "Các huyện",
        "II", "Hạ tầng", "0", "500", "0", "500",
        "1", "Mạng WAN", "0", "500", "0", "500", "Sở A", "Sở D",
        "Tổng kinh phí", "1,200", "1,300", "1,000", "3,500",
    ) + "Đơn vị tính: triệu đồng ở bảng trên\n"
    doc = run(text)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Phần mềm văn bản", 2_000_000_000), ("Cổng dịch vụ công", 1_000_000_000), ("Mạng WAN", 500_000_000)]
    assert items[0].years == {"2016": 1_000_000_000, "2017": 500_000_000, "2018": 500_000_000}
    assert items[0].lead == "Sở A" and items[0].extra["partner"] == "Sở B" and items[0].extra["group"] == "I"
    assert items[2].years["2017"] == 500_000_000 and items[2].years["2016"] == 0
    totals = doc.budget["totals"]
    assert [(t.extra["group"], t.amount_vnd) for t in totals] == [
        ("I", 3_000_000_000), ("II", 500_000_000), ("total", 3_500_000_000)]
    assert totals[0].years == {"2016": 1_200_000_000, "2017": 800_000_000, "2018": 1_000_000_000}
    checks = doc.budget["checks"]
    kinds = {c.kind for c in checks}
    assert kinds == {"years_sum_to_row_total", "items_sum_to_group", "groups_sum_to_grand_total"}
    assert all(c.ok for c in checks)
    assert doc.budget["tables"][0].extra["convention"] == "en"
    assert "budget_unit_assumed" in codes(doc)     # the caption stands after the table, not before


def test_header_order_resolved_by_arithmetic():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "STT", "Nội dung", "Tổng", "2016", "2017", "2018",
        "1", "Đào tạo", "100", "200", "300", "600",
        "2", "Mua sắm", "50", "0", "25", "75",
    )
    doc = run(text)
    items = doc.budget["items"]
    assert [(i.amount_vnd, i.years["2016"]) for i in items] == [(600_000_000, 100_000_000), (75_000_000, 50_000_000)]
    assert "budget_header_order" in codes(doc)
    assert all(c.ok for c in doc.budget["checks"])


def test_table_totals_disagree_check_fails_with_warning():
    text = flat(
        "Đơn vị tính: triệu đồng",
        "STT", "Nội dung", "Kinh phí",
        "I", "Hạ tầng", "900",
        "1", "Mạng LAN", "500",
        "2", "Máy chủ", "300",                         # 500 + 300 = 800, not the 900 printed
    )
    doc = run(text)
    failed = [c for c in doc.budget["checks"] if not c.ok]
    assert [(c.kind, c.expected, c.actual) for c in failed] == [("items_sum_to_group", 900_000_000, 800_000_000)]
    assert "budget_check_failed" in codes(doc)
    assert [t.amount_vnd for t in doc.budget["totals"]] == [900_000_000]
    assert len(doc.budget["items"]) == 2


def test_separators_decided_by_the_totals():
    # "1,447" under a comma-thousands reading sums to the total; as a decimal it does not.
    text = flat("Đơn vị tính: triệu đồng", "STT", "Nội dung", "Kinh phí",
                "1", "A", "1,447", "2", "B", "553", "Tổng cộng", "2,000")
    doc = run(text)
    assert [i.amount_vnd for i in doc.budget["items"]] == [1_447_000_000, 553_000_000]


def test_ambiguous_numbers_without_evidence_give_no_value_and_a_warning():
    text = flat("Đơn vị tính: triệu đồng", "STT", "Nội dung", "Kinh phí", "1", "A", "1.447", "2", "B", "2.553")
    doc = run(text)
    assert [i.amount_vnd for i in doc.budget["items"]] == [None, None]
    assert "budget_number_ambiguous" in codes(doc)


def test_ambiguous_numbers_read_by_the_document_convention_with_a_warning():
    text = "Nguồn ngân sách tỉnh: 31,6 tỷ đồng.\n\n" + flat(
        "Đơn vị tính: triệu đồng", "STT", "Nội dung", "Kinh phí", "1", "A", "1.447", "2", "B", "2.553")
    doc = run(text)
    assert [i.amount_vnd for i in doc.budget["items"] if i.name in "AB"] == [1_447_000_000, 2_553_000_000]
    assert "budget_number_ambiguous" in codes(doc)


def test_a_table_of_counts_is_not_a_budget_table():
    text = flat("PHỤ LỤC I", "DANH MỤC THỦ TỤC HÀNH CHÍNH", "STT", "Tên đơn vị", "Tổng số",
                "1", "Sở Tư pháp", "15", "2", "Sở Y tế", "12", "Tổng", "27")
    doc = run(text)
    assert (doc.budget["items"], doc.budget["totals"], doc.budget["checks"]) == ([], [], [])
    # kept, so a user sees it, with its kind
    assert [t.extra["kind"] for t in doc.budget["tables"]] == ["other"]


def test_total_label_in_the_number_column_of_a_tab_table():
    text = ("Đơn vị tính: triệu đồng\n"
            "STT\tNội dung\tKinh phí\n1\tA\t100\n2\tB\t50\nTổng cộng\t\t150\n")
    doc = run(text)
    assert [t.amount_vnd for t in doc.budget["totals"]] == [150_000_000]
    assert [(c.kind, c.ok) for c in doc.budget["checks"]] == [("items_sum_to_total", True)]


# ------------------------------------------------------------ tab tables

TAB_TABLE = (
    "Cụ thể:\n\n"
    "STT\tNội dung thực hiện\tThời gian\tĐơn vị chủ trì\tKinh phí\n"
    "I\tCơ sở hạ tầng\t\t\t1500\n"
    "1\tMạng WAN\t2008\tSở TT&TT\t1200\n"
    "2\tMáy chủ\t2009\tVăn phòng\t300\n"
    "II\tỨng dụng\t\t\t700\n"
    "1\tWebsite\t2009- 2010\tCác huyện\t700\n"
    "\n4. Nhân lực\n"
)


def test_tab_table_groups_are_totals_not_items():
    doc = run(TAB_TABLE)
    assert [(i.name, i.amount_vnd, i.lead, i.extra["group"]) for i in doc.budget["items"]] == [
        ("Mạng WAN", 1_200_000_000, "Sở TT&TT", "I"),
        ("Máy chủ", 300_000_000, "Văn phòng", "I"),
        ("Website", 700_000_000, "Các huyện", "II"),
    ]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [
        ("Cơ sở hạ tầng", 1_500_000_000), ("Ứng dụng", 700_000_000)]
    assert [(c.kind, c.ok) for c in doc.budget["checks"]] == [("items_sum_to_group", True)] * 2
    assert "budget_unit_assumed" in codes(doc)
    item = doc.budget["items"][0]
    assert doc.original[item.span.start:item.span.end] == "1\tMạng WAN\t2008\tSở TT&TT\t1200"


# ------------------------------------------------------------ one row per line (PDF text)

LINE_TABLE = """V. KINH PHÍ THỰC HIỆN
Đơn vị tính: triệu đồng
STT Tên nhiệm vụ Phân kỳ đầu tư và lộ trình Tổng Đơn vị chủ trì
2016 2017 2018
I Ứng dụng CNTT 1,200 800 1,000 3,000
1 Phần mềm quản lý hộ tịch 195 xã phường 1,000 500 500 2,000 Sở Tư pháp
2 Cổng dịch vụ công trực tuyến của tỉnh kết nối
với Cổng dịch vụ công quốc gia 200 300 500 1,000 Sở TT&TT
II Hạ tầng 0 500 0 500
1 Mạng WAN 0 500 0 500 Sở TT&TT
Tổng kinh phí 1,200 1,300 1,000 3,500
VI. TỔ CHỨC THỰC HIỆN
"""


def test_table_one_row_per_line():
    doc = run(LINE_TABLE)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd, i.lead) for i in items] == [
        ("Phần mềm quản lý hộ tịch 195 xã phường", 2_000_000_000, "Sở Tư pháp"),
        ("Cổng dịch vụ công trực tuyến của tỉnh kết nối với Cổng dịch vụ công quốc gia", 1_000_000_000,
         "Sở TT&TT"),
        ("Mạng WAN", 500_000_000, "Sở TT&TT"),
    ]
    assert items[0].years == {"2016": 1_000_000_000, "2017": 500_000_000, "2018": 500_000_000}
    assert [(t.extra["group"], t.amount_vnd) for t in doc.budget["totals"]] == [
        ("I", 3_000_000_000), ("II", 500_000_000), ("total", 3_500_000_000)]
    assert len(doc.budget["checks"]) == 6 + 8 + 4 and all(c.ok for c in doc.budget["checks"])
    wrapped = items[1].span
    assert doc.original[wrapped.start:wrapped.end].startswith("2 Cổng dịch vụ công")
    assert doc.original[wrapped.start:wrapped.end].endswith("Sở TT&TT")


def test_table_one_row_per_line_through_the_pipeline():
    # normalize may join a row line with the next row's first line; the row is split back
    result = extract_text(LINE_TABLE)
    b = result["budget"]
    assert [i["amount_vnd"] for i in b["items"]] == [2_000_000_000, 1_000_000_000, 500_000_000]
    assert b["checks"] and all(c["ok"] for c in b["checks"])


# ------------------------------------------------------------ two tables agree


def test_two_tables_repeating_totals_must_agree():
    summary = flat("Đơn vị tính: triệu đồng", "STT", "Nội dung", "Phân kỳ", "Tổng", "2016", "2017",
                   "I", "Ứng dụng", "100", "200", "300", "II", "Hạ tầng", "50", "50", "100",
                   "Tổng kinh phí", "150", "250", "400")
    detail = flat("PHỤ LỤC", "STT", "Nội dung", "Phân kỳ", "Tổng", "2016", "2017",
                  "I", "Ứng dụng", "100", "200", "300", "1", "Phần mềm", "100", "200", "300",
                  "II", "Hạ tầng", "50", "60", "110", "1", "Mạng", "50", "60", "110",
                  "Tổng kinh phí", "150", "260", "410")
    doc = run(summary + "\nVI. TỔ CHỨC THỰC HIỆN\n\n" + detail)
    agree = [c for c in doc.budget["checks"] if c.kind == "tables_agree"]
    assert agree and {c.ok for c in agree} == {True, False}
    assert sorted((c.expected, c.actual) for c in agree if not c.ok) == [
        (50_000_000, 60_000_000), (100_000_000, 110_000_000), (250_000_000, 260_000_000),
        (400_000_000, 410_000_000)]
    assert "budget_unit_inherited" not in codes(doc)    # the totals differ: no unit taken over


# ------------------------------------------------------------ inline amounts

INLINE = """III. NỘI DUNG KẾ HOẠCH

1. Hỗ trợ trang thiết bị cho phòng VHTT các huyện:

- <0>Tổng kinh phí: 100 triệu đồng</0> (từ nguồn ngân sách TW theo Quyết định 48/2009/QĐ-TTg).

- Trách nhiệm triển khai: Giao phòng CNTT chủ trì thực hiện.

2. Tập huấn mã nguồn mở:

- Tổng kinh phí: 40 triệu đồng (từ nguồn kinh phí sự nghiệp).

VII. KINH PHÍ THỰC HIỆN

Tổng kinh phí đầu tư giai đoạn 2011-2015 dự kiến như sau:

- <1>Nguồn ngân sách tỉnh: 31,6 tỷ đồng</1> (cụ thể có phụ lục kèm theo).
- Nguồn ngân sách huyện, xã: 28 tỷ đồng, trong đó chủ yếu cho mua sắm.

Tổng kinh phí thực hiện Kế hoạch là 59,6 tỷ đồng.
"""


def test_inline_amounts_are_named_after_the_task_heading_above():
    text, spans = unmark(INLINE)
    doc = extract_document(text)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd, i.source) for i in items] == [
        ("Hỗ trợ trang thiết bị cho phòng VHTT các huyện", 100_000_000,
         "ngân sách TW theo Quyết định 48/2009/QĐ-TTg"),
        ("Tập huấn mã nguồn mở", 40_000_000, "kinh phí sự nghiệp"),
        ("Nguồn ngân sách tỉnh", 31_600_000_000, "Ngân sách tỉnh"),
        ("Nguồn ngân sách huyện, xã", 28_000_000_000, "Ngân sách huyện, xã"),
    ]
    assert items[0].lead == "Phòng CNTT"
    assert (items[0].span.start, items[0].span.end) == spans[0]
    assert (items[2].span.start, items[2].span.end) == spans[1]
    assert [(t.amount_vnd) for t in doc.budget["totals"]] == [59_600_000_000]


def test_inline_amounts_take_the_section_title_and_path():
    text, _ = unmark(INLINE)
    heading = text.index("1. Hỗ trợ")
    end = text.index("2. Tập")
    sec = Section(label="1", level=2, title="Hỗ trợ trang thiết bị", kind="tasks",
                  span=Span(heading, heading + 10), path="III.1", body_end=end)
    doc = run(text, [sec])
    first = doc.budget["items"][0]
    assert (first.name, first.section) == ("Hỗ trợ trang thiết bị", "III.1")


def test_labelled_amounts_in_the_money_part_are_named_by_their_label():
    text = ("VII. KINH PHÍ THỰC HIỆN\n\n- Tổng kinh phí: 1.500 triệu đồng, trong đó:\n"
            "- Kinh phí thực hiện năm 2024 từ nguồn ngân sách tỉnh: 900 triệu đồng;\n"
            "- Vốn đối ứng của huyện: 600 triệu đồng.\n")
    doc = run(text)
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Tổng kinh phí", 1_500_000_000)]
    assert [(i.name, i.amount_vnd, i.source) for i in doc.budget["items"]] == [
        ("Kinh phí thực hiện năm 2024 từ nguồn ngân sách tỉnh", 900_000_000, "ngân sách tỉnh"),
        ("Vốn đối ứng của huyện", 600_000_000, "Vốn đối ứng của huyện"),
    ]


def test_parts_announced_by_trong_do_must_sum_to_the_total():
    text = ("VII. KINH PHÍ THỰC HIỆN\n\n- Tổng kinh phí: 1.500 triệu đồng, trong đó:\n"
            "- Ngân sách tỉnh: 900 triệu đồng;\n- Ngân sách huyện: 500 triệu đồng.\n")
    doc = run(text)
    assert [(c.kind, c.ok, c.expected, c.actual) for c in doc.budget["checks"]] == [
        ("parts_sum_to_total", False, 1_500_000_000, 1_400_000_000)]
    assert "budget_check_failed" in codes(doc)


def test_budget_line_cut_mid_sentence_runs_on_into_the_next_line():
    """A PDF or OCR reading can lose a line join inside a list of parts: the
    line that stops mid-sentence and the next line (no item of its own) are one."""
    text = ("V. KINH PHÍ\n\nDự toán tổng kinh phí thực hiện: 450 triệu đồng, trong đó:\n"
            "+ Sửa chữa trụ sở các xã với tổng kinh phí 300 triệu đồng: xã An\n"
            "Phú (120 triệu đồng), xã Bình Minh (180 triệu\nđồng) do ngân sách huyện bảo đảm.\n"
            "+ Mua sắm thiết bị văn phòng cho các\nxã với kinh phí 150 triệu đồng.\n")
    doc = run(text)
    items = {(i.name, i.amount_vnd) for i in doc.budget["items"]}
    assert items == {("Sửa chữa trụ sở các xã xã An Phú", 120_000_000),
                     ("Sửa chữa trụ sở các xã xã Bình Minh", 180_000_000),
                     ("Mua sắm thiết bị văn phòng cho các xã", 150_000_000)}
    assert sorted(t.amount_vnd for t in doc.budget["totals"]) == [300_000_000, 450_000_000]
    assert all(c.ok for c in doc.budget["checks"])


def test_table_counted_in_thousands_of_dong():
    text = flat("Đơn vị tính: 1.000 đồng", "STT", "Nội dung", "Kinh phí", "1", "Mua máy tính", "250.000",
                "2", "Đào tạo", "45.500", "Tổng cộng", "295.500")
    doc = run(text)
    assert [i.amount_vnd for i in doc.budget["items"]] == [250_000_000, 45_500_000]
    assert all(c.ok for c in doc.budget["checks"])


def test_total_sentence_inside_a_task_is_the_task_cost():
    text = ("III. NHIỆM VỤ\n\n1. Xây dựng cổng dịch vụ công:\n\n"
            "Triển khai cổng với tổng kinh phí 500 triệu đồng, do Sở TT&TT chủ trì.\n\n"
            "IV. KINH PHÍ\n\nTổng kinh phí thực hiện Kế hoạch là 2,5 tỷ đồng.\n")
    doc = extract_document(text)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [("Xây dựng cổng dịch vụ công", 500_000_000)]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [
        ("Tổng kinh phí thực hiện Kế hoạch", 2_500_000_000)]


@pytest.mark.parametrize("text,expected", [
    ("Tỷ lệ 3,55%, 5,86%, 0.94 máy tính; 31,6 tỷ và 2.500.000 đồng", "vi"),  # 4 to 1
    ("1,234,567 đồng and 2,500 units", "en"),
    ("1.447 và 500", None),
    ("31,6 và 0.5", "vi"),                         # a tie goes to the Vietnamese convention
    ("quy mô 2,6km, cách mạng công nghiệp 4.0", "vi"),   # "4.0" is a version, not a decimal point
], ids=["vi-with-stray", "en", "no-evidence", "tie", "version-number"])
def test_document_convention(text, expected):
    assert budget.document_convention(text) == expected


# ------------------------------------------------------------ garbled tables

GARBLED = """Đơn vị tính: Triệu đồng. Danh mục Tổng kinh phí 2011 2012 2013 2014 2015 Sở A 24,500 4,000

chuyên trách các sở Đào tạo cán bộ 3,000 200 3,000 200 7,000 300 7,600 300

11,000

31,600

500

1,500

III. Đào tạo CNTT

200

200

300

300

500

1,500

S

liệu phục vụ các ngành

100

0

500

500

500

1,600

So TT&TT
"""


def test_garbled_table_recovers_only_rows_that_add_up():
    doc = run(GARBLED)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("chuyên trách các sở Đào tạo cán bộ", 1_500_000_000),
        ("liệu phục vụ các ngành", 1_600_000_000),
    ]
    assert items[1].years == {"2011": 100_000_000, "2012": 0, "2013": 500_000_000, "2014": 500_000_000,
                              "2015": 500_000_000}
    assert sorted(t.amount_vnd for t in doc.budget["totals"]) == [1_500_000_000, 31_600_000_000]
    table = doc.budget["tables"][0]
    assert table.extra["garbled"] and "24,500" in table.extra["raw_text"]
    assert "budget_garbled_table" in codes(doc)


@pytest.mark.parametrize("stated,ok", [("31,6", True), ("32,6", False)], ids=["agrees", "disagrees"])
def test_amount_pointing_to_the_appendix_equals_its_total(stated, ok):
    text = f"VII. KINH PHÍ\n\n- Nguồn ngân sách tỉnh: {stated} tỷ đồng (cụ thể có phụ lục kèm theo).\n\n" + GARBLED
    doc = run(text)
    checks = [c for c in doc.budget["checks"] if c.kind == "text_equals_appendix_total"]
    assert [(c.ok, c.actual) for c in checks] == [(ok, 31_600_000_000)]
    assert ("budget_check_failed" in codes(doc)) is not ok


def test_garbled_group_totals_placed_only_by_the_grand_total():
    # Groups I and II are missing; exactly one pair of the total column's numbers
    # (24,500 + 5,600) makes I + II + III (1,500) equal the grand total 31,600.
    text = GARBLED.replace("Đơn vị tính: Triệu đồng. Danh mục Tổng kinh phí 2011 2012 2013 2014 2015 Sở A 24,500 4,000",
                           "II. Hạ tầng I. Ứng dụng Danh mục 2011 2012 2013 2014 2015 Tổng kinh "
                           "24,500 4,000 5,600 18,000 5,000 1,500 phí Đơn vị tính: Triệu đồng.")
    doc = run(text)
    group_totals = [t for t in doc.budget["totals"] if t.label.startswith("Tổng nhóm")]
    assert sorted(t.amount_vnd for t in group_totals) == [5_600_000_000, 24_500_000_000]
    assert "budget_garbled_group" in codes(doc)


def test_garbled_group_totals_with_two_solutions_are_left_out():
    text = GARBLED.replace("Đơn vị tính: Triệu đồng. Danh mục Tổng kinh phí 2011 2012 2013 2014 2015 Sở A 24,500 4,000",
                           "II. Hạ tầng I. Ứng dụng Danh mục 2011 2012 2013 2014 2015 Tổng kinh "
                           "24,500 4,000 5,600 18,000 12,100 1,500 phí Đơn vị tính: Triệu đồng.")
    doc = run(text)         # 24,500 + 5,600 and 18,000 + 12,100 both make 30,100
    assert not [t for t in doc.budget["totals"] if t.label.startswith("Tổng nhóm")]


def test_garbled_interleaved_rows_without_a_grand_total_are_left_out():
    # Two interleaved rows add up, but neither is the table's largest figure: no way
    # to tell which owns the name.
    text = ("Đơn vị tính: Triệu đồng. 2011 2012 2013 99,000\n\n"
            "Đào tạo cán bộ 310 20 420 30 530 40 1,260 90\n")
    doc = run(text)
    assert doc.budget["items"] == []
    assert "budget_garbled_row" in codes(doc)


def test_garbled_row_without_separators():
    text = "Đơn vị tính: triệu đồng\n\nMua sắm máy chủ dùng chung\n\n100\n\n0\n\n500\n\n500\n\n500\n\n1600\n"
    doc = run(text)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [("Mua sắm máy chủ dùng chung", 1_600_000_000)]


def test_split_interleaved_refuses_two_solutions():
    from decimal import Decimal
    values = [Decimal(v) for v in (1, 1, 1, 1, 1, 1, 2, 2)]
    assert budget_garbled.split_interleaved(values) is None


# ------------------------------------------------------------ whole documents

MARKDOWN = """**V. KINH PHÍ THỰC HIỆN**

Đơn vị tính: triệu đồng

| STT | Nội dung | Năm 2021 | Năm 2022 | Tổng cộng |
| --- | --- | --- | --- | --- |
| 1 | Nâng cấp cổng thông tin | 1.200 | 800 | 2.000 |
| 2 | Đào tạo | 300 | 200 | 500 |
| | Tổng cộng | 1.500 | 1.000 | 2.500 |
"""


def test_markdown_table_as_the_markdown_stage_leaves_it():
    # The Markdown stage turns "| a | b |" rows into tab rows, leaves a blank line for
    # the "| --- |" row and a "| " before a row whose first cell is empty.
    text = ("Đơn vị tính: triệu đồng\n\nSTT\tNội dung\tNăm 2021\tNăm 2022\tTổng cộng\n\n"
            "1\tNâng cấp cổng thông tin\t1.200\t800\t2.000\n2\tĐào tạo\t300\t200\t500\n"
            "| Tổng cộng\t1.500\t1.000\t2.500\n")
    doc = run(text)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [
        ("Nâng cấp cổng thông tin", 2_000_000_000), ("Đào tạo", 500_000_000)]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Tổng cộng", 2_500_000_000)]
    assert len(doc.budget["checks"]) == 6 and all(c.ok for c in doc.budget["checks"])


# Regression: unwrap joined Markdown table rows ("2.000\t| 2\tĐào tạo") before the
# Markdown stage could turn them into tab rows.
def test_markdown_pipe_table_through_the_pipeline():
    result = extract_text(MARKDOWN)
    b = result["budget"]
    assert [(i["name"], i["amount_vnd"], i["years"]) for i in b["items"]] == [
        ("Nâng cấp cổng thông tin", 2_000_000_000, {"2021": 1_200_000_000, "2022": 800_000_000}),
        ("Đào tạo", 500_000_000, {"2021": 300_000_000, "2022": 200_000_000}),
    ]
    assert [t["amount_vnd"] for t in b["totals"]] == [2_500_000_000]
    assert b["checks"] and all(c["ok"] for c in b["checks"])
    first = b["items"][0]["span"]
    assert MARKDOWN[first["start"]:first["end"]].startswith("1 | Nâng cấp")



def corpus_doc(stem: str) -> Path:
    return next(CORPUS.glob(f"{stem}_*.txt"))


def test_corrupted_copy_of_a_corpus_table_fails_a_check():
    text = corpus_doc("003").read_text(encoding="utf-8")
    clean = extract_text(text)
    assert clean["budget"]["checks"] and all(c["ok"] for c in clean["budget"]["checks"])
    assert text.count("\n1.447\n") == 1
    corrupted = text.replace("\n1.447\n", "\n1.448\n")          # one amount of the 2011-2015 table
    result = extract_text(corrupted)
    failed = [c for c in result["budget"]["checks"] if not c["ok"]]
    assert failed and failed[0]["kind"] == "items_sum_to_total"
    assert any(w["code"] == "budget_check_failed" for w in result["warnings"])


@pytest.mark.parametrize("stem", ["000", "002", "003"])
def test_corpus_spans_point_at_their_source(stem):
    path = corpus_doc(stem)
    doc = extract_document(path)
    original = doc.original
    for item in doc.budget["items"]:
        source = original[item.span.start:item.span.end]
        assert source.strip(), item
        printed = item.extra.get("printed_amount")
        if printed:
            assert printed.split()[0] in source
    for table in doc.budget["tables"]:
        assert table.span.end > table.span.start
    result = extract(path)
    validate(result)


@pytest.mark.parametrize("stem", ["000", "002", "003"])
def test_corpus_years_sum_to_amount(stem):
    doc = extract_document(corpus_doc(stem))
    for item in doc.budget["items"]:
        if item.years and len(item.years) > 1:
            assert sum(item.years.values()) == item.amount_vnd, item.name


def test_corpus_gold_checks_are_all_computed():
    """Every arithmetic relation the 003 gold lists is computed (same kinds, same count)."""
    gold = json.loads(next(GOLD.glob("003_*.json")).read_text(encoding="utf-8"))
    result = extract(corpus_doc("003"))
    assert len(result["budget"]["checks"]) >= len(gold["budget"]["checks"])
    assert all(c["ok"] for c in result["budget"]["checks"])

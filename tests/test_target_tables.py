"""Tests of goal tables: one target per filled plan-year cell.

Tables are written as the normalizer leaves them: one row per line, cells
separated by tabs. The documents are built by hand (outline and metadata set
on the Document), so these tests do not depend on the other stages.
"""
from __future__ import annotations

import pytest

from pipeline.document import Document, Section, Span
from pipeline.extract import target_tables, targets

T = "\t"

# dev d12, Phụ lục 01 (excerpt): a year group over five years, an estimate column
# of the current year, group rows, the unit in an ĐVT column.
NGUYEN_LIEU = "\n".join([
    "PHỤ LỤC 01",
    "ĐỊNH HƯỚNG PHÁT TRIỂN VÙNG NGUYÊN LIỆU NÔNG SẢN GIAI ĐOẠN 2026 - 2030",
    "",
    T.join(["TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025", "GIAI ĐOẠN 2026 - 2030"]),
    T.join(["Năm 2026", "Năm 2027", "Năm 2028", "Năm 2029", "Năm 2030"]),
    T.join(["I", "CÂY CÔNG NGHIỆP", "", "", "", "", "", "", ""]),
    T.join(["1", "Cà Phê", "", "", "", "", "", "", ""]),
    T.join(["-", "Diện tích", "Ha", "26.120", "27.000", "27.500", "28.000", "29.000", "30.000"]),
    T.join(["-", "Sản lượng cà phê nhân", "Tấn", "37.724", "39.800", "40.602", "45.225", "50.500", "54.468"]),
    T.join(["III", "BÒ SỮA", "", "", "", "", "", "", ""]),
    T.join(["-", "Tổng đàn", "Con", "28.010", "28.100", "28.300", "28.350", "28.500", "29.000"]),
])

# dev d12, Phụ lục 02 (excerpt): a plan year over two measures with their units in
# the header, a row numbering the columns, rows with only the value filled.
XUAT_KHAU = "\n".join([
    "PHỤ LỤC 02",
    "DANH MỤC HÀNG HÓA THAM GIA XUẤT KHẨU GIAI ĐOẠN 2026 – 2030",
    "",
    T.join(["TT", "Sản phẩm", "Kế hoạch 2026", "Kế hoạch 2027"]),
    T.join(["Lượng (Tấn)", "Giá trị tham gia xuất khẩu (Nghìn USD)"] * 2),
    T.join(["", "1", "2", "3", "4", "5"]),
    T.join(["", "Tổng I + II", "", "240.000", "", "270.000"]),
    T.join(["1", "Xoài", "13.500", "7.000", "14.800", "7.800"]),
    T.join(["9", "Sữa và sản phẩm từ sữa", "", "14.000", "", "19.000"]),
])


def plan_with(table: str, heading: str = "PHỤ LỤC 01", kind: str = "appendix",
              period: dict | None = None) -> Document:
    """A plan whose only outline node is ``heading`` over ``table``."""
    text = f"{heading}\n{table}\n"
    doc = Document(text)
    doc.metadata = {"doc_type": "Kế hoạch", "issued_date": "2025-11-20",
                    "period": period if period is not None else {"from": 2026, "to": 2030}}
    doc.flat_sections = [Section(label=heading, level=1, title=heading, kind=kind, span=Span(0, len(heading)),
                                 path=heading, body_end=len(text))]
    return doc


def run(table: str, **kwargs) -> list[targets.Target]:
    doc = plan_with(table, **kwargs)
    targets.extract(doc)
    return doc.targets


def test_year_group_table_gives_one_target_per_plan_year_cell():
    found = run(NGUYEN_LIEU)
    assert len(found) == 3 * 5                       # three indicator rows, five plan years
    assert [(t.text, t.value, t.unit, t.deadline_year) for t in found[:5]] == [
        ("Diện tích", 27000.0, "ha", 2026), ("Diện tích", 27500.0, "ha", 2027), ("Diện tích", 28000.0, "ha", 2028),
        ("Diện tích", 29000.0, "ha", 2029), ("Diện tích", 30000.0, "ha", 2030)]
    assert {t.comparator for t in found} == {"="}
    assert {t.unit for t in found} == {"ha", "tấn", "con"}


def test_current_year_estimate_column_gives_nothing():
    found = run(NGUYEN_LIEU)
    assert 26120.0 not in {t.value for t in found} and 2025 not in {t.deadline_year for t in found}


def test_group_row_names_the_subject():
    found = run(NGUYEN_LIEU)
    assert found[5].subject == "Cà Phê – Sản lượng cà phê nhân"
    assert found[-1].subject == "BÒ SỮA – Tổng đàn"


def test_year_over_measures_takes_the_unit_from_the_column_header():
    found = run(XUAT_KHAU, heading="PHỤ LỤC 02")
    assert [(t.text, t.value, t.unit, t.deadline_year) for t in found] == [
        ("Tổng I + II", 240000.0, "nghìn USD", 2026), ("Tổng I + II", 270000.0, "nghìn USD", 2027),
        ("Xoài", 13500.0, "tấn", 2026), ("Xoài", 7000.0, "nghìn USD", 2026),
        ("Xoài", 14800.0, "tấn", 2027), ("Xoài", 7800.0, "nghìn USD", 2027),
        ("Sữa và sản phẩm từ sữa", 14000.0, "nghìn USD", 2026), ("Sữa và sản phẩm từ sữa", 19000.0, "nghìn USD", 2027)]
    assert found[3].subject == "Xoài – Giá trị tham gia xuất khẩu (Nghìn USD)"


def test_span_runs_from_the_label_to_the_value_cell():
    doc = plan_with(NGUYEN_LIEU)
    targets.extract(doc)
    for t in doc.targets:
        source = doc.original[t.span.start:t.span.end]
        assert source.startswith(t.text)
        assert source.endswith(f"{t.value:,.0f}".replace(",", "."))


def test_full_width_header_with_empty_continuation_cells():
    # a pipe table's header: a year cell over two measures, the cell beside it left empty
    table = "\n".join([
        T.join(["TT", "Chỉ tiêu", "ĐVT", "Năm 2026", "", "Năm 2027", ""]),
        T.join(["", "", "", "Kế hoạch", "Ghi chú", "Kế hoạch", "Ghi chú"]),
        T.join(["1", "Tỷ lệ hộ nghèo", "%", "4,5", "", "≤ 4", ""]),
    ])
    found = run(table, heading="II. CHỈ TIÊU CỤ THỂ", kind="objectives")
    assert [(t.value, t.unit, t.comparator, t.deadline_year) for t in found] == [
        (4.5, "%", "=", 2026), (4.0, "%", "<=", 2027)]


def test_caption_names_the_unit():
    table = "\n".join([
        "Đơn vị tính: tấn",
        T.join(["STT", "Sản phẩm", "Năm 2026", "Năm 2027"]),
        T.join(["1", "Chè búp tươi", "64.213", "66.456"]),
        T.join(["2", "Cà phê nhân", "39.800", "40.602"]),
    ])
    found = run(table, heading="II. CHỈ TIÊU", kind="objectives")
    assert [(t.text, t.value, t.unit) for t in found] == [
        ("Chè búp tươi", 64213.0, "tấn"), ("Chè búp tươi", 66456.0, "tấn"),
        ("Cà phê nhân", 39800.0, "tấn"), ("Cà phê nhân", 40602.0, "tấn")]


def test_range_cell():
    table = "\n".join([
        T.join(["TT", "Chỉ tiêu", "ĐVT", "Năm 2026", "Năm 2027"]),
        T.join(["1", "Tốc độ tăng trưởng", "%", "8 - 8,5", "8,5-9"]),
    ])
    found = run(table, heading="II. CHỈ TIÊU", kind="objectives")
    assert [(t.value, t.comparator, t.range) for t in found] == [(8.0, ">=", (8.0, 8.5)), (8.5, ">=", (8.5, 9.0))]


@pytest.mark.parametrize("table, heading, kind", [
    # a budget table: money of đồng, per-year columns (the budget extractor's)
    ("\n".join(["Đơn vị tính: triệu đồng",
                T.join(["STT", "Nội dung", "Năm 2026", "Năm 2027"]),
                T.join(["1", "Đào tạo cán bộ", "500", "600"])]), "IV. KINH PHÍ", "budget"),
    ("\n".join([T.join(["STT", "Nội dung", "Kinh phí năm 2026", "Kinh phí năm 2027"]),
                T.join(["1", "Đào tạo cán bộ", "500", "600"])]), "IV. KINH PHÍ", "budget"),
    # dev d06, Phụ lục I (excerpt): sampling sites, no year columns
    ("\n".join([T.join(["STT", "Địa điểm quan trắc", "Đối tượng quan trắc"]),
                T.join(["Nguồn nước cấp nuôi tôm (vị trí)", "Môi trường ao nuôi tôm đại diện (vị trí)"]),
                T.join(["1", "Cửa sông lạch Càn", "1", ""]),
                T.join(["2", "Cửa sông lạch Sung", "1", ""]),
                T.join(["8", "xã Tân Tiến", "", "2"])]), "PHỤ LỤC I", "appendix"),
    # years before the plan's period: results
    ("\n".join([T.join(["TT", "Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024"]),
                T.join(["1", "Diện tích", "Ha", "26.000", "26.120"])]), "PHỤ LỤC 01", "appendix"),
    # a per-year table under a heading that reports
    ("\n".join([T.join(["TT", "Chỉ tiêu", "ĐVT", "Năm 2026", "Năm 2027"]),
                T.join(["1", "Diện tích", "Ha", "27.000", "27.500"])]), "I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN", "other"),
    # a task table with dates
    ("\n".join([T.join(["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]),
                T.join(["1", "Xây dựng Bộ tiêu chí đánh giá", "Sở KH&CN", "Quí IV-2025"]),
                T.join(["2", "Hỗ trợ doanh nghiệp nhỏ và vừa", "Sở Công Thương", "Năm 2026"])]),
     "PHỤ LỤC", "appendix"),
], ids=["budget-caption-unit", "budget-header", "sampling-sites", "past-years", "current-state", "task-table"])
def test_not_a_goal_table(table, heading, kind):
    assert run(table, heading=heading, kind=kind) == []


def test_no_unit_gives_nothing():
    table = "\n".join([T.join(["TT", "Chỉ tiêu", "Năm 2026", "Năm 2027"]),
                       T.join(["1", "Số lớp tập huấn", "3", "4"])])
    assert run(table, heading="II. CHỈ TIÊU", kind="objectives") == []


def test_unit_in_the_label():
    table = "\n".join([T.join(["TT", "Chỉ tiêu", "Năm 2026", "Năm 2027"]),
                       T.join(["1", "Diện tích trồng rừng mới (ha)", "1.200", "1.500"])])
    found = run(table, heading="II. CHỈ TIÊU", kind="objectives")
    assert [(t.value, t.unit) for t in found] == [(1200.0, "ha"), (1500.0, "ha")]


def test_table_rows_are_not_read_as_prose():
    # the prose reader skips table lines: each cell once, from the table reader
    found = run(XUAT_KHAU, heading="PHỤ LỤC 02")
    assert len(found) == len({(t.span.start, t.span.end) for t in found})


@pytest.mark.parametrize("path, year, current", [
    (("ƯTH Năm 2025",), 2025, True),
    (("GIAI ĐOẠN 2026 - 2030", "Năm 2026"), 2026, False),
    (("Kế hoạch 2026", "Lượng (Tấn)"), 2026, False),
    (("Ước thực hiện năm 2025",), 2025, True),
    (("Thực hiện 2024",), 2024, True),
    (("Tổng giai đoạn 2026-2030",), None, False),
], ids=["uth", "group-over-year", "year-over-measure", "uoc-thuc-hien", "thuc-hien", "period-total"])
def test_column_year_and_current_state(path, year, current):
    from pipeline.table_model import column_year
    assert column_year(path) == year
    assert target_tables.is_current_column(path) is current


# Header shapes the table model once misread (pipeline.table_model.column_paths).

# Regression: a middle header row was read as cells running down the header.
def test_three_row_header_year_over_plan_and_estimate():
    table = "\n".join([
        T.join(["TT", "Chỉ tiêu", "ĐVT", "Giai đoạn 2026-2030"]),
        T.join(["Năm 2026", "Năm 2027"]),
        T.join(["KH", "ƯTH", "KH", "ƯTH"]),
        T.join(["1", "Sản lượng lúa", "Tấn", "100", "90", "110", "100"]),
    ])
    found = run(table, heading="II. CHỈ TIÊU", kind="objectives")
    assert [(t.value, t.unit, t.deadline_year) for t in found] == [(100.0, "tấn", 2026), (110.0, "tấn", 2027)]


# Regression: an empty header cell right of a spanning cell did not continue it (a pipe table's colspan).
def test_year_cell_spanning_two_measures_in_a_full_width_header():
    table = "\n".join([
        T.join(["TT", "Sản phẩm", "Năm 2026", "", "Năm 2027", ""]),
        T.join(["", "", "Lượng (Tấn)", "Giá trị (Nghìn USD)", "Lượng (Tấn)", "Giá trị (Nghìn USD)"]),
        T.join(["1", "Xoài", "13.500", "7.000", "14.800", "7.800"]),
    ])
    found = run(table, heading="PHỤ LỤC 02")
    assert [(t.value, t.unit, t.deadline_year) for t in found] == [
        (13500.0, "tấn", 2026), (7000.0, "nghìn USD", 2026), (14800.0, "tấn", 2027), (7800.0, "nghìn USD", 2027)]

"""Tables as ``pdftotext -layout`` prints them: columns set apart by spaces,
cells wrapped over the lines below their row, headers wrapped in narrow
columns, group and total rows with empty cells.

The texts are written in the shapes pdftotext gives for ruled tables (left
margin, no paragraph indents, wrapped cells printed under their column).
"""
from __future__ import annotations

from pipeline import extract_text

HEAD = """ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH AN                    Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND                      Hòa Bình An, ngày 3 tháng 3 năm 2026

KẾ HOẠCH
Quan trắc môi trường nuôi trồng thủy sản năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Theo dõi chất lượng nước tại các vùng nuôi trồng thủy sản tập trung của tỉnh
để cảnh báo kịp thời cho người nuôi.

II. KINH PHÍ THỰC HIỆN
"""

# A cost table: header cells wrapped under their columns, names and notes
# wrapped under theirs, group rows with one amount far to the right.
COST_TABLE = """
TT     Chỉ tiêu         Tần suất      Số     Số lượng   Đơn giá    Thành tiền    Ghi
                        (đợt/tháng)   điểm   (mẫu)      (đồng)     (đồng)        chú
I      Quan trắc môi    1.060.000
       trường nước
-      Nhiệt độ nước    2             6      108        5.000      540.000       STT 6,
       (đo ngoài                                                                 PL 6
       hiện trường)
-      Oxy hòa tan      2             6      108        4.000      432.000       STT
       (DO)                                                                      12
-      Độ mặn           1             2      22         4.000      88.000
"""


def test_wrapped_cells_are_gathered_into_their_rows():
    out = extract_text(HEAD + COST_TABLE)
    items = out["budget"]["items"]
    assert [(i["name"], i["amount_vnd"]) for i in items] == [
        ("Nhiệt độ nước (đo ngoài hiện trường)", 540_000),
        ("Oxy hòa tan (DO)", 432_000),
        ("Độ mặn", 88_000),
    ]
    text = HEAD + COST_TABLE
    first = items[0]["span"]
    assert text[first["start"]:first["end"]].startswith("-      Nhiệt độ nước")
    assert "hiện trường)" in text[first["start"]:first["end"]]


def test_a_group_row_amount_goes_to_the_amount_column_and_adds_up():
    out = extract_text(HEAD + COST_TABLE)
    assert [(t["label"], t["amount_vnd"]) for t in out["budget"]["totals"]] == [
        ("Quan trắc môi trường nước", 1_060_000)]
    table = next(t for t in out["budget"]["tables"] if t["kind"] == "budget")
    assert table["columns"][2:4] == ["Tần suất (đợt/tháng)", "Số điểm"]


# An indicator table whose row of years broke in narrow columns: the span of
# years over it names them.
INDICATORS = """
III. CHỈ TIÊU
TT     Chỉ tiêu         ĐVT
                                 ƯTH        GIAI ĐOẠN 2026 - 2028
                                 Năm
                                 2025
Năm    Năm     Năm
2026   2027    2028
I      THỦY SẢN
-      Diện tích nuôi   Ha     1.200      1.250      1.300      1.400
-      Sản lượng        Tấn    9.000      9.500      10.000     11.000
       nuôi trồng
"""


def test_a_broken_year_row_under_a_span_of_years_is_read_as_those_years():
    out = extract_text(HEAD + COST_TABLE + INDICATORS)
    # a row's subject is its name after its group's: "THỦY SẢN – Diện tích nuôi"
    rows = {(t["subject"].split(" – ")[-1], t["deadline_year"]): t["value"] for t in out["targets"] if t["subject"]}
    assert rows[("Diện tích nuôi", 2026)] == 1250
    assert rows[("Diện tích nuôi", 2028)] == 1400
    assert rows[("Sản lượng nuôi trồng", 2027)] == 10000
    assert not any(year == 2025 for _, year in rows)        # the estimate of the current year is no target


# Two header rows, both wrapped (a plan year over quantity and value), and a
# total row printed with its amounts under the value columns.
EXPORTS = """
III. XUẤT KHẨU
TT      Sản       Kế hoạch            Kế hoạch 2027
        phẩm      2026
                  Lượng     Giá trị    Lượng     Giá trị
                  (Tấn)     (Nghìn     (Tấn)     (Nghìn USD)
                            USD)
        Tổng                7.000                7.800
        cộng
1       Xoài      13.500    7.000      14.800    7.800
2       Chanh     2.200     1.210      2.400     1.320
        leo
"""


def test_two_wrapped_header_rows_and_a_total_row_placed_by_its_printed_columns():
    out = extract_text(HEAD + COST_TABLE + EXPORTS)
    # a row's subject is its name before its measure: "Xoài – Lượng (Tấn)"
    got = {(t["subject"].split(" – ")[0], t["deadline_year"], t["unit"]): t["value"]
           for t in out["targets"] if t["subject"]}
    assert got[("Xoài", 2026, "tấn")] == 13500
    assert got[("Xoài", 2027, "nghìn USD")] == 7800
    assert got[("Chanh leo", 2027, "tấn")] == 2400
    assert got[("Tổng cộng", 2026, "nghìn USD")] == 7000
    assert got[("Tổng cộng", 2027, "nghìn USD")] == 7800


def test_the_two_column_header_is_read_and_prose_is_unwrapped_beside_tables():
    out = extract_text(HEAD + COST_TABLE)
    doc = out["document"]
    assert (doc["number"], doc["place"], doc["issued_date"]) == ("45/KH-UBND", "Hòa Bình An", "2026-03-03")
    sections = [s["title"] for s in out["sections"]]
    assert "MỤC ĐÍCH, YÊU CẦU" in sections and "KINH PHÍ THỰC HIỆN" in sections


def test_a_table_flattened_one_cell_per_line_is_not_regrouped_by_columns():
    # Pipes and one cell per line (portal Markdown): no printed columns to read.
    flat = "\n".join(["|", "TT", "|", "Nội dung", "|", "Kinh phí (đồng)", "|",
                      "|", "1", "|", "Tập huấn", "|", "2.000.000", "|",
                      "|", "2", "|", "Tuyên truyền", "|", "1.000.000", "|"]) + "\n"
    out = extract_text(HEAD + flat)
    assert [(i["name"], i["amount_vnd"]) for i in out["budget"]["items"]] == [
        ("Tập huấn", 2_000_000), ("Tuyên truyền", 1_000_000)]

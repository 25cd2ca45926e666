"""Budgets as real plans state them: short excerpts in the shapes of the
development set (portal tables flattened one cell per line, cost tables,
pdftotext budget sections, ranges), and tables and sections that hold no money.

Every item's span is checked against the text it came from.
"""
from __future__ import annotations

from pipeline import extract_document, extract_text


def cells(*rows: list[str]) -> str:
    """A table as the portal flattens it: a lone "|" opens each row and closes each cell."""
    out = []
    for row in rows:
        out.append("|")
        for cell in row:
            if cell:
                out.append(cell)
            out.append("|")
    return "\n".join(out) + "\n"


PLAN_HEAD = "**KẾ HOẠCH**\n\nPhát triển hạ tầng số giai đoạn 2026 - 2028\n\n**I. MỤC TIÊU**\n\nNâng cao năng lực.\n\n"


def source(doc, item) -> str:
    return doc.original[item.span.start:item.span.end]


def test_flattened_table_with_a_two_row_year_header():
    text = PLAN_HEAD + "**II. KINH PHÍ THỰC HIỆN**\n\n*Đơn vị tính: triệu đồng*\n\n" + cells(
        ["**TT**", "**Nội dung**", "**Tổng kinh phí**", "**Phân kỳ thực hiện**"],
        ["**Năm 2026**", "**Năm 2027**", "**Năm 2028**"],
        ["**I**", "**Hạ tầng**", "**1.500**", "**500**", "**500**", "**500**"],
        ["1", "Nâng cấp mạng WAN", "900", "300", "300", "300"],
        ["2", "Trung tâm dữ liệu", "600", "200", "200", "200"],
        ["II", "Đào tạo", "300", "100", "100", "100"],
        ["", "**Tổng cộng**", "**1.800**", "**600**", "**600**", "**600**"],
    )
    doc = extract_document(text)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd, i.years) for i in items] == [
        ("Nâng cấp mạng WAN", 900_000_000, {"2026": 300_000_000, "2027": 300_000_000, "2028": 300_000_000}),
        ("Trung tâm dữ liệu", 600_000_000, {"2026": 200_000_000, "2027": 200_000_000, "2028": 200_000_000}),
        ("Đào tạo", 300_000_000, {"2026": 100_000_000, "2027": 100_000_000, "2028": 100_000_000}),
    ]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [
        ("Hạ tầng", 1_500_000_000), ("Tổng cộng", 1_800_000_000)]
    assert source(doc, items[0]).startswith("1") and source(doc, items[0]).endswith("300")
    kinds = {c.kind for c in doc.budget["checks"]}
    assert {"years_sum_to_row_total", "items_sum_to_group", "groups_sum_to_grand_total"} <= kinds
    assert all(c.ok for c in doc.budget["checks"])


def test_cost_table_reads_the_amount_column_and_checks_quantity_times_price():
    text = PLAN_HEAD + "**PHỤ LỤC II**\n\nDỰ TOÁN KINH PHÍ QUAN TRẮC\n\n" + cells(
        ["**TT**", "**Chỉ tiêu**", "**Số lượng (mẫu)**", "**Đơn giá (đồng)**", "**Thành tiền (đồng)**", "**Ghi chú**"],
        ["**I**", "**Quan trắc môi trường nước**", "**3.442.104**", ""],            # a group row spanning columns
        ["-", "Nhiệt độ nước", "36", "95.614", "3.442.104", "STT 6, PL 6"],
        ["**II**", "**Thuê dịch vụ tin nhắn**", "**50.000.000**", ""],
        ["", "**Tổng (I+II)**", "**53.442.104**", ""],
    )
    doc = extract_document(text)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [
        ("Nhiệt độ nước", 3_442_104), ("Thuê dịch vụ tin nhắn", 50_000_000)]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [
        ("Quan trắc môi trường nước", 3_442_104), ("Tổng (I+II)", 53_442_104)]
    checks = {c.kind: c.ok for c in doc.budget["checks"]}
    assert checks["quantity_times_price"] and checks["groups_sum_to_grand_total"]
    table = doc.budget["tables"][0]
    assert table.extra["kind"] == "budget"
    assert table.extra["roles"][2:5] == ["quantity", "price", "total"]


# pdftotext: the budget section of a plan, nested totals, parts in parentheses,
# an amount later raised ("lên thành") and the change beside it.
PDFTOTEXT_BUDGET = (
    "                                KẾ HOẠCH\n"
    "  Phát triển các khu công nghiệp năm 2026\n\n"
    "      I. MỤC ĐÍCH\n"
    "      Phát triển bền vững các khu công nghiệp trên địa bàn, thu hút đầu tư và tạo việc làm cho\n"
    "người lao động của tỉnh.\n"
    "      II. VỐN ĐẦU TƯ\n"
    "      Khái toán tổng số vốn đầu tư thực hiện: 7.080 tỷ đồng, trong đó:\n"
    "      1. Vốn ngân sách nhà nước: 1.280 tỷ đồng, bao gồm:\n"
    "      + Hoàn thiện hạ tầng kỹ thuật KCN với tổng số vốn đầu tư 285 tỷ đồng: Bắc (70 tỷ\n"
    "đồng), Nam (215 tỷ đồng) đã được bố trí kế hoạch vốn.\n"
    "      + Dự án đường trục chính, quy mô 2,6km, tổng mức đầu tư 787 tỷ đồng (đang triển khai);\n"
    "      + Dự án đường kết nối, quy mô 2,9km; tổng mức đầu tư 173 tỷ (đã được phê duyệt); Hiện nay\n"
    "đang điều chỉnh tăng tổng mức đầu tư lên thành 208 tỷ đồng (tăng 35 tỷ).\n"
    "      2. Vốn doanh nghiệp: 5.800 tỷ đồng\n"
    "      - Đầu tư xây dựng hạ tầng kỹ thuật trong hàng rào khu công nghiệp.\n"
)


def test_pdftotext_budget_section_settled_by_its_sums():
    doc = extract_document(PDFTOTEXT_BUDGET)
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd // 10**9) for i in items] == [
        ("Hoàn thiện hạ tầng kỹ thuật KCN Bắc", 70), ("Hoàn thiện hạ tầng kỹ thuật KCN Nam", 215),
        ("Dự án đường trục chính, quy mô 2,6km", 787), ("Dự án đường kết nối, quy mô 2,9km", 208),
    ]
    assert sorted(t.amount_vnd // 10**9 for t in doc.budget["totals"]) == [285, 1280, 5800, 7080]
    assert source(doc, items[-1]).endswith("208 tỷ đồng")     # the raised amount, chosen by the sum
    assert all(c.ok for c in doc.budget["checks"])


def test_amount_range_is_one_item_with_its_upper_bound():
    text = PLAN_HEAD + (
        "**II. NGUỒN LỰC THỰC HIỆN**\n\nNhu cầu vốn đầu tư dự kiến khoảng 121.732 tỷ đồng, được huy động từ nhiều "
        "nguồn. Cụ thể:\n\n- Ngân sách trung ương: chiếm khoảng 75%-80% tổng vốn đầu tư (khoảng 91.299 tỷ đồng - "
        "97.386 tỷ đồng).\n\n- Ngân sách địa phương: chiếm khoảng 10% (khoảng 12.173 tỷ đồng).\n\n- Vốn ngoài ngân "
        "sách dự kiến 10%-15% (khoảng 12.173 tỷ đồng - 18.260 tỷ đồng).\n")
    doc = extract_document(text)
    got = [(i.name, i.amount_vnd // 10**9, (i.extra.get("amount_max_vnd") or 0) // 10**9)
           for i in doc.budget["items"]]
    assert got == [("Ngân sách trung ương", 91_299, 97_386), ("Ngân sách địa phương", 12_173, 0),
                   ("Vốn ngoài ngân sách dự kiến 10%-15%", 12_173, 18_260)]
    assert [t.amount_vnd // 10**9 for t in doc.budget["totals"]] == [121_732]


def test_sampling_site_table_gives_no_money():
    text = PLAN_HEAD + "**PHỤ LỤC I**\n\nVỊ TRÍ QUAN TRẮC\n\n" + cells(
        ["**STT**", "**Địa điểm quan trắc**", "**Nguồn nước cấp (vị trí)**", "**Ao nuôi (vị trí)**"],
        ["1", "Xã Hòa Lộc", "2", "3"],
        ["2", "Xã Xuân Lộc", "1", "2"],
        ["", "**Tổng**", "**3**", "**5**"],
    )
    doc = extract_document(text)
    assert (doc.budget["items"], doc.budget["totals"]) == ([], [])
    assert [t.extra["kind"] for t in doc.budget["tables"]] == ["other"]


def test_sources_only_budget_section_gives_nothing():
    text = PLAN_HEAD + (
        "**II. KINH PHÍ THỰC HIỆN**\n\nKinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách địa phương "
        "theo phân cấp và nguồn xã hội hóa, các nguồn hợp pháp khác.\n\n"
        "Thiệt hại do mưa lũ năm 2025 ước trên 4.500 tỷ đồng; năm trước đã hỗ trợ 200 triệu đồng.\n")
    doc = extract_document(text)
    assert (doc.budget["items"], doc.budget["totals"]) == ([], [])


def test_a_text_that_is_no_plan_has_no_budget():
    text = ("# Mức phạt khi vi phạm giao thông là bao nhiêu?\n\n"
            "Theo Nghị định, mức phạt tiền từ 800.000 đồng đến 1.000.000 đồng; tổng kinh phí là 2 tỷ đồng.\n")
    doc = extract_document(text)
    assert (doc.budget["items"], doc.budget["totals"]) == ([], [])


def test_year_columns_name_one_year_each_even_when_a_header_is_a_data_row():
    # A tab table continued after a page break: the row under the break, or a
    # cell holding two years, is no year column; every item's years are keyed
    # by one year and the JSON validates against the schema.
    head = PLAN_HEAD + "**II. KINH PHÍ THỰC HIỆN**\n\nĐơn vị tính: triệu đồng\n\n"
    tables = [
        "STT\tNội dung\tNăm 2026\tNăm 2027\n1\tĐào tạo\t100\t200\n\f2\tTuyên truyền\t50\t60\n",
        "STT\tNội dung\t2026 2027\tGhi chú\n1\tĐào tạo\t100\t\n\f2\tTuyên truyền\t50\t\n",
        "\f1\tĐào tạo\t2026 2027\t200\n2\tTuyên truyền\t50\t60\n",
    ]
    for table in tables:
        out = extract_text(head + table)               # validated before it is returned
        for item in out["budget"]["items"]:
            assert all(len(year) == 4 and year.isdigit() for year in item["years"]), item
    first = extract_text(head + tables[0])["budget"]["items"]
    assert [(i["name"], i["years"]) for i in first] == [
        ("Đào tạo", {"2026": 100_000_000, "2027": 200_000_000}),
        ("Tuyên truyền", {"2026": 50_000_000, "2027": 60_000_000})]


def test_a_row_that_lost_its_empty_last_cell_keeps_its_numbers_in_place():
    # A converter dropped the empty note cell: the row's cells run on from its
    # name, so quantity, price and amount stay under their own columns.
    head = PLAN_HEAD + "**II. KINH PHÍ THỰC HIỆN**\n\n"
    table = ("TT\tNội dung\tĐơn vị\tSố lượng\tĐơn giá (đồng)\tThành tiền (đồng)\tGhi chú\n"
             "1\tThuê hội trường\tNgày\t2\t500.000\t1.000.000\n"
             "2\tBồi dưỡng báo cáo viên\tBuổi\t4\t300.000\t1.200.000\tMức chi tối đa\n"
             "3\tPhô tô tài liệu\tBộ\t100\t25.000\t2.500.000\t\n"
             "\tTổng cộng\t4.700.000\n")
    out = extract_text(head + table)
    assert [(i["name"], i["amount_vnd"]) for i in out["budget"]["items"]] == [
        ("Thuê hội trường", 1_000_000), ("Bồi dưỡng báo cáo viên", 1_200_000), ("Phô tô tài liệu", 2_500_000)]
    assert [(t["label"], t["amount_vnd"]) for t in out["budget"]["totals"]] == [("Tổng cộng", 4_700_000)]


def test_lettered_groups_are_siblings_under_their_numbered_row():
    # "1.1" holds "a" and "b", each holding bullet items: b is a sibling of a
    # (not its child), so every sum checks out and no warning is raised.
    head = PLAN_HEAD + "**II. KINH PHÍ THỰC HIỆN**\n\n"
    table = ("TT\tNội dung\tThành tiền (đồng)\n"
             "1\tQuan trắc\t600.000\n"
             "1.1\tMẫu nước nguồn cấp\t600.000\n"
             "a\tChỉ tiêu thủy lý\t300.000\n"
             "-\tNhiệt độ\t100.000\n"
             "-\tĐộ mặn\t200.000\n"
             "b\tKim loại nặng\t300.000\n"
             "-\tCd\t150.000\n"
             "-\tHg\t150.000\n")
    out = extract_text(head + table)
    assert [i["name"] for i in out["budget"]["items"]] == ["Nhiệt độ", "Độ mặn", "Cd", "Hg"]
    checks = out["budget"]["checks"]
    assert checks and all(c["ok"] for c in checks)
    assert not [w for w in out["warnings"] if w["code"] == "budget_check_failed"]


# A row that printed no empty cells and lost its note: "1 | Thuê hội trường |
# Ngày | 2 | 500.000 | 1.000.000" under a table whose last column is a note.
# Read from the right, its total would fall under the note and its unit price
# under the amount; moved left by one, every number sits under a number column.
def test_short_row_that_lost_its_note_keeps_its_amount_under_the_amount_column():
    from pipeline.table_model import align_short_row
    from pipeline.tables import Cell

    cells = [Cell(t, 0, 0) for t in ["1", "Thuê hội trường", "Ngày", "2", "500.000", "1.000.000"]]
    numeric = frozenset({2, 3, 4, 5, 6, 7, 8})          # column 9 is the note
    row = align_short_row(cells, 10, numeric)
    assert [c.text if c else None for c in row] == [
        "1", "Thuê hội trường", None, None, None, "Ngày", "2", "500.000", "1.000.000", None]


# OCR drops the lone "I" of a group row: a row with a name and an amount and
# no number, right above a list numbered from 1, heads that list (a total,
# not one more item).
def test_unnumbered_row_above_a_list_from_one_is_its_group():
    text = PLAN_HEAD + "**II. KINH PHÍ**\n\n*Đơn vị tính: triệu đồng*\n\n" + cells(
        ["**STT**", "**Nội dung**", "**Thời gian**", "**Kinh phí**"],
        ["", "Cơ sở hạ tầng", "", "1.500"],
        ["1", "Nâng cấp mạng WAN", "2024", "900"],
        ["2", "Trung tâm dữ liệu", "2025", "600"],
    )
    doc = extract_document(text)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [
        ("Nâng cấp mạng WAN", 900_000_000), ("Trung tâm dữ liệu", 600_000_000)]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Cơ sở hạ tầng", 1_500_000_000)]


# ------------------------------------------------ tables as OCR reads them

def tab_table(*rows: str) -> str:
    return PLAN_HEAD + "**II. KINH PHÍ**\n\n" + "\n".join(rows) + "\n"


def test_row_numbers_lost_or_garbled_by_ocr_are_read_from_their_neighbours():
    """An unreadable number over a list ("1.1.1" read "jiỜi 1h"), a capital "C"
    after "b", an empty number before "2": the outline still holds."""
    doc = extract_document(tab_table(
        "TT\tNội dung\tThành tiền (đồng)",
        "1.1\tVùng nuôi tôm\t900.000",
        "jiỜi 1h\tMẫu nước nguồn cấp\t600.000",
        "a\tChỉ tiêu thủy lý\t400.000",
        "-\tNhiệt độ\t150.000",
        "-\tĐộ mặn\t250.000",
        "b\tKim loại nặng\t100.000",
        "-\tChì\t100.000",
        "C\tTrầm tích\t100.000",
        "-\tĐồng\t100.000",
        "1.1.2\tMẫu nước ao nuôi\t300.000",
        "\tNhiệt độ nước ao\t100.000",
        "2\tĐộ mặn nước ao\t200.000",
    ))
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [
        ("Nhiệt độ", 150_000), ("Độ mặn", 250_000), ("Chì", 100_000), ("Đồng", 100_000),
        ("Nhiệt độ nước ao", 100_000), ("Độ mặn nước ao", 200_000)]
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [
        ("Vùng nuôi tôm", 900_000), ("Mẫu nước nguồn cấp", 600_000), ("Chỉ tiêu thủy lý", 400_000),
        ("Kim loại nặng", 100_000), ("Trầm tích", 100_000), ("Mẫu nước ao nuôi", 300_000)]
    assert all(c.ok for c in doc.budget["checks"])


def test_a_row_that_lost_its_number_and_a_name_read_as_two_lines():
    doc = extract_document(tab_table(
        "TT\tChỉ tiêu\tSố mẫu\tĐơn giá (đồng)\tThành tiền (đồng)\tGhi chú",
        "I\tMẫu nước nguồn cấp\t\t\t600.000\t",
        "Nhiệt độ nước\t2\t100.000\t200.000\tSTT 6",
        "2\tOxy hòa tan (DO)\t2\t100.000\t200.000\tSTT",
        "\t(Quan trắc ngoài hiện trường)\t\t\t\t12, PL 6",
        "3\tĐộ mặn\t2\t100.000\t200.000\tSTT 7",
    ))
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Nhiệt độ nước", 200_000), ("Oxy hòa tan (DO) (Quan trắc ngoài hiện trường)", 200_000),
        ("Độ mặn", 200_000)]
    assert source(doc, items[1]).endswith("12, PL 6")
    assert [(t.label, t.amount_vnd) for t in doc.budget["totals"]] == [("Mẫu nước nguồn cấp", 600_000)]


def test_an_ocr_misread_amount_one_digit_from_quantity_times_price_is_repaired():
    """OCR'd text only: 54 x 139.406 = 7.527.924, read as 7.927.924 (one digit
    apart) is repaired and recorded; an amount further off stays as printed."""
    from pipeline.ingest import document_from_text
    from pipeline.runner import run_stages

    text = tab_table(
        "TT\tChỉ tiêu\tSố lượng (mẫu)\tĐơn giá (đồng)\tThành tiền (đồng)",
        "I\tMẫu nước\t\t\t16.025.840",
        "1\tĐộ kiềm\t54\t139.406\t7.927.924",
        "2\tCOD\t36\t138.831\t4.997.916",
        "3\tĐộ mặn\t20\t100.000\t3.500.000",
    )
    results = {}
    for source_format in ("pdf-ocr", "text"):
        doc = document_from_text(text)
        doc.source_format = source_format
        run_stages(doc)
        results[source_format] = [(i.name, i.amount_vnd) for i in doc.budget["items"]]
        repairs = [w.message for w in doc.warnings if w.code == "ocr_repair"]
        assert (source_format == "pdf-ocr") == any("7.527.924" in m for m in repairs)
    assert results["pdf-ocr"] == [("Độ kiềm", 7_527_924), ("COD", 4_997_916), ("Độ mặn", 3_500_000)]
    assert results["text"] == [("Độ kiềm", 7_927_924), ("COD", 4_997_916), ("Độ mặn", 3_500_000)]


def test_an_ocr_misread_total_one_digit_from_its_years_summed_is_repaired():
    from pipeline.ingest import document_from_text
    from pipeline.runner import run_stages

    doc = document_from_text(tab_table(
        "Đơn vị tính: triệu đồng",
        "TT\tNội dung\tNăm 2016\tNăm 2017\tTổng",
        "1\tĐiểm phủ sóng wifi công cộng\t200\t300\t900",
        "2\tLý lịch tư pháp\t418\t0\t418",
    ))
    doc.source_format = "pdf-ocr"
    run_stages(doc)
    assert [(i.name, i.amount_vnd) for i in doc.budget["items"]] == [
        ("Điểm phủ sóng wifi công cộng", 500_000_000), ("Lý lịch tư pháp", 418_000_000)]
    assert [w.message for w in doc.warnings if w.code == "ocr_repair"] == [
        "amount '900' -> '500': the years summed, one digit apart from the amount read"]


def test_a_row_whose_note_was_read_on_the_line_below_with_the_end_of_its_name():
    doc = extract_document(tab_table(
        "TT\tChỉ tiêu\tSố mẫu\tĐơn giá (đồng)\tThành tiền (đồng)\tGhi chú",
        "1\tĐộ mặn (Quan trắc ngoài hiện trường)\t2\t100.000\t200.000\tSTT 7",
        "2\tEC (Quan trắc\t2\t100.000\t200.000",
        "\tngoài hiện trường\t\t\t\tSTT 13",
        "3\tpH (Quan trắc ngoài hiện trường)\t2\t100.000\t200.000\tSTT 11",
    ))
    items = doc.budget["items"]
    assert [(i.name, i.amount_vnd) for i in items] == [
        ("Độ mặn (Quan trắc ngoài hiện trường)", 200_000), ("EC (Quan trắc ngoài hiện trường", 200_000),
        ("pH (Quan trắc ngoài hiện trường)", 200_000)]
    assert source(doc, items[1]).endswith("STT 13")

"""Document metadata: number, issuer, place, date, title, period, signer."""
from __future__ import annotations

import pytest

from pipeline import extract_document

HEADER = """{issuer}

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

{number_line}

{place_date}

KẾ HOẠCH
Triển khai ứng dụng công nghệ thông tin năm 2024

I. MỤC TIÊU
1. Mục tiêu chung
Nội dung.
"""


def header_doc(issuer="ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", number_line="Số: 12/KH-UBND",
               place_date="Ninh Bình, ngày 05 tháng 01 năm 2024"):
    return extract_document(HEADER.format(issuer=issuer, number_line=number_line, place_date=place_date))


@pytest.mark.parametrize("number_line, expected", [
    ("Số: 16 /KH-STTTT", "16/KH-STTTT"),
    ("Số: 2668/KH-UBND", "2668/KH-UBND"),
    ("Số:167/KH-UBND", "167/KH-UBND"),
    ("Số: 45/KH-UBND", "45/KH-UBND"),
    ("Số: 102 / KH – SKHĐT", "102/KH-SKHĐT"),
    ("Số: 07-KH/TU", "07-KH/TU"),
], ids=["space-before-slash", "plain", "no-space-after-colon", "two-digit", "en-dash", "party"])
def test_number(number_line, expected):
    assert header_doc(number_line=number_line).metadata["number"] == expected


@pytest.mark.parametrize("place_date, place, date", [
    ("Bắc Giang, ngày 15 tháng 12 năm 2010", "Bắc Giang", "2010-12-15"),
    ("Hà Giang, ngày 26 tháng 10 năm 2015", "Hà Giang", "2015-10-26"),
    ("Hà Nội, ngày 05/01/2020", "Hà Nội", "2020-01-05"),
    ("TP. Hồ Chí Minh, ngày 3 tháng 4 năm 2021", "TP. Hồ Chí Minh", "2021-04-03"),
    ("Đà Lạt, ngày  7  tháng 8  năm 2019", "Đà Lạt", "2019-08-07"),
], ids=["words", "words-2", "numeric", "abbreviated-city", "extra-spaces"])
def test_place_and_date(place_date, place, date):
    meta = header_doc(place_date=place_date).metadata
    assert (meta["place"], meta["issued_date"]) == (place, date)


def test_impossible_date_is_null_with_warning():
    doc = header_doc(place_date="Ninh Bình, ngày 30 tháng 02 năm 2024")
    assert doc.metadata["issued_date"] is None
    assert any(w.code == "bad_date" for w in doc.warnings)


@pytest.mark.parametrize("issuer, expected", [
    ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "Ủy ban nhân dân tỉnh Ninh Bình"),
    ("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH", "Ủy ban nhân dân tỉnh Ninh Bình"),
    ("UBND TỈNH NINH BÌNH", "Ủy ban nhân dân tỉnh Ninh Bình"),
    ("ỦY BAN NHÂN DÂNTỈNH NINH BÌNH", "Ủy ban nhân dân tỉnh Ninh Bình"),
    ("UBND TỈNH NINH BÌNH\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông tỉnh Ninh Bình"),
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "Ủy ban nhân dân thành phố Cần Thơ"),
], ids=["one-line", "two-lines", "abbreviated", "merged", "sub-agency", "city"])
def test_issuer(issuer, expected):
    assert header_doc(issuer=issuer).metadata["issuer"] == expected


def test_issuer_and_quoc_hieu_on_one_line():
    doc = header_doc(issuer="ỦY BAN NHÂN DÂN TỈNH NINH BÌNH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert doc.metadata["issuer"] == "Ủy ban nhân dân tỉnh Ninh Bình"


def test_issuer_inferred_from_symbol_when_no_header():
    text = "Số: 8/KH-STTTT\n\nNinh Bình, ngày 1 tháng 2 năm 2012\n\nKẾ HOẠCH\nChuyển đổi số năm 2012\n\nI. MỤC TIÊU\n"
    assert extract_document(text).metadata["issuer"] == "Sở Thông tin và Truyền thông tỉnh Ninh Bình"


@pytest.mark.parametrize("title_block, title, period", [
    ("KẾ HOẠCH\nỨng dụng CNTT giai đoạn 2016-2020", "Ứng dụng CNTT giai đoạn 2016-2020", {"from": 2016, "to": 2020}),
    ("KẾ HOẠCH\nTriển khai mã nguồn mở\ntrong các cơ quan năm 2010", "Triển khai mã nguồn mở trong các cơ quan năm 2010",
     {"from": 2010, "to": 2010}),
    ("KẾ HOẠCH\nTHÚC ĐẨY PHẦN MỀM NGUỒN MỞ ĐẾN NĂM 2015", "THÚC ĐẨY PHẦN MỀM NGUỒN MỞ ĐẾN NĂM 2015",
     {"from": None, "to": 2015}),
    ("KÉ HOẠCH\n\nPhát triển hạ tầng số GIAI ĐOẠN 2021 - 2025.", "Phát triển hạ tầng số GIAI ĐOẠN 2021 - 2025",
     {"from": 2021, "to": 2025}),
    ("KẾ HOẠCH\nCải cách hành chính", "Cải cách hành chính", None),
], ids=["range", "two-lines-year", "until", "ocr-type-line", "no-period"])
def test_title_and_period(title_block, title, period):
    doc = extract_document(f"Số: 1/KH-UBND\n\n{title_block}\n\nI. MỤC TIÊU\nNội dung.\n")
    assert doc.metadata["doc_type"] == "Kế hoạch"
    assert doc.metadata["title"] == title
    assert doc.metadata["period"] == period


@pytest.mark.parametrize("closing, name, title", [
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An", "Nguyễn Văn An", "Phó Chủ tịch"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n(Đã ký)\n\nTrần Thị Bình", "Trần Thị Bình", "Chủ tịch"),
    ("GIÁM ĐỐC\n\n\n\nLê Văn Cường", "Lê Văn Cường", "Giám đốc"),
    ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", None, "Phó Chủ tịch"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nPhạm Minh Đức", "Phạm Minh Đức", "Phó Giám đốc"),
], ids=["kt-deputy", "tm-body-signed", "director", "one-line-no-name", "deputy-director"])
def test_signer(closing, name, title):
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2024\n\nI. MỤC TIÊU\nNội dung.\n\n"
            f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n{closing}\n")
    assert extract_document(text).metadata["signer"] == {"name": name, "title": title}


def test_news_article_has_no_administrative_metadata():
    text = ("Tỉnh X phê duyệt kế hoạch chuyển đổi số năm 2024\n\n1/17/2024 3:17:31 PM\n\n"
            "Vừa qua, UBND tỉnh đã ban hành Quyết định số 12/QĐ-UBND về việc phê duyệt kế hoạch.\n\nPhóng viên\n")
    meta = extract_document(text).metadata
    assert meta["doc_type"] is None and meta["number"] is None and meta["signer"] is None
    assert meta["title"] == "Tỉnh X phê duyệt kế hoạch chuyển đổi số năm 2024"
    assert meta["issued_date"] == "2024-01-17"


def test_metadata_spans_point_at_their_source():
    doc = header_doc(number_line="Số: 16 /KH-STTTT")
    spans = doc.metadata["spans"]
    assert doc.original[spans["number"]["start"]:spans["number"]["end"]] == "16 /KH-STTTT"
    assert doc.original[spans["place"]["start"]:spans["place"]["end"]] == "Ninh Bình"
    assert doc.original[spans["title"]["start"]:spans["title"]["end"]] == \
        "Triển khai ứng dụng công nghệ thông tin năm 2024"


@pytest.mark.parametrize("line, doc_type", [
    ("KẾ HOẠCH", "Kế hoạch"),
    ("KÉ HOẠCH", "Kế hoạch"),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Chương trình"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("PHƯƠNG ÁN", "Phương án"),
    ("KH", None),
    ("Kế hoạch triển khai", None),
], ids=["plan", "ocr-plan", "action-programme", "decision", "scheme", "code-only", "sentence-case"])
def test_type_line(line, doc_type):
    from pipeline.segment import doc_type_of_line
    assert doc_type_of_line(line) == doc_type


def test_signer_with_recipients_read_between_its_lines():
    """OCR reads the recipients and the signature, side by side on the page, row
    by row: the recipient lines between the positions and the name are skipped."""
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2024\n\nI. MỤC TIÊU\nNội dung.\n\n"
            "Nơi nhận:\n- Như Điều 3;\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n- TT. Tỉnh uỷ, HĐND tỉnh;\n"
            "PHÓ CHỦ TỊCH\n- Các sở, ban, ngành;\n- UBND các xã, phường;\nNguyễn Thế An\n- Lưu: VT, TH.\n")
    doc = extract_document(text)
    assert doc.metadata["signer"] == {"name": "Nguyễn Thế An", "title": "Phó Chủ tịch"}

"""Tests for the citation and legal-basis extractor (pipeline/extract/citations.py).

Most cases run the extractor alone on a Document built from the text (no
normalize stage), so they test this module's patterns; a few run the whole
pipeline (Markdown input, the corpus).
"""
from __future__ import annotations

import json

import pytest
import regex

from pipeline.document import Document
from pipeline.extract import citations
from pipeline.extract.citations import normalize_number

from .conftest import unmark


def run(text: str, **metadata) -> Document:
    doc = Document(original=text)
    doc.metadata.update(metadata)
    citations.extract(doc)
    return doc


def only(doc: Document):
    assert len(doc.citations) == 1, [c.number for c in doc.citations]
    return doc.citations[0]


# -- one citation: type, number, date, issuer, subject ------------------------------

FORMS = [
    # id, text, expected (doc_type, number, issued_date, issuer, subject)
    ("nghi-dinh-full",
     "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin;",
     ("Nghị định", "64/2007/NĐ-CP", "2007-04-10", "Chính phủ", "ứng dụng công nghệ thông tin")),
    ("no-so",
     "Căn cứ Nghị định 102/2009/NĐ-CP ngày 06/11/2009 của Chính phủ về việc quản lý đầu tư;",
     ("Nghị định", "102/2009/NĐ-CP", "2009-11-06", "Chính phủ", "quản lý đầu tư")),
    ("luat-with-name",
     "Căn cứ Luật Công nghệ thông tin số 67/2006/QH11 ngày 29/6/2006;",
     ("Luật", "67/2006/QH11", "2006-06-29", None, None)),
    ("bo-luat",
     "Căn cứ Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019;",
     ("Bộ luật", "45/2019/QH14", "2019-11-20", None, None)),
    ("phap-lenh",
     "Căn cứ Pháp lệnh Ưu đãi người có công số 26/2005/PL-UBTVQH11 ngày 29/6/2005;",
     ("Pháp lệnh", "26/2005/PL-UBTVQH11", "2005-06-29", None, None)),
    ("nghi-quyet-lien-tich",
     "Căn cứ Nghị quyết liên tịch số 09/2008/NQLT-BVHTTDL-UBTWMTTQVN ngày 02/12/2008 về hướng dẫn phối hợp;",
     ("Nghị quyết liên tịch", "09/2008/NQLT-BVHTTDL-UBTWMTTQVN", "2008-12-02", None, "hướng dẫn phối hợp")),
    ("thong-tu-lien-tich",
     "Căn cứ Thông tư liên tịch số 142/2010/TTLT-BTC-BTTTT ngày 22/9/2010 của Bộ Tài chính và Bộ Thông tin"
     " và Truyền thông về việc hướng dẫn quản lý kinh phí;",
     ("Thông tư liên tịch", "142/2010/TTLT-BTC-BTTTT", "2010-09-22",
      "Bộ Tài chính và Bộ Thông tin và Truyền thông", "hướng dẫn quản lý kinh phí")),
    ("thong-tu-lien-tich-tt-code",
     "- Thông tư liên tịch số 43/2008/TT-BTC-BTTTT ngày 26/5/2008 của Bộ Tài chính Bộ Thông tin và Truyền thông"
     " hướng dẫn việc quản lý;",
     ("Thông tư liên tịch", "43/2008/TT-BTC-BTTTT", "2008-05-26",
      "Bộ Tài chính, Bộ Thông tin và Truyền thông", "hướng dẫn việc quản lý")),
    ("thong-tu-ban-hanh",
     "- Thông tư số 41/2009/TT-BTTTT ngày 30 tháng 12 năm 2009 của Bộ Thông tin và Truyền thông ban hành"
     " Danh mục các sản phẩm PMNM;",
     ("Thông tư", "41/2009/TT-BTTTT", "2009-12-30", "Bộ Thông tin và Truyền thông",
      "ban hành Danh mục các sản phẩm PMNM")),
    ("nghi-quyet-hdnd",
     "- Nghị quyết số 13/2006/NQ-HĐND ngày 08/12/2006 của HĐND tỉnh thông qua Quy hoạch phát triển;",
     ("Nghị quyết", "13/2006/NQ-HĐND", "2006-12-08", "HĐND tỉnh", "thông qua Quy hoạch phát triển")),
    ("quyet-dinh-ubnd-dash-spaces",
     "UBND tỉnh đã ban hành Quyết định số 2770/QĐ – UBND về việc phê duyệt kế hoạch ứng dụng CNTT.",
     ("Quyết định", "2770/QĐ-UBND", None, None, "phê duyệt kế hoạch ứng dụng CNTT")),
    ("ke-hoach-space-before-slash",
     "Thực hiện Kế hoạch số 16 /KH-STTTT ngày 15/12/2010 của Sở Thông tin và Truyền thông;",
     ("Kế hoạch", "16/KH-STTTT", "2010-12-15", "Sở Thông tin và Truyền thông", None)),
    ("cong-van-vv-abbrev-issuer",
     "Căn cứ Công văn số 1178/BTTTT-THH ngày 21/4/2015 của Bộ TT&TT V/v ban hành Khung Kiến trúc;",
     ("Công văn", "1178/BTTTT-THH", "2015-04-21", "Bộ Thông tin và Truyền thông", "ban hành Khung Kiến trúc")),
    ("van-ban",
     "Căn cứ Văn bản số 2634/BTTTT-THH ngày17/8/2015 của Bộ Thông tin và Truyền thông về việc hướng dẫn xây dựng"
     " kế hoạch.",
     ("Văn bản", "2634/BTTTT-THH", "2015-08-17", "Bộ Thông tin và Truyền thông", "hướng dẫn xây dựng kế hoạch")),
    ("party-nghi-quyet",
     "- Nghị quyết số 16-NQ/TU ngày 30/12/2013 của Ban chấp hành Đảng bộ tỉnh về đẩy mạnh ứng dụng CNTT.",
     ("Nghị quyết", "16-NQ/TU", "2013-12-30", "Ban chấp hành Đảng bộ tỉnh", "đẩy mạnh ứng dụng CNTT")),
    ("party-chuong-trinh",
     "- Chương trình số 138-CTr/TU ngày 20/4/2015 của Ban chấp hành Đảng bộ tỉnh thực hiện kết luận;",
     ("Chương trình", "138-CTr/TU", "2015-04-20", "Ban chấp hành Đảng bộ tỉnh", "thực hiện kết luận")),
    ("chuong-trinh-hanh-dong",
     "- Chương trình hành động số 59/CTr-UBND ngày 08/04/2014 của UBND tỉnh Hà Giang về việc thực hiện nghị quyết;",
     ("Chương trình", "59/CTr-UBND", "2014-04-08", "UBND tỉnh Hà Giang", "thực hiện nghị quyết")),
    ("ket-luan",
     "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng về đẩy mạnh xây dựng Đảng;",
     ("Kết luận", "21-KL/TW", "2021-10-25", "Ban Chấp hành Trung ương Đảng", "đẩy mạnh xây dựng Đảng")),
    ("chi-thi-state-tw",
     "- Chỉ thị số 58/CT-TW ngày 17/10/2000 của Bộ Chính trị về đẩy mạnh ứng dụng CNTT;",
     ("Chỉ thị", "58/CT-TW", "2000-10-17", "Bộ Chính trị", "đẩy mạnh ứng dụng CNTT")),
    ("date-merged-cua",
     "Căn cứ Chỉ thị số 22/CT-TTg ngày 05/8/2014của Thủ tướng Chính phủ về việc xây dựng Kế hoạch 5 năm;",
     ("Chỉ thị", "22/CT-TTg", "2014-08-05", "Thủ tướng Chính phủ", "xây dựng Kế hoạch 5 năm")),
    ("ve-viec-merged",
     "Căn cứ Chỉ thị số 23/CT-TTg ngày 05/8/2014 của Thủ tướng Chính phủ vềviệc lập kế hoạch đầu tư công;",
     ("Chỉ thị", "23/CT-TTg", "2014-08-05", "Thủ tướng Chính phủ", "lập kế hoạch đầu tư công")),
    ("date-leading-zeros",
     "Căn cứ Kế hoạch số 06/KH-STTTT ngày 06/05/2010 của Sở Thông tin và Truyền thông về việc phân bổ kinh phí.",
     ("Kế hoạch", "06/KH-STTTT", "2010-05-06", "Sở Thông tin và Truyền thông", "phân bổ kinh phí")),
    ("date-worded",
     "- Công văn số 1750/BTTTT-CNTT ngày 09 tháng 7 năm 2012 của Bộ Thông tin và Truyền thông về việc hướng dẫn;",
     ("Công văn", "1750/BTTTT-CNTT", "2012-07-09", "Bộ Thông tin và Truyền thông", "hướng dẫn")),
    ("date-impossible",
     "Căn cứ Luật công nghệ thông tin số 67/2006/QH11 ngày 29/6/206;",
     ("Luật", "67/2006/QH11", None, None, None)),
    ("quy-dinh-ve-viec",
     "- Quyết định số 169/2006/QĐ-TTg ngày 17 tháng 7 năm 2006 của Thủ tướng Chính phủ quy định về việc đầu tư;",
     ("Quyết định", "169/2006/QĐ-TTg", "2006-07-17", "Thủ tướng Chính phủ", "đầu tư")),
    ("issuer-before-date",
     "Căn cứ Quyết định số 12/QĐ-UBND của UBND tỉnh Lào Cai ngày 3/1/2020 về việc giao dự toán;",
     ("Quyết định", "12/QĐ-UBND", "2020-01-03", "UBND tỉnh Lào Cai", "giao dự toán")),
    ("ocr-dropped-letter",
     "Căn cứ Nghđịnh 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng CNTT;",
     ("Nghị định", "64/2007/NĐ-CP", "2007-04-10", "Chính phủ", "ứng dụng CNTT")),
    ("ocr-no-marks",
     "Can cu Nghi dinh so 64/2007/NĐ-CP ngày 10/4/2007;",
     ("Nghị định", "64/2007/NĐ-CP", "2007-04-10", None, None)),
    ("ocr-tone",
     "Căn cứ Quyét định số 50/2009/QĐ-TTg ngày 03/4/2009 của Thủ tướng Chính phủ;",
     ("Quyết định", "50/2009/QĐ-TTg", "2009-04-03", "Thủ tướng Chính phủ", None)),
    ("upper-case-type",
     "CĂN CỨ NGHỊ QUYẾT SỐ 26/NQ-CP NGÀY 15/4/2015 CỦA CHÍNH PHỦ",
     ("Nghị quyết", "26/NQ-CP", None, None, None)),
    ("bare-symbol-typed-from-code",
     "Đào tạo chuẩn kỹ năng cơ bản theo 03/2014/TT-BTTTT (Mỗi năm 4 lớp)",
     ("Thông tư", "03/2014/TT-BTTTT", None, None, None)),
    ("bare-law-symbol",
     "theo quy định tại 67/2006/QH11 về công nghệ thông tin",
     ("Luật", "67/2006/QH11", None, None, "công nghệ thông tin")),
    ("abbreviated-type-word",
     "theo QĐ số 1819/QĐ-TTg ngày 26/10/2015 của Thủ tướng Chính phủ",
     ("Quyết định", "1819/QĐ-TTg", "2015-10-26", "Thủ tướng Chính phủ", None)),
    ("split-code",
     "theo Thông tư 11/2015/TT-B TTTT (Mỗi năm 2 lớp)",
     ("Thông tư", "11/2015/TT-BTTTT", None, None, None)),
    ("run-on-so",
     "thực hiện Nghị quyết số36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy mạnh ứng dụng CNTT;",
     ("Nghị quyết", "36-NQ/TW", "2014-07-01", "Bộ Chính trị", "đẩy mạnh ứng dụng CNTT")),
    ("symbol-run-on-word",
     "thực hiện nghị quyết số 16-NQ/TUngày 30/12/2013 của Tỉnh ủy về đẩy mạnh ứng dụng.",
     ("Nghị quyết", "16-NQ/TU", "2013-12-30", "Tỉnh ủy", "đẩy mạnh ứng dụng")),
    ("line-break-in-number",
     "Căn cứ Nghị quyết số 57-\nNQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học;",
     ("Nghị quyết", "57-NQ/TW", "2024-12-22", "Bộ Chính trị", "đột phá phát triển khoa học")),
    ("line-break-after-so",
     "Căn cứ Nghị quyết số\n57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học;",
     ("Nghị quyết", "57-NQ/TW", "2024-12-22", "Bộ Chính trị", "đột phá phát triển khoa học")),
    ("issuer-run-on-cut",
     "- Kết quả thực hiện Chỉ thị số 07/2008/CT-BTTTT của Bộ Thông tin và Truyền thông thể hiện qua các chỉ tiêu.",
     ("Chỉ thị", "07/2008/CT-BTTTT", None, "Bộ Thông tin và Truyền thông", None)),
    ("issuer-hard-wrapped",
     "Căn cứ Thông tư số 03/2014/TT-BTTTT ngày 11/3/2014 của Bộ Thông tin và\nTruyền thông quy định Chuẩn kỹ"
     " năng sử dụng CNTT;",
     ("Thông tư", "03/2014/TT-BTTTT", "2014-03-11", "Bộ Thông tin và Truyền thông",
      "quy định Chuẩn kỹ năng sử dụng CNTT")),
    ("ban-hanh-ngay",
     "theo Quyết định số 12/QĐ-UBND ban hành ngày 03/02/2020 của UBND huyện về việc giao vốn.",
     ("Quyết định", "12/QĐ-UBND", "2020-02-03", "UBND huyện", "giao vốn")),
    ("issuer-then-type-word",
     "Căn cứ Quyết định số 1819/QĐ-TTg ngày 26/10/2015 của Thủ tướng Chính phủ Chương trình quốc gia về ứng"
     " dụng CNTT;",
     ("Quyết định", "1819/QĐ-TTg", "2015-10-26", "Thủ tướng Chính phủ", "Chương trình quốc gia về ứng dụng CNTT")),
    ("short-name-after-subject",
     "Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển dữ liệu"
     " dân cư (Đề án 06);",
     ("Quyết định", "06/QĐ-TTg", "2022-01-06", "Thủ tướng Chính phủ", "phê duyệt Đề án phát triển dữ liệu dân cư")),
    ("to-trinh",
     "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 12/3/2021.",
     ("Tờ trình", "125/TTr-SNV", "2021-03-12", "Sở Nội vụ", None)),
    ("thong-bao",
     "Thực hiện Thông báo số 123/TB-VPCP ngày 05/5/2020 của Văn phòng Chính phủ về ý kiến kết luận;",
     ("Thông báo", "123/TB-VPCP", "2020-05-05", "Văn phòng Chính phủ", "ý kiến kết luận")),
    ("huong-dan-party",
     "Căn cứ Hướng dẫn số 12-HD/BTGTW ngày 10/3/2019 của Ban Tuyên giáo Trung ương về tuyên truyền;",
     ("Hướng dẫn", "12-HD/BTGTW", "2019-03-10", "Ban Tuyên giáo Trung ương", "tuyên truyền")),
    ("thong-bao-ket-luan",
     "Thực hiện Thông báo kết luận số 123-TB/TU ngày 05/5/2020 của Ban Thường vụ Tỉnh ủy về chuyển đổi số;",
     ("Thông báo", "123-TB/TU", "2020-05-05", "Ban Thường vụ Tỉnh ủy", "chuyển đổi số")),
    ("de-an",
     "Căn cứ Đề án số 06/ĐA-UBND ngày 10/01/2022 của UBND tỉnh Nam Định về chuyển đổi số;",
     ("Đề án", "06/ĐA-UBND", "2022-01-10", "UBND tỉnh Nam Định", "chuyển đổi số")),
    ("quy-dinh-party-qd-code",
     "Thực hiện Quy định số 105-QĐ/TW ngày 19/12/2017 của Ban Chấp hành Trung ương về phân cấp quản lý;",
     ("Quy định", "105-QĐ/TW", "2017-12-19", "Ban Chấp hành Trung ương", "phân cấp quản lý")),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in FORMS])
def test_citation_fields(text, expected):
    c = only(run(text))
    assert (c.doc_type, c.number, c.issued_date, c.issuer, c.subject) == expected


# -- several documents in one clause --------------------------------------------------

MULTI = [
    ("shared-type-list",
     "- Quyết định số 169/2006/QĐ-TTg, 223/2006/QĐ-TTg của Thủ tướng Chính phủ về việc đầu tư;",
     [("Quyết định", "169/2006/QĐ-TTg", "Thủ tướng Chính phủ"), ("Quyết định", "223/2006/QĐ-TTg", "Thủ tướng Chính phủ")]),
    ("two-joined-by-va",
     "- Quyết định số 169/2006/QĐ-TTg ngày 17 tháng 7 năm 2006 và Quyết định số 223/2006/QĐ-TTg ngày 04 tháng 10"
     " năm 2006 của Thủ tướng Chính phủ quy định về việc đầu tư;",
     [("Quyết định", "169/2006/QĐ-TTg", "Thủ tướng Chính phủ"), ("Quyết định", "223/2006/QĐ-TTg", "Thủ tướng Chính phủ")]),
    ("two-joined-by-semicolon",
     "Căn cứ Chỉ thị số 22/CT-TTg ngày 05/8/2014 của Thủ tướng Chính phủ về việc A; Chỉ thị số 23/CT-TTg ngày"
     " 05/8/2014 của Thủ tướng Chính phủ về việc B;",
     [("Chỉ thị", "22/CT-TTg", "Thủ tướng Chính phủ"), ("Chỉ thị", "23/CT-TTg", "Thủ tướng Chính phủ")]),
    # from a real plan's preamble: a list of bare "số" symbols sharing one type word
    ("bare-so-list",
     "Căn cứ Các Công điện: số 007/CĐ-UBND ngày 17/11/2025, số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025;",
     [("Công điện", "007/CĐ-UBND", None), ("Công điện", "008/CĐ-UBND", None), ("Công điện", "009/CĐ-UBND", None)]),
    # a bare "số" item after a document named inside the previous item's subject
    ("bare-so-list-after-nested",
     "Căn cứ các Nghị định của Chính phủ (Số 37/2019/NĐ-CP ngày 07/5/2019, số 58/2023/NĐ-CP ngày 12/8/2023 sửa"
     " đổi một số điều của Nghị định số 37/2019/NĐ-CP và số 22/2025/NĐ-CP ngày 11/02/2025 sửa đổi);",
     [("Nghị định", "37/2019/NĐ-CP", None), ("Nghị định", "58/2023/NĐ-CP", None),
      ("Nghị định", "37/2019/NĐ-CP", None), ("Nghị định", "22/2025/NĐ-CP", None)]),
    ("amended-by",
     "Căn cứ Quyết định số 650/QĐ-LĐTBXH ngày 21/7/2022 (được điều chỉnh bổ sung bởi Quyết định số"
     " 128/QĐ-LĐTBXH ngày 17/3/2023), phê duyệt Kế hoạch truyền thông;",
     [("Quyết định", "650/QĐ-LĐTBXH", None), ("Quyết định", "128/QĐ-LĐTBXH", None)]),
    ("two-laws-comma",
     "- Luật Công nghệ thông tin số 67/2006/QH11 ngày 29/6/2006, Luật Giao dịch điện tử số 51/2005/QH11 ngày"
     " 29/11/2005;",
     [("Luật", "67/2006/QH11", None), ("Luật", "51/2005/QH11", None)]),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in MULTI])
def test_several_in_one_clause(text, expected):
    doc = run("I. CĂN CỨ PHÁP LÝ\n" + text)
    assert [(c.doc_type, c.number, c.issuer) for c in doc.citations] == expected
    basis = list(dict.fromkeys(n for _, n, _ in expected))      # a document named twice is one entry
    assert [c.number for c in doc.legal_basis] == basis


def test_shared_subject_and_own_dates():
    doc = run("- Quyết định số 169/2006/QĐ-TTg ngày 17 tháng 7 năm 2006 và Quyết định số 223/2006/QĐ-TTg"
              " ngày 04 tháng 10 năm 2006 của Thủ tướng Chính phủ quy định về việc đầu tư, mua sắm;")
    a, b = doc.citations
    assert (a.issued_date, b.issued_date) == ("2006-07-17", "2006-10-04")
    assert a.subject == b.subject == "đầu tư, mua sắm"


def test_codes_that_lost_their_d_bar():
    doc = run("theo 50/2009/QD-TTg; theo 64/2007/ND-CP")
    assert [(c.doc_type, c.number) for c in doc.citations] == [
        ("Quyết định", "50/2009/QD-TTg"), ("Nghị định", "64/2007/ND-CP")]


def test_no_sharing_between_different_issuers():
    doc = run("Triển khai Quyết định số 749/QĐ-TTg và Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ"
              " về quản lý dữ liệu.")
    a, b = doc.citations
    assert (a.issuer, a.subject) == (None, None)
    assert (b.issuer, b.subject) == ("Chính phủ", "quản lý dữ liệu")


def test_two_in_one_line_subject_stops_at_sibling():
    doc = run("CÁC CĂN CỨ PHÁP LÝ\n- Công văn số 491/BTTTT-UDCNTT ngày 25/02/2010 của Bộ TT&TT về việc xây dựng Kế hoạch giai đoạn"
              " 2011-2015, Công văn số 3365/BTTTT-UDCNTT ngày 08/10/2010 của Bộ Thông tin và Truyền thông về việc"
              " thẩm định kế hoạch;")
    a, b = doc.legal_basis
    assert a.subject == "xây dựng Kế hoạch giai đoạn 2011-2015"
    assert b.subject == "thẩm định kế hoạch"
    assert a.issuer == b.issuer == "Bộ Thông tin và Truyền thông"


# -- legal basis: where it stands, what is not in it -----------------------------------

LEGAL_BASIS = [
    ("preamble-can-cu",
     "KẾ HOẠCH\nCăn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;\n"
     "Căn cứ Quyết định số 50/2009/QĐ-TTg ngày 03/4/2009 của Thủ tướng Chính phủ;\n"
     "I. MỤC TIÊU\n1. Thực hiện Quyết định số 48/2009/QĐ-TTg ngày 31/3/2009.\n",
     ["64/2007/NĐ-CP", "50/2009/QĐ-TTg"]),
    ("preamble-after-capital-title",
     "PHƯƠNG ÁN\nCHUYỂN ĐỔI SỐ NĂM 2022\nCăn cứ Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ;\n"
     "MỤC TIÊU\n- Thực hiện Quyết định số 9/QĐ-UBND ngày 1/2/2021.\nI. NHIỆM VỤ\n",
     ["47/2020/NĐ-CP"]),
    ("preamble-thuc-hien",
     "Thực hiện Kế hoạch số 123/KH-UBND ngày 10/3/2021 của UBND tỉnh về chuyển đổi số, Sở Thông tin và Truyền"
     " thông xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH\nTriển khai Quyết định số 9/QĐ-UBND ngày 1/2/2021.\n",
     ["123/KH-UBND"]),
    ("preamble-trien-khai-thuc-hien",
     "Triển khai thực hiện Chương trình số 45-CTr/TU ngày 10/3/2021 của Tỉnh ủy về chuyển đổi số;\n"
     "I. MỤC ĐÍCH\n",
     ["45-CTr/TU"]),
    ("preamble-to-trinh",
     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
     "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số 15/TTr-STTTT ngày 2/3/2020.\n"
     "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch số 20/KH-UBND.\n",
     ["15/TTr-STTTT"]),
    ("unnumbered-heading",
     "CĂN CỨ LẬP KẾ HOẠCH.\n\nCăn cứ Luật giao dịch điện tử số 51/2005/QH11 ngày 29/11/2005;\n\n"
     "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n\nI. HIỆN TRẠNG\n\n"
     "- Nghị quyết số 16-NQ/TU ngày 30/12/2013 của Ban chấp hành Đảng bộ tỉnh.\n",
     ["51/2005/QH11"]),
    ("unnumbered-heading-closed-by-capitals",
     "CĂN CỨ PHÁP LÝ\n- Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ;\nMỤC TIÊU KẾ HOẠCH\n"
     "- Hoàn thành Kế hoạch số 5/KH-UBND ngày 1/2/2020.\n",
     ["47/2020/NĐ-CP"]),
    ("numbered-heading-bullets",
     "I. CÁC CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH\n- Chỉ thị số 07/2008/CT-BTTTT ngày 30/12/2008 của Bộ Thông tin"
     " và Truyền thông về đẩy mạnh sử dụng PMNM;\n- Thông tư số 41/2009/TT-BTTTT ngày 30/12/2009 của Bộ"
     " Thông tin và Truyền thông ban hành Danh mục;\nII. HIỆN TRẠNG\n- Thông tư 19/2011/TT-BTTTT về định dạng.\n",
     ["07/2008/CT-BTTTT", "41/2009/TT-BTTTT"]),
    ("numbered-items-in-section",
     "I. CĂN CỨ PHÁP LÝ\n1. Luật Công nghệ thông tin số 67/2006/QH11 ngày 29/6/2006;\n"
     "2. Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;\nII. MỤC TIÊU\n1. Quyết định số 1/QĐ-TTg.\n",
     ["67/2006/QH11", "64/2007/NĐ-CP"]),
    ("nested-in-subject-not-legal-basis",
     "Căn cứ Nghị quyết số 26/NQ-CP ngày 15/4/2015của Chính phủ về việc ban hành Chương trình hành động của"
     " Chính phủ thực hiệnNghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy mạnh ứng dụng;\n",
     ["26/NQ-CP"]),
    ("nested-chain-not-legal-basis",
     "Căn cứ Quyết định số 2187/QĐ-TTg ngày 24/12/2009 của Thủ tướng Chính phủ Về việc hỗ trợ kinh phí thực"
     " hiện Quyết định số 50/2009/QĐ-TTg ngày 03/4/2009 và Quyết định số 48/2009/QĐ-TTg;\n",
     ["2187/QĐ-TTg"]),
    ("short-name-in-parentheses",
     "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ (sau đây gọi tắt là Nghị định số"
     " 64/2007/NĐ-CP) về ứng dụng CNTT;\n",
     ["64/2007/NĐ-CP"]),
    ("repeated-document-once",
     "Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ;\n"
     "Căn cứ Nghị định 64/2007/NĐ-CP ngày 10/4/2007 về ứng dụng CNTT;\n",
     ["64/2007/NĐ-CP"]),
    ("line-without-document",
     "Căn cứ hiện trạng và nhu cầu ứng dụng công nghệ thông tin của tỉnh;\nI. MỤC TIÊU\n",
     []),
    ("hard-wrapped",
     "Căn cứ Nghị quyết số\n57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công\n"
     "nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;\nCăn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính"
     " phủ;\nI. MỤC TIÊU\n",
     ["57-NQ/TW", "71/NQ-CP"]),
    ("news-article-no-legal-basis",
     "Vừa qua, UBND tỉnh Lâm Đồng đã ban hành Quyết định số 2770/QĐ – UBND về việc phê duyệt kế hoạch.\n",
     []),
    ("plan-cites-itself",
     "Số: 167/KH-UBND\nCăn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007;\nI. MỤC TIÊU\n"
     "(Ban hành kèm theo Kế hoạch số 167/KH-UBND ngày 26 tháng 10 năm 2015)\n",
     ["64/2007/NĐ-CP"]),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in LEGAL_BASIS])
def test_legal_basis(text, expected):
    doc = run(text, number="167/KH-UBND")
    assert [c.number for c in doc.legal_basis if c.number] == expected


def test_nested_is_still_a_citation():
    doc = run("Căn cứ Nghị quyết số 26/NQ-CP ngày 15/4/2015 của Chính phủ về việc ban hành Chương trình hành"
              " động thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy mạnh ứng dụng;")
    assert [c.number for c in doc.citations] == ["26/NQ-CP", "36-NQ/TW"]
    outer, inner = doc.citations
    assert outer.subject.startswith("ban hành Chương trình hành động thực hiện Nghị quyết số 36-NQ/TW")
    assert (inner.issuer, inner.subject) == ("Bộ Chính trị", "đẩy mạnh ứng dụng")


DECISION_ISSUING_A_PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
-------
Số: 123/QĐ-UBND
Quảng Ninh, ngày 20 tháng 01 năm 2021

QUYẾT ĐỊNH
Ban hành Kế hoạch ứng dụng công nghệ thông tin năm 2021

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông tin
trong hoạt động của cơ quan nhà nước;
Căn cứ Quyết định số 1819/QĐ-TTg ngày 26/10/2015 của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia;
Xét đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số 10/TTr-STTTT ngày 15/01/2021,

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ứng dụng công nghệ thông tin năm 2021.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.

KẾ HOẠCH
Ứng dụng công nghệ thông tin năm 2021
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 20/01/2021 của UBND tỉnh)

I. MỤC TIÊU
1. Triển khai Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về một số nhiệm vụ.
"""


def test_decision_issuing_a_plan_through_the_pipeline():
    from pipeline.runner import run_stages
    doc = run_stages(Document(original=DECISION_ISSUING_A_PLAN))
    assert [(c.doc_type, c.number, c.issuer) for c in doc.legal_basis] == [
        ("Luật", None, None),
        ("Nghị định", "64/2007/NĐ-CP", "Chính phủ"),
        ("Quyết định", "1819/QĐ-TTg", "Thủ tướng Chính phủ"),
        ("Tờ trình", "10/TTr-STTTT", "Sở Thông tin và Truyền thông"),
    ]
    assert doc.legal_basis[1].subject == "ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước"
    numbers = [c.number for c in doc.citations]
    assert "123/QĐ-UBND" not in numbers and "17/NQ-CP" in numbers


def test_preamble_with_a_numbered_list_of_documents():
    from pipeline.runner import run_stages
    text = ("KẾ HOẠCH\nChuyển đổi số năm 2022\n\nCăn cứ các văn bản sau:\n"
            "1. Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ về quản lý dữ liệu;\n"
            "2. Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình;\n\n"
            "I. MỤC TIÊU\n1. Mục tiêu chung\nThực hiện Quyết định số 942/QĐ-TTg ngày 15/6/2021.\n")
    doc = run_stages(Document(original=text))
    assert [c.number for c in doc.legal_basis] == ["47/2020/NĐ-CP", "749/QĐ-TTg"]


def test_long_thuc_hien_sentence():
    text = ("Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, chính sách"
            " chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư; Quyết định số 749/QĐ-TTg ngày 03/6/2020 của"
            " Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia; Nghị quyết số 09-NQ/TU ngày"
            " 05/02/2022 của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số toàn diện, Ủy ban nhân dân tỉnh ban hành"
            " Kế hoạch chuyển đổi số năm 2022 như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n")
    doc = run(text)
    assert [c.number for c in doc.legal_basis] == ["52-NQ/TW", "749/QĐ-TTg", "09-NQ/TU"]
    assert doc.legal_basis[0].subject == ("một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công"
                                          " nghiệp lần thứ tư")
    assert doc.legal_basis[2].subject == "chuyển đổi số toàn diện"


def test_only_the_named_sub_part_of_a_split_legal_basis_part():
    text = ("I. SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG KẾ HOẠCH\n1. Sự cần thiết\nNăm 2020 tỉnh đã thực hiện"
            " Kế hoạch số 5/KH-UBND ngày 1/2/2020 đạt kết quả tốt.\n2. Căn cứ xây dựng kế hoạch\n"
            "- Nghị định số 47/2020/NĐ-CP ngày 09/4/2020 của Chính phủ;\nII. MỤC TIÊU\n")
    from pipeline.runner import run_stages
    doc = run_stages(Document(original=text))
    assert [c.number for c in doc.legal_basis] == ["47/2020/NĐ-CP"]


def test_law_without_number():
    doc = run("Căn cứ Luật Thủy sản năm 2017;\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm"
              " 2015;\nI. MỤC TIÊU\nTuyên truyền Luật Giao dịch điện tử; Luật Sở hữu trí tuệ.\n")
    assert [(c.doc_type, c.number, c.name, c.issued_date) for c in doc.citations] == [
        ("Luật", None, "Thủy sản", None),
        ("Luật", None, "Tổ chức chính quyền địa phương", "2015-06-19"),
    ]
    assert len(doc.legal_basis) == 2


# -- issuer --------------------------------------------------------------------------

ISSUERS = [
    ("kept-as-printed", "Căn cứ Kế hoạch số 80/KH-UBND ngày 10/6/2009 của UBND thành phố Hà Nội về ứng dụng CNTT;",
     {"place": "Hà Nội", "issuer": "Ủy ban nhân dân thành phố Hà Nội"}, "UBND thành phố Hà Nội"),
    ("elided-province-completed",
     "- Nghị quyết số 13/2006/NQ-HDND ngày 08/12/2006 của HĐND tỉnh thông qua Quy hoạch;",
     {"place": "Bắc Giang", "issuer": "Ủy ban nhân dân tỉnh Bắc Giang"}, "Hội đồng nhân dân tỉnh Bắc Giang"),
    ("elided-full-words-completed",
     "- Nghị quyết số 16-NQ/TU ngày 30/12/2013 của Ban chấp hành Đảng bộ tỉnh về đẩy mạnh ứng dụng CNTT;",
     {"place": "Hà Giang", "issuer": "Ủy ban nhân dân tỉnh Hà Giang"}, "Ban chấp hành Đảng bộ tỉnh Hà Giang"),
    ("elided-city",
     "Căn cứ Quyết định số 4645/QĐ-UBND ngày 06/10/2011 của UBND Thành phố về việc phê duyệt Chương trình;",
     {"place": "Hà Nội", "issuer": "Ủy ban nhân dân thành phố Hà Nội"}, "Ủy ban nhân dân Thành phố Hà Nội"),
    ("elided-level-differs",
     "- Quyết định số 13/QĐ-UBND ngày 08/12/2016 của UBND tỉnh về việc giao vốn;",
     {"place": "Lục Ngạn", "issuer": "Ủy ban nhân dân huyện Lục Ngạn"}, "UBND tỉnh"),
    ("abbreviation-always", "Căn cứ Công văn số 1/BTTTT-THH ngày 1/2/2020 của Bộ TT&TT về việc A;", {},
     "Bộ Thông tin và Truyền thông"),
    ("duplicated-cua", "- Thông tư liên tịch số 142/2010/TTLT-BTC-BTTTT ngày 22 tháng 9 năm 2010 của của Bộ Tài"
     " chính, Bộ Thông tin và Truyền thông về hướng dẫn;", {}, "Bộ Tài chính, Bộ Thông tin và Truyền thông"),
    ("none-printed", "Căn cứ Luật giao dịch điện tử số 51/2005/QH11 ngày 29/11/2005;", {}, None),
]


@pytest.mark.parametrize("text, metadata, expected", [pytest.param(t, m, e, id=i) for i, t, m, e in ISSUERS])
def test_issuer(text, metadata, expected):
    assert only(run(text, **metadata)).issuer == expected


SYMBOL_ISSUERS = [
    ("nd-cp", "Nghị định 64/2007/NĐ-CP", "Chính phủ"),
    ("qd-ttg", "Quyết định 50/2009/QĐ-TTg", "Thủ tướng Chính phủ"),
    ("ct-ttg", "Chỉ thị 22/CT-TTg", "Thủ tướng Chính phủ"),
    ("qh", "Luật số 67/2006/QH11", "Quốc hội"),
    ("tt-btttt", "Thông tư 41/2009/TT-BTTTT", "Bộ Thông tin và Truyền thông"),
    ("ttlt", "Thông tư liên tịch 142/2010/TTLT-BTC-BTTTT", "Bộ Tài chính, Bộ Thông tin và Truyền thông"),
    ("cong-van", "Công văn 2634/BTTTT-THH", "Bộ Thông tin và Truyền thông"),
    ("ubnd-ambiguous", "Quyết định 2770/QĐ-UBND", None),
    ("party-tw-ambiguous", "Nghị quyết 36-NQ/TW", None),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in SYMBOL_ISSUERS])
def test_issuer_from_symbol(text, expected):
    c = only(run(text))
    assert c.issuer_from_symbol == expected
    assert c.issuer is None          # not printed: ISSUER_FROM_SYMBOL is off


def test_issuer_from_symbol_policy_switch(monkeypatch):
    monkeypatch.setattr(citations, "ISSUER_FROM_SYMBOL", True)
    assert only(run("Căn cứ Luật số 67/2006/QH11;")).issuer == "Quốc hội"


# -- checks: warnings with spans ------------------------------------------------------

WARNINGS = [
    ("type-conflict", "Căn cứ <0>Nghị định số 50/2009/QĐ-TTg</0> ngày 03/4/2009 của Thủ tướng Chính phủ;", {},
     "citation_type_conflict"),
    ("year-mismatch", "Căn cứ <0>Nghị định số 64/2007/NĐ-CP</0> ngày 10/4/2008 của Chính phủ;", {},
     "citation_year_mismatch"),
    ("after-plan-date", "Căn cứ <0>Quyết định số 9/QĐ-UBND</0> ngày 10/4/2021;", {"issued_date": "2021-01-05"},
     "citation_date_after_plan"),
    ("normative-without-year", "- <0>Nghị định 64/NĐ-CP</0> ngày 10/7/2007 của Chính phủ;", {},
     "citation_symbol_no_year"),
    ("impossible-date", "Căn cứ Luật công nghệ thông tin số 67/2006/QH11 <0>ngày 29/6/206</0>;", {},
     "citation_date_invalid"),
    ("partial-date", "Căn cứ Quyết định số 9/QĐ-UBND <0>ngày .../6/2015</0> của UBND tỉnh;", {},
     "citation_date_invalid"),
]


@pytest.mark.parametrize("marked, metadata, code", [pytest.param(t, m, c, id=i) for i, t, m, c in WARNINGS])
def test_warnings(marked, metadata, code):
    text, spans = unmark(marked)
    doc = run(text, **metadata)
    found = [w for w in doc.warnings if w.code == code]
    assert len(found) == 1, doc.warnings
    assert (found[0].span.start, found[0].span.end) == spans[0]


def test_type_conflict_follows_symbol():
    c = only(run("Căn cứ Nghị định số 50/2009/QĐ-TTg ngày 03/4/2009 của Thủ tướng Chính phủ;"))
    assert (c.doc_type, c.type_as_printed) == ("Quyết định", "Nghị định")


@pytest.mark.parametrize("text", [
    pytest.param("Căn cứ Thông tư liên tịch số 43/2008/TT-BTC-BTTTT ngày 26/5/2008;", id="joint-tt-code"),
    pytest.param("Thực hiện Quy định số 105-QĐ/TW ngày 19/12/2017;", id="party-quy-dinh-qd"),
    pytest.param("Căn cứ Văn bản số 2634/BTTTT-THH ngày 17/8/2015;", id="van-ban-no-code"),
    pytest.param("Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007;", id="clean"),
])
def test_no_false_warnings(text):
    assert run(text, issued_date="2020-01-01").warnings == []


# -- spans -------------------------------------------------------------------------------

SPANS = [
    ("full", "Căn cứ <0>Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng công nghệ thông"
     " tin trong hoạt động của cơ quan nhà nước</0>;"),
    ("two-siblings", "- <0>Quyết định số 169/2006/QĐ-TTg ngày 17 tháng 7 năm 2006</0> và <1>Quyết định số"
     " 223/2006/QĐ-TTg ngày 04 tháng 10 năm 2006 của Thủ tướng Chính phủ quy định về việc đầu tư</1>;"),
    ("semicolon-pair", "Căn cứ <0>Chỉ thị số 22/CT-TTg ngày 05/8/2014của Thủ tướng Chính phủ về việc A</0>;"
     " <1>Chỉ thị số 23/CT-TTg ngày 05/8/2014 của Thủ tướng Chính phủ về việc B</1>;"),
    ("bare", "theo <0>03/2014/TT-BTTTT</0> (Mỗi năm 4 lớp)"),
    ("law", "Căn cứ <0>Luật Công nghệ thông tin số 67/2006/QH11 ngày 29/6/2006</0>;"),
    ("sentence-end", "ban hành <0>Quyết định số 2770/QĐ – UBND về việc phê duyệt kế hoạch năm 2014</0>.Ảnh"
     " minh họa"),
]


@pytest.mark.parametrize("marked", [pytest.param(t, id=i) for i, t in SPANS])
def test_spans(marked):
    text, spans = unmark(marked)
    doc = run(text)
    got = sorted((c.span.start, c.span.end) for c in doc.citations)
    assert got == sorted(spans.values())
    for c in doc.citations:
        assert regex.sub(r"\s+", " ", text[c.span.start:c.span.end]) == c.text


def test_nested_span_inside_outer_span():
    text, spans = unmark("Căn cứ Nghị quyết số 26/NQ-CP ngày 15/4/2015 của Chính phủ về việc ban hành Chương"
                         " trình thực hiện <0>Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy"
                         " mạnh ứng dụng</0>;")
    outer, inner = run(text).citations
    assert (inner.span.start, inner.span.end) == spans[0]
    assert (outer.span.start, outer.span.end) == (len("Căn cứ "), spans[0][1])


def test_spans_through_markdown_and_repairs():
    """Through the whole normalize stage: emphasis marks removed, spans still on the original."""
    from pipeline.normalize import normalize
    text = "**I. CĂN CỨ**\n*Căn cứ Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng CNTT;*\n"
    doc = Document(original=text)
    normalize(doc)
    citations.extract(doc)
    c = only(doc)
    assert c.number == "64/2007/NĐ-CP" and c.subject == "ứng dụng CNTT"
    assert text[c.span.start:c.span.end] == "Nghị định số 64/2007/NĐ-CP ngày 10/4/2007 của Chính phủ về ứng dụng CNTT"
    assert [x.number for x in doc.legal_basis] == ["64/2007/NĐ-CP"]


def test_section_label_of_unnumbered_heading():
    doc = run("CĂN CỨ LẬP KẾ HOẠCH.\nCăn cứ Nghị định 64/2007/NĐ-CP ngày 10/4/2007;\nI. HIỆN TRẠNG\n")
    assert only(doc).section == "CĂN CỨ LẬP KẾ HOẠCH"


# -- small pieces ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    pytest.param("2770/QĐ – UBND", "2770/QĐ-UBND", id="en-dash"),
    pytest.param("16 /KH-STTTT", "16/KH-STTTT", id="space-slash"),
    pytest.param("57-\nNQ/TW", "57-NQ/TW", id="line-break"),
    pytest.param("07/2008/CT- BTTTT", "07/2008/CT-BTTTT", id="space-after-dash"),
])
def test_normalize_number(raw, expected):
    assert normalize_number(raw) == expected


@pytest.mark.parametrize("text", [
    pytest.param("ngày 10/4/2007 và 1/17/2014 3:17:31 PM", id="dates"),
    pytest.param("chỉ có khoảng 5,86% (16/273) phần mềm", id="fraction"),
    pytest.param("kết nối 218/230 UBND cấp xã", id="fraction-before-code"),
    pytest.param("giai đoạn 2016 - 2020; mức độ 3/4", id="ranges"),
])
def test_not_citations(text):
    assert run(text).citations == []


# -- the corpus -------------------------------------------------------------------------------

def test_corpus_spans_point_at_source(corpus_files):
    from pipeline.runner import run_stages
    for path in corpus_files:
        original = path.read_text(encoding="utf-8")
        doc = run_stages(Document(original=original, source_file=path.name))
        for c in doc.citations:
            source = original[c.span.start:c.span.end]
            if c.number:
                assert c.number.replace("-", "") in regex.sub(r"[\s\-–]", "", source), (path.name, c.number, source)
            assert c.text and source.strip() == source, (path.name, source)
        for c in doc.legal_basis:
            assert c in doc.citations


@pytest.mark.parametrize("stem, code", [
    pytest.param("000", "citation_type_conflict", id="000-nghi-dinh-50-2009-qd-ttg"),
    pytest.param("002", "citation_symbol_no_year", id="002-nghi-dinh-64-nd-cp"),
    pytest.param("003", "citation_date_invalid", id="003-luat-29-6-206"),
])
def test_corpus_warnings(corpus_files, stem, code):
    from pipeline.runner import run_stages
    path = next(p for p in corpus_files if p.name.startswith(stem))
    doc = run_stages(Document(original=path.read_text(encoding="utf-8")))
    assert any(w.code == code for w in doc.warnings)


def test_corpus_legal_basis_matches_gold(corpus_files):
    """Legal-basis numbers, in order, as the gold files list them."""
    from pipeline.runner import run_stages
    from .conftest import GOLD
    for path in corpus_files:
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        doc = run_stages(Document(original=path.read_text(encoding="utf-8")))
        got = [normalize_number(c.number) for c in doc.legal_basis if c.number]
        assert got == [normalize_number(g["number"]) for g in gold["legal_basis"] if g.get("number")], path.name


def test_doctests():
    import doctest
    from pipeline.extract import citation_patterns
    assert doctest.testmod(citations).failed == 0
    assert doctest.testmod(citation_patterns).failed == 0

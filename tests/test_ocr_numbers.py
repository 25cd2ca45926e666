"""Digits OCR read as letters (``pipeline/normalize/numbers.py``)."""
from __future__ import annotations

import doctest

from pipeline.ingest import document_from_text
from pipeline.normalize import normalize, numbers
from pipeline.runner import run_stages


def test_doctests():
    assert doctest.testmod(numbers).failed == 0


def test_misread_amount_in_a_table_cell_is_repaired_and_recorded():
    doc = document_from_text("2\tGiao ban điện tử\t2012\tS.000\tNgân sách tỉnh\n3\tCổng thông tin\t2014\t8:220\n")
    normalize(doc)
    assert doc.text.splitlines()[0].split("\t")[3] == "5.000"
    assert doc.text.splitlines()[1].split("\t")[3] == "8.220"
    repairs = [w for w in doc.warnings if w.code == "ocr_repair"]
    assert [doc.original[w.span.start:w.span.end] for w in repairs] == ["S.000", "8:220"]


def test_words_times_and_codes_are_left_alone():
    doc = document_from_text("Lúc 12:30 ngày 5.000 SOS QĐ-UBND ISO 9001 B52 là mã\n")
    normalize(doc)
    for printed in ("12:30", "5.000", "SOS", "QĐ-UBND", "ISO 9001", "B52"):
        assert printed in doc.text


def test_roman_row_number_read_as_letters_is_repaired_in_ocr_text_only():
    text = "H\tKinh phí phát triển hạ tầng\t14.500\nHI. TỔ CHỨC THỰC HIỆN\n"
    ocr = document_from_text(text)
    ocr.source_format = "pdf-ocr"
    normalize(ocr)
    assert ocr.text.startswith("II\tKinh phí") and "\nIII. TỔ CHỨC" in ocr.text
    typed = document_from_text(text)
    normalize(typed)
    assert typed.text.startswith("H\tKinh phí")


def test_roman_heading_number_read_partly_in_small_letters():
    ocr = document_from_text("VIII. DỰ KIẾN HIỆU QUẢ\nIx. TỔ CHỨC THỰC HIỆN\nVi. Về việc\n")
    ocr.source_format = "pdf-ocr"
    normalize(ocr)
    assert "\nIX. TỔ CHỨC" in ocr.text and "\nVi. Về" in ocr.text


def ocr_outline(text: str, source_format: str) -> list[tuple[str, str]]:
    doc = document_from_text("KẾ HOẠCH\nThử nghiệm năm 2024\n\n" + text)
    doc.source_format = source_format
    run_stages(doc)
    return [(s.label, s.title) for s in doc.flat_sections]


def test_a_roman_heading_that_lost_a_stroke_to_ocr_continues_the_outline():
    """"III." read as "II." between "II." and "IV.": in OCR'd text it is read as
    III (and recorded); in typed text a repeated number stays what it says."""
    text = "I. MỤC TIÊU\nNội dung.\nII. HIỆN TRẠNG\nNội dung.\nII. ĐÁNH GIÁ\nNội dung.\nIV. NHIỆM VỤ\n"
    assert ocr_outline(text, "pdf-ocr") == [
        ("I", "MỤC TIÊU"), ("II", "HIỆN TRẠNG"), ("III", "ĐÁNH GIÁ"), ("IV", "NHIỆM VỤ")]
    assert ("III", "ĐÁNH GIÁ") not in ocr_outline(text, "text")


def test_a_misread_stroke_never_opens_an_outline():
    text = "II. Phát triển hạ tầng\nII. Đào tạo\n"
    assert ocr_outline(text, "pdf-ocr") == ocr_outline(text, "text")


def test_a_roman_heading_number_that_lost_its_dot_to_ocr():
    text = "I. MỤC ĐÍCH\nNội dung.\nII MỤC TIÊU, ĐỐI TƯỢNG\nNội dung.\nIII. NHIỆM VỤ\nII Ban hành văn bản\n"
    assert ocr_outline(text, "pdf-ocr") == [
        ("I", "MỤC ĐÍCH"), ("II", "MỤC TIÊU, ĐỐI TƯỢNG"), ("III", "NHIỆM VỤ")]
    assert ("II", "MỤC TIÊU, ĐỐI TƯỢNG") not in ocr_outline(text, "text")


def test_a_roman_heading_number_garbled_into_no_number_is_read_by_its_strokes():
    text = "IL. HIỆN TRẠNG\nNội dung.\nIIL MỤC TIÊU\nNội dung.\nII. NỘI DUNG\nNội dung.\nIV. GIẢI PHÁP\n"
    assert ocr_outline(text, "pdf-ocr") == [
        ("I", "HIỆN TRẠNG"), ("II", "MỤC TIÊU"), ("III", "NỘI DUNG"), ("IV", "GIẢI PHÁP")]
    assert ("I", "HIỆN TRẠNG") not in ocr_outline(text, "text")


def test_an_issuer_code_ocr_misread_by_one_letter_is_set_right_in_ocr_text_only():
    text = "Số: 16/KH-STTTI\n\nBắc Giang, ngày 15 tháng 12 năm 2010\n\nKẾ HOẠCH\nTriển khai mã nguồn mở\n\nI. MỤC TIÊU\n"
    numbers = {}
    for source_format in ("pdf-ocr", "text"):
        doc = document_from_text(text)
        doc.source_format = source_format
        run_stages(doc)
        numbers[source_format] = (doc.metadata["number"], doc.metadata["issuer"])
    assert numbers["pdf-ocr"] == ("16/KH-STTTT", "Sở Thông tin và Truyền thông tỉnh Bắc Giang")
    assert numbers["text"] == ("16/KH-STTTI", None)

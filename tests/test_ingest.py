"""pipeline/ingest: file bytes -> Document with the original text, or IngestError."""
from __future__ import annotations

import codecs
import ctypes
import hashlib
import io
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline import extract
from pipeline.ingest import IngestError, document_from_text, read_document
from pipeline.normalize import normalize

TEXT = "Số: 16 /KH-STTTT\nBắc Giang, ngày 15 tháng 12 năm 2010\nKẾ HOẠCH\nỨng dụng công nghệ thông tin"
TEXT_CRLF = TEXT.replace("\n", "\r\n")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# (file bytes, the original text the Document must hold)
TEXT_CASES = [
    pytest.param(TEXT.encode("utf-8"), TEXT, id="utf8-lf"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, id="utf8-bom"),
    pytest.param(TEXT_CRLF.encode("utf-8"), TEXT_CRLF, id="utf8-crlf"),
    pytest.param(codecs.BOM_UTF8 + TEXT_CRLF.encode("utf-8"), TEXT_CRLF, id="utf8-bom-crlf"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT, id="utf16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, id="utf16-be-bom"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT_CRLF.encode("utf-16-le"), TEXT_CRLF, id="utf16-le-bom-crlf"),
]


@pytest.mark.parametrize("data, original", TEXT_CASES)
def test_text_file_decodes_to_original(tmp_path, data, original):
    doc = read_document(write(tmp_path, "plan.txt", data))
    assert doc.original == original                 # BOM dropped, line endings as the file has them
    assert "\ufeff" not in doc.original
    assert doc.source_format == "text"
    assert doc.source_file == "plan.txt"
    assert doc.pages is None and doc.page_starts == []
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [p.values[0] for p in TEXT_CASES], ids=[p.id for p in TEXT_CASES])
def test_every_encoding_normalizes_to_the_same_working_text(tmp_path, data):
    doc = read_document(write(tmp_path, "plan.txt", data))
    normalize(doc)
    assert doc.text == TEXT
    i = doc.text.index("ngày 15")
    span = doc.span(i, i + len("ngày 15"))
    assert doc.original[span.start:span.end] == "ngày 15"


def _cp1258_bytes(text: str) -> bytes:
    """Windows-1258 spells tone marks as combining characters after the base letter."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258_vietnamese_is_decoded(tmp_path):
    text = ("Ủy ban nhân dân tỉnh Bắc Giang ban hành Kế hoạch ứng dụng công nghệ thông tin "
            "trong hoạt động của cơ quan nhà nước, đẩy mạnh sử dụng phần mềm nguồn mở.\n"
            "Mục tiêu: nâng cao hiệu quả, chất lượng phục vụ người dân và doanh nghiệp.")
    data = _cp1258_bytes(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")                                   # the fallback is really exercised
    doc = read_document(write(tmp_path, "cp1258.txt", data))
    assert unicodedata.normalize("NFC", doc.original) == text
    normalize(doc)
    assert "Bắc Giang" in doc.text


# Regression: the "plausibly Vietnamese" count ran on the decoded text as
# Windows-1258 spells it (tone marks as combining characters), so no toned
# letter (ạ, ế, ủ ...) was counted and a paragraph with 27 Vietnamese-only
# letters scored 19 of the 21 needed and was refused as bad_encoding.
def test_windows_1258_one_paragraph_is_decoded(tmp_path):
    text = ("Ủy ban nhân dân tỉnh Bắc Giang ban hành Kế hoạch ứng dụng công nghệ thông tin "
            "trong hoạt động của cơ quan nhà nước, đẩy mạnh sử dụng phần mềm nguồn mở.")
    doc = read_document(write(tmp_path, "cp1258.txt", _cp1258_bytes(text)))
    assert unicodedata.normalize("NFC", doc.original) == text


# (file bytes, read_document keyword arguments, IngestError code)
ERROR_CASES = [
    pytest.param(b"", {}, "empty", id="empty-file"),
    pytest.param(b"  \r\n\t\n   \n", {}, "empty", id="whitespace-only"),
    pytest.param(codecs.BOM_UTF8 + b"\n\n", {}, "empty", id="bom-and-newlines-only"),
    pytest.param(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), {}, "binary", id="zip-binary"),
    # A PNG is an image to OCR now: a truncated one is a damaged image.
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}, "corrupt_image", id="png-truncated"),
    pytest.param(b"Quarterly report\n\x81\x8d\x90 \xc3\x28 total\n", {}, "bad_encoding",
                 id="invalid-utf8-undefined-in-cp1258"),
    pytest.param("café naïve résumé, déjà vu".encode("latin-1"), {}, "bad_encoding",
                 id="latin1-not-vietnamese"),
    pytest.param(TEXT.encode("utf-8"), {"max_bytes": 16}, "too_large", id="over-max-bytes"),
    pytest.param(b"%PDF-1.4\n" + b"\x13garbage not a pdf body %%EOF\n" * 20, {}, "corrupt_pdf",
                 id="pdf-magic-then-garbage"),
]


@pytest.mark.parametrize("data, kwargs, code", ERROR_CASES)
def test_unreadable_input_raises_ingest_error(tmp_path, data, kwargs, code):
    with pytest.raises(IngestError) as info:
        read_document(write(tmp_path, "input.txt", data), **kwargs)
    assert info.value.code == code
    assert info.value.message and str(info.value) == info.value.message


def test_file_at_exactly_max_bytes_is_read(tmp_path):
    data = TEXT.encode("utf-8")
    doc = read_document(write(tmp_path, "plan.txt", data), max_bytes=len(data))
    assert doc.original == TEXT


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(IngestError) as info:
        read_document(tmp_path / "no-such-plan.txt")
    assert info.value.code == "unreadable"


def test_path_may_be_a_string(tmp_path):
    path = write(tmp_path, "plan.txt", TEXT.encode("utf-8"))
    assert read_document(str(path)).original == TEXT


# Regression: a path that exists but cannot be read as a file (a folder; a file
# without read permission) raised a bare OSError instead of IngestError, so a
# batch reported it as an "output" failure with no ingest code.
def test_folder_given_as_a_document_is_unreadable(tmp_path):
    with pytest.raises(IngestError) as info:
        read_document(tmp_path)
    assert info.value.code == "unreadable"


def test_document_from_text():
    doc = document_from_text(TEXT, name="x.txt")
    assert (doc.original, doc.text, doc.source_file, doc.source_format) == (TEXT, TEXT, "x.txt", "text")
    assert doc.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    with pytest.raises(IngestError) as info:
        document_from_text(" \n ")
    assert info.value.code == "empty"


# -- PDF ---------------------------------------------------------------------
# pypdfium2 (installed with pdfplumber) can write a PDF with a text layer in a
# standard font; Helvetica has no Vietnamese marks, so the text is unaccented.

def make_pdf(pages: list[list[str]]) -> bytes:
    raw = pdfium.raw
    pdf = pdfium.PdfDocument.new()
    for lines in pages:
        page = pdf.new_page(595, 842)
        y = 800
        for line in lines:
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 11.0)
            buf = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 56, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
            y -= 16
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


PDF_PAGES = [
    ["UY BAN NHAN DAN", "So: 12/KH-UBND", "KE HOACH", "Trien khai ung dung cong nghe thong tin nam 2024",
     "I. MUC TIEU", "1. Dat 90% ho so duoc xu ly truc tuyen."],
    ["II. NHIEM VU", "1. Xay dung he thong.", "III. TO CHUC THUC HIEN", "Giao So chu tri."],
]


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(PDF_PAGES)


def test_pdf_text_layer_is_read_page_by_page(tmp_path, pdf_bytes):
    doc = read_document(write(tmp_path, "plan.pdf", pdf_bytes))
    assert doc.source_format == "pdf"
    assert doc.pages == 2
    page_texts = doc.original.split("\f")
    assert [t.splitlines() for t in page_texts] == PDF_PAGES
    assert doc.page_starts == [0, len(page_texts[0]) + 1]
    assert doc.page_of(doc.original.index("I. MUC")) == 1
    assert doc.page_of(doc.original.index("III. TO CHUC")) == 2


def test_pdf_is_known_by_magic_not_by_name(tmp_path, pdf_bytes):
    doc = read_document(write(tmp_path, "plan.txt", pdf_bytes))
    assert doc.source_format == "pdf"


def _spans(value):
    if isinstance(value, dict):
        if "start" in value and "end" in value:
            yield value
        for v in value.values():
            yield from _spans(v)
    elif isinstance(value, list):
        for v in value:
            yield from _spans(v)


def test_pdf_output_has_format_pages_and_page_on_every_span(tmp_path, pdf_bytes):
    path = write(tmp_path, "plan.pdf", pdf_bytes)
    original = read_document(path).original
    result = extract(path)
    assert result["source"]["format"] == "pdf"
    assert result["source"]["pages"] == 2
    spans = list(_spans(result))
    assert spans, "the PDF yielded no spans at all"
    page2 = len(original.split("\f")[0]) + 1
    for span in spans:
        assert span["page"] == (1 if span["start"] < page2 else 2), span
    section = next(s for s in result["sections"] if s["label"] == "III")
    assert section["span"]["page"] == 2
    assert original[section["span"]["start"]:section["span"]["end"]].startswith("III. TO CHUC")


# Regression: the page separator (form feed) was deleted as a control
# character, gluing the last line of a page to the first line of the next, so
# a heading at the top of a page ("...truc tuyen.II. NHIEM VU") was lost.
def test_pdf_heading_at_top_of_page_two_is_a_section(tmp_path, pdf_bytes):
    result = extract(write(tmp_path, "plan.pdf", pdf_bytes))
    labels = {(s["label"], s["span"].get("page")) for s in result["sections"]}
    assert ("II", 2) in labels


# A page break is a line break; where the last line of a page stops short of
# the right margin (a table cell, the end of a paragraph) the next page opens a
# new paragraph, so the text has an empty line there, as between paragraphs on
# one page. A line that runs to the margin continues on the next page.
PROSE = "Trien khai dong bo cac giai phap ung dung cong nghe thong tin trong co quan nha nuoc tinh"


def test_page_break_after_a_short_line_opens_a_paragraph(tmp_path):
    data = make_pdf([[PROSE, PROSE, PROSE, "10.200"], ["6.800", PROSE, PROSE]])
    doc = read_document(write(tmp_path, "plan.pdf", data))
    normalize(doc)
    assert "10.200\n\n6.800" in doc.text
    assert doc.page_of(doc.original.index("6.800")) == 2


def test_page_break_after_a_full_line_continues_the_paragraph(tmp_path):
    data = make_pdf([[PROSE, PROSE, PROSE], ["tiep theo cac nam sau.", PROSE, PROSE]])
    doc = read_document(write(tmp_path, "plan.pdf", data))
    assert "tinh\ftiep theo" in doc.original            # no empty line put before page 2
    normalize(doc)
    assert "\n\n" not in doc.text


def test_pdf_without_text_layer(tmp_path):
    data = make_pdf([[]])              # one blank page: what a scan looks like to pdfplumber
    with pytest.raises(IngestError) as info:
        read_document(write(tmp_path, "scan.pdf", data))
    assert info.value.code == "no_text_layer"

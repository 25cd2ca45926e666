"""Word (.docx, .doc) and HTML inputs, format detection, and bounded errors for
damaged or hostile files (no OCR needed here; OCR is in test_ocr.py)."""
from __future__ import annotations

import hashlib
import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import process  # noqa: E402
from pipeline.ingest import IngestError, SUPPORTED_SUFFIXES, document_from_bytes, read_document  # noqa: E402
from pipeline.ingest.formats import detect_format  # noqa: E402
from pipeline.ingest.html import read_html  # noqa: E402
from tests.fixtures import builders  # noqa: E402

LINES = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG",
    "Số: 12/KH-UBND",
    "Bắc Giang, ngày 15 tháng 3 năm 2024",
    "KẾ HOẠCH",
    "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2024",
    "I. MỤC TIÊU",
    "1. Đạt 90% hồ sơ được xử lý trực tuyến.",
    "II. KINH PHÍ",
    "Nội dung\tNăm 2024\tNăm 2025",
    "Đào tạo cán bộ\t100\t200",
    "III. TỔ CHỨC THỰC HIỆN",
    "Giao Sở Thông tin và Truyền thông chủ trì.",
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def spans(value):
    if isinstance(value, dict):
        if "start" in value and "end" in value:
            yield value
        for v in value.values():
            yield from spans(v)
    elif isinstance(value, list):
        for v in value:
            yield from spans(v)


# -- .docx ----------------------------------------------------------------------

def test_docx_paragraphs_and_table_rows_in_order(tmp_path):
    doc = read_document(write(tmp_path, "plan.docx", builders.docx_bytes(LINES)))
    assert doc.source_format == "docx"
    assert doc.original.splitlines() == LINES       # table rows as tab-separated cells, in place


def test_docx_output_spans_index_the_kept_text(tmp_path):
    path = write(tmp_path, "plan.docx", builders.docx_bytes(LINES))
    doc = read_document(path)
    result = process(doc)
    assert result["source"]["format"] == "docx"
    assert result["source"]["text_sha256"] == hashlib.sha256(doc.original.encode("utf-8")).hexdigest()
    assert result["document"]["number"] == "12/KH-UBND"
    section = next(s for s in result["sections"] if s["label"] == "III")
    assert doc.original[section["span"]["start"]:section["span"]["end"]].startswith("III. TỔ CHỨC")
    for span in spans(result):
        assert 0 <= span["start"] <= span["end"] <= len(doc.original)


# A minimal .docx written by hand: Word's automatic numbering keeps the labels
# ("I.", "1.", "a)") in numbering.xml, not in the paragraph text.
NUMBERING_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def numbered_paragraph(text: str, num_id: int, ilvl: int) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>")


def make_docx(body: str, numbering: str | None = NUMBERING_XML) -> bytes:
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        if numbering:
            z.writestr("word/numbering.xml", numbering)
    return buf.getvalue()


def test_docx_automatic_numbering_labels_are_rendered():
    body = "".join([
        numbered_paragraph("MỤC TIÊU", 1, 0),
        numbered_paragraph("Mục tiêu chung", 1, 1),
        numbered_paragraph("Nâng cao chất lượng", 1, 2),
        numbered_paragraph("Cải cách thủ tục", 1, 2),
        numbered_paragraph("Mục tiêu cụ thể", 1, 1),
        numbered_paragraph("NHIỆM VỤ", 1, 0),
        numbered_paragraph("Xây dựng hệ thống", 1, 1),
        numbered_paragraph("Một gạch đầu dòng", 2, 0),
        "<w:p><w:r><w:t>Đoạn văn </w:t></w:r><w:r><w:delText>đã xóa</w:delText></w:r>"
        "<w:r><w:t>thường.</w:t></w:r></w:p>",
    ])
    doc = document_from_bytes(make_docx(body), "plan.docx")
    assert doc.original.splitlines() == [
        "I. MỤC TIÊU", "1. Mục tiêu chung", "a) Nâng cao chất lượng", "b) Cải cách thủ tục",
        "2. Mục tiêu cụ thể", "II. NHIỆM VỤ", "1. Xây dựng hệ thống", "• Một gạch đầu dòng",
        "Đoạn văn thường.",
    ]


def test_docx_numbered_headings_become_sections():
    body = "".join([
        "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Chuyển đổi số năm 2024</w:t></w:r></w:p>",
        numbered_paragraph("MỤC ĐÍCH, YÊU CẦU", 1, 0),
        numbered_paragraph("Mục đích", 1, 1),
        numbered_paragraph("NHIỆM VỤ", 1, 0),
    ])
    result = process(document_from_bytes(make_docx(body), "plan.docx"))
    assert [(s["label"], s["title"]) for s in result["sections"]] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "NHIỆM VỤ")]
    assert result["sections"][0]["children"][0]["label"] == "1"


# -- HTML -----------------------------------------------------------------------

@pytest.mark.parametrize("word_export", [False, True], ids=["portal-page", "word-export"])
def test_html_block_lines_table_cells_and_dropped_chrome(word_export):
    text = read_html(builders.html_bytes(LINES, word_export=word_export))
    assert text.splitlines() == LINES
    for chrome in ("Trang chủ", "Giới thiệu", "Bản quyền", "track()", "color:red", "Cổng thông tin điện tử"):
        assert chrome not in text


def test_html_title_is_not_the_whole_markup(tmp_path):
    result = process(read_document(write(tmp_path, "plan.html", builders.html_bytes(LINES))))
    assert result["source"]["format"] == "html"
    assert result["document"]["doc_type"] == "Kế hoạch"
    assert "<" not in (result["document"]["title"] or "")
    assert result["document"]["title"].startswith("Ứng dụng công nghệ thông tin")


def test_html_inline_markup_whitespace_and_breaks():
    page = ("<html><body><div>Căn cứ <b>Nghị  định</b>\n số <i>64/2007/ND-CP</i>;<br>dòng hai</div>"
            "<pre>a  b\nc</pre><p>x&nbsp;y</p></body></html>").encode("utf-8")
    assert read_html(page).splitlines() == ["Căn cứ Nghị định số 64/2007/ND-CP;", "dòng hai", "a  b", "c", "x y"]


def test_html_declared_charset_is_used():
    page = '<html><head><meta charset="windows-1252"></head><body><p>café</p></body></html>'.encode("cp1252")
    assert read_html(page) == "café"


# -- .doc (legacy Word) ------------------------------------------------------------

def test_doc_without_antiword_names_the_tool(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(IngestError) as info:
        document_from_bytes(ole, "old.doc")
    assert info.value.code == "missing_tool"
    assert "antiword" in info.value.message and "apt-get install" in info.value.message


@pytest.mark.skipif(shutil.which("antiword") is None,
                    reason="antiword is not installed: apt-get install -y antiword (make test installs it as root)")
def test_doc_that_is_not_word_is_a_clear_error():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(IngestError) as info:
        document_from_bytes(ole, "old.doc")
    assert info.value.code == "corrupt_doc"
    assert "antiword" in info.value.message


# -- detection and errors ------------------------------------------------------------

@pytest.mark.parametrize("data, name, kind", [
    pytest.param(b"%PDF-1.7\n", "x.txt", "pdf", id="pdf-magic"),
    pytest.param(b"\x89PNG\r\n\x1a\n", "x.bin", "image", id="png"),
    pytest.param(b"\xff\xd8\xff\xe0", None, "image", id="jpeg"),
    pytest.param(b"II*\x00", "scan.tif", "image", id="tiff"),
    pytest.param(b"PK\x03\x04", "plan.docx", "docx", id="zip"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc", "doc", id="ole"),
    pytest.param(b"\xef\xbb\xbf<!DOCTYPE html>", "page", "html", id="doctype-bom"),
    pytest.param(b"<?xml version='1.0'?><html>", "page.xhtml", "html", id="xhtml"),
    pytest.param(b"<p>Ke hoach</p>", "plan.htm", "html", id="fragment-by-name"),
    pytest.param("Kế hoạch <số 12>".encode(), "plan.txt", "text", id="text-with-angle"),
])
def test_format_is_detected_by_content(data, name, kind):
    assert detect_format(data, name) == kind


def test_supported_suffixes_cover_every_format():
    assert {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".doc", ".html", ".htm",
            ".txt", ".md"} <= SUPPORTED_SUFFIXES


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data, name, code", [
    pytest.param(zip_of({"junk.bin": bytes(range(256)) * 8}), "plan.docx", "corrupt_docx", id="zip-of-junk"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, "plan.docx", "corrupt_docx", id="truncated-zip"),
    pytest.param(zip_of({"word/document.xml": b"<w:document><unclosed"}), "plan.docx", "corrupt_docx",
                 id="broken-xml"),
    pytest.param(zip_of({"word/document.xml": b"\x00" * (65 * 1024 * 1024)}), "plan.docx", "too_large",
                 id="zip-bomb"),
    pytest.param(zip_of({"notes.txt": b"hello"}), "archive.zip", "binary", id="plain-zip"),
])
def test_damaged_word_files_are_clear_errors(data, name, code):
    with pytest.raises(IngestError) as info:
        document_from_bytes(data, name)
    assert info.value.code == code
    assert info.value.message


def test_docx_entities_are_not_expanded():
    body = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Kế hoạch &b;</w:t></w:r></w:p></w:body></w:document>")
    data = zip_of({"word/document.xml": body.encode()})
    try:
        doc = document_from_bytes(data, "plan.docx")
    except IngestError as exc:
        assert exc.code == "corrupt_docx"
    else:
        assert "xxxxxxxxxx" not in doc.original

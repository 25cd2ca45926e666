"""Hostile and damaged PDFs get a clear per-document error or a bounded
result, and a batch holding them still writes the good documents."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import IngestError, document_from_bytes  # noqa: E402
from pipeline.ingest import pdf as pdf_reader  # noqa: E402
from tests.fixtures import builders  # noqa: E402

LINES = ["KẾ HOẠCH", "Ứng dụng công nghệ thông tin năm 2024", "I. MỤC TIÊU",
         "Nâng cao hiệu quả hoạt động của cơ quan nhà nước."]


def encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret"))
    pdf.drawString(100, 700, "Ke hoach")
    pdf.save()
    return buf.getvalue()


def blank_pdf(pages: int) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def raw_pdf(content: bytes) -> bytes:
    """A one-page PDF whose content stream is ``content``, deflated."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_encrypted_pdf_says_so():
    with pytest.raises(IngestError) as info:
        document_from_bytes(encrypted_pdf(), "locked.pdf")
    assert info.value.code == "encrypted_pdf"
    assert "password" in info.value.message


def test_truncated_pdf_is_an_error_or_a_partial_result():
    data = builders.text_pdf(LINES * 60)             # several pages
    cut = data[: len(data) // 2]
    try:
        doc = document_from_bytes(cut, "cut.pdf")
    except IngestError as exc:
        assert exc.code in ("corrupt_pdf", "no_text_layer") and exc.message
    else:
        assert doc.pages >= 1 and doc.original.strip()


def test_garbage_after_magic_is_corrupt():
    with pytest.raises(IngestError) as info:
        document_from_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50, "bad.pdf")
    assert info.value.code == "corrupt_pdf"


def test_two_thousand_blank_pages_are_refused_without_ocr(monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("a blank page was sent to OCR")

    monkeypatch.setattr(pdf_reader, "ocr_pages", no_ocr)
    with pytest.raises(IngestError) as info:
        document_from_bytes(blank_pdf(2000), "blank.pdf")
    assert info.value.code == "no_text_layer"
    assert "blank" in info.value.message and "2,000" in info.value.message


def test_pages_past_the_limit_are_skipped_with_an_error_warning(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    one_page = builders.text_pdf(LINES)
    merged = pdfium.PdfDocument.new()
    for _ in range(3):
        merged.import_pages(pdfium.PdfDocument(one_page))
    buf = io.BytesIO()
    merged.save(buf)
    doc = document_from_bytes(buf.getvalue(), "long.pdf")
    assert doc.pages == 3 and len(doc.quality["pages"]) == 2
    skipped = next(w for w in doc.warnings if w.code == "pages_skipped")
    assert skipped.severity == "error" and "3 pages" in skipped.message


def test_content_stream_that_inflates_hugely_is_read_in_bounded_work():
    # 8 MB of text operators deflate to a few KB.
    content = b"BT /F1 1 Tf 10 10 Td (x) Tj ET\n" * (8_000_000 // 31)
    data = raw_pdf(content)
    assert len(data) < 64_000
    doc = document_from_bytes(data, "bomb.pdf")     # PDFium reads it in well under a second
    assert doc.pages == 1 and len(doc.original) < 1_000_000


def test_oversized_page_renders_at_a_lower_resolution():
    class Page:
        def get_size(self):
            return (14_400.0, 14_400.0)             # 200 x 200 inches

    assert pdf_reader.render_dpi(Page(), 300) is None
    class Poster(Page):
        def get_size(self):
            return (2_384.0, 3_370.0)               # A0
    dpi = pdf_reader.render_dpi(Poster(), 300)
    assert dpi is not None and 100 <= dpi < 300
    assert 2_384 * 3_370 * (dpi / 72) ** 2 <= pdf_reader.MAX_PAGE_PIXELS


def test_batch_writes_the_good_documents_beside_the_bad(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("KẾ HOẠCH\nỨng dụng công nghệ thông tin năm 2024\nI. MỤC TIÊU\n",
                                     encoding="utf-8")
    (inputs / "locked.pdf").write_bytes(encrypted_pdf())
    (inputs / "cut.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    (inputs / "blank.pdf").write_bytes(blank_pdf(2000))
    (inputs / "junk.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    out = tmp_path / "out"
    files = sorted(str(p) for p in inputs.iterdir())
    done = subprocess.run([sys.executable, "-m", "pipeline", *files, "-o", str(out), "-q"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stderr
    written = {p.name for p in out.rglob("*.json")}
    assert any(n.startswith("good") and not n.endswith(".error.json") for n in written), written
    errors = {}
    for path in out.rglob("*.error.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        errors[Path(record.get("file") or record.get("input") or path.name).stem] = record
    assert {"locked", "cut", "blank", "junk"} <= {Path(k).stem for k in errors}, errors
    codes = {Path(k).stem: v.get("code") for k, v in errors.items()}
    assert codes["locked"] == "encrypted_pdf"
    assert codes["junk"] == "corrupt_docx"
    assert all(v.get("message") for v in errors.values())

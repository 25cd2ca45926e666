"""PDF: each page read from its text layer, or by OCR when the layer is empty
or not plausible Vietnamese (a scan, a broken font encoding, a legacy font).

Text layers are read with PDFium (``pypdfium2``): it is fast (about 30 times
pdfplumber's ``extract_text`` on the same pages, see ``bench/ocr.py``), and its
character boxes give every word a box. The decision per page and its reason go
to ``quality["pages"]``; ``Options.ocr`` overrides it (``always``, ``never``).

Bounded work: at most ``MAX_PAGES`` pages are read (the rest are named in an
error warning); a page with no objects is blank and never rendered; a page is
rendered at ``Options.ocr_dpi`` unless that would exceed ``MAX_PAGE_PIXELS``,
when the resolution is lowered (or the page given up below ``MIN_DPI``); OCR
of a page stops at ``Options.page_timeout``. Encrypted, truncated and corrupt
files raise :class:`IngestError` with a message that says which.
"""
from __future__ import annotations

import bisect
from typing import Iterator

import regex

from ..document import Span, Warning_
from ..options import DEFAULT_OPTIONS, Options
from .errors import IngestError
from .layout import OcrWord, PlacedWord, page_text
from .ocr import PageImage, is_blank, ocr_pages, ocr_unavailable_reason
from .pages import Extracted, PageRead, join_pages
from .plausible import plausibility

PDF_MAGIC = b"%PDF-"
# Pages read per document; a longer file is read in part, with an error warning.
MAX_PAGES = 1000
# Pixels of one rendered page (A4 at 300 DPI is 8.7 million).
MAX_PAGE_PIXELS = 40_000_000
MIN_DPI = 100
# A word of a text layer: a run of non-space characters; PDFium ends lines with \r\n.
NON_SPACE = regex.compile(r"\S+")
LINE_BREAK = regex.compile(r"\r\n|\r|\n")
# Two characters further apart than this share of their height are two words.
WORD_GAP = 0.5
# PDFium's mark for a hyphen at a line end (``N-`` / ``NH4+`` comes out ``N\ufffeNH4+``,
# the two lines run together); it is printed as a hyphen.
PDFIUM_HYPHEN = "\ufffe"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def open_pdf(data: bytes):
    """The PDFium document, or an IngestError saying why it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted_pdf", "the PDF is encrypted (password-protected): "
                                               "remove the password and retry") from exc
        raise IngestError("corrupt_pdf", f"cannot parse PDF (damaged or truncated file): {message}") from exc


def text_layer(page, number: int) -> tuple[str, tuple[PlacedWord, ...], str]:
    """A page's text layer laid out as OCR text is (``layout.py``: lines in reading
    order, header columns one after the other, table cells joined by tabs), its
    words with boxes in points, and the raw PDFium text (for the plausibility check)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        height = page.get_size()[1]
        breaks = [m.start() for m in LINE_BREAK.finditer(raw)]
        words = []
        jumps = 0           # lines PDFium ran together without a break (see word_pieces)
        previous = None     # (line, top, bottom) of the word before
        for m in NON_SPACE.finditer(raw):
            line = bisect.bisect_left(breaks, m.start())
            for start, end, box, new_line in word_pieces(textpage, m.start(), m.end(), height):
                x0, top, x1, bottom = box
                if previous is not None and previous[0] == line + jumps and not new_line \
                        and min(bottom, previous[2]) <= max(top, previous[1]):
                    new_line = True     # the next word of PDFium's line sits on another printed line
                jumps += 1 if new_line else 0
                previous = (line + jumps, top, bottom)
                text = raw[start:end].replace(PDFIUM_HYPHEN, "-")
                words.append(OcrWord(text, x0, top, x1 - x0, bottom - top, -1.0, 0, 0, line + jumps))
    finally:
        textpage.close()
    text, placed = page_text(words, 1.0, page.get_size()[0])
    return text, tuple(placed), raw


def word_pieces(textpage, start: int, end: int, page_height: float) -> list[tuple[int, int, tuple, bool]]:
    """A run of non-space characters as words with boxes (x0, top, x1, bottom from the
    top-left). PDFium may put no break between the last word of one line and the
    first of the next, or no space between two table cells (``10.326.312STT``):
    the run is cut where the next character does not continue the word (no
    vertical overlap, a step back, or a gap wider than a space). Each piece says
    whether it starts a new line."""
    chars = []
    for i in range(start, end):
        left, bottom, right, top = textpage.get_charbox(i)
        if right > left or top > bottom:
            chars.append((i, left, page_height - top, right, page_height - bottom))
    pieces: list[list[tuple]] = []
    new_lines: list[bool] = []
    for char in chars:
        if pieces:
            prev = pieces[-1][-1]
            same_line = min(prev[4], char[4]) - max(prev[2], char[2]) > 0 and char[1] >= prev[1] - 0.5
            tallest = max(max(c[4] - c[2] for c in pieces[-1]), char[4] - char[2])
            touching = char[1] - prev[3] <= WORD_GAP * tallest
            if same_line and touching:
                pieces[-1].append(char)
                continue
            new_lines.append(not same_line)
        else:
            new_lines.append(False)
        pieces.append([char])
    return [(p[0][0], p[-1][0] + 1,
             (round(min(c[1] for c in p), 2), round(min(c[2] for c in p), 2),
              round(max(c[3] for c in p), 2), round(max(c[4] for c in p), 2)), jump)
            for p, jump in zip(pieces, new_lines)]


def page_is_empty(page) -> bool:
    """A page with no objects at all (no text, image or path) is blank."""
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDFPage_CountObjects(page.raw) == 0


def render_dpi(page, dpi: int) -> int | None:
    """``dpi``, lowered so the page stays within MAX_PAGE_PIXELS; None below MIN_DPI."""
    width, height = page.get_size()
    pixels = width * height * (dpi / 72) ** 2
    if pixels <= MAX_PAGE_PIXELS:
        return dpi
    lowered = int(dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5)
    return lowered if lowered >= MIN_DPI else None


def ocr_reason(text: str, mode: str) -> str | None:
    """Why a page with this text layer is OCR'd (None: its text layer is kept)."""
    if mode == "always":
        return "OCR forced (ocr=always)"
    if not text.strip():
        return "no text layer"
    verdict = plausibility(text)
    return None if verdict.plausible else verdict.reason


def read_pdf(data: bytes, options: Options = DEFAULT_OPTIONS) -> Extracted:
    pdf = open_pdf(data)
    try:
        return read_pages(pdf, options)
    finally:
        pdf.close()


def read_pages(pdf, options: Options) -> Extracted:
    total = len(pdf)
    count = min(total, MAX_PAGES)
    reads: dict[int, PageRead] = {}
    to_ocr: list[tuple[int, str]] = []
    for number in range(1, count + 1):
        page = pdf[number - 1]
        try:
            text, words, raw = text_layer(page, number)
            reason = ocr_reason(raw, options.ocr)
            if reason is None:
                reads[number] = PageRead(number, text, "text", "text layer is plausible Vietnamese", words)
            elif page_is_empty(page):
                reads[number] = PageRead(number, "", "none", "blank page")
            elif options.ocr == "never":
                reads[number] = PageRead(number, text, "text", f"{reason}; OCR off (ocr=never)", words)
            else:
                to_ocr.append((number, reason))
        finally:
            page.close()
    reads.update(ocr_needed_pages(pdf, to_ocr, options))
    pages = [reads[n] for n in range(1, count + 1)]
    warnings = []
    if total > count:
        warnings.append(Warning_("pages_skipped", f"the PDF has {total:,} pages; only the first "
                                                  f"{count:,} were read", Span(0, 0)))
    if not any(p.text.strip() for p in pages):
        raise IngestError("no_text_layer", no_text_message(pages, total))
    fmt = "pdf-ocr" if any(p.method == "ocr" for p in pages) else "pdf"
    return join_pages(pages, fmt, warnings, total)


def no_text_message(pages: list[PageRead], total: int) -> str:
    failed = [p for p in pages if p.error]
    if failed:
        return f"no page could be read: {failed[0].message}"
    if all(p.reason == "blank page" for p in pages):
        read = "" if len(pages) == total else f" (the first {len(pages):,} of {total:,} read)"
        return f"the PDF has no text: its pages are blank{read}"
    if any("ocr=never" in p.reason for p in pages):
        return "the PDF has no text layer (a scan) and OCR is off (ocr=never)"
    return "the PDF has no text layer (a scan) and OCR found no text on it"


def ocr_needed_pages(pdf, to_ocr: list[tuple[int, str]], options: Options) -> dict[int, PageRead]:
    """OCR the listed pages (number, reason); blank or unrenderable ones are recorded as such."""
    if not to_ocr:
        return {}
    reasons = dict(to_ocr)
    unavailable = ocr_unavailable_reason()
    if unavailable:
        return {n: PageRead(n, "", "none", reason, error="page_failed",
                            message=f"page {n}: {reason}, but OCR is unavailable: {unavailable}")
                for n, reason in to_ocr}
    reads: dict[int, PageRead] = {}
    images = rendered_pages(pdf, [n for n, _ in to_ocr], options, reads)
    for result in ocr_pages(images, options.page_timeout, options.ocr_jobs):
        reason = reasons[result.number]
        reads[result.number] = PageRead(result.number, result.text, "ocr", reason, result.words,
                                        result.mean_conf, result.error, result.message, result.skew)
    return reads


def rendered_pages(pdf, numbers: list[int], options: Options, reads: dict[int, PageRead]) -> Iterator[PageImage]:
    """Render the pages to grayscale images; blank and oversized pages go to ``reads`` instead."""
    for number in numbers:
        page = pdf[number - 1]
        try:
            dpi = render_dpi(page, options.ocr_dpi)
            if dpi is None:
                reads[number] = PageRead(number, "", "none", "page too large to render", error="page_failed",
                                         message=f"page {number}: too large to render within "
                                                 f"{MAX_PAGE_PIXELS:,} pixels at {MIN_DPI} DPI or more")
                continue
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            page.close()
        if is_blank(image):
            reads[number] = PageRead(number, "", "none", "blank page")
            continue
        yield PageImage(number, image, dpi)

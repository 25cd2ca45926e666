"""OCR of page images with Tesseract's Vietnamese model, through tesserocr.

tesserocr keeps a Tesseract engine in the process, so the model is loaded once
per engine, not once per page as with a ``tesseract`` command per page; its
recognition releases the GIL, so pages run in parallel on threads, one engine
per thread, with a time limit per page (``Recognize(timeout=...)``). Measured
against ``pytesseract`` (a process per page) in ``bench/ocr.py``.

The engine comes from the ``tesserocr`` wheel; the Vietnamese model comes from
Debian's ``tesseract-ocr-vie`` (found through ``TESSDATA_PREFIX`` or the usual
folders). Without it, OCR is unavailable and says how to install it.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .deskew import box_on_scan, straightened
from .errors import IngestError
from .layout import OcrWord, PlacedWord, page_text, parse_tsv, without_accent_lines
from .lone_marks import is_unsure_mark, read_lone_marks
from .number_recheck import DIGIT_LANGUAGES, SINGLE_LINE, doubtful, reread_numbers

LANGUAGE = "vie"
# Tesseract's page segmentation mode 4, "a single column of text of variable
# sizes": every printed line is read across the whole page. The automatic mode
# (3) cuts a table into column blocks and drops lone short cells (the ``1``,
# ``I``, ``-`` of a row-number column), so a row loses its first cell; the
# reading order (columns of the header, table rows) is rebuilt from the word
# boxes in ``layout.py`` either way.
PAGE_SEGMENTATION = 4
INSTALL_LINE = "apt-get install -y tesseract-ocr tesseract-ocr-vie"
# Where Debian and other systems keep Tesseract's models.
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
# A page whose share of dark pixels is below this is blank (a white sheet,
# scanner noise): it is not OCR'd. A page holding only a signer's name (three
# words, about 0.06% of an A4 page's pixels) must still be read, so the bar is
# about a tenth of that: a short word.
BLANK_DARK_SHARE = 0.0001
DARK_LEVEL = 128
# A word with no letter or digit recognized below this confidence is a speck of noise.
SPECK_CONFIDENCE = 60.0


@dataclass(frozen=True)
class PageImage:
    """One page to OCR: its number (1-based), grayscale image and resolution."""

    number: int
    image: object          # PIL.Image.Image
    dpi: float


@dataclass(frozen=True)
class OcrPage:
    """The OCR of one page: text in reading order, placed words, mean confidence.

    ``error`` is ``None``, ``"page_timeout"`` or ``"page_failed"``.
    """

    number: int
    text: str
    words: tuple[PlacedWord, ...]
    mean_conf: float | None
    seconds: float
    error: str | None = None
    message: str = ""
    skew: float = 0.0           # degrees the page was turned back before reading


@lru_cache(maxsize=1)
def tessdata_dir() -> str | None:
    """The folder holding ``vie.traineddata``, or None when it is not installed."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for folder in candidates:
        if folder and (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return folder
    return None


def ocr_unavailable_reason() -> str | None:
    """Why OCR cannot run here (with the install line), or None when it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        return f"the OCR engine (tesserocr) cannot be imported: {exc}"
    if tessdata_dir() is None:
        return f"Tesseract's Vietnamese model (vie.traineddata) is not installed: {INSTALL_LINE}"
    return None


def require_ocr() -> None:
    reason = ocr_unavailable_reason()
    if reason:
        raise IngestError("ocr_unavailable", f"OCR is needed but unavailable: {reason}")


class EnginePool:
    """Tesseract engines kept for the life of the process, one lent per thread at a time."""

    def __init__(self, language: str, page_segmentation: int) -> None:
        self.language = language
        self.page_segmentation = page_segmentation
        self._idle: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()

    def _new_engine(self):
        import tesserocr

        return tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=self.language, psm=self.page_segmentation)

    def available(self) -> bool:
        folder = tessdata_dir()
        return folder is not None and all((Path(folder) / f"{name}.traineddata").is_file()
                                          for name in self.language.split("+"))

    def take(self):
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                return self._new_engine()

    def give_back(self, engine) -> None:
        self._idle.put(engine)


ENGINES = EnginePool(LANGUAGE, PAGE_SEGMENTATION)
# English, and Vietnamese with English, for numbers the Vietnamese model read
# with doubt (``number_recheck.py``); the English model comes with Tesseract.
DIGIT_ENGINES = [EnginePool(language, SINGLE_LINE) for language in DIGIT_LANGUAGES]


def is_blank(image) -> bool:
    """A page with almost no dark pixels has nothing to read.

    >>> from PIL import Image
    >>> is_blank(Image.new("L", (100, 100), 255))
    True
    """
    histogram = image.histogram()
    total = sum(histogram) or 1
    return sum(histogram[:DARK_LEVEL]) / total < BLANK_DARK_SHARE


def is_speck(word) -> bool:
    """Scanner noise read as a mark: no letter or digit, and recognized with doubt.

    >>> from pipeline.ingest.layout import OcrWord
    >>> is_speck(OcrWord(":", 0, 0, 5, 5, 31.0)), is_speck(OcrWord("-", 0, 0, 5, 5, 92.0))
    (True, False)
    """
    return word.conf < SPECK_CONFIDENCE and not any(ch.isalnum() for ch in word.text)


def ocr_image(page: PageImage, timeout: float) -> OcrPage:
    """OCR one page image; a page over its time limit comes back empty with an error."""
    started = time.perf_counter()
    straight, skew = straightened(page.image)
    page = replace(page, image=straight)
    engine = ENGINES.take()
    try:
        engine.SetImage(page.image)
        engine.SetSourceResolution(int(page.dpi))
        finished = engine.Recognize(timeout=int(timeout * 1000))
        if not finished:
            elapsed = time.perf_counter() - started
            return OcrPage(page.number, "", (), None, elapsed, "page_timeout",
                           f"page {page.number}: OCR stopped after the {timeout:g} s page time limit")
        words = without_accent_lines([w for w in parse_tsv(engine.GetTSVText(0)) if not is_speck(w)])
        words += read_lone_marks(engine, page.image, words, PAGE_SEGMENTATION)
        words = [w for w in recheck_numbers(page, engine, words) if not is_unsure_mark(w)]
    except Exception as exc:  # noqa: BLE001 - one page's failure must not lose the others
        return OcrPage(page.number, "", (), None, time.perf_counter() - started, "page_failed",
                       f"page {page.number}: OCR failed: {type(exc).__name__}: {exc}")
    finally:
        engine.Clear()
        ENGINES.give_back(engine)
    text, placed = page_text(words, 72.0 / page.dpi, page.image.width)
    if skew:
        center = (page.image.width * 36.0 / page.dpi, page.image.height * 36.0 / page.dpi)
        placed = [replace(w, bbox=box_on_scan(w.bbox, skew, center)) for w in placed]
    confs = [w.conf for w in placed if w.conf >= 0]
    mean = round(sum(confs) / len(confs), 1) if confs else None
    return OcrPage(page.number, text, tuple(placed), mean, time.perf_counter() - started, skew=skew)


def recheck_numbers(page: PageImage, engine, words: list[OcrWord]) -> list[OcrWord]:
    """Doubtful numbers read again alone by English and by Vietnamese with English
    (those installed); ``engine`` (the page's, holding it) reads them when neither is."""
    if not any(doubtful(words)):
        return words
    pools = [pool for pool in DIGIT_ENGINES if pool.available()]
    lent = [(pool, pool.take()) for pool in pools]
    try:
        for _, reader in lent:
            reader.SetImage(page.image)
            reader.SetSourceResolution(int(page.dpi))
        if not lent:
            engine.SetPageSegMode(SINGLE_LINE)
        return reread_numbers([reader for _, reader in lent] or [engine], words)
    finally:
        engine.SetPageSegMode(PAGE_SEGMENTATION)
        for pool, reader in lent:
            reader.Clear()
            pool.give_back(reader)


def ocr_pages(pages: Iterable[PageImage], timeout: float, jobs: int) -> Iterator[OcrPage]:
    """OCR pages on ``jobs`` threads, in page order.

    ``pages`` is consumed lazily (rendering stays on the calling thread: PDFium
    is not thread-safe) and at most ``jobs + 1`` images are held at once.
    """
    if jobs <= 1:
        for page in pages:
            yield ocr_image(page, timeout)
        return
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ocr") as pool:
        pending = []
        for page in pages:
            pending.append(pool.submit(ocr_image, page, timeout))
            while len(pending) > jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

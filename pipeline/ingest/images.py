"""Images (PNG, JPEG, TIFF, multi-page TIFF): every frame is a page, OCR'd.

Boxes are in PDF points at the image's own resolution (its DPI tag, else
``DEFAULT_DPI``). An image over ``MAX_IMAGE_PIXELS`` is refused before it is
decoded (a decompression bomb); a page over the OCR pixel limit is scaled down.
"""
from __future__ import annotations

import io

from ..options import DEFAULT_OPTIONS, Options
from .errors import IngestError
from .ocr import PageImage, is_blank, ocr_pages, require_ocr
from .pages import Extracted, PageRead, join_pages
from .pdf import MAX_PAGE_PIXELS, MAX_PAGES

# Magic numbers: ``\x89PNG``; JPEG ``\xff\xd8\xff``; TIFF ``II*\0`` / ``MM\0*``.
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# A scan's resolution when the file does not say.
DEFAULT_DPI = 300
# Larger images are not decoded at all (an A4 page at 600 DPI is 35 million).
MAX_IMAGE_PIXELS = 150_000_000


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGICS)


def open_image(data: bytes):
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise IngestError("too_large", f"the image is too large to decode: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on damaged files
        raise IngestError("corrupt_image", f"cannot read the image: {type(exc).__name__}: {exc}") from exc
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise IngestError("too_large", f"the image is {width}x{height} pixels; the limit is "
                                       f"{MAX_IMAGE_PIXELS:,} pixels a page")
    return image


def image_dpi(image) -> float:
    """The resolution the file declares (x), else DEFAULT_DPI."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else float(DEFAULT_DPI)


def frames(image) -> list[PageImage]:
    """Every frame as a grayscale page, scaled down to the pixel limit when needed."""
    pages = []
    n_frames = min(getattr(image, "n_frames", 1), MAX_PAGES)
    for index in range(n_frames):
        try:
            image.seek(index)
            frame = image.convert("L")
        except Exception as exc:  # noqa: BLE001 - a truncated file fails on load
            raise IngestError("corrupt_image", f"cannot decode page {index + 1} of the image: "
                                               f"{type(exc).__name__}: {exc}") from exc
        dpi = image_dpi(image)
        pixels = frame.width * frame.height
        if pixels > MAX_PAGE_PIXELS:
            factor = (MAX_PAGE_PIXELS / pixels) ** 0.5
            frame = frame.resize((int(frame.width * factor), int(frame.height * factor)))
            dpi *= factor
        pages.append(PageImage(index + 1, frame, dpi))
    return pages


def read_image(data: bytes, options: Options = DEFAULT_OPTIONS) -> Extracted:
    image = open_image(data)
    pages = frames(image)
    if options.ocr == "never":
        raise IngestError("no_text_layer", "an image has no text without OCR, and OCR is off (ocr=never)")
    require_ocr()
    reads: dict[int, PageRead] = {}
    to_read = []
    for page in pages:
        if is_blank(page.image):
            reads[page.number] = PageRead(page.number, "", "none", "blank page")
        else:
            to_read.append(page)
    for result in ocr_pages(to_read, options.page_timeout, options.ocr_jobs):
        reads[result.number] = PageRead(result.number, result.text, "ocr", "image", result.words,
                                        result.mean_conf, result.error, result.message, result.skew)
    ordered = [reads[p.number] for p in pages]
    if not any(p.text.strip() for p in ordered):
        failed = next((p for p in ordered if p.error), None)
        raise IngestError("empty", failed.message if failed else "OCR found no text in the image")
    return join_pages(ordered, "image-ocr")

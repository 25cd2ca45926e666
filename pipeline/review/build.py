"""``kh-extract review``: write the review pages of an output folder.

    kh-extract review OUTDIR [-o REVIEWDIR] [--inputs FOLDER ...] [--no-page-images]

One page per output (``REVIEWDIR/<name>.html``, mirroring sub-folders) and
``REVIEWDIR/index.html``. A document whose text cannot be found (or whose
input changed) still gets a page that says what is missing; one bad output
never stops the others.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..export.items import KINDS, items_of
from ..export.outdir import Entry, read_outdir
from .charts import batch_charts
from .pages import IndexRow, document_page, index_page
from .sources import Original, SourceFinder

# Pages drawn as images for a PDF, at most; a larger PDF gets its first pages only.
MAX_PAGE_IMAGES = 200
PAGE_IMAGE_SCALE = 1.25            # 90 dpi: enough to read a page beside its text
IMAGE_WIDTH = 1200                 # pixels: a scanned page shrunk to about the same size


@dataclass
class ReviewReport:
    index: Path
    pages: list[Path] = field(default_factory=list)
    problems: dict[str, tuple[str, ...]] = field(default_factory=dict)   # output name -> problems


def page_name(entry: Entry) -> str:
    """The review page of an output, relative to the review folder.

    >>> page_name(Entry(Path("out/dev/a.json"), "dev/a.json", result={}))
    'dev/a.html'
    """
    return entry.stem + ".html"


def pdf_pages(path: Path):
    """A PDF's pages as PIL images (the first ``MAX_PAGE_IMAGES``)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(min(len(document), MAX_PAGE_IMAGES)):
            yield document[index].render(scale=PAGE_IMAGE_SCALE).to_pil()
    finally:
        document.close()


def image_pages(path: Path):
    """The frames of an image file (a multi-page TIFF has several), at most ``IMAGE_WIDTH`` wide."""
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_PAGE_IMAGES:
                break
            page = frame.convert("RGB")
            page.thumbnail((IMAGE_WIDTH, IMAGE_WIDTH * 2))
            yield page


def render_page_images(source: Path, fmt: str, folder: Path, relative_to: Path) -> dict[int, str]:
    """Draw a PDF's pages (or an image's frames) as PNG files into ``folder``.

    Returns page number -> the file's path relative to the review folder; an
    input that has no pages to draw (text, Word, HTML) gives none.
    """
    pages = pdf_pages(source) if fmt.startswith("pdf") else image_pages(source) if fmt.startswith("image") else ()
    images: dict[int, str] = {}
    for number, page in enumerate(pages, start=1):
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"page-{number}.png"
        page.save(target)
        images[number] = target.relative_to(relative_to).as_posix()
    return images


def review_document(entry: Entry, finder: SourceFinder, review_dir: Path, page_images: bool) -> tuple[Path, Original]:
    """Write one output's page; any failure becomes a problem on the page, not an exception."""
    try:
        original = finder.find(entry)
    except Exception as exc:  # noqa: BLE001 - one document must not stop the review
        original = Original(None, None, (f"cannot look for the original text: {type(exc).__name__}: {exc}",))
    name = page_name(entry)
    target = review_dir / name
    images: dict[int, str] = {}
    fmt = entry.result["source"].get("format") or ""
    if page_images and original.input_file is not None:
        try:
            images = render_page_images(original.input_file, fmt, target.with_suffix(".pages"), review_dir)
        except Exception as exc:  # noqa: BLE001 - a page without images is still a page
            original = Original(original.text, original.origin,
                                original.problems + (f"cannot draw the pages of {original.input_file}: {exc}",),
                                original.input_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(document_page(entry, original, name, images), encoding="utf-8")
    return target, original


def build_review(out_dir: Path, review_dir: Path | None = None, inputs: list[Path] = (),
                 page_images: bool = True) -> ReviewReport:
    """Write a page per output of ``out_dir`` and the index into ``review_dir`` (default ``OUTDIR/review``)."""
    out_dir = Path(out_dir)
    review_dir = Path(review_dir) if review_dir is not None else out_dir / "review"
    entries, skipped = read_outdir(out_dir)
    finder = SourceFinder(out_dir, list(inputs))
    report = ReviewReport(index=review_dir / "index.html")
    rows = []
    for entry in entries:
        if entry.result is None:
            rows.append(IndexRow(entry, None, {}, ()))
            continue
        path, original = review_document(entry, finder, review_dir, page_images)
        report.pages.append(path)
        if original.problems:
            report.problems[entry.name] = original.problems
        counts = {kind.name: len(items_of(entry.result, kind)) for kind in KINDS}
        flags = (("text not found",) if original.text is None else ()) + original.problems[:1]
        rows.append(IndexRow(entry, page_name(entry), counts, flags))
    review_dir.mkdir(parents=True, exist_ok=True)
    report.index.write_text(index_page(rows, batch_charts(entries), skipped, f"Review of {out_dir.name or out_dir}"),
                            encoding="utf-8")
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kh-extract review",
                                     description="HTML pages to check what was extracted, one per document, and an index.")
    parser.add_argument("out_dir", type=Path, metavar="OUTDIR", help="a folder of kh-extract outputs")
    parser.add_argument("-o", "--review", type=Path, metavar="REVIEWDIR", help="where to write the pages (default: OUTDIR/review)")
    parser.add_argument("--inputs", type=Path, action="append", default=[], metavar="FOLDER",
                        help="where the input documents are (repeatable); used when no kept text is beside an output")
    parser.add_argument("--no-page-images", action="store_true", help="do not draw the pages of PDF and image inputs")
    return parser


def main(argv: list[str] | None = None) -> int:
    """``kh-extract review``: 0 written, 1 no outputs found, 2 usage error."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.out_dir.is_dir():
        print(f"kh-extract review: no such folder: {args.out_dir}", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        print(f"kh-extract review: no such input folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    report = build_review(args.out_dir, args.review, args.inputs, not args.no_page_images)
    for name, problems in report.problems.items():
        for problem in problems:
            print(f"kh-extract review: {name}: {problem}", file=sys.stderr)
    print(f"kh-extract review: {len(report.pages)} pages, {len(report.problems)} with problems -> {report.index}",
          file=sys.stderr)
    return 0 if report.pages else 1

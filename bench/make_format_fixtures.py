"""Build format fixtures from the scored documents (corpus/ and corpus/dev/).

    .venv/bin/python bench/make_format_fixtures.py [--out output/formats/fixtures] [--only d01 000] [--dpi 300]

Each document that has a gold file is written as the same content in other
containers, one folder per kind:

- ``plain/``: the text a printed page shows (Markdown marks stripped), as .txt
- ``pdf/``: a PDF with a text layer (reportlab, DejaVu Serif 13 pt, A4)
- ``scan/``: that PDF rendered at ``--dpi`` with mild noise, as an image-only PDF
- ``scan-askew/``: the same pages as fed askew into a scanner (each turned by
  0.4 to 1.5 degrees either way) and slightly out of focus
- ``docx/``: paragraphs, tab rows as tables (python-docx)
- ``html/``: a portal-like page (navigation, scripts, footer around the text)
- ``pdftotext/``: the PDF as ``pdftotext -layout`` prints it (poppler-utils;
  skipped with a message when the command is missing)

Output goes to a gitignored folder; ``bench/eval_formats.py`` extracts and
scores it (``make eval-formats``).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures import builders  # noqa: E402

KINDS = ("plain", "pdf", "scan", "scan-askew", "docx", "html", "pdftotext")
GOLD_SETS = ((ROOT / "corpus", ROOT / "corpus" / "gold"), (ROOT / "corpus" / "dev", ROOT / "corpus" / "dev" / "gold"))


def scored_documents(only: list[str] | None = None) -> list[Path]:
    """Source documents with a gold file, corpus first."""
    found = []
    for folder, gold in GOLD_SETS:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".txt", ".md") and (gold / f"{path.stem}.json").exists():
                if not only or any(path.stem.startswith(p) for p in only):
                    found.append(path)
    return found


def build_one(source: Path, out: Path, dpi: int) -> str:
    started = time.perf_counter()
    lines = builders.document_lines(source)
    stem = source.stem
    (out / "plain" / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pdf = builders.text_pdf(lines)
    (out / "pdf" / f"{stem}.pdf").write_bytes(pdf)
    images = builders.page_images(pdf, dpi=dpi, noise=8.0, seed=len(stem))
    (out / "scan" / f"{stem}.pdf").write_bytes(builders.image_pdf(images, dpi=dpi))
    askew = builders.askew(images, seed=len(stem))
    (out / "scan-askew" / f"{stem}.pdf").write_bytes(builders.image_pdf(askew, dpi=dpi))
    (out / "docx" / f"{stem}.docx").write_bytes(builders.docx_bytes(lines))
    (out / "html" / f"{stem}.html").write_bytes(builders.html_bytes(lines))
    if shutil.which("pdftotext"):
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(out / "pdf" / f"{stem}.pdf"),
                        str(out / "pdftotext" / f"{stem}.txt")], check=True)
    return f"{stem}: {len(images)} pages, {time.perf_counter() - started:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "formats" / "fixtures")
    parser.add_argument("--only", nargs="*", help="documents whose name starts with these")
    parser.add_argument("--dpi", type=int, default=300, help="scan resolution (default 300)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if builders.font_path() is None:
        print("DejaVu fonts are missing: apt-get install -y fonts-dejavu-core", file=sys.stderr)
        return 2
    if not shutil.which("pdftotext"):
        print("pdftotext is missing (apt-get install -y poppler-utils): no pdftotext/ fixtures", file=sys.stderr)
    for kind in KINDS:
        (args.out / kind).mkdir(parents=True, exist_ok=True)
    sources = scored_documents(args.only)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for line in pool.map(build_one, sources, [args.out] * len(sources), [args.dpi] * len(sources)):
            print(line, flush=True)
    print(f"{len(sources)} documents x {len(KINDS)} kinds -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extract the format fixtures and score every kind against the same gold
files as the clean text, from the same checkout in one run.

    .venv/bin/python bench/eval_formats.py [--fixtures output/formats/fixtures] [--kinds pdf scan]

Writes ``output/formats/out/<kind>/<gold stem>.json`` (``clean`` is the source
text itself), then prints per-field scores for each kind and the difference
from ``clean``, against the targets: text-layer PDF, docx and html within
0.02 of clean text, scanned PDF (straight or askew) within 0.08. Any kind can be re-scored alone:
``python -m pipeline.evaluate output/formats/out/<kind> corpus/dev/gold``.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import process  # noqa: E402
from pipeline.evaluate import FIELDS, Counts, evaluate  # noqa: E402
from pipeline.ingest import read_document  # noqa: E402
from pipeline.options import Options  # noqa: E402

from make_format_fixtures import GOLD_SETS, KINDS, scored_documents  # noqa: E402

SUFFIX = {"plain": ".txt", "pdf": ".pdf", "scan": ".pdf", "scan-askew": ".pdf", "docx": ".docx", "html": ".html", "pdftotext": ".txt"}
TARGET = {"plain": None, "pdf": 0.02, "scan": 0.08, "scan-askew": 0.08, "docx": 0.02, "html": 0.02, "pdftotext": None}


def extract_one(source: Path, out_dir: Path, dpi: int) -> tuple[str, float, str | None]:
    started = time.perf_counter()
    try:
        result = process(read_document(source, Options(ocr_dpi=dpi)))
    except Exception as exc:  # noqa: BLE001 - a failed fixture is reported, not fatal
        return source.name, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
    (out_dir / f"{source.stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return source.name, time.perf_counter() - started, None


def inputs_for(kind: str, fixtures: Path, only: list[str] | None) -> list[Path]:
    if kind == "clean":
        return scored_documents(only)
    return [fixtures / kind / f"{src.stem}{SUFFIX[kind]}" for src in scored_documents(only)]


def score(out_dir: Path) -> dict[str, float]:
    """Micro F1 per field (document: accuracy) over the corpus and dev gold sets."""
    totals = {name: Counts() for name in FIELDS}
    for folder, gold in GOLD_SETS:
        with contextlib.redirect_stdout(io.StringIO()):
            part = evaluate(out_dir, gold)
        for name in FIELDS:
            totals[name].add(part[name])
    return {name: (c.tp / c.gold if c.gold else 1.0) if name == "document" else c.f1
            for name, c in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "output" / "formats" / "fixtures")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "formats" / "out")
    parser.add_argument("--kinds", nargs="*", default=list(KINDS))
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    kinds = ["clean"] + [k for k in args.kinds if k != "clean"]
    scores: dict[str, dict[str, float]] = {}
    for kind in kinds:
        out_dir = args.out / kind
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("*.json"):
            old.unlink()
        sources = inputs_for(kind, args.fixtures, args.only)
        missing = [s for s in sources if not s.exists()]
        if missing and kind == "pdftotext" and not any(s.exists() for s in sources):
            print("pdftotext: no fixtures (poppler-utils missing when they were built); skipped", file=sys.stderr)
            continue
        if missing:
            print(f"{kind}: {len(missing)} fixtures missing (run bench/make_format_fixtures.py)", file=sys.stderr)
            return 2
        started = time.perf_counter()
        failures = []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for name, _, error in pool.map(extract_one, sources, [out_dir] * len(sources),
                                           [args.dpi] * len(sources)):
                if error:
                    failures.append(f"{name}: {error}")
        print(f"{kind:<6} {len(sources)} documents in {time.perf_counter() - started:6.1f} s"
              + (f"; {len(failures)} failed: {failures}" if failures else ""), flush=True)
        scores[kind] = score(out_dir)
    print()
    print(f"{'kind':<7}" + "".join(f"{name:>14}" for name in FIELDS) + "   worst drop vs clean (target)")
    for kind in [k for k in kinds if k in scores]:
        row = scores[kind]
        drop = max(scores["clean"][n] - row[n] for n in FIELDS)
        target = TARGET.get(kind)
        verdict = "" if kind == "clean" else f"   {drop:+.3f}" + (
            f" ({'ok' if drop <= target + 1e-9 else 'OVER'} <= {target})" if target is not None else "")
        print(f"{kind:<7}" + "".join(f"{row[n]:>14.3f}" for n in FIELDS) + verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())

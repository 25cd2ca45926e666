"""Extract the legacy-encoding fixtures and score them beside the Unicode originals.

Reads ``output/legacy-fixtures/inputs/<variant>/{corpus,dev}/`` (built by
``bench/make_legacy_fixtures.py``), extracts every variant into
``output/legacy-fixtures/out/<variant>/{corpus,dev}/`` (outputs are named after
the gold stems), scores each with the scorer of ``python -m pipeline.evaluate``,
prints the Unicode tables and each variant's tables, then one summary: F1 per
field (document: accuracy) for every variant and its difference from Unicode.

All variants are extracted by worker processes forked from this one after the
pipeline is imported, so every output comes from the same code, even while the
working tree changes during the run.

Usage: ``python bench/legacy_eval.py [--jobs 2] [--variants tcvn3 vni ...]``.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import extract, extract_text  # noqa: E402
from pipeline.evaluate import FIELDS, evaluate  # noqa: E402
from pipeline.ingest import IngestError  # noqa: E402

GOLD = {"corpus": ROOT / "corpus" / "gold", "dev": ROOT / "corpus" / "dev" / "gold"}
TARGET = 0.02          # the bar: legacy within 0.02 of Unicode, per field


def extract_one(task: tuple[Path, Path]) -> str | None:
    """Extract one file to ``out/<stem>.json``; the error message when it fails."""
    path, out = task
    target = out / f"{path.stem}.json"
    target.unlink(missing_ok=True)
    try:
        result = extract(path)
    except (IngestError, RuntimeError, ValueError) as exc:
        return f"{path}: {exc}"
    target.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return None


def extract_all(tasks: list[tuple[Path, Path]], jobs: int) -> None:
    extract_text("KẾ HOẠCH\nI. MỤC TIÊU\n")          # load every lazy part before forking
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for failure in pool.imap_unordered(extract_one, tasks):
            if failure:
                print(f"legacy_eval: failed: {failure}", file=sys.stderr)


def score(out: Path, gold: Path, show: bool) -> dict[str, float]:
    """Micro F1 per field (accuracy for ``document``); the evaluator's table when ``show``."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        totals = evaluate(out, gold)
    if show:
        print(buffer.getvalue())
    return {name: (c.tp / c.gold if c.gold else 1.0) if name == "document" else c.f1
            for name, c in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=ROOT / "output" / "legacy-fixtures")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--variants", nargs="*", help="only these variants (default: all built)")
    parser.add_argument("--brief", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    inputs = args.fixtures / "inputs"
    if not (inputs / "unicode").exists():
        sys.exit(f"legacy_eval: no fixtures in {inputs}; run bench/make_legacy_fixtures.py first")
    variants = ["unicode"] + sorted(v.name for v in inputs.iterdir()
                                    if v.is_dir() and v.name != "unicode"
                                    and (not args.variants or v.name in args.variants))
    tasks = []
    for variant in variants:
        for set_name in GOLD:
            out = args.fixtures / "out" / variant / set_name
            out.mkdir(parents=True, exist_ok=True)
            tasks += [(p, out) for p in sorted((inputs / variant / set_name).iterdir()) if p.is_file()]
    extract_all(tasks, args.jobs)
    results: dict[tuple[str, str], dict[str, float]] = {}
    for variant in variants:
        for set_name, gold in GOLD.items():
            out = args.fixtures / "out" / variant / set_name
            if not args.brief:
                print(f"== {variant}: {set_name} ==")
            results[(variant, set_name)] = score(out, gold, show=not args.brief)

    fields = list(FIELDS)
    print("== summary: F1 per field (document: accuracy); (+/-) difference from unicode ==")
    worst = 0.0
    for set_name in GOLD:
        print(f"\n{set_name:<14}" + "".join(f"{f:>15}" for f in fields))
        base = results[("unicode", set_name)]
        for variant in variants:
            row = results[(variant, set_name)]
            cells = []
            for f in fields:
                delta = row[f] - base[f]
                worst = min(worst, delta)
                cells.append(f"{row[f]:.3f}" if variant == "unicode" else f"{row[f]:.3f} ({delta:+.3f})")
            print(f"{variant:<14}" + "".join(f"{c:>15}" for c in cells))
    verdict = "within" if worst >= -TARGET else "NOT within"
    print(f"\nworst difference from unicode: {worst:+.3f} ({verdict} {TARGET} of unicode)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extract the legacy-encoding fixtures and score them beside the Unicode originals.

Reads ``output/legacy-fixtures/inputs/<variant>/{corpus,dev}/`` (built by
``bench/make_legacy_fixtures.py``), extracts every variant with the project's
CLI into ``output/legacy-fixtures/out/<variant>/{corpus,dev}/`` (outputs are
named after the gold stems), scores each with ``python -m pipeline.evaluate``,
prints the Unicode tables and each variant's tables, then one summary: F1 per
field (document: accuracy) for every variant and its difference from Unicode.
Both runs come from the same checkout at the same time.

Usage: ``python bench/legacy_eval.py [--jobs 2] [--variants tcvn3 vni ...]``.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import FIELDS, evaluate  # noqa: E402

GOLD = {"corpus": ROOT / "corpus" / "gold", "dev": ROOT / "corpus" / "dev" / "gold"}
TARGET = 0.02          # the bar: legacy within 0.02 of Unicode, per field


def extract(inputs: Path, out: Path, jobs: int) -> None:
    files = sorted(p for p in inputs.iterdir() if p.is_file())
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pipeline", *map(str, files), "-o", str(out),
                    "-j", str(jobs), "-q", "--force"], check=False)


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
    results: dict[tuple[str, str], dict[str, float]] = {}
    for variant in variants:
        for set_name, gold in GOLD.items():
            out = args.fixtures / "out" / variant / set_name
            extract(inputs / variant / set_name, out, args.jobs)
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

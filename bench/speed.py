"""Speed benchmark: documents per second and milliseconds per stage.

    python bench/speed.py [--rounds N] [FOLDER]

Runs every document of FOLDER (default corpus/) N times in one process, after
one warm-up pass (model loading is reported separately), and prints the time
each stage takes per document. Our own Python must never be the bottleneck of
a batch: compare the per-document total with the cost of reading a file.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import read_document  # noqa: E402
from pipeline.output import to_output  # noqa: E402
from pipeline.runner import run_stages  # noqa: E402
from pipeline.validate import validate  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix in {".txt", ".md", ".pdf"})
    if not files:
        print(f"no documents in {args.folder}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    for path in files:                         # warm-up: loads models and vocabularies
        run_stages(read_document(path))
    warmup = time.perf_counter() - started

    timings: dict[str, float] = {}
    chars = 0
    started = time.perf_counter()
    for _ in range(args.rounds):
        for path in files:
            t0 = time.perf_counter()
            doc = read_document(path)
            timings["ingest"] = timings.get("ingest", 0.0) + time.perf_counter() - t0
            run_stages(doc, timings=timings)
            t0 = time.perf_counter()
            validate(to_output(doc))
            timings["output+validate"] = timings.get("output+validate", 0.0) + time.perf_counter() - t0
            chars += len(doc.original)
    elapsed = time.perf_counter() - started
    n = args.rounds * len(files)
    print(f"{len(files)} documents x {args.rounds} rounds = {n} runs, {chars / n / 1000:.1f} k chars/doc")
    print(f"first pass (loads models): {warmup * 1000:.0f} ms")
    print(f"{'stage':<18}{'ms/doc':>10}{'share':>8}")
    total = sum(timings.values())
    for name, seconds in timings.items():
        print(f"{name:<18}{seconds / n * 1000:>10.2f}{seconds / total:>8.1%}")
    print(f"{'total':<18}{elapsed / n * 1000:>10.2f}")
    print(f"throughput: {n / elapsed:.1f} documents/s, {chars / elapsed / 1e6:.2f} M chars/s (one core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

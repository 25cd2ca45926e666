"""Speed benchmark: time per stage, the ratio to one NLP pass, and how cost grows with size.

    python bench/speed.py [--rounds N] [--wild FOLDER] [FOLDER ...]

1. Per stage: every document of the folders (default ``corpus/`` and
   ``corpus/dev/``) run N times in one process after a warm-up pass (model
   loading reported apart); milliseconds per document per stage.
2. The ratio to ``underthesea.word_tokenize``: the same texts through one
   tokenizer pass and through the whole pipeline (normalize to validated
   JSON), side by side in this process, CPU time; printed as tokenizer time
   over pipeline time (higher is faster; the target is 3 or more). With
   ``--wild FOLDER`` the same ratio on that folder too.
3. Size scaling: one plan repeated 1, 10 and 100 times, each run in a fresh
   process: seconds, microseconds per character and peak memory. Linear cost
   keeps microseconds per character flat.
4. Peak memory of one 20k-character document, in a fresh process.

Our own Python must never be the bottleneck of a batch.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import document_from_text, read_document  # noqa: E402
from pipeline.output import to_output  # noqa: E402
from pipeline.runner import run_stages  # noqa: E402
from pipeline.validate import validate  # noqa: E402

SUFFIXES = {".txt", ".md", ".pdf"}
SCALED_PLAN = ROOT / "corpus" / "003_646cc4b7517d2c67.txt"
SCALES = (1, 10, 100)

# Run in a fresh interpreter: extract one file, print seconds and peak RSS. The
# peak is the process's own high-water mark (VmHWM): getrusage's ru_maxrss keeps
# the parent's peak across exec on Linux.
ONE_RUN = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from pipeline import process
from pipeline.ingest import read_document
started = time.perf_counter()
process(read_document(Path(sys.argv[1])))
seconds = time.perf_counter() - started
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"seconds": seconds, "rss_mb": int(hwm.split()[1]) / 1024}))
"""


def documents(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)


def per_stage(files: list[Path], rounds: int) -> None:
    started = time.perf_counter()
    for path in files:                         # warm-up: loads models and vocabularies
        run_stages(read_document(path))
    warmup = time.perf_counter() - started
    timings: dict[str, float] = {}
    chars = 0
    started = time.perf_counter()
    for _ in range(rounds):
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
    n = rounds * len(files)
    print(f"{len(files)} documents x {rounds} rounds = {n} runs, {chars / n / 1000:.1f} k chars/doc")
    print(f"first pass (loads models): {warmup * 1000:.0f} ms")
    print(f"{'stage':<18}{'ms/doc':>10}{'share':>8}")
    total = sum(timings.values())
    for name, seconds in timings.items():
        print(f"{name:<18}{seconds / n * 1000:>10.2f}{seconds / total:>8.1%}")
    print(f"{'total':<18}{elapsed / n * 1000:>10.2f}")
    print(f"throughput: {n / elapsed:.1f} documents/s, {chars / elapsed / 1e6:.2f} M chars/s (one core)")


def ratio_to_tokenizer(texts: list[str], label: str, rounds: int = 2) -> float:
    """Tokenizer CPU time over pipeline CPU time on the same texts (best of ``rounds``)."""
    from underthesea import word_tokenize
    word_tokenize("khởi động")                 # load the model outside the timing
    run_stages(document_from_text("Kế hoạch"))
    tokenizer = pipeline = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for text in texts:
            word_tokenize(text)
        tokenizer = min(tokenizer, time.process_time() - t0)
        t0 = time.process_time()
        for text in texts:
            doc = document_from_text(text)
            run_stages(doc)
            validate(to_output(doc))
        pipeline = min(pipeline, time.process_time() - t0)
    ratio = tokenizer / pipeline
    print(f"{label}: {len(texts)} texts, {sum(map(len, texts)) / 1e6:.2f} M chars; "
          f"word_tokenize {tokenizer:.2f} s, pipeline {pipeline:.2f} s CPU: ratio {ratio:.2f} (target >= 3)")
    return ratio


def fresh_run(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", ONE_RUN, str(path), str(ROOT)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def scaling() -> None:
    plan = SCALED_PLAN.read_text(encoding="utf-8")
    print(f"{'size':>6}{'chars':>12}{'seconds':>10}{'us/char':>10}{'peak MB':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in SCALES:
            path = Path(tmp) / f"plan_x{scale}.txt"
            path.write_text(plan * scale, encoding="utf-8")
            run = fresh_run(path)
            chars = len(plan) * scale
            print(f"{scale:>5}x{chars:>12,}{run['seconds']:>10.2f}{run['seconds'] / chars * 1e6:>10.2f}"
                  f"{run['rss_mb']:>10.0f}")


def peak_memory_20k(files: list[Path]) -> None:
    sized = min(files, key=lambda p: abs(len(p.read_text(encoding="utf-8", errors="replace")) - 20_000))
    run = fresh_run(sized)
    print(f"peak RSS for one {len(sized.read_text(encoding='utf-8', errors='replace')) / 1000:.0f}k-character "
          f"document ({sized.name}): {run['rss_mb']:.0f} MB (target < 300 MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "corpus", ROOT / "corpus" / "dev"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wild", type=Path, help="a folder of other texts to measure the ratio on too")
    args = parser.parse_args(argv)
    files = documents(args.folders)
    if not files:
        print(f"no documents in {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 2
    print("== time per stage ==")
    per_stage(files, args.rounds)
    print("\n== ratio to one underthesea.word_tokenize pass ==")
    texts = [read_document(p).original for p in files if p.suffix != ".pdf"]
    ratio_to_tokenizer(texts, "corpus and dev")
    if args.wild and args.wild.is_dir():
        ratio_to_tokenizer([read_document(p).original for p in documents([args.wild])], f"{args.wild.name}",
                           rounds=1)
    print("\n== size scaling (one plan repeated, fresh process each) ==")
    scaling()
    print()
    peak_memory_20k(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())

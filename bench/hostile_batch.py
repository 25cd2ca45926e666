"""The batch acceptance check: the corpus beside hostile and broken files.

    python bench/hostile_batch.py [--timeout SECONDS] [--jobs N] [--work DIR]

Builds a batch of every corpus and corpus/dev document, two hostile files (a
400,000-character line of ``1.``; the 003 seed document repeated 600 times,
27 MB), an empty, a binary and an undecodable file; runs ``kh-extract`` on it
with the given per-document limit; prints the wall time and what the manifest
recorded. Exit 0 when the batch behaved: kh-extract exited 1, every good
document was written, and every bad one is in the manifest with its code.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BROKEN = {                                   # name -> (bytes, the ingest code it must get)
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 64, "binary"),
    "undecodable.txt": ("café naïve résumé, déjà vu ".encode("latin-1") * 50, "bad_encoding"),
}
HOSTILE = ("ones.txt", "repeated.txt")


def build(work: Path) -> Path:
    """The batch's input folder: good/, hostile/, broken/."""
    inputs = work / "in"
    good = inputs / "good"
    for folder in (CORPUS, CORPUS / "dev"):
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            target = good / folder.relative_to(CORPUS) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    hostile = inputs / "hostile"
    hostile.mkdir(parents=True)
    (hostile / "ones.txt").write_text("1." * 200_000, encoding="utf-8")
    seed = next(CORPUS.glob("003_*.txt")).read_text(encoding="utf-8")
    (hostile / "repeated.txt").write_text("\n".join([seed] * 600), encoding="utf-8")
    broken = inputs / "broken"
    broken.mkdir(parents=True)
    for name, (data, _) in BROKEN.items():
        (broken / name).write_bytes(data)
    return inputs


def check(inputs: Path, out: Path, returncode: int) -> list[str]:
    """What went wrong with the batch (empty: the acceptance holds)."""
    problems = [] if returncode == 1 else [f"kh-extract exited {returncode}, not 1"]
    entries = {}
    for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        entries[Path(entry["input"]).relative_to(inputs.resolve()).as_posix()] = entry
    for path in sorted((inputs / "good").rglob("*")):
        if path.is_file():
            rel = path.relative_to(inputs).as_posix()
            if entries.get(rel, {}).get("status") != "ok":
                problems.append(f"{rel}: not written ({entries.get(rel)})")
    for name, (_, code) in BROKEN.items():
        entry = entries.get(f"broken/{name}", {})
        if (entry.get("status"), entry.get("code")) != ("error", code):
            problems.append(f"broken/{name}: expected error/{code}, manifest has {entry}")
    for name in HOSTILE:
        entry = entries.get(f"hostile/{name}", {})
        if entry.get("status") not in {"ok", "timeout", "memory"} or (entry.get("status") != "ok"
                                                                     and not entry.get("code")):
            problems.append(f"hostile/{name}: manifest has {entry}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="per-document limit (default: 120)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="folder to build the batch in (default: a temp folder)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kh-hostile-"))
    inputs, out = build(work), work / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pipeline", str(inputs), "-o", str(out), "-j", str(args.jobs),
                          "--timeout", str(args.timeout), "-q"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    sys.stderr.write(run.stderr)
    statuses = Counter()
    for line in (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        statuses[entry["code"] or entry["status"]] += 1
    print(f"hostile batch: exit {run.returncode} in {elapsed:.1f} s with --timeout {args.timeout:g} -j {args.jobs}; "
          + ", ".join(f"{code} {n}" for code, n in sorted(statuses.items())))
    problems = check(inputs, out, run.returncode)
    for problem in problems:
        print(f"FAIL {problem}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

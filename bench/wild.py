"""What the pipeline finds in texts that are no plans (the wild set): it must
never fail on them and should invent no plans, budgets or targets.

    .venv/bin/python bench/wild.py [../shared/wild] [-j 2]

Runs ``kh-extract`` over the folder into ``output/wild/`` and prints how many
texts were written or failed, how many were judged a plan, and how many carry
budget items, budget totals or targets, naming the texts that do (each one to
read by eye: a news page about a real plan may rightly have a budget).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "wild")
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "wild")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pipeline", str(args.folder), "-o", str(args.out),
                          "-j", str(args.jobs), "-q", "--force"], cwd=ROOT)
    seconds = time.perf_counter() - started
    written = sorted(p for p in args.out.rglob("*.json") if not p.name.endswith(".error.json"))
    failed = sorted(args.out.rglob("*.error.json"))
    plans, with_items, with_totals, with_targets = [], [], [], []
    for path in written:
        result = json.loads(path.read_text(encoding="utf-8"))
        name = path.relative_to(args.out).as_posix()
        if result["quality"].get("is_plan"):
            plans.append(name)
        if result["budget"]["items"]:
            with_items.append(name)
        if result["budget"]["totals"]:
            with_totals.append(name)
        if result["targets"]:
            with_targets.append(name)
    print(f"{len(written)} written, {len(failed)} failed in {seconds:.1f} s (-j {args.jobs}); exit {run.returncode}")
    for label, names in (("judged a plan", plans), ("with budget items", with_items),
                         ("with budget totals", with_totals), ("with targets", with_targets),
                         ("failed", [p.relative_to(args.out).as_posix() for p in failed])):
        shown = ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")
        print(f"  {label:<20} {len(names):>5}" + (f"   {shown}" if names else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

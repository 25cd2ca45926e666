"""False conversions and cost of the legacy-encoding detection on genuine text.

Every corpus, corpus/dev and wild document (``../shared/wild/`` beside the
repository, when it exists; ``--wild`` to point elsewhere) is genuine Unicode
Vietnamese, so the legacy step must convert none of them:

- as it stands (UTF-8): ``normalize/legacy.py`` must leave it alone;
- as Windows-1258 bytes (tone marks as combining characters, the other 8-bit
  Vietnamese encoding): ``ingest`` must read it as cp1258, never as TCVN3 / VNI.

It also times the step on those Unicode texts (the price every document pays):
the pre-check alone, and the whole step (pre-check, and the decision where the
pre-check lets a text through); and the reading of the Windows-1258 bytes
(``decode_text``: UTF-8 fails, the legacy readings are tried and refused).

Usage: ``python bench/legacy_detection.py [--wild PATH]``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_legacy_fixtures import cp1258_bytes  # noqa: E402

from pipeline.document import Document  # noqa: E402
from pipeline.ingest import IngestError  # noqa: E402
from pipeline.ingest.legacy import choose_reading  # noqa: E402
from pipeline.ingest.text import decode_text  # noqa: E402
from pipeline.normalize.legacy import convert_legacy, has_legacy_signature  # noqa: E402

LEGACY = {"tcvn3", "vni", "tcvn3-mojibake", "vni-mojibake"}


def documents(wild: Path | None) -> dict[str, list[Path]]:
    sets = {
        "corpus": sorted((ROOT / "corpus").glob("*.txt")),
        "dev": sorted(p for p in (ROOT / "corpus" / "dev").iterdir() if p.suffix in {".txt", ".md"}),
    }
    if wild is not None and wild.is_dir():
        sets["wild"] = sorted(p for p in wild.iterdir() if p.is_file())
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wild", type=Path, default=ROOT.parent / "shared" / "wild")
    args = parser.parse_args(argv)
    sets = documents(args.wild)
    if "wild" not in sets:
        print(f"legacy_detection: no wild corpus at {args.wild}; corpus and dev only")
    choose_reading("warm up: load the syllable list " * 3)      # not timed
    total_false = 0
    print(f"{'set':<8}{'docs':>6}{'MB':>7}{'utf8 conv':>10}{'cp1258 conv':>12}{'trials':>8}"
          f"{'pre-check ms':>14}{'step ms':>10}{'max ms':>8}{'cp1258 ms':>11}")
    for name, paths in sets.items():
        n_bytes = false_utf8 = false_cp1258 = trials = 0
        precheck_s = step_s = worst_s = cp1258_s = 0.0
        for path in paths:
            data = path.read_bytes()
            n_bytes += len(data)
            try:
                text = decode_text(data)
            except IngestError:
                continue
            started = time.perf_counter()
            passed = has_legacy_signature(text)
            precheck_s += time.perf_counter() - started
            trials += passed
            doc = Document(str(text))
            started = time.perf_counter()
            convert_legacy(doc)
            elapsed = time.perf_counter() - started
            step_s += elapsed
            worst_s = max(worst_s, elapsed)
            if doc.source_encoding in LEGACY:
                false_utf8 += 1
                print(f"  FALSE CONVERSION (utf-8): {path.name}")
            raw = cp1258_bytes(str(text))
            started = time.perf_counter()
            try:
                as_cp1258 = decode_text(raw)
            except IngestError:
                continue
            finally:
                cp1258_s += time.perf_counter() - started
            if as_cp1258.encoding in LEGACY:
                false_cp1258 += 1
                print(f"  FALSE CONVERSION (cp1258 bytes): {path.name}")
        total_false += false_utf8 + false_cp1258
        print(f"{name:<8}{len(paths):>6}{n_bytes / 1e6:>7.1f}{false_utf8:>10}{false_cp1258:>12}{trials:>8}"
              f"{precheck_s * 1000:>14.1f}{step_s * 1000:>10.1f}{worst_s * 1000:>8.1f}{cp1258_s * 1000:>11.0f}")
    print(f"\nfalse conversions: {total_false}")
    return 1 if total_false else 0


if __name__ == "__main__":
    sys.exit(main())

"""Build the OCR-repair language model counts into pipeline/data/lm_syllables.tsv.

    .venv/bin/python bench/build_lm.py

Counts syllable unigrams and bigrams from the clean text that ships with
underthesea (Viet74K word list, VLSP 2013 tagged sentences, administrative-unit
names) and the project's lexicon (pipeline/data/lexicon_admin.txt); see
pipeline/normalize/lm.py. Re-run after editing the lexicon.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.normalize import lm  # noqa: E402


def main() -> None:
    t0 = time.perf_counter()
    model = lm.build_from_sources()
    lm.write_counts(model, lm.COUNTS_FILE)
    size = lm.COUNTS_FILE.stat().st_size
    print(f"{lm.COUNTS_FILE}: {len(model.uni)} unigrams, {len(model.bi)} bigrams, "
          f"{len(model.valid)} valid syllables, {size / 1e6:.2f} MB, {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

"""Noise benchmark for the OCR repair (``make noise-bench``).

A seeded generator takes clean Vietnamese text and injects OCR-like noise at
set rates: tone marks dropped on a share of syllables, circumflex/breve/horn
lost, ``đ`` -> ``d``, the marked vowel of a syllable dropped (``tỉnh`` ->
``tnh``), spaces between words removed, and a few stamp lines. It measures the
syllable error rate (SER: syllable edit distance / reference syllables) of the
noisy text and of the repaired text, and the number of changes the repair
makes to the clean text itself (false repairs per 10,000 syllables).

Clean text: the VLSP 2013 sentences underthesea ships that the language model
was NOT built from (every 10th sentence, ``lm.heldout_sentences``). False
repairs are also counted on the clean corpus documents (000, 001, 004), which
must come through unchanged.

    .venv/bin/python bench/noise.py [--seed 7] [--scale 1.0]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.normalize import lm, repair  # noqa: E402
from pipeline.normalize.confusions import MODIFIERS, TONES, fold_tone_placement, is_marked_vowel  # noqa: E402

CLEAN_CORPUS = ["000", "001", "004"]

WORD = regex.compile(r"\p{L}+")
SYLLABLE = regex.compile(r"\w+")


@dataclass(frozen=True)
class Rates:
    """Per-syllable (or per-space, per-line) noise rates."""

    tone: float = 0.04        # a syllable loses its tone mark
    modifier: float = 0.03    # a syllable loses its circumflex / breve / horn
    dstroke: float = 0.02     # "đ" -> "d"
    drop: float = 0.01        # the marked vowel dropped ("tỉnh" -> "tnh")
    merge: float = 0.05       # the space after a word removed ("thông tin" -> "thôngtin")
    stamp: float = 0.02       # a stamp-debris line inserted after a line

    def scaled(self, k: float) -> "Rates":
        return Rates(*(min(1.0, getattr(self, f) * k) for f in self.__dataclass_fields__))


STAMP_CHARS = "ÒÈÁÂỦTHNGVÀỀSố0123456789$\\ "


def noisy_syllable(syl: str, rates: Rates, rnd: random.Random) -> str:
    chars = []
    drop_done = False
    if rnd.random() < rates.drop:
        marked = [i for i, ch in enumerate(syl) if is_marked_vowel(ch)]
        if marked:
            i = rnd.choice(marked)
            syl = syl[:i] + syl[i + 1:]
            drop_done = True
    lose_tone = rnd.random() < rates.tone
    lose_mod = rnd.random() < rates.modifier
    lose_d = rnd.random() < rates.dstroke
    for ch in syl:
        if ch in "đĐ" and lose_d:
            chars.append("d" if ch == "đ" else "D")
            continue
        nfd = unicodedata.normalize("NFD", ch)
        kept = nfd[0] + "".join(
            m for m in nfd[1:]
            if not ((m in TONES and lose_tone) or (m in MODIFIERS and lose_mod))
        )
        chars.append(unicodedata.normalize("NFC", kept))
    del drop_done
    return "".join(chars)


def add_noise(text: str, rates: Rates, seed: int) -> tuple[str, list[bool]]:
    """Noisy text and, per output line, whether it is an inserted stamp line."""
    rnd = random.Random(seed)
    out_lines, is_stamp = [], []
    for line in text.split("\n"):
        noisy = WORD.sub(lambda m: noisy_syllable(m.group(), rates, rnd), line)
        # merges: remove a space between two letter runs
        noisy = regex.sub(
            r"(?<=\p{L}) (?=\p{L})", lambda m: "" if rnd.random() < rates.merge else " ", noisy
        )
        out_lines.append(noisy)
        is_stamp.append(False)
        if rnd.random() < rates.stamp:
            out_lines.append("".join(rnd.choice(STAMP_CHARS) for _ in range(rnd.randint(8, 30))))
            is_stamp.append(True)
    return "\n".join(out_lines), is_stamp


def syllables(line: str) -> list[str]:
    """Syllables in the project's tone-placement convention ("hoà" and "hòa" are one)."""
    return [fold_tone_placement(s) for s in SYLLABLE.findall(line)]


def is_fold(orig: str, new: str) -> bool:
    """A tone-placement fold ("hoà" -> "hòa"): a convention, not a repair."""
    return fold_tone_placement(orig) == new


def ser(ref_lines: list[str], hyp_lines: list[str]) -> tuple[int, int]:
    """(syllable edits, reference syllables) over aligned lines."""
    errors = total = 0
    for ref, hyp in zip(ref_lines, hyp_lines):
        r, h = syllables(ref), syllables(hyp)
        errors += Levenshtein.distance(r, h)
        total += len(r)
    return errors, total


def apply_repair(text: str) -> tuple[str, int, int]:
    """Repaired text, number of repairs, number of tone-placement folds."""
    edits = repair.repair_edits(text)
    folds = sum(1 for _e, o, n in edits if is_fold(o, n))
    parts, cursor = [], 0
    for edit, _o, _n in sorted(edits, key=lambda t: (t[0].start, t[0].end)):
        parts.append(text[cursor:edit.start])
        parts.append(edit.replacement)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts), len(edits) - folds, folds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, nargs="*", default=[0.5, 1.0, 2.0])
    ap.add_argument("--show", type=int, default=0, help="print this many remaining errors")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    lm.model()
    load = time.perf_counter() - t0
    clean = "\n".join(lm.heldout_sentences())
    clean_lines = clean.split("\n")
    n_syl = sum(len(syllables(x)) for x in clean_lines)
    print(f"model load: {load * 1000:.0f} ms; clean text: {len(clean_lines)} held-out sentences, {n_syl} syllables")

    _repaired, n_false, n_folds = apply_repair(clean)
    print(f"false repairs on clean held-out text: {n_false} ({n_false / n_syl * 1e4:.1f} per 10k syllables); "
          f"tone-placement folds (hoà -> hòa, not counted): {n_folds}")

    for scale in args.scale:
        rates = Rates().scaled(scale)
        noisy, stamp = add_noise(clean, rates, args.seed)
        t1 = time.perf_counter()
        fixed, n_edits, _folds = apply_repair(noisy)
        dt = time.perf_counter() - t1
        keep = [not s for s in stamp]
        noisy_lines = [x for x, k in zip(noisy.split("\n"), keep) if k]
        fixed_all = fixed.split("\n")
        fixed_lines = [x for x, k in zip(fixed_all, keep) if k]
        e0, tot = ser(clean_lines, noisy_lines)
        e1, _ = ser(clean_lines, fixed_lines)
        stamp_edits = sum(1 for a, b, s in zip(noisy.split("\n"), fixed_all, stamp) if s and a != b)
        red = (1 - e1 / e0) * 100 if e0 else 0.0
        print(
            f"rates x{scale:g} {rates}: SER noisy {e0 / tot:.2%} -> repaired {e1 / tot:.2%} "
            f"(reduction {red:.1f}%), {n_edits} edits, {stamp_edits} stamp lines touched, "
            f"{dt * 1000:.0f} ms for {len(noisy) / 1000:.0f} KB"
        )
        if args.show:
            shown = 0
            for ref, hyp, nz in zip(clean_lines, fixed_lines, noisy_lines):
                if syllables(ref) != syllables(hyp) and shown < args.show:
                    print("  REF ", ref, "\n  NOISY", nz, "\n  HYP ", hyp)
                    shown += 1

    # the same noise on administrative text: the clean corpus documents (the
    # model was not built from them; this is a second, domain-matched check)
    corpus_text = "\n".join(
        path.read_text(encoding="utf-8")
        for prefix in CLEAN_CORPUS for path in sorted((ROOT / "corpus").glob(f"{prefix}_*.txt"))
    )
    corpus_lines = corpus_text.split("\n")
    for scale in args.scale:
        noisy, stamp = add_noise(corpus_text, Rates().scaled(scale), args.seed)
        fixed, _n, _f = apply_repair(noisy)
        keep = [not s for s in stamp]
        e0, tot = ser(corpus_lines, [x for x, k in zip(noisy.split("\n"), keep) if k])
        e1, _ = ser(corpus_lines, [x for x, k in zip(fixed.split("\n"), keep) if k])
        print(f"clean corpus docs + noise x{scale:g}: SER {e0 / tot:.2%} -> {e1 / tot:.2%} "
              f"(reduction {(1 - e1 / e0) * 100 if e0 else 0:.1f}%)")

    print("clean corpus documents (must be 0):")
    for prefix in CLEAN_CORPUS:
        for path in sorted((ROOT / "corpus").glob(f"{prefix}_*.txt")):
            text = path.read_text(encoding="utf-8")
            t1 = time.perf_counter()
            edits = repair.repair_edits(text)
            dt = time.perf_counter() - t1
            n = sum(len(syllables(x)) for x in text.split("\n"))
            print(f"  {path.name}: {len(edits)} repairs / {n} syllables "
                  f"({len(edits) / n * 1e4:.1f} per 10k), {dt * 1000:.0f} ms")
            for edit, o, new in edits:
                print(f"    {o!r} -> {new!r} at {edit.start}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

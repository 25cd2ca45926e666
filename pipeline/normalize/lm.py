"""A small Vietnamese syllable language model for the OCR repair.

Syllable unigram and bigram counts, Witten-Bell interpolated, loaded once per
process (lazily, on first use) from ``pipeline/data/lm_syllables.tsv``, which
``bench/build_lm.py`` counts from clean text that ships with the project's
dependencies and with the project itself (without that file the model is
counted from the sources at first use, about 2 s):

- ``underthesea/corpus/data/Viet74K.txt``: 74K Vietnamese words, one per line;
  every word adds its syllables and the bigrams inside it (``chỉ đạo``).
- the VLSP 2013 tagged sentences bundled with underthesea's POS model
  (``pipeline/pos_tag/models/*/test_output.txt``): running text, so bigrams
  across words (``của tỉnh``) and real syllable frequencies. Every 10th
  sentence is held out for the noise benchmark.
- underthesea's administrative-unit names (``address/data/mapping.json``):
  province, district and ward names (``Quảng Trị``, ``Cam Lộ``).
- ``pipeline/data/lexicon_admin.txt``: administrative terms, weighted up.

Nothing is cached outside the process; a missing source is skipped (the model
then knows less and repairs less, it never repairs more). The corpus documents
are NOT used: the repair is measured on text the model has not seen.
"""
from __future__ import annotations

import functools
import json
import math
from collections import Counter
from pathlib import Path

import regex

from .confusions import FOREIGN_LETTERS, degradations, fold_tone_placement, is_syllable_shape, vowel_drops

DATA = Path(__file__).resolve().parent.parent / "data"

# Weights of the sources (counts are multiplied by them).
WEIGHT_WORDLIST = 1
WEIGHT_RUNNING = 1
WEIGHT_PLACES = 3
WEIGHT_LEXICON = 8

BOUNDARY = "<s>"
NUMBER = "<num>"

# A token: letters ("tỉnh", "UBND"), a number ("2015", "0,8"), or one other character.
TOKEN = regex.compile(r"\p{L}+|\d+(?:[.,]\d+)*|[^\s\p{L}\d]")
DIGITS = regex.compile(r"\d")

# Administrative-unit prefixes stripped from place names: "Huyện Bảo Lạc" -> "Bảo Lạc".
PLACE_PREFIX = regex.compile(r"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+")


@functools.lru_cache(maxsize=65536)
def key(syllable: str) -> str:
    """The model's form of a syllable: lower case, old tone placement."""
    return fold_tone_placement(syllable.lower())


def is_native(syllable: str) -> bool:
    """Letters only, none of them foreign to Vietnamese (``f j w z``)."""
    return syllable.isalpha() and not (set(syllable) & FOREIGN_LETTERS)


def sentence_keys(text: str) -> list[str]:
    """Model tokens of a line: syllable keys, ``<num>``, and ``<s>`` for punctuation."""
    out = []
    for tok in TOKEN.findall(text):
        if tok[0].isalpha():
            out.append(key(tok))
        elif DIGITS.match(tok):
            out.append(NUMBER)
        else:
            out.append(BOUNDARY)
    return out


class SyllableLM:
    """Unigram + bigram counts over syllable keys, and the candidate indexes."""

    def __init__(self) -> None:
        self.uni: Counter[str] = Counter()
        self.bi: Counter[tuple[str, str]] = Counter()
        self.valid: set[str] = set()      # syllables a repair may produce
        self.total = 0
        self.followers: Counter[str] = Counter()
        self.degraded: dict[str, list[tuple[str, float]]] = {}   # noisy form -> [(clean, cost)]
        self.dropped: dict[str, list[str]] = {}                   # vowel-dropped form -> [clean]
        self._cache: dict[tuple[str, str], float] = {}
        self._uni_cache: dict[str, float] = {}
        self.ctx: Counter[str] = Counter()                        # prev -> pair count
        self._followers_raw: dict[str, str] = {}                  # prev -> "w c w c ..." (unparsed)
        self._followers_of: dict[str, dict[str, int]] = {}        # prev -> {w: count} (parsed)

    def pair_count(self, prev: str, w: str) -> int:
        """How often ``w`` followed ``prev``; a context's row is parsed on first use."""
        table = self._followers_of.get(prev)
        if table is None:
            raw = self._followers_raw.pop(prev, "")
            items = iter(raw.split(" ")) if raw else iter(())
            table = self._followers_of[prev] = dict(zip(items, map(int, items)))
        return table.get(w, 0)

    # -- building -------------------------------------------------------
    def add_sequence(self, keys: list[str], weight: int, valid: bool) -> None:
        prev = BOUNDARY
        for k in keys:
            if k != BOUNDARY:
                self.uni[k] += weight
                if valid and is_native(k):
                    self.valid.add(k)
            if not (prev == BOUNDARY and k == BOUNDARY):
                self.bi[(prev, k)] += weight
            prev = k
        if prev != BOUNDARY:
            self.bi[(prev, BOUNDARY)] += weight

    def finish(self) -> None:
        self.total = sum(self.uni.values())
        self.vocab_size = len(self.uni) + 1
        if self.bi:                        # built from sources: contexts from the pairs
            for (a, b), c in self.bi.items():
                self.ctx[a] += c
                self.followers[a] += 1
                self._followers_of.setdefault(a, {})[b] = c
        # a repair produces Vietnamese syllables only: not "cn", not a letter name "h"
        self.valid = {s for s in self.valid if is_syllable_shape(s)}
        for syl in self.valid:
            for form, cost in degradations(syl):
                self.degraded.setdefault(form, []).append((syl, cost))
            for form in vowel_drops(syl):
                self.dropped.setdefault(form, []).append(syl)

    # -- scoring ---------------------------------------------------------
    def logp_uni(self, w: str) -> float:
        lp = self._uni_cache.get(w)
        if lp is None:
            lp = self._uni_cache[w] = math.log(self._p_uni(w))
        return lp

    def _p_uni(self, w: str) -> float:
        return (self.uni.get(w, 0) + 0.1) / (self.total + 0.1 * self.vocab_size)

    def logp(self, prev: str, w: str) -> float:
        """log P(w | prev), Witten-Bell interpolation with the unigram (memoized)."""
        pair = (prev, w)
        lp = self._cache.get(pair)
        if lp is not None:
            return lp
        p_uni = self._p_uni(w)
        c_ctx = self.ctx.get(prev, 0)
        if not c_ctx:
            lp = math.log(p_uni)
        else:
            lam = c_ctx / (c_ctx + self.followers[prev])
            lp = math.log(lam * self.pair_count(prev, w) / c_ctx + (1 - lam) * p_uni)
        if len(self._cache) < 500_000:
            self._cache[pair] = lp
        return lp


def _site_packages_file(*parts: str) -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("underthesea")
    except (ImportError, ValueError):
        return None
    if not spec or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)
    return path if path.exists() else None


def _wordlist_lines() -> list[str]:
    path = _site_packages_file("corpus", "data", "Viet74K.txt")
    return path.read_text(encoding="utf-8").splitlines() if path else []


# Every HELDOUT_EVERY-th running sentence is kept out of the model: the noise
# benchmark (bench/noise.py) measures the repair on those unseen sentences.
HELDOUT_EVERY = 10


def heldout_sentences() -> list[str]:
    """Running sentences the model was not built from (for bench/noise.py)."""
    return [s for i, s in enumerate(_running_sentences()) if i % HELDOUT_EVERY == 0]


def _running_sentences() -> list[str]:
    """Sentences of the VLSP 2013 tagged text bundled with underthesea's POS model."""
    root = _site_packages_file("pipeline", "pos_tag", "models")
    if not root:
        return []
    sentences: list[str] = []
    for path in sorted(root.glob("*/test_output.txt")):
        words: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                if words:
                    sentences.append(" ".join(words))
                words = []
                continue
            words.append(line.split("\t", 1)[0])
        if words:
            sentences.append(" ".join(words))
    return sentences


def _place_names() -> set[str]:
    path = _site_packages_file("address", "data", "mapping.json")
    if not path:
        return set()
    data = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for table in ("province_names", "old_province_names"):
        for entry in data.get(table, {}).values():
            names.add(entry.get("short", ""))
            names.add(entry.get("name", ""))           # "Tỉnh Quảng Trị": "tỉnh ninh" counts too
    for row in data.get("ward_mapping", []):
        for field in ("old_district", "old_ward", "new_ward"):
            value = row.get(field) or ""
            names.add(value)                            # "Huyện Bảo Lạc"
            names.add(PLACE_PREFIX.sub("", value))      # "Bảo Lạc"
    return {n for n in names if n}


def _lexicon_lines() -> list[str]:
    path = DATA / "lexicon_admin.txt"
    return [
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# The precomputed counts (written by bench/build_lm.py from the sources above).
COUNTS_FILE = DATA / "lm_syllables.tsv"


@functools.lru_cache(maxsize=1)
def model() -> SyllableLM:
    """The process-wide model: the precomputed counts when present, else built from sources."""
    if COUNTS_FILE.exists():
        return load_counts(COUNTS_FILE)
    return build_from_sources()


def load_counts(path: Path) -> SyllableLM:
    """Read the counts file (see ``write_counts``); follower rows stay unparsed until used."""
    lm = SyllableLM()
    uni, valid, ctx, followers, raw = lm.uni, lm.valid, lm.ctx, lm.followers, lm._followers_raw
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            kind = line[0]
            if kind == "#":
                continue
            parts = line.rstrip("\n").split("\t")
            if kind == "c":
                prev = parts[1]
                ctx[prev] = int(parts[2])
                followers[prev] = int(parts[3])
                raw[prev] = parts[4]
            else:
                uni[parts[1]] = int(parts[2])
                if parts[3] == "1":
                    valid.add(parts[1])
    lm.finish()
    return lm


def write_counts(lm: SyllableLM, path: Path) -> None:
    """Rows ``u<TAB>syllable<TAB>count<TAB>valid(0/1)`` and, per context,
    ``c<TAB>prev<TAB>pair total<TAB>distinct followers<TAB>w count w count ...``."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# Syllable counts for pipeline/normalize/lm.py; generated by bench/build_lm.py, do not edit.\n")
        for syl, c in sorted(lm.uni.items()):
            fh.write(f"u\t{syl}\t{c}\t{int(syl in lm.valid)}\n")
        for prev in sorted(lm._followers_of):
            table = lm._followers_of[prev]
            pairs = " ".join(f"{w} {c}" for w, c in sorted(table.items()))
            fh.write(f"c\t{prev}\t{lm.ctx[prev]}\t{lm.followers[prev]}\t{pairs}\n")


def build_from_sources() -> SyllableLM:
    """Count the shipped sources (slow: about 2 s; bench/build_lm.py saves the result)."""
    lm = SyllableLM()
    for word in _wordlist_lines():
        lm.add_sequence(sentence_keys(word.replace("-", " ")), WEIGHT_WORDLIST, valid=True)
    for i, sentence in enumerate(_running_sentences()):
        if i % HELDOUT_EVERY == 0:
            continue
        # running text holds names and foreign words: counted, but a syllable
        # seen only here is not a repair target
        lm.add_sequence(sentence_keys(sentence), WEIGHT_RUNNING, valid=False)
    for name in _place_names():
        lm.add_sequence(sentence_keys(name), WEIGHT_PLACES, valid=True)
    for line in _lexicon_lines():
        lm.add_sequence(sentence_keys(line), WEIGHT_LEXICON, valid=True)
    lm.finish()
    return lm

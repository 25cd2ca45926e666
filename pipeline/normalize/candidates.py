"""Candidate repairs of one noisy token, generated from the confusion classes.

A token is the model key of a letter run (lower case, old tone placement).
Three generators, each a general rule (no list of broken words), combined by
``token_candidates``:

- lost marks (``SyllableLM.degraded``): syllables that lose marks to become
  the token (``tinh`` <- ``tỉnh``, ``úng`` <- ``ứng``, ``ké`` <- ``kế``, ``dao`` <- ``đạo``);
- a dropped vowel (``SyllableLM.dropped``): syllables that lose one marked
  vowel to become the token (``tnh`` <- ``tỉnh``, ``mm`` <- ``mềm``, ``to`` <- ``tạo``);
- ``split_candidates``: the token as several syllables whose spaces were lost,
  each piece exact or itself repaired (``ứngdụng`` -> ``ứng dụng``,
  ``nghđịnh`` -> ``nghị định``, ``chtịch`` -> ``chủ tịch``).

Every candidate carries its channel cost from ``pipeline/data/ocr_confusions.tsv``.
The choice between them is made in context by ``repair.py``.
"""
from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass

from .confusions import costs
from .lm import SyllableLM, model

# How much less likely (in nats, unigram prior minus channel cost) a candidate
# may be than the token itself and still be looked at in context. Beyond this
# gap a repair would need more context evidence than the model usually gives;
# cutting here keeps the stage fast (GATE 2 costs ~2 points of SER reduction
# on the noise benchmark, GATE 0 ~7).
GATE = 4.0

# At most this many candidates per token and per split piece (most frequent first).
MAX_CANDIDATES = 12
MAX_PIECE_OPTIONS = 8
EXACT_PIECE_OPTIONS = 3
# Segmentations kept at the end, and partial ones extended from each cut point.
MAX_SPLITS = 10
EXPAND_BEAM = 10

# The longest Vietnamese syllable ("nghiêng") is 7 letters.
MAX_SYLLABLE = 7

# Extra cost of a one-letter piece inside a split ("S" <- "Sở" in "SLao"):
# one letter says little about the syllable it came from.
ONE_LETTER_PIECE = 1.5


@dataclass(frozen=True, eq=False)
class Candidate:
    """A repair of one token: its syllables (model keys), the cost, and the kind.

    Compared and hashed by identity: candidates are made once per token (the
    generators are memoized) and scored in a hot loop.
    """

    pieces: tuple[str, ...]
    cost: float
    kind: str                      # "mark", "drop", "split"
    cuts: tuple[int, ...] = ()     # for a split: end offset of each piece in the token


def _prior(lm: SyllableLM, syl: str) -> float:
    return lm.logp_uni(syl)


@functools.lru_cache(maxsize=200_000)
def piece_options(k: str, drops: bool = True) -> tuple[tuple[str, float, str, float], ...]:
    """Ways one piece of letters can be a syllable: exact, lost marks, dropped vowel.

    Each as ``(syllable, cost, kind, unigram log-prior minus cost)``.
    """
    lm = model()
    drop_cost = costs()[("drop", "marked_vowel")]
    opts: list[tuple[str, float, str]] = []
    if k in lm.valid:
        opts.append((k, 0.0, "exact"))
    for syl, cost in lm.degraded.get(k, ()):
        opts.append((syl, cost, "mark"))
    extra = ONE_LETTER_PIECE if len(k) == 1 else 0.0
    for syl in lm.dropped.get(k, ()) if drops else ():
        opts.append((syl, drop_cost + extra, "drop"))
    opts.sort(key=lambda o: o[1] - _prior(lm, o[0]))
    # a piece that is already a syllable keeps few alternatives ("thông" in
    # "thôngtin"); a damaged piece ("c" in "cthể") needs more
    limit = EXACT_PIECE_OPTIONS if k in lm.valid else MAX_PIECE_OPTIONS
    return tuple((syl, c, kind, _prior(lm, syl) - c) for syl, c, kind in opts[:limit])


@functools.lru_cache(maxsize=200_000)
def token_candidates(k: str, allow_split: bool) -> tuple[Candidate, ...]:
    """Every gated candidate repair of the token key ``k`` (the token itself excluded)."""
    lm = model()
    table = costs()
    known = k in lm.valid
    base = _prior(lm, k) if known else float("-inf")
    out: list[Candidate] = []
    for syl, cost in lm.degraded.get(k, ()):
        if _prior(lm, syl) - cost > base - GATE:
            out.append(Candidate((syl,), cost, "mark"))
    drop_cost = table[("drop", "marked_vowel")] + (0.0 if not known else 1.0)
    for syl in lm.dropped.get(k, ()):
        if _prior(lm, syl) - drop_cost > base - GATE:
            out.append(Candidate((syl,), drop_cost, "drop"))
    if allow_split and not known and len(k) > 1:
        out.extend(split_candidates(k))
    out.sort(key=lambda c: c.cost - sum(_prior(lm, p) for p in c.pieces))
    return tuple(out[:MAX_CANDIDATES])


def split_candidates(k: str) -> list[Candidate]:
    """The best segmentations of ``k`` into two or more syllables.

    Pieces that lost a whole vowel are tried only when the token cannot be cut
    into syllables without them ("thôngtin" needs none, "cthể" does): most
    merged words are plain, and dropped-vowel pieces are many.

    >>> [c.pieces for c in split_candidates("ứngdụng")][:1]
    [('ứng', 'dụng')]
    >>> [c.pieces for c in split_candidates("nghđịnh")][:1]
    [('nghị', 'định')]
    """
    return _segment(k, drops=False) or _segment(k, drops=True)


def _segment(k: str, drops: bool) -> list[Candidate]:
    """A beam search over cut points; a piece is any letters ``piece_options``
    can read as a syllable. Each cut pays the split cost."""
    lm = model()
    split_cost = costs()[("split", "space")]
    n = len(k)
    # beams[i]: partial segmentations of k[:i] as (score, pieces, cost, cuts)
    beams: list[list[tuple[float, tuple[str, ...], float, tuple[int, ...]]]] = [[] for _ in range(n + 1)]
    beams[0] = [(0.0, (), 0.0, ())]
    # the beam ranks by unigram prior (cheap); the survivors are re-ranked with bigrams
    uni = lm.logp_uni
    for i in range(n):
        beam = beams[i]
        if not beam:
            continue
        if len(beam) > EXPAND_BEAM:
            beam = heapq.nlargest(EXPAND_BEAM, beam, key=lambda b: b[0])
        for j in range(i + 1, min(n, i + MAX_SYLLABLE) + 1):
            opts = piece_options(k[i:j], drops)
            if not opts:
                continue
            target = beams[j]
            for score, pieces, cost, cuts in beam:
                cut = split_cost if pieces else 0.0
                for syl, c, _kind, gain in opts:
                    target.append((score + gain - cut, pieces + (syl,), cost + c + cut, cuts + (j,)))
    done = heapq.nlargest(MAX_SPLITS, (b for b in beams[n] if len(b[1]) > 1), key=lambda b: b[0])
    done.sort(key=lambda b: -(b[0] + sum(lm.logp(a, c) - uni(c) for a, c in zip(b[1], b[1][1:]))))
    return [Candidate(p, c, "split", cuts) for _s, p, c, cuts in done]

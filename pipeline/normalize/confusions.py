"""Vietnamese letters as (base, modifier, tone), and the OCR degradations of a syllable.

A Vietnamese vowel letter is a base letter plus at most one modifier
(circumflex ``â ê ô``, breve ``ă``, horn ``ơ ư``) plus at most one tone mark
(grave, acute, hook, tilde, dot below). OCR loses marks: ``Ứng`` -> ``Úng``
(horn lost, tone kept), ``KẾ`` -> ``KÉ`` (circumflex lost), ``tỉnh`` -> ``tinh``
(tone lost), ``đ`` -> ``d``. Running those losses backwards gives the clean
candidates of a noisy token. The costs of each loss are data
(``pipeline/data/ocr_confusions.tsv``).

Tone placement: ``hoà``/``hòa`` and ``uỷ``/``ủy`` are the same syllables written
with the new and the old convention. The project folds both to the OLD
convention (``hòa``, ``ủy``, ``thủy``), the one the gold files and the
administrative style use (``Ủy ban nhân dân``, ``CỘNG HÒA``).
"""
from __future__ import annotations

import functools
import itertools
import unicodedata
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent.parent / "data"

# Combining marks, by role.
TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
MODIFIERS = {"\u0302": "circumflex", "\u0306": "breve", "\u031b": "horn"}

VOWELS = set("aeiouyAEIOUY")

# Letters that never occur in native Vietnamese syllables: a token holding one
# is foreign or an acronym ("Wifi", "Zalo", "Facebook") and is left alone.
FOREIGN_LETTERS = set("fjwzFJWZ")


@functools.lru_cache(maxsize=None)
def costs() -> dict[tuple[str, str], float]:
    """``(class, mark) -> cost`` from the confusion table."""
    table: dict[tuple[str, str], float] = {}
    for line in (DATA / "ocr_confusions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, mark, cost, *_ = line.split("\t")
        table[(cls, mark)] = float(cost)
    return table


@functools.lru_cache(maxsize=4096)
def decompose(ch: str) -> tuple[str, str, str]:
    """``(base, modifier_mark, tone_mark)`` of one letter; marks are combining chars or ''.

    >>> decompose("ự")
    ('u', '̛', '̣')
    >>> decompose("Đ")
    ('Đ', '', '')
    """
    nfd = unicodedata.normalize("NFD", ch)
    base, mod, tone = nfd[0], "", ""
    for m in nfd[1:]:
        if m in TONES:
            tone = m
        elif m in MODIFIERS:
            mod = m
        else:                      # a mark Vietnamese does not use: keep it on the base
            base += m
    return base, mod, tone


def compose(base: str, mod: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + mod + tone)


@functools.lru_cache(maxsize=4096)
def is_marked_vowel(ch: str) -> bool:
    """A vowel letter carrying a tone or a modifier (``ị ở ầ ả``)."""
    base, mod, tone = decompose(ch)
    return base[:1] in VOWELS and bool(mod or tone)


# The shape of a Vietnamese syllable, on its skeleton (marks stripped):
# optional onset, one to three vowels, optional coda. "nghiêng" -> "nghieng",
# "tỉnh" -> "tinh", "ước" -> "uoc". A run with no vowel ("cn", "tnh") or with a
# foreign cluster ("str", "bl") is not a syllable.
SYLLABLE_SHAPE = regex.compile(
    r"""^(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?   # onset: "ngh" in "nghị"
        [aeiouy]{1,3}                                                 # nucleus: "ie" in "tiên"
        (?:ch|ng|nh|[cmnpt])?$                                        # coda: "nh" in "tỉnh"
    """,
    regex.X,
)


def is_syllable_shape(text: str) -> bool:
    """``True`` for a run that could be one Vietnamese syllable.

    >>> is_syllable_shape("nghiêng"), is_syllable_shape("tnh"), is_syllable_shape("lan")
    (True, False, True)
    """
    return bool(SYLLABLE_SHAPE.match(strip_marks(text).lower()))


def strip_marks(text: str) -> str:
    """Skeleton: every tone and modifier removed, ``đ`` -> ``d``.

    >>> strip_marks("Bảo Lạc")
    'Bao Lac'
    """
    out = []
    for ch in text:
        base, _, _ = decompose(ch)
        out.append({"đ": "d", "Đ": "D"}.get(base, base))
    return "".join(out)


# "hoà", "hoè", "uỷ" at the end of a syllable (new convention: tone on the
# second vowel) -> "hòa", "hòe", "ủy" (old convention: tone on the first).
# Not after "q": in "quý" the "u" belongs to "qu" and the tone sits on "y" in
# both conventions. Not before a final consonant: "hoàn", "thuyết" agree.
NEW_STYLE_TONE = regex.compile(
    r"(?<![qQ])(?P<first>[oOuU])(?P<second>[aAeEyY])(?P<tone>[\u0300\u0301\u0309\u0303\u0323])$"
)


@functools.lru_cache(maxsize=100_000)
def fold_tone_placement(syllable: str) -> str:
    """One syllable in the old tone-placement convention.

    >>> fold_tone_placement("hoà"), fold_tone_placement("uỷ"), fold_tone_placement("HOÀ")
    ('hòa', 'ủy', 'HÒA')
    >>> fold_tone_placement("quý"), fold_tone_placement("hoàn"), fold_tone_placement("hòa")
    ('quý', 'hoàn', 'hòa')
    """
    nfd = unicodedata.normalize("NFD", syllable)
    m = NEW_STYLE_TONE.search(nfd)
    if not m:
        return syllable
    start = m.start()
    # the first vowel must be plain (not "ươ"/"ô" etc.) for the rule to apply
    folded = nfd[:start] + m["first"] + m["tone"] + m["second"]
    return unicodedata.normalize("NFC", folded)


@functools.lru_cache(maxsize=4096)
def _char_degradations(ch: str) -> tuple[tuple[str, float], ...]:
    """The forms one letter can lose its marks into, itself first with cost 0."""
    table = costs()
    if ch in "đĐ":
        return ((ch, 0.0), ({"đ": "d", "Đ": "D"}[ch], table[("stroke", "dstroke")]))
    base, mod, tone = decompose(ch)
    if not (mod or tone):
        return ((ch, 0.0),)
    variants = []
    for keep_mod in ((True, False) if mod else (True,)):
        for keep_tone in ((True, False) if tone else (True,)):
            cost = 0.0
            if not keep_mod:
                cost += table[("modifier", MODIFIERS[mod])]
            if not keep_tone:
                cost += table[("tone", TONES[tone])]
            variants.append((compose(base, mod if keep_mod else "", tone if keep_tone else ""), cost))
    return tuple(variants)


def degradations(syllable: str) -> list[tuple[str, float]]:
    """Every form OCR can turn ``syllable`` into by losing marks, with its cost.

    The syllable itself is not included. Tone and each modifier are lost
    independently; ``đ`` may lose its bar.

    >>> sorted(f for f, _ in degradations("ứng"))
    ['ung', 'úng', 'ưng']
    """
    options = [_char_degradations(ch) for ch in syllable]
    if all(len(o) == 1 for o in options):
        return []
    out: list[tuple[str, float]] = []
    for combo in itertools.product(*options):
        cost = sum(c for _, c in combo)
        if cost:
            out.append(("".join(c for c, _ in combo), cost))
    return out


def vowel_drops(syllable: str) -> list[str]:
    """Forms of ``syllable`` with one marked vowel dropped whole (``tỉnh`` -> ``tnh``).

    >>> vowel_drops("mềm"), vowel_drops("giải"), vowel_drops("an")
    (['mm'], ['gii'], [])
    """
    return [syllable[:i] + syllable[i + 1:] for i, ch in enumerate(syllable) if is_marked_vowel(ch)]

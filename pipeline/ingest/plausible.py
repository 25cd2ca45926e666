"""Is a page's text layer plausible Vietnamese, or garbage that needs OCR?

A PDF exported from Word with a broken font encoding has a text layer that
looks fine on screen and reads as garbage: ``6Ӣ CÔNG 7+ѬѪ1*`` for
``SỞ CÔNG THƯƠNG``. A legacy-font PDF (TCVN3, VNI) reads as
``Céng hoµ x· héi chñ nghÜa ViÖt Nam``. Two signals tell such a layer from real
text, and either one failing sends the page to OCR:

- the share of characters in the Vietnamese alphabet, digits, spaces and the
  punctuation of administrative text (``alphabet_share``), and
- the share of words that are known Vietnamese syllables
  (``pipeline/data/syllables_vi.txt``), accents folded so unaccented text
  (``Ke hoach trien khai``) still counts (``known_share``).

>>> plausibility("Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai").plausible
True
>>> verdict = plausibility("6Ӣ CÔNG 7+ѬѪ1* 7ӌ1+ +Ҧ, 'ѬѪ1* 6Ӣ 7¬, &+Ë1+")
>>> verdict.plausible, verdict.reason
(False, 'not plausible Vietnamese: 71% of characters in the Vietnamese alphabet')
>>> plausibility("Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp tù do h¹nh phóc").plausible
False
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

SYLLABLES_FILE = Path(__file__).resolve().parent.parent / "data" / "syllables_vi.txt"

# Below these shares a page's text layer is not trusted.
MIN_ALPHABET_SHARE = 0.90
MIN_KNOWN_SHARE = 0.50
# Fewer words than this say nothing about the vocabulary (a page number, a
# signature): such a page is judged by its characters alone.
MIN_WORDS_FOR_VOCABULARY = 12
# Longest all-capital word taken for an acronym when it is not a syllable.
MAX_ACRONYM = 6

# The letters of Vietnamese, upper and lower case, with every tone mark.
VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
# Punctuation and symbols of administrative text: ``Số: 12/KH-UBND``,
# ``“Kế hoạch”``, ``50%``, ``1.500 triệu đồng``, ``(a)``, ``• Mục tiêu``.
COMMON_PUNCTUATION = set(".,;:!?()[]{}\"'`“”‘’«»-–—_/\\%&*+=<>…•·|#@$°§№~^")
ALLOWED = set(VIETNAMESE_LETTERS) | set(VIETNAMESE_LETTERS.upper()) | set("0123456789") | COMMON_PUNCTUATION

# A word: a run of letters (``Kế``, ``hoạch``, ``ViÖt``, ``ѬѪ``).
WORD = regex.compile(r"\p{L}+")


@dataclass(frozen=True)
class Plausibility:
    plausible: bool
    alphabet_share: float
    known_share: float | None     # None when the page has too few words to judge
    reason: str


def fold_accents(word: str) -> str:
    """``Hoạch`` -> ``hoach``; ``đồng`` -> ``dong``.

    >>> fold_accents("Đồng"), fold_accents("hoạch")
    ('dong', 'hoach')
    """
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Known syllables, both as written and with accents folded."""
    words = [line.strip() for line in SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return frozenset(words) | frozenset(fold_accents(w) for w in words)


def alphabet_share(text: str) -> float:
    """Share of the non-space characters that Vietnamese text is made of.

    >>> alphabet_share("Số: 12/KH")
    1.0
    """
    chars = [ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace()]
    if not chars:
        return 1.0
    return sum(ch in ALLOWED for ch in chars) / len(chars)


def is_known(word: str, known: frozenset[str]) -> bool:
    lower = word.lower()
    return lower in known or fold_accents(lower) in known


def known_share(text: str) -> tuple[float, int]:
    """(share of words that are known syllables, number of words judged).

    Unknown short all-capital words are acronyms (``UBND``, ``STT``, ``QĐ``,
    ``COD``) and are not judged.

    >>> known_share("Kế hoạch số 12/KH-UBND của Sở")
    (1.0, 6)
    """
    known = known_syllables()
    hits = total = 0
    for word in WORD.findall(unicodedata.normalize("NFC", text)):
        if is_known(word, known):
            hits += 1
        elif word.isupper() and len(word) <= MAX_ACRONYM:
            continue
        total += 1
    return (hits / total if total else 0.0), total


def plausibility(text: str) -> Plausibility:
    """Judge one page's text layer."""
    alphabet = alphabet_share(text)
    share, n_words = known_share(text)
    vocabulary = share if n_words >= MIN_WORDS_FOR_VOCABULARY else None
    if alphabet < MIN_ALPHABET_SHARE:
        reason = f"not plausible Vietnamese: {alphabet:.0%} of characters in the Vietnamese alphabet"
        return Plausibility(False, alphabet, vocabulary, reason)
    if vocabulary is not None and vocabulary < MIN_KNOWN_SHARE:
        reason = f"not plausible Vietnamese: {vocabulary:.0%} of words are known syllables"
        return Plausibility(False, alphabet, vocabulary, reason)
    return Plausibility(True, alphabet, vocabulary, "text layer is plausible Vietnamese")

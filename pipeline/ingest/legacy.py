"""Legacy Vietnamese font encodings: TCVN3 (ABC, ``.VnTime``) and VNI Windows.

Old plans were typed in 8-bit font encodings. They reach us in two forms:

- raw bytes: a ``.txt`` saved in the font's encoding, usually not valid UTF-8.
  :func:`read_legacy_bytes` (called by ``ingest/text.py``) decodes the file
  straight to Unicode, so the document's original text is Unicode;
- mojibake saved as UTF-8: the 8-bit text was read as Windows-1252 (or Latin-1)
  and saved as Unicode, ``Céng hoµ x· héi chñ nghÜa ViÖt Nam`` for
  ``Cộng hoà xã hội chủ nghĩa Việt Nam`` (TCVN3) or ``Coäng hoøa`` (VNI).
  ``pipeline/normalize/legacy.py`` converts such text with edits through the
  offset map, so spans still point at the mojibake characters of the original.

Both are one problem once every byte is one character (:func:`bytes_as_text`):
a :class:`Reading` says which characters, or pairs of characters, stand for
which Vietnamese letter (tables ``pipeline/data/tcvn3.tsv`` and
``pipeline/data/vni.tsv``).

Deciding is done on the whole text, with evidence: the share of known
Vietnamese syllables among the words with a non-ASCII letter, before and after
a reading (:func:`choose_reading`). Genuine Unicode or Windows-1258 Vietnamese
is full of known syllables and a reading only spoils them (``là`` -> ``lỔ``), so
it is never converted; mojibake has almost none before and almost all after.

Upper case in TCVN3: a VN3 font has no capital with a tone mark; capitals were
typed with the lower-case codes in an all-capitals font (``.VnTimeH``). In a
plain-text file the font is gone, so case is recovered only where the text
still shows it: a word whose other letters are ASCII capitals
(``HO¹CH`` -> ``HOẠCH``) and the other words of a line made of such words
(``KÕ HO¹CH`` -> ``KẾ HOẠCH``). A word typed all in lower case under
``.VnTimeH`` (``kÕ ho¹ch`` displayed as capitals) cannot be told from lower case
and stays lower case; a one-letter capital (``§Ó`` for ``ĐỂ``) alone on a line
of mixed case stays ``Để``.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

import regex

from ..document import Edit
from ..vocab import data_text

# -- the byte a character stands for ----------------------------------------


@functools.lru_cache(maxsize=1)
def byte_of_char() -> dict[str, int]:
    """Character -> byte, for 8-bit text read as Windows-1252 or as Latin-1.

    Both readings are accepted: Windows-1252 for most bytes 80-9F
    (``„`` is byte 84) and Latin-1 for all of them (``\\x84``, and the five
    bytes Windows-1252 leaves undefined, which Windows maps to the same C1
    control). Bytes 00-7F are ASCII in every encoding here and are not listed.

    >>> byte_of_char()["µ"], byte_of_char()["„"], byte_of_char()["\\x84"]
    (181, 132, 132)
    """
    table = {chr(b): b for b in range(0x80, 0x100)}
    for b in range(0x80, 0x100):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    for b in range(0x01, 0x20):     # TCVN3 (VN1) puts capitals on C0 codes
        table[chr(b)] = b
    return table


def bytes_as_text(data: bytes) -> str:
    """One character per byte: Windows-1252, its five undefined bytes as Latin-1.

    >>> bytes_as_text(b"C\\xe9ng ho\\xb5 \\x81")
    'Céng hoµ \\x81'
    """
    return data.decode("latin-1").translate(_WINDOWS_C1)


def _windows_c1() -> dict[int, str]:
    """Latin-1 C1 control -> the Windows-1252 character of the same byte."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_WINDOWS_C1 = _windows_c1()


# -- the tables ---------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def tcvn3_rows() -> tuple[tuple[int, str, str], ...]:
    """``(byte, unicode, subset)`` rows of ``pipeline/data/tcvn3.tsv``."""
    rows = []
    for line in data_text("tcvn3.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        byte, code_point, _, subset = line.split("\t")[:4]
        rows.append((int(byte, 16), chr(int(code_point[2:], 16)), subset))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def vni_rows() -> tuple[tuple[str, bytes], ...]:
    """``(unicode letter, VNI bytes)`` rows of ``pipeline/data/vni.tsv``."""
    rows = []
    for line in data_text("vni.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code_point, _, hex_bytes = line.split("\t")[:3]
        rows.append((chr(int(code_point[2:], 16)), bytes.fromhex(hex_bytes)))
    return tuple(rows)


# -- readings -----------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One way to read 8-bit text as Vietnamese.

    ``units`` maps each legacy unit (one character for TCVN3, one or two for
    VNI, in the one-character-per-byte form) to its Unicode letter.
    """

    name: str                      # the encoding: "tcvn3" or "vni"
    variant: str                   # what the message says about it
    units: dict[str, str] = field(repr=False)
    recover_case: bool = False     # TCVN3: capitals typed as lower case
    # Units read only inside a word: TCVN3 capitals on the bytes 80-9F that
    # Windows-1252 uses for punctuation ("HO„CH" -> "HOẠCH", but "–" alone is a dash).
    word_only: frozenset[str] = field(default=frozenset(), repr=False)

    @functools.cached_property
    def unit_pattern(self) -> regex.Pattern:
        """One unit, longest first (VNI ``ôù`` before ``ô``)."""
        alternatives = sorted(self.units, key=len, reverse=True)
        return regex.compile("|".join(regex.escape(u) for u in alternatives))

    @functools.cached_property
    def token_pattern(self) -> regex.Pattern:
        """A word: letters, marks and unit characters (``héi``, ``x·``, ``HO„CH``)."""
        chars = "".join(sorted({ch for unit in self.units for ch in unit}))
        return regex.compile(r"(?:[\p{L}\p{M}]|[" + regex.escape(chars, special_only=False) + "])+")

    def read(self, text: str) -> str:
        """The whole text read this way, no questions asked (case recovered)."""
        return apply_edits(text, legacy_edits(text, self))

    def quick_read(self, text: str) -> str:
        """The whole text read this way, case as it stands: for the evidence only.

        >>> readings()[2].quick_read("Vieät Nam")
        'Việt Nam'
        """
        if not self.single_chars:
            return self.unit_pattern.sub(lambda m: self.units[m.group()], text)
        if not self.word_only:
            return text.translate(self.translation)
        return self.token_pattern.sub(
            lambda m: m.group() if self.only_word_only(m.group()) else m.group().translate(self.translation),
            text)

    def only_word_only(self, token: str) -> bool:
        """``–`` or ``…`` alone: punctuation, not a word of capitals."""
        return bool(self.word_only) and all(ch in self.word_only for ch in token)

    @functools.cached_property
    def single_chars(self) -> bool:
        return all(len(unit) == 1 for unit in self.units)

    @functools.cached_property
    def translation(self) -> dict[int, str]:
        return {ord(unit): letter for unit, letter in self.units.items()}


def _tcvn3_word_only() -> frozenset[str]:
    """Windows punctuation on bytes 80-9F (``– … “ ”``): a letter only inside a word.

    Letters there (``ƒ Š Œ``) and control characters (Latin-1 reading, bytes
    01-17) are never punctuation, so they are always read as capitals.
    """
    return frozenset(ch for ch, b in byte_of_char().items()
                     if 0x80 <= b < 0xA0 and ch.isprintable() and not ch.isalpha())


def _tcvn3_units(min_byte: int) -> dict[str, str]:
    chars_of_byte: dict[int, list[str]] = {}
    for ch, b in byte_of_char().items():
        chars_of_byte.setdefault(b, []).append(ch)
    units = {}
    for byte, letter, _subset in tcvn3_rows():
        if byte >= min_byte:
            for ch in chars_of_byte.get(byte, []):
                units[ch] = letter
    return units


@functools.lru_cache(maxsize=1)
def readings() -> tuple[Reading, ...]:
    """The candidate readings, in order of preference when evidence ties.

    TCVN3 without the capitals on bytes 01-17 and 80-9F comes first: in a VN3
    document those bytes are Windows punctuation (``“ ” – …``), not letters.
    """
    vni = {}
    for letter, seq in vni_rows():
        vni[seq.decode("cp1252")] = letter
    return (
        Reading("tcvn3", "TCVN3 (ABC, VN3)", _tcvn3_units(0xA0), recover_case=True),
        Reading("tcvn3", "TCVN3 (TCVN 5712 VN1, with capitals)", _tcvn3_units(0x01), recover_case=False,
                word_only=_tcvn3_word_only()),
        Reading("vni", "VNI Windows", vni, recover_case=False),
    )


# -- conversion as edits ------------------------------------------------------

# A line of text, without its line break.
LINE = regex.compile(r"[^\n\r]+")


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    edits: tuple[Edit, ...]
    upper: int                     # ASCII capitals and converted capitals
    ascii_lower: int               # ASCII lower-case letters
    legacy_lower: bool             # a converted letter came out lower case
    capital_after_lower: bool      # an ASCII capital follows a converted lower-case letter

    @property
    def shows_capitals(self) -> bool:
        """``HO¹CH``, ``ñY``: its other letters say the word was typed in capitals
        (``Sè``, ``Bé``: one capital first, as in any word; no evidence)."""
        return self.legacy_lower and not self.ascii_lower and \
            (self.upper >= 2 or self.capital_after_lower)

    @property
    def in_capitals(self) -> bool:
        """``NH¢N``: three capitals or more, one a legacy capital (``¢`` is ``Â``)."""
        return not self.legacy_lower and not self.ascii_lower and self.upper >= 3


ASCII_UPPER = regex.compile(r"[A-Z]")
ASCII_LOWER = regex.compile(r"[a-z]")


def _word(text: str, start: int, end: int, reading: Reading) -> _Word:
    edits, upper, legacy_lower = [], 0, False
    if reading.only_word_only(text[start:end]):
        return _Word(start, end, (), 0, 0, False, False)
    for m in reading.unit_pattern.finditer(text, start, end):
        letter = reading.units[m.group()]
        upper += letter.isupper()
        legacy_lower |= letter.islower()
        edits.append(Edit(m.start(), m.end(), letter))
    if not edits:
        return _Word(start, end, (), 0, 0, False, False)
    # ASCII letters of a unit ("o" of VNI "oä") are not counted: VNI never recovers case
    upper += len(ASCII_UPPER.findall(text, start, end))
    ascii_lower = len(ASCII_LOWER.findall(text, start, end))
    first_lower = next((e.end for e in edits if e.replacement.islower()), end)
    capital_after_lower = bool(ASCII_UPPER.search(text, first_lower, end))
    return _Word(start, end, tuple(edits), upper, ascii_lower, legacy_lower, capital_after_lower)


def _upper(edits: Iterable[Edit]) -> list[Edit]:
    return [Edit(e.start, e.end, e.replacement.upper()) for e in edits]


def _recovered_case(text: str, line: regex.Match, words: list[_Word]) -> list[Edit]:
    """The edits of one VN3 line with the case the font no longer says.

    - a word that shows capitals (``HO¹CH``) is upper case;
    - a line without an ASCII lower-case letter that has such a word, or a word
      of explicit capitals (``NH¢N``), is all upper case (``KÕ HO¹CH``,
      ``ñY BAN NH¢N D¢N``); ``Sè: 12/KH-UBND`` is not (no evidence).

    A capital that opens a sentence or a name (``ñy ban`` for ``Ủy ban``) is
    not guessed: line starts are also table cells and wrapped lines, where a
    guess does more harm than good.
    """
    in_capitals = not ASCII_LOWER.search(text, line.start(), line.end()) and \
        any(w.shows_capitals or w.in_capitals for w in words)
    out: list[Edit] = []
    for word in words:
        if in_capitals or word.shows_capitals:
            out.extend(_upper(word.edits))
        else:
            out.extend(word.edits)
    return out


def legacy_edits(text: str, reading: Reading, keep_unicode: bool = False) -> list[Edit]:
    """Edits that read ``text`` with ``reading``, one edit per legacy unit.

    ``keep_unicode`` (mojibake inside a Unicode file): genuine Unicode words and
    lines are left alone (:func:`_legacy_words`).

    >>> tcvn3 = readings()[0]
    >>> apply_edits("Céng hoµ x· héi", legacy_edits("Céng hoµ x· héi", tcvn3))
    'Cộng hoà xã hội'
    >>> apply_edits("KÕ HO¹CH", legacy_edits("KÕ HO¹CH", tcvn3))   # .VnTimeH capitals
    'KẾ HOẠCH'
    >>> vni = readings()[2]
    >>> apply_edits("Coäng hoøa Vieät Nam", legacy_edits("Coäng hoøa Vieät Nam", vni))
    'Cộng hòa Việt Nam'
    """
    out: list[Edit] = []
    for line in LINE.finditer(text):
        words = [word for m in reading.token_pattern.finditer(text, line.start(), line.end())
                 if (word := _word(text, m.start(), m.end(), reading)).edits]
        if keep_unicode:
            words = _legacy_words(text, line, words)
        if not words:
            continue
        if reading.recover_case:
            out.extend(_recovered_case(text, line, words))
        else:
            for word in words:
                out.extend(word.edits)
    # "ý" is byte FD in TCVN3 and in Latin-1 alike: no edit where nothing changes
    return [e for e in out if e.replacement != text[e.start:e.end]]


def _legacy_words(text: str, line: regex.Match, words: list[_Word]) -> list[_Word]:
    """The words of a line of a Unicode file that are legacy text.

    A line that shows genuine Unicode (a letter no 8-bit byte gives, as in
    ``Việt``) and whose words are no better known after the reading than before
    is kept whole: a header typed in Unicode above a legacy body, where ``Tôi``
    must not become ``Tụi``. In other lines a word is kept when it holds such a
    letter, or when it is a known syllable the reading would spoil.
    """
    chars = byte_of_char()
    if any(ch.isalpha() and not ch.isascii() and ch not in chars for ch in line.group()):
        before = sum(is_known(text[w.start:w.end]) for w in words)
        after = sum(is_known(_read_word(text, w)) for w in words)
        if before >= after:
            return []
    return [w for w in words if not _looks_unicode(text[w.start:w.end], w, chars)]


def _looks_unicode(token: str, word: _Word, chars: dict[str, int]) -> bool:
    if any(not ch.isascii() and ch not in chars for ch in token):
        return True
    return is_known(token) and not is_known(_read_word(token, word, offset=word.start))


def _read_word(text: str, word: _Word, offset: int = 0) -> str:
    """The word as the reading gives it (``text`` is the document, or the word
    itself with ``offset`` its start in the document)."""
    start = word.start - offset
    return apply_edits(text[start:word.end - offset],
                       [Edit(e.start - word.start, e.end - word.start, e.replacement) for e in word.edits])


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping, sorted ``edits`` applied (no offset map).

    >>> apply_edits("abcd", [Edit(1, 3, "X")])
    'aXd'
    """
    parts, cursor = [], 0
    for edit in edits:
        parts.append(text[cursor:edit.start])
        parts.append(edit.replacement)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


# -- evidence -----------------------------------------------------------------

# A word: a run of letters (after NFC).
WORD = regex.compile(r"\p{L}+")


@functools.lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Syllable keys of the project's language model (``pipeline/data/lm_syllables.tsv``)."""
    keys = []
    for line in data_text("lm_syllables.tsv").splitlines():
        if line.startswith("u\t"):
            keys.append(line.split("\t", 2)[1])
    return frozenset(keys)


@functools.lru_cache(maxsize=1)
def _syllable_key():
    """The model's own folding of a syllable (case, tone placement); imported on
    first use, as ``pipeline.normalize`` imports this module."""
    from ..normalize.lm import key

    return key


@functools.lru_cache(maxsize=100_000)
def is_known(word: str) -> bool:
    """A known Vietnamese syllable, any case, either tone placement.

    >>> is_known("HOÀ"), is_known("hoµ"), is_known("Céng")
    (True, False, False)
    """
    word = unicodedata.normalize("NFC", word)
    return word.isalpha() and _syllable_key()(word) in known_syllables()


@dataclass(frozen=True)
class Share:
    """Among the words with a non-ASCII letter, how many are known syllables."""

    known: int
    counted: int

    @property
    def share(self) -> float:
        return self.known / self.counted if self.counted else 0.0


def known_share(text: str) -> Share:
    """Count the known syllables among the words with a non-ASCII letter.

    >>> known_share("Cộng hoà xã hội chủ nghĩa Việt Nam")
    Share(known=7, counted=7)
    >>> known_share("Céng hoµ x· héi chñ nghÜa ViÖt Nam").share
    0.0
    """
    known = counted = 0
    for word in WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        counted += 1
        known += is_known(word)
    return Share(known, counted)


# The evidence a reading needs: after it, at least MIN_KNOWN_WORDS known words,
# at least MIN_SHARE_AFTER of the counted words known, and MIN_GAIN more than
# before. Genuine Vietnamese has 0.85-0.95 before, and a reading lowers it.
MIN_KNOWN_WORDS = 10
MIN_SHARE_AFTER = 0.70
MIN_GAIN = 0.30
# The decision reads at most this many characters (a document's first pages,
# some 8,000 words).
SAMPLE_CHARS = 50_000


@dataclass(frozen=True)
class Decision:
    reading: Reading | None
    before: Share
    after: Share | None


def choose_reading(text: str, before: Share | None = None) -> Decision:
    """The reading the evidence asks for, or ``reading=None``.

    ``before`` is the share of the text as it stands (for raw bytes: the best
    non-legacy decoding); by default it is measured on ``text``.

    >>> choose_reading("Céng hoµ x· héi chñ nghÜa ViÖt Nam. " * 3).reading.variant
    'TCVN3 (ABC, VN3)'
    >>> choose_reading("Cộng hoà xã hội chủ nghĩa Việt Nam. " * 3).reading is None
    True
    """
    sample = text[:SAMPLE_CHARS]
    before = before or known_share(sample)
    if before.counted and before.share > 1 - MIN_GAIN:     # no reading can gain enough
        return Decision(None, before, None)
    best: tuple[Reading, Share] | None = None
    for reading in readings():
        after = known_share(reading.quick_read(sample))
        if best is None or after.known > best[1].known:
            best = (reading, after)
    reading, after = best
    strong = after.known >= MIN_KNOWN_WORDS and after.share >= MIN_SHARE_AFTER and \
        after.share - before.share >= MIN_GAIN
    return Decision(reading if strong else None, before, after)


# -- the cheap pre-check ------------------------------------------------------

# A legacy document is 5-10 % signature characters; a Unicode document with
# foreign names (``Müller``, ``Gonçalves``) has under 0.2 %. Past both bars the
# evidence still decides.
MIN_SIGNATURE = 5
MIN_SIGNATURE_SHARE = 0.005


@functools.lru_cache(maxsize=1)
def signature_pattern() -> regex.Pattern:
    """Characters a legacy reading turns into letters that Unicode Vietnamese never
    uses as letters: ``µ ¸ ¶ ¹ Ö Ü ñ`` (TCVN3), ``ø û ï ä ö`` (VNI).

    Vietnamese letters (``à é ô``), ASCII and the punctuation of Unicode text
    (``“ ” – … • · § «``) are left out: they prove nothing.
    """
    common = set("“”‘’–—…•·§«»°±²³×÷©®¼½¾\u00a0")
    chars = set()
    for reading in readings():
        for unit in reading.units:
            for ch in unit:
                if ch.isascii() or ch in common or _is_vietnamese_letter(ch) or not ch.isprintable():
                    continue
                chars.add(ch)
    return regex.compile("[" + regex.escape("".join(sorted(chars)), special_only=False) + "]")


# The tone marks and the modifiers (circumflex, breve, horn) of Vietnamese.
VIETNAMESE_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def _is_vietnamese_letter(ch: str) -> bool:
    """``à``, ``Ê``, ``ơ``, ``đ``: a vowel letter of the Vietnamese alphabet, or ``đ``.

    >>> [_is_vietnamese_letter(ch) for ch in "àƠđñÖ"]
    [True, True, True, False, False]
    """
    if ch in "đĐ":
        return True
    base, *marks = unicodedata.normalize("NFD", ch)
    return base.lower() in "aeiouy" and all(m in VIETNAMESE_MARKS for m in marks)


def has_legacy_signature(text: str) -> bool:
    """The cheap pre-check, on the sample the decision reads: enough signature
    characters, and dense enough.

    >>> has_legacy_signature("Cộng hoà xã hội chủ nghĩa Việt Nam, § 2, 30°C")
    False
    >>> has_legacy_signature("Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp")
    True
    >>> visit = "Ông Müller đến thăm tỉnh. " + "Các sở, ngành phối hợp thực hiện kế hoạch này. " * 6
    >>> has_legacy_signature(visit * 10)          # a foreign name now and then
    False
    """
    sample = text[:SAMPLE_CHARS]             # what the decision reads, too
    count = len(signature_pattern().findall(sample))
    return count >= MIN_SIGNATURE and count >= MIN_SIGNATURE_SHARE * len(sample)


# -- raw bytes ----------------------------------------------------------------


def read_legacy_bytes(data: bytes) -> tuple[str, Reading] | None:
    """Decode a file's bytes as TCVN3 or VNI when the evidence is strong, else None.

    The baseline is Windows-1258 (the other 8-bit Vietnamese encoding a file
    may be in): a legacy reading must beat it by the margins above.

    >>> raw = bytes.fromhex("43e96e6720686fb5") + b" x\\xb7 h\\xe9i ch\\xf1 ngh\\xdca Vi\\xd6t Nam. "
    >>> text, reading = read_legacy_bytes(raw * 3)
    >>> text[:34], reading.name
    ('Cộng hoà xã hội chủ nghĩa Việt Nam', 'tcvn3')
    """
    as_text = bytes_as_text(data)
    if not has_legacy_signature(as_text):
        return None
    baseline = known_share(data[:SAMPLE_CHARS].decode("cp1258", errors="replace"))
    decision = choose_reading(as_text, before=baseline)
    if decision.reading is None:
        return None
    return decision.reading.read(as_text), decision.reading

"""OCR-noise repair: noisy working text -> repaired working text, offsets kept.

Scanned plans lose marks (``tinh`` for ``tỉnh``, ``Úng dụng``, ``KÉ HOẠCH``),
drop the vowel under stacked marks (``Nghđịnh``, ``Phn mm``), merge words
(``ỨNGDỤNG``, ``ngày 05/8/2014của``) and print tone marks in either placement
(``hoà``/``hòa``). This stage proposes candidates for each letter run
(``candidates.py``) and chooses, per line, the most likely reading with the
syllable language model (``lm.py``) by a Viterbi search. A repair is kept only
when it beats the printed form by its channel cost plus ``MARGIN``; a run with
no candidate (an unknown word, a name) is left as printed. Two document-level
aids (``DocumentScorer``): the document's own clean words and word pairs are
mixed into the model, and a one-syllable repair the document needed at least
``LEARN_MIN`` times is learned as its scanner's confusion and made cheaper in
a second pass. A clean document makes no confident repair, so neither aid
can change it.

Codes, acronyms, numbers, addresses and foreign words are never touched
(``_word_readings``, ``_protected_here``). ``KH_REPAIR=0`` turns the stage off.

Every repair is one :class:`Edit` on the working text and one ``ocr_repair``
warning (original and repaired form, span), so a reviewer can audit it; spans
of everything extracted later still point into the original text.
"""
from __future__ import annotations

import functools
import math
import os
from collections import Counter
from typing import NamedTuple

import regex

from ..document import Document, Edit
from .candidates import Candidate, token_candidates
from .confusions import FOREIGN_LETTERS, decompose, fold_tone_placement, is_syllable_shape
from .lm import BOUNDARY, NUMBER, SyllableLM, key, model

# The gain in log-likelihood (nats) a repair must show on top of its channel
# cost. Chosen so that clean text passes unchanged (tests/test_repair.py,
# bench/noise.py report false repairs).
MARGIN = 4.0

# Extra cost of keeping a letter run the model has never seen, when it looks
# Vietnamese (it carries a mark) and the generators found readings for it:
# "Dùsao" is far less likely as one unknown word than as "Dù sao".
UNSEEN_PENALTY = 5.0

# Weight of the document's own unambiguous words in the scores (DocumentScorer).
CACHE_WEIGHT = 0.05
CACHE_PRIOR = 200
# Weight of the document's own clean word pairs, and the pseudo-count that
# damps a context seen only a few times.
CACHE_BIGRAM_WEIGHT = 0.1
CACHE_PRIOR_CONTEXT = 5

# A one-syllable repair made this many times in a document is learned as a
# confusion of its scanner (DocumentScorer.learn).
LEARN_MIN = 3

# KH_REPAIR=0 in the environment runs the pipeline without repair (for
# before/after figures: KH_REPAIR=0 make eval).
ENABLED = os.environ.get("KH_REPAIR", "1") != "0"

# A line is an all-caps heading when at least this share of its cased letters
# are capitals: "ỨNGDỤNG CÔNG NGHỆ THÔNG TIN".
CAPS_LINE_SHARE = 0.8

# A run of words and spaces between punctuation: "Ủy ban nhân dân tỉnh Quảng Trị".
PHRASE = regex.compile(r"\p{L}+(?:[ \t]+\p{L}+)*")

# A syllable with its tone in the new-style place, anywhere in a line: "hoà",
# "Uỷ" (cheap test before the per-word fold; see confusions.NEW_STYLE_TONE).
NEW_STYLE_TONE_IN_LINE = regex.compile(
    r"(?<![qQ])[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\p{L})"
)

# A token this short written in mixed case is a unit or a symbol ("pH", "kWh",
# "mA", "dB"), never two glued words.
SHORT_MIXED_CASE = 4

# A Roman numeral in capitals: "IV", "VI", "XII" (outline labels, never repaired).
ROMAN_NUMERAL = regex.compile(r"^[IVXLCDM]+$")

# A letter run: "tỉnh", "ỨNGDỤNG".
WORD_RUN = regex.compile(r"\p{L}+")

# A chunk that is a web or mail address: "www.hagiang.gov.vn", "http://...", "a@b.vn".
ADDRESS_CHUNK = regex.compile(r"://|www\.|@|\.(?:vn|com|net|org|gov)\b", regex.I)

# Characters that glue a letter run into a code or symbol when they touch it
# with no space: "64/2007/NĐ-CP", "Bộ TT&TT", "QĐ-TTg", "file_name".
SYMBOL_GLUE = set("/-&_@\\+=#")

# A lower-case letter directly followed by a capital: where a lost space shows
# in the case, "tỉnhHà" -> "tỉnh Hà".
# Also an acronym glued to a following lower-case word: "UBNDcác" -> "UBND các",
# "16-NQ/TUngày" -> "TU ngày" (two capitals, then a lower-case run to the end).
CASE_BREAK = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu}\p{Lu})(?=\p{Ll}+$)")

# A number glued to a following word: "05/8/2014của" -> "2014 của",
# "5năm" -> "5 năm". The word must be a Vietnamese syllable of two or more
# letters (not a unit like "m2", "km", "ha": see UNITS).
DIGIT_THEN_WORD = regex.compile(r"(?<=\d)(?P<word>\p{Ll}{2,})(?![\p{L}\d])")
# A word glued to a following number: "năm2015" -> "năm 2015", "số36" -> "số 36".
WORD_THEN_DIGIT = regex.compile(r"(?<![\p{L}\d])(?P<word>\p{Ll}{2,})(?=\d)")

# Cheap test for a line that may hold a glued number: a digit touching a letter.
GLUED_NUMBER = regex.compile(r"\d\p{Ll}|\p{Ll}\d")

# Units and abbreviations that are written against a number ("100ha", "15km").
UNITS = {"ha", "km", "kg", "cm", "mm", "ml", "kw", "kwh", "mb", "gb", "tb", "mbps", "gbps", "ghz", "tr", "ty", "vnd", "usd"}


class Slot(NamedTuple):
    """One letter run of a line and the readings the search may choose from."""

    start: int
    end: int
    options: tuple[Candidate, ...]     # options[0] is the run as printed
    text: str


def repair(doc: Document) -> None:
    """Repair OCR noise in ``doc.text``; record each repair as an ``ocr_repair`` warning."""
    if not ENABLED:
        return
    edits = repair_edits(doc.text)
    for edit, orig, new in edits:
        start, end = _printed_span(edit, orig, new)
        doc.warn("ocr_repair", f"{orig!r} -> {new!r}", start, end)
    doc.rewrite([e for e, _, _ in edits])


def _printed_span(edit: Edit, orig: str, new: str) -> tuple[int, int]:
    """Working-text range of the printed form a repair changes.

    A replacement covers its own range; an inserted space ("2014của" ->
    "2014 của", "tỉnhHà" -> "tỉnh Hà") covers the glued form around it.

    >>> _printed_span(Edit(10, 10, " "), "4của", "4 của")
    (9, 13)
    """
    if edit.end > edit.start:
        return edit.start, edit.end
    left = new.index(" ")
    return edit.start - left, edit.start - left + len(orig)


def repair_edits(text: str) -> list[tuple[Edit, str, str]]:
    """``(edit, printed, repaired)`` for every repair of ``text``, non-overlapping.

    >>> [(o, n) for _, o, n in repair_edits("Ban chi đạo CNTT và UBND tinh Quảng Trị")]
    [('chi', 'chỉ'), ('tinh', 'tỉnh')]
    """
    lines, starts, caps = _clauses(text)
    scorer = DocumentScorer(model(), lines, caps)
    per_line: list[list[tuple[Edit, str, str]]] = [[] for _ in lines]
    work = [i for i, line in enumerate(lines) if _line_needs_work(line, caps[i])]
    prepared = {}
    # a sample first: a clean typed document stops here, with no repair at all
    sample = work[::SAMPLE_EVERY]
    for i in sample:
        prepared[i] = _line_slots(lines[i], starts[i], caps[i])
        per_line[i] = _line_edits(lines[i], starts[i], caps[i], scorer, prepared[i])
    if _looks_clean(lines[::SAMPLE_EVERY] if len(work) > len(sample) else lines,
                    [e for i in sample for e in per_line[i]]):
        return _tone_folds(lines, starts)
    for i in work:
        if i not in prepared:
            prepared[i] = _line_slots(lines[i], starts[i], caps[i])
            per_line[i] = _line_edits(lines[i], starts[i], caps[i], scorer, prepared[i])
    # second pass: confusions the document made often and that were repaired
    # with confidence are cheaper where the evidence alone fell short
    if scorer.learn(e for i in work for e in per_line[i]):
        learned_from = scorer.learned_from
        for i in work:
            # only lines where a word of a learned confusion was left as printed
            waiting = sum(
                1 for slot in prepared[i][0]
                if len(slot.options) > 1 and slot.options[0].pieces[0] in learned_from
            )
            done = sum(1 for _e, orig, _n in per_line[i] if key(orig) in learned_from)
            if waiting > done:
                per_line[i] = _line_edits(lines[i], starts[i], caps[i], scorer, prepared[i])
    return [e for edits in per_line for e in edits]


# A clean typed document (a portal page, a text-layer PDF) has no OCR noise, so
# what the model would "repair" there is a rare word read as a common one
# ("thẻ" -> "thể", "sp" -> "sập"). Every SAMPLE_EVERY-th piece is repaired
# first; when the sample needs fewer than CLEAN_RATE repairs per 1000 words
# (tone-placement folds not counted), the document is left as printed. Noisy
# OCR output needs 15 and more, clean text 0 to 4.
SAMPLE_EVERY = 4
CLEAN_RATE = 6.0


def _looks_clean(sampled_lines: list[str], sample_edits: list[tuple[Edit, str, str]]) -> bool:
    words = sum(len(WORD_RUN.findall(line)) for line in sampled_lines)
    repairs = sum(1 for _e, orig, new in sample_edits if fold_tone_placement(orig) != new)
    return repairs * 1000 < CLEAN_RATE * max(words, 1)


def _tone_folds(lines: list[str], starts: list[int]) -> list[tuple[Edit, str, str]]:
    """Only the tone-placement folds ("hoà" -> "hòa"): the same word, one spelling."""
    out = []
    for line, base in zip(lines, starts):
        if NEW_STYLE_TONE_IN_LINE.search(line):
            for m in WORD_RUN.finditer(line):
                if _needs_fold(m.group()):
                    folded = fold_tone_placement(m.group())
                    out.append((Edit(base + m.start(), base + m.end(), folded), m.group(), folded))
    return out


# Where a long line is cut into pieces repaired one by one: after the end of a
# sentence or clause ("...; ", "...: ", "... . "). The model's context never
# crosses such a mark, so the pieces give the same choices as the whole line,
# and a piece with no word to check costs nothing.
CLAUSE_CUT = regex.compile(r"(?<=[.;:!?])[ \t]+")


def _clauses(text: str) -> tuple[list[str], list[int], list[bool]]:
    """(pieces, their offsets, whether their line is all capitals) of ``text``."""
    pieces, starts, caps = [], [], []
    offset = 0
    for line in text.split("\n"):
        caps_line = _is_caps_line(line)
        cut = 0
        for m in CLAUSE_CUT.finditer(line):
            pieces.append(line[cut:m.start()])
            starts.append(offset + cut)
            caps.append(caps_line)
            cut = m.start()
        pieces.append(line[cut:])
        starts.append(offset + cut)
        caps.append(caps_line)
        offset += len(line) + 1
    return pieces, starts, caps


# Words known to need no work, per line kind (all-caps or not): a line made
# only of them is skipped with one set difference. Bounded; cleared when full.
_CLEAN_WORDS: dict[bool, set[str]] = {False: set(), True: set()}
_CLEAN_WORDS_MAX = 200_000


def _line_needs_work(line: str, caps_line: bool) -> bool:
    """Whether any letter run of the line could change (fast: most lines cannot)."""
    if GLUED_NUMBER.search(line):
        return True
    clean = _CLEAN_WORDS[caps_line]
    rest = set(WORD_RUN.findall(line)) - clean
    if not rest:
        return False
    if len(clean) > _CLEAN_WORDS_MAX:
        clean.clear()
    found = False
    for word in rest:
        if _word_needs_work(word, caps_line):
            found = True
        else:
            clean.add(word)
    return found


class DocumentScorer:
    """The language model mixed with a cache of the document's own words.

    A word the document prints unambiguously (it has no other reading) is
    evidence for the same word where OCR damaged it: a plan that writes
    ``tỉnh Quảng Trị`` ten times means ``tỉnh`` in ``nước tinh Quảng Trị``.
    For a reading under choice
    ``P(w | prev) = (1 - CACHE_WEIGHT - CACHE_BIGRAM_WEIGHT) * P_lm(w | prev)
    + CACHE_WEIGHT * P_doc(w) + CACHE_BIGRAM_WEIGHT * P_doc(w | prev)``;
    a fixed neighbour after the readings gets no unigram share (it would be
    the same for every reading and only blur the evidence). The bigram share
    goes back to the model when the document never shows ``prev`` clean.
    """

    def __init__(self, lm: SyllableLM, lines: list[str], caps: list[bool]) -> None:
        self.lm = lm
        self.valid = lm.valid
        # words and neighbour pairs within runs of letters and spaces
        word_counts: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
        pair_counts: dict[bool, Counter[tuple[str, str]]] = {False: Counter(), True: Counter()}
        for line, caps_line in zip(lines, caps):
            for phrase in PHRASE.findall(line):
                words = phrase.split()
                word_counts[caps_line].update(words)
                if len(words) > 1:
                    pair_counts[caps_line].update(zip(words, words[1:]))
        counts: Counter[str] = Counter()
        clean_key: dict[tuple[bool, str], str | None] = {}
        for caps_line, table in word_counts.items():
            for word, n in table.items():
                k = key(word) if not _word_needs_work(word, caps_line) else None
                k = k if k in lm.valid else None
                clean_key[(caps_line, word)] = k
                if k:
                    counts[k] += n
        pairs: Counter[tuple[str, str]] = Counter()
        for caps_line, table in pair_counts.items():
            for (a, b), n in table.items():
                ka, kb = clean_key.get((caps_line, a)), clean_key.get((caps_line, b))
                if ka and kb:
                    pairs[(ka, kb)] += n
        # a short text is weak evidence: the share is damped by CACHE_PRIOR words
        total = sum(counts.values()) + CACHE_PRIOR
        self.doc_p = {k: CACHE_WEIGHT * c / total for k, c in counts.items()}
        self.doc_ctx = {k: c + CACHE_PRIOR_CONTEXT for k, c in counts.items()}
        self.doc_pairs = pairs
        self._memo: dict[tuple[str, str], float] = {}
        self._memo_fixed: dict[tuple[str, str], float] = {}
        self.learned: dict[tuple[str, str], float] = {}     # (printed key, repaired key) -> bonus
        self.learned_from: set[str] = set()
        # (left, readings, right) -> choice, for one ambiguous word between fixed
        # neighbours (documents repeat their phrases); cleared when learning
        self.single_memo: dict[tuple[str, tuple[Candidate, ...], str], Candidate] = {}

    def learn(self, edits) -> bool:
        """Remember one-syllable repairs the document needed LEARN_MIN times or more.

        ``tinh`` -> ``tỉnh`` repaired with confidence 30 times says this
        scanner drops that tone: the same repair then gets a bonus of up to
        ``MARGIN`` (``MARGIN * n / (n + LEARN_MIN)``). A clean document has no
        confident repairs, so nothing is learned and nothing changes.
        """
        seen: dict[tuple[str, str], int] = {}
        for _edit, orig, new in edits:
            if " " in new or " " in orig or fold_tone_placement(orig) == new:
                continue
            pair = (key(orig), key(new))
            seen[pair] = seen.get(pair, 0) + 1
        self.learned = {p: MARGIN * n / (n + LEARN_MIN) for p, n in seen.items() if n >= LEARN_MIN}
        self.learned_from = {p[0] for p in self.learned}
        self.single_memo.clear()
        return bool(self.learned)

    def _mix(self, prev: str, w: str, unigram: bool) -> float:
        lm_share = 1.0
        p = 0.0
        if unigram:
            lm_share -= CACHE_WEIGHT
            p += self.doc_p.get(w, 0.0)
        ctx = self.doc_ctx.get(prev)
        if ctx:
            lm_share -= CACHE_BIGRAM_WEIGHT
            p += CACHE_BIGRAM_WEIGHT * self.doc_pairs.get((prev, w), 0) / ctx
        if not p:                          # nothing from the document: a constant share
            return self.lm.logp(prev, w) + math.log(lm_share)
        return math.log(lm_share * math.exp(self.lm.logp(prev, w)) + p)

    def logp(self, prev: str, w: str) -> float:
        """log P(w | prev) for a reading ``w`` under choice."""
        lp = self._memo.get((prev, w))
        if lp is None:
            lp = self._memo[(prev, w)] = self._mix(prev, w, unigram=True)
        return lp

    def logp_fixed(self, prev: str, w: str) -> float:
        """log P(w | prev) for a fixed word ``w`` after the readings."""
        lp = self._memo_fixed.get((prev, w))
        if lp is None:
            lp = self._memo_fixed[(prev, w)] = self._mix(prev, w, unigram=False)
        return lp


def _is_caps_line(line: str) -> bool:
    if line.islower():
        return False
    upper = sum(map(str.isupper, line))
    if upper < 6:
        return False
    lower = sum(map(str.islower, line))
    return upper >= CAPS_LINE_SHARE * (upper + lower)


@functools.lru_cache(maxsize=100_000)
def _has_vietnamese_mark(word: str) -> bool:
    return any(ch in "đĐ" or any(decompose(ch)[1:]) for ch in word)


@functools.lru_cache(maxsize=100_000)
def _word_readings(word: str, caps_line: bool) -> tuple[Candidate, ...]:
    """The readings of a letter run, the printed one first; one reading = leave alone.

    Depends on the word and the line's case only, so it is memoized; the
    checks that need the neighbours are in ``_protected_here``.
    """
    k = key(word)
    keep = Candidate((k,), 0.0, "keep")
    if len(k) != len(word) or set(word) & FOREIGN_LETTERS:
        return (keep,)                               # "Wifi", "Zalo"
    if ROMAN_NUMERAL.match(word):
        return (keep,)                               # "VI", "XI", "III": outline numbers
    if len(word) <= SHORT_MIXED_CASE and not (word.islower() or word.isupper() or word.istitle()):
        return (keep,)                               # "pH", "kWh", "mA": units and symbols
    if word.isupper():
        if len(word) > 1 and not caps_line:
            return (keep,)                           # "CNTT", "UBND", "LAN" in running text
        if len(word) == 1 and not caps_line and word not in "AEIOUY":
            # one capital consonant: the rest of a syllable that lost its marked
            # vowel ("S Tài chính" <- "Sở"); only a dropped vowel can explain it,
            # and only before a capitalised word (see _protected_here)
            drops = tuple(c for c in token_candidates(k, False) if c.kind == "drop")
            return (keep, *drops) if drops else (keep,)
        if not _has_vietnamese_mark(word) and not is_syllable_shape(word):
            return (keep,)                           # "TTTU", "CNTT" in a heading: not a syllable
    marked = _has_vietnamese_mark(word)
    # a run shaped like one syllable is a word (maybe a rare one, a name:
    # "Phử", "Sình"), not a merge: it is not cut and not penalised as unseen
    allow_split = (marked or (caps_line and word.isupper())) and not is_syllable_shape(word)
    cands = token_candidates(k, allow_split)
    if not cands:
        return (keep,)
    lm = model()
    if k not in lm.uni and allow_split:
        keep = Candidate((k,), UNSEEN_PENALTY, "keep")
    return (keep, *cands)


def _protected_here(line: str, start: int, end: int) -> bool:
    """A letter run glued into a code, a number or an address, or a list label."""
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before in SYMBOL_GLUE or after in SYMBOL_GLUE:
        return True                                  # "NĐ-CP", "TT&TT", "QĐ-TTg"
    if before.isdigit() or after.isdigit():
        return True                                  # "QH11", "3G", "m2" (number splits are separate)
    if end - start == 1 and (after in ").:" or before in "("):
        return True                                  # list labels "a)", "b.", "(c"
    if end - start == 1 and line[start].isupper() and not (
        after == " " and end + 1 < len(line) and line[end + 1].isupper()
    ):
        return True                                  # "nhóm B", "Vitamin C;" (not "S Tài chính")
    chunk_start = line.rfind(" ", 0, start) + 1
    chunk_end = line.find(" ", end)
    chunk = line[chunk_start:chunk_end if chunk_end >= 0 else len(line)]
    if "." not in chunk and "@" not in chunk and ":" not in chunk:
        return False
    return bool(ADDRESS_CHUNK.search(chunk))         # "www.hagiang.gov.vn"


@functools.lru_cache(maxsize=100_000)
def _needs_fold(word: str) -> bool:
    return fold_tone_placement(word) != word


@functools.lru_cache(maxsize=100_000)
def _case_parts(word: str) -> tuple[str, ...]:
    """The letter run cut where a lost space shows in the case.

    >>> _case_parts("tỉnhHà"), _case_parts("UBNDcác"), _case_parts("WebGIS"), _case_parts("TTg")
    (('tỉnh', 'Hà'), ('UBND', 'các'), ('WebGIS',), ('TTg',))
    """
    if word.islower() or word.isupper() or word.istitle() or len(word) <= SHORT_MIXED_CASE:
        return (word,)
    parts = [p for p in CASE_BREAK.split(word) if p]
    out = [parts[0]]
    for part in parts[1:]:
        if _splits_at_case(out[-1], part, word):
            out.append(part)
        else:
            out[-1] += part
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _word_needs_work(word: str, caps_line: bool) -> bool:
    """Whether a letter run has any reading other than itself (memoized)."""
    parts = _case_parts(word)
    if len(parts) > 1:
        return True
    return len(_word_readings(word, caps_line)) > 1 or fold_tone_placement(word) != word


def _splits_at_case(left: str, right: str, word: str) -> bool:
    """Whether a case change inside ``word`` between ``left`` and ``right`` is a lost space.

    Lower -> upper ("tỉnhHà", "dụngCNTT", "củaUBND"): the left part is a
    Vietnamese syllable; not "WebGIS", "iPhone". Upper -> lower ("UBNDcác",
    "TUngày"): the right part is a Vietnamese syllable; not "TTg", "PGs".
    """
    valid = model().valid
    if left[-1].islower():
        return len(left) > 1 and _has_vietnamese_mark(word) and key(left) in valid
    return (
        len(left) > 1 and len(right) > 1 and key(right) in valid
        and (_has_vietnamese_mark(right) or len(right) > 2)
    )


def _gap_context(gap: str) -> str | None:
    """The model token standing between two letter runs: ``None`` for spaces only
    (the runs are neighbours), ``<num>`` after/before a number, else ``<s>``."""
    stripped = gap.strip()
    if not stripped:
        return None
    return NUMBER if stripped[-1].isdigit() else BOUNDARY


# word -> its parts as (start, end, text, readings) relative to the word, one
# table per line kind; bounded, cleared when full (a dict is faster than
# lru_cache in this loop).
_WORD_INFO: dict[bool, dict[str, tuple[tuple[int, int, str, tuple[Candidate, ...]], ...]]] = {False: {}, True: {}}


def _word_info(word: str, caps_line: bool) -> tuple[tuple[int, int, str, tuple[Candidate, ...]], ...]:
    table = _WORD_INFO[caps_line]
    info = table.get(word)
    if info is None:
        if len(table) > _CLEAN_WORDS_MAX:
            table.clear()
        parts, pos, out = _case_parts(word), 0, []
        for part in parts:
            out.append((pos, pos + len(part), part, _word_readings(part, caps_line)))
            pos += len(part)
        info = table[word] = tuple(out)
    return info


def _line_slots(line: str, base: int, caps_line: bool) -> tuple[list[Slot], list[tuple[Edit, str, str]]]:
    """Every letter run (or case part of one) of a line as a Slot, and the
    spaces inserted at case breaks ("tỉnhHà" -> "tỉnh Hà")."""
    splits: list[tuple[Edit, str, str]] = []
    slots: list[Slot] = []
    new_slot = tuple.__new__          # Slot(...) without the Python-level __new__ (hot loop)
    for m in WORD_RUN.finditer(line):
        word = m.group()
        info = _word_info(word, caps_line)
        start = m.start()
        if len(info) == 1:
            slots.append(new_slot(Slot, (start, m.end(), info[0][3], word)))
            continue
        for rel_start, rel_end, part, readings in info:
            s = start + rel_start
            if rel_start:
                splits.append((Edit(base + s, base + s, " "), word, f"{word[:rel_start]} {word[rel_start:]}"))
            slots.append(Slot(s, start + rel_end, readings, part))
    return slots, splits


def _line_edits(
    line: str, base: int, caps_line: bool, scorer: DocumentScorer,
    prepared: tuple[list[Slot], list[tuple[Edit, str, str]]],
) -> list[tuple[Edit, str, str]]:
    """The edits of one line: case-break spaces, number splits, chosen readings, folds."""
    slots, splits = prepared
    edits = list(splits)
    if GLUED_NUMBER.search(line):
        edits.extend(_number_splits(line, base, scorer.valid))
    for slot, choice in _choose(line, slots, scorer):
        if choice is slot.options[0]:
            if _needs_fold(slot.text):
                folded = fold_tone_placement(slot.text)
                edits.append((Edit(base + slot.start, base + slot.end, folded), slot.text, folded))
            continue
        new = _surface(slot.text, choice, caps_line)
        if new != slot.text:
            edits.append((Edit(base + slot.start, base + slot.end, new), slot.text, new))
    if NEW_STYLE_TONE_IN_LINE.search(line):
        for slot in slots:
            if len(slot.options) == 1 and _needs_fold(slot.text):
                folded = fold_tone_placement(slot.text)
                edits.append((Edit(base + slot.start, base + slot.end, folded), slot.text, folded))
    edits.sort(key=lambda t: (t[0].start, t[0].end))
    return edits


def _number_splits(line: str, base: int, valid: set[str]) -> list[tuple[Edit, str, str]]:
    """Spaces between a number and a word glued to it: "2014của" -> "2014 của"."""
    out = []
    for m in DIGIT_THEN_WORD.finditer(line):
        w = m["word"]
        if w not in UNITS and key(w) in valid and _has_vietnamese_mark(w):
            s = m.start()
            out.append((Edit(base + s, base + s, " "), line[s - 1:m.end()], f"{line[s - 1]} {w}"))
    for m in WORD_THEN_DIGIT.finditer(line):
        w = m["word"]
        if w not in UNITS and key(w) in valid and _has_vietnamese_mark(w):
            e = m.end()
            out.append((Edit(base + e, base + e, " "), line[m.start():e + 1], f"{w} {line[e]}"))
    return out


def _choose(line: str, slots: list[Slot], scorer: DocumentScorer) -> list[tuple[Slot, Candidate]]:
    """The chosen reading of every slot that has a choice (Viterbi per run).

    A slot with one reading is fixed, and so is the context across a number or
    punctuation, so the line splits into independent runs of ambiguous slots
    that touch only through spaces.
    """
    chosen: list[tuple[Slot, Candidate]] = []
    n = len(slots)
    ambiguous = [i for i, slot in enumerate(slots) if len(slot.options) > 1]
    k = 0
    while k < len(ambiguous):
        i = ambiguous[k]
        if _protected_here(line, slots[i].start, slots[i].end):
            chosen.append((slots[i], slots[i].options[0]))
            k += 1
            continue
        j = i + 1
        k += 1
        while (k < len(ambiguous) and ambiguous[k] == j
               and not _protected_here(line, slots[j].start, slots[j].end)
               and not line[slots[j - 1].end:slots[j].start].strip()):
            j += 1
            k += 1
        if i == 0:
            left = _gap_context(line[:slots[0].start]) or BOUNDARY
        else:
            left = _gap_context(line[slots[i - 1].end:slots[i].start]) or slots[i - 1].options[0].pieces[-1]
        if j < n:
            right = _gap_context(line[slots[j - 1].end:slots[j].start]) or slots[j].options[0].pieces[0]
        else:
            right = _gap_context(line[slots[-1].end:]) or BOUNDARY
        chosen.extend(zip(slots[i:j], _viterbi(slots[i:j], left, right, scorer)))
    return chosen


@functools.lru_cache(maxsize=200_000)
def _inner_score(cand: Candidate) -> float:
    """The part of a reading's score that does not depend on its left neighbour."""
    lm = model()
    score = -cand.cost - (MARGIN if cand.kind != "keep" else 0.0)
    for a, b in zip(cand.pieces, cand.pieces[1:]):
        score += lm.logp(a, b)
    return score


def _viterbi(run: list[Slot], left: str, right: str, scorer: DocumentScorer) -> list[Candidate]:
    """The best readings of a run of ambiguous slots between fixed ``left`` and ``right``."""
    logp, logp_fixed, learned = scorer.logp, scorer.logp_fixed, scorer.learned
    if len(run) == 1:                    # the common case: one ambiguous word
        slot = run[0]
        memo_key = (left, slot.options, right)
        known = scorer.single_memo.get(memo_key)
        if known is not None:
            return [known]
        printed = slot.options[0].pieces[0]
        best, best_score = slot.options[0], -math.inf
        for cand in slot.options:
            score = logp(left, cand.pieces[0]) + _inner_score(cand) + logp_fixed(cand.pieces[-1], right)
            if learned and len(cand.pieces) == 1:
                score += learned.get((printed, cand.pieces[0]), 0.0)
            if score > best_score:
                best, best_score = cand, score
        scorer.single_memo[memo_key] = best
        return [best]
    # one layer per slot: (score, path, last syllable) per reading
    layer: list[tuple[float, list[Candidate], str]] = [(0.0, [], left)]
    for slot in run:
        new_layer = []
        printed = slot.options[0].pieces[0]
        for cand in slot.options:
            first, inner = cand.pieces[0], _inner_score(cand)
            if learned and len(cand.pieces) == 1:
                inner += learned.get((printed, first), 0.0)
            best_score, best_path = -math.inf, None
            for score, path, last in layer:
                score += logp(last, first)
                if score > best_score:
                    best_score, best_path = score, path
            new_layer.append((best_score + inner, best_path + [cand], cand.pieces[-1]))
        layer = new_layer
    return max(layer, key=lambda t: t[0] + logp_fixed(t[2], right))[1]


def _case_like(src: str, syl: str, all_caps: bool) -> str:
    """``syl`` written in the case of the printed letters ``src``."""
    if src.isupper() and (len(src) > 1 or all_caps):
        return syl.upper()
    if src[:1].isupper():
        return syl[:1].upper() + syl[1:]
    return syl


def _surface(word: str, cand: Candidate, caps_line: bool) -> str:
    """The repaired text of ``word`` for the chosen candidate, in the printed case.

    >>> _surface("ỨNGDỤNG", Candidate(("ứng", "dụng"), 1.0, "split", (3, 7)), True)
    'ỨNG DỤNG'
    >>> _surface("Úng", Candidate(("ứng",), 2.5, "mark"), False)
    'Ứng'
    """
    all_caps = word.isupper() and (len(word) > 1 or caps_line)
    if cand.kind != "split":
        return _case_like(word, cand.pieces[0], all_caps)
    out, start = [], 0
    for syl, end in zip(cand.pieces, cand.cuts):
        out.append(_case_like(word[start:end], syl, all_caps))
        start = end
    return " ".join(out)

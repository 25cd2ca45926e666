"""OCR-noise repair: noisy working text -> repaired working text, offsets kept.

Scanned plans lose marks (``tinh`` for ``tỉnh``, ``Úng dụng``, ``KÉ HOẠCH``),
drop the vowel under stacked marks (``Nghđịnh``, ``Phn mm``), merge words
(``ỨNGDỤNG``, ``ngày 05/8/2014của``) and print tone marks in either placement
(``hoà``/``hòa``). This stage proposes candidates for each letter run
(``candidates.py``) and chooses, per line, the most likely reading with the
syllable language model (``lm.py``) by a Viterbi search. A repair is kept only
when it beats the printed form by its channel cost plus ``MARGIN``; a run with
no candidate (an unknown word, a name) is left as printed.

Every repair is one :class:`Edit` on the working text and one ``ocr_repair``
warning (original and repaired form, span), so a reviewer can audit it; spans
of everything extracted later still point into the original text.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..document import Document, Edit
from .candidates import Candidate, token_candidates
from .confusions import FOREIGN_LETTERS, decompose, fold_tone_placement
from .lm import BOUNDARY, NUMBER, SyllableLM, key, model

# The gain in log-likelihood (nats) a repair must show on top of its channel
# cost. Chosen so that clean text passes unchanged (tests/test_repair.py,
# bench/noise.py report false repairs).
MARGIN = 3.0

# Set to False to run the pipeline without repair (for before/after figures).
ENABLED = True

# A line is an all-caps heading when at least this share of its cased letters
# are capitals: "ỨNGDỤNG CÔNG NGHỆ THÔNG TIN".
CAPS_LINE_SHARE = 0.8

# Tokens of a line, in order: a letter run "tỉnh"; a number "2014", "0,94";
# one other non-space character.
LINE_TOKEN = regex.compile(r"(?P<word>\p{L}+)|(?P<num>\d+(?:[.,]\d+)*)|(?P<other>\S)")

# A chunk that is a web or mail address: "www.hagiang.gov.vn", "http://...", "a@b.vn".
ADDRESS_CHUNK = regex.compile(r"://|www\.|@|\.(?:vn|com|net|org|gov)\b", regex.I)

# Characters that glue a letter run into a code or symbol when they touch it
# with no space: "64/2007/NĐ-CP", "Bộ TT&TT", "QĐ-TTg", "file_name".
SYMBOL_GLUE = set("/-&_@\\+=#")

# A lower-case letter directly followed by a capital: where a lost space shows
# in the case, "tỉnhHà" -> "tỉnh Hà".
CASE_BREAK = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")

# A number glued to a following word: "05/8/2014của" -> "2014 của",
# "5năm" -> "5 năm". The word must be a Vietnamese syllable of two or more
# letters (not a unit like "m2", "km", "ha": see UNITS).
DIGIT_THEN_WORD = regex.compile(r"(?<=\d)(?P<word>\p{Ll}{2,})(?![\p{L}\d])")
# A word glued to a following number: "năm2015" -> "năm 2015", "số36" -> "số 36".
WORD_THEN_DIGIT = regex.compile(r"(?<![\p{L}\d])(?P<word>\p{Ll}{2,})(?=\d)")

# Units and abbreviations that are written against a number ("100ha", "15km").
UNITS = {"ha", "km", "kg", "cm", "mm", "ml", "kw", "kwh", "mb", "gb", "tb", "mbps", "gbps", "ghz", "tr", "ty", "vnd", "usd"}


@dataclass
class Slot:
    """One token of a line and the readings the search may choose from."""

    start: int
    end: int
    options: list[Candidate]       # options[0] is the token as printed
    text: str = ""


def repair(doc: Document) -> None:
    """Repair OCR noise in ``doc.text``; record each repair as an ``ocr_repair`` warning."""
    if not ENABLED:
        return
    edits = repair_edits(doc.text)
    for edit, orig, new in edits:
        doc.warn("ocr_repair", f"{orig!r} -> {new!r}", edit.start, max(edit.end, edit.start))
    doc.rewrite([e for e, _, _ in edits])


def repair_edits(text: str) -> list[tuple[Edit, str, str]]:
    """``(edit, printed, repaired)`` for every repair of ``text``, non-overlapping.

    >>> [(o, n) for _, o, n in repair_edits("Ban chi đạo CNTT tinh Bắc Giang")]
    [('chi', 'chỉ'), ('tinh', 'tỉnh')]
    """
    lm = model()
    out: list[tuple[Edit, str, str]] = []
    offset = 0
    for line in text.split("\n"):
        out.extend(_line_edits(line, offset, lm))
        offset += len(line) + 1
    return out


def _is_caps_line(line: str) -> bool:
    upper = sum(1 for ch in line if ch.isupper())
    lower = sum(1 for ch in line if ch.islower())
    return upper >= 6 and upper >= CAPS_LINE_SHARE * (upper + lower)


def _has_vietnamese_mark(word: str) -> bool:
    return any(ch in "đĐ" or any(decompose(ch)[1:]) for ch in word)


def _protected(line: str, start: int, end: int, caps_line: bool) -> bool:
    """Letter runs the repair must not touch: codes, acronyms, addresses, foreign words."""
    word = line[start:end]
    if set(word) & FOREIGN_LETTERS:
        return True                                  # "Wifi", "Zalo"
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before in SYMBOL_GLUE or after in SYMBOL_GLUE:
        return True                                  # "NĐ-CP", "TT&TT", "QĐ-TTg"
    if before.isdigit() or after.isdigit():
        return True                                  # "QH11", "3G", "m2" (number splits are separate)
    chunk_start = line.rfind(" ", 0, start) + 1
    chunk_end = line.find(" ", end)
    chunk = line[chunk_start:chunk_end if chunk_end >= 0 else len(line)]
    if ADDRESS_CHUNK.search(chunk):
        return True                                  # "www.hagiang.gov.vn"
    if len(word) > 1 and word.isupper() and not caps_line:
        return True                                  # "CNTT", "UBND", "LAN" in running text
    if word.isupper() and not any(decompose(ch)[0].lower() in "aeiouy" for ch in word):
        return True                                  # "CNTT" in a heading: no vowel
    if len(word) == 1 and (after in ").:" or before in "("):
        return True                                  # list labels "a)", "b.", "(c"
    return False


def _line_edits(line: str, base: int, lm: SyllableLM) -> list[tuple[Edit, str, str]]:
    caps_line = _is_caps_line(line)
    edits: list[tuple[Edit, str, str]] = []
    slots: list[Slot] = []
    for m in LINE_TOKEN.finditer(line):
        if m["num"]:
            slots.append(Slot(m.start(), m.end(), [Candidate((NUMBER,), 0.0, "keep")], m["num"]))
            continue
        if m["other"]:
            slots.append(Slot(m.start(), m.end(), [Candidate((BOUNDARY,), 0.0, "keep")], m["other"]))
            continue
        word = m["word"]
        # "tỉnhHà": a lost space shown by the case; each part is its own token
        parts = [p for p in CASE_BREAK.split(word) if p]
        pos = m.start()
        for i, part in enumerate(parts):
            s, e = pos, pos + len(part)
            pos = e
            if i > 0 and _has_vietnamese_mark(word) and len(part) > 1 and len(parts[i - 1]) > 1:
                edits.append((Edit(base + s, base + s, " "), line[s - 1:s + 1], f"{line[s - 1]} {line[s]}"))
            slots.append(_word_slot(line, s, e, caps_line, lm))
    edits.extend(_number_splits(line, base, lm))
    for slot, choice in _choose(slots, lm):
        if choice is slot.options[0]:
            folded = fold_tone_placement(slot.text)
            if folded != slot.text:
                edits.append((Edit(base + slot.start, base + slot.end, folded), slot.text, folded))
            continue
        new = _surface(slot.text, choice, caps_line)
        if new != slot.text:
            edits.append((Edit(base + slot.start, base + slot.end, new), slot.text, new))
    edits.sort(key=lambda t: (t[0].start, t[0].end))
    return edits


def _word_slot(line: str, s: int, e: int, caps_line: bool, lm: SyllableLM) -> Slot:
    word = line[s:e]
    k = key(word)
    keep = Candidate((k,), 0.0, "keep")
    if _protected(line, s, e, caps_line) or len(k) != len(word):
        return Slot(s, e, [keep], word)
    allow_split = _has_vietnamese_mark(word) or (caps_line and word.isupper())
    return Slot(s, e, [keep, *token_candidates(k, allow_split)], word)


def _number_splits(line: str, base: int, lm: SyllableLM) -> list[tuple[Edit, str, str]]:
    """Spaces between a number and a word glued to it: "2014của" -> "2014 của"."""
    out = []
    for m in DIGIT_THEN_WORD.finditer(line):
        w = m["word"]
        if w not in UNITS and key(w) in lm.valid and _has_vietnamese_mark(w):
            s = m.start()
            out.append((Edit(base + s, base + s, " "), line[s - 1:m.end()], f"{line[s - 1]} {w}"))
    for m in WORD_THEN_DIGIT.finditer(line):
        w = m["word"]
        if w not in UNITS and key(w) in lm.valid and _has_vietnamese_mark(w):
            e = m.end()
            out.append((Edit(base + e, base + e, " "), line[m.start():e + 1], f"{w} {line[e]}"))
    return out


def _choose(slots: list[Slot], lm: SyllableLM) -> list[tuple[Slot, Candidate]]:
    """The best reading of each ambiguous run of slots (Viterbi), fixed slots as context.

    Slots with one option are fixed, so the line splits into independent runs
    of ambiguous slots between fixed neighbours.
    """
    chosen: list[tuple[Slot, Candidate]] = []
    i, n = 0, len(slots)
    while i < n:
        if len(slots[i].options) == 1:
            i += 1
            continue
        j = i
        while j < n and len(slots[j].options) > 1:
            j += 1
        left = slots[i - 1].options[0].pieces[-1] if i > 0 else BOUNDARY
        right = slots[j].options[0].pieces[0] if j < n else BOUNDARY
        for slot, cand in zip(slots[i:j], _viterbi(slots[i:j], left, right, lm)):
            chosen.append((slot, cand))
        i = j
    return chosen


def _option_score(prev: str, cand: Candidate, lm: SyllableLM) -> float:
    score = lm.logp(prev, cand.pieces[0])
    for a, b in zip(cand.pieces, cand.pieces[1:]):
        score += lm.logp(a, b)
    if cand.kind != "keep":
        score -= cand.cost + MARGIN
    return score


def _viterbi(run: list[Slot], left: str, right: str, lm: SyllableLM) -> list[Candidate]:
    # best[k]: (score, back-pointer list) for option k of the current slot
    prev_layer = [(0.0, [], left)]
    for slot in run:
        layer = []
        for cand in slot.options:
            best = max(
                ((score + _option_score(last, cand, lm), path) for score, path, last in prev_layer),
                key=lambda t: t[0],
            )
            layer.append((best[0], best[1] + [cand], cand.pieces[-1]))
        prev_layer = layer
    final = max(prev_layer, key=lambda t: t[0] + lm.logp(t[2], right))
    return final[1]


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

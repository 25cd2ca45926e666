"""sections: the outline of numbered items that begin a line.

Candidates are found line by line (``HEADING``; a table row, whose cells are
tab-separated, is never one). An outline is a stack of numbering families
(roman, arabic, ``1.1``, letters, ...): an item continues a family on the
stack (the next ordinal, or one further where a heading was lost) or opens a
new, deeper family at its first ordinal. ``level`` is the family's depth on
the stack; an appendix (``Phụ lục``) is level 1 and starts a fresh stack, and
so does the plan attached to a decision.

How the sequence is chosen (:func:`choose_outline`): for the whole document at
once, not greedily line by line. A beam of the best readings so far is carried
through the candidates; each reading either takes a candidate or leaves it
out. Taking one scores a point; taking one that breaks the numbering costs
more than it scores (an ordinal printed twice, ``IV`` then ``IV``; a gap of
two or more, ``2`` then ``5``; a family that opens past its first ordinal,
``II`` with no ``I``), so a defect is only accepted when the items after it
then fit (the second ``IV``'s own ``1.``, ``2.``, ...), and one lost or
defective heading no longer drops everything after it. Numbers that begin a
wrapped line, numbered rows and lists restarting inside a paragraph fit no
reading and are left out. Every accepted defect is a ``section_numbering``
warning.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..document import Document, Section
from ..segment import split_lines
from ..vocab import fold_diacritics, load_rows

# One outline item at the start of a line; the alternatives in priority order.
HEADING = regex.compile(
    r"""
    ^[ \t]*
    (?:
        # "PHỤ LỤC II", "Phụ lục 1", "PHỤ LỤC" (an appendix; title may be on the next line)
        (?P<appendix>(?i:ph[ụu]\s*l[ụu]c))(?:\s+(?P<appendix_no>[IVXLC]+|\d{1,2}))?(?=[\s.:]|$)[.:]?
      | # "Phần I", "CHƯƠNG II", "Mục 1"
        (?P<part>Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?P<part_no>[IVXLC]+|\d{1,2})(?=[\s.:]|$)[.:]?
      | # "Điều 3."
        (?P<article>Điều|ĐIỀU)\s+(?P<article_no>\d{1,3})\s*[.:]
      | # "1.1.", "2.3.1" (multi-level arabic)
        (?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s)
      | # "IV.", "II)"
        (?P<roman>[IVXLC]{1,7})\s*[.)]
      | # "1.", "2)" (not "1.5" or "15.6.2020")
        (?P<arabic>\d{1,2})\s*[.)](?!\d)
      | # "(1)", "(12)": numbered in parentheses
        \((?P<paren>\d{1,2})\)
      | # "a.", "b)", "đ)"
        (?P<letter>[a-zđ])\s*[.)]
      | # "A.", "B)"
        (?P<capital>[A-Z])\s*[.)]
    )
    [ \t]*(?P<title>.*?)[ \t]*$
    """,
    regex.X,
)

# The title ends at the first colon (not a clock time) or the end of the first sentence.
TITLE_END = regex.compile(r":(?!\d)|\.(?=\s+[\p{Lu}\d])")
TRAILING_PUNCT = regex.compile(r"[\s.;:,/]+$")

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Letter items in order. Vietnamese lists skip f, j, w, z (a, b, c, d, đ, e, g,
# h, i, k, ...); a document that writes them anyway (e, f) still counts: a skip
# of one letter is free.
LETTERS = "abcdđefghijklmnopqrstuvwxyz"
CAPITAL_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# In OCR'd text, a Roman heading number whose dot was lost, before a title in
# capitals: "II MỤC TIÊU, ĐỐI TƯỢNG".
ROMAN_WITHOUT_DOT = regex.compile(r"^[ \t]*(?P<roman>[IVX]{1,5})[ \t]+(?P<title>\p{Lu}{2,}(?:[ \t,]+\p{Lu}{2,})+)[ \t]*$")

# In OCR'd text, a Roman number of strokes with its dot read as an "L", before a
# title in capitals: "IL. HIỆN TRẠNG", "IIL MỤC TIÊU".
GARBLED_STROKES = regex.compile(
    r"^[ \t]*(?P<roman>I{1,3}L)[.)]?[ \t]+(?P<title>\p{Lu}{2,}(?:[ \t,]+\p{Lu}{2,})+)[ \t.:]*$")

# How many ordinals an item may skip and still continue its family (a heading
# lost to OCR, a letter Vietnamese lists leave out): "1., 2., 4." keeps 4.
MAX_SKIP = 1
# The largest jump accepted at all (as a numbering defect): "2." then "7.".
MAX_GAP = 5
# What a numbering defect costs a reading; taking an item scores 1, so a defect
# is accepted only when the items after it fit (and more so for a late start).
REPEAT_COST = 1.25          # "IV." printed twice
GAP_COST = 1.25             # "2." then "5."
LATE_START_COST = 2.25      # a family opening at "II." (its first item lost)
# In OCR'd text a Roman number of strokes may have gained or lost one ("III."
# read as "II."): read as its neighbour, continuing its family, it costs this much.
MISREAD_COST = 0.5
# Roman numbers of strokes only: the ones OCR reads with a stroke too many or too few.
STROKES = ("I", "II", "III")
# How many readings are kept while the candidates are read.
BEAM_WIDTH = 12


@dataclass(frozen=True)
class Candidate:
    family: str          # roman, arabic, multi2, letter, capital, part, article, appendix
    ordinal: int
    label: str
    title: str
    start: int           # working offsets of the heading line
    end: int
    alternatives: tuple[tuple[str, int], ...] = ()   # other (family, ordinal) readings
    misreadings: tuple[int, ...] = ()       # other ordinals of its family, were OCR to have misread it
    printed: str = ""                       # the number as printed, when it is no number as such ("IL")


def roman_value(text: str) -> int | None:
    """``IV`` -> 4; ``None`` for a string that is not a well-formed numeral.

    >>> roman_value("IX"), roman_value("VIII"), roman_value("IIV")
    (9, 8, None)
    """
    total, prev = 0, 0
    for ch in reversed(text):
        value = ROMAN_VALUES.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total if to_roman(total) == text else None


def to_roman(n: int) -> str:
    out = []
    for value, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def number_value(text: str) -> int:
    return roman_value(text) or 0 if text and text[0] in ROMAN_VALUES else int(text)


def heading_title(raw: str) -> str:
    """The item's text up to the first colon or the end of its first sentence.

    >>> heading_title("Phòng KH TC có trách nhiệm:")
    'Phòng KH TC có trách nhiệm'
    >>> heading_title("Sở thông tin và truyền thông.")
    'Sở thông tin và truyền thông'
    >>> heading_title("Tăng cường. Nội dung khác")
    'Tăng cường'
    """
    m = TITLE_END.search(raw)
    title = raw[:m.start()] if m else raw
    return TRAILING_PUNCT.sub("", regex.sub(r"\s+", " ", title)).strip()


def candidate_of(match: regex.Match, start: int, end: int) -> Candidate | None:
    g = match.group
    title = heading_title(g("title") or "")
    if g("appendix"):
        number = g("appendix_no")
        label = "Phụ lục" + (f" {number}" if number else "")
        return Candidate("appendix", 0, label, title, start, end)
    if g("part"):
        word = g("part").capitalize()
        return Candidate(f"part:{fold_diacritics(word)}", number_value(g("part_no")),
                         f"{word} {g('part_no')}", title, start, end)
    if g("article"):
        return Candidate("article", int(g("article_no")), f"Điều {g('article_no')}", title, start, end)
    if not title or not regex.match(r"[\p{L}\"“'(\[]", title) and not (g("paren") and regex.match(r"\d", title)):
        return None                      # "1." followed by a number or nothing: a table cell
    if g("multi"):
        parts = g("multi").split(".")
        return Candidate(f"multi{len(parts)}", int(parts[-1]), g("multi"), title, start, end)
    if g("roman"):
        value = roman_value(g("roman"))
        alts = ((("capital", CAPITAL_LETTERS.index(g("roman")) + 1),) if len(g("roman")) == 1 else ())
        if value is None:
            return None
        return Candidate("roman", value, g("roman"), title, start, end, alts)
    if g("arabic"):
        return Candidate("arabic", int(g("arabic")), g("arabic"), title, start, end)
    if g("paren"):
        return Candidate("paren", int(g("paren")), g("paren"), title, start, end)
    if g("letter"):
        return Candidate("letter", LETTERS.index(g("letter")) + 1, g("letter"), title, start, end)
    if g("capital"):
        return Candidate("capital", CAPITAL_LETTERS.index(g("capital")) + 1, g("capital"), title, start, end)
    return None


@dataclass(frozen=True)
class Placement:
    """A candidate taken into the outline: where it stands and what it broke."""

    candidate: Candidate
    depth: int
    family: str
    defect: str | None = None         # "repeat", "gap", "late_start", "misread"
    ordinal: int | None = None        # the number it is read as (a misread one differs from the label's)


@dataclass(frozen=True)
class Reading:
    """One way of reading the candidates so far: the open families and what was taken."""

    stack: tuple[tuple[str, int], ...]     # (family, last ordinal), outermost first
    score: float
    taken: tuple = ()                      # linked list: (earlier taken, Placement)

    def take(self, depth: int, family: str, ordinal: int, placement: Placement, gain: float) -> "Reading":
        return Reading(self.stack[:depth] + ((family, ordinal),), self.score + gain, (self.taken, placement))

    def placements(self) -> list[Placement]:
        out, node = [], self.taken
        while node:
            node, placement = node
            out.append(placement)
        return out[::-1]


def continuations(reading: Reading, cand: Candidate) -> list[Reading]:
    """The readings that take ``cand``: continuing a family, or opening a deeper one."""
    if cand.family == "appendix":
        return [Reading((("appendix", 0),), reading.score + 1, (reading.taken, Placement(cand, 0, "appendix")))]
    out = []
    readings = [(cand.family, cand.ordinal, False), *((f, o, False) for f, o in cand.alternatives),
                *((cand.family, o, True) for o in cand.misreadings)]
    for family, ordinal, misread in readings:
        depth = next((d for d, (f, _) in enumerate(reading.stack) if f == family), None)
        if depth is None:
            depth, step = len(reading.stack), ordinal
            defect = None if ordinal == 1 else "late_start"
        else:
            step = ordinal - reading.stack[depth][1]
            defect = None if 1 <= step <= 1 + MAX_SKIP else "repeat" if step == 0 else \
                "gap" if 1 < step <= MAX_GAP else "impossible"
        if defect == "impossible" or (defect == "late_start" and ordinal > MAX_GAP):
            continue
        if misread and depth == len(reading.stack):
            continue                     # a misreading continues a family, never opens one
        cost = {None: 0.0, "repeat": REPEAT_COST, "gap": GAP_COST, "late_start": LATE_START_COST}[defect]
        if misread:
            cost, defect = cost + MISREAD_COST, defect or "misread"
        out.append(reading.take(depth, family, ordinal, Placement(cand, depth, family, defect, ordinal), 1 - cost))
    return out


def choose_outline(parts: list[list[Candidate]]) -> list[Placement]:
    """The best-scoring outline over the candidates of each part (see the module docstring).

    >>> def c(family, ordinal, label):
    ...     return Candidate(family, ordinal, label, "x", 0, 1)
    >>> cands = [c("roman", 1, "I"), c("arabic", 1, "1"), c("arabic", 2, "2"),
    ...          c("roman", 1, "I"), c("arabic", 1, "1"), c("arabic", 2, "2")]   # "I." printed twice
    >>> [(p.candidate.label, p.depth, p.defect) for p in choose_outline([cands])]
    [('I', 0, None), ('1', 1, None), ('2', 1, None), ('I', 0, 'repeat'), ('1', 1, None), ('2', 1, None)]
    """
    beam = [Reading((), 0.0)]
    for part in parts:
        beam = [Reading((), r.score, r.taken) for r in beam]        # a fresh outline per part
        for cand in part:
            grown = {}
            for reading in beam:
                for new in [reading, *continuations(reading, cand)]:
                    best = grown.get(new.stack)
                    if best is None or new.score > best.score:
                        grown[new.stack] = new
            beam = sorted(grown.values(), key=lambda r: -r.score)[:BEAM_WIDTH]
    return max(beam, key=lambda r: r.score).placements()


@lru_cache(maxsize=1)
def kind_keywords() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((kind, tuple(fold_diacritics(k) for k in words.split("|")))
                 for kind, words in load_rows("section_kinds.tsv"))


# A kind that names the part only when it opens the title: a report
# (``ĐÁNH GIÁ TÌNH HÌNH ...``); ``NỘI DUNG GIÁM SÁT, ĐÁNH GIÁ`` is about tasks.
OPENING_KINDS = frozenset({"current_state"})


def kind_of_title(title: str, anywhere: bool) -> str | None:
    """The kind a title names: at its start for sub-items; anywhere for top
    items, in the vocabulary's order, except a report kind, which must come first.

    >>> kind_of_title("MUC TIÊU ỨNG DỤNG CNTT", anywhere=True)
    'objectives'
    >>> kind_of_title("NỘI DUNG THI ĐUA, TIÊU CHÍ ĐÁNH GIÁ", anywhere=True)
    'tasks'
    >>> kind_of_title("ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN", anywhere=True)
    'current_state'
    >>> kind_of_title("Xây dựng hạ tầng", anywhere=False) is None
    True
    """
    folded = regex.sub(r"\s+", " ", fold_diacritics(title)).strip()
    found: list[tuple[str, int]] = []              # (kind, first position), in vocabulary order
    for kind, keywords in kind_keywords():
        positions = [0 if folded.startswith(k) else (folded.find(k) if anywhere else -1) for k in keywords]
        positions = [p for p in positions if p >= 0]
        if positions:
            found.append((kind, min(positions)))
    if not found:
        return None
    first = min(pos for _, pos in found)
    for kind, pos in found:
        if kind not in OPENING_KINDS or pos == first:
            return kind
    return None


def appendix_title(lines, index: int) -> str:
    """An appendix's title: the next non-empty line that is not a "(kèm theo ...)" note."""
    for line in lines[index + 1:index + 6]:
        text = line.text.strip()
        if text and not text.startswith("("):
            return heading_title(text)
    return ""


def outline_parts(doc: Document, lines) -> list[list[tuple[int, object]]]:
    """(line index, line) of the lines that may hold outline items, by part.

    The body, a document attached to a decision and the appendices after the
    closing each have an outline of their own.
    """
    (body_start, body_end), (tail_start, tail_end) = doc.segments.body, doc.segments.tail
    attached = doc.segments.attached[0] if doc.segments.attached != (0, 0) else None
    parts: list[list] = [[], [], []]
    for index, line in enumerate(lines):
        if attached is not None and line.start >= attached:
            if body_start <= line.start < body_end or tail_start <= line.start < tail_end:
                parts[1].append((index, line))
        elif body_start <= line.start < body_end:
            parts[0].append((index, line))
        elif tail_start <= line.start < tail_end:
            parts[2].append((index, line))
    return [p for p in parts if p]


def in_table(lines, index: int) -> bool:
    """A table row: its cells are tab-separated, or it spans the table between two such rows
    (a group row ``I. NÂNG CAO NHẬN THỨC`` that spans every column)."""
    if "\t" in lines[index].text:
        return True
    before = next((ln for ln in reversed(lines[max(0, index - 3):index]) if ln.stripped), None)
    after = next((ln for ln in lines[index + 1:index + 4] if ln.stripped), None)
    return bool(before and after and "\t" in before.text and "\t" in after.text)


def candidates_of(part, lines, ocr: bool = False) -> list[tuple[int, Candidate]]:
    """(line index, candidate) of every line that opens like an outline item; in
    OCR'd text a Roman number of strokes may also be read as its neighbours."""
    out = []
    for index, line in part:
        if in_table(lines, index):
            continue
        match = HEADING.match(line.text)
        cand = candidate_of(match, line.start, line.end) if match else None
        if cand is None and ocr:
            cand = roman_without_dot(line) or garbled_strokes(line)
        if cand and ocr and cand.family == "roman" and cand.label in STROKES:
            cand = replace(cand, misreadings=tuple(n for n in (cand.ordinal - 1, cand.ordinal + 1)
                                                   if 1 <= n <= len(STROKES)))
        if cand:
            out.append((index, cand))
    return out


def garbled_strokes(line) -> Candidate | None:
    """A Roman heading number of strokes OCR garbled into no number, its dot
    read as an ``L`` ("IL." for "I.", "IIL" for "II."), before a title in
    capitals: read as its strokes, with its neighbours as misreadings."""
    match = GARBLED_STROKES.match(line.text)
    if not match or roman_value(match.group("roman")) is not None:
        return None
    ordinal = min(max(match.group("roman").count("I"), 1), len(STROKES))
    return Candidate("roman", ordinal, to_roman(ordinal), heading_title(match.group("title")), line.start, line.end,
                     printed=match.group("roman"))


def roman_without_dot(line) -> Candidate | None:
    """A Roman heading number OCR read without its dot, before a title in capitals."""
    match = ROMAN_WITHOUT_DOT.match(line.text)
    value = roman_value(match.group("roman")) if match else None
    if value is None:
        return None
    return Candidate("roman", value, match.group("roman"), heading_title(match.group("title")), line.start, line.end)


DEFECT_MESSAGES = {
    "repeat": "{label} is numbered like the item before it of the same level",
    "gap": "{label} skips items of its level",
    "late_start": "{label} opens its level past the first item",
    "misread": "{label} read as {reading}: a stroke of the Roman number taken as lost or added by OCR",
}


def extract(doc: Document) -> None:
    lines = split_lines(doc.text)
    ocr = doc.source_format.endswith("ocr")
    found = [candidates_of(part, lines, ocr) for part in outline_parts(doc, lines)]
    line_of = {id(cand): index for part in found for index, cand in part}
    roots: list[Section] = []
    flat: list[Section] = []
    open_sections: list[Section] = []          # the section at each depth of the current path
    for placement in choose_outline([[cand for _, cand in part] for part in found]):
        cand, depth = placement.candidate, placement.depth
        line = lines[line_of[id(cand)]]
        label = to_roman(placement.ordinal) if placement.defect == "misread" else cand.label
        title = cand.title or (appendix_title(lines, line_of[id(cand)]) if placement.family == "appendix" else "")
        indent = len(line.text) - len(line.text.lstrip())
        section = Section(label=label, level=depth + 1, title=title, kind="other",
                          span=doc.span(line.start + indent, line.end), numbering=placement.family)
        del open_sections[depth:]
        parent = open_sections[-1] if open_sections else None
        open_sections.append(section)
        section.kind = "appendix" if placement.family == "appendix" else (
            kind_of_title(title, anywhere=parent is None) or (parent.kind if parent else "other"))
        siblings = parent.children if parent else roots
        section.path = section_path(parent, label)
        repeats = sum(1 for sib in siblings if sib.label == label)
        if repeats:
            section.path += f"({repeats + 1})"
        siblings.append(section)
        flat.append(section)
        if cand.printed:
            doc.warn("section_numbering", f"{cand.printed} read as {label}: no Roman number as printed",
                     line.start + indent, line.end)
        if placement.defect:
            doc.warn("section_numbering", DEFECT_MESSAGES[placement.defect].format(label=cand.label, reading=label),
                     line.start + indent, line.end)
    set_body_ends(doc, flat)
    doc.sections = roots
    doc.flat_sections = flat


def section_path(parent: Section | None, label: str) -> str:
    """``IV`` + ``2`` -> ``IV.2``; a multi-level label extends its parent: ``IV.1`` + ``1.1`` -> ``IV.1.1``."""
    if parent is None:
        return label
    if "." in label and label.startswith(parent.label + "."):
        return parent.path + label[len(parent.label):]
    return f"{parent.path}.{label}"


def set_body_ends(doc: Document, flat: list[Section]) -> None:
    """Each section's content runs to the next heading of the same or a higher level."""
    closing_start = doc.span(doc.segments.closing[0], doc.segments.closing[0]).start
    text_end = len(doc.original)
    for i, sec in enumerate(flat):
        end = text_end
        for later in flat[i + 1:]:
            if later.level <= sec.level:
                end = later.span.start
                break
        if sec.span.start < closing_start < end:
            end = closing_start
        sec.body_end = end

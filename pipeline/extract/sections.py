"""sections: the outline of numbered items that begin a line.

Candidates are found line by line (``HEADING``), then accepted only when they
continue a numbering sequence: an outline is a stack of numbering families
(roman, arabic, ``1.1``, letters, ...), and an item either continues a family
on the stack (the next ordinal, or one further where a heading was lost) or
opens a new, deeper family at its first ordinal. That rule drops numbered
table rows and numbers at the start of wrapped lines without a list of
exceptions. ``level`` is the family's depth on the stack; an appendix
(``Phụ lục``) is level 1 and starts a fresh stack.
"""
from __future__ import annotations

from dataclasses import dataclass
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
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
CAPITAL_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# How many ordinals an item may skip and still continue its family (a heading
# lost to OCR): "1., 2., 4." keeps 4.
MAX_SKIP = 1


@dataclass(frozen=True)
class Candidate:
    family: str          # roman, arabic, multi2, letter, capital, part, article, appendix
    ordinal: int
    label: str
    title: str
    start: int           # working offsets of the heading line
    end: int
    alternatives: tuple[tuple[str, int], ...] = ()   # other (family, ordinal) readings


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
    if not title or not regex.match(r"[\p{L}\"“'(\[]", title):
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
    if g("letter"):
        return Candidate("letter", VIETNAMESE_LETTERS.index(g("letter")) + 1
                         if g("letter") in VIETNAMESE_LETTERS else 0, g("letter"), title, start, end)
    if g("capital"):
        return Candidate("capital", CAPITAL_LETTERS.index(g("capital")) + 1, g("capital"), title, start, end)
    return None


@dataclass
class Frame:
    family: str
    last: int
    section: Section


class Outline:
    """The stack of open numbering families while reading the document."""

    def __init__(self) -> None:
        self.stack: list[Frame] = []

    def reset(self) -> None:
        self.stack = []

    def place(self, family: str, ordinal: int) -> int | None:
        """The stack depth at which ``(family, ordinal)`` continues, or ``None``."""
        for depth, frame in enumerate(self.stack):
            if frame.family == family:
                return depth if 0 < ordinal - frame.last <= 1 + MAX_SKIP else None
        return len(self.stack) if ordinal == 1 else None

    def accept(self, cand: Candidate) -> tuple[int, str, int] | None:
        """(depth, family, ordinal) of the reading that fits, trying alternatives."""
        if cand.family == "appendix":
            return 0, "appendix", 0
        for family, ordinal in ((cand.family, cand.ordinal), *cand.alternatives):
            depth = self.place(family, ordinal)
            if depth is not None:
                return depth, family, ordinal
        return None

    def push(self, depth: int, family: str, ordinal: int, section: Section) -> Section | None:
        """Put the section at ``depth``; return its parent section."""
        del self.stack[depth:]
        parent = self.stack[-1].section if self.stack else None
        self.stack.append(Frame(family, ordinal, section))
        return parent


@lru_cache(maxsize=1)
def kind_keywords() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((kind, tuple(fold_diacritics(k) for k in words.split("|")))
                 for kind, words in load_rows("section_kinds.tsv"))


def kind_of_title(title: str, anywhere: bool) -> str | None:
    """The kind a title names: at its start for sub-items, anywhere for top items.

    >>> kind_of_title("MUC TIÊU ỨNG DỤNG CNTT", anywhere=True)
    'objectives'
    >>> kind_of_title("Xây dựng hạ tầng", anywhere=False) is None
    True
    """
    folded = regex.sub(r"\s+", " ", fold_diacritics(title)).strip()
    for kind, keywords in kind_keywords():
        for keyword in keywords:
            if folded.startswith(keyword) or (anywhere and keyword in folded):
                return kind
    return None


def appendix_title(lines, index: int) -> str:
    """An appendix's title: the next non-empty line that is not a "(kèm theo ...)" note."""
    for line in lines[index + 1:index + 6]:
        text = line.text.strip()
        if text and not text.startswith("("):
            return heading_title(text)
    return ""


def in_outline_part(doc: Document, offset: int) -> str | None:
    """``"body"`` or ``"tail"`` when a working offset may hold outline items, else ``None``."""
    (body_start, body_end), (tail_start, tail_end) = doc.segments.body, doc.segments.tail
    if body_start <= offset < body_end:
        return "body"
    if tail_start <= offset < tail_end:
        return "tail"
    return None


def extract(doc: Document) -> None:
    lines = split_lines(doc.text)
    outline = Outline()
    roots: list[Section] = []
    flat: list[Section] = []
    in_tail = False
    for index, line in enumerate(lines):
        part = in_outline_part(doc, line.start)
        if part is None:
            continue
        if part == "tail" and not in_tail:       # appendices after the signature: a fresh outline
            outline.reset()
            in_tail = True
        match = HEADING.match(line.text)
        cand = candidate_of(match, line.start, line.end) if match else None
        placed = outline.accept(cand) if cand else None
        if placed is None:
            continue
        depth, family, ordinal = placed
        title = cand.title or (appendix_title(lines, index) if family == "appendix" else "")
        indent = len(line.text) - len(line.text.lstrip())
        section = Section(label=cand.label, level=depth + 1, title=title, kind="other",
                          span=doc.span(line.start + indent, line.end), numbering=family)
        parent = outline.push(depth, family, ordinal, section)
        section.kind = "appendix" if family == "appendix" else (
            kind_of_title(title, anywhere=parent is None) or (parent.kind if parent else "other"))
        section.path = section_path(parent, cand.label)
        (parent.children if parent else roots).append(section)
        flat.append(section)
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

"""Patterns and vocabulary of the targets extractor, compiled once.

Fixed shapes (numbers, years, clause ends, table rows) are verbose regexes here;
word lists (comparators, goal and current-state wording, counted nouns) live in
``pipeline/data/target_words.tsv`` and are turned into patterns by
:func:`vocabulary`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent.parent / "data" / "target_words.tsv"

# A percentage: "100%", "3,55%", "95,8 %", "0.5%". Not the tail of a longer
# number or a ratio ("53/57", "1.447"), so no digit, '/', ',' or '.' before it.
PERCENT = regex.compile(
    r"""
    (?<![\d/.,])
    (?P<value>\d{1,3}(?:[.,]\d{1,3})?)   # 100 | 3,55 | 95,8
    \s?%
    """,
    regex.X,
)

# A percentage range "50-70%", "từ 50 đến 70%": ambiguous as a goal, so it is
# reported as a warning, never guessed.
PERCENT_RANGE = regex.compile(
    r"""
    \d{1,3}(?:[.,]\d+)?\s*(?:%\s*)?(?:[-–]|đến)\s*$   # "50-" just before the "70%"
    """,
    regex.X,
)

# A plain count: "03", "10", "20.000" (dot as thousands separator). The counted
# noun after it is matched with the unit vocabulary (``Vocabulary.unit``).
COUNT = regex.compile(
    r"""
    (?<![\d/.,:\w-])
    (?P<value>\d{1,3}(?:\.\d{3})+|\d+)   # 03 | 10 | 20.000
    (?![\d/.,%:]\d|\s?%|[-–/]\d)          # not a date, ratio, percentage or range
    \s+
    """,
    regex.X,
)

# A ratio goal's "per" part after the counted noun: "01 máy tính/01 cán bộ",
# "1 máy tính/cán bộ" -> unit "máy tính/cán bộ".
RATIO_TAIL = regex.compile(
    r"""
    [ \t]*/[ \t]*(?:0*1[ \t]+)?          # "/" and an optional "01"
    (?P<per>\p{Ll}+(?:[ \t]+\p{Ll}+)?)     # the noun it is counted per
    (?!\w)
    """,
    regex.X,
)

# A figure reported with its ratio: "53/57 (93%)", "5,86% (16/273)": a measured
# result, never a goal.
RESULT_RATIO_BEFORE = regex.compile(r"\d+\s*/\s*\d+\s*\(\s*$")
RESULT_RATIO_AFTER = regex.compile(r"\s*\(\s*\d+\s*/\s*\d+\s*\)")

# A year that fixes a deadline, in priority order inside a clause:
#   "đến năm 2015", "hết năm 2013", "trước năm 2020", "trong năm 2014", "đến 2015",
#   "cuối năm 2012", "từ nay đến năm 2015", "trước 31/12/2010", "đến tháng 6 năm 2015".
DEADLINE_WORDED = regex.compile(
    r"""
    (?<!\w)(?:từ\s+nay\s+)?(?:đến|tới|hết|trước|trong|vào|cuối)\s+
    (?:hết\s+|cuối\s+)?
    (?:(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*      # trước 31/12/2010
      |(?:tháng\s+\d{1,2}\s+)?năm\s+                  # đến tháng 6 năm 2015, đến năm 2015
      |)
    (?P<year>(?:19|20)\d{2})(?!\d)
    """,
    regex.X | regex.I,
)
# "giai đoạn 2016-2020", "giai đoạn từ 2011 -2015": the period's end year.
DEADLINE_PERIOD = regex.compile(
    r"""
    (?<!\w)giai\s*đoạn\s+(?:từ\s+)?(?:năm\s+)?(?:19|20)\d{2}\s*[-–]\s*(?:năm\s+)?
    (?P<year>(?:19|20)\d{2})(?!\d)
    """,
    regex.X | regex.I,
)
# A bare "năm 2012" inside the target's own clause ("năm 2012 đạt 60%"), not the
# year of a date ("ngày 16 tháng 11 năm 2010") nor a baseline ("tăng 20% so với năm 2020").
DEADLINE_BARE = regex.compile(
    r"""
    (?<!tháng\s+\d{1,2}\s+)(?<!so\s+với\s+)(?<!\w)năm\s+(?P<year>(?:19|20)\d{2})(?!\d)
    """,
    regex.X | regex.I,
)

# Where a clause ends: a semicolon, a sentence-final period ("... điện tử. Cung cấp ..."),
# not a decimal point ("0.94") nor "./.", or a line break, unless the next line goes on
# in lower case (a hard wrap left by the converter: "sử dụng thành thạo máy vi\n\ntính, ...").
CLAUSE_END = regex.compile(
    r"""
    \n(?![ \t\n]*\p{Ll})
    | ;
    | \.(?=\s|$)
    | [!?]
    """,
    regex.X,
)

# A bullet or dash at the start of a clause: "- 100% ...", "+ 60% ...", "• ...".
BULLET = regex.compile(r"[\s\-–+•*·]+")

# A table row: cells separated by tabs ("1\tNâng cấp ...\t2008\t955") or pipes
# ("| 1 | Nâng cấp ... | 955 |").
TABLE_ROW = regex.compile(r"\t\S.*\t|\|[^|\n]*\|[^|\n]*\|")

# The "Nơi nhận:" line that opens the closing block (fallback when the segment
# stage has not marked a closing).
RECIPIENTS = regex.compile(r"(?im)^\s*N[ơo]i\s*nh[ậa]n\s*:?")


# An aside in parentheses: "(trừ bộ phận Kế toán hiện đang sử dụng ...)".
PARENTHESIS = regex.compile(r"\([^()]*\)")
# Where a list of targets is cut between two numbers: a comma, or "và"/"còn"/"hoặc".
SPLIT_WORD = regex.compile(r",|(?<!\w)(?:và|còn|hoặc)(?!\w)")
# The counted noun after a qualified count when the vocabulary does not know it:
# its first two lower-case syllables ("ít nhất 10 nền tảng số" -> "nền tảng").
UNKNOWN_UNIT = regex.compile(r"(?P<first>\p{Ll}+)(?:[ \t]+\p{Ll}+)?(?!\w)")
# A conjunction left at the end of a clause cut before the next number.
TRAILING_CONJUNCTION = regex.compile(r"[\s,]+(?:và|còn|hoặc)$")
# "Tỷ lệ máy tính trên cán bộ ... đạt 97%": the measured quantity named before the verb.
RATE_SUBJECT = regex.compile(
    r"(?:^|\s)(?P<subject>(?:tỷ|tỉ)\s+lệ\s+.+?|số\s+lượng\s+.+?)\s+(?:đạt|là|lên|tăng|giảm|chiếm)\b",
    regex.I,
)

# A year-like number, never a count: "2015", "2020".
YEAR = regex.compile(r"^(?:19|20)\d{2}$")


def phrase_pattern(phrases: list[str], space: str = r"\s+") -> str:
    r"""Alternation of whole-word phrases, longest first; spaces match ``space``.

    >>> regex.search(phrase_pattern(["ít nhất", "ít"]), "có ít  nhất 5").group()
    'ít  nhất'
    >>> regex.search(phrase_pattern(["mô hình"], r"\s*"), "03 môhình").group()
    'môhình'
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(regex.escape(p).replace(r"\ ", space) for p in ordered)
    return rf"(?<!\w)(?:{body})(?!\w)"


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``target_words.tsv`` as compiled patterns."""

    comparators: dict[str, str]
    comparator_before: regex.Pattern     # qualifier (+ fillers) at the end of the text before a number
    comparator_after: regex.Pattern      # "trở lên" right after the number
    comparators_after: dict[str, str]
    goal: regex.Pattern
    opener: regex.Pattern                # goal verbs a long lead is cut at
    continuation: regex.Pattern          # ", tiến tới ..." after the last number: a new clause
    current: regex.Pattern
    current_weak: regex.Pattern
    current_title: regex.Pattern
    objective_title: regex.Pattern
    legal_title: regex.Pattern
    appendix_title: regex.Pattern
    budget_title: regex.Pattern
    money: regex.Pattern                 # a subject that is money ("kinh phí", "ngân sách")
    nonquantity_before: regex.Pattern    # "mức độ" just before the number
    determiner: regex.Pattern
    predicate: regex.Pattern
    unit: regex.Pattern                  # a counted noun at the start of the text after a count
    units: dict[str, str]                # spaceless lower-case form -> the vocabulary's spelling

    def canonical_unit(self, matched: str) -> str:
        """The vocabulary spelling of a matched counted noun (``môhình`` -> ``mô hình``)."""
        key = regex.sub(r"\s+", "", matched).lower()
        return self.units.get(key, " ".join(matched.split()))


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@lru_cache(maxsize=1)
def vocabulary(path: Path = DATA) -> Vocabulary:
    by_kind: dict[str, list[list[str]]] = {}
    for row in _rows(path):
        by_kind.setdefault(row[0], []).append(row[1:])

    def words(kind: str) -> list[str]:
        return [row[0] for row in by_kind.get(kind, [])]

    def pattern(kind: str) -> regex.Pattern:
        return regex.compile(phrase_pattern(words(kind)), regex.I)

    comparators = {row[0].lower(): row[1] for row in by_kind["comparator"]}
    after = {row[0].lower(): row[1] for row in by_kind["comparator_after"]}
    fillers = phrase_pattern(words("filler"))
    return Vocabulary(
        comparators=comparators,
        comparator_before=regex.compile(
            rf"(?P<word>{phrase_pattern(list(comparators))})(?:\s+{fillers})*\s*$", regex.I),
        comparator_after=regex.compile(rf"^\s*(?P<word>{phrase_pattern(list(after))})", regex.I),
        comparators_after=after,
        goal=pattern("goal"),
        opener=pattern("opener"),
        continuation=regex.compile(rf",\s*{phrase_pattern(words('continuation'))}", regex.I),
        current=pattern("current"),
        current_weak=pattern("current_weak"),
        current_title=pattern("current_title"),
        objective_title=pattern("objective_title"),
        legal_title=pattern("legal_title"),
        appendix_title=pattern("appendix_title"),
        budget_title=pattern("budget_title"),
        money=regex.compile(phrase_pattern(words("money")), regex.I),
        nonquantity_before=regex.compile(rf"{phrase_pattern(words('nonquantity'))}\s*$", regex.I),
        determiner=regex.compile(rf"^(?:{phrase_pattern(words('determiner'))}\s+)+", regex.I),
        predicate=pattern("predicate"),
        # OCR merges syllables ("03 môhình"), so a counted noun's syllables may touch.
        unit=regex.compile(phrase_pattern(words("unit"), space=r"\s*"), regex.I),
        units={regex.sub(r"\s+", "", w).lower(): w for w in words("unit")},
    )

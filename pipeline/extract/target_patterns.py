"""Patterns and vocabulary of the targets extractor, compiled once.

Fixed shapes (numbers, ranges, years, clause ends, table rows) are verbose regexes
here; word lists (comparators, goal and current-state wording, counted nouns and
units) live in ``pipeline/data/target_words.tsv`` and are turned into patterns by
:func:`vocabulary`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent.parent / "data" / "target_words.tsv"

# One number as Vietnamese prints it, in priority order: thousands grouped with
# dots ("46.200", "1.234,5"), a decimal point with one or two digits ("0.5"),
# a decimal comma ("95,8", "102,05"), plain digits ("03", "500").
NUMBER = r"""
    (?:\d{1,3}(?:\.\d{3})+(?:,\d+)?      # 46.200 | 43.346.068 | 1.234,5
      |\d+\.\d{1,2}(?!\d)                # 0.5
      |\d+(?:,\d+)?)                     # 95,8 | 03 | 500
"""

# A quantity: a number, or a range of two ("59-62%", "10 - 13%/năm", "từ 70 đến
# 75%", "8,5 - 9%", "70% - 75%"). Not the tail of a date, a ratio, a code or a
# longer number ("20/11", "53/57", "3:17", "1.5.2"), so no digit, '/', '.', ',',
# ':' or letter before it and none of them with a digit after it.
QUANTITY = regex.compile(
    rf"""
    (?<![\d/.,:\w])
    (?:(?P<low>{NUMBER})\s*(?:%|phần\s+trăm)?\s*(?:[-–—]|\s(?:đến|tới)\s)\s*)?   # "59-" | "từ 70 đến "
    (?P<value>{NUMBER})
    (?![.,:/]?\d)
    """,
    regex.X | regex.I,
)

# The percent sign or its words after a number: "95,8%", "95,8 %", "80 phần trăm".
PERCENT_SIGN = regex.compile(r"[ \t]?%|[ \t]+phần[ \t]+trăm(?!\w)", regex.I)

# A money amount's unit after a number: a scale and a currency ("400 triệu USD",
# "10.000 tỷ đồng", "48,3 triệu đô la"), or dollars alone ("500 USD").
MONEY_UNIT = regex.compile(
    r"""
    [ \t]*(?:(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)[ \t]+)?
    (?P<currency>USD|đồng|VNĐ|đô[ \t]*la(?:[ \t]+Mỹ)?)(?!\w)
    """,
    regex.X | regex.I,
)

# A scale word between a number and its counted noun: "5 triệu lượt khách", "3,5 nghìn tấn".
SCALE = regex.compile(r"[ \t]+(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)(?=[ \t])", regex.I)
# The verb before an age that makes it a level to reach ("tuổi thọ đạt 75 tuổi"), not the
# age of who is counted ("trẻ em dưới 5 tuổi").
AGE_REACHED = regex.compile(r"(?<!\w)(?:đạt|lên|là|tăng)[ \t]+(?:khoảng[ \t]+|trên[ \t]+)?$", regex.I)

# A ratio goal's "per" part after the counted noun: "01 máy tính/01 cán bộ" ->
# "máy tính/cán bộ", "2,1 con/phụ nữ", "109 bé trai/100 bé gái" (a base other
# than one is kept: "bé trai/100 bé gái").
RATIO_TAIL = regex.compile(
    r"""
    [ \t]*/[ \t]*(?:(?P<base>\d+)[ \t]+)?  # "/" and an optional base "01", "100"
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
# Any year a text names: "2017", "năm 2016", "2016-2020".
ANY_YEAR = regex.compile(r"(?<![\d/.,])(?P<year>(?:19|20)\d{2})(?![\d/])")

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
TABLE_ROW = regex.compile(r"\t|\|[^|\n]*\|[^|\n]*\|")

# The "Nơi nhận:" line that opens the closing block (fallback when the segment
# stage has not marked a closing).
RECIPIENTS = regex.compile(r"(?im)^\s*N[ơo]i\s*nh[ậa]n\s*:?")

# An aside in parentheses: "(trừ bộ phận Kế toán hiện đang sử dụng ...)".
PARENTHESIS = regex.compile(r"\([^()]*\)")
# Where a list of targets is cut between two numbers: a comma, or "và"/"còn"/"hoặc".
SPLIT_WORD = regex.compile(r",|(?<!\w)(?:và|còn|hoặc)(?!\w)")
# The counted noun after a count when the vocabulary does not know it: its first
# two lower-case syllables ("ít nhất 10 nền tảng số" -> "nền tảng"), or up to three
# syllables of a name that starts in capitals ("10 Phòng Công chứng (PCC)").
UNKNOWN_UNIT = regex.compile(r"(?P<first>\p{Ll}+)(?:[ \t]+\p{Ll}+)?(?!\w)")
NAMED_UNIT = regex.compile(r"\p{Lu}\p{Ll}+(?:[ \t]+\p{L}+){0,2}(?!\w)")
# Words that end a named unit: "10 Phòng Công chứng của thành phố".
NAMED_UNIT_STOP = frozenset({"của", "tại", "trên", "và", "với", "cho", "được", "để", "thành", "từ", "ở",
                             "theo", "trong", "có", "là"})
# A conjunction left at the end of a clause cut before the next number.
TRAILING_CONJUNCTION = regex.compile(r"[\s,]+(?:và|còn|hoặc)$")
# "Tỷ lệ máy tính trên cán bộ ... đạt 97%": the measured quantity named before the verb.
RATE_SUBJECT = regex.compile(
    r"(?:^|\s)(?P<subject>(?:tỷ|tỉ)\s+lệ\s+.+?|số\s+lượng\s+.+?)\s+(?:đạt|là|lên|tăng|giảm|chiếm)\b",
    regex.I,
)

# A year-like number, never a count: "2015", "2020".
YEAR = regex.compile(r"^(?:19|20)\d{2}$")

# A question in a headline: a Q&A page, not news about a plan ("... tính thế nào?",
# "TP Thủ Đức chia thành những phân vùng nào? Mục tiêu ...").
QUESTION = regex.compile(r"\?")


def phrase_alternation(phrases: list[str], space: str = r"\s+") -> str:
    """Alternation of phrases, longest first; spaces match ``space``; no word boundaries."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(regex.escape(p).replace(r"\ ", space) for p in ordered)


def phrase_pattern(phrases: list[str], space: str = r"\s+") -> str:
    r"""Alternation of whole-word phrases, longest first; spaces match ``space``.

    >>> regex.search(phrase_pattern(["ít nhất", "ít"]), "có ít  nhất 5").group()
    'ít  nhất'
    >>> regex.search(phrase_pattern(["mô hình"], r"\s*"), "03 môhình").group()
    'môhình'
    """
    return rf"(?<!\w)(?:{phrase_alternation(phrases, space)})(?!\w)"


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``target_words.tsv`` as compiled patterns."""

    comparators: dict[str, str]
    comparator_before: regex.Pattern     # qualifier (+ fillers) at the end of the text before a number
    comparator_after: regex.Pattern      # "trở lên" right after the number
    comparators_after: dict[str, str]
    duration_before: regex.Pattern       # "trong", "không quá" before a duration
    durations_before: dict[str, str]
    goal: regex.Pattern
    strong_goal: regex.Pattern           # outweighs estimate wording
    estimate: regex.Pattern              # "nhu cầu", "dự kiến là": an estimate, not a goal
    opener: regex.Pattern                # goal verbs a long lead is cut at
    continuation: regex.Pattern          # ", tiến tới ..." after the last number: a new clause
    current: regex.Pattern
    current_weak: regex.Pattern
    current_title: regex.Pattern         # at the start of a heading
    current_title_anywhere: regex.Pattern
    objective_title: regex.Pattern
    legal_title: regex.Pattern
    appendix_title: regex.Pattern
    budget_title: regex.Pattern
    organization_title: regex.Pattern
    money: regex.Pattern                 # a subject that is money ("kinh phí", "ngân sách")
    spending: regex.Pattern              # words that make an amount a spending
    revenue: regex.Pattern               # words that make an amount a goal (revenue, export value)
    nonquantity_before: regex.Pattern    # "mức độ" just before the number
    determiner: regex.Pattern
    predicate: regex.Pattern
    unit: regex.Pattern                  # a counted noun, a measure or a duration after a number
    units: dict[str, tuple[str, str]]    # spaceless lower-case form -> (spelling, kind)
    plan_types: frozenset[str]
    plan_type_lines: frozenset[str]      # "KẾ HOẠCH", "CHƯƠNG TRÌNH": a type line in capitals
    plan_type_word: regex.Pattern        # a plan type named in a title ("phê duyệt Đề án ...")
    plan_word: regex.Pattern

    def canonical_unit(self, matched: str) -> tuple[str, str]:
        """The vocabulary spelling and kind (``count``, ``measure``, ``duration``) of a
        matched unit (``môhình`` -> ``("mô hình", "count")``)."""
        key = regex.sub(r"\s+", "", matched).lower()
        return self.units.get(key, (" ".join(matched.split()), "count"))


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


# Units matched after a number: OCR merges syllables ("03 môhình") and a measure may
# touch the number ("500ha"), so syllables may touch; the unit ends where a word ends.
UNIT_KINDS = ("unit", "measure", "duration", "age")


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
    symbols = {row[0]: row[1] for row in by_kind["comparator_symbol"]}
    comparators.update(symbols)
    after = {row[0].lower(): row[1] for row in by_kind["comparator_after"]}
    durations = {row[0].lower(): row[1] for row in by_kind["duration_comparator"]}
    fillers = phrase_pattern(words("filler"))
    # signs need no word boundary: "Có ≥30%"
    symbol_alternation = "|".join(regex.escape(s) for s in sorted(symbols, key=len, reverse=True))
    unit_words = [w for k in UNIT_KINDS for w in words(k)]
    unit_alternation = phrase_alternation(unit_words, space=r"[ \t]*")
    units: dict[str, tuple[str, str]] = {}
    for kind in UNIT_KINDS:
        for w in words(kind):
            units[regex.sub(r"\s+", "", w).lower()] = (w, "count" if kind == "unit" else kind)
    return Vocabulary(
        comparators=comparators,
        comparator_before=regex.compile(
            rf"(?P<word>{phrase_pattern(list(set(comparators) - set(symbols)))}|{symbol_alternation})"
            rf"(?:\s+{fillers})*\s*$", regex.I),
        comparator_after=regex.compile(rf"^\s*(?P<word>{phrase_pattern(list(after))})", regex.I),
        comparators_after=after,
        duration_before=regex.compile(rf"(?P<word>{phrase_pattern(list(durations))})\s*$", regex.I),
        durations_before=durations,
        goal=pattern("goal"),
        strong_goal=pattern("strong_goal"),
        estimate=pattern("estimate"),
        opener=pattern("opener"),
        continuation=regex.compile(rf",\s*{phrase_pattern(words('continuation'))}", regex.I),
        current=pattern("current"),
        current_weak=pattern("current_weak"),
        current_title=regex.compile(
            rf"^[\W\d]*(?:(?:[IVXLC]+|[a-zđ])[.)]\s*)?(?:(?:về|những|các|một\s+số)\s+)?"
            rf"{phrase_pattern(words('current_title'))}", regex.I),
        current_title_anywhere=pattern("current_title_anywhere"),
        objective_title=pattern("objective_title"),
        legal_title=pattern("legal_title"),
        appendix_title=pattern("appendix_title"),
        budget_title=pattern("budget_title"),
        organization_title=regex.compile(
            rf"^[\W\d]*(?:(?:[IVXLC]+|[a-zđ])[.)]\s*)?{phrase_pattern(words('organization_title'))}", regex.I),
        money=regex.compile(phrase_pattern(words("money")), regex.I),
        spending=pattern("spending"),
        revenue=pattern("revenue"),
        nonquantity_before=regex.compile(rf"{phrase_pattern(words('nonquantity'))}\s*$", regex.I),
        determiner=regex.compile(rf"^(?:{phrase_pattern(words('determiner'))}\s+)+", regex.I),
        predicate=pattern("predicate"),
        # right after the number: no boundary before ("500ha"), a word end after ("ha" not "hai")
        unit=regex.compile(rf"[ \t]*(?P<unit>{unit_alternation})(?!\w)", regex.I),
        units=units,
        plan_types=frozenset(words("plan_type")),
        plan_type_lines=frozenset(w.upper() for w in words("plan_type")),
        plan_type_word=pattern("plan_type"),
        plan_word=pattern("plan_word"),
    )

"""targets: the plan's quantified goals (``100% cán bộ ...``, ``ít nhất 10 dịch vụ công``,
``đạt trên 46.200 tấn``, ``10 - 13%/năm``) and the cells of its per-year goal tables.

The chain:

1. ``scope``: which texts have goals at all, and where. A plan (``Kế hoạch``, or a
   decision that issues one, or another document whose title names a plan), or a
   news article whose headline or lead reports on a plan; nothing else (a legal
   Q&A page, an encyclopedia article, a decree). Prose goals stand in the body
   (and the attached plan); goal tables may also stand in the appendices.
2. ``candidates``: percentages (``95,8%``, ``80 phần trăm``), ranges (``59-62%``,
   ``từ 70 đến 75%``), counts of a counted noun (``03 mô hình``, ``01 khu công
   nghiệp``), measures (``500ha``, ``18.000 tấn``), money (``400 triệu USD``) and
   durations (``24 giờ``); dates, codes, levels (``mức độ 3``) and table rows are
   not candidates.
3. ``where``: the outline decides first: a number under a legal-basis or appendix
   part, or under a heading that reports (``Hiện trạng``, ``Đánh giá tình hình``,
   ``Kết quả đạt được``: the nearest heading that reports or sets goals decides),
   is not a target; counts in the organization part are assignments.
4. ``clauses``: the clause around the number (up to ``;``, a sentence end or a
   line break), cut between numbers at the last comma so that
   ``năm 2011 triển khai 20% ..., năm 2012 đạt 60%`` gives one clause each.
5. ``judge``: the clause decides second: report wording (``đã``, ``đến nay``)
   without goal wording (``phấn đấu``, ``đảm bảo``) is the current state, and
   so is a clause whose own year is before the plan's; an estimate (``nhu cầu ...
   dự kiến là``) is no goal; a count needs a qualifier, goal wording or an
   objectives part; money is a goal only as revenue or value (``dự kiến thu``,
   ``giá trị xuất khẩu đạt``), never as spending; in news every goal needs goal
   wording.
6. ``describe``: comparator (the qualifier just before the number; ``>=`` for a
   range, whose bounds go to ``range``), deadline (the clause, then the heading,
   then the plan's period end), subject (the noun phrase after the number, or
   ``tỷ lệ ...`` before it).

Goal tables are read by :mod:`pipeline.extract.target_tables`. Spans are ORIGINAL
offsets (``doc.span``); ``text`` is the working text of the clause with
whitespace collapsed.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

import regex

from ..document import Document, Span
from .target_patterns import (
    ANY_YEAR, BULLET, CLAUSE_END, DEADLINE_BARE, DEADLINE_PERIOD, DEADLINE_WORDED, MONEY_UNIT, NAMED_UNIT,
    NAMED_UNIT_STOP, PARENTHESIS, PERCENT_SIGN, QUANTITY, QUESTION, RATE_SUBJECT, RATIO_TAIL,
    RECIPIENTS, RESULT_RATIO_AFTER, RESULT_RATIO_BEFORE, SCALE, AGE_REACHED, SPLIT_WORD, TABLE_ROW, TRAILING_CONJUNCTION,
    UNKNOWN_UNIT, YEAR, Vocabulary, vocabulary,
)

# Section kinds whose figures are never goals.
NO_TARGET_KINDS = frozenset({"legal_basis", "appendix"})
# Qualifiers that are also prepositions ("trên 63 tỉnh" = "on 63 provinces"): not
# enough to make a count of an unknown noun.
PREPOSITION_QUALIFIERS = frozenset({"trên", "dưới", "hơn"})
# Nouns of time: a count per one of them is a frequency ("2 đợt/tháng"), not a goal.
TIME_UNITS = frozenset({"năm", "tháng", "quý", "tuần", "ngày", "giờ", "đợt", "lần", "kỳ"})
# A clause with more words than this before its number starts at its last goal verb.
MAX_LEAD_WORDS = 20
# How many words a rule-found subject may have before the POS tagger is asked.
MAX_SUBJECT_WORDS = 14
# How many characters of a news text are its headline and lead.
LEAD_CHARS = 800
LEAD_LINES = 2
# How far into a text its type line may stand.
PLAN_TYPE_HEAD_CHARS = 3000


@dataclass(frozen=True)
class Target:
    """One quantified goal, as the contract's ``$defs/target`` (plus ``range``)."""

    text: str
    value: float
    unit: str
    comparator: str
    subject: str | None
    deadline_year: int | None
    section: str | None
    span: Span
    range: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "subject": self.subject,
            "deadline_year": self.deadline_year,
            "section": self.section,
            "span": self.span.to_dict(),
            "range": list(self.range) if self.range else None,
        }


@dataclass(frozen=True)
class Candidate:
    """A number that may be a target: working ``[start, end)`` covers number and unit.

    ``kind`` is ``percent``, ``count`` (a counted noun), ``measure`` (``ha``, ``tấn``),
    ``money`` or ``duration``; ``low`` is a range's lower bound (``value`` its upper).
    """

    start: int
    end: int
    value: float
    unit: str
    kind: str
    low: float | None = None

    @property
    def is_count(self) -> bool:
        return self.kind != "percent"


@dataclass(frozen=True)
class Node:
    """An outline node as this extractor needs it: title, kind and label path."""

    title: str
    kind: str | None
    path: str


@dataclass(frozen=True)
class Scope:
    """Where a document may hold goals, and the years that frame them.

    ``kind`` is ``plan`` or ``news``; ``prose`` the working ranges whose sentences may
    state goals; ``tables`` the working ranges where goal tables may stand;
    ``start`` the year before which a named year is the past (``0`` when unknown);
    ``end`` the fallback deadline.
    """

    kind: str
    prose: tuple[tuple[int, int], ...]
    tables: tuple[tuple[int, int], ...]
    start: int
    end: int | None


# -- numbers ----------------------------------------------------------------------

def parse_number(raw: str) -> float:
    """Vietnamese number text -> float: dots group thousands, a comma is the decimal
    mark; a dot before one or two digits is a decimal point.

    >>> parse_number("3,55"), parse_number("95,8"), parse_number("03"), parse_number("20.000")
    (3.55, 95.8, 3.0, 20000.0)
    >>> parse_number("43.346.068"), parse_number("1.234,5"), parse_number("0.5")
    (43346068.0, 1234.5, 0.5)
    """
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "")
    return float(raw.replace(",", "."))


def unit_after(text: str, pos: int, vocab: Vocabulary) -> tuple[str, str, int] | None:
    """The unit right after a number at ``pos``: ``(unit, kind, end)``.

    >>> v = vocabulary()
    >>> unit_after("95,8% ", 4, v), unit_after("500ha các khu", 3, v)[:2], unit_after("400 triệu USD", 3, v)[:2]
    (('%', 'percent', 5), ('ha', 'measure'), ('triệu USD', 'money'))
    >>> unit_after("đón 5 triệu lượt khách", 5, v)[:2], unit_after("đạt 75 tuổi", 6, v)[:2], unit_after("dưới 5 tuổi", 6, v)
    (('triệu lượt khách', 'count'), ('tuổi', 'measure'), None)
    """
    m = PERCENT_SIGN.match(text, pos)
    if m:
        return "%", "percent", m.end()
    m = MONEY_UNIT.match(text, pos)
    if m:
        scale = (m.group("scale") or "").lower()
        currency = m.group("currency")
        currency = currency.lower() if currency.lower() == "đồng" else " ".join(currency.split())
        return " ".join(filter(None, [scale, currency])), "money", m.end()
    scale = SCALE.match(text, pos)
    m = vocab.unit.match(text, scale.end() if scale else pos)
    if m:
        name, kind = vocab.canonical_unit(m.group("unit"))
        if kind == "age" and not AGE_REACHED.search(text, max(0, pos - 40), pos - len(number_before(text, pos))):
            return None               # "trẻ em dưới 5 tuổi": who is counted, not a goal
        if scale:                     # "5 triệu lượt khách": the scale is part of the printed unit
            name = f"{scale.group('scale').lower()} {name}"
        return name, "measure" if kind == "age" else kind, m.end()
    return None


def number_before(text: str, pos: int) -> str:
    """The number that ends at ``pos`` (with the spaces after it)."""
    m = regex.search(r"[\d.,]+[ \t]*$", text[max(0, pos - 30):pos])
    return m.group() if m else ""


def candidates(text: str, vocab: Vocabulary, lo: int = 0, hi: int | None = None) -> list[Candidate]:
    """Percentages, ranges and counted quantities of ``text[lo:hi]``, in order.

    >>> v = vocabulary()
    >>> [(c.value, c.unit) for c in candidates("đạt 95,8% và ít nhất 03 mô hình, mức độ 3", v)]
    [(95.8, '%'), (3.0, 'mô hình')]
    >>> [(c.low, c.value, c.unit) for c in candidates("tăng bình quân 10 - 13%/năm, đạt 46.200 tấn", v)]
    [(10.0, 13.0, '%'), (None, 46200.0, 'tấn')]
    """
    hi = len(text) if hi is None else hi
    found: list[Candidate] = []
    for m in QUANTITY.finditer(text, lo, hi):
        raw = m.group("value")
        start = m.start()
        low = parse_number(m.group("low")) if m.group("low") else None
        if YEAR.match(raw):
            continue
        value = parse_number(raw)
        if low is not None and (not low < value or YEAR.match(m.group("low"))):
            low, start = None, m.start("value")       # "2025 - 100%", "10-5": not a range
        unit = unit_after(text, m.end(), vocab)
        if unit is None:
            unit = unknown_unit(text, m, vocab)
        if unit is None or (value == 0 and unit[1] != "percent"):
            continue
        name, kind, end = unit
        if kind in ("count", "measure"):
            per = RATIO_TAIL.match(text, end)
            if per and per.group("per").split()[0].lower() in TIME_UNITS:
                continue                # "2 đợt/tháng", "02 lần/năm": a frequency
            if per:                     # a ratio goal: "1 máy tính/cán bộ", "109 bé trai/100 bé gái"
                base = per.group("base")
                base = f"{int(base)} " if base and int(base) != 1 else ""
                name, end = f"{name}/{base}{per.group('per')}", per.end()
        found.append(Candidate(start, end, value, name, kind, low))
    kept: list[Candidate] = []
    for c in found:
        if not kept or c.start >= kept[-1].end:      # "1 máy tính / 1 cán bộ": one ratio, not two
            kept.append(c)
    return kept


def unknown_unit(text: str, m: regex.Match, vocab: Vocabulary) -> tuple[str, str, int] | None:
    """A noun outside the vocabulary after a count: it counts only after an explicit
    qualifier (``ít nhất 10 nền tảng số``), a goal verb (``dự kiến thực hiện việc chuyển
    đổi 10 Phòng Công chứng``) or before a ratio (``dưới 109 bé trai/100 bé gái``).
    Its first two lower-case syllables name it, or a name of up to three syllables."""
    if m.group("low") or regex.fullmatch(r"\d+(?:,\d+|\.\d{1,2})", m.group("value")):
        return None                   # a range or a decimal: a measure, never a count of a noun
    pos = m.end()
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos == m.end():
        return None                   # "10ABC": a code, not a count
    noun = UNKNOWN_UNIT.match(text, pos)
    if noun:
        if vocab.nonquantity_before.search(noun.group("first")):
            return None
        name, end = " ".join(noun.group().split()), noun.end()
    else:
        named = NAMED_UNIT.match(text, pos)
        if not named:
            return None
        words = []
        for word in regex.finditer(r"\S+", named.group()):
            if word.group().lower() in NAMED_UNIT_STOP:
                break
            words.append(word)
        if not words:
            return None
        name, end = " ".join(w.group() for w in words), pos + words[-1].end()
    before = text[max(0, m.start() - 30):m.start()]
    qualifier = vocab.comparator_before.search(before)
    ratio = RATIO_TAIL.match(text, end)
    if qualifier and (qualifier.group("word").lower() not in PREPOSITION_QUALIFIERS or ratio):
        return name, "count", end
    if vocab.opener.search(text[max(0, m.start() - 60):m.start()]):
        return name, "count", end
    return None


# -- scope --------------------------------------------------------------------------

def body_range(doc: Document) -> tuple[int, int]:
    """Working range that may hold goals: the body (no header, closing, appendix tail)."""
    body = getattr(doc.segments, "body", (0, 0))
    if body and body[1] > body[0]:
        return body
    m = RECIPIENTS.search(doc.text)
    return 0, m.start() if m else len(doc.text)


def lead_of(text: str) -> str:
    """A text's headline and lead: its first non-empty lines."""
    lines = [line.strip() for line in text[:LEAD_CHARS * 2].split("\n") if line.strip()]
    return "\n".join(lines[:LEAD_LINES])[:LEAD_CHARS]


def plans_in_title(title: str | None, vocab: Vocabulary) -> bool:
    """A title that names a plan (``phê duyệt Đề án ...``, ``về kế hoạch phát triển ...``)."""
    return bool(title) and bool(vocab.plan_type_word.search(title))


def has_plan_type_line(text: str, vocab: Vocabulary) -> bool:
    r"""A plan whose header the metadata stage could not read still prints its type alone
    on a line near the top (``KẾ HOẠCH``, ``CHƯƠNG TRÌNH``).

    >>> v = vocabulary()
    >>> has_plan_type_line("UBND TỈNH\n\nKẾ HOẠCH\nỨng dụng CNTT năm 2024\n", v), has_plan_type_line("Kế hoạch là gì?", v)
    (True, False)
    """
    head = text[:PLAN_TYPE_HEAD_CHARS]
    return any(line.strip(" *#\t") in vocab.plan_type_lines for line in head.split("\n"))


def is_news_about_a_plan(text: str, vocab: Vocabulary) -> bool:
    """A text that is no administrative document but reports on a plan: its headline
    or lead names a plan or its goals (``Tỉnh dự kiến thu ...``, ``... ban hành Kế
    hoạch số 14/KH-UBND``); a headline that asks a question is a Q&A page."""
    lead = lead_of(text)
    if not lead or QUESTION.search(lead.split("\n", 1)[0]):
        return False
    return bool(vocab.plan_word.search(lead))


def merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Ranges joined where they overlap (an attached plan may lie inside the body).

    >>> merged([(0, 10), (5, 20), (30, 40)])
    ((0, 20), (30, 40))
    """
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def target_scope(doc: Document, vocab: Vocabulary) -> Scope | None:
    """Where ``doc`` may hold goals (see :class:`Scope`), or ``None`` when it is neither
    a plan nor news about one. A bare Document the metadata stage has not seen is
    read as a plan."""
    text = doc.text
    body = body_range(doc)
    if "doc_type" not in doc.metadata:
        return Scope("plan", (body,), ((body[0], len(text)),), plan_start(doc), period_end(doc))
    doc_type = doc.metadata.get("doc_type")
    attached = doc.metadata.get("attached") or {}
    plan_like = doc_type in vocab.plan_types or attached.get("doc_type") in vocab.plan_types or (
        doc_type is not None and plans_in_title(doc.metadata.get("title"), vocab)) or (
        doc_type is None and has_plan_type_line(text, vocab))
    if plan_like:
        attached_range = getattr(doc.segments, "attached", (0, 0))
        prose = merged([body, attached_range] if attached_range[1] > attached_range[0] else [body])
        return Scope("plan", prose, ((body[0], len(text)),), plan_start(doc), period_end(doc))
    if doc_type is None and is_news_about_a_plan(text, vocab):
        lead = lead_of(text)
        years = [int(m.group("year")) for m in ANY_YEAR.finditer(lead)]
        end = period_end(doc) or deadline_in(lead, bare=False) or (max(years) if years else None)
        return Scope("news", ((0, len(text)),), (), min(years) if years else 0, end)
    return None


# -- where a number stands ------------------------------------------------------

def title_says(title: str, vocab: Vocabulary) -> str | None:
    """What a heading's own words say: ``current_state`` (a report), ``objectives``, or
    the kinds a word list names; ``None`` when they say nothing.

    >>> v = vocabulary()
    >>> title_says("Mục tiêu cụ thể đến năm 2015", v), title_says("ĐÁNH GIÁ TÌNH HÌNH THIỆT HẠI", v)
    ('objectives', 'current_state')
    >>> title_says("NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI, TIÊU CHÍ ĐÁNH GIÁ", v) is None
    True
    """
    stripped = title.strip()
    if vocab.current_title.match(stripped) or vocab.current_title_anywhere.search(stripped):
        return "current_state"
    if vocab.appendix_title.match(stripped):
        return "appendix"
    if vocab.legal_title.match(stripped):
        return "legal_basis"
    if vocab.objective_title.search(stripped):
        return "objectives"
    if vocab.budget_title.match(stripped):
        return "budget"
    if vocab.organization_title.match(stripped):
        return "organization"
    return None


def reports_current_state(chain: list[Node], vocab: Vocabulary) -> bool:
    """Whether the nearest heading that reports or sets goals is a report."""
    for node in reversed(chain):
        said = title_says(node.title, vocab)
        if said in ("current_state", "objectives"):
            return said == "current_state"
    return False


def outline_chain(doc: Document, pos: int) -> list[Node]:
    """Outermost-first outline nodes that contain working position ``pos``."""
    return [Node(sec.title or "", sec.kind, sec.path or sec.label)
            for sec in doc.section_chain(doc.offsets.to_original(pos))]


def table_lines(text: str, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Working ranges of tab-separated table rows inside ``ranges``."""
    found = []
    for lo, hi in ranges:
        offset = lo
        for line in text[lo:hi].split("\n"):
            if TABLE_ROW.search(line):
                found.append((offset, offset + len(line)))
            offset += len(line) + 1
    return found


# -- clauses ------------------------------------------------------------------------

class Clauses:
    """Clause boundaries of a text: line breaks, ``;`` and sentence ends."""

    def __init__(self, text: str):
        self.text = text
        self.ends = [m.start() for m in CLAUSE_END.finditer(text)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.ends, start)
        clause_start = self.ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.ends, end)
        clause_end = self.ends[j] if j < len(self.ends) else len(self.text)
        return clause_start, clause_end


def split_point(text: str, start: int, end: int) -> int:
    """Where the clause of a later number starts, between ``start`` and ``end``.

    After an unclosed ``(`` if there is one (``97% (riêng cấp tỉnh, huyện đạt 100%``
    keeps the parenthesis whole), else after the last comma or ``và``/``còn``
    (``90% hồ sơ cấp huyện và 60% hồ sơ cấp xã``), else ``start``.

    >>> s = "năm 2011 triển khai 20% cơ quan cấp sở, huyện, năm 2012 đạt 60%"
    >>> s[split_point(s, 23, 60):]
    ' năm 2012 đạt 60%'
    >>> s = "90% hồ sơ cấp huyện và 60% hồ sơ cấp xã"
    >>> s[split_point(s, 3, 23):]
    ' 60% hồ sơ cấp xã'
    """
    between = text[start:end]
    opened = between.rfind("(")
    if opened >= 0 and ")" not in between[opened:]:
        return start + opened + 1
    cuts = [m.end() for m in SPLIT_WORD.finditer(between)]
    return start + cuts[-1] if cuts else start


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past bullets, spaces and trailing commas or colons."""
    m = BULLET.match(text, start, end)
    if m:
        start = m.end()
    while end > start and text[end - 1] in " \t\n,:;.(":
        end -= 1
    tail = TRAILING_CONJUNCTION.search(text, start, end)
    if tail:
        end = tail.start()              # "90% hồ sơ cấp huyện và" | "60% ..."
    while start < end and text[start] in " \t\n,":
        start += 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1                        # "riêng cấp tỉnh, huyện đạt 100%)": the aside's close
    return start, end


# -- description --------------------------------------------------------------------

def comparator_of(pre: str, post: str, vocab: Vocabulary) -> str:
    """``trên 90%`` -> ``>``; ``từ 80% trở lên`` -> ``>=``; ``≥ 30%`` -> ``>=``; plain or
    ``đạt`` -> ``=``.

    >>> v = vocabulary()
    >>> comparator_of("xuống dưới ", "", v), comparator_of("có ít nhất ", "", v), comparator_of("đạt ", "", v)
    ('<', '>=', '=')
    >>> comparator_of("từ ", " trở lên", v), comparator_of("Có ≥ ", "", v), comparator_of("đạt ≤", "", v)
    ('>=', '>=', '<=')
    """
    m = vocab.comparator_before.search(pre)
    if m:
        word = m.group("word")
        return vocab.comparators.get(word) or vocab.comparators[" ".join(word.lower().split())]
    m = vocab.comparator_after.match(post)
    if m:
        return vocab.comparators_after[" ".join(m.group("word").lower().split())]
    return "="


def deadline_in(text: str, before: int | None = None, bare: bool = True) -> int | None:
    """The deadline year a text names; with ``before``, the one nearest before that position.

    >>> deadline_in("Phấn đấu đến năm 2012, 70% các cuộc họp")
    2012
    >>> deadline_in("đạt 15% tổng kinh phí trong giai đoạn 2016-2020")
    2020
    >>> deadline_in("Quyết định ngày 16 tháng 11 năm 2010") is None
    True
    """
    patterns = (DEADLINE_WORDED, DEADLINE_PERIOD) + ((DEADLINE_BARE,) if bare else ())
    found: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            found.append((m.start(), int(m.group("year"))))
    if not found:
        return None
    found.sort()
    if before is not None:
        earlier = [year for pos, year in found if pos < before]
        if earlier:
            return earlier[-1]
    return found[0][1]


def lead_in(text: str, line_start: int) -> str:
    """The line that introduces a run of bullets (``... như sau:``), or ``""``."""
    pos = line_start
    for _ in range(12):
        if pos <= 0:
            return ""
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start:pos - 1].strip()
        pos = prev_start
        if not line:
            continue
        if BULLET.match(line) and line[0] in "-–+•*·":
            continue
        return line if line.endswith(":") else ""
    return ""


def subject_after(text: str, vocab: Vocabulary) -> str | None:
    """The noun phrase at the start of ``text``, up to its predicate.

    >>> subject_after(" các cán bộ, công chức trong sở sử dụng thành thạo", vocabulary())
    'cán bộ, công chức trong sở'
    """
    text = regex.split(r"[;:(.)\n]", text, maxsplit=1)[0].strip()
    text = regex.sub(r"^/\s*\S+\s*", "", text)     # "15%/năm": the rate's period, not a noun
    deadline = DEADLINE_WORDED.search(text)
    if deadline:
        text = text[:deadline.start()]   # "nền tảng số dùng chung trước năm 2024"
    text = vocab.determiner.sub("", text)
    m = vocab.predicate.search(text)
    if m:
        text = text[:m.start()]
    elif len(text.split()) > MAX_SUBJECT_WORDS:
        # a long run with no predicate word: a comma list ("cán bộ, công chức, viên chức
        # các sở, ban, ngành, ...") is all subject; a long run without commas likely hides
        # a verb the word list does not know, which the POS tagger finds
        words = text.split()
        if "," in text:
            text = " ".join(words[:2 * MAX_SUBJECT_WORDS])
        else:
            text = pos_noun_phrase(text) or " ".join(words[:MAX_SUBJECT_WORDS])
    text = regex.sub(r"[\s,]+(?:và|hoặc)?\s*$", "", " ".join(text.split()))
    return text or None


_POS_TAGGER = None
# Words underthesea tags as verbs that stay inside a noun phrase ("đơn vị thuộc cơ quan ...").
POS_LINKING_VERBS = frozenset({"thuộc", "trực thuộc", "của", "trong", "mật"})


def pos_noun_phrase(text: str) -> str | None:
    """The leading noun phrase by underthesea's POS tags (loaded once, only when needed)."""
    global _POS_TAGGER
    if _POS_TAGGER is None:
        try:
            from underthesea import pos_tag
        except ImportError:          # optional: the rules above work without it
            _POS_TAGGER = False
            return None
        _POS_TAGGER = pos_tag
    if not _POS_TAGGER:
        return None
    words: list[str] = []
    for word, tag in _POS_TAGGER(" ".join(text.split()[:30])):
        # the first verb after the head noun and its modifiers ends the phrase;
        # "thuộc" (belonging to) is tagged V but links the noun to its owner
        if tag.startswith("V") and len(words) >= 3 and word.lower() not in POS_LINKING_VERBS:
            break
        words.append(word)
    phrase = regex.sub(r"\s+([,;])", r"\1", " ".join(words)).strip(" ,")
    return phrase or None


# -- the stage ----------------------------------------------------------------------

def extract(doc: Document) -> None:
    doc.targets = find_targets(doc)


def period_end(doc: Document) -> int | None:
    """The plan's period end from the metadata stage; before it ran, from the title area."""
    if "period" in doc.metadata:
        period = doc.metadata.get("period") or {}
        return period.get("to") or period.get("from")
    head = doc.text[:1500]
    head = regex.sub(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", " ", head, flags=regex.I)
    return deadline_in(head)


def plan_start(doc: Document) -> int:
    """The year the plan is written in (issue date, else period start): a year named in a
    clause before it is a past result, not a deadline. ``0`` when unknown."""
    issued = doc.metadata.get("issued_date") or ""
    if regex.match(r"\d{4}-", issued):
        return int(issued[:4])
    period = doc.metadata.get("period") or {}
    return period.get("from") or 0


def find_targets(doc: Document) -> list[Target]:
    """Every target of ``doc``: its prose goals and its goal tables' cells, in text order."""
    from .target_tables import table_targets

    vocab = vocabulary()
    scope = target_scope(doc, vocab)
    if scope is None:
        return []
    found = list(prose_targets(doc, vocab, scope))
    if scope.tables:
        found += table_targets(doc, scope)
    return sorted(found, key=lambda t: t.span.start)


def prose_targets(doc: Document, vocab: Vocabulary, scope: Scope) -> Iterable[Target]:
    text = doc.text
    tables = table_lines(text, scope.prose)
    clauses = Clauses(text)
    found: list[Candidate] = []
    for lo, hi in scope.prose:
        found += [c for c in candidates(text, vocab, lo, hi)
                  if not any(a <= c.start < b for a, b in tables)]
    by_clause: dict[tuple[int, int], list[Candidate]] = {}
    for c in found:
        by_clause.setdefault(clauses.around(c.start, c.end), []).append(c)

    previous_line, previous_subject = -1, None
    for (cs, ce), group in by_clause.items():
        starts = [cs] + [split_point(text, a.end, b.start) for a, b in zip(group, group[1:])]
        ends = [s - 1 if text[s - 1] in ",(" else s for s in starts[1:]] + [ce]
        line = text.rfind("\n", 0, cs) + 1
        if line != previous_line:       # an elliptical step ("năm 2022: 70%") borrows the
            previous_subject = None     # subject of the target before it on the same line
        for c, seg_start, seg_end in zip(group, starts, ends):
            target = judge(doc, vocab, scope, c, cs, ce, seg_start, seg_end, previous_subject)
            if target:
                previous_line, previous_subject = line, target.subject
                yield target


def inherited_deadline(text: str, line_start: int, seg_start: int, intro: str, chain: list[Node]) -> int | None:
    """The deadline a clause without a year takes from around it: a worded year earlier
    on its line (``phấn đấu đến năm 2015: 100% ...; 100% ...``), the lead-in line of its
    bullets, then the nearest heading that names one (``Mục tiêu cụ thể đến năm 2015``)."""
    found = (deadline_in(text[line_start:seg_start], before=seg_start - line_start, bare=False)
             or deadline_in(intro, bare=False))
    for node in reversed(chain):
        if found:
            break
        found = deadline_in(node.title)
    return found


def subject_of(text: str, c: Candidate, seg_start: int, seg_end: int, vocab: Vocabulary) -> str | None:
    """What the number measures: the counted noun and its modifiers, the noun phrase after
    a percentage, or the ``tỷ lệ ...`` named before it."""
    if c.kind == "count":
        parts = text[c.start:seg_end].split(None, 1)
        return subject_after(parts[1], vocab) if len(parts) > 1 else None
    subject = subject_after(vocab.comparator_after.sub("", text[c.end:seg_end]), vocab)
    if subject:
        return subject
    m = RATE_SUBJECT.search(text[seg_start:c.start])
    return " ".join(m.group("subject").split()) if m else None


def without_asides(text: str, start: int, end: int, c: Candidate) -> str:
    """``text[start:end]`` without the parenthesized asides that do not hold the candidate:
    goal wording in an aside (``55,68 ha) (Diện tích chính xác sẽ được xác định ...)``)
    is not the figure's."""
    out, pos = [], start
    for m in PARENTHESIS.finditer(text, start, end):
        if not m.start() <= c.start < m.end():
            out.append(text[pos:m.start()])
            pos = m.end()
    out.append(text[pos:end])
    return " ".join(out)


def money_is_a_goal(pre: str, vocab: Vocabulary) -> bool:
    """An amount is a goal when the nearest of a revenue word (``thu``, ``giá trị``,
    ``xuất khẩu``) and a spending word (``kinh phí``, ``vốn``, ``hỗ trợ``) before it is
    a revenue word.

    >>> v = vocabulary()
    >>> money_is_a_goal("Tỉnh dự kiến thu ", v), money_is_a_goal("với tổng kinh phí là ", v)
    (True, False)
    """
    revenue = [m.end() for m in vocab.revenue.finditer(pre)]
    spending = [m.end() for m in vocab.spending.finditer(pre)]
    return bool(revenue) and (not spending or revenue[-1] >= spending[-1])


def is_funding_share(subject: str | None, pre: str, vocab: Vocabulary) -> bool:
    """A percentage of money: its subject is money (``50% kinh phí``, ``10% tổng vốn đầu
    tư``), or it has none and money is what the clause is about (``Vốn ngoài ngân sách
    ... dự kiến 10%-15%``).

    >>> v = vocabulary()
    >>> is_funding_share("tổng vốn đầu tư", "chiếm khoảng ", v), is_funding_share(None, "Vốn ngoài ngân sách ", v)
    (True, True)
    >>> is_funding_share("cán bộ, công chức", "", v)
    False
    """
    if subject:
        return bool(vocab.money.search(" ".join(subject.split()[:4])))
    return bool(vocab.money.search(pre))


def year_before_in_sentence(text: str, cs: int, pos: int) -> int | None:
    """A bare year that opens the sentence of a clause cut out of it (``Theo ..., năm 2016,
    tỉnh có ..., đạt 138% kế hoạch``): the time the whole sentence reports on."""
    m = DEADLINE_BARE.search(text, cs, pos)
    return int(m.group("year")) if m else None


def judge(doc: Document, vocab: Vocabulary, scope: Scope, c: Candidate, cs: int, ce: int,
          seg_start: int, seg_end: int, previous_subject: str | None) -> Target | None:
    """The target candidate ``c`` gives, or ``None`` when it is not a goal."""
    text = doc.text
    pre, post = text[seg_start:c.start], text[c.end:seg_end]
    window_before = text[max(cs, c.start - 40):c.start]
    chain = outline_chain(doc, c.start)
    kinds = {node.kind for node in chain} | {title_says(node.title, vocab) for node in chain}
    line_start = text.rfind("\n", 0, c.start) + 1
    intro = lead_in(text, line_start)
    # goal wording counts from the clause start up to this number's own part, so a
    # report before a goal in one sentence ("đến nay đạt 80%, phấn đấu ... 100%") stays a report
    goal_words = bool(vocab.goal.search(without_asides(text, cs, seg_end, c)) or vocab.goal.search(intro))
    own_year = deadline_in(text[seg_start:seg_end], before=c.start - seg_start)
    if scope.kind == "news" and own_year and scope.end and own_year >= scope.end:
        goal_words = True               # news: a figure for the reported plan's year is planned
    # -- not a quantity: results with ratios, levels ---------------------------------
    if (RESULT_RATIO_BEFORE.search(window_before) or RESULT_RATIO_AFTER.match(text, c.end)) \
            and not goal_words:
        return None                     # "53/57 (93%)": a measured result
    if c.is_count and vocab.nonquantity_before.search(window_before):
        return None                     # "mức độ 3", "định kỳ 3 tháng"
    # -- the outline decides first --------------------------------------------------
    if NO_TARGET_KINDS.intersection(kinds) or reports_current_state(chain, vocab):
        return None
    in_objectives = "objectives" in kinds
    if "organization" in kinds and not in_objectives and (c.is_count or not goal_words):
        return None                     # "Lựa chọn ít nhất 01 doanh nghiệp": an assignment
    # a range: its lower bound is reached at least
    comparator = ">=" if c.low is not None else comparator_of(pre, post, vocab)
    if c.kind == "duration":
        bound = vocab.duration_before.search(pre)
        if not (bound and in_objectives and goal_words):
            return None                 # "trong thời hạn 10 ngày": a deadline, not a goal
        comparator = vocab.durations_before[" ".join(bound.group("word").lower().split())]
    qualified = comparator != "="
    innermost = chain[-1].kind if chain else None
    if innermost == "budget" and not (goal_words or qualified):
        return None
    # -- the sentence decides second -------------------------------------------------
    if len(pre.split()) > MAX_LEAD_WORDS:
        # "Mục tiêu ... nhằm ..., đảm bảo trên 90% ..." -> "đảm bảo trên 90% ...": a long
        # lead starts at its last goal verb, else at its last goal word after a comma
        cuts = [m.start() for m in vocab.opener.finditer(pre)] or \
            [m.start() for m in vocab.goal.finditer(pre) if pre[:m.start()].rstrip().endswith(",")]
        if cuts:
            seg_start += cuts[-1]
            pre = text[seg_start:c.start]
    tail = vocab.continuation.search(text, c.end, seg_end)
    if tail:
        seg_end = tail.start()            # "..., tiến tới xây dựng ...": a new clause
    ws, we = trim(text, seg_start, seg_end)
    clause = text[ws:we]
    # report wording inside a parenthesis ("(trừ bộ phận ... hiện đang sử dụng ...)") is an aside
    main_clause = PARENTHESIS.sub(" ", clause)
    if not goal_words and (vocab.current.search(main_clause)
                           or (not in_objectives and vocab.current_weak.search(main_clause))):
        return None
    own_part = text[cs:seg_end]
    if vocab.estimate.search(own_part) and not vocab.strong_goal.search(own_part):
        return None                     # "nhu cầu ... dự kiến là 43.346.068 m2": an estimate
    if c.kind in ("count", "measure") and not (qualified or goal_words or in_objectives):
        return None                     # an activity or input count ("Tổ chức 01 lớp")
    if c.kind == "money" and not (money_is_a_goal(text[cs:c.start], vocab) and (goal_words or in_objectives)):
        return None                     # "kinh phí 15 tỷ đồng": spending, the budget's part
    if scope.kind == "news" and not goal_words:
        return None                     # news: what the article words as planned, or sets for the plan's year
    if not regex.search(r"\p{L}{2,}", clause):
        return None                     # a bare figure without a clause (a table cell)
    # -- describe ------------------------------------------------------------------------
    if own_year is not None and own_year < scope.start:
        return None                     # "Năm 2020 đạt 45%" in a plan issued in 2021: a result
    if own_year is None:
        opening = year_before_in_sentence(text, cs, seg_start)
        if opening is not None and opening < scope.start:
            return None                 # "năm 2016, ... đạt 138% kế hoạch": the past
    deadline = own_year or inherited_deadline(text, line_start, seg_start, intro, chain) or scope.end
    subject = subject_of(text, c, seg_start, seg_end, vocab)
    if c.kind == "percent" and not in_objectives and not (goal_words or qualified and c.low is None) \
            and is_funding_share(subject, pre, vocab):
        return None                     # "hỗ trợ 50% kinh phí", "chiếm 10% tổng vốn": a funding share
    subject = subject or previous_subject
    return Target(
        text=" ".join(clause.split()),
        value=c.value if c.low is None else c.low,
        unit=c.unit,
        comparator=comparator,
        subject=subject,
        deadline_year=deadline,
        section=chain[-1].path if chain else None,
        span=doc.span(ws, we),
        range=(c.low, c.value) if c.low is not None else None,
    )

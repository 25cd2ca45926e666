"""targets: the plan's quantified goals (``100% cán bộ ...``, ``ít nhất 10 dịch vụ công``).

The chain, for every number in the body of the working text:

1. ``candidates``: percentages (``95,8%``) and counts with a counted noun from
   the vocabulary (``03 mô hình``); dates, ratios, ranges, levels
   (``mức độ 3``) and table rows are not candidates.
2. ``where``: the outline decides first: a number under a current-state,
   legal-basis or appendix part (by the sections stage's ``kind`` or an
   ancestor title such as ``Hiện trạng``, ``Đánh giá``) is not a target.
3. ``clauses``: the clause around the number (up to ``;``, a sentence end or a
   line break), cut between numbers at the last comma so that
   ``năm 2011 triển khai 20% ..., năm 2012 đạt 60%`` gives one clause each.
4. ``judge``: the clause decides second: report wording (``đã``, ``đến nay``)
   without goal wording (``phấn đấu``, ``đảm bảo``) is the current state, and
   so is a clause whose own year is before the plan's (``Năm 2020 đạt 45%`` in
   a plan issued in 2021); a bare count needs a qualifier, goal wording or an
   objectives part.
5. ``describe``: comparator (the qualifier just before the number), deadline
   (the clause, then the heading, then the plan's period end), subject (the
   noun phrase after the number, or ``tỷ lệ ...`` before it).

Spans are ORIGINAL offsets (``doc.span``); ``text`` is the working text of the
clause with whitespace collapsed.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable

import regex

from ..document import Document, Span
from .target_patterns import (
    BULLET, CLAUSE_END, COUNT, DEADLINE_BARE, DEADLINE_PERIOD, DEADLINE_WORDED, PARENTHESIS,
    PERCENT, PERCENT_RANGE, RATE_SUBJECT, RATIO_TAIL, RECIPIENTS, RESULT_RATIO_AFTER, RESULT_RATIO_BEFORE,
    SPLIT_WORD, TABLE_ROW, TRAILING_CONJUNCTION, UNKNOWN_UNIT, YEAR, Vocabulary, vocabulary,
)

# Section kinds whose figures are never goals.
NO_TARGET_KINDS = frozenset({"current_state", "legal_basis", "appendix"})
# Qualifiers that are also prepositions ("trên 63 tỉnh" = "on 63 provinces"): not
# enough to make a count of an unknown noun.
PREPOSITION_QUALIFIERS = frozenset({"trên", "dưới", "hơn"})
# A clause with more words than this before its number starts at its last goal verb.
MAX_LEAD_WORDS = 20
# How many words a rule-found subject may have before the POS tagger is asked.
MAX_SUBJECT_WORDS = 14


@dataclass(frozen=True)
class Target:
    """One quantified goal, as the contract's ``$defs/target``."""

    text: str
    value: float
    unit: str
    comparator: str
    subject: str | None
    deadline_year: int | None
    section: str | None
    span: Span

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
        }


@dataclass(frozen=True)
class Candidate:
    """A number that may be a target: working ``[start, end)`` covers number and unit."""

    start: int
    end: int
    value: float
    unit: str
    is_count: bool


@dataclass(frozen=True)
class Node:
    """An outline node as this extractor needs it: title, kind and label path."""

    title: str
    kind: str | None
    path: str


# -- numbers ----------------------------------------------------------------------

def parse_number(raw: str, decimal_comma: bool = True) -> float:
    """Vietnamese number text -> float.

    >>> parse_number("3,55"), parse_number("95,8"), parse_number("03"), parse_number("20.000", False)
    (3.55, 95.8, 3.0, 20000.0)
    """
    if decimal_comma:
        return float(raw.replace(",", "."))
    return float(raw.replace(".", ""))


def candidates(text: str, vocab: Vocabulary) -> list[Candidate]:
    """Percentages and counted quantities of ``text``, in order.

    >>> v = vocabulary()
    >>> [(c.value, c.unit) for c in candidates("đạt 95,8% và ít nhất 03 mô hình, mức độ 3", v)]
    [(95.8, '%'), (3.0, 'mô hình')]
    """
    found = [Candidate(m.start(), m.end(), parse_number(m.group("value")), "%", False)
             for m in PERCENT.finditer(text)]
    for m in COUNT.finditer(text):
        raw = m.group("value")
        if YEAR.match(raw):
            continue
        value = parse_number(raw, decimal_comma=False)
        if value == 0:
            continue
        unit = vocab.unit.match(text, m.end())
        if unit:
            name, end = vocab.canonical_unit(unit.group()), unit.end()
            per = RATIO_TAIL.match(text, end)
            if per:                     # a ratio goal: "1 máy tính/cán bộ"
                name, end = f"{name}/{per.group('per')}", per.end()
            found.append(Candidate(m.start(), end, value, name, True))
            continue
        # a noun outside the vocabulary counts only after an explicit qualifier
        # ("ít nhất 10 nền tảng số"): its first two lower-case syllables name it
        noun = UNKNOWN_UNIT.match(text, m.end())
        qualifier = vocab.comparator_before.search(text[max(0, m.start() - 30):m.start()])
        if noun and qualifier and qualifier.group("word").lower() not in PREPOSITION_QUALIFIERS \
                and not vocab.nonquantity_before.search(noun.group("first")):
            found.append(Candidate(m.start(), noun.end(), value, " ".join(noun.group().split()), True))
    kept: list[Candidate] = []
    for c in sorted(found, key=lambda c: c.start):
        if not kept or c.start >= kept[-1].end:      # "1 máy tính / 1 cán bộ": one ratio, not two
            kept.append(c)
    return kept


# -- where a number stands ------------------------------------------------------

def title_kind(title: str, vocab: Vocabulary) -> str | None:
    """The kind a heading's words suggest: ``"II. HIỆN TRẠNG ..."`` -> ``current_state``.

    >>> title_kind("Mục tiêu cụ thể đến năm 2015", vocabulary())
    'objectives'
    """
    if vocab.current_title.search(title):
        return "current_state"
    if vocab.appendix_title.match(title.strip()):
        return "appendix"
    if vocab.legal_title.match(title.strip()):
        return "legal_basis"
    if vocab.objective_title.search(title):
        return "objectives"
    if vocab.budget_title.match(title.strip()):
        return "budget"
    return None


def outline_chain(doc: Document, pos: int) -> list[Node]:
    """Outermost-first outline nodes that contain working position ``pos``."""
    return [Node(sec.title or "", sec.kind, sec.path or sec.label)
            for sec in doc.section_chain(doc.offsets.to_original(pos))]


def body_range(doc: Document) -> tuple[int, int]:
    """Working range that may hold goals: the body (no header, closing, appendix tail)."""
    body = getattr(doc.segments, "body", (0, 0))
    if body and body[1] > body[0]:
        return body
    m = RECIPIENTS.search(doc.text)
    return 0, m.start() if m else len(doc.text)


def table_lines(text: str) -> list[tuple[int, int]]:
    """Working ranges of tab-separated table rows."""
    ranges, offset = [], 0
    for line in text.split("\n"):
        if TABLE_ROW.search(line):
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


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
    """``trên 90%`` -> ``>``; ``từ 80% trở lên`` -> ``>=``; plain or ``đạt`` -> ``=``.

    >>> v = vocabulary()
    >>> comparator_of("xuống dưới ", "", v), comparator_of("có ít nhất ", "", v), comparator_of("đạt ", "", v)
    ('<', '>=', '=')
    >>> comparator_of("từ ", " trở lên", v)
    '>='
    """
    m = vocab.comparator_before.search(pre)
    if m:
        return vocab.comparators[" ".join(m.group("word").lower().split())]
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
    doc.targets = list(find_targets(doc))


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


def find_targets(doc: Document) -> Iterable[Target]:
    vocab = vocabulary()
    text = doc.text
    lo, hi = body_range(doc)
    tables = table_lines(text)
    clauses = Clauses(text)
    plan_end = period_end(doc)

    found = [c for c in candidates(text, vocab) if lo <= c.start < hi
             and not any(a <= c.start < b for a, b in tables)]
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
            target = judge(doc, vocab, c, cs, ce, seg_start, seg_end, plan_end, previous_subject)
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
    if c.is_count:
        return subject_after(text[c.start:seg_end].split(None, 1)[1], vocab)
    subject = subject_after(vocab.comparator_after.sub("", text[c.end:seg_end]), vocab)
    if subject:
        return subject
    m = RATE_SUBJECT.search(text[seg_start:c.start])
    return " ".join(m.group("subject").split()) if m else None


def judge(doc: Document, vocab: Vocabulary, c: Candidate, cs: int, ce: int,
          seg_start: int, seg_end: int, plan_end: int | None, previous_subject: str | None) -> Target | None:
    """The target candidate ``c`` gives, or ``None`` when it is not a goal."""
    text = doc.text
    pre, post = text[seg_start:c.start], text[c.end:seg_end]
    window_before = text[max(cs, c.start - 40):c.start]
    chain = outline_chain(doc, c.start)
    kinds = [node.kind for node in chain] + [title_kind(node.title, vocab) for node in chain]
    line_start = text.rfind("\n", 0, c.start) + 1
    intro = lead_in(text, line_start)
    # goal wording counts from the clause start up to this number's own part, so a
    # report before a goal in one sentence ("đến nay đạt 80%, phấn đấu ... 100%") stays a report
    goal_words = bool(vocab.goal.search(text[cs:seg_end]) or vocab.goal.search(intro))
    # -- not a quantity: results with ratios, ranges, levels ---------------------------
    if (RESULT_RATIO_BEFORE.search(window_before) or RESULT_RATIO_AFTER.match(text, c.end)) \
            and not goal_words:
        return None                     # "53/57 (93%)": a measured result
    if c.is_count and vocab.nonquantity_before.search(window_before):
        return None                     # "mức độ 3", "định kỳ 3 tháng"
    # -- the outline decides first --------------------------------------------------
    if NO_TARGET_KINDS.intersection(k for k in kinds if k):
        return None
    comparator = comparator_of(pre, post, vocab)
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
    in_objectives = any(k == "objectives" for k in kinds)
    main_clause = PARENTHESIS.sub(" ", clause)
    if not goal_words and (vocab.current.search(main_clause)
                           or (not in_objectives and vocab.current_weak.search(main_clause))):
        return None
    if c.is_count and not (qualified or goal_words or in_objectives):
        return None                     # an activity or input count ("Tổ chức 01 lớp")
    if not regex.search(r"\p{L}{2,}", clause):
        return None                     # a bare figure without a clause (a table cell)
    if not c.is_count and PERCENT_RANGE.search(window_before):
        doc.warn("target_range", "percentage range is not read as a target", c.start, c.end)
        return None                     # "50-70%": ambiguous, never guessed
    # -- describe ------------------------------------------------------------------------
    own_year = deadline_in(text[seg_start:seg_end], before=c.start - seg_start)
    if own_year is not None and own_year < plan_start(doc):
        return None                     # "Năm 2020 đạt 45%" in a plan issued in 2021: a result
    deadline = own_year or inherited_deadline(text, line_start, seg_start, intro, chain) or plan_end
    subject = subject_of(text, c, seg_start, seg_end, vocab) or previous_subject
    if subject and vocab.money.match(subject) and not (goal_words or qualified or in_objectives):
        return None                     # "hỗ trợ 50% kinh phí": a funding rule, not a goal
    return Target(
        text=" ".join(clause.split()),
        value=c.value,
        unit=c.unit,
        comparator=comparator,
        subject=subject,
        deadline_year=deadline,
        section=chain[-1].path if chain else None,
        span=doc.span(ws, we),
    )

"""Recover what is certain from a table that OCR turned into scrambled text.

When a table's cells come out of OCR in no usable order, the only rows we can
trust are those whose numbers stand together and add up: a run of numbers
``y1 y2 ... yn T`` with ``y1 + ... + yn = T`` (a row's years and its total), or
two such rows whose cells alternate, when exactly one split makes both add up.
A row gets a name only when the name stands next to its numbers; everything
else is left out with a warning, and the table's raw text is kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

import regex

from .. import money
from ..document import Document
from ..tables import TOTAL_LABEL
from .budget_types import BudgetCheck, BudgetItem, BudgetTable, BudgetTotal

# A run of at least four numbers separated only by white space.
# "100\n\n0\n\n500\n\n500\n\n500\n\n1,600", "3,000 200 3,000 200 7,000 300 7,600 300"
NUMBER_RUN = regex.compile(
    r"""
    (?<![\w.,/-])
    \d+(?:[.,]\d{1,3})*
    (?:\s+\d+(?:[.,]\d{1,3})*(?![\w/-])){3,}
    (?![\w.,/-]|[.,]\d)
    """,
    regex.VERBOSE,
)
NUMBER_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*")
# A number standing alone (not part of a symbol like "4667KH-UBND" or a date "16/11").
STANDALONE_NUMBER = regex.compile(r"(?<![\w.,/-])\d+(?:[.,]\d+)*(?![\w/-]|[.,]\d)")

# A group label at the start of a name: "III. Đào tạo CNTT"
GROUP_NAME = regex.compile(r"^(?P<label>[IVXLC]{1,6})\.\s+\S")

# A period written as a range: "GIAI ĐOẠN 2011-2015", "2016 - 2020"
YEAR_RANGE = regex.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)")
YEAR_TOKEN = regex.compile(r"(?<![\d.,/])((?:19|20)\d\d)(?![\d.,/])")

MAX_CONTEXT = 8000


@dataclass
class Recovered:
    items: list = field(default_factory=list)
    totals: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    tables: list = field(default_factory=list)


@dataclass(frozen=True)
class RunRow:
    values: tuple            # Decimal per cell, years then total
    starts: tuple            # working offsets of its cells
    ends: tuple


def row_sums(values: list[Decimal]) -> bool:
    """The last value is the sum of the others, at least two of which are not zero.

    >>> row_sums([Decimal(x) for x in (100, 0, 500, 500, 500, 1600)])
    True
    >>> row_sums([Decimal(x) for x in (800, 0, 0, 800)])
    False
    """
    parts, total = values[:-1], values[-1]
    return len(parts) >= 3 and total > 0 and sum(parts) == total and sum(1 for v in parts if v) >= 2


def split_interleaved(values: list[Decimal]) -> tuple[list[int], list[int]] | None:
    """The one way to split a run into two order-preserving rows that both add up, or None.

    >>> v = [Decimal(x) for x in (3000, 200, 3000, 200, 7000, 300, 7600, 300, 11000, 31600, 500, 1500)]
    >>> a, b = split_interleaved(v)
    >>> [int(v[i]) for i in a], [int(v[i]) for i in b]
    ([3000, 3000, 7000, 7600, 11000, 31600], [200, 200, 300, 300, 500, 1500])
    """
    n = len(values)
    if n % 2 or n < 8 or n > 16:
        return None
    half = n // 2
    found = []
    for first in combinations(range(1, n), half - 1):
        a = [0, *first]
        b = [i for i in range(n) if i not in set(a)]
        if row_sums([values[i] for i in a]) and row_sums([values[i] for i in b]):
            found.append((a, b))
            if len(found) > 1:
                return None
    return found[0] if found else None


def _context_start(doc: Document, ws: int) -> int | None:
    """Where the table's caption (its unit line or a 'kinh phí' title) stands before ``ws``."""
    window_start = max(0, ws - MAX_CONTEXT)
    line_end = doc.text.find("\n", ws)
    line_end = len(doc.text) if line_end < 0 else line_end     # a caption on the run's own line counts
    last = None
    for m in money.UNIT_CAPTION.finditer(doc.text, window_start, line_end):
        if money.unit_multiplier(m.group("unit")):
            last = m
    if last is not None:
        return doc.text.rfind("\n", 0, last.start()) + 1    # the caption's whole line
    return None


def _unit_before(doc: Document, ws: int) -> int | None:
    window_start = max(0, ws - MAX_CONTEXT)
    line_end = doc.text.find("\n", ws)
    line_end = len(doc.text) if line_end < 0 else line_end
    unit = None
    for m in money.UNIT_CAPTION.finditer(doc.text, window_start, line_end):
        u = money.unit_multiplier(m.group("unit"))
        if u:
            unit = u
    return unit


def _years_for(doc: Document, ws: int, n: int) -> list[str] | None:
    """``n`` consecutive years the table names before ``ws`` (a printed range, or year cells)."""
    window = doc.text[max(0, ws - MAX_CONTEXT): ws]
    for m in YEAR_RANGE.finditer(window):
        a, b = int(m.group(1)), int(m.group(2))
        if b - a + 1 == n:
            return [str(y) for y in range(a, b + 1)]
    present = {int(y) for y in YEAR_TOKEN.findall(window)}
    for a in sorted(present):
        if all(a + k in present for k in range(n)):
            return [str(a + k) for k in range(n)]
    return None


def _name_before(doc: Document, ws: int) -> tuple[str, int, int] | None:
    """The text standing right before a run: on its own line, or the previous non-empty line."""
    text = doc.text
    line_start = text.rfind("\n", 0, ws) + 1
    if found := _stripped(text, line_start, ws):
        return found
    k = line_start - 1
    while k > 0:
        prev_start = text.rfind("\n", 0, k) + 1
        if found := _stripped(text, prev_start, k):
            return found
        k = prev_start - 1
    return None


def _stripped(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """``text[start:end]`` without surrounding spaces, with its offsets; ``None`` if blank."""
    piece = text[start:end]
    core = piece.strip()
    if not core:
        return None
    s = start + len(piece) - len(piece.lstrip())
    return core, s, s + len(core)


def _words(text: str) -> int:
    return len(regex.findall(r"\p{L}+", text))


def recover(doc: Document, covered: list[tuple[int, int]]) -> Recovered:
    """Rows of garbled tables that add up, outside the ``covered`` (already read) ranges."""
    out = Recovered()
    text = doc.text
    regions: dict[int, list] = {}
    for m in NUMBER_RUN.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        ctx = _context_start(doc, m.start())
        if ctx is None or any(s <= ctx < e for s, e in covered):
            continue
        tokens = list(NUMBER_TOKEN.finditer(m.group()))
        regions.setdefault(ctx, []).append((m, tokens))
    for ctx, runs in regions.items():
        multiplier = _unit_before(doc, runs[0][0].start())
        region_end = runs[-1][0].end()
        region_numbers = [t.group() for t in STANDALONE_NUMBER.finditer(text, ctx, region_end)
                          if not YEAR_TOKEN.fullmatch(t.group())]
        has_total_word = bool(regex.search(r"T[ổô]ng\s+kinh|T[ổô]ng\s+cộng", text[ctx:region_end]))
        recovered_rows = 0
        unsolved = []
        region_conv = None
        region_totals_start = len(out.totals)
        for m, tokens in runs:
            rows = _rows_in_run(m, tokens)
            if not rows:
                unsolved.append((m, tokens))
                continue
            conv, rows = rows
            region_conv = conv
            max_in_region = max((money.readings(t).get(conv, Decimal(0)) for t in region_numbers),
                                default=Decimal(0))
            years = _years_for(doc, m.start(), len(rows[0].values) - 1)
            name = _name_before(doc, m.start())
            named_row = rows[0]
            if len(rows) == 2:
                grand = [r for r in rows if r.values[-1] >= max_in_region]
                if not (has_total_word and len(grand) == 1):
                    doc.warn("budget_garbled_row", "two interleaved rows add up but nothing shows which one "
                             "owns the name next to them: left out", m.start(), m.end())
                    continue
                grand_row = grand[0]
                named_row = rows[1] if grand_row is rows[0] else rows[0]
                out.totals.append(_total(doc, "Tổng kinh phí", grand_row, years, multiplier, "total",
                                         BudgetTotal))
                out.checks.append(_check(doc, grand_row, multiplier, BudgetCheck, "grand total row"))
                recovered_rows += 1
            if name is None or _words(name[0]) < 2:
                doc.warn("budget_garbled_row", "a row adds up but no name stands next to it: left out",
                         m.start(), m.end())
                continue
            label, ns, ne = name
            group = GROUP_NAME.match(label)
            if group or (TOTAL_LABEL.match(label) and len(rows) == 1):
                out.totals.append(_total(doc, regex.sub(r"\s+", " ", label), named_row, years, multiplier,
                                         group.group("label") if group else "total", BudgetTotal,
                                         start=ns))
            else:
                vnd = money.to_vnd(named_row.values[-1], multiplier) if multiplier else None
                span = doc.span(ns, ne)
                out.items.append(BudgetItem(
                    regex.sub(r"\s+", " ", label), vnd, _year_dict(named_row, years, multiplier),
                    None, None, doc.section_path_at(span.start), span,
                    {"recovered": "garbled table: name and numbers stand together and the numbers add up"}))
            out.checks.append(_check(doc, named_row, multiplier, BudgetCheck, regex.sub(r"\s+", " ", label)[:60]))
            recovered_rows += 1
        if region_conv is not None:
            recovered_rows += _group_totals(doc, text[ctx:region_end], ctx, unsolved, region_conv, multiplier,
                                            out, region_totals_start, BudgetTotal, BudgetCheck)
        span = doc.span(ctx, region_end)
        out.tables.append(BudgetTable(None if multiplier is None else _unit_name(multiplier), [], [], span,
                                      {"garbled": True, "raw_text": text[ctx:region_end]}))
        doc.warn("budget_garbled_table",
                 f"table text not readable as a grid; {recovered_rows} rows recovered where name and numbers stand "
                 "together and add up, the rest kept only as raw text", ctx, region_end)
    return out


def _unit_name(multiplier: int) -> str:
    return {1: "đồng", 1000: "nghìn đồng", 10**6: "triệu đồng", 10**9: "tỷ đồng"}.get(multiplier, str(multiplier))


def _rows_in_run(m: regex.Match, tokens: list) -> tuple[str, list[RunRow]] | None:
    found = {}
    for conv in money.CONVENTIONS:
        values = [money.readings(t.group()).get(conv) for t in tokens]
        if any(v is None for v in values):
            continue
        starts = [m.start() + t.start() for t in tokens]
        ends = [m.start() + t.end() for t in tokens]
        if row_sums(values):
            found[conv] = [RunRow(tuple(values), tuple(starts), tuple(ends))]
            continue
        split = split_interleaved(values)
        if split:
            found[conv] = [RunRow(tuple(values[i] for i in idx), tuple(starts[i] for i in idx),
                                  tuple(ends[i] for i in idx)) for idx in split]
    if len(found) == 2 and [r.values for r in found[money.VI]] == [r.values for r in found[money.EN]]:
        del found[money.EN]                    # no separators: both readings are the same numbers
    if len(found) != 1:
        return None                            # the two readings both add up, differently: undecided
    return next(iter(found.items()))


def _year_dict(row: RunRow, years: list[str] | None, multiplier: int | None) -> dict:
    if not years or multiplier is None:
        return {}
    return {y: money.to_vnd(v, multiplier) for y, v in zip(years, row.values[:-1])}


def _total(doc, label, row: RunRow, years, multiplier, group, cls, start: int | None = None):
    s = row.starts[0] if start is None else start
    span = doc.span(s, row.ends[-1])
    vnd = money.to_vnd(row.values[-1], multiplier) if multiplier else None
    return cls(label, vnd, _year_dict(row, years, multiplier), doc.section_path_at(span.start), span,
               {"group": group, "recovered": "garbled table"})


def _check(doc, row: RunRow, multiplier, cls, note: str):
    m = multiplier or 1
    expected = money.to_vnd(row.values[-1], m)
    actual = money.to_vnd(sum(row.values[:-1]), m)
    return cls("years_sum_to_row_total", expected == actual, expected, actual,
               doc.span(row.starts[0], row.ends[-1]), f"garbled table row: {note}")


# A group row label in scrambled table text: "II. Phát triển hạ tầng CNTT", "I. Ung dụng CNTT"
GROUP_IN_TEXT = regex.compile(r"(?<![\w.])(?P<label>[IVX]{1,4})\.\s+\p{Lu}")

# A total word right before a run of numbers: "Tổng kinh 24,500 4,000 ..."
TOTAL_BEFORE_RUN = regex.compile(r"T[ổô]ng(?:\s+(?:kinh(?:\s+phí)?|cộng|số))?\s*$")


def _group_totals(doc, region: str, ctx: int, unsolved: list, conv: str, multiplier, out: Recovered,
                  first_total: int, total_cls, check_cls) -> int:
    """Group totals that only the grand total can place.

    When the region's grand total and some group totals are known, the groups
    still missing are the only numbers of the total column's run (the run right
    after ``Tổng``) that make the groups add up to the grand total; kept only
    when exactly one choice of numbers does. Which group owns which of them is
    not legible, so the label names all the candidates."""
    region_totals = out.totals[first_total:]
    grand = [t for t in region_totals if t.extra.get("group") == "total"]
    if len(grand) != 1 or grand[0].amount_vnd is None or multiplier is None:
        return 0
    labels = list(dict.fromkeys(m.group("label") for m in GROUP_IN_TEXT.finditer(region)))
    known = {t.extra["group"]: t.amount_vnd for t in region_totals if t.extra.get("group") in labels}
    missing = [lab for lab in labels if lab not in known]
    if not missing or any(v is None for v in known.values()):
        return 0
    target = grand[0].amount_vnd - sum(known.values())
    for m, tokens in unsolved:
        if not TOTAL_BEFORE_RUN.search(doc.text[max(0, m.start() - 30):m.start()]):
            continue
        values = [money.to_vnd(money.readings(t.group()).get(conv), multiplier) for t in tokens]
        if any(v is None for v in values):
            continue
        choices = {tuple(sorted(values[i] for i in idx)): idx
                   for idx in combinations(range(len(values)), len(missing))
                   if sum(values[i] for i in idx) == target}
        if len(choices) != 1:
            continue
        idx = next(iter(choices.values()))
        label = "Tổng nhóm " + " hoặc ".join(missing) + " (nhãn không đọc được)"
        for i in idx:
            tok = tokens[i]
            span = doc.span(m.start() + tok.start(), m.start() + tok.end())
            out.totals.append(total_cls(label, values[i], {}, doc.section_path_at(span.start), span,
                                        {"group": None, "recovered": "garbled table: the only numbers of the "
                                         "total column that make the groups add up to the grand total"}))
        out.checks.append(check_cls("groups_sum_to_grand_total", True, grand[0].amount_vnd,
                                    sum(known.values()) + sum(values[i] for i in idx),
                                    doc.span(m.start(), m.end()),
                                    "garbled table: known and recovered group totals vs grand total"))
        doc.warn("budget_garbled_group", f"group totals of {', '.join(missing)} recovered by arithmetic; "
                 "which group owns which amount is not legible", m.start(), m.end())
        return len(idx)
    return 0

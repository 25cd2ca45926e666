"""Amounts stated in prose, read as a tree whose sums decide what is a total.

Plans state money in sentences and lists as often as in tables::

    Khái toán tổng số vốn đầu tư thực hiện: 7.080 tỷ đồng, trong đó:
    1. Vốn ngân sách nhà nước: 1.280 tỷ đồng, bao gồm:
    + Hoàn thiện hạ tầng KCN với tổng số vốn đầu tư 285 tỷ đồng: Tằng Loỏng (70 tỷ đồng), ...
    + Dự án đường ... tổng mức đầu tư 173 tỷ (...); nay điều chỉnh lên thành 208 tỷ đồng (tăng 35 tỷ)
    2. Vốn doanh nghiệp: 5.800 tỷ đồng

The reader, step by step:

1. ``mentions``: every amount with a money unit outside the tables (``1.500.000.000
   đồng``, ``31,6 tỷ đồng``, ``173 tỷ``, a range ``91.299 tỷ đồng - 97.386 tỷ
   đồng``), with its rate (``đồng/năm``) and whether it is the factor of a product
   written out (``1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng``: the
   amount is the product). ``USD`` amounts are not đồng and are left to targets.
2. ``keep``: an amount is budget money only in a clause that speaks of funding
   (``kinh phí``, ``vốn``, ``ngân sách``, ``dự toán``, ``đầu tư``, ``chi``) and not of
   the past (``năm 2016 ... đã trình``, ``so với năm trước``, a current-state
   part), of a change (``tăng 35 tỷ``), of damage, revenue, sales, fines or pay.
3. ``lines``: each line that holds amounts becomes a node with its level in the
   line outline (a paragraph, ``1.``, ``a)``, ``-``, ``+``), its label (the text
   before the colon, or before the amount) and its candidate amounts; amounts in
   parentheses after a colon (``285 tỷ đồng: A (70 tỷ đồng), B (70 tỷ đồng)``)
   are the line's own parts.
4. ``settle``: bottom up, a node whose parts (the lines under it, or its
   parenthesised parts) sum to one of its candidate amounts is a total and its
   parts are items (arithmetic chooses between readings: of ``173`` and ``208``
   the one that makes the group add up). A ``Tổng ...`` line after a run of
   lines that sum to it is their total. Whatever no sum settles is an item,
   or a total when its label says ``Tổng``. Every sum tested is a check.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

import regex

from .. import money
from ..document import Document

# -- 1. mentions ---------------------------------------------------------------------------

# A number as prose prints it: "1.500.000.000", "31,6", "05".
NUM = r"\d+(?:[.,]\d+)*"

# A rate after an amount: "đồng/năm", "đồng/người/tháng", "đồng / lớp".
RATE = regex.compile(r"[ \t]*/[ \t]*(?P<per>\p{L}+(?:[ \t]*/[ \t]*\p{L}+)?)")
# A product written out after a rate: "x 05 năm = 7.500.000.000 đồng", "× 5 năm =".
PRODUCT = regex.compile(r"[ \t]*[x×*][ \t]*\d+(?:[.,]\d+)?[ \t]*\p{L}*[ \t]*=[ \t]*")
# The second bound of a range: "- 97.386 tỷ đồng", "đến 200 triệu đồng", "– 18.260 tỷ".
RANGE_TAIL = r"[ \t]*(?:-|–|—|đến)[ \t]*(?:khoảng[ \t]+)?"
# A bare "triệu" or "tỷ" is money only when no other noun follows it ("3,5 triệu con",
# "168 triệu USD" are not đồng).
BARE_SCALE_NOUN = regex.compile(r"[ \t]+(?!đồng|đ\b|VNĐ|vnđ)\p{L}")


@lru_cache(maxsize=1)
def money_mention() -> "regex.Pattern[str]":
    unit = money.unit_pattern().pattern
    return regex.compile(
        rf"""
        (?<![\w.,/])
        (?:(?P<low>{NUM})[ \t]*(?P<low_unit>{unit})?{RANGE_TAIL})?   # "91.299 tỷ đồng - "
        (?P<num>{NUM})[ \t]*(?P<unit>{unit})(?![\p{{L}}])
        """,
        regex.VERBOSE | regex.IGNORECASE,
    )


@dataclass
class Mention:
    start: int                    # working offsets of the printed amount
    end: int
    vnd: int
    vnd_max: int | None           # the upper bound of a range
    raw: str
    rate: str | None = None       # "năm" in "đồng/năm"
    factor: bool = False          # the rate of a product written out: not an amount of its own


def read_mentions(text: str, start: int, end: int, convention: str | None) -> list[Mention]:
    """The amounts of ``text[start:end]``. Without a convention the document's
    numbers prove, prose is read the Vietnamese way: "121.732 tỷ đồng" is 121 732
    tỷ (a decimal point before "tỷ" would be written "121,732")."""
    convention = convention or money.VI
    out: list[Mention] = []
    for m in money_mention().finditer(text, start, end):
        unit = m.group("unit")
        if unit.lower() in ("triệu", "tỷ", "tỉ") and BARE_SCALE_NOUN.match(text, m.end()):
            continue
        amount = inline_amount(m.group("num"), unit, convention)
        if amount is None:
            continue
        low = None
        if m.group("low"):
            low = inline_amount(m.group("low"), m.group("low_unit") or unit, convention)
            if low is None or low.vnd >= amount.vnd:
                low = None
        rate = RATE.match(text, m.end())
        mention_end = rate.end() if rate else m.end()
        product_ = PRODUCT.match(text, mention_end) if rate else None
        out.append(Mention(m.start() if low is None else m.start("low"), m.end(),
                           low.vnd if low else amount.vnd, amount.vnd if low else None,
                           text[m.start() if low is None else m.start("low"):m.end()],
                           rate.group("per") if rate else None, bool(product_)))
    return out


def inline_amount(num: str, unit: str, convention: str | None) -> money.Amount | None:
    """An inline amount read by the document's convention; without one, a single
    separator before three digits ending in zeros is a thousands separator
    (``1.500 triệu``: nobody writes 1,5 as ``1.500``).

    >>> inline_amount("1.500", "triệu đồng", None).vnd, inline_amount("1.447", "triệu đồng", None)
    (1500000000, None)
    """
    amount = money.amount_from_parts(num, unit, convention)
    if amount is None and convention is None and regex.fullmatch(r"\d{1,3}[.,]\d{1}00", num):
        amount = money.amount_from_parts(num, unit, money.VI if "." in num else money.EN)
    return amount


# -- 2. which amounts are budget money ---------------------------------------------------------

# Words that make a clause speak of funding.
FUNDING = regex.compile(r"kinh\s*phí|\bvốn\b|ngân\s*sách|dự\s*toán|đầu\s*tư|\bchi\b|chi\s*phí|hỗ\s*trợ"
                        r"|tổng\s*mức|nguồn|thành\s*tiền|bố\s*trí", regex.I)
# Money that is not the plan's funding: damage, revenue, sales, trade, fines, pay, prices.
NOT_FUNDING = regex.compile(r"thiệt\s*hại|đấu\s*giá|doanh\s*(?:số|thu)|kim\s*ngạch|xuất\s*khẩu|giá\s*trị\s*(?:các\s*)?hợp\s*đồng"
                            r"|\bphạt\b|mức\s*lương|tiền\s*lương|\blương\b|phụ\s*cấp|trợ\s*cấp|lệ\s*phí|\bthuế\b|giá\s*bán|vốn\s*điều\s*lệ"
                            r"|\bthu\b(?!\s*(?:và|thập|gom|hút|nhận|mẫu))|tiền\s*thưởng|mức\s*thưởng", regex.I)
# The past: a report of what was done ("đã trình", "đã bố trí"), a comparison.
PAST = regex.compile(r"\bđã\s+(?:được\s+)?(?:trình|bố\s*trí|giải\s*ngân|thực\s*hiện|hỗ\s*trợ|cấp|chi|phê\s*duyệt)"
                     r"|năm\s*trước|so\s*với\s*năm|tình\s*hình\s*thực\s*hiện|kết\s*quả\s*thực\s*hiện", regex.I)
# A change, not an amount: "tăng 35 tỷ", "giảm 3 tỷ đồng so với".
CHANGE = regex.compile(r"(?:tăng|giảm|tiết\s*kiệm)(?:\s+thêm)?\s*(?:khoảng\s*)?$", regex.I)
# A year in a clause: "trong năm 2016".
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Where a clause starts: a sentence end, a semicolon or a line break.
CLAUSE_START = regex.compile(r"[.;!?\n](?=\s)|\n")
# A line this short is one item of a list: its words speak for its amounts.
SHORT_LINE = 250
# Section kinds whose amounts are never the plan's budget.
NO_BUDGET_KINDS = frozenset({"current_state", "legal_basis"})


def clause_before(text: str, line_start: int, pos: int) -> str:
    """The clause that leads to ``pos``: from the last sentence end or semicolon."""
    head = text[line_start:pos]
    cut = max(head.rfind(". "), head.rfind("; "), head.rfind("? "))
    return head[cut + 1:] if cut >= 0 else head


def is_budget_money(doc: Document, line_start: int, mention: Mention, first_year: int | None) -> bool:
    text = doc.text
    clause = clause_before(text, line_start, mention.start)
    line = text[line_start:text.find("\n", mention.start) if "\n" in text[mention.start:] else len(text)]
    if CHANGE.search(text[max(line_start, mention.start - 25):mention.start]):
        return False
    if NOT_FUNDING.search(clause) or PAST.search(clause):
        return False
    years = [int(y) for y in YEAR.findall(clause)]
    if first_year and years and max(years) < first_year and not FUNDING.search(clause[-40:]):
        return False
    kind = doc.section_kind_at(doc.span(mention.start, mention.end).start)
    if kind in NO_BUDGET_KINDS:
        return False
    return bool(FUNDING.search(clause) or (FUNDING.search(line) and len(line) < SHORT_LINE) or kind == "budget")


# -- 3. lines -------------------------------------------------------------------------------------

# A line's numbering and its level in a list: "I." 1, "1." 2, "1.1." 3, "a)" 4, "-" 5, "+" 6, "++" 7.
LINE_PREFIX = regex.compile(
    r"(?m)^[ \t]*(?:(?P<roman>[IVXLC]{1,6})[.)]|(?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?|(?P<arabic>\d{1,2})[.)]"
    r"|(?P<letter>[a-zđ])[.)]|(?P<dash>[-–•*])|(?P<plus>\+{1,3}))[ \t]*"
)
PREFIX_LEVELS = {"roman": 1, "multi": 3, "arabic": 2, "letter": 4, "dash": 5, "plus": 6}
# Levels from this one on are bullets: "- Tổng kinh phí: ..., trong đó:" holds the
# bullets of the same level after it.
BULLET_LEVEL = 5
# Words that lead to the amount but are not its name: "với tổng số vốn đầu tư", "tổng mức đầu tư", "là".
NAME_TAIL = regex.compile(
    r"(?:[,;]?\s*(?:với|có|là|khoảng|dự\s*kiến|ước\s*tính|tổng\s*số\s*vốn\s*đầu\s*tư|tổng\s*mức\s*đầu\s*tư"
    r"|tổng\s*kinh\s*phí|kinh\s*phí|tổng\s*vốn|vốn\s*đầu\s*tư|tổng\s*số|dự\s*toán)\b)+\s*[:,]?\s*$", regex.I)
# A line that names a total: "Tổng kinh phí ...", "Tổng cộng", "Khái toán tổng số vốn", "Nhu cầu vốn".
TOTAL_LABEL = regex.compile(r"^(?:T[ổô]ng|Khái\s*toán|Nhu\s*cầu\s*vốn|Cộng\b)", regex.I)
# The words that lead to a whole programme's amount in a sentence: "với tổng kinh
# phí là 93 tỷ đồng", "Tổng vốn: ..." (not a project's "tổng mức đầu tư", an item).
TOTAL_LEAD = regex.compile(r"t[ổô]ng\s+(?:kinh\s*phí|vốn)\b[^.;:]{0,80}?(?:\s(?:là|khoảng|dự\s*kiến))?\s*:?\s*$",
                           regex.I)
# A line of prose this long that stops mid-sentence was cut short where a PDF
# or OCR reading lost a line join (``... 285 tỷ đồng: Tằng`` / ``Loỏng (70 tỷ
# đồng), ...``): it runs on into the next line when that one opens no item.
# A shorter line runs on only into a lower-case word.
RUN_ON_MIN_CHARS = 60
SENTENCE_END = regex.compile(r"[.:;!?)][\s*_]*$")
# A total that announces its parts: "..., trong đó:", "bao gồm:".
ANNOUNCES = regex.compile(r"trong\s*đó|bao\s*gồm|gồm\s*:|cụ\s*thể\s*(?:như\s*sau)?\s*:|\s:\s*$", regex.I)


@dataclass
class Node:
    line_start: int
    line_end: int
    level: int
    label: str
    label_span: tuple[int, int]
    candidates: list[Mention]             # the line's own amount, alternatives in order
    parts: list["Node"] = field(default_factory=list)     # parenthesised parts of this line
    children: list["Node"] = field(default_factory=list)  # lines under it
    chosen: Mention | None = None
    role: str = "item"                    # item, total
    line: str = ""                        # the line's text

    @property
    def announces(self) -> bool:
        """The line announces the parts that follow it: "..., trong đó:"."""
        tail = self.line[self.candidates[-1].end - self.line_start:] if self.candidates else self.line
        return bool(ANNOUNCES.search(tail))

    @property
    def amount(self) -> int | None:
        return self.chosen.vnd if self.chosen else None


def line_label(text: str, content_start: int, first_amount: int) -> tuple[str, int, int]:
    """The name a line gives its amount: the text before the colon, else the
    clause before the amount (from the last sentence end)."""
    head = text[content_start:first_amount]
    cut = max(head.rfind(". "), head.rfind("; "))
    if cut >= 0 and head.find(":", cut) < 0 and NAME_TAIL.sub("", head[cut + 2:]).strip(" ,;:("):
        content_start, head = content_start + cut + 2, head[cut + 2:]
    elif cut >= 0 and head.find(":", cut) < 0:
        first = min(i for i in (head.find(". "), head.find("; ")) if i >= 0)
        head = head[:first]            # the clause says only "tổng mức đầu tư": the line's opening names it
    colon = head.find(":")
    raw = head[:colon] if colon > 0 else NAME_TAIL.sub("", head)
    raw = raw.rstrip(" ,;:(")
    lead = len(raw) - len(raw.lstrip())
    return " ".join(raw.split()), content_start + lead, content_start + len(raw)


# A part named in a list after a colon: "Tằng Loỏng (70 tỷ đồng)", "phía Nam (70 tỷ đồng)".
PART_NAME = regex.compile(r"(?:^|[,;:]\s*)(?P<name>[^,;:()]{1,80}?)\s*\(\s*$")


def build_nodes(text: str, lines: list[tuple[int, int, list[Mention]]]) -> list[Node]:
    nodes = []
    for start, end, mentions in lines:
        prefix = LINE_PREFIX.match(text, start)
        level = PREFIX_LEVELS[prefix.lastgroup] if prefix and prefix.lastgroup else 0
        if prefix and prefix.lastgroup == "plus":
            level += len(prefix.group("plus")) - 1        # "++" under "+"
        content = prefix.end() if prefix else start
        own = [m for m in mentions if not m.factor]
        if not own:
            continue
        label, ls, le = line_label(text, content, own[0].start)
        colon = text.find(":", own[0].end, end)
        parts = []
        if colon >= 0:
            for m in own[1:]:
                base = max(colon, m.start - 90)
                name = PART_NAME.search(text[base:m.start])
                if m.start > colon and name and text[m.end:m.end + 2].lstrip().startswith(")"):
                    part_label = " ".join(f"{label} {name.group('name')}".split())
                    parts.append(Node(start, end, level + 1, part_label, (base + name.start("name"), m.end), [m]))
        in_parts = {id(p.candidates[0]) for p in parts}
        candidates = [m for m in own if id(m) not in in_parts]
        nodes.append(Node(start, end, level, label, (ls, le), candidates, parts, line=text[start:end]))
    return nodes


def nest(nodes: list[Node]) -> list[Node]:
    """Lines under the line above them of a lower level; a paragraph that announces
    parts (``..., trong đó:``) holds the list after it. Returns the roots."""
    roots: list[Node] = []
    stack: list[Node] = []
    for node in nodes:
        level = node.level
        while stack and stack[-1].level >= level and not (stack[-1].level == 0 and level > 0) \
                and not (stack[-1].announces and stack[-1].level >= BULLET_LEVEL and level == stack[-1].level):
            stack.pop()
        if stack and level == 0:
            stack.clear()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


# -- 4. settling the sums -------------------------------------------------------------------------

# Most readings tried when lines offer alternatives (173 or 208).
MAX_COMBINATIONS = 256


def sums_to(parts: list[Node], target: int) -> list[Mention] | None:
    """The reading of the parts (one candidate each) whose amounts add up to ``target``."""
    options = [p.candidates or [None] for p in parts]
    count = 1
    for o in options:
        count *= len(o)
    if count > MAX_COMBINATIONS:
        options = [o[:1] for o in options]
    for combo in product(*options):
        if any(c is None for c in combo):
            continue
        low = sum(c.vnd for c in combo)
        high = sum(c.vnd_max or c.vnd for c in combo)
        if low == target or (high > low and low <= target <= high):
            return list(combo)       # a range: the total lies between the parts' bounds
    return None


def settle(node: Node, checks: list) -> None:
    """Decide the node's amount and role, children first."""
    for child in node.children:
        settle(child, checks)
    for part in node.parts:
        part.chosen, part.role = part.candidates[0], "item"
    node.chosen = node.candidates[0] if node.candidates else None
    if node.parts:
        total = sum(p.amount for p in node.parts)
        for cand in node.candidates:
            if cand.vnd == total:
                node.chosen = cand
        checks.append(("parts_sum_to_total", node.amount, total, node))
        node.role = "total"
    money_children = [c for c in node.children if c.candidates]
    if money_children and node.candidates:
        reading = None
        for cand in node.candidates:
            reading = sums_to(money_children, cand.vnd)
            if reading is not None:
                node.chosen = cand
                for child, pick in zip(money_children, reading):
                    child.chosen = pick
                break
        holds = reading is not None
        if holds or TOTAL_LABEL.match(node.label) or ANNOUNCES.search(node.line):
            actual = sum(c.amount for c in money_children if c.amount is not None)
            kind = "parts_sum_to_total" if node.announces else "items_sum_to_total"
            checks.append((kind, node.amount, node.amount if holds else actual, node))
            node.role = "total"


def totals_after_parts(siblings: list[Node], checks: list) -> None:
    """``Tổng ...`` stated after the lines it sums: those lines are its parts."""
    for k, node in enumerate(siblings):
        if not TOTAL_LABEL.match(node.label) or node.amount is None or node.children:
            continue
        run = []
        for prev in reversed(siblings[:k]):
            if prev.role != "item" or prev.amount is None:
                break
            run.insert(0, prev)
            if sum(p.amount for p in run) == node.amount and len(run) >= 2:
                node.role = "total"
                checks.append(("items_sum_to_total", node.amount, node.amount, node))
                break


def numbered_siblings_of_totals(siblings: list[Node]) -> None:
    """Numbered lines beside a numbered total (``1. Vốn ngân sách: ..., bao gồm:``
    / ``2. Vốn doanh nghiệp: ...``) are the same kind of line: totals of their source."""
    numbered = [n for n in siblings if n.level in (1, 2, 3) and n.amount is not None]
    if len(numbered) >= 2 and any(n.role == "total" for n in numbered):
        for n in numbered:
            n.role = "total"


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from node.parts
        yield from walk(node.children)


def settle_all(roots: list[Node]) -> list:
    checks: list = []
    for root in roots:
        settle(root, checks)

    def fix_siblings(nodes: list[Node]) -> None:
        totals_after_parts(nodes, checks)
        numbered_siblings_of_totals(nodes)
        for n in nodes:
            fix_siblings(n.children)

    fix_siblings(roots)
    return checks


def logical_line_end(text: str, start: int, hi: int) -> int:
    """Where the line from ``start`` ends, lines cut short mid-sentence joined.

    >>> t = "+ Hạ tầng KCN với tổng số vốn đầu tư 285 tỷ đồng: Tằng Loỏng (70 tỷ), phía\\nNam (70 tỷ)\\n- Khác"
    >>> t[:logical_line_end(t, 0, len(t))].endswith("Nam (70 tỷ)")
    True
    """
    line_start = start
    while True:
        end = text.find("\n", line_start, hi)
        if end < 0:
            return hi
        following_end = text.find("\n", end + 1, hi)
        following_end = hi if following_end < 0 else following_end
        if not runs_on(text[line_start:end], text[end + 1:following_end]):
            return end
        line_start = end + 1


def runs_on(line: str, following: str) -> bool:
    """A line stopping mid-sentence (long, or followed by a lower-case word) and
    a next line of prose that opens no item."""
    long_or_lower = len(line) >= RUN_ON_MIN_CHARS or following[:1].islower()
    return (long_or_lower and bool(line.strip()) and not SENTENCE_END.search(line)
            and "\t" not in line and bool(following.strip()) and "\t" not in following
            and not LINE_PREFIX.match(following) and not TOTAL_LABEL.match(following.lstrip()))


# -- reading a document ------------------------------------------------------------------------------

def read_inline(doc: Document, covered: list[tuple[int, int]], convention: str | None,
                first_year: int | None) -> tuple[list[Node], list]:
    """The settled amount lines of the document's body and tail, and the sums tested.

    Lines are read part by part (the top-level sections), so amounts of
    unrelated parts never add up to each other.
    """
    text = doc.text
    groups: dict[object, list[tuple[int, int, list[Mention]]]] = {}
    order: list[object] = []
    covered = sorted(covered)
    covered_starts = [s for s, _ in covered]
    for lo, hi in doc.content_ranges():
        pos = lo
        while pos < hi:
            end = logical_line_end(text, pos, hi)
            k = bisect.bisect_right(covered_starts, pos) - 1
            inside = k >= 0 and pos < covered[k][1]
            if not inside and money_mention().search(text, pos, end):
                kept = [m for m in read_mentions(text, pos, end, convention)
                        if is_budget_money(doc, pos, m, first_year)]
                if kept:
                    chain = doc.section_chain(doc.span(pos, pos + 1).start)
                    key = id(chain[0]) if chain else None
                    if key not in groups:
                        groups[key] = []
                        order.append(key)
                    groups[key].append((pos, end, kept))
            pos = end + 1
    roots: list[Node] = []
    checks: list = []
    for key in order:
        part_roots = nest(build_nodes(text, groups[key]))
        checks += settle_all(part_roots)
        roots += part_roots
    return roots, checks

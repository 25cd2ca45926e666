"""citations: every reference to another document, and the plan's legal basis.

``extract(doc)`` sets ``doc.citations`` (every reference, footnotes and
appendices included, each with its ``section``) and ``doc.legal_basis`` (the
documents the plan rests on: those cited in its preamble -- ``Căn cứ ...``,
``Thực hiện ...``, ``Theo đề nghị ... tại Tờ trình số ...`` -- or in its
legal-basis part, one per document, in source order).

How a citation is read (patterns in :mod:`.citation_patterns`):

1. ``find_heads``: a symbol (``64/2007/NĐ-CP``, ``16-NQ/TU``) and the type word
   just before it (``Nghị định số``, ``Luật Công nghệ thông tin số``); a symbol
   with no type word is typed from its code. Laws cited without a number
   (``Luật Thủy sản năm 2017``) are heads too.
2. ``read_tail``: the date (``ngày 10/4/2007``) and the issuer (``của Chính phủ``)
   after the head, in either order.
3. ``assign_roles``: within one clause (a ``Căn cứ`` line, a bullet, a part
   between ``;``) the first citation is the clause's own; one joined to it by
   ``,`` / ``và`` is its sibling (``Quyết định số 169/2006/QĐ-TTg ... và Quyết
   định số 223/2006/QĐ-TTg``); any other is named inside a subject
   (``... thực hiện Nghị quyết số 36-NQ/TW``) and is ``nested``.
4. ``read_subject``: the ``về ...`` / ``ban hành ...`` part, up to the end of
   the clause or the next sibling.
5. Legal basis = own and sibling citations inside a legal-basis region.

Issuer policy (see the report of the citations issue): ``issuer`` is the body
the text names (abbreviations written out per ``issuers.tsv``; an elided
``tỉnh`` completed with the plan's own place: ``HĐND tỉnh`` -> ``Hội đồng nhân
dân tỉnh Quảng Trị``); the body a symbol code implies
(``NĐ-CP`` -> Chính phủ) is given as ``issuer_from_symbol`` and used for
``issuer`` only when ``ISSUER_FROM_SYMBOL`` is true.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


from .. import dates
from ..document import Document, Span
from . import citation_patterns as P

# Whether ``issuer`` falls back to the body a symbol code implies when the text
# names none. Off: the gold annotation keeps an unprinted issuer null ("the
# symbol QH11 implies Quốc hội, but it is not printed"); the implied body is
# always given as ``issuer_from_symbol``.
ISSUER_FROM_SYMBOL = False

# How far before a symbol its type word (and a law's name) may start.
TYPE_WINDOW = 160
# An issuer phrase longer than this many words is not an issuer.
MAX_ISSUER_WORDS = 14



@dataclass(frozen=True)
class Citation:
    """One reference to another document (CONTRACT.md, Citation)."""

    doc_type: str | None
    number: str | None
    issued_date: str | None
    issuer: str | None
    subject: str | None
    section: str | None
    span: Span
    text: str
    type_as_printed: str | None = None
    name: str | None = None
    date_as_printed: str | None = None
    issuer_from_symbol: str | None = None

    def to_dict(self) -> dict:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issued_date": self.issued_date,
            "issuer": self.issuer,
            "subject": self.subject,
            "section": self.section,
            "span": self.span.to_dict(),
            "text": self.text,
            "type_as_printed": self.type_as_printed,
            "name": self.name,
            "date_as_printed": self.date_as_printed,
            "issuer_from_symbol": self.issuer_from_symbol,
        }


@dataclass
class Head:
    """A citation while it is being read (working-text offsets)."""

    start: int                       # type word, or the symbol when there is none
    head_end: int                    # end of the symbol (or of a numberless law's name)
    number: str | None
    year: int | None = None          # year inside the symbol
    family: str | None = None        # "state" | "party"
    allowed: tuple[str, ...] = ()    # types the symbol's code allows, default first
    type_code: bool = False          # the symbol carries a type code
    type_word: str | None = None
    name: str | None = None
    date_match: object | None = None
    date_start: int | None = None
    date_end: int | None = None
    issuer_span: tuple[int, int] | None = None
    issuer_codes: tuple[str, ...] = ()
    tail_end: int = 0
    subject_span: tuple[int, int] | None = None
    end: int = 0
    unit: int = 0
    role: str = "own"                # own | sibling | nested
    shared_from: "Head | None" = field(default=None, repr=False)


# -- 1. heads ----------------------------------------------------------------------

def normalize_number(raw: str) -> str:
    """The symbol as printed, spaces and line breaks removed, dashes as ``-``.

    >>> normalize_number("2770/QĐ – UBND"), normalize_number("12 /KH-SKHĐT")
    ('2770/QĐ-UBND', '12/KH-SKHĐT')
    """
    return P.SPACES.sub("", raw).replace("–", "-").replace("—", "-")


def symbol_types(m) -> tuple[str, int | None, tuple[str, ...], bool, tuple[str, ...]]:
    """``(family, year, allowed types, has type code, issuer codes)`` of a ``SYMBOL`` match.

    >>> symbol_types(P.SYMBOL.search("64/2007/NĐ-CP"))
    ('state', 2007, ('Nghị định',), True, ('CP',))
    >>> symbol_types(P.SYMBOL.search("43/2008/TT-BTC-BTTTT"))[2]
    ('Thông tư liên tịch', 'Thông tư')
    >>> symbol_types(P.SYMBOL.search("2634/BTTTT-THH"))[2:]
    (('Công văn', 'Văn bản'), False, ('BTTTT', 'THH'))
    >>> symbol_types(P.SYMBOL.search("16-NQ/TU"))
    ('party', None, ('Nghị quyết',), True, ('TU',))
    """
    if m.group("p_num"):
        code = normalize_number(m.group("p_code"))
        issuers = tuple(normalize_number(x) for x in P.DASH_SPLIT.split(m.group("p_rest")))
        return "party", None, tuple(P.PARTY_CODES.get(code, ())), code in P.PARTY_CODES, issuers
    year = int(m.group("s_year")) if m.group("s_year") else None
    parts = tuple(normalize_number(x) for x in P.DASH_SPLIT.split(m.group("s_rest")))
    code = parts[0]
    if code in P.STATE_CODES:
        issuers = parts[1:]
        joint = tuple(P.JOINT_CODES.get(code, ())) if len(issuers) >= 2 else ()
        return "state", year, joint + tuple(P.STATE_CODES[code]), True, issuers
    if P.QH_CODE.fullmatch(code):
        return "state", year, tuple(P.QH_TYPES), False, parts
    return "state", year, tuple(P.NO_CODE_TYPES), False, parts


def _extend_split_code(text: str, end: int, last_part: str) -> int:
    """Join a capital run split off by a stray space when the joined code is known:
    ``11/2015/TT-B TTTT`` -> ``TT-BTTTT``."""
    m = P.SPLIT_CODE_TAIL.match(text, end)
    if m and (last_part + m.group("tail")) in P.SYMBOL_ISSUERS:
        return m.end()
    return end


def _type_before(text: str, sym_start: int, allowed: tuple[str, ...] = ()) -> tuple[int, str, str | None] | None:
    """``(start, type word, law name)`` of the type word standing just before a symbol.

    Of two type words in a row, the first names the type when the symbol agrees with
    it: "<Thông báo> kết luận số 123-TB/TU" is a Thông báo.
    """
    lo = max(0, sym_start - TYPE_WINDOW)
    words = list(P.TYPE_WORD.finditer(text, lo, sym_start))
    if not words:
        return None
    tw = words[-1]
    gap = P.GAP_DIRECT.fullmatch(text, tw.end(), sym_start)
    if gap:
        if len(words) > 1 and P.canonical_type(tw.group()) not in allowed:
            first = words[-2]
            if P.SPACES.fullmatch(text, first.end(), tw.start()) and P.canonical_type(first.group()) in allowed:
                return first.start(), first.group(), None
        return tw.start(), tw.group(), None
    if P.canonical_type(tw.group()) in P.LAW_TYPES:
        gap = P.GAP_LAW_NAME.fullmatch(text, tw.end(), sym_start)
        if gap:
            return tw.start(), tw.group(), P.SPACES.sub(" ", gap.group("name")).strip()
    return None


def find_heads(text: str) -> list[Head]:
    """Every symbol with its type word, and every numberless law with a date or year."""
    heads: list[Head] = []
    for m in P.SYMBOL.finditer(text):
        family, year, allowed, has_code, issuers = symbol_types(m)
        end = _extend_split_code(text, m.end(), issuers[-1] if issuers else "")
        raw = text[m.start():end]
        tb = _type_before(text, m.start(), allowed)
        head = Head(
            start=tb[0] if tb else m.start(), head_end=end, number=normalize_number(raw),
            year=year, family=family, allowed=allowed, type_code=has_code,
            type_word=tb[1] if tb else None, name=tb[2] if tb else None, issuer_codes=issuers,
        )
        heads.append(head)
    taken = [(h.start, h.head_end) for h in heads]
    for m in P.LAW_WITHOUT_NUMBER.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        end = m.end()
        y = P.LAW_YEAR.match(text, end)
        heads.append(Head(start=m.start(), head_end=y.end() if y else end, number=None,
                          year=int(y.group("year")) if y else None, type_word=m.group("type"),
                          name=P.SPACES.sub(" ", m.group("name")).strip()))
    heads.sort(key=lambda h: h.start)
    return heads


# -- 2. date and issuer --------------------------------------------------------------

def read_tail(text: str, head: Head, limit: int) -> None:
    """Read ``ngày ...`` and ``của ...`` after the head, in either order, up to ``limit``."""
    pos = head.head_end
    for _ in range(3):
        if head.date_start is None:
            lead = P.TAIL_DATE_LEAD.match(text, pos, limit)
            if lead:
                dm = dates.match_date(text, lead.end(), min(limit, lead.end() + 40))
                if dm and dm.start() == lead.end() and dm.group("lead"):
                    head.date_match, head.date_start, head.date_end = dm, dm.start(), dm.end()
                    pos = dm.end()
                    continue
                pm = dates.PARTIAL_DATE.match(text, lead.end(), limit)
                if pm:
                    head.date_start, head.date_end = pm.start(), pm.end()
                    pos = pm.end()
                    continue
        if head.issuer_span is None:
            om = P.OF_ISSUER.match(text, pos, limit)
            if om:
                stop = P.ISSUER_STOP.search(text, om.end(), limit)
                end = stop.start() if stop else limit
                raw = P.TRAILING.sub("", trim_issuer(text[om.end():end]))
                if raw and len(raw.split()) <= MAX_ISSUER_WORDS:
                    head.issuer_span = (om.end(), om.end() + len(raw))
                    pos = om.end() + len(raw)
                    continue
        break
    head.tail_end = pos


# -- 3. roles ------------------------------------------------------------------------

def clause_bounds(text: str) -> list[int]:
    """Sorted positions that end a clause: ``;`` and real line breaks (not hard wraps)."""
    bounds = [m.start() for m in P.SEMICOLON.finditer(text)]
    bounds += [m.end() - 1 for m in P.CLAUSE_BREAK.finditer(text)]
    return sorted(set(bounds))


def assign_roles(text: str, heads: list[Head], bounds: list[int]) -> None:
    """Mark each head own / sibling / nested within its clause.

    A head joined to the one before by ``,`` / ``và`` is its sibling; so is an
    item of a list of bare ``số`` symbols (``số 007/CĐ-UBND, số 008/CĐ-UBND và số
    009/CĐ-UBND``) even after a document named inside a subject, and a document
    that amended the clause's own (``được sửa đổi bởi Quyết định số ...``).
    """
    prev: Head | None = None
    bare_list = False                 # the clause lists bare "số" symbols
    for head in heads:
        head.unit = bisect.bisect_left(bounds, head.start)
        word = P.BARE_NUMBER_WORD.search(text, max(0, head.start - 8), head.start) if head.type_word is None else None
        bare = word is not None
        join_at = word.start() if word else head.start
        joined = P.SIBLING_JOIN.search(text, max(0, join_at - 12), join_at)
        if prev is None or prev.unit != head.unit:
            head.role = "own"
            bare_list = bare
        elif joined and (prev.role != "nested" or (bare and bare_list)):
            head.role = "sibling"
        elif P.AMENDED_BY.search(text, max(0, head.start - 60), head.start):
            head.role = "sibling"
        else:
            head.role = "nested"
        bare_list = bare_list or (bare and head.role != "nested")
        prev = head


# -- 4. subject -----------------------------------------------------------------------

def clean_value(raw: str) -> str:
    """Collapse spaces, split run-on words at a case change (``hiệnNghị``), drop end punctuation.

    >>> clean_value("Chương trình hành động thực hiệnNghị quyết ;")
    'Chương trình hành động thực hiện Nghị quyết'
    """
    value = P.CAMEL_MERGE.sub(" ", P.SPACES.sub(" ", raw))
    value = P.COMMA_RUN.sub(", ", value)
    return P.TRAILING.sub("", value).strip()


def read_subject(text: str, head: Head, limit: int) -> None:
    """The ``về ...`` / ``ban hành ...`` part after the tail, ending before ``limit``."""
    pos = head.tail_end
    lead = (P.SUBJECT_LEAD.match(text, pos, limit) or P.SUBJECT_VERB.match(text, pos, limit)
            or P.SUBJECT_NAMED.match(text, pos, limit))
    head.end = head.tail_end
    if not lead:
        return
    start = lead.end()
    stop = P.SUBJECT_END.search(text, start, limit)
    end = stop.start() if stop else limit
    close = P.SUBJECT_CLOSE.search(text, start, end)
    end = close.start() if close else end
    raw = text[start:end]
    raw = raw[:len(P.TRAILING.sub("", raw))]
    if not raw.strip():
        return
    head.subject_span = (start, start + len(raw))
    head.end = start + len(raw)


# -- 5. where the legal basis stands ---------------------------------------------------

def legal_basis_regions(doc: Document) -> list[tuple[int, int, str | None]]:
    """Working ranges of the legal-basis part(s), with a label for unnumbered headings."""
    text = doc.text
    to_working = doc.offsets.to_working

    def working_range(sec) -> tuple[int, int]:
        return to_working(sec.span.start), to_working(max(sec.body_end, sec.span.end))

    regions: list[tuple[int, int, str | None]] = []
    section_starts = sorted(to_working(s.span.start) for s in doc.flat_sections)
    for sec in legal_basis_sections(doc.flat_sections):
        regions.append((*working_range(sec), None))
    lead_zones = [working_range(sec) for sec in doc.flat_sections if sec.kind == "legal_basis"]
    closers: list | None = None           # every heading that may end a part, found once
    for m in P.LEGAL_BASIS_HEADING.finditer(text):
        if P.SYMBOL.search(m.group()):
            continue
        end = len(text)
        if closers is None:
            closers = sorted([*P.PART_HEADING.finditer(text), *P.CAPITAL_HEADING.finditer(text)],
                             key=lambda h: h.start())
            closer_starts = [h.start() for h in closers]
        for h in closers[bisect.bisect_left(closer_starts, m.end()):]:
            line_end = text.find("\n", h.start())
            line = text[h.start(): line_end if line_end >= 0 else len(text)]
            if P.LEGAL_BASIS_HEADING.fullmatch(line) or _starts_citation(line):
                continue
            end = h.start()
            break
        nxt = bisect.bisect_right(section_starts, m.start())
        if nxt < len(section_starts):
            end = min(end, section_starts[nxt])
        label = None if m.group("num") else P.TRAILING.sub("", m.group("title")).strip()
        regions.append((m.start(), end, label))
    # The preamble: "Căn cứ ..." lines before the first part of the body (and in any
    # part the outline calls legal basis, such as "SỰ CẦN THIẾT").
    # A numbered item that is itself a cited document ("1. Nghị định số ...") does not
    # end the preamble.
    first = next((to_working(s.span.start) for s in doc.flat_sections
                  if not _starts_citation(s.title)), None)
    if first is None:
        for h in P.PART_HEADING.finditer(text):
            line = text[h.start(): (text.find("\n", h.start()) + 1 or len(text) + 1) - 1]
            if not P.LEGAL_BASIS_HEADING.fullmatch(line) and not _starts_citation(line):
                first = h.start()
                break
    first = len(text) if first is None else first
    bounds = [m.end() - 1 for m in P.CLAUSE_BREAK.finditer(text)]
    # A heading in capitals after the first "Căn cứ" line ends the preamble too (the
    # plan's title before it is also in capitals).
    lead = P.PREAMBLE_LEAD.search(text, 0, first)
    if lead:
        for h in P.CAPITAL_HEADING.finditer(text, lead.end(), first):
            if not P.LEGAL_BASIS_HEADING.fullmatch(h.group().strip("\n")):
                first = h.start()
                break
    for lo, hi in [(0, first)] + lead_zones:
        leads = list(P.PREAMBLE_LEAD.finditer(text, lo, hi))
        for m in leads:
            i = bisect.bisect_right(bounds, m.start())
            regions.append((m.start(), bounds[i] if i < len(bounds) else len(text), None))
        # "Căn cứ các văn bản sau:" followed by a list of documents, one per item.
        if leads:
            for m in P.LISTED_CITATION.finditer(text, leads[0].end(), hi):
                i = bisect.bisect_right(bounds, m.start())
                regions.append((m.start(), bounds[i] if i < len(bounds) else len(text), None))
    return regions


def legal_basis_sections(flat: list) -> list:
    """Sections that hold the legal basis: kind ``legal_basis`` with a title naming it
    (``CĂN CỨ ...``, ``CƠ SỞ PHÁP LÝ``). A part whose sub-parts split it
    (``1. Sự cần thiết`` / ``2. Căn cứ pháp lý``) gives only the sub-parts that name it.

    >>> from pipeline.document import Section, Span
    >>> top = Section("I", 1, "SỰ CẦN THIẾT VÀ CĂN CỨ", "legal_basis", Span(0, 1))
    >>> top.children = [Section("1", 2, "Sự cần thiết", "legal_basis", Span(2, 3)),
    ...                 Section("2", 2, "Căn cứ pháp lý", "legal_basis", Span(4, 5))]
    >>> [s.title for s in legal_basis_sections([top] + top.children)]
    ['Căn cứ pháp lý']
    """
    named = [s for s in flat if s.kind == "legal_basis" and P.LEGAL_BASIS_TITLE.search(P.fold_key(s.title))]
    chosen = []
    for sec in named:
        if any(child in named for child in sec.children):
            continue                     # its named children stand for it
        chosen.append(sec)
    return chosen




def _starts_citation(line: str) -> bool:
    """A numbered line that is itself a cited document: ``1. Luật Công nghệ thông tin ...``."""
    m = P.NUMBER_PREFIX.match(line)
    rest = line[m.end():] if m else line
    return bool(P.TYPE_WORD.match(rest) or P.PREAMBLE_LEAD.match(rest))


# -- 6. values --------------------------------------------------------------------------

def doc_type_of(head: Head) -> tuple[str | None, bool]:
    """``(doc_type, conflict)``: the type word's canonical type unless the symbol's code
    says otherwise (then the code wins and ``conflict`` is true)."""
    word = P.canonical_type(head.type_word) if head.type_word else None
    if word and (not head.allowed or word in head.allowed or not head.type_code and head.family == "state"
                 and head.allowed == tuple(P.NO_CODE_TYPES)):
        return word, False
    if word and head.allowed:
        return head.allowed[0], True
    return (head.allowed[0] if head.allowed else None), False


def issuer_from_symbol(head: Head) -> str | None:
    """The body a symbol's issuer codes name, when every code names one body.

    >>> h = Head(0, 0, "142/2010/TTLT-BTC-BTTTT", type_code=True, issuer_codes=("BTC", "BTTTT"))
    >>> issuer_from_symbol(h)
    'Bộ Tài chính, Bộ Thông tin và Truyền thông'
    """
    codes = head.issuer_codes if head.type_code else head.issuer_codes[:1]
    names = []
    for code in codes:
        name = P.SYMBOL_ISSUERS.get(code)
        if name is None:
            term = P.CODE_WITH_TERM.fullmatch(code)
            name = P.SYMBOL_ISSUER_PREFIXES.get(term.group("prefix")) if term else None
        if name is None:
            return None
        names.append(name)
    return ", ".join(names) if names else None


def plan_level(doc: Document) -> str | None:
    """The administrative level of the plan's own issuer (``tỉnh``, ``thành phố``, ...)."""
    issuer = doc.metadata.get("issuer") or ""
    m = P.LEVEL_WORD.search(issuer)
    return P.SPACES.sub(" ", m.group(1)).lower() if m else None


def trim_issuer(raw: str) -> str:
    """Cut what runs on in lower case after a known body (and its place).

    >>> trim_issuer("Bộ Thông tin và Truyền thông thể hiện qua các chỉ tiêu")
    'Bộ Thông tin và Truyền thông'
    >>> trim_issuer("Ban chấp hành Đảng bộ tỉnh Quảng Trị")
    'Ban chấp hành Đảng bộ tỉnh Quảng Trị'
    >>> trim_issuer("Bộ Tài chính Bộ Thông tin và Truyền thông")
    'Bộ Tài chính Bộ Thông tin và Truyền thông'
    >>> trim_issuer("Thủ tướng Chính phủ Chương trình quốc gia")
    'Thủ tướng Chính phủ'
    >>> trim_issuer("Ban Chỉ đạo công nghệ thông tin tỉnh")
    'Ban Chỉ đạo công nghệ thông tin tỉnh'
    """
    pos, last = 0, None
    while True:
        m = P.KNOWN_BODY.match(raw, pos)
        if not m:
            break
        end = m.end()
        place = P.PLACE_AFTER_BODY.match(raw, end)
        last = place.end() if place else end
        join = P.BODY_JOIN.match(raw, last)
        if join and P.KNOWN_BODY.match(raw, join.end()):
            pos = join.end()
            continue
        break
    rest = raw[last:] if last is not None else ""
    if last is not None and (P.RUN_ON_LOWER.match(rest) or P.TYPE_WORD.match(rest.lstrip())):
        return raw[:last]
    return raw




def expand_issuer(raw: str, place: str | None, level: str | None) -> str:
    """The issuer as printed, abbreviations written out per ``issuers.tsv``.

    ``always`` abbreviations are written out every time. A place left out after the
    level word (``HĐND tỉnh``, ``Ban chấp hành Đảng bộ tỉnh``) is completed with the
    plan's own place when the plan is issued at that level, and then the ``elided``
    abbreviations of the phrase are written out too; a complete ``UBND thành phố Đông
    Hà`` stays as printed.

    >>> expand_issuer("Bộ TT&TT", None, None)
    'Bộ Thông tin và Truyền thông'
    >>> expand_issuer("HĐND tỉnh", "Quảng Trị", "tỉnh")
    'Hội đồng nhân dân tỉnh Quảng Trị'
    >>> expand_issuer("UBND thành phố Đông Hà", "Đông Hà", "thành phố")
    'UBND thành phố Đông Hà'
    >>> expand_issuer("Ban chấp hành Đảng bộ tỉnh", "Quảng Trị", "tỉnh")
    'Ban chấp hành Đảng bộ tỉnh Quảng Trị'
    >>> expand_issuer("HĐND tỉnh", "Cam Lộ", "huyện")
    'HĐND tỉnh'
    """
    value = P.MINISTRY_RUN.sub(", ", clean_value(raw))
    elided = P.ELIDED_PLACE.search(value)
    complete = bool(elided and place and level and P.SPACES.sub(" ", elided.group("level")).lower() == level)

    def expand(m) -> str:
        entry = ISSUER_BY_KEY[m.group()]
        if entry.expand == "always" or (entry.expand == "elided" and complete):
            return entry.name
        return m.group()

    value = P.ISSUER_ABBREVIATION.sub(expand, value)
    if complete:
        value = f"{value} {place}"
    return value


ISSUER_BY_KEY = {e.key: e for e in P.ISSUERS}


def subject_value(text: str, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    raw = P.SHORT_NAME_NOTE.sub("", text[span[0]:span[1]])
    return clean_value(raw) or None


# -- entry point --------------------------------------------------------------------------

def extract(doc: Document) -> None:
    text = doc.text
    heads = find_heads(text)
    bounds = clause_bounds(text)
    for i, head in enumerate(heads):
        limit = heads[i + 1].start if i + 1 < len(heads) else len(text)
        k = bisect.bisect_left(bounds, head.head_end)
        read_tail(text, head, min(limit, bounds[k] if k < len(bounds) else len(text)))
    assign_roles(text, heads, bounds)
    for i, head in enumerate(heads):
        unit_end = bounds[head.unit] if head.unit < len(bounds) else len(text)
        limit = unit_end
        for later in heads[i + 1:]:
            if later.unit != head.unit:
                break
            if head.role == "nested" or later.role != "nested":
                limit = min(limit, later.start)
                break
        read_subject(text, head, limit)
    _share_across_siblings(heads)

    regions = legal_basis_regions(doc)
    place = doc.metadata.get("place")
    level = plan_level(doc)
    own_number = normalize_number(doc.metadata.get("number") or "").lower() or None
    plan_date = doc.metadata.get("issued_date")

    citations, legal_basis, seen = [], [], set()
    for head in heads:
        if head.number and own_number and head.number.lower() == own_number:
            continue                      # the plan naming itself ("kèm theo Kế hoạch số ...")
        in_region = any(s <= head.start < e for s, e, _ in regions)
        if head.number is None and not in_region and head.date_start is None and head.year is None:
            continue                      # "Luật Sở hữu trí tuệ" named in passing: not a citation
        item = _build(doc, head, place, level, regions, plan_date)
        citations.append(item)
        if in_region and head.role != "nested":
            key = (head.number or "").lower() or (head.name or "").lower()
            if key not in seen:
                seen.add(key)
                legal_basis.append(item)
    doc.citations = citations
    doc.legal_basis = legal_basis


def _issuer_key(head: Head) -> tuple[str, ...]:
    """The issuer codes of a symbol (only the body, not its unit, for a công văn)."""
    return head.issuer_codes if head.type_code else head.issuer_codes[:1]


def _share_across_siblings(heads: list[Head]) -> None:
    """``A ngày ... và B ngày ... của Thủ tướng Chính phủ về ...``: A shares B's issuer and
    subject, when both symbols name the same issuer (``QĐ-TTg`` and ``QĐ-TTg``)."""
    for a, b in zip(reversed(heads[:-1]), reversed(heads[1:])):
        if (b.role == "sibling" and a.unit == b.unit and a.issuer_span is None and a.subject_span is None
                and a.number and b.number and _issuer_key(a) == _issuer_key(b)):
            a.shared_from = b.shared_from or b


def proposer_issuer(text: str, head: Head) -> str | None:
    """The body proposing a Tờ trình: "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ..."
    -> ``Sở Nội vụ`` (the signer's title is dropped).

    >>> t = "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 5/TTr-SNV ngày 1/2/2020"
    >>> proposer_issuer(t, Head(start=t.index("Tờ"), head_end=0, number="5/TTr-SNV"))
    'Sở Nội vụ'
    """
    m = P.PROPOSAL_OF.search(text, max(0, head.start - 200), head.start + 12)
    if not m or m.end() != head.start:
        return None
    return P.SIGNER_TITLE.sub("", m.group("issuer")).strip() or None


def _build(doc, head, place, level, regions, plan_date) -> Citation:
    text = doc.text
    source = head.shared_from or head
    issuer = expand_issuer(text[slice(*source.issuer_span)], place, level) if source.issuer_span else None
    if issuer is None:
        proposer = proposer_issuer(text, head)
        issuer = expand_issuer(proposer, place, level) if proposer else None
    implied = issuer_from_symbol(head) if head.number else None
    if issuer is None and ISSUER_FROM_SYMBOL:
        issuer = implied
    doc_type, conflict = doc_type_of(head)
    if head.number is None and head.type_word:
        doc_type = P.canonical_type(head.type_word)
    end = max(head.end, head.tail_end, head.head_end)
    end = head.start + len(P.TRAILING.sub("", text[head.start:end]))
    span = doc.span(head.start, end)

    issued, printed = None, None
    if head.date_start is not None:
        printed = P.SPACES.sub(" ", text[head.date_start:head.date_end])
        issued = dates.date_of(head.date_match) if head.date_match else None
        if issued is None:
            doc.warn("citation_date_invalid",
                     f"date '{printed}' of {head.number or head.name} is partial or impossible; left null",
                     head.date_start, head.date_end)
    _checks(doc, head, doc_type, conflict, issued, plan_date)

    label = doc.section_path_at(span.start)
    if label is None:
        for s, e, name in regions:
            if name and s <= head.start < e:
                label = name
    return Citation(
        doc_type=doc_type, number=head.number, issued_date=issued, issuer=issuer,
        subject=subject_value(text, source.subject_span), section=label, span=span,
        text=P.SPACES.sub(" ", text[head.start:end]).strip(),
        type_as_printed=P.SPACES.sub(" ", head.type_word) if head.type_word else None,
        name=head.name, date_as_printed=printed if issued is None else None,
        issuer_from_symbol=implied,
    )


def _checks(doc, head, doc_type, conflict, issued, plan_date) -> None:
    """Warnings: type word vs symbol, symbol year vs date, date after the plan, missing year."""
    where = (head.start, head.head_end)
    if conflict:
        doc.warn("citation_type_conflict",
                 f"'{head.type_word}' but symbol {head.number} is a {doc_type}; doc_type follows the symbol",
                 *where)
    if head.number and head.year and issued and int(issued[:4]) != head.year:
        doc.warn("citation_year_mismatch",
                 f"symbol {head.number} carries year {head.year} but is dated {issued}", *where)
    if issued and plan_date and issued > plan_date:
        doc.warn("citation_date_after_plan",
                 f"{head.number or head.name} is dated {issued}, after the plan itself ({plan_date})", *where)
    dt = P.DOC_TYPE_BY_NAME.get(doc_type or "")
    if head.number and head.family == "state" and head.year is None and dt and dt.normative:
        doc.warn("citation_symbol_no_year",
                 f"{doc_type} {head.number} has no year in its symbol (a normative document's symbol carries one)",
                 *where)

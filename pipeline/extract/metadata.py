"""document metadata: doc_type, number, issuer, place, issued_date, title, period, signer.

Reads the header and closing that ``segment`` found. Every value keeps its
span in ``document.spans`` so a reviewer can check it.
"""
from __future__ import annotations

from functools import lru_cache

import regex
from rapidfuzz import fuzz

from ..dates import iso_date
from ..document import Document
from ..segment import (motto_start, NUMBER_LINE, DECORATION, SIGN_PREFIX, ATTACHED_NOTE, cells,
                       doc_type_of_line, is_signature_cell, looks_like_person_name, position_pattern,
                       split_lines, title_block_end)
from ..vocab import load_rows, load_words

# "Số: 12 /KH-SKHĐT" -> "12 /KH-SKHĐT". The symbol runs to the end of its token
# group; spaces around "/" and "-" are allowed and removed later.
NUMBER = regex.compile(
    r"S[ốo]\s*[:.]?\s*(?P<number>\d+[\p{L}\d]*(?:\s*[/–-]\s*[\p{Lu}\p{N}Đđ&.]+)+)"
)

# A number left blank, filled in by hand after signing: "Số:      /KH-UBND".
BLANK_NUMBER = regex.compile(r"S[ốo]\s*[:.]\s*(?P<blank>[ \t._…]*)/\s*(?P<code>[\p{Lu}Đ][\p{L}\d&.-]*)")

# "Quảng Trị, ngày 15 tháng 12 năm 2010", at a line start or in a cell of its
# own ("Số: 56 /KH-UBND<tab>Vĩnh Long, ngày 26 tháng 3 năm 2026").
PLACE_DATE = regex.compile(
    r"(?:^|(?<=\t))\s*(?P<place>[\p{Lu}][\p{L}.\s]{1,40}?)\s*,\s*ng[àa]y\s*(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*n[ăa]m\s*(?P<y>\d{4})",
    regex.M,
)
# "Vĩnh Long, ngày 05/01/2020"
PLACE_DATE_NUMERIC = regex.compile(
    r"(?:^|(?<=\t))\s*(?P<place>[\p{Lu}][\p{L}.\s]{1,40}?)\s*,\s*ng[àa]y\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})",
    regex.M,
)
# A portal timestamp standing alone near the top of an article: "1/17/2014 3:17:31 PM".
TIMESTAMP = regex.compile(
    r"^\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?P<ampm>[AP]M)?\s*$",
    regex.M,
)

# Plan periods in a title: "giai đoạn 2011-2015", "GIAIĐOẠN 2016 - 2020", "2021–2025".
PERIOD_RANGE = regex.compile(r"(?P<from>(?:19|20)\d\d)\s*[-–—]\s*(?P<to>(?:19|20)\d\d)")
# "đến năm 2015", "ĐẾN NĂM 2020"
PERIOD_UNTIL = regex.compile(r"(?i)đ[ếe]n\s*n[ăa]m\s*(?P<to>(?:19|20)\d\d)")
# "năm 2010", "NĂM 2024"
PERIOD_YEAR = regex.compile(r"(?i)n[ăa]m\s*(?P<year>(?:19|20)\d\d)")
# A year standing alone in a headline, "xúc tiến thương mại 2017" (not a date
# "27/12/2025", a symbol "163/2024/QH15" or a number "2017.5").
BARE_YEAR = regex.compile(r"(?<![\d/.,-])(?P<year>(?:19|20)\d\d)(?![\d/.,-]\d)")

# Administrative-unit words before a place name: "tỉnh Quảng Trị", "thành phố Đông Hà".
ADMIN_UNIT = regex.compile(r"(?i)\b(tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)\s+(.+)$")

# A sub-agency line under its parent in a two-line issuer header.
SUB_AGENCY = regex.compile(r"^(SỞ|BAN|VĂN PHÒNG|CHI CỤC|CỤC|TỔNG CỤC|TRUNG TÂM|PHÒNG|THANH TRA|TRƯỜNG|"
                           r"HỌC VIỆN|VIỆN|BỆNH VIỆN|ĐÀI|BÁO|QUỸ|BỘ CHỈ HUY|CÔNG AN|KHO BẠC)\b")
# The bodies of a province or city, named with their place ("Sở Y tế tỉnh X",
# "Ủy ban nhân dân thành phố Y"); a ministry is not.
LOCAL_BODY = regex.compile(r"^(?:Ủy ban nhân dân|Hội đồng nhân dân|Sở|Ban|Văn phòng|Thanh tra|Công an|Chi cục)\b")
# A rule printed under or beside a header cell: "ỦY BAN NHÂN DÂN TỈNH X -------".
TRAILING_RULE = regex.compile(r"\s*[-_=*]{3,}\s*$")


@lru_cache(maxsize=1)
def agency_names() -> dict[str, str]:
    """Issuing-body codes and abbreviations -> full names (``issuers.tsv``)."""
    return {row[0]: row[1] for row in load_rows("issuers.tsv") if not row[0].endswith("*")}


@lru_cache(maxsize=1)
def header_abbreviations() -> dict[str, str]:
    """Upper-case abbreviations written out in an issuer header: ``UBND TỈNH X``."""
    return {code: name for code, name in agency_names().items()
            if regex.fullmatch(r"\p{Lu}{3,}", code) and code != name}


@lru_cache(maxsize=1)
def central_cities() -> frozenset[str]:
    return frozenset(load_words("cities.txt"))


def clean_value(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip()


def title_case_name(text: str) -> str:
    """Vietnamese name casing for an upper-case header value.

    >>> title_case_name("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
    'Ủy ban nhân dân tỉnh Quảng Trị'
    >>> title_case_name("PHÓ CHỦ TỊCH")
    'Phó Chủ tịch'
    """
    lower = text.lower()
    m = ADMIN_UNIT.search(lower)
    if m:
        place = " ".join(w[:1].upper() + w[1:] for w in m.group(2).split())
        lower = lower[:m.start(2)] + place
    out = lower[:1].upper() + lower[1:]
    if out.startswith("Phó "):
        out = "Phó " + out[4:5].upper() + out[5:]
    for name in agency_names().values():   # canonical agency spelling
        if out.lower().startswith(name.lower()):
            out = name + out[len(name):]
            break
    return out


def normalize_number(raw: str) -> str:
    """``12 /KH-SKHĐT`` -> ``12/KH-SKHĐT``; dashes folded to ``-``."""
    return regex.sub(r"\s+", "", raw).replace("–", "-").replace("—", "-")


# Capitals OCR reads one for the other in a symbol: "BGTVI" for "BGTVT".
SYMBOL_LOOKALIKES = frozenset({("I", "T"), ("T", "I"), ("I", "L"), ("L", "I"), ("O", "D"), ("D", "O"),
                               ("D", "Đ"), ("Đ", "D"), ("B", "8"), ("8", "B"), ("O", "0"), ("0", "O")})


def known_symbol(number: str) -> str:
    """``number`` with its issuer code set right when OCR misread one letter of
    a known code (and of only one); otherwise ``number`` as it is.

    >>> known_symbol("45/KH-BGTVI"), known_symbol("45/KH-BGTVT"), known_symbol("45/KH-XYZW")
    ('45/KH-BGTVT', '45/KH-BGTVT', '45/KH-XYZW')
    """
    head, dash, code = number.rpartition("-")
    if not dash or len(code) < 4 or code in agency_names():
        return number
    near = [known for known in agency_names() if len(known) == len(code) and sum(
        1 for a, b in zip(code, known) if a != b) == 1 and all(
        a == b or (a, b) in SYMBOL_LOOKALIKES for a, b in zip(code, known))]
    return f"{head}-{near[0]}" if len(near) == 1 else number


def find_number(doc: Document, header: str, offset: int) -> None:
    m = NUMBER.search(header)
    if m and regex.search(r"\p{Lu}", m.group("number")):
        number = normalize_number(m.group("number"))
        if doc.source_format.endswith("ocr") and (repaired := known_symbol(number)) != number:
            doc.warn("ocr_repair", f"{number!r} -> {repaired!r}: one letter from a known issuer code",
                     offset + m.start("number"), offset + m.end("number"))
            number = repaired
        doc.metadata["number"] = number
        doc.metadata.setdefault("_spans", {})["number"] = doc.span(offset + m.start("number"), offset + m.end("number"))
        return
    blank = BLANK_NUMBER.search(header)
    if blank:
        doc.warn("blank_number", f"the number was left blank ({clean_value(blank.group())!r}): "
                 "it is filled in by hand after signing", offset + blank.start(), offset + blank.end())


def find_place_date(doc: Document, header: str, offset: int) -> None:
    m = PLACE_DATE.search(header) or PLACE_DATE_NUMERIC.search(header)
    if not m:
        return
    doc.metadata["place"] = clean_value(m.group("place"))
    date = iso_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
    if date is None:
        doc.warn("bad_date", f"impossible issue date: {m.group()!r}", offset + m.start(), offset + m.end())
    doc.metadata["issued_date"] = date
    spans = doc.metadata.setdefault("_spans", {})
    spans["place"] = doc.span(offset + m.start("place"), offset + m.end("place"))
    spans["issued_date"] = doc.span(offset + m.start("d"), offset + m.end("y"))


def find_timestamp(doc: Document, text: str) -> None:
    """A news article's publication stamp: month/day/year with a clock time."""
    m = TIMESTAMP.search(text[:1000])
    if not m:
        return
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    month, day = (a, b) if m.group("ampm") or b > 12 else (b, a)
    doc.metadata["issued_date"] = iso_date(day, month, year)
    doc.metadata.setdefault("_spans", {})["issued_date"] = doc.span(m.start("a"), m.end("y"))


def issuer_cells(lines: list[str]) -> list[str]:
    """The header cells that name the issuing body, in reading order.

    A header set out in two columns (tab-separated cells) gives its left
    column; a header read column by column gives the lines before the quốc
    hiệu. Either way the issuer ends at the quốc hiệu, the number or the date.
    """
    parts = []
    for line in lines:
        cell = cells(line)[0]
        cut = motto_start(cell)
        if cut == 0 or not cell.strip() and parts and "\t" not in line:
            if cut == 0:
                break
            continue
        cell = cell[:cut] if cut is not None else cell
        cell = clean_value(TRAILING_RULE.sub("", cell))
        if NUMBER_LINE.match(cell) or PLACE_DATE.match(cell) or PLACE_DATE_NUMERIC.match(cell):
            break
        if doc_type_of_line(cell):
            break
        if not cell or DECORATION.match(cell) or cell != cell.upper() or not regex.search(r"\p{Lu}", cell):
            continue
        parts.append(cell)
        if cut is not None:
            break
    return parts


def issuer_from_header(lines: list[str]) -> str | None:
    """Join the issuing-body cells into one name.

    >>> issuer_from_header(["ỦY BAN NHÂN DÂN\\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH X\\tĐộc lập"])
    'Ủy ban nhân dân tỉnh X'
    >>> issuer_from_header(["UBND TỈNH Y", "SỞ Y TẾ", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    'Sở Y tế tỉnh Y'
    """
    parts = issuer_cells(lines)
    if not parts:
        return None
    # "UBND TỈNH X" / "SỞ THÔNG TIN VÀ TRUYỀN THÔNG": the sub-agency issues, of province X
    sub = next((i for i, part in enumerate(parts) if i and SUB_AGENCY.match(part)), None)
    if sub is not None:
        parent = ADMIN_UNIT.search(" ".join(parts[:sub]).lower())
        name = " ".join(parts[sub:]) + (" " + parent.group(0) if parent and " TỈNH " not in " ".join(parts[sub:]) else "")
    else:
        name = " ".join(parts)
    name = regex.sub(r"(?<=\p{Lu})(?=(?:TỈNH|THÀNH PHỐ|HUYỆN)\b)", " ", name)   # "DÂNTỈNH"
    for short, full in header_abbreviations().items():
        name = regex.sub(rf"(?<![\p{{L}}/-]){short}(?![\p{{L}}/-])", full.upper(), name)
    return title_case_name(name)


def issuer_from_number(number: str | None, place: str | None) -> str | None:
    """The issuer a symbol names when no header prints one.

    >>> issuer_from_number("12/KH-SKHĐT", "Quảng Trị")
    'Sở Kế hoạch và Đầu tư tỉnh Quảng Trị'
    >>> issuer_from_number("123/QĐ-BVHTTDL", "Vĩnh Long")
    'Bộ Văn hóa, Thể thao và Du lịch'
    """
    if not number:
        return None
    code = number.rsplit("-", 1)[-1] if "-" in number else ""
    name = agency_names().get(code)
    if not name:
        return None
    if not LOCAL_BODY.match(name):
        return name
    if not place:
        return None
    unit = "thành phố" if place in central_cities() else "tỉnh"
    return f"{name} {unit} {place}"


def find_title(doc: Document, lines, type_index: int | None, header_end: int) -> None:
    """The trích yếu: the lines between the type line and the end of the header."""
    if type_index is not None:
        parts = [ln for ln in lines[type_index + 1:] if ln.start < header_end and ln.stripped
                 and not ATTACHED_NOTE.match(ln.text)]
    else:
        first = next((ln for ln in lines if ln.stripped), None)
        if first is None or len(first.stripped) > 250:
            return
        parts = [first]
    if not parts:
        return
    title = clean_value(" ".join(p.stripped for p in parts)).rstrip(" .;:")
    doc.metadata["title"] = title
    doc.metadata.setdefault("_spans", {})["title"] = doc.span(parts[0].start, parts[-1].end)
    doc.metadata["period"] = period_of(title)


def period_of(title: str) -> dict | None:
    """The plan period named in its title.

    >>> period_of("Ứng dụng CNTT giai đoạn 2011-2015")
    {'from': 2011, 'to': 2015}
    >>> period_of("PHẦN MỀM NGUỒN MỞ ĐẾN NĂM 2015")
    {'from': None, 'to': 2015}
    >>> period_of("Ứng dụng mã nguồn mở năm 2010")
    {'from': 2010, 'to': 2010}
    >>> period_of("93 tỷ đồng cho xúc tiến thương mại 2017")
    {'from': 2017, 'to': 2017}
    >>> period_of("Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024") is None
    True
    """
    if m := PERIOD_RANGE.search(title):
        return {"from": int(m.group("from")), "to": int(m.group("to"))}
    if m := PERIOD_UNTIL.search(title):
        return {"from": None, "to": int(m.group("to"))}
    years = PERIOD_YEAR.findall(title)
    if years:
        return {"from": int(years[-1]), "to": int(years[-1])}
    if m := BARE_YEAR.search(title):
        return {"from": int(m.group("year")), "to": int(m.group("year"))}
    return None


def signature_cells(doc: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of the closing's signature column, in reading order.

    Where a line holds cells (recipients beside the signature), the last cell
    is the signature column; the recipients list itself is left out.
    """
    out = []
    for ln in split_lines(doc.text[start:end]):
        parts = cells(ln.text)
        cell = parts[-1]
        offset = start + ln.start + len(ln.text) - len(cell)
        stripped = cell.strip()
        if not stripped or (len(parts) == 1 and regex.match(r"^[-+•]|N[ơo]i\s*nh[ậa]n", stripped)):
            continue
        lead = len(cell) - len(cell.lstrip())
        out.append((offset + lead, offset + lead + len(stripped), stripped))
    return out


def positions_in(text: str) -> tuple[list[tuple[str, bool]], str]:
    """The positions a signature cell names, each with whether it is signed for
    (``KT.``, ``TM.``), and the text after the last one (the signer's name, if
    printed on the same line).

    >>> positions_in("KT. CHỦ TỊCH PHÓ CHỦ TỊCH")
    ([('CHỦ TỊCH', True), ('PHÓ CHỦ TỊCH', False)], '')
    >>> positions_in("CHỦ TỊCH Hoàng Quốc Khánh")
    ([('CHỦ TỊCH', False)], 'Hoàng Quốc Khánh')
    """
    body = regex.sub("^" + SIGN_PREFIX, "", text)
    prefixed = body != text
    found, rest = [], body
    for m in position_pattern().finditer(body):
        found.append((m.group(), prefixed and m.start() == 0))
        rest = body[m.end():]
    return found, rest.strip() if found else ""


def find_signer(doc: Document) -> None:
    start, end = doc.segments.closing
    if end <= start:
        return
    column = signature_cells(doc, start, end)
    signature = [i for i, (_, _, text) in enumerate(column) if is_signature_cell(text)]
    if not signature:
        return
    # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the signer holds the position after the prefixed one
    positions = []
    name, name_span = None, None
    for i in signature:
        s, e, text = column[i]
        found, rest = positions_in(text)
        positions.extend(found)
        if rest and looks_like_person_name(rest):
            name, name_span = rest, (e - len(rest), e)
    unprefixed = [p for p, was_prefixed in positions if not was_prefixed]
    title = (unprefixed or [p for p, _ in positions] or [None])[-1]
    if name is None:
        after = [c for c in column[signature[-1] + 1:]
                 if not regex.match(r"^\(?\s*đã\s*ký", c[2], regex.I)]
        if after and looks_like_person_name(after[0][2]):
            name, name_span = after[0][2], after[0][:2]
    doc.metadata["signer"] = {"name": name, "title": title_case_name(clean_value(title)) if title else None}
    if name_span:
        doc.metadata.setdefault("_spans", {})["signer"] = doc.span(*name_span)


# "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ...": a decision that issues a plan.
ISSUES_ATTACHED = regex.compile(r"(?im)^\s*Điều\s*1\s*[.:]\s*Ban\s+hành\s+kèm\s+theo\s+\S+\s+này\s+(?P<type>Kế\s+hoạch)")
# A document symbol: "45/KH-UBND", "789/QĐ-UBND".
SYMBOL_IN_CHROME = regex.compile(r"\b\d{1,5}\s*/\s*(?:\d{4}/)?[\p{Lu}Đ]{1,8}(?:-[\p{Lu}Đ&]{1,10})+")
# A Markdown heading line in the original: "# Về việc ...".
ORIGINAL_HEADING = regex.compile(r"[ \t]*#{1,6}[ \t]")
# How alike (rapidfuzz token-set ratio) a page's headline must be to the title it stands over.
HEADLINE_MATCH = 60


def find_attached(doc: Document, lines) -> None:
    """The document a decision issues and carries after its articles (``KẾ HOẠCH`` / trích yếu)."""
    start, _end = doc.segments.attached
    index = next((i for i, ln in enumerate(lines) if ln.start == start), None) if start else None
    if index is not None:
        after = title_block_end(lines, index)
        title_lines = [ln for ln in lines[index + 1:after] if ln.stripped and not ATTACHED_NOTE.match(ln.text)]
        title = clean_value(" ".join(ln.stripped for ln in title_lines)).rstrip(" .;:") or None
        end = title_lines[-1].end if title_lines else lines[index].end
        doc.metadata["attached"] = {"doc_type": doc_type_of_line(lines[index].text), "title": title,
                                    "span": doc.span(lines[index].start, end).to_dict()}
        return
    m = ISSUES_ATTACHED.search(doc.text, *doc.segments.body)
    if m:
        doc.metadata["attached"] = {"doc_type": "Kế hoạch", "title": None,
                                    "span": doc.span(m.start("type"), m.end("type")).to_dict()}


def check_page_chrome(doc: Document, lines) -> None:
    """Warn where the page around the document (a portal's metadata table, its
    headline) names another number or another title: the document's own header wins."""
    chrome_end = doc.segments.header[0]
    if not chrome_end:
        return
    number = doc.metadata.get("number")
    for m in SYMBOL_IN_CHROME.finditer(doc.text, 0, chrome_end):
        if number and normalize_number(m.group()) != number:
            doc.warn("page_metadata_differs", f"the page names {normalize_number(m.group())!r}; "
                     f"the document's own header says {number!r}", m.start(), m.end())
    title = doc.metadata.get("title")
    for ln in lines:
        if ln.start >= chrome_end or not ln.stripped or not title:
            continue
        origin = doc.span(ln.start, ln.end).start
        line_start = doc.original.rfind("\n", 0, origin) + 1
        if ORIGINAL_HEADING.match(doc.original, line_start) and fuzz.token_set_ratio(
                ln.stripped.lower(), title.lower()) < HEADLINE_MATCH:
            doc.warn("page_headline_differs", f"the page's headline {ln.stripped[:80]!r} is not the "
                     "document's title; the document's own header is used", ln.start, ln.end)


FIELDS = ("doc_type", "number", "issuer", "place", "issued_date", "title", "period", "signer")


def extract(doc: Document) -> None:
    doc.metadata.update({name: None for name in FIELDS})
    h_start, h_end = doc.segments.header
    header = doc.text[h_start:h_end]
    lines = split_lines(doc.text)
    type_index = next((i for i, ln in enumerate(lines) if h_start <= ln.start < h_end and doc_type_of_line(ln.text)), None)
    if type_index is not None:
        doc.metadata["doc_type"] = doc_type_of_line(lines[type_index].text)
        doc.metadata.setdefault("_spans", {})["doc_type"] = doc.span(lines[type_index].start, lines[type_index].end)
    find_number(doc, header, h_start)
    find_place_date(doc, header, h_start)
    if doc.metadata["issued_date"] is None and h_end == 0:
        find_timestamp(doc, doc.text)
    if doc.metadata.get("doc_type") is None and "/KH-" in (doc.metadata.get("number") or ""):
        doc.metadata["doc_type"] = "Kế hoạch"
    header_lines = [ln.text for ln in lines if h_start <= ln.start < h_end]
    issuer = issuer_from_header(header_lines) if h_end > h_start else None
    doc.metadata["issuer"] = issuer or issuer_from_number(doc.metadata.get("number"), doc.metadata.get("place"))
    find_title(doc, lines, type_index, h_end)
    find_signer(doc)
    find_attached(doc, lines)
    check_page_chrome(doc, lines)
    spans = doc.metadata.pop("_spans", {})
    doc.metadata["spans"] = {k: v.to_dict() for k, v in spans.items()}

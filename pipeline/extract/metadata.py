"""document metadata: doc_type, number, issuer, place, issued_date, title, period, signer.

Reads the header and closing that ``segment`` found. Every value keeps its
span in ``document.spans`` so a reviewer can check it.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..dates import iso_date
from ..document import Document
from ..segment import (motto_start, NUMBER_LINE, DECORATION, SIGN_PREFIX, doc_type_of_line,
                       is_signature_line, looks_like_person_name, position_pattern, split_lines)
from ..vocab import load_rows, load_words

# "Số: 12 /KH-SKHĐT" -> "12 /KH-SKHĐT". The symbol runs to the end of its token
# group; spaces around "/" and "-" are allowed and removed later.
NUMBER = regex.compile(
    r"S[ốo]\s*[:.]?\s*(?P<number>\d+[\p{L}\d]*(?:\s*[/–-]\s*[\p{Lu}\p{N}Đđ&.]+)+)"
)

# "Ninh Bình, ngày 15 tháng 12 năm 2010"
PLACE_DATE = regex.compile(
    r"^\s*(?P<place>[\p{Lu}][\p{L}.\s]{1,40}?)\s*,\s*ng[àa]y\s*(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*n[ăa]m\s*(?P<y>\d{4})",
    regex.M,
)
# "Cần Thơ, ngày 05/01/2020"
PLACE_DATE_NUMERIC = regex.compile(
    r"^\s*(?P<place>[\p{Lu}][\p{L}.\s]{1,40}?)\s*,\s*ng[àa]y\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})",
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

# Administrative-unit words before a place name: "tỉnh Ninh Bình", "thành phố Cần Thơ".
ADMIN_UNIT = regex.compile(r"(?i)\b(tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)\s+(.+)$")

# A sub-agency line under its parent in a two-line issuer header.
SUB_AGENCY = regex.compile(r"^(SỞ|BAN|VĂN PHÒNG|CHI CỤC|CỤC|TRUNG TÂM|PHÒNG|THANH TRA)\b")


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

    >>> title_case_name("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH")
    'Ủy ban nhân dân tỉnh Ninh Bình'
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


def find_number(doc: Document, header: str, offset: int) -> None:
    m = NUMBER.search(header)
    if m and regex.search(r"\p{Lu}", m.group("number")):
        number = normalize_number(m.group("number"))
        doc.metadata["number"] = number
        doc.metadata.setdefault("_spans", {})["number"] = doc.span(offset + m.start("number"), offset + m.end("number"))


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


def issuer_from_header(lines: list[str]) -> str | None:
    """Join the issuing-body lines above the quốc hiệu into one name."""
    parts = []
    for line in lines:
        cut = motto_start(line)
        line = line[:cut] if cut is not None else line
        line = clean_value(line)
        if not line or DECORATION.match(line) or NUMBER_LINE.match(line) or line != line.upper():
            continue
        if doc_type_of_line(line):
            break
        parts.append(line)
    if not parts:
        return None
    # "UBND TỈNH X" / "SỞ THÔNG TIN VÀ TRUYỀN THÔNG": the sub-agency issues, of province X
    if len(parts) >= 2 and SUB_AGENCY.match(parts[-1]):
        parent = ADMIN_UNIT.search(parts[0].lower())
        name = parts[-1] + (" " + parent.group(0) if parent else "")
    else:
        name = " ".join(parts)
    name = regex.sub(r"(?<=\p{Lu})(?=(?:TỈNH|THÀNH PHỐ|HUYỆN)\b)", " ", name)   # "DÂNTỈNH"
    for short, full in header_abbreviations().items():
        name = regex.sub(rf"\b{short}\b", full.upper(), name)
    return title_case_name(name)


def issuer_from_number(number: str | None, place: str | None) -> str | None:
    """``12/KH-SKHĐT`` + ``Ninh Bình`` -> ``Sở Kế hoạch và Đầu tư tỉnh Ninh Bình``."""
    if not number or not place:
        return None
    code = number.rsplit("-", 1)[-1] if "-" in number else ""
    name = agency_names().get(code)
    if not name:
        return None
    unit = "thành phố" if place in central_cities() else "tỉnh"
    return f"{name} {unit} {place}"


def find_title(doc: Document, lines, type_index: int | None, header_end: int) -> None:
    """The trích yếu: the lines between the type line and the end of the header."""
    if type_index is not None:
        parts = [ln for ln in lines[type_index + 1:] if ln.start < header_end and ln.stripped]
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
    """
    if m := PERIOD_RANGE.search(title):
        return {"from": int(m.group("from")), "to": int(m.group("to"))}
    if m := PERIOD_UNTIL.search(title):
        return {"from": None, "to": int(m.group("to"))}
    years = PERIOD_YEAR.findall(title)
    if years:
        return {"from": int(years[-1]), "to": int(years[-1])}
    return None


def find_signer(doc: Document) -> None:
    start, end = doc.segments.closing
    if end <= start:
        return
    lines = [ln for ln in split_lines(doc.text[start:end])]
    sig_lines = [ln for ln in lines if is_signature_line(ln.text)]
    if not sig_lines:
        return
    positions = []
    for ln in sig_lines:
        body = regex.sub("^" + SIGN_PREFIX, "", ln.stripped)
        prefixed = body != ln.stripped
        for m in position_pattern().finditer(body):
            positions.append((m.group(), prefixed and m.start() == 0))
    # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the signer holds the position after the prefixed one
    unprefixed = [p for p, was_prefixed in positions if not was_prefixed]
    title = (unprefixed or [p for p, _ in positions] or [None])[-1]
    last = sig_lines[-1]
    after = [ln for ln in lines if ln.start > last.start and ln.stripped]
    name_line = next((ln for ln in after if not regex.match(r"^\(?\s*đã\s*ký", ln.stripped, regex.I)), None)
    name = name_line.stripped if name_line and looks_like_person_name(name_line.stripped) else None
    doc.metadata["signer"] = {"name": name, "title": title_case_name(clean_value(title)) if title else None}
    if name_line and name:
        doc.metadata.setdefault("_spans", {})["signer"] = doc.span(start + name_line.start, start + name_line.end)


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
    before_number = []
    for ln in lines:
        if ln.start < h_start or ln.start >= h_end:
            continue
        if NUMBER_LINE.match(ln.text) or PLACE_DATE.match(ln.text) or PLACE_DATE_NUMERIC.match(ln.text):
            break
        before_number.append(ln.text)
    issuer = issuer_from_header(before_number) if h_end > h_start else None
    doc.metadata["issuer"] = issuer or issuer_from_number(doc.metadata.get("number"), doc.metadata.get("place"))
    find_title(doc, lines, type_index, h_end)
    find_signer(doc)
    spans = doc.metadata.pop("_spans", {})
    doc.metadata["spans"] = {k: v.to_dict() for k, v in spans.items()}

"""segment: header / body / closing of a Decree-30 layout, tolerant of missing parts.

Header: issuing body, quốc hiệu, ``Số: ...``, place and date, the type line
(``KẾ HOẠCH``) and the trích yếu under it. Closing: ``Nơi nhận:`` and the
signature block (``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH`` / name). What follows the
closing (appendices) is the ``tail``. A text without these parts (a news
article, a bare outline) is all body. Page chrome before the header (portal
notices, metadata tables) is left out of every part.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .document import Document, Segments
from .vocab import fold_diacritics, load_rows, load_words

# How far into a document its header may start (portal chrome can come first).
HEADER_SEARCH_LINES = 80

# Quốc hiệu and motto: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (also "HOÀ"), "Độc lập - Tự do
# - Hạnh phúc". Matched on the diacritic-folded line, which keeps character positions.
NATIONAL_MOTTO_FOLDED = regex.compile(r"cong\s*hoa\s*xa\s*hoi|doc\s*lap\s*-\s*tu\s*do")


def motto_start(line: str) -> int | None:
    """Where the quốc hiệu or motto starts in ``line``, or ``None``.

    >>> motto_start("ỦY BAN NHÂN DÂN TỈNH X CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    23
    """
    m = NATIONAL_MOTTO_FOLDED.search(fold_diacritics(line))
    return m.start() if m else None

# "Số: 45/KH-UBND", "Số:7/KH-UBND", "Số: 12 /KH-SKHĐT".
NUMBER_LINE = regex.compile(r"^\s*S[ốo]\s*[:.]?\s*\d+\s*/")

# "Ninh Bình, ngày 15 tháng 12 năm 2010", "Cần Thơ, ngày 05/01/2020".
PLACE_DATE_LINE = regex.compile(r"^\s*[\p{Lu}][\p{L}.\s]{1,40},\s*ng[àa]y\b", regex.I)

# "(Ban hành kèm theo Quyết định số ...)" under an attached plan's title.
ATTACHED_NOTE = regex.compile(r"^\s*\((?:Ban\s+hành\s+)?[Kk]èm\s+theo")

# Lines that begin the body: a numbered heading, a "Căn cứ" preamble, a bullet.
BODY_START = regex.compile(
    r"^\s*(?:[IVXLC]+\s*[.)]|\d+\s*[.)]|[a-zđ]\s*\)|[-+•]\s|Căn\s*cứ|C[ĂA]N\s*C[ỨU]|Thực\s*hiện|Triển\s*khai\s*thực\s*hiện)"
)

# Decorative rules under header lines: "-------", "___".
DECORATION = regex.compile(r"^\s*[-_=*.…]{3,}\s*$")

# "Nơi nhận:" (also OCR'd "Noi nhận").
RECIPIENTS = regex.compile(r"(?im)^\s*N[ơo]i\s*nh[ậa]n\s*:?")

# Signature prefixes: TM. (on behalf of the body), KT. (deputy signing for),
# Q. (acting), TL. / TUQ. (by order / authorised).
SIGN_PREFIX = r"(?:T\.?M|K\.?T|Q|T\.?L|TUQ)\s*\.\s*"


@lru_cache(maxsize=1)
def doc_type_titles() -> dict[str, str]:
    """Diacritic-folded type line -> canonical type: ``"ke hoach" -> "Kế hoạch"``.

    Built from the written-out names of ``doc_types.tsv`` (codes such as ``KH``
    are left out): ``CHƯƠNG TRÌNH HÀNH ĐỘNG`` heads a Chương trình.
    """
    titles = {}
    for canonical, names, *_rest in load_rows("doc_types.tsv"):
        for name in names.split("|"):
            if name != name.upper():
                titles[fold_diacritics(name)] = canonical
    return titles


@lru_cache(maxsize=1)
def position_pattern() -> regex.Pattern:
    """An upper-case signature position, longest first: ``PHÓ CHỦ TỊCH``."""
    words = sorted(load_words("positions.txt"), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in words))


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


def doc_type_of_line(line: str) -> str | None:
    """The canonical type when ``line`` is a type line such as ``KẾ HOẠCH`` (OCR'd ``KÉ HOẠCH``).

    >>> doc_type_of_line("KÉ HOẠCH")
    'Kế hoạch'
    >>> doc_type_of_line("Kế hoạch triển khai") is None
    True
    """
    stripped = line.strip().strip("*#: ")
    if not stripped or stripped != stripped.upper():
        return None
    return doc_type_titles().get(regex.sub(r"\s+", " ", fold_diacritics(stripped)))


def is_signature_line(line: str) -> bool:
    """An upper-case line naming a signing position: ``KT. CHỦ TỊCH``, ``GIÁM ĐỐC``."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80 or stripped != stripped.upper():
        return False
    body = regex.sub("^" + SIGN_PREFIX, "", stripped)
    return bool(position_pattern().match(body)) or bool(regex.match(SIGN_PREFIX, stripped))


def find_type_line(lines: list[Line]) -> int | None:
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if doc_type_of_line(line.text):
            return i
    return None


def title_block_end(lines: list[Line], type_index: int) -> int:
    """Index of the first line after the trích yếu that follows the type line."""
    i = type_index + 1
    while i < len(lines) and not lines[i].stripped:
        i += 1
    taken = 0
    while i < len(lines) and taken < 4:
        text = lines[i].text
        if not text.strip() or DECORATION.match(text) or ATTACHED_NOTE.match(text) or BODY_START.match(text):
            break
        i += 1
        taken += 1
    return i


def find_header_start(lines: list[Line], limit: int) -> int | None:
    """First line that belongs to the header (skips portal chrome); ``None`` without one."""
    for i, line in enumerate(lines[:limit]):
        text = line.text
        if motto_start(text) is not None or NUMBER_LINE.match(text) or PLACE_DATE_LINE.match(text):
            # the issuing body stands just above: upper-case lines, blanks between
            j = i
            while j > 0 and i - j < 8 and (not lines[j - 1].stripped or is_upper_line(lines[j - 1].stripped)):
                j -= 1
            while j < i and not lines[j].stripped:
                j += 1
            return j
    return None


def is_upper_line(text: str) -> bool:
    return text == text.upper() and bool(regex.search(r"\p{Lu}", text))


def find_closing(lines: list[Line], body_from: int) -> tuple[int, int] | None:
    """(first, after-last) line indexes of the closing block, or ``None``."""
    recipients = [i for i in range(body_from, len(lines)) if RECIPIENTS.match(lines[i].text)]
    anchor = recipients[-1] if recipients else None
    window = range(max(body_from, (anchor or len(lines)) - 12), len(lines)) if anchor is not None \
        else range(len(lines) - 1, body_from, -1)
    signature = next((i for i in window if is_signature_line(lines[i].text)), None)
    if anchor is None and signature is None:
        return None
    first = min(i for i in (anchor, signature) if i is not None)
    last = max(i for i in (anchor, signature) if i is not None)
    if signature is not None:
        last = signature_block_end(lines, signature)
    else:
        last = list_end(lines, anchor)
    return first, last


def list_end(lines: list[Line], start: int) -> int:
    """After the "Nơi nhận" list: the first line that is neither a list item nor blank."""
    i = start + 1
    while i < len(lines) and (not lines[i].stripped or lines[i].stripped[0] in "-+•" or
                              regex.match(r"^\s*(Bản điện tử|Lưu)\b", lines[i].text)):
        i += 1
    return i


def signature_block_end(lines: list[Line], signature: int) -> int:
    """After the signature block: position lines, then at most one name line."""
    i = signature + 1
    while i < len(lines) and (not lines[i].stripped or is_signature_line(lines[i].text)
                              or regex.match(r"^\s*\(?(?:Đã\s*ký|đã\s*ký)", lines[i].text)):
        i += 1
    if i < len(lines) and looks_like_person_name(lines[i].stripped):
        i += 1
    return i


def looks_like_person_name(text: str) -> bool:
    """``Nguyễn Văn Diệu``: 2-6 capitalised words, no digits, not upper case.

    >>> looks_like_person_name("Đàm Văn Bông"), looks_like_person_name("PHỤ LỤC I")
    (True, False)
    """
    words = text.split()
    return (2 <= len(words) <= 6 and not regex.search(r"[\d:;,()/]", text)
            and all(w[0].isupper() and w[1:] == w[1:].lower() for w in words))


def segment(doc: Document) -> None:
    lines = split_lines(doc.text)
    end = len(doc.text)
    type_index = find_type_line(lines)
    if type_index is not None:
        found = find_header_start(lines, type_index)
        header_from = type_index if found is None else found
        body_from = title_block_end(lines, type_index)
    else:
        found = find_header_start(lines, min(len(lines), 30))
        header_from = body_from = 0 if found is None else found
        # a numbered/dated header without a type line still ends at its last header line
        for i in range(header_from, min(len(lines), header_from + 12)):
            if NUMBER_LINE.match(lines[i].text) or PLACE_DATE_LINE.match(lines[i].text):
                body_from = i + 1
    header = (lines[header_from].start, lines[body_from].start if body_from < len(lines) else end) \
        if header_from < len(lines) and body_from > header_from else (0, 0)
    body_start = lines[body_from].start if body_from < len(lines) else end
    closing = find_closing(lines, body_from)
    if closing:
        c_first, c_after = closing
        closing_span = (lines[c_first].start, lines[c_after].start if c_after < len(lines) else end)
    else:
        closing_span = (end, end)
    doc.segments = Segments(header=header, body=(body_start, closing_span[0]),
                            closing=closing_span, tail=(closing_span[1], end))

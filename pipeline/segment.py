"""segment: header / body / closing of a Decree-30 layout, tolerant of missing parts.

Header: issuing body, quốc hiệu, ``Số: ...``, place and date, the type line
(``KẾ HOẠCH``) and the trích yếu under it. Closing: ``Nơi nhận:`` and the
signature block (``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH`` / name). What follows the
closing (appendices) is the ``tail``. A text without these parts (a news
article, a bare outline) is all body. Page chrome before the header (portal
notices, metadata tables) is left out of every part.

A decision that issues a plan carries the plan after its own closing (or
after its articles): ``KẾ HOẠCH`` / trích yếu / ``(Kèm theo Quyết định số
...)``. That attached document is ``attached``: its outline starts afresh.

Lines may hold cells separated by tabs (a header laid out in two columns, a
table row, the recipients beside the signature): header and closing lines are
recognised in any of their cells.
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

# "Số: 45/KH-UBND", "Số:7/KH-UBND", "Số: 12 /KH-SKHĐT", and a number left blank
# to be filled in by hand: "Số:      /KH-UBND".
NUMBER_LINE = regex.compile(r"^\s*S[ốo]\s*[:.]?\s*(?:\d+\s*)?/")

# "Quảng Trị, ngày 15 tháng 12 năm 2010", "Vĩnh Long, ngày 05/01/2020".
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


def cells(text: str) -> list[str]:
    """The cells of a line: its tab-separated parts (one cell for a plain line)."""
    return text.split("\t")


def any_cell(pattern: regex.Pattern, text: str) -> bool:
    """Whether ``pattern`` matches at the start of any cell of the line."""
    return any(pattern.match(cell) for cell in cells(text))


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


def is_signature_cell(text: str) -> bool:
    """A cell naming a signing position: ``KT. CHỦ TỊCH``, ``GIÁM ĐỐC``, or a
    position followed by the signer's name (``CHỦ TỊCH Hoàng Văn A``).

    >>> is_signature_cell("KT. CHỦ TỊCH"), is_signature_cell("CHỦ TỊCH Hoàng Văn An")
    (True, True)
    >>> is_signature_cell("Chủ tịch UBND các xã"), is_signature_cell("- Như Điều 3;")
    (False, False)
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 80:
        return False
    if regex.match(SIGN_PREFIX + r"\p{Lu}", stripped) and stripped == stripped.upper():
        return True
    position = position_pattern().match(regex.sub("^" + SIGN_PREFIX, "", stripped))
    if not position:
        return False
    rest = regex.sub("^" + SIGN_PREFIX, "", stripped)[position.end():].strip()
    return not rest or rest == rest.upper() or looks_like_person_name(rest)


def is_signature_line(line: str) -> bool:
    """A line with a signature cell (the signature may stand beside the recipients)."""
    return any(is_signature_cell(cell) for cell in cells(line))


def find_type_line(lines: list[Line]) -> int | None:
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if doc_type_of_line(line.text):
            return i
    return None


# A preamble sentence that cannot be a trích yếu: it cites, or it ends a clause
# ("..., Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nội dung như sau:").
PREAMBLE_END = regex.compile(r"[:;]\s*$")
MAX_TITLE_CHARS = 400


def title_block_end(lines: list[Line], type_index: int) -> int:
    """Index of the first line after the trích yếu that follows the type line.

    The line right under the type line is the trích yếu even when it opens like
    a preamble (``KẾ HOẠCH`` / ``Thực hiện Nghị quyết số 34-NQ/TU ...``), unless
    it is one: a ``Căn cứ`` line, or a long sentence ending in a colon.
    """
    i = type_index + 1
    while i < len(lines) and not lines[i].stripped:
        i += 1
    taken = 0
    while i < len(lines) and taken < 4:
        text = lines[i].text
        if not text.strip() or DECORATION.match(text) or ATTACHED_NOTE.match(text):
            break
        if BODY_START.match(text) and (taken or not could_be_title(text)):
            break
        i += 1
        taken += 1
    return i


def could_be_title(text: str) -> bool:
    """A first line under the type line that reads as a trích yếu, not a preamble.

    >>> could_be_title("Thực hiện Nghị quyết số 34-NQ/TU về phát triển các khu công nghiệp năm 2026")
    True
    >>> could_be_title("Căn cứ Luật Tổ chức chính quyền địa phương;")
    False
    """
    stripped = text.strip()
    if regex.match(r"(?i)c[ăa]n\s*c[ứu]\b|[-+•]\s|[IVXLC]+\s*[.)]|\d+\s*[.)]", stripped):
        return False
    return len(stripped) <= MAX_TITLE_CHARS and not PREAMBLE_END.search(stripped)


def find_header_start(lines: list[Line], limit: int) -> int | None:
    """First line that belongs to the header (skips portal chrome); ``None`` without one."""
    for i, line in enumerate(lines[:limit]):
        text = line.text
        if motto_start(text) is not None or any_cell(NUMBER_LINE, text) or any_cell(PLACE_DATE_LINE, text):
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
    """(first, after-last) line indexes of the closing block, or ``None``.

    The signature is looked for from the last ``Nơi nhận`` on (beside it or
    under it), then in the few lines above it; without ``Nơi nhận``, from the end.
    """
    recipients = [i for i in range(body_from, len(lines)) if RECIPIENTS.match(lines[i].text)]
    anchor = recipients[-1] if recipients else None
    if anchor is not None:
        window = [*range(anchor, len(lines)), *range(anchor - 1, max(body_from, anchor - 12) - 1, -1)]
    else:
        window = range(len(lines) - 1, body_from, -1)
    signature = next((i for i in window if is_signature_line(lines[i].text)), None)
    if anchor is None and signature is None:
        return None
    first = min(i for i in (anchor, signature) if i is not None)
    if signature is not None:
        last = signature_block_end(lines, signature)
    else:
        last = list_end(lines, anchor)
    return first, last


def find_attached(lines: list[Line], body_from: int, closing: tuple[int, int] | None) -> int | None:
    """Index of the type line of a document attached to a decision, or ``None``.

    Either a type line just after the decision's closing, or anywhere in the
    body a type line followed within a few lines by ``(Kèm theo ...)``.
    """
    if closing is not None:
        seen = 0
        for i in range(closing[1], len(lines)):
            if doc_type_of_line(lines[i].text):
                return i
            seen += bool(lines[i].stripped)
            if seen > ATTACHED_SEARCH_LINES:
                break
    for i in range(body_from, len(lines)):
        if doc_type_of_line(lines[i].text) and any(
                ATTACHED_NOTE.match(ln.text) for ln in lines[i + 1:i + ATTACHED_SEARCH_LINES]):
            return i
    return None


# How many non-empty lines after a closing an attached document's type line may follow.
ATTACHED_SEARCH_LINES = 6


def list_end(lines: list[Line], start: int) -> int:
    """After the "Nơi nhận" list: the first line that is neither a list item nor blank."""
    i = start + 1
    while i < len(lines) and (not lines[i].stripped or RECIPIENT_LINE.match(lines[i].stripped)):
        i += 1
    return i


def signature_block_end(lines: list[Line], signature: int) -> int:
    """After the signature block: position lines, then at most one name line.
    Recipients read line by line between them (OCR reading the two columns
    row by row) do not end it."""
    i = signature + 1
    while i < len(lines) and (not lines[i].stripped or is_signature_line(lines[i].text)
                              or regex.match(r"^\s*\(?(?:Đã\s*ký|đã\s*ký)", lines[i].text)
                              or interleaved_recipient(lines, i, signature)):
        i += 1
    if i < len(lines) and any(looks_like_person_name(cell.strip()) for cell in cells(lines[i].text)):
        return i + 1
    if "\t" in lines[signature].text:
        # signature beside the recipients: its name may stand beside a later recipient
        for j in range(i, min(len(lines), i + RECIPIENT_ROWS)):
            row = cells(lines[j].text)
            if lines[j].stripped and not regex.match(r"[-+•]", lines[j].stripped):
                break
            if any(looks_like_person_name(cell.strip()) for cell in row[1:]):
                return j + 1
    return i


def interleaved_recipient(lines: list[Line], i: int, signature: int) -> bool:
    """A recipient line (``- Như Điều 3;``, ``- Lưu: VT``) within the signature
    block's reach, with a position or a name still to come below it."""
    if i - signature > RECIPIENT_ROWS or not RECIPIENT_LINE.match(lines[i].stripped):
        return False
    for j in range(i + 1, min(len(lines), signature + RECIPIENT_ROWS + 1)):
        text = lines[j].stripped
        if text and not RECIPIENT_LINE.match(text):
            return is_signature_line(lines[j].text) or looks_like_person_name(text)
    return False


# A line of the recipients list: "- Như Điều 3;", "+ Sở Tài chính", "Lưu: VT".
RECIPIENT_LINE = regex.compile(r"^(?:[-+•]|Lưu\b|Bản\s+điện\s+tử\b)")
# How many recipient lines a signature's name may stand beside.
RECIPIENT_ROWS = 25


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
            if any_cell(NUMBER_LINE, lines[i].text) or any_cell(PLACE_DATE_LINE, lines[i].text):
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
    attached_index = find_attached(lines, body_from, closing)
    attached = (lines[attached_index].start, end) if attached_index is not None else (0, 0)
    doc.segments = Segments(header=header, body=(body_start, closing_span[0]),
                            closing=closing_span, tail=(closing_span[1], end), attached=attached)

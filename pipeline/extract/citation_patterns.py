"""Patterns and vocabulary for document citations, in one place.

Every pattern is compiled once at import, named, and has a real example above
it. The vocabulary (type words, symbol codes, issuer codes) is read from
``pipeline/data/doc_types.tsv`` and ``pipeline/data/issuers.tsv``.

Order of work in :mod:`pipeline.extract.citations`: a citation is found by its
symbol (``SYMBOL``); the type word is looked for just before it
(``TYPE_WORD`` with ``GAP_DIRECT`` / ``GAP_LAW_NAME``); date, issuer and subject
are read after it (``TAIL_DATE_LEAD``, ``OF_ISSUER``, ``SUBJECT_LEAD``).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..vocab import load_rows

# -- vocabulary -----------------------------------------------------------------

# Tone-mark and vowel-mark variants of each base letter, so that a type word
# damaged by OCR or typed without marks still matches: "Quyét định", "Nghi dinh",
# "Thông tu". Only used for the short list of type words, always next to a symbol.
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}
_BASE = {ch: base for base, chars in _VARIANTS.items() for ch in chars}


def loose_word_pattern(word: str) -> str:
    """A regex source matching ``word`` with any marks on its vowels and loose spaces.

    >>> bool(regex.fullmatch(loose_word_pattern("Nghị định"), "Nghi dinh", regex.I))
    True
    >>> bool(regex.fullmatch(loose_word_pattern("Quyết định"), "Quyét định", regex.I))
    True
    >>> bool(regex.fullmatch(loose_word_pattern("Quyết định"), "Quy định", regex.I))
    False
    """
    out = []
    for ch in word:
        low = ch.lower()
        if ch.isspace():
            out.append(r"\s*")
        elif low in _BASE:
            variants = _VARIANTS[_BASE[low]]
            out.append("[" + variants + variants.upper() + "]")
        else:
            out.append(regex.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class DocType:
    """One row of ``doc_types.tsv``."""

    canonical: str
    names: tuple[str, ...]
    state_codes: tuple[str, ...]
    party_codes: tuple[str, ...]
    normative: bool
    ocr_forms: tuple[str, ...]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split("|") if x and x != "-")


DOC_TYPES: tuple[DocType, ...] = tuple(
    DocType(row[0], _split(row[1]), _split(row[2]), _split(row[3]), row[4] == "yes", _split(row[5]))
    for row in load_rows("doc_types.tsv")
)
DOC_TYPE_BY_NAME = {t.canonical: t for t in DOC_TYPES}

# Printed type word (folded key) -> canonical type. "Chương trình hành động" -> "Chương trình".
_NAME_TO_CANONICAL: list[tuple[str, str]] = sorted(
    ((name, t.canonical) for t in DOC_TYPES for name in t.names + t.ocr_forms),
    key=lambda pair: -len(pair[0]),
)


def fold_key(text: str) -> str:
    """Lower-case, marks dropped, spaces removed: the key type words are compared on.

    >>> fold_key("Quyét  Định") == fold_key("quyết định")
    True
    """
    return "".join(_BASE.get(ch, ch) for ch in text.lower() if not ch.isspace())


_CANONICAL_BY_KEY = {fold_key(name): canonical for name, canonical in _NAME_TO_CANONICAL}


def canonical_type(word: str) -> str | None:
    """Canonical doc_type of a printed type word, or ``None``.

    >>> canonical_type("Nghđịnh"), canonical_type("NGHỊ QUYẾT"), canonical_type("Chương trình hành động")
    ('Nghị định', 'Nghị quyết', 'Chương trình')
    """
    return _CANONICAL_BY_KEY.get(fold_key(word))


# State type codes ("NĐ" -> Nghị định); "TT+" rows apply only to joint symbols.
STATE_CODES: dict[str, list[str]] = {}
JOINT_CODES: dict[str, list[str]] = {}
PARTY_CODES: dict[str, list[str]] = {}
QH_TYPES: list[str] = []          # types an "/QH11" symbol can be
NO_CODE_TYPES: list[str] = []     # types a symbol without a type code can be
for _t in DOC_TYPES:
    for _code in _t.state_codes:
        if _code == "@QH":
            QH_TYPES.append(_t.canonical)
        elif _code == "@*":
            NO_CODE_TYPES.append(_t.canonical)
        elif _code.endswith("+"):
            JOINT_CODES.setdefault(_code[:-1], []).append(_t.canonical)
        else:
            STATE_CODES.setdefault(_code, []).append(_t.canonical)
    for _code in _t.party_codes:
        PARTY_CODES.setdefault(_code, []).append(_t.canonical)
LAW_TYPES = frozenset(QH_TYPES) | frozenset(t.canonical for t in DOC_TYPES if "PL" in t.state_codes)


@dataclass(frozen=True)
class IssuerEntry:
    """One row of ``issuers.tsv``."""

    key: str
    name: str
    symbol: bool
    expand: str       # always | elided | never
    whole: bool       # the name is a whole body, not only the opening of one


ISSUERS: tuple[IssuerEntry, ...] = tuple(
    IssuerEntry(row[0], row[1], row[2] == "yes", row[3], row[4] == "yes") for row in load_rows("issuers.tsv")
)
# Symbol codes -> body, for codes that name one body ("CP", "TTg", "BTTTT").
SYMBOL_ISSUERS = {e.key: e.name for e in ISSUERS if e.symbol and not e.key.endswith("*")}
SYMBOL_ISSUER_PREFIXES = {e.key[:-1]: e.name for e in ISSUERS if e.symbol and e.key.endswith("*")}

# -- patterns --------------------------------------------------------------------

# Blank space inside a citation that may hold one line break (hard-wrapped input):
# "Căn cứ Nghị quyết số\n57-NQ/TW".
WS = r"[ \t]*(?:\n[ \t]*)?"

# A type word as printed, any case and with damaged marks, longest first:
# "Thông tư liên tịch", "Nghị định", "Nghđịnh", "QUYẾT ĐỊNH", "Quyét định".
# Left edge: not inside a word, or run on after a lower-case letter
# ("thực hiệnNghị quyết").
TYPE_WORD_SOURCE = (
    r"(?:(?<![\p{L}\p{N}])|(?<=\p{Ll})(?=\p{Lu}))"
    r"(?i:" + "|".join(loose_word_pattern(name) for name, _ in _NAME_TO_CANONICAL) + r")"
    r"(?![\p{Ll}])"
)
TYPE_WORD = regex.compile(TYPE_WORD_SOURCE)

# What may stand between a type word and its symbol: nothing, or "số" / "số:"
# ("Nghị định 64/2007/NĐ-CP", "Nghị định số 64/2007/NĐ-CP", "Nghị quyết số36-NQ/TW").
GAP_DIRECT = regex.compile(WS + r"(?:(?i:s[ốôóo])[ \t]*:?" + WS + r")?")

# A law's name between its type word and "số": "Luật< Công nghệ thông tin số >67/2006/QH11".
GAP_LAW_NAME = regex.compile(r"[ \t]+(?P<name>[^\s;,.:()\d/][^;:,()\n\d/]{0,120}?)" + WS + r"(?i:s[ốôóo])[ \t]*:?" + WS)

# One part of a symbol: a code of capitals and digits ("NĐ", "BTTTT", "QH11",
# "HĐND", "UBTVQH12", "TT&TT"), with the mixed-case codes "TTg", "CTr", "QĐi", "QyĐ".
# Ends before a run-on lower-case word ("16-NQ/TUngày" -> "TU").
PART = r"(?:QyĐ|[\p{Lu}][\p{Lu}\d&]+(?:(?<=T)[gr]|(?<=Đ)i)?|[\p{Lu}](?:(?<=T)[gr])?(?![\p{L}]))"
DASH = r"[ \t]*(?:\n[ \t]*)?[-–—][ \t]*(?:\n[ \t]*)?"
SLASH = r"[ \t]*(?:\n[ \t]*)?/[ \t]*(?:\n[ \t]*)?"

# The dashes between the parts of a symbol, to split it: "TTLT-BTC-BTTTT", "QĐ – UBND".
DASH_SPLIT = regex.compile(DASH)

# A National Assembly code standing alone in a symbol: "67/2006/QH11" -> "QH11".
QH_CODE = regex.compile(r"QH\d*")

# A code with a term number: "QH11", "UBTVQH12" -> prefix "QH" / "UBTVQH".
CODE_WITH_TERM = regex.compile(r"(?P<prefix>\D+)(?P<term>\d+)")

# A document symbol (số ký hiệu), in the two families:
#   state: "64/2007/NĐ-CP", "67/2006/QH11", "142/2010/TTLT-BTC-BTTTT", "2770/QĐ – UBND",
#          "12 /KH-SKHĐT", "2634/BTTTT-THH", "07/2008/CT- BTTTT", "01/2010/PL-UBTVQH12"
#   party: "16-NQ/TU", "36-NQ/TW", "138-CTr/TU", "21-KL/TW"
# The number may run on after "số" ("số36-NQ/TW"); a date ("10/4/2007") never
# matches because a code must contain a capital letter.
SYMBOL = regex.compile(
    r"(?<![\d/\-–.,])"
    r"(?:"
    r"(?P<p_num>\d{1,5}[a-z]?)" + DASH + r"(?P<p_code>" + PART + r")" + SLASH +
    r"(?P<p_rest>" + PART + r"(?:" + DASH + PART + r")*)"
    r"|"
    r"(?P<s_num>\d{1,5}[a-z]?)" + SLASH + r"(?:(?P<s_year>(?:19|20)\d\d)" + SLASH + r")?"
    r"(?P<s_rest>" + PART + r"(?:" + DASH + PART + r")*)"
    r")"
    r"(?![\p{Lu}\d])"
)

# A capital run split by a stray space at the end of a symbol: "TT-B TTTT" ->
# "TT-BTTTT". Joined only when the joined code is a known issuer code.
SPLIT_CODE_TAIL = regex.compile(r"[ \t](?P<tail>[\p{Lu}]{2,})(?![\p{L}\d])")

# A law cited without a number, with its year or date: "Luật Thủy sản năm 2017",
# "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015".
LAW_WITHOUT_NUMBER = regex.compile(
    r"(?:(?<![\p{L}\p{N}])|(?<=\p{Ll})(?=\p{Lu}))"
    r"(?P<type>(?i:" + "|".join(loose_word_pattern(n) for n in ("Bộ luật", "Luật", "Pháp lệnh")) + r"))"
    r"[ \t]+(?P<name>\p{Lu}[^;:,.()\n\d]{1,100}?)"
    r"(?=[ \t]+(?:ngày|năm)[ \t]*\d|[ \t]*[;\n]|[ \t]*\.(?:\s|$)|[ \t]*$)"
)

# The year of a numberless law: "Luật Thủy sản năm 2017".
LAW_YEAR = regex.compile(r"[ \t]+năm[ \t]*(?P<year>(?:19|20)\d\d)(?!\d)")

# Where a date follows the head: "ngày 10/4/2007", ", ngày 17 tháng 7 năm 2006", "ngày17/8/2015",
# "ban hành ngày 03/02/2020".
TAIL_DATE_LEAD = regex.compile(r"[ \t,]*(?:\n[ \t]*)?(?:(?i:ban[ \t]+hành)[ \t]+)?(?=ng[àa]y)")

# "của" before the issuer, doubled by mistake or run on: "của Chính phủ", "của của Bộ Tài chính",
# "củaUBND tỉnh".
OF_ISSUER = regex.compile(r"[ \t,]*(?:\n[ \t]*)?của(?:[ \t]+của)?[ \t]*(?=\p{Lu})")

# Where an issuer phrase stops: the subject or the date begins, or a clause ends.
# "của Thủ tướng Chính phủ <về việc ...>", "của HĐND tỉnh <thông qua ...>",
# "của Bộ Tài chính Bộ Thông tin và Truyền thông <hướng dẫn ...>", "của UBND tỉnh <ngày ...>".
ISSUER_STOP = regex.compile(
    r"[;:()]|\.(?:\s|$)|[ \t]*,(?![ \t]*(?:Bộ|Ủy|UBND|HĐND|Hội\s+đồng|Sở|Ban)\b)"
    r"|[ \t]+(?:(?i:về)|V/v|v/v|ngày|số|tại|đã|nhằm|trong|theo|và(?=\s+\p{Ll}))(?=[\s\d]|việc)"
    r"|(?<=\p{Ll})về(?=việc)"
    r"|[ \t]+(?i:ban\s+hành|phê\s+duyệt|hướng\s+dẫn|quy\s+định|thông\s+qua|thực\s+hiện|sửa\s+đổi"
    r"|bổ\s+sung|triển\s+khai|xây\s+dựng|giao|chỉ\s+đạo|đẩy\s+mạnh)(?![\p{L}])"
)

# Issuer abbreviations written in a "của ..." phrase, longest first: "Bộ TT&TT", "UBND", "HĐND".
ISSUER_ABBREVIATION = regex.compile(
    r"(?<![\p{L}\d&])(?:"
    + "|".join(regex.escape(e.key) for e in sorted(ISSUERS, key=lambda e: -len(e.key))
               if e.expand != "never" and not e.key.endswith("*"))
    + r")(?![\p{L}\d&])"
)

# The level in the plan's own issuer: "Ủy ban nhân dân <tỉnh> Quảng Trị".
LEVEL_WORD = regex.compile(r"(?i)\b(tỉnh|thành\s+phố|huyện|quận|thị\s+xã)\b")

# Lower-case words running on after a body's name: "Bộ Thông tin và Truyền thông< thể hiện ...>".
RUN_ON_LOWER = regex.compile(r"\s+\p{Ll}")

# An administrative level left without its name at the end of an issuer:
# "HĐND tỉnh", "UBND Thành phố", "Ủy ban nhân dân huyện".
ELIDED_PLACE = regex.compile(r"(?i:\b(?P<level>tỉnh|thành\s+phố|huyện|quận|thị\s+xã))\s*\Z")

# The subject opening right after the head: "về việc ...", "về ...", "Về việc ...",
# "vềviệc ...", "quy định về việc ...", "V/v ...". The lead words are dropped.
SUBJECT_LEAD = regex.compile(
    r"[ \t,]*(?:\n[ \t]*)?(?:(?i:quy\s+định)[ \t]+)?(?:(?i:về)[ \t]*(?i:việc)?|V/v|v/v)[ \t:]*(?=\S)"
)

# A subject that opens with its verb (the trích yếu as printed): "ban hành Danh mục ...",
# "Phê duyệt Kế hoạch ...", "thông qua Quy hoạch ...", "hướng dẫn việc quản lý ...".
SUBJECT_VERB = regex.compile(
    r"[ \t,]*(?:\n[ \t]*)?(?=(?i:ban\s+hành|phê\s+duyệt|hướng\s+dẫn|quy\s+định|thông\s+qua|thực\s+hiện"
    r"|sửa\s+đổi|bổ\s+sung|triển\s+khai|phân\s+bổ|giao|đẩy\s+mạnh|tăng\s+cường)(?![\p{L}]))"
)

# A subject that is the name of what the document adopts, right after the issuer:
# "của Thủ tướng Chính phủ <Chương trình quốc gia về ứng dụng CNTT>".
SUBJECT_NAMED = regex.compile(r"[ \t,]*(?:\n[ \t]*)?(?=" + TYPE_WORD_SOURCE + r"[ \t]+\p{L})")

# Where a subject ends: end of the clause or sentence.
# "... trong hoạt động của cơ quan nhà nước<;>", "... năm 2010<.>", "... 2016 - 2020<;> Chỉ thị ...",
# "... năm 2014<.>Ảnh minh họa" (a sentence run on after the period).
SUBJECT_END = regex.compile(r";|\.(?=\s|$|\p{Lu})(?<!\bTP\.)(?<!\bTp\.)")

# The plan's own parenthetical inside a subject, left out of it:
# "(sau đây gọi tắt là CNTT)", "(gọi tắt là Nghị định 64)", "(viết tắt là ...)", and a short
# name at the end: "... giai đoạn 2022 - 2025 (Đề án 06)".
SHORT_NAME_NOTE = regex.compile(
    r"[ \t]*\((?i:sau\s*đây|gọi\s*tắt|viết\s*tắt|sau\s*đây\s*gọi)[^)]*\)"
    r"|[ \t]*\((?i:đề\s+án|chương\s+trình|quyết\s+định|nghị\s+quyết|nghị\s+định|kế\s+hoạch|chỉ\s+thị)"
    r"[ \t]+[\w\-/]{1,12}\)[ \t]*\Z"
)

# What joins two documents cited side by side (they share "Căn cứ"):
# "... năm 2006 <và> Quyết định số ...", "... 2011-2015<, >Công văn số ...", "...<, và> ...".
SIBLING_JOIN = regex.compile(r"(?:[,;][ \t]*(?:và[ \t]+)?|[ \t]+và[ \t]+|[ \t]*;)[ \t]*(?:\n[ \t]*)?\Z")

# A bare "số" before a symbol with no type word of its own: one item of a list
# that shares the type named before it ("Các Công điện: số 007/CĐ-UBND ..., số
# 008/CĐ-UBND và số 009/CĐ-UBND"; "(Số 37/2019/NĐ-CP ..., số 58/2023/NĐ-CP ...)").
BARE_NUMBER_WORD = regex.compile(r"\(?[Ss]ố[ \t]*:?[ \t]*\Z")

# "... (được điều chỉnh bổ sung bởi Quyết định số 128/QĐ-LĐTBXH": the amending
# document is part of the basis too.
AMENDED_BY = regex.compile(r"(?:sửa[ \t]+đổi|bổ[ \t]+sung|điều[ \t]+chỉnh|thay[ \t]+thế)[^;()\n]{0,20}?[ \t]bởi[ \t]+\Z")

# -- where legal basis stands ------------------------------------------------------

# A heading that opens the legal-basis part, numbered or not, in capitals:
# "CĂN CỨ LẬP KẾ HOẠCH.", "I. CÁC CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH", "I. CĂN CỨ THỰC HIỆN",
# "CƠ SỞ PHÁP LÝ". A heading in sentence case counts when numbered and short:
# "1. Căn cứ pháp lý".
LEGAL_BASIS_HEADING = regex.compile(
    r"(?m)^[ \t]*(?P<num>(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z])[ \t]*[.)][ \t]*)?"
    r"(?P<title>(?:CÁC[ \t]+)?(?:C[ĂA]N[ \t]*C[ỨU]|CƠ[ \t]+SỞ[ \t]+PHÁP[ \t]+LÝ)[^\n\p{Ll}]{0,80}"
    r"|(?:Các[ \t]+)?(?:Căn[ \t]+cứ|Cơ[ \t]+sở)[ \t]+(?:pháp[ \t]+lý|xây[ \t]+dựng|lập|ban[ \t]+hành)[^\n]{0,50})"
    r"[ \t]*$"
)

# A line that starts another part of the body, ending the preamble and closing an
# unnumbered legal-basis part: "I. HIỆN TRẠNG ...", "Phần II", "Chương I", "Điều 1.",
# "1. Mục tiêu", "QUYẾT ĐỊNH:".
PART_HEADING = regex.compile(
    r"(?m)^[ \t]*(?:[IVXLC]+[ \t]*[.)][ \t]|(?i:phần|chương|mục)[ \t]+[IVXLC\d]+|Điều[ \t]+\d"
    r"|\d+[ \t]*[.)][ \t]*\p{Lu}|QUYẾT[ \t]+ĐỊNH[ \t]*:)"
)

# A heading in capitals without a number, which also closes an unnumbered
# legal-basis part (but not the preamble: the plan's title is in capitals too):
# "MỤC TIÊU KẾ HOẠCH".
CAPITAL_HEADING = regex.compile(r"(?m)^[ \t]*\p{Lu}[\p{Lu} \t,\-]{6,}[.:]?[ \t]*$")

# A preamble line that grounds the plan: "Căn cứ ...", "Thực hiện ...",
# "Triển khai thực hiện ...", "Theo đề nghị của ... tại Tờ trình số ...", "Xét đề nghị ...".
PREAMBLE_LEAD = regex.compile(
    r"(?m)^[ \t]*(?:[-+•*][ \t]*)?(?:Căn[ \t]*cứ|Thực[ \t]*hiện|Triển[ \t]+khai[ \t]+thực[ \t]+hiện"
    r"|Theo[ \t]+đề[ \t]+nghị|Xét[ \t]+đề[ \t]+nghị|Thi[ \t]+hành)(?![\p{L}])"
)

# A list item that opens with a cited document, after "Căn cứ các văn bản sau:":
# "- Nghị định số 64/2007/NĐ-CP ...", "1. Luật Công nghệ thông tin ...", "a) Quyết định số ...".
LISTED_CITATION = regex.compile(
    r"(?m)^[ \t]*(?:[-+•*]|\d+[ \t]*[.)]|[a-zđ][ \t]*\))[ \t]*(?=" + TYPE_WORD_SOURCE + r")"
)

# A line break that ends a clause: after ".", ";" or ":", before a blank line,
# a bullet, a number or a "Căn cứ". Other breaks are hard wraps inside a clause.
CLAUSE_BREAK = regex.compile(
    r"(?<=[.;:])[ \t]*\n|\n(?=[ \t]*\n)"
    r"|\n(?=[ \t]*(?:[-+•*][ \t]|\d+[ \t]*[.)]|[IVXLC]+[ \t]*\.|[a-zđ][ \t]*\)|Căn[ \t]+cứ|Thực[ \t]+hiện))"
)

# "đề nghị của <Giám đốc Sở Nội vụ> tại Tờ trình số ...": the proposer names the
# Tờ trình's issuer. Matched so that it ends where the Tờ trình's type word starts.
PROPOSAL_OF = regex.compile(
    r"đề[ \t]+nghị[ \t]+của[ \t]+(?P<issuer>\p{Lu}[^;,\n]{1,80}?)[ \t]+tại[ \t]+"
    r"(?=(?i:t[ờo][ \t]*tr[ìi]nh))"
)

# The signer's title before the body in a proposer: "<Giám đốc >Sở Nội vụ",
# "<Chủ tịch >UBND huyện", "<Trưởng ban >Ban Dân tộc", "<Thủ trưởng >...".
SIGNER_TITLE = regex.compile(
    r"^(?:(?:Phó[ \t]+)?(?:Giám[ \t]+đốc|Chủ[ \t]+tịch|Trưởng[ \t]+ban|Viện[ \t]+trưởng|Chánh[ \t]+Văn[ \t]+phòng"
    r"|Thủ[ \t]+trưởng|Cục[ \t]+trưởng|Tổng[ \t]+cục[ \t]+trưởng|Bộ[ \t]+trưởng))[ \t]+(?=\p{Lu})"
)

# A heading title that names the legal basis, on its folded key (fold_key):
# "CĂN CỨ LẬP KẾ HOẠCH" -> "canculapkehoach", "Cơ sở pháp lý" -> "cosophaply".
LEGAL_BASIS_TITLE = regex.compile(r"cancu|phaply|cosoxaydung|cosolap|cosobanhanh")

# Where a preamble sentence turns from what it rests on to what the plan does:
# "Thực hiện Kế hoạch số 12/KH-UBND ... về chuyển đổi số<, Ủy ban nhân dân tỉnh ban hành Kế hoạch ...>".
SUBJECT_CLOSE = regex.compile(
    r"[ \t]*,[ \t]*(?=(?:Ủy[ \t]+ban|UBND|Sở|Ban|Phòng|Hội[ \t]+đồng|HĐND|Bộ|Trung[ \t]+tâm|Văn[ \t]+phòng"
    r"|Chủ[ \t]+tịch|Thường[ \t]+trực|Cục|Chi[ \t]+cục)[^,;:\n]{0,80}?[ \t](?:ban[ \t]+hành|xây[ \t]+dựng"
    r"|triển[ \t]+khai|tổ[ \t]+chức|hướng[ \t]+dẫn|đề[ \t]+nghị|báo[ \t]+cáo|lập)[ \t])"
)

# A place after an issuing body: "tỉnh Quảng Trị", "thành phố Đông Hà", "Thành phố", "tỉnh".
PLACE_AFTER_BODY = regex.compile(
    r"[ \t]+(?i:tỉnh|thành[ \t]+phố|TP\.?|huyện|quận|thị[ \t]+xã|xã|phường|thị[ \t]+trấn)"
    r"(?:[ \t]+\p{Lu}[\p{L}\-]*)*"
)

# What joins two bodies issuing together: "Bộ Tài chính<, >Bộ ...", "<và >", or nothing
# ("Bộ Tài chính Bộ Thông tin và Truyền thông").
BODY_JOIN = regex.compile(r"[ \t]*,[ \t]*|[ \t]+và[ \t]+|[ \t]+")

# Names of bodies, longest first, matched case-insensitively at the start of an
# issuer phrase to cut off what runs on after it ("của Bộ Thông tin và Truyền thông
# <thể hiện qua ...>").
KNOWN_BODY = regex.compile(
    r"(?i:" + "|".join(regex.escape(n) for n in sorted(
        {e.name for e in ISSUERS if e.whole} | {e.key for e in ISSUERS if e.whole and not e.key.endswith("*")},
        key=len, reverse=True))
    + r")(?![\p{L}\d&])"
)

# -- cleaning values ------------------------------------------------------------------

# Words run together at a case change: "thực hiệnNghị quyết" -> "thực hiện Nghị quyết".
CAMEL_MERGE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")

# A comma run on into the next word: "ứng dụng,phát triển" -> "ứng dụng, phát triển".
COMMA_RUN = regex.compile(r"(?<=\p{L}),(?=\p{L})")

# Any run of blank space, line breaks included: "Bộ Thông tin và\nTruyền thông".
SPACES = regex.compile(r"\s+")

# A clause end inside a line: "... 2016 - 2020<;> Chỉ thị số 23/CT-TTg ...".
SEMICOLON = regex.compile(";")

# Punctuation and a dangling "và" at the end of a value: "Thủ tướng Chính phủ và", "... nhà nước;".
TRAILING = regex.compile(r"(?:[\s,;:.\-–]|\bvà\b)+\Z")

# Two ministries printed side by side without a comma: "Bộ Tài chính Bộ Thông tin ..." ->
# "Bộ Tài chính, Bộ Thông tin ...".
MINISTRY_RUN = regex.compile(r"(?<=\p{L})(?<!\bvà)[ \t]+(?=Bộ[ \t]+\p{Lu})")

# The numbering or bullet before a line's text: "1. ", "IV. ", "2.1) ", "- ".
NUMBER_PREFIX = regex.compile(r"[ \t]*(?:\d+(?:\.\d+)*|[IVXLC]+)[ \t]*[.)][ \t]*|[ \t]*[-+•][ \t]*")

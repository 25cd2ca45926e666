"""Money and number parsing: small pure functions, each ambiguity stated in a doctest.

Vietnamese documents write ``1.447`` for one thousand four hundred and
forty-seven and ``31,6`` for thirty-one point six (the *vi* convention: ``.``
groups thousands, ``,`` marks decimals). Tables pasted from spreadsheets often
use the English convention (*en*: ``11,768`` = 11768, ``1.5`` = 1.5). A lone
number with one separator followed by three digits is readable both ways, so
:func:`readings` returns every valid reading and the caller decides from the
evidence (a table's own totals, other cells, the document); :func:`parse_number`
only answers when the readings agree or a convention is given.

Amounts are ``Decimal`` while parsing and integer đồng (:func:`to_vnd`) in the
output; nothing here uses float.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import regex

UNITS_FILE = Path(__file__).resolve().parent / "data" / "money_units.tsv"

VI = "vi"   # "." thousands, "," decimal: 1.447 = 1447, 31,6 = 31.6
EN = "en"   # "," thousands, "." decimal: 11,768 = 11768, 1.5 = 1.5
CONVENTIONS = (VI, EN)

# A number as tables and prose print it, separators included.
# "1.447", "11,768", "2.500.000.000", "31,6", "1.234,5", "780", "0"
NUMBER = regex.compile(
    r"""
    (?<![\d.,])                  # not the tail of a longer number
    \d+(?:[.,]\d+)*              # digits, optionally grouped or with a fraction
    (?![\d]|[.,]\d)              # not followed by more of the number
    """,
    regex.VERBOSE,
)

# A whole cell that is one number, or a dash meaning "nothing" (zero).
# "1.447", " 0 ", "-", "–"
NUMBER_CELL = regex.compile(r"^\s*(?:(?P<num>\d+(?:[.,]\d+)*)|(?P<dash>[-–—]))\s*$")

# A table caption naming its unit; OCR may merge "vị" with "tính" or read
# "tính" as "tỉnh".
# "Đơn vị: Triệu đồng", "Đơn vị tính: triệu đồng", "ĐVT: tr.đ",
# "Đơn vịtỉnh: Triệu đồng", "(Đơn vị tính: Triệu đồng.)"
UNIT_CAPTION = regex.compile(
    r"""
    (?:Đơn\s*vị\s*(?:t[íi]nh|tỉnh)?|ĐVT)   # "Đơn vị", "Đơn vị tính", "Đơn vịtỉnh", "ĐVT"
    \s*[:：]\s*
    (?P<unit>(?:\d+(?:[.,]\d{3})*\s*)?    # "1.000 đồng": a counted unit
    [^\n.;)\d]*(?:\.đ[^\n;)]*)?)           # "Triệu đồng", "tr.đ"
    """,
    regex.VERBOSE | regex.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A parsed amount: the raw text beside its value, unit and đồng."""

    raw: str
    value: Decimal
    multiplier: int
    vnd: int


@lru_cache(maxsize=1)
def units() -> dict[str, int]:
    """Unit spellings (lower case, single-spaced) -> multiplier, from the data file.

    >>> units()["triệu đồng"], units()["tỷ"], units()["đ"]
    (1000000, 1000000000, 1)
    """
    table: dict[str, int] = {}
    for line in UNITS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spelling, multiplier = line.split("\t")
        table[_fold(spelling)] = int(multiplier)
    return table


@lru_cache(maxsize=1)
def unit_pattern() -> "regex.Pattern[str]":
    """One alternation of all unit spellings, longest first, as whole words.

    >>> unit_pattern().match("triệu đồng (từ nguồn").group()
    'triệu đồng'
    >>> unit_pattern().match("tỷ đồng").group()
    'tỷ đồng'
    """
    spellings = sorted(units(), key=len, reverse=True)
    alternation = "|".join(regex.escape(s).replace(r"\ ", r"\s*") for s in spellings)
    return regex.compile(rf"(?:{alternation})(?!\w)", regex.IGNORECASE)


def _fold(text: str) -> str:
    return regex.sub(r"\s+", " ", text.strip().lower())


def unit_multiplier(text: str) -> int | None:
    """The multiplier of a unit spelling, or None if it is not a money unit.

    >>> unit_multiplier("Triệu đồng")
    1000000
    >>> unit_multiplier("tr.đ"), unit_multiplier("nghìn đồng"), unit_multiplier("tỉ đồng")
    (1000000, 1000, 1000000000)
    >>> unit_multiplier("người") is None
    True
    """
    m = unit_pattern().match(text.strip())
    if not m:
        return None
    return units().get(_fold(m.group()))


def caption_unit(line: str) -> tuple[int, str] | None:
    """The unit a table caption names: ``(multiplier, unit text)``, or None.

    >>> caption_unit("Đơn vị: Triệu đồng")
    (1000000, 'Triệu đồng')
    >>> caption_unit("Đơn vịtỉnh: Triệu đồng")
    (1000000, 'Triệu đồng')
    >>> caption_unit("ĐVT: tr.đ")
    (1000000, 'tr.đ')
    >>> caption_unit("Đơn vị tính: người") is None
    True
    >>> caption_unit("Đơn vị tính: 1.000 đồng")      # a counted unit: thousands of đồng
    (1000, '1.000 đồng')
    >>> caption_unit("ĐVT: 1.000.000đ")
    (1000000, '1.000.000đ')
    """
    m = UNIT_CAPTION.search(line)
    if not m:
        return None
    unit_text = m.group("unit").strip()
    counted = CAPTION_COUNT.match(unit_text)
    if counted:
        value = parse_number(counted.group("num"))
        if value is None:
            value = parse_number(counted.group("num"), VI)
        multiplier = unit_multiplier(counted.group("unit"))
        if value is None or multiplier is None or value != value.to_integral_value():
            return None
        return int(value) * multiplier, counted.group().strip()
    multiplier = unit_multiplier(unit_text)
    if multiplier is None:
        return None
    return multiplier, unit_pattern().match(unit_text).group()


# A caption unit that counts đồng: "1.000 đồng", "1.000.000đ"
CAPTION_COUNT = regex.compile(r"^(?P<num>\d+(?:[.,]\d{3})*)\s*(?P<unit>\S+(?:\s+\S+)?)$")


def readings(raw: str) -> dict[str, Decimal]:
    """Every valid reading of a printed number, by convention.

    A thousands separator must be followed by groups of exactly three digits;
    a decimal separator may appear once, after every thousands separator.

    >>> readings("1.447")            # ambiguous: 1447 (vi) or 1.447 (en)
    {'vi': Decimal('1447'), 'en': Decimal('1.447')}
    >>> readings("11,768")           # ambiguous: 11.768 (vi) or 11768 (en)
    {'vi': Decimal('11.768'), 'en': Decimal('11768')}
    >>> readings("31,6")             # only vi: a comma group of one digit is no thousands group
    {'vi': Decimal('31.6')}
    >>> readings("2.500.000.000")    # only vi: two dots cannot both be decimal points
    {'vi': Decimal('2500000000')}
    >>> readings("1.234,5")
    {'vi': Decimal('1234.5')}
    >>> readings("1,234.5")
    {'en': Decimal('1234.5')}
    >>> readings("780")
    {'vi': Decimal('780'), 'en': Decimal('780')}
    >>> readings("-")                # a dash in a table cell: nothing, i.e. zero
    {'vi': Decimal('0'), 'en': Decimal('0')}
    >>> readings("12a")
    {}
    """
    return dict(_readings(raw))


@lru_cache(maxsize=4096)
def _readings(raw: str) -> tuple[tuple[str, Decimal], ...]:
    m = NUMBER_CELL.match(raw)
    if not m:
        return ()
    if m.group("dash"):
        return ((VI, Decimal(0)), (EN, Decimal(0)))
    text = m.group("num")
    out = []
    for convention, thousands, decimal in ((VI, ".", ","), (EN, ",", ".")):
        value = _read(text, thousands, decimal)
        if value is not None:
            out.append((convention, value))
    return tuple(out)


def _read(text: str, thousands: str, decimal: str) -> Decimal | None:
    integer, _, fraction = text.partition(decimal)
    if thousands in fraction or decimal in fraction:
        return None
    groups = integer.split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    if _ and not fraction:
        return None
    try:
        return Decimal("".join(groups) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def is_ambiguous(raw: str) -> bool:
    """True when the two conventions read the number differently.

    >>> is_ambiguous("1.447"), is_ambiguous("31,6"), is_ambiguous("500"), is_ambiguous("0")
    (True, False, False, False)
    """
    return len(set(readings(raw).values())) > 1


def convention_of(raw: str) -> str | None:
    """The one convention a number proves by its form, or None.

    >>> convention_of("31,6"), convention_of("2.500.000"), convention_of("1,234,567")
    ('vi', 'vi', 'en')
    >>> convention_of("1.447") is None, convention_of("500") is None
    (True, True)
    """
    r = readings(raw)
    if len(r) == 1:
        return next(iter(r))
    return None


def parse_number(raw: str, convention: str | None = None) -> Decimal | None:
    """The value of a printed number under ``convention``; without one, only if unambiguous.

    >>> parse_number("1.447", VI), parse_number("1.447", EN)
    (Decimal('1447'), Decimal('1.447'))
    >>> parse_number("11,768", EN)
    Decimal('11768')
    >>> parse_number("1.447") is None     # ambiguous and no convention: no value
    True
    >>> parse_number("31,6"), parse_number("0"), parse_number("-")
    (Decimal('31.6'), Decimal('0'), Decimal('0'))
    >>> parse_number("31,6", EN) is None  # the form contradicts the convention
    True
    """
    if convention is not None and convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, not {convention!r}")
    r = readings(raw)
    if convention is not None:
        return r.get(convention)
    values = set(r.values())
    return values.pop() if len(values) == 1 else None


def to_vnd(value: Decimal | None, multiplier: int) -> int | None:
    """Integer đồng for ``value`` units of ``multiplier``; None if not a whole number of đồng.

    >>> to_vnd(Decimal("31.6"), 10**9), to_vnd(Decimal("1447"), 10**6)
    (31600000000, 1447000000)
    >>> to_vnd(Decimal("1.5"), 1) is None    # half a đồng: not a reading of an amount
    True
    """
    if value is None:
        return None
    vnd = value * multiplier
    if vnd != vnd.to_integral_value():
        return None
    return int(vnd)


# An amount in prose: a number and its unit.
# "100 triệu đồng", "31,6 tỷ đồng", "2.500.000.000 đồng", "500 tr.đ"
def amount_pattern() -> "regex.Pattern[str]":
    return _amount_pattern()


@lru_cache(maxsize=1)
def _amount_pattern() -> "regex.Pattern[str]":
    return regex.compile(
        rf"""
        (?<![\w.,])
        (?P<num>\d+(?:[.,]\d+)*)        # "31,6", "2.500.000.000"
        \s*
        (?P<unit>{unit_pattern().pattern})
        """,
        regex.VERBOSE | regex.IGNORECASE,
    )


def parse_amount(text: str, convention: str | None = None) -> Amount | None:
    """The first amount with a unit in ``text``, or None (also when its number is ambiguous).

    >>> parse_amount("Tổng kinh phí: 100 triệu đồng (từ nguồn ngân sách TW)").vnd
    100000000
    >>> parse_amount("Nguồn ngân sách tỉnh: 31,6 tỷ đồng").vnd
    31600000000
    >>> parse_amount("2.500.000.000 đồng").vnd
    2500000000
    >>> parse_amount("1.500 đồng").vnd          # en reading 1.5 đồng is not whole: only 1500
    1500
    >>> parse_amount("1.500 triệu đồng") is None    # 1500 or 1.5 triệu: ambiguous
    True
    >>> parse_amount("1.500 triệu đồng", VI).vnd
    1500000000
    >>> parse_amount("10 huyện") is None
    True
    """
    m = amount_pattern().search(text)
    if not m:
        return None
    return amount_from_parts(m.group("num"), m.group("unit"), convention)


def amount_from_parts(num: str, unit: str, convention: str | None = None) -> Amount | None:
    """An Amount from a printed number and unit, reading the number by the evidence.

    >>> amount_from_parts("28", "tỷ đồng").vnd
    28000000000
    """
    multiplier = unit_multiplier(unit)
    if multiplier is None:
        return None
    candidates = {
        conv: (value, to_vnd(value, multiplier))
        for conv, value in readings(num).items()
        if convention in (None, conv)
    }
    whole = {conv: pair for conv, pair in candidates.items() if pair[1] is not None}
    vnds = {pair[1] for pair in whole.values()}
    if len(vnds) != 1:
        return None
    value, vnd = next(iter(whole.values()))
    return Amount(raw=f"{num} {unit}".strip(), value=value, multiplier=multiplier, vnd=vnd)

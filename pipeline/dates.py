"""Vietnamese dates as printed in administrative text -> ISO strings.

Small pure functions. A date that is only partly given, or impossible, is
``None`` (the caller records a warning); nothing is guessed or repaired:
``29/6/206`` is not turned into 2006.

>>> parse_date("ngày 10/4/2007")
'2007-04-10'
>>> parse_date("ngày 17 tháng 7 năm 2006")
'2006-07-17'
>>> parse_date("ngày 29/6/206") is None
True
"""
from __future__ import annotations

import datetime as _dt

import regex

# Years a cited or issuing date may carry; anything else is a misprint.
MIN_YEAR, MAX_YEAR = 1900, 2100

# Numeric date after "ngày": "ngày 10/4/2007", "ngày 06/05/2010", "ngày17/8/2015",
# "ngày 05/8/2014của" (merged with the next word), "ngày 10-4-2007", "ngày 10.4.2007".
# The year takes 1-4 digits so that a misprint ("29/6/206") is still seen as a
# date, and then rejected. "(?!\d)" instead of "\b" keeps "2014của" matching.
NUMERIC_DATE = regex.compile(
    r"""
    (?P<lead>ng[àa]y\s*)?                  # "ngày", also run on: "ngày17/8/2015"
    (?P<day>\d{1,2})\s*(?P<sep>[/.\-])\s*
    (?P<month>\d{1,2})\s*(?P=sep)\s*
    (?P<year>\d{1,4})(?!\d)
    """,
    regex.X,
)

# Spelled date: "ngày 17 tháng 7 năm 2006", "ngày 26 tháng 10 năm 2015", "ngày 5tháng 8năm 2014".
WORDED_DATE = regex.compile(
    r"""
    (?P<lead>ng[àa]y\s*)?
    (?P<day>\d{1,2})\s*th[áa]ng\s*
    (?P<month>\d{1,2})\s*n[ăa]m\s*
    (?P<year>\d{1,4})(?!\d)
    """,
    regex.X,
)

# A date after "ngày" that leaves a part out: "ngày .../6/2015", "ngày   tháng 6 năm 2015",
# "ngày /6/2015". Matched only where neither full form matches.
PARTIAL_DATE = regex.compile(
    r"""
    ng[àa]y\s*(?:[.…_]+\s*)?
    (?:
        [/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}     # "ngày /6/2015", "ngày .../6/2015"
      | (?:[.…_]+\s*)?th[áa]ng\s*\d{1,2}\s*n[ăa]m\s*\d{2,4}   # "ngày   tháng 6 năm 2015"
    )
    """,
    regex.X,
)


def iso_date(day: int, month: int, year: int) -> str | None:
    """ISO form of a calendar date, or ``None`` when it cannot exist.

    >>> iso_date(10, 4, 2007)
    '2007-04-10'
    >>> iso_date(31, 4, 2007) is None       # April has 30 days
    True
    >>> iso_date(29, 6, 206) is None        # a 3-digit year is a misprint, not 2006
    True
    >>> iso_date(29, 2, 2016), iso_date(29, 2, 2015)
    ('2016-02-29', None)
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def match_date(text: str, pos: int = 0, endpos: int | None = None):
    """The first numeric or spelled date match in ``text[pos:endpos]`` (a regex match), or ``None``.

    >>> match_date("ban hành ngày 05/8/2014của Thủ tướng").group("year")
    '2014'
    """
    endpos = len(text) if endpos is None else endpos
    found = [m for m in (NUMERIC_DATE.search(text, pos, endpos), WORDED_DATE.search(text, pos, endpos)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def date_of(m) -> str | None:
    """ISO date of a :func:`match_date` match, or ``None`` if it is impossible.

    >>> date_of(match_date("ngày 06/05/2010"))
    '2010-05-06'
    >>> date_of(match_date("ngày 29/6/206")) is None
    True
    """
    return iso_date(int(m.group("day")), int(m.group("month")), int(m.group("year")))


def parse_date(text: str) -> str | None:
    """ISO date of the first date in ``text``; ``None`` when there is none or it is impossible.

    >>> parse_date("ngày 05/8/2014của Thủ tướng Chính phủ")
    '2014-08-05'
    >>> parse_date("ngày 31/02/2010") is None
    True
    >>> parse_date("ngày .../6/2015") is None
    True
    """
    m = match_date(text)
    return date_of(m) if m else None

"""Tests for pipeline/dates.py: Vietnamese printed dates -> ISO, impossible ones -> None."""
from __future__ import annotations

import doctest

import pytest

from pipeline import dates

PARSED = [
    ("numeric", "ngày 10/4/2007", "2007-04-10"),
    ("numeric-leading-zeros", "ngày 06/05/2010", "2010-05-06"),
    ("worded", "ngày 17 tháng 7 năm 2006", "2006-07-17"),
    ("worded-run-on", "ngày 5tháng 8năm 2014", "2014-08-05"),
    ("merged-next-word", "ngày 05/8/2014của Thủ tướng", "2014-08-05"),
    ("merged-ngay", "ngày17/8/2015", "2015-08-17"),
    ("dashes", "ngày 10-4-2007", "2007-04-10"),
    ("dots", "ngày 10.4.2007", "2007-04-10"),
    ("no-ngay", "Hà Nội, 26/10/2015", "2015-10-26"),
    ("leap-day", "ngày 29/02/2016", "2016-02-29"),
    ("three-digit-year", "ngày 29/6/206", None),
    ("two-digit-year", "ngày 29/6/06", None),
    ("day-31-april", "ngày 31/4/2007", None),
    ("month-13", "ngày 12/13/2007", None),
    ("not-leap", "ngày 29/02/2015", None),
    ("partial", "ngày .../6/2015", None),
    ("no-date", "không có ngày tháng", None),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=i) for i, t, e in PARSED])
def test_parse_date(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("ngày .../6/2015", id="dots-for-day"),
    pytest.param("ngày /6/2015", id="missing-day"),
    pytest.param("ngày    tháng 6 năm 2015", id="blank-day-worded"),
])
def test_partial_dates_are_recognised(text):
    assert dates.PARTIAL_DATE.match(text)


def test_match_date_keeps_the_printed_extent():
    text = "số 67/2006/QH11 ngày 29/6/206;"
    m = dates.match_date(text)
    assert text[m.start():m.end()] == "ngày 29/6/206"
    assert dates.date_of(m) is None


def test_doctests():
    assert doctest.testmod(dates).failed == 0

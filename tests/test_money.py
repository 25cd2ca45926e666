"""Money and number parsing (pipeline/money.py)."""
from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

from pipeline import money


def test_doctests():
    result = doctest.testmod(money)
    assert result.failed == 0 and result.attempted > 20


# (printed, convention, expected value): None = no value.
NUMBER_FORMS = [
    ("1.447", money.VI, Decimal("1447")),
    ("1.447", money.EN, Decimal("1.447")),
    ("1.447", None, None),                       # ambiguous without a convention
    ("1,447", money.VI, Decimal("1.447")),
    ("1,447", money.EN, Decimal("1447")),
    ("11,768", money.EN, Decimal("11768")),      # a comma-thousands table
    ("31,6", None, Decimal("31.6")),             # only one reading
    ("31,6", money.EN, None),                    # contradicts the convention
    ("2.500.000.000", None, Decimal("2500000000")),
    ("1.234,5", None, Decimal("1234.5")),
    ("1,234.5", None, Decimal("1234.5")),
    ("780", None, Decimal("780")),
    ("0", None, Decimal("0")),
    ("-", None, Decimal("0")),
    ("–", money.EN, Decimal("0")),
    ("1.2.3", None, None),
    ("abc", None, None),
    ("", None, None),
]


@pytest.mark.parametrize("printed,convention,expected", NUMBER_FORMS,
                         ids=[f"{p or 'empty'}-{c}" for p, c, _ in NUMBER_FORMS])
def test_parse_number(printed, convention, expected):
    assert money.parse_number(printed, convention) == expected


def test_bad_convention_names_the_allowed_values():
    with pytest.raises(ValueError, match="vi"):
        money.parse_number("1", "fr")


UNITS = [
    ("đồng", 1), ("đ", 1), ("VNĐ", 1), ("nghìn đồng", 1000), ("ngàn đồng", 1000),
    ("triệu đồng", 10**6), ("Triệu đồng", 10**6), ("tr.đ", 10**6), ("trđ", 10**6), ("triệu đ", 10**6),
    ("tỷ đồng", 10**9), ("tỉ đồng", 10**9), ("tỷ đ", 10**9), ("người", None), ("%", None),
]


@pytest.mark.parametrize("spelling,multiplier", UNITS, ids=[u for u, _ in UNITS])
def test_unit_multiplier(spelling, multiplier):
    assert money.unit_multiplier(spelling) == multiplier


CAPTIONS = [
    ("Đơn vị: Triệu đồng", 10**6),
    ("Đơn vị tính: triệu đồng", 10**6),
    ("ĐVT: tr.đ", 10**6),
    ("Đơn vịtỉnh: Triệu đồng", 10**6),           # OCR: merged and 'tính' read as 'tỉnh'
    ("Đơn vị:Triệu đồng", 10**6),
    ("(Đơn vị tính: nghìn đồng)", 1000),
    ("Đơn vị tính: Tỷ đồng", 10**9),
    ("Đơn vị tính: người", None),
    ("Đơn vị chủ trì", None),
]


@pytest.mark.parametrize("line,multiplier", CAPTIONS, ids=[c for c, _ in CAPTIONS])
def test_caption_unit(line, multiplier):
    found = money.caption_unit(line)
    assert (found[0] if found else None) == multiplier


AMOUNTS = [
    ("Tổng kinh phí: 100 triệu đồng (từ nguồn ngân sách TW)", None, 100_000_000),
    ("Nguồn ngân sách tỉnh: 31,6 tỷ đồng", None, 31_600_000_000),
    ("2.500.000.000 đồng", None, 2_500_000_000),
    ("28 tỉ đồng", None, 28_000_000_000),
    ("500 trđ", None, 500_000_000),
    ("1.500 đồng", None, 1500),                   # 1.5 đồng is not a whole number of đồng
    ("1.500 triệu đồng", None, None),             # 1500 or 1.5 triệu: ambiguous
    ("1.500 triệu đồng", money.VI, 1_500_000_000),
    ("1.500 triệu đồng", money.EN, 1_500_000),
    ("0 đồng", None, 0),
    ("10 huyện", None, None),
]


@pytest.mark.parametrize("text,convention,vnd", AMOUNTS, ids=[f"{t}-{c}" for t, c, _ in AMOUNTS])
def test_parse_amount(text, convention, vnd):
    amount = money.parse_amount(text, convention)
    assert (amount.vnd if amount else None) == vnd
    if amount:
        assert isinstance(amount.vnd, int) and isinstance(amount.value, Decimal)


@pytest.mark.parametrize("value,multiplier,vnd", [
    (Decimal("31.6"), 10**9, 31_600_000_000),
    (Decimal("1447"), 10**6, 1_447_000_000),
    (Decimal("1.447"), 10**6, 1_447_000),
    (Decimal("0.5"), 1, None),
    (None, 10**6, None),
], ids=["tỷ-decimal", "triệu", "triệu-decimal", "half-đồng", "none"])
def test_to_vnd(value, multiplier, vnd):
    assert money.to_vnd(value, multiplier) == vnd

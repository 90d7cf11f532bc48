from decimal import Decimal
from fractions import Fraction

import pytest

from ticms.common.money import at_least_ratio, fmt_number, parse_ratio, to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5000, Decimal("5000")),
        ("4999.99", Decimal("4999.99")),
        (0.1, Decimal("0.1")),
        (Decimal("3000.10"), Decimal("3000.10")),
        (" 12 ", Decimal("12")),
    ],
)
def test_to_decimal_is_exact(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", [True, None, "4999,99", "abc", "NaN", "Infinity", [1], "1e20"])
def test_to_decimal_refuses_what_is_not_a_plain_amount(value):
    with pytest.raises(ValueError):
        to_decimal(value)


def test_ratio_compares_in_integers():
    half = parse_ratio("1/2")
    assert at_least_ratio(50, 100, half) and not at_least_ratio(49, 100, half)
    assert at_least_ratio(64, 80, Fraction(4, 5)) and not at_least_ratio(63, 80, Fraction(4, 5))
    assert parse_ratio("0.8") == Fraction(4, 5)


def test_fmt_number():
    assert fmt_number(Decimal("4800")) == "4,800"
    assert fmt_number(Decimal("3000.50")) == "3,000.5"
    assert fmt_number(Decimal("5E+3")) == "5,000"
    assert fmt_number(Decimal("9E+1")) == "90"
    assert fmt_number(Decimal("-1234.500")) == "-1,234.5"
    assert fmt_number(Decimal("5E-7")) == "0.0000005"
    assert fmt_number(None) == "—"

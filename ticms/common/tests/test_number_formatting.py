"""One way to show numbers: money, counts, percentages and quantities, on pages and in filters."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import translation

from ticms.common.money import (
    fmt_amount,
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_percent,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal(9500) / 3, "3,166.67"),
        (Fraction(9500, 3), "3,166.67"),
        (Decimal("0.005"), "0.01"),  # half up, not to even
        (Decimal("0.015"), "0.02"),
        (Decimal("0.025"), "0.03"),
        (Decimal("2.675"), "2.68"),  # a float would say 2.67
        (Decimal("1.0049999"), "1.00"),
        (Decimal("-2.345"), "-2.35"),  # halves away from zero
        (Decimal("-0.004"), "0.00"),  # no "-0.00"
        (Decimal("-1234567.891"), "-1,234,567.89"),
        (0, "0.00"),
        (Decimal("0E-10"), "0.00"),
        (Decimal("1E+2"), "100.00"),
        (Decimal("9E+1"), "90.00"),
        (Decimal("99999999999999.995"), "100,000,000,000,000.00"),
        (Decimal("1234567890123456789012345678.125"), "1,234,567,890,123,456,789,012,345,678.13"),
        ("3000.5", "3,000.50"),
        (4800, "4,800.00"),
        (None, "—"),
        ("", "—"),
        ("  ", "—"),
    ],
)
def test_money_has_two_decimals_rounded_half_up(value, shown):
    assert fmt_money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12345, "12,345"),
        (0, "0"),
        (-1500, "-1,500"),
        (Decimal("2.5"), "3"),
        (10**12, "1,000,000,000,000"),
        (Decimal("1E+3"), "1,000"),
        (None, "—"),
    ],
)
def test_counts_have_separators_and_no_decimals(value, shown):
    assert fmt_count(value) == shown


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((Fraction(1, 3),), "33.33%"),
        ((Fraction(2, 3),), "66.67%"),
        ((1, 3), "33.33%"),
        ((Fraction(1, 8000),), "0.01%"),  # 0.0125 % → half up
        ((Fraction(1, 40000),), "0.00%"),  # 0.0025 %
        ((Decimal("0.123450"),), "12.35%"),
        ((40, 100), "40.00%"),
        ((Decimal("12.25"), 100), "12.25%"),
        ((Fraction(-1, 3),), "-33.33%"),
        ((0, 5), "0.00%"),
        ((5, 0), "—"),  # nothing to divide by
        ((None,), "—"),
        ((1000, 1), "100,000.00%"),
        (("13/16",), "81.25%"),
    ],
)
def test_percentages_are_exact_and_rounded_half_up(args, shown):
    assert fmt_percent(*args) == shown


def test_a_fraction_is_rounded_exactly_however_large():
    assert round_half_up(Fraction(10**40 + 1, 2), 0) == Decimal(10**40 // 2 + 1)
    assert round_half_up(Fraction(-5, 1000), 2) == Decimal("-0.01")


def test_nothing_is_shown_in_exponent_notation():
    for value in (Decimal("1E+2"), Decimal("9E+1"), Decimal("5E-7"), Decimal("0E+3")):
        for fmt in (fmt_money, fmt_count, fmt_number, fmt_percent):
            assert "E" not in fmt(value), (fmt, value)


def test_amount_in_a_typed_unit():
    assert fmt_amount(Decimal("9500") / 3, "万元") == "3,166.67万元"
    assert fmt_amount(Decimal("12.00"), "项") == "12项"
    assert fmt_amount(Decimal("1500.50"), "") == "1,500.5"
    assert fmt_amount(None, "项") == "—"


def _render(text, **context):
    return Template(text).render(Context(context))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_filters_show_the_same_digits_in_both_languages(language):
    with translation.override(language):
        out = _render(
            "{{ a|money }}|{{ n|count }}|{{ r|percent }}|{{ p|percent:w }}|{{ q|number }}"
            "|{{ t|in_unit:'万元' }}|{{ blank|money }}|{{ blank|percent }}",
            a=Decimal(9500) / 3,
            n=12345,
            r=Fraction(1, 3),
            p=Decimal("40.00"),
            w=100,
            q=Decimal("5E+3"),
            t=Decimal("1E+2"),
            blank=None,
        )
    assert out == "3,166.67|12,345|33.33%|40.00%|5,000|100.00万元|—|—"


def test_wan_yuan_filter_names_the_unit_in_the_reader_language():
    with translation.override("zh-hans"):
        assert _render("{{ v|wan_yuan }}", v=Decimal("1234.5")) == "1,234.50 万元"
        assert _render("{{ v|wan_yuan }}", v=None) == "—"
    with translation.override("en"):
        assert "1,234.50" in _render("{{ v|wan_yuan }}", v=Decimal("1234.5"))
        assert "万" not in _render("{{ v|wan_yuan }}", v=Decimal("1234.5"))


def test_a_filter_never_fails_on_something_that_is_not_a_number():
    assert _render("{{ v|money }}|{{ v|percent }}|{{ v|count }}", v="n/a") == "n/a|n/a|n/a"

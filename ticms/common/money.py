"""Exact amounts (万元, m²) and ratios: Decimal and Fraction, never floats; and the one way
every page, message and export shows a number:

- money (万元): two decimals, thousands separators, rounded half up — 9500/3 → "3,166.67";
- counts: thousands separators, no decimals — "12,345";
- percentages: two decimals, rounded half up, from an exact ratio — 1/3 → "33.33%";
- other quantities (m², a target's own unit, scores): every significant digit — "5,000.5".

Nothing is ever shown in exponent notation ("1E+2"), and a missing value is a dash.
Rounding half up is away from zero for negatives too (四舍五入): -2.345 → "-2.35".
Chinese and English pages write numbers alike (comma thousands, point decimals)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

MAX_DIGITS = 16


def to_decimal(value) -> Decimal:
    """Parse a JSON number or a decimal string exactly; raises ValueError with a reason."""
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # repr() is the shortest string that reads back as this float: the literal as written.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("not a decimal number") from exc
    else:
        raise ValueError("not a number")
    if not result.is_finite():
        raise ValueError("not a finite number")
    if result.adjusted() >= MAX_DIGITS:
        raise ValueError("too large")
    return result


def parse_ratio(text: str | Fraction) -> Fraction:
    """'1/2', '0.8' or a Fraction; stored in rule sets as text so they stay exact."""
    return text if isinstance(text, Fraction) else Fraction(str(text))


def at_least_ratio(part, whole, ratio: Fraction) -> bool:
    """part / whole >= ratio, compared in integers: part * den >= num * whole."""
    return Decimal(part) * ratio.denominator >= Decimal(whole) * ratio.numerator


DASH = "—"
MONEY_PLACES = 2
PERCENT_PLACES = 2


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def exact_value(value) -> Decimal | Fraction:
    """A Decimal or Fraction of what is given, without passing through a float's arithmetic.
    A float (an old JSON value) is taken as its shortest literal, like `to_decimal`."""
    if isinstance(value, Fraction | Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip()
    if "/" in text:
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise ValueError("not a ratio") from exc
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("not a decimal number") from exc


def round_half_up(value, places: int) -> Decimal:
    """Exactly rounded to `places` decimals, halves away from zero, whatever the magnitude."""
    value = exact_value(value)
    if isinstance(value, Fraction):
        scaled = abs(value) * 10**places
        whole, rest = divmod(scaled.numerator, scaled.denominator)
        if 2 * rest >= scaled.denominator:
            whole += 1
        # From text, so no context precision can round a huge value.
        return Decimal(f"{'-' if value < 0 else ''}{whole}E-{places}")
    if not value.is_finite():
        raise ValueError("not a finite number")
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _shown(value, places: int) -> str:
    rounded = round_half_up(value, places)
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0.00"
    return f"{rounded:,f}"


def fmt_money(value) -> str:
    """万元 (or any money): 9500/3 → '3,166.67'; 100 → '100.00'; None or blank → '—'."""
    if is_blank(value):
        return DASH
    return _shown(value, MONEY_PLACES)


def _beside(exact: Fraction, bound: Fraction, places: int) -> Decimal:
    shown = round_half_up(exact, places)
    if (Fraction(shown) >= bound) == (exact >= bound):
        return shown
    scaled = exact * 10**places
    whole = scaled.numerator // scaled.denominator  # floor: below the limit stays below
    if exact >= bound and scaled.denominator != 1:
        whole += 1  # ceiling: at or above the limit stays so
    return Decimal(f"{whole}E-{places}")


def money_beside(value, limit) -> Decimal:
    """`value` to two decimals for a message that compares it with `limit`: rounded half up,
    unless that would put it on the other side of the limit (2,999.996 against 3,000 is shown
    2,999.99, not 3,000.00 — a refusal must not quote the limit as the value)."""
    return _beside(Fraction(exact_value(value)), Fraction(exact_value(limit)), MONEY_PLACES)


def fmt_money_beside(value, limit) -> str:
    """fmt_money of `money_beside`: '2,999.99' for 2,999.996 against a 3,000 limit."""
    if is_blank(value):
        return DASH
    return _shown(money_beside(value, limit), MONEY_PLACES)


def fmt_count(value) -> str:
    """A number of things: 12345 → '12,345'; None or blank → '—'."""
    if is_blank(value):
        return DASH
    return _shown(value, 0)


def fmt_number(value) -> str:
    """A quantity with its own unit, every significant digit kept: 4800 → '4,800';
    3000.50 → '3,000.5'; 5E+3 → '5,000'; None or blank → '—'."""
    if is_blank(value):
        return DASH
    value = exact_value(value)
    if isinstance(value, Fraction):
        value = round_half_up(value, 6)
    if value == value.to_integral_value():
        return _shown(value, 0)
    text = f"{value:,f}".rstrip("0")
    return text


MONEY_UNITS = frozenset({"万元", "元", "亿元"})


def fmt_amount(value, unit: str = "") -> str:
    """A value in a unit typed by a person (a 考核指标's 项, 万元, %): money when the unit is
    money, else the quantity as written; the unit follows: '3,166.67万元', '12项'."""
    if is_blank(value):
        return DASH
    text = fmt_money(value) if (unit or "").strip() in MONEY_UNITS else fmt_number(value)
    return f"{text}{unit or ''}"


def fmt_ratio(ratio: Fraction) -> str:
    """Fraction(1, 2) -> '1/2'; Fraction(4, 5) -> '4/5'."""
    return f"{ratio.numerator}/{ratio.denominator}" if ratio.denominator != 1 else str(ratio)


def percent_of(part, whole=None) -> Fraction | None:
    """part / whole (or `part` itself, a ratio of 1) as an exact Fraction; None when there is
    nothing to show (a blank value or a zero whole)."""
    if is_blank(part) or (whole is not None and is_blank(whole)):
        return None
    ratio = Fraction(exact_value(part))
    if whole is None:
        return ratio
    whole = Fraction(exact_value(whole))
    return None if whole == 0 else ratio / whole


def fmt_percent(part, whole=None) -> str:
    """A ratio as a percentage, two decimals, rounded half up: Fraction(1, 3) → '33.33%';
    fmt_percent(40, 100) → '40.00%'; a zero whole or a blank value → '—'."""
    ratio = percent_of(part, whole)
    if ratio is None:
        return DASH
    return _shown(ratio * 100, PERCENT_PLACES) + "%"


def fmt_percent_beside(part, whole, limit: Fraction) -> str:
    """part / whole as a percentage in a message comparing it with the ratio `limit`: rounded
    half up unless that would cross the limit (49.996% against 50% is '49.99%')."""
    ratio = percent_of(part, whole)
    if ratio is None:
        return DASH
    shown = _beside(ratio * 100, Fraction(limit) * 100, PERCENT_PLACES)
    return _shown(shown, PERCENT_PLACES) + "%"

"""Exact amounts (万元, m²) and ratios: Decimal and Fraction, never floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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


def fmt_number(value) -> str:
    """4800 -> '4,800'; 3000.50 -> '3,000.5'; keeps every significant digit."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.normalize():,f}"


def fmt_ratio(ratio: Fraction) -> str:
    """Fraction(1, 2) -> '1/2'; Fraction(4, 5) -> '4/5'."""
    return f"{ratio.numerator}/{ratio.denominator}" if ratio.denominator != 1 else str(ratio)


def fmt_percent(part, whole) -> str:
    if not whole:
        return "—"
    pct = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
    return f"{pct}%"

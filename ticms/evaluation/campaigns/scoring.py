"""The scoring methods of quantitative indicators, as pure and exact functions.

Every second-level indicator scores on 0–100. A center's total is the sum over the tree of
first-level weight × second-level weight × score ÷ 10,000 (weights sum to 100 at each level),
so the total is on 0–100 too. Arithmetic is exact (Fraction, Decimal); an indicator's score is
rounded once, half up, to two decimals, and the working says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Scored:
    score: Decimal
    working: dict


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Exact half-up rounding of a non-negative or negative rational to `places` decimals."""
    scaled = Fraction(value) * 10**places
    sign = -1 if scaled < 0 else 1
    q, r = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * r >= scaled.denominator:
        q += 1
    return Decimal(sign * q).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _s(value) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def linear(value: Decimal | None, floor: Decimal, target: Decimal) -> Scored:
    """0 at or below the floor, 100 at or beyond the target, in proportion between."""
    if target <= floor:
        raise ValueError("target must exceed floor")
    working = {"method": "linear", "value": _s(value), "floor": _s(floor), "target": _s(target)}
    if value is None:
        return Scored(round_half_up(0), {**working, "case": "missing"})
    if value <= floor:
        return Scored(round_half_up(0), {**working, "case": "floor"})
    if value >= target:
        return Scored(round_half_up(100), {**working, "case": "target"})
    ratio = (Fraction(value) - Fraction(floor)) / (Fraction(target) - Fraction(floor))
    return Scored(round_half_up(100 * ratio), {**working, "case": "between"})


def bands(value: Decimal | None, table: Sequence[Sequence]) -> Scored:
    """The score of the highest band whose lower bound the value reaches (bounds inclusive,
    不低于); below the first band, 0."""
    rows = [(Decimal(str(lower)), Decimal(str(score))) for lower, score in table]
    working = {"method": "bands", "value": _s(value), "bands": [[_s(a), _s(b)] for a, b in rows]}
    if value is None:
        return Scored(round_half_up(0), {**working, "case": "missing"})
    chosen = None
    for index, (lower, _score) in enumerate(rows):
        if value >= lower:
            chosen = index
    if chosen is None:
        return Scored(round_half_up(0), {**working, "case": "below", "band": None})
    return Scored(round_half_up(rows[chosen][1]), {**working, "case": "band", "band": chosen})


def rank(values: Mapping) -> dict:
    """Rank within the campaign: the largest value ranks 1; equal values share the best rank
    (1, 2, 2, 4); score = 100 × (n − rank) ÷ (n − 1), and 100 when n is 1. A center without
    the figure is not ranked and scores 0."""
    present = {key: Decimal(v) for key, v in values.items() if v is not None}
    ordered = sorted(present.values(), reverse=True)
    n = len(ordered)
    first_at: dict[Decimal, int] = {}
    for position, v in enumerate(ordered, start=1):
        first_at.setdefault(v, position)
    ties: dict[Decimal, int] = {}
    for v in ordered:
        ties[v] = ties.get(v, 0) + 1
    result = {}
    for key, v in values.items():
        if v is None:
            result[key] = Scored(
                round_half_up(0), {"method": "rank", "value": None, "case": "missing", "n": n}
            )
            continue
        position = first_at[Decimal(v)]
        score = Fraction(100) if n == 1 else Fraction(100 * (n - position), n - 1)
        result[key] = Scored(
            round_half_up(score),
            {
                "method": "rank",
                "value": _s(v),
                "case": "ranked",
                "rank": position,
                "n": n,
                "tied": ties[Decimal(v)],
            },
        )
    return result


def judgement(score: Decimal | None, reason: str, low: Decimal, high: Decimal) -> Scored:
    """A qualitative score as the agency gave it (checked against its range when given)."""
    if score is None:
        return Scored(round_half_up(0), {"method": "judgement", "case": "missing"})
    return Scored(
        round_half_up(score),
        {"method": "judgement", "case": "given", "low": _s(low), "high": _s(high)},
    )


def contribution(group_weight: Decimal, weight: Decimal, score: Decimal) -> Decimal:
    """What one indicator adds to the total: exact (the divisor is a power of ten)."""
    return group_weight * weight * score / Decimal(10000)


def explain(working: Mapping, score) -> str:
    """How a score was computed, in one sentence with its numbers."""
    method, case = working.get("method"), working.get("case")
    if case == "missing":
        return _("无数据，计0分")
    if method == "linear":
        numbers = {
            "v": working["value"],
            "floor": working["floor"],
            "target": working["target"],
            "score": score,
        }
        if case == "floor":
            return _("实际值 %(v)s 不高于基准值 %(floor)s，计0分") % numbers
        if case == "target":
            return _("实际值 %(v)s 达到目标值 %(target)s，计满分100分") % numbers
        return (
            _(
                "100 ×（实际值 %(v)s − 基准值 %(floor)s）÷（目标值 %(target)s − 基准值 %(floor)s）"
                "= %(score)s（四舍五入保留两位小数）"
            )
            % numbers
        )
    if method == "bands":
        if case == "below":
            return _("实际值 %(v)s 低于最低一档，计0分") % {"v": working["value"]}
        lower, points = working["bands"][working["band"]]
        return _("实际值 %(v)s 不低于 %(lower)s，落入该档，计 %(score)s 分") % {
            "v": working["value"],
            "lower": lower,
            "score": points,
        }
    if method == "rank":
        text = _(
            "批次内排名第 %(rank)d / %(n)d：100 ×（%(n)d − %(rank)d）÷（%(n)d − 1）= %(score)s"
        )
        if working["n"] == 1:
            text = _("批次内唯一有数据的中心，排名第 %(rank)d / %(n)d，计100分")
        text = text % {"rank": working["rank"], "n": working["n"], "score": score}
        if working.get("tied", 1) > 1:
            text += _("（%(k)d 家并列，同取最高名次）") % {"k": working["tied"]}
        return text
    if method == "judgement":
        return _("评估机构评分（%(low)s–%(high)s 分）") % {
            "low": working["low"],
            "high": working["high"],
        }
    return ""

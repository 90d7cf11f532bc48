"""Ratings 优秀 / 良好 / 较差 (第二十五条) from configurable rules, as a pure function.

Rules: score thresholds (excellent ≥ A, good ≥ B, inclusive) and/or shares of the campaign
(excellent at most X% of the participating centers, excellent and good together at most Y%).
A share cap counts whole centers, rounded down (exactly). When the cap falls inside a group of
equal totals, the whole group goes to the next class: the share is never exceeded and equal
totals never get different ratings. A veto (一票否决) rates 较差 whatever the score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import messages

from ..models import Rating

HUNDRED = Decimal(100)
DEFAULT_RULES = {
    "excellent_min": "90",
    "good_min": "75",
    "excellent_share": "20",
    "good_share": None,
}
FIELDS = ("excellent_min", "good_min", "excellent_share", "good_share")

VETO = messages.define("evaluation.rating.veto", gettext_lazy("一票否决：%(reason)s"))
THRESHOLD = messages.define(
    "evaluation.rating.threshold",
    gettext_lazy("综合得分 %(total)s，不低于%(rating)s线 %(min)s 分"),
)
BELOW = messages.define(
    "evaluation.rating.below", gettext_lazy("综合得分 %(total)s，低于良好线 %(min)s 分")
)
CAPPED = messages.define(
    "evaluation.rating.capped",
    gettext_lazy("%(rating)s名额为参评中心的 %(share)s%%（共 %(cap)d 个），排名在名额之外"),
)
TIE_CAPPED = messages.define(
    "evaluation.rating.tie_capped",
    gettext_lazy(
        "与另外 %(others)d 家中心并列（综合得分 %(total)s），%(rating)s名额仅余 %(left)d 个，"
        "按规则并列者一并列入下一等级"
    ),
)
BY_SHARE = messages.define(
    "evaluation.rating.by_share",
    gettext_lazy(
        "综合得分 %(total)s，在%(rating)s名额（参评中心的 %(share)s%%，共 %(cap)d 个）之内"
    ),
)


@dataclass(frozen=True)
class RatingRules:
    excellent_min: Decimal | None = None
    good_min: Decimal | None = None
    excellent_share: Decimal | None = None
    good_share: Decimal | None = None

    def as_json(self) -> dict:
        return {f: None if getattr(self, f) is None else str(getattr(self, f)) for f in FIELDS}


LABELS = {
    "excellent_min": gettext_lazy("优秀分数线"),
    "good_min": gettext_lazy("良好分数线"),
    "excellent_share": gettext_lazy("优秀比例上限（%）"),
    "good_share": gettext_lazy("优秀与良好合计比例上限（%）"),
}


def rules_parse(raw) -> RatingRules:
    """Rules from JSON or a form; ValueError-like ValidationFailed data as {field: [message]}."""
    from ticms.common.exceptions import ValidationFailed

    raw = raw or {}
    values, errors = {}, {}
    for name in FIELDS:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            values[name] = None
            continue
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= HUNDRED:
            errors[name] = [_("「%(label)s」须为0至100之间的数") % {"label": LABELS[name]}]
            continue
        if number.as_tuple().exponent < -2:
            errors[name] = [_("「%(label)s」最多保留两位小数") % {"label": LABELS[name]}]
            continue
        values[name] = number
    if not errors:
        if values["excellent_min"] is None and values["excellent_share"] is None:
            errors["excellent_min"] = [_("请设置优秀分数线或优秀比例上限")]
        if values["good_min"] is None and values["good_share"] is None:
            errors["good_min"] = [_("请设置良好分数线或优秀与良好合计比例上限")]
        low, high = values["good_min"], values["excellent_min"]
        if low is not None and high is not None and low > high:
            errors["good_min"] = [_("良好分数线不能高于优秀分数线")]
        low, high = values["excellent_share"], values["good_share"]
        if low is not None and high is not None and low > high:
            errors["good_share"] = [_("优秀与良好合计比例上限不能低于优秀比例上限")]
    if errors:
        raise ValidationFailed(errors)
    return RatingRules(**values)


@dataclass
class Rated:
    rating: str
    rank: int
    notes: list


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def ranks(totals: dict) -> dict:
    """Competition ranking by total, highest first: equal totals share the best rank."""
    ordered = sorted(totals.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first.setdefault(total, position)
    return {key: first[total] for key, total in totals.items()}


def _cap(n: int, share: Decimal | None) -> int | None:
    # floor(n × share ÷ 100), exact: share has at most two decimals.
    return None if share is None else int(n * share * 100) // 10000


def rate(entries: Iterable[tuple], rules: RatingRules) -> dict:
    """entries: (key, total, veto reason or "") of the participating centers. Returns
    key → Rated with the reasons, as messages."""
    entries = list(entries)
    n = len(entries)
    totals = {key: Decimal(total) for key, total, _veto in entries}
    rank_of = ranks(totals)
    result = {key: Rated(Rating.POOR, rank_of[key], []) for key in totals}
    for key, _total, veto in entries:
        if veto:
            result[key].notes.append(messages.msg(VETO, reason=veto))
    open_keys = sorted((k for k, _t, veto in entries if not veto), key=lambda k: -totals[k])
    taken = 0
    for rating, minimum, share in (
        (Rating.EXCELLENT, rules.excellent_min, rules.excellent_share),
        (Rating.GOOD, rules.good_min, rules.good_share),
    ):
        label = messages.text(Rating(rating).label)
        eligible = [k for k in open_keys if minimum is None or totals[k] >= minimum]
        cap = _cap(n, share)
        left = None if cap is None else max(cap - taken, 0)
        chosen = eligible if left is None else eligible[:left]
        tied: list = []
        if left is not None and len(eligible) > left and chosen:
            boundary = totals[eligible[left]]
            if totals[chosen[-1]] == boundary:
                tied = [k for k in eligible if totals[k] == boundary]
                chosen = [k for k in chosen if totals[k] != boundary]
        for k in eligible[len(chosen) :]:
            result[k].notes = [
                messages.msg(TIE_CAPPED, others=len(tied) - 1, total=_fmt(totals[k]),
                             rating=label, left=left - len(chosen))
                if k in tied
                else messages.msg(CAPPED, rating=label, share=_fmt(share), cap=cap)
            ]  # fmt: skip
        for k in chosen:
            result[k].rating = rating
            result[k].notes = [
                messages.msg(THRESHOLD, total=_fmt(totals[k]), rating=label, min=_fmt(minimum))
                if minimum is not None
                else messages.msg(BY_SHARE, total=_fmt(totals[k]), rating=label,
                                  share=_fmt(share), cap=cap)
            ]  # fmt: skip
        taken += len(chosen)
        open_keys = [k for k in open_keys if k not in set(chosen)]
    for k in open_keys:
        if not result[k].notes and rules.good_min is not None and totals[k] < rules.good_min:
            result[k].notes.append(
                messages.msg(BELOW, total=_fmt(totals[k]), min=_fmt(rules.good_min))
            )
    return result


def distribution(rated: dict) -> dict[str, int]:
    counts = {r.value: 0 for r in Rating}
    for item in rated.values():
        counts[item.rating] += 1
    return counts

"""The building blocks of the checks: missing data, a yes/no answer, a minimum, several yes/no
answers at once, a percentage shown beside its threshold, calendar months."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from ticms.common.money import fmt_money, fmt_money_beside, fmt_number, fmt_percent_beside

from ..profile import MISSING
from .base import Context
from .messages import FieldRef, Finding, Msg
from .outcomes import Outcome


def _labels(paths) -> list[FieldRef]:
    return [FieldRef(p) for p in paths]


def missing(*paths: str) -> Finding:
    return Finding(Outcome.MISSING, _("缺少数据，请补充：%(fields)s"), {"fields": _labels(paths)})


def values_of(ctx: Context, *paths: str):
    values = [ctx.profile.get(p) for p in paths]
    absent = [p for p, v in zip(paths, values, strict=True) if v is MISSING]
    return values, absent


def actual_percent(part: int, whole: int, limit: Fraction) -> str:
    # Never shown on the other side of the threshold it is compared with.
    return fmt_percent_beside(part, whole, limit)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def boolean_rule(path: str, yes, no) -> Callable[[Context], Finding]:
    def check(ctx: Context) -> Finding:
        value = ctx.profile.get(path)
        if value is MISSING:
            return missing(path)
        return Finding(Outcome.PASS, yes) if value else Finding(Outcome.FAIL, no)

    return check


def minimum_rule(path: str, key: str, unit, yes, no) -> Callable[[Context], Finding]:
    def check(ctx: Context) -> Finding:
        value = ctx.profile.get(path)
        if value is MISSING:
            return missing(path)
        limit = ctx.thresholds.amount(key)
        if key.endswith("_wan_yuan"):
            shown = {"value": fmt_money_beside(value, limit), "limit": fmt_money(limit)}
        else:
            shown = {"value": fmt_number(value), "limit": fmt_number(limit)}
        params = {**shown, "unit": unit}
        return Finding(
            Outcome.PASS if value >= limit else Outcome.FAIL, yes if value >= limit else no, params
        )

    return check


def all_true(ctx: Context, checks: list[tuple[str, Any]], yes) -> Finding:
    """Compound yes/no rule: any known `false` fails; else any absent value is missing."""
    values, absent = values_of(ctx, *(p for p, _msg in checks))
    problems = [Msg(msg) for (p, msg), v in zip(checks, values, strict=True) if v is False]
    if problems:
        return Finding(Outcome.FAIL, _("%(problems)s"), {"problems": problems})
    if absent:
        return missing(*absent)
    return Finding(Outcome.PASS, yes)

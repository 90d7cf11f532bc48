"""Scores: a sheet's weighted total, exact; what a sheet still lacks; the experts numbered for
anonymity; and the panel's side-by-side sheet with its statistics."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ticms.common.money import fmt_number

from ..models import Assignment, AssignmentStatus, Panel, Recommendation
from .panels import panel_assignments, panel_criteria

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def weighted_total(scores: dict[int, Decimal], criteria) -> Decimal | None:
    """Σ score × weight / 100, exact; None until every criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    return sum((scores[c.pk] * c.weight / HUNDRED for c in criteria), Decimal(0))


def exact(value: Decimal | None) -> str:
    """Every significant digit, no trailing zeros: 28.497150 -> '28.49715'."""
    return fmt_number(value)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _stats(values: list[Decimal]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"mean": None, "min": None, "max": None, "spread": None, "n": 0}
    return {
        "mean": _mean(values),
        "min": min(values),
        "max": max(values),
        "spread": max(values) - min(values),
        "n": len(values),
    }


def sheet_problems(assignment: Assignment) -> list[str]:
    """What is missing before the score sheet can be submitted."""
    criteria = panel_criteria(assignment.panel)
    scored = set(assignment.scores.values_list(assignment.panel.kind.score_key, flat=True))
    problems = [
        _("请为评审指标「%(name)s」打分") % {"name": c.name} for c in criteria if c.pk not in scored
    ]
    if not assignment.comments.strip():
        problems.append(_("请填写评审意见"))
    if not assignment.recommendation:
        problems.append(_("请选择评审结论"))
    return problems


def expert_numbers(assignments) -> dict[int, int]:
    """专家1, 专家2 … by the order of invitation among those who submitted; the applicant and
    the other experts never see names."""
    submitted = sorted(
        (a for a in assignments if a.status == AssignmentStatus.SUBMITTED), key=lambda a: a.pk
    )
    return {a.pk: n for n, a in enumerate(submitted, start=1)}


def panel_sheet(panel: Panel, assignments=None, *, anonymous: bool = False) -> dict:
    """The province's side-by-side view: per expert per criterion, weighted totals, means,
    max−min spreads, recommendations and comments. Only submitted sheets count in the
    statistics; `anonymous` labels experts 专家1, 专家2 … (for the panel leader)."""
    assignments = panel_assignments(panel) if assignments is None else assignments
    criteria = panel_criteria(panel)
    numbers = expert_numbers(assignments)
    rows = []
    for a in assignments:
        if anonymous and a.pk not in numbers:
            continue
        scores = {s.criterion_key: s.score for s in a.scores.all()}
        rows.append(
            {
                "assignment": a,
                "label": _("专家%(n)d") % {"n": numbers[a.pk]} if anonymous else a.expert.name,
                "number": numbers.get(a.pk),
                "submitted": a.status == AssignmentStatus.SUBMITTED,
                "scores": [scores.get(c.pk) for c in criteria],
                "total": weighted_total(scores, criteria),
                "recommendation": a.get_recommendation_display() if a.recommendation else "",
                "comments": a.comments,
            }
        )
    counted = [r for r in rows if r["submitted"]]
    per_criterion = [
        {"criterion": c, **_stats([r["scores"][i] for r in counted])}
        for i, c in enumerate(criteria)
    ]
    tally = {value: 0 for value in Recommendation.values}
    for r in counted:
        tally[r["assignment"].recommendation] = tally.get(r["assignment"].recommendation, 0) + 1
    return {
        "criteria": criteria,
        "rows": rows,
        "per_criterion": per_criterion,
        "total": _stats([r["total"] for r in counted]),
        "recommendations": [(label, tally[value]) for value, label in Recommendation.choices],
        "submitted": len(counted),
    }

"""Before publishing, the province previews the distribution of ratings under other thresholds
or first-level weights, beside the current one (第二十五条). Nothing is written: the stored
indicator scores are re-weighted and re-rated in memory (three queries)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ticms.common.exceptions import ValidationFailed

from ..models import Campaign, CampaignCenter, IndicatorScore, Rating
from . import ratings
from .compute import participating, totals_of
from .indicators import system_tree

HUNDRED = Decimal(100)
CHANGED_SHOWN = 50


def weights_parse(tree, raw: dict) -> dict | None:
    """Other first-level weights (blank: the system's own); they must sum to 100 too."""
    if not any(raw.values()):
        return None
    weights, errors = {}, {}
    for group, _leaves in tree:
        text = raw.get(group.pk) or ""
        try:
            value = Decimal(text) if text else group.weight
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value <= 0 or value.as_tuple().exponent < -2:
            errors[f"w_{group.pk}"] = [_("权重须为大于0、最多两位小数的数")]
            continue
        weights[group.pk] = value
    if not errors and sum(weights.values()) != HUNDRED:
        total = format(sum(weights.values()).normalize(), "f")
        errors["__all__"] = [_("一级指标权重合计须为100，当前为 %(sum)s") % {"sum": total}]
    if errors:
        raise ValidationFailed(errors)
    return weights


def preview(campaign: Campaign, rules: ratings.RatingRules, weights: dict | None) -> dict:
    tree = system_tree(campaign.system)
    entries = participating(campaign)
    scores = {
        (e, i): s
        for e, i, s in IndicatorScore.objects.filter(
            entry__campaign=campaign, score__isnull=False
        ).values_list("entry_id", "indicator_id", "score")
    }
    computed = CampaignCenter.objects.filter(pk__in=[e for e, _c, _v in entries]).values_list(
        "pk", "breakdown"
    )
    for entry_id, breakdown in computed.iterator(chunk_size=2000):
        for indicator_id, row in (breakdown or {}).items():
            scores[entry_id, int(indicator_id)] = Decimal(row["score"])
    for entry_id, _c, _v in entries:
        for _g, leaves in tree:
            for leaf in leaves:
                scores.setdefault((entry_id, leaf.pk), Decimal(0))
    ids = [e for e, _c, _v in entries]
    current_rules = ratings.rules_parse(campaign.rating_rules or ratings.DEFAULT_RULES)
    current = ratings.rate(
        ((e, t, v) for (e, _c, v), t in zip(entries, totals_of(tree, scores, ids).values(),
                                            strict=True)),
        current_rules,
    )  # fmt: skip
    totals = totals_of(tree, scores, ids, weights)
    other = ratings.rate(((e, totals[e], v) for e, _c, v in entries), rules)
    changed = [e for e in ids if current[e].rating != other[e].rating]
    return {
        "current": ratings.distribution(current),
        "other": ratings.distribution(other),
        "current_rules": current_rules,
        "rules": rules,
        "n": len(ids),
        "changed": len(changed),
        "changed_ids": changed[:CHANGED_SHOWN],
        "current_by_id": {e: current[e] for e in changed[:CHANGED_SHOWN]},
        "other_by_id": {e: other[e] for e in changed[:CHANGED_SHOWN]},
        "other_totals": {e: totals[e] for e in changed[:CHANGED_SHOWN]},
        "ratings": list(Rating),
    }

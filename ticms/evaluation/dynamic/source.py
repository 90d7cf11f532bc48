"""Where a center's history comes from: its evaluations from a pluggable provider (the campaigns
area supplies it: `(center) -> [{campaign, participated, valid_reason, rating}, ...]`, in
chronological order), its rectifications from the dynamic-management decisions recorded here."""

from __future__ import annotations

from collections.abc import Callable

from .history import History, parse_history

EvaluationProvider = Callable[[object], list[dict]]


def no_evaluations(center) -> list[dict]:
    """The default provider, until campaigns publish ratings."""
    return []


_provider: EvaluationProvider = no_evaluations


def set_evaluation_provider(provider: EvaluationProvider | None) -> EvaluationProvider:
    """Install the provider of a center's evaluations (None restores the default); returns the
    previous one so a caller (or a test) can put it back."""
    global _provider
    previous = _provider
    _provider = provider or no_evaluations
    return previous


def evaluation_provider() -> EvaluationProvider:
    return _provider


def recorded_rectifications(center) -> list[dict]:
    """Rectifications the province concluded (passed or failed) after a 较差 evaluation."""
    from ticms.evaluation.models import DecisionStatus, DynamicDecision, ProposalKind

    rows = (
        DynamicDecision.objects.filter(
            center=center,
            proposal=ProposalKind.RECTIFICATION,
            status__in=(DecisionStatus.RECTIFIED, DecisionStatus.RECTIFICATION_FAILED),
        )
        .order_by("created_at", "pk")
        .values_list("campaign", "status")
    )
    return [
        {"after_campaign": campaign, "passed": status == DecisionStatus.RECTIFIED}
        for campaign, status in rows
    ]


def history_for_center(center) -> History:
    """The center's history as the rules read it. Raises ValidationFailed when the provider's
    evaluations are malformed. A rectification recorded after an evaluation the provider no
    longer lists as 较差 is left out: the provider is the one source of the evaluations."""
    evaluations = [dict(row) for row in _provider(center)]
    poor = {
        str(row.get("campaign"))
        for row in evaluations
        if row.get("participated") and row.get("rating") == "poor"
    }
    rectifications = [r for r in recorded_rectifications(center) if r["after_campaign"] in poor]
    return parse_history({"evaluations": evaluations, "rectifications": rectifications})

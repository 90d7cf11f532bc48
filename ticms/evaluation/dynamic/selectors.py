"""Reads of dynamic management, the province's alone (others get 404 like a missing record)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ticms.common.exceptions import NotFound, ValidationFailed

from ..models import DecisionStatus, DynamicDecision, ProposalKind
from .history import History, parse_history
from .rules import Proposal, propose
from .source import history_for_center


def _is_province(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_province", False)
    )


def decisions_visible_to(user) -> QuerySet[DynamicDecision]:
    if not _is_province(user):
        return DynamicDecision.objects.none()
    return DynamicDecision.objects.all()


def decision_list(*, user, status: str = "", proposal: str = "", center_id=None):
    qs = decisions_visible_to(user)
    if status in DecisionStatus.values:
        qs = qs.filter(status=status)
    if proposal in ProposalKind.values:
        qs = qs.filter(proposal=proposal)
    if center_id:
        qs = qs.filter(center_id=center_id)
    return qs.select_related("center", "center__city").order_by("-created_at", "-pk")


def decision_get(*, user, pk) -> DynamicDecision:
    decision = (
        decisions_visible_to(user)
        .select_related("center", "center__city", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise NotFound(_("记录不存在或无权访问"))
    return decision


def center_for_decisions(*, user, pk):
    from ticms.centers.models import Center

    center = (
        Center.objects.select_related("city").filter(pk=pk).first() if _is_province(user) else None
    )
    if center is None:
        raise NotFound(_("记录不存在或无权访问"))
    return center


def decision_because(decision: DynamicDecision) -> list[str]:
    """The reasons of a recorded proposal, in the active language, from its kept history."""
    try:
        result = propose(parse_history(decision.history))
    except ValidationFailed:
        return []
    return result.as_dict()["because"]


@dataclass
class CenterHistory:
    center: object
    history: History | None
    proposal: Proposal | None
    problems: list[str]
    decisions: list[DynamicDecision]


def center_history(*, user, center_id) -> CenterHistory:
    center = center_for_decisions(user=user, pk=center_id)
    problems: list[str] = []
    try:
        history = history_for_center(center)
        proposal = propose(history)
    except ValidationFailed as exc:
        history, proposal = None, None
        problems = [f"{k}: {'；'.join(str(m) for m in v)}" for k, v in exc.errors.items()]
    decisions = list(
        DynamicDecision.objects.filter(center=center)
        .select_related("center", "proposed_by")
        .order_by("-created_at", "-pk")
    )
    return CenterHistory(center, history, proposal, problems, decisions)

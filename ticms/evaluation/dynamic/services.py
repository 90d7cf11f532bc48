"""Writes of dynamic management (第二十五条): the rules' proposal recorded for the province to
confirm, and the province's confirmations (DECISION_WORKFLOW)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import inbox, messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import Conflict, PermissionDenied
from ticms.common.workflow import transition_execute

from ..models import OPEN_STATUSES, DynamicDecision
from . import selectors
from .rules import NONE, REMOVAL, propose
from .source import history_for_center
from .workflow import ARTICLE, DECISION_WORKFLOW

PROPOSED = messages.define(
    "dynamic.proposed", gettext_lazy("%(obj)s：动态管理建议「%(proposal)s」待确认")
)
# The removal reason the center lifecycle records, from the rule that proposed removal.
REASON_OF_RULE = {
    "A25.removal.absent": "absent",
    "A25.removal.two_poor": "two_poor",
    "A25.removal.rectification_failed": "rectification_failed",
}


def _require_province(actor) -> None:
    if actor is None or not getattr(actor, "is_province", False):
        raise PermissionDenied(_("只有省科技厅可以办理动态管理"))


def proposal_create_if_due(*, actor, center) -> DynamicDecision | None:
    """Record what the rules propose for `center` now, unless they propose nothing or a
    decision is still open for it. Returns the new proposal or None."""
    _require_province(actor)
    history = history_for_center(center)
    result = propose(history)
    if result.proposal == NONE:
        return None
    if DynamicDecision.objects.filter(center=center, status__in=OPEN_STATUSES).exists():
        return None
    latest = history.evaluations[-1].campaign if history.evaluations else ""
    decision = DynamicDecision.objects.create(
        center=center,
        campaign=latest,
        proposal=result.proposal,
        rule=result.rule.id,
        history=history.as_dict(),
        removal_reason=REASON_OF_RULE.get(result.rule.id, "") if result.proposal == REMOVAL else "",
        proposed_by=actor,
    )
    audit_record(
        actor=actor,
        action="dynamic_decision.propose",
        obj=decision,
        after={
            "center": center.pk,
            "proposal": result.proposal,
            "rule": result.rule.id,
            "because": result.as_dict("zh-hans")["because"],
        },
        article=ARTICLE,
    )
    transaction.on_commit(lambda: _tell(decision))
    return decision


def _tell(decision: DynamicDecision) -> None:
    from ticms.accounts import selectors as accounts

    inbox.todo_create(
        recipients=list(accounts.province_officers()),
        title=messages.msg(
            PROPOSED,
            obj=messages.ref(decision.center),
            proposal=messages.text(decision.get_proposal_display()),
        ),
        obj=decision,
        state=decision.status,
        url=decision.get_absolute_url(),
        article=ARTICLE,
    )


def decision_propose(*, actor, center_id: int) -> DynamicDecision:
    """The province asks the rules for a center's proposal now (after a campaign is
    published, or at any time). Refused when there is nothing to propose or one is open."""
    _require_province(actor)
    with transaction.atomic():
        center = selectors.center_for_decisions(user=actor, pk=center_id)
        if DynamicDecision.objects.filter(center=center, status__in=OPEN_STATUSES).exists():
            raise Conflict(_("该中心已有待办理的动态管理决定，请先办理完毕"))
        decision = proposal_create_if_due(actor=actor, center=center)
        if decision is None:
            raise Conflict(_("按第二十五条，该中心目前没有需要处理的事项"))
    return decision


def decision_transition(
    *, actor, decision_id: int, action: str, params: dict | None = None, comment: str = ""
) -> DynamicDecision:
    decision = selectors.decision_get(user=actor, pk=decision_id)
    return transition_execute(
        actor=actor,
        workflow=DECISION_WORKFLOW,
        obj=decision,
        action=action,
        params=params,
        comment=comment,
    )

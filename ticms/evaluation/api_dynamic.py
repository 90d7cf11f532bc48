"""dynamic API (第二十五条): the province's proposals and decisions, a center's history with what
the rules propose, and the confirmations (the same services as the pages)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import (
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
)
from ticms.common.exceptions import PermissionDenied
from ticms.common.paging import slice_by_pk

from .dynamic import selectors, services
from .dynamic.workflow import offered

router = Router(tags=["dynamic management"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class DecisionListQuery(Schema):
    status: str = Field("", max_length=30)
    proposal: str = Field("", max_length=20)
    center_id: int | None = Field(None, ge=1, le=2**62)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class DecisionOut(Schema):
    id: int
    center_id: int
    center: str
    campaign: str
    proposal: str
    proposal_label: str
    rule: str
    article: str
    status: str
    status_label: str
    subsidy_wan_yuan: Decimal | None
    talent_programme: bool
    science_projects: bool
    rectification_deadline: dt.date | None
    removal_reason: str
    created_at: dt.datetime


class DecisionDetailOut(DecisionOut):
    because: list[str]
    history: dict
    actions: list[ActionOut]


class DecisionPage(Schema):
    count: int
    items: list[DecisionOut]


class ProposalOut(Schema):
    proposal: str
    rule: str
    article: str
    because: list[str]


class CenterHistoryOut(Schema):
    center_id: int
    center: str
    history: dict | None
    proposal: ProposalOut | None
    problems: list[str]
    decisions: list[DecisionOut]


def _out(d) -> dict:
    return {
        "id": d.pk,
        "center_id": d.center_id,
        "center": d.center.name,
        "campaign": d.campaign,
        "proposal": d.proposal,
        "proposal_label": str(d.get_proposal_display()),
        "rule": d.rule,
        "article": "第二十五条",
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "subsidy_wan_yuan": d.subsidy_wan_yuan,
        "talent_programme": d.talent_programme,
        "science_projects": d.science_projects,
        "rectification_deadline": d.rectification_deadline,
        "removal_reason": d.removal_reason,
        "created_at": d.created_at,
    }


def _detail(request, decision_id) -> dict:
    d = selectors.decision_get(user=request.auth, pk=decision_id)
    return {
        **_out(d),
        "because": selectors.decision_because(d),
        "history": d.history,
        "actions": [
            {
                "action": t.action,
                "label": str(t.label),
                "article": t.article,
                "comment_required": t.comment_required,
                "params": [p.name for p in t.params],
                "not_ready": problems,
            }
            for t, problems in offered(request.auth, d)
        ],
    }


@router.get(
    "/dynamic/decisions",
    response={200: DecisionPage, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
)
def decision_list(request: HttpRequest, query: Query[DecisionListQuery]):
    if not getattr(request.auth, "is_province", False):
        raise PermissionDenied()
    qs = selectors.decision_list(
        user=request.auth, status=query.status, proposal=query.proposal, center_id=query.center_id
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_out(d) for d in items]}


@router.get("/dynamic/decisions/{decision_id}", response={200: DecisionDetailOut, **READ})
def decision_detail(request: HttpRequest, decision_id: int):
    return _detail(request, decision_id)


@router.post(
    "/dynamic/decisions/{decision_id}/transitions/{action}",
    response={200: DecisionDetailOut, **WRITE},
)
def decision_transition(request: HttpRequest, decision_id: int, action: str, payload: TransitionIn):
    services.decision_transition(
        actor=request.auth,
        decision_id=decision_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _detail(request, decision_id)


@router.get("/dynamic/centers/{center_id}", response={200: CenterHistoryOut, **READ})
def center_history(request: HttpRequest, center_id: int):
    view = selectors.center_history(user=request.auth, center_id=center_id)
    return {
        "center_id": view.center.pk,
        "center": view.center.name,
        "history": view.history.as_dict() if view.history else None,
        "proposal": view.proposal.as_dict() if view.proposal else None,
        "problems": view.problems,
        "decisions": [_out(d) for d in view.decisions],
    }


@router.post("/dynamic/centers/{center_id}/proposals", response={201: DecisionDetailOut, **WRITE})
def center_propose(request: HttpRequest, center_id: int):
    decision = services.decision_propose(actor=request.auth, center_id=center_id)
    return 201, _detail(request, decision.pk)

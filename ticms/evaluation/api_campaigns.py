"""/api/v1 for performance evaluation (第二十四、二十五条): the same services and selectors as the
pages, scoped the same way (another agency's campaign answers 404 like a missing one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, Query, Router, Schema

from ticms.common.api_schemas import ActionOut, ErrorOut, TransitionIn, ValidationErrorOut
from ticms.common.api_schemas import actions_out as _actions
from ticms.common.messages import Records, render_all
from ticms.common.paging import slice_by_pk

from .campaigns import selectors, services
from .campaigns.workflow import CAMPAIGN_WORKFLOW, ENTRY_WORKFLOW

router = Router(tags=["campaigns"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
         422: ValidationErrorOut}  # fmt: skip


class CampaignOut(Schema):
    id: int
    name: str
    year_from: int
    year_to: int
    status: str
    status_label: str
    agency: str
    system: str
    self_evaluation_due: dt.date
    city_check_due: dt.date
    scoring_due: dt.date
    computed_at: dt.datetime | None
    stale: bool
    published_at: dt.datetime | None
    rating_rules: dict


class CampaignDetailOut(CampaignOut):
    counts: dict[str, int]
    actions: list[ActionOut]


class CampaignPage(Schema):
    count: int
    items: list[CampaignOut]


class CampaignIn(Schema):
    name: str = Field(..., max_length=200)
    year_from: int = Field(..., ge=0, le=9999)
    year_to: int = Field(..., ge=0, le=9999)
    system_id: int = Field(..., ge=1, le=2**62)
    agency_id: int = Field(..., ge=1, le=2**62)
    self_evaluation_due: dt.date
    city_check_due: dt.date
    scoring_due: dt.date
    rating_rules: dict[str, str | None] | None = None


class CampaignPageQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class CampaignCenterOut(Schema):
    id: int
    center_id: int
    center_code: str
    center_name: str
    city: str
    status: str
    status_label: str
    total: Decimal | None = None
    rank: int | None = None
    rating: str | None = None
    veto: bool | None = None


class CampaignCenterPage(Schema):
    count: int
    items: list[CampaignCenterOut]


class IndicatorScoreOut(Schema):
    code: str
    name: str
    kind: str
    method: str
    group_weight: Decimal
    weight: Decimal
    score: Decimal | None
    contribution: Decimal | None
    explanation: str
    reason: str
    inputs: list[dict]


class CampaignCenterDetailOut(CampaignCenterOut):
    data_confirmed: bool
    self_evaluation: str
    evidence: str
    city_opinion: str
    absence_reason: str
    onsite_findings: str
    rating_note: str
    scores: list[IndicatorScoreOut]
    actions: list[ActionOut]


class QualitativeScoreIn(Schema):
    score: str = Field(..., max_length=20)
    reason: str = Field(..., max_length=5000)


class ComputeJobOut(Schema):
    job_id: int
    url: str


def _campaign(c) -> dict:
    return {
        "id": c.pk, "name": c.name, "year_from": c.year_from, "year_to": c.year_to,
        "status": c.status, "status_label": str(c.get_status_display()),
        "agency": c.agency.name, "system": str(c.system),
        "self_evaluation_due": c.self_evaluation_due, "city_check_due": c.city_check_due,
        "scoring_due": c.scoring_due, "computed_at": c.computed_at, "stale": c.stale,
        "published_at": c.published_at, "rating_rules": c.rating_rules,
    }  # fmt: skip


def _entry(e, results: bool) -> dict:
    data = {
        "id": e.pk, "center_id": e.center_id, "center_code": e.center.code,
        "center_name": e.center.name, "city": e.center.city.name, "status": e.status,
        "status_label": str(e.get_status_display()),
    }  # fmt: skip
    if results:
        data.update(total=e.total, rank=e.rank, rating=e.rating or None, veto=e.veto)
    return data


def _campaign_detail(user, campaign_id) -> dict:
    campaign = selectors.campaign_get(user=user, pk=campaign_id)
    return {
        **_campaign(campaign),
        "counts": selectors.status_counts(user=user, campaign=campaign),
        "actions": _actions(CAMPAIGN_WORKFLOW, user, campaign),
    }


def _entry_detail(user, campaign_id, entry_id) -> dict:
    entry = selectors.entry_get(user=user, campaign_id=campaign_id, pk=entry_id)
    campaign = entry.campaign
    results = selectors.results_visible(user, campaign)
    scoring = selectors.is_agency_of(user, campaign) and campaign.status == "scoring"
    scores = []
    for row in selectors.score_rows(campaign, entry) if results or scoring else []:
        if "group" in row:
            continue
        leaf = row["indicator"]
        scores.append(
            {
                "code": leaf.code, "name": leaf.name, "kind": leaf.kind, "method": leaf.method,
                "group_weight": row["group_weight"], "weight": leaf.weight,
                "score": row["value"], "contribution": row["contribution"],
                "explanation": row["explain"], "reason": row["reason"], "inputs": row["inputs"],
            }
        )  # fmt: skip
    note = render_all(entry.rating_note, Records().prefetch(entry.rating_note)) if results else ""
    return {
        **_entry(entry, results),
        "data_confirmed": entry.data_confirmed, "self_evaluation": entry.self_evaluation,
        "evidence": entry.evidence, "city_opinion": entry.city_opinion,
        "absence_reason": entry.absence_reason, "onsite_findings": entry.onsite_findings,
        "rating_note": note, "scores": scores,
        "actions": _actions(ENTRY_WORKFLOW, user, entry),
    }  # fmt: skip


@router.get(
    "/evaluation/campaigns", response={200: CampaignPage, 401: ErrorOut, 422: ValidationErrorOut}
)
def campaign_list(request: HttpRequest, query: Query[CampaignPageQuery]):
    qs = selectors.campaign_list(user=request.auth)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_campaign(c) for c in items]}


@router.post("/evaluation/campaigns", response={201: CampaignDetailOut, **WRITE})
def campaign_create(request: HttpRequest, payload: CampaignIn):
    campaign = services.campaign_create(actor=request.auth, **payload.dict())
    return 201, _campaign_detail(request.auth, campaign.pk)


@router.get("/evaluation/campaigns/{campaign_id}", response={200: CampaignDetailOut, **READ})
def campaign_detail(request: HttpRequest, campaign_id: int):
    return _campaign_detail(request.auth, campaign_id)


@router.post(
    "/evaluation/campaigns/{campaign_id}/transitions/{action}",
    response={200: CampaignDetailOut, **WRITE},
)
def campaign_transition(request: HttpRequest, campaign_id: int, action: str, payload: TransitionIn):
    services.campaign_transition(
        actor=request.auth, campaign_id=campaign_id, action=action,
        params=payload.params, comment=payload.comment,
    )  # fmt: skip
    return _campaign_detail(request.auth, campaign_id)


@router.post("/evaluation/campaigns/{campaign_id}/compute", response={202: ComputeJobOut, **WRITE})
def campaign_compute(request: HttpRequest, campaign_id: int):
    from django.urls import reverse

    job = services.campaign_compute_start(actor=request.auth, campaign_id=campaign_id)
    return 202, {"job_id": job.pk, "url": reverse("common:job", args=[job.pk])}


@router.get(
    "/evaluation/campaigns/{campaign_id}/centers", response={200: CampaignCenterPage, **READ}
)
def campaign_centers(request: HttpRequest, campaign_id: int, query: Query[CampaignPageQuery]):
    user = request.auth
    campaign = selectors.campaign_get(user=user, pk=campaign_id)
    qs = selectors.entry_list(user=user, campaign=campaign)
    items = slice_by_pk(qs.select_related("center", "center__city"), query.offset,
                        query.offset + query.limit)  # fmt: skip
    results = selectors.results_visible(user, campaign)
    return {"count": qs.count(), "items": [_entry(e, results) for e in items]}


@router.get(
    "/evaluation/campaigns/{campaign_id}/ranking", response={200: CampaignCenterPage, **READ}
)
def campaign_ranking(request: HttpRequest, campaign_id: int, query: Query[CampaignPageQuery]):
    user = request.auth
    campaign = selectors.campaign_get(user=user, pk=campaign_id)
    qs = selectors.ranking(user=user, campaign=campaign)
    items = list(qs[query.offset : query.offset + query.limit])
    return {"count": qs.count(), "items": [_entry(e, True) for e in items]}


@router.get(
    "/evaluation/campaigns/{campaign_id}/centers/{entry_id}",
    response={200: CampaignCenterDetailOut, **READ},
)
def campaign_center(request: HttpRequest, campaign_id: int, entry_id: int):
    return _entry_detail(request.auth, campaign_id, entry_id)


@router.post(
    "/evaluation/campaigns/{campaign_id}/centers/{entry_id}/transitions/{action}",
    response={200: CampaignCenterDetailOut, **WRITE},
)
def campaign_center_transition(
    request: HttpRequest, campaign_id: int, entry_id: int, action: str, payload: TransitionIn
):
    services.entry_transition(
        actor=request.auth, campaign_id=campaign_id, entry_id=entry_id, action=action,
        params=payload.params, comment=payload.comment,
    )  # fmt: skip
    return _entry_detail(request.auth, campaign_id, entry_id)


@router.put(
    "/evaluation/campaigns/{campaign_id}/centers/{entry_id}/scores/{indicator_id}",
    response={200: CampaignCenterDetailOut, **WRITE},
)
def campaign_center_score(
    request: HttpRequest,
    campaign_id: int,
    entry_id: int,
    indicator_id: int,
    payload: QualitativeScoreIn,
):
    services.qualitative_score_set(
        actor=request.auth, campaign_id=campaign_id, entry_id=entry_id,
        indicator_id=indicator_id, score=payload.score, reason=payload.reason,
    )  # fmt: skip
    return _entry_detail(request.auth, campaign_id, entry_id)


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    kind: str
    method: str
    sources: list[str]
    aggregate: str
    floor: Decimal | None
    target: Decimal | None
    bands: list
    min_score: Decimal
    max_score: Decimal
    article: str


class IndicatorGroupOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    children: list[IndicatorOut]


class IndicatorSystemOut(Schema):
    id: int
    code: str
    version: int
    name: str
    description: str
    indicators: list[IndicatorGroupOut]


def _leaf(i) -> dict:
    return {
        "id": i.pk, "code": i.code, "name": i.name, "weight": i.weight, "kind": i.kind,
        "method": i.method, "sources": i.sources, "aggregate": i.aggregate, "floor": i.floor,
        "target": i.target, "bands": i.bands, "min_score": i.min_score,
        "max_score": i.max_score, "article": i.article,
    }  # fmt: skip


def _system(system) -> dict:
    from .campaigns.indicators import system_tree

    return {
        "id": system.pk, "code": system.code, "version": system.version, "name": system.name,
        "description": system.description,
        "indicators": [
            {"id": g.pk, "code": g.code, "name": g.name, "weight": g.weight,
             "children": [_leaf(leaf) for leaf in leaves]}
            for g, leaves in system_tree(system)
        ],
    }  # fmt: skip


@router.get("/evaluation/indicator-systems/{system_id}", response={200: IndicatorSystemOut, **READ})
def indicator_system_detail(request: HttpRequest, system_id: int):
    return _system(selectors.indicator_system_get(user=request.auth, pk=system_id))


@router.post("/evaluation/indicator-systems", response={201: IndicatorSystemOut, **WRITE})
def indicator_system_create(request: HttpRequest, payload: Body[dict[str, Any]]):
    """A new version of an indicator system from its spec (see docs/evaluation.md); weights
    must sum to exactly 100 at each level."""
    from .campaigns.indicators import indicator_system_create as create

    return 201, _system(create(actor=request.auth, spec=payload))

"""/api/v1 for major matters (第二十三条): the same services and selectors as the pages, scoped
the same way (a record outside the caller's scope answers 404 like a missing one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import (
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.paging import slice_by_pk

from . import checks as checks_matters
from . import proposals
from . import selectors as selectors_matters
from . import services as services_matters
from .workflow import CHANGE_REQUEST_WORKFLOW, MAJOR_MATTER_WORKFLOW

router = Router(tags=["major matters"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}
LIST = {401: ErrorOut, 422: ValidationErrorOut}


class MatterListQuery(Schema):
    kind: str = Field("", max_length=30)
    status: str = Field("", max_length=20)
    city: str = Field("", max_length=6)
    center_id: int | None = Field(None, ge=1, le=2**62)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


# --- major-matter reports --------------------------------------------------------------------


class MatterOut(Schema):
    id: int
    center_id: int
    center: str
    city: str
    kind: str
    kind_label: str
    title: str
    occurred_on: dt.date | None
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    filed_at: dt.datetime | None
    updated_at: dt.datetime


class MatterDetailOut(MatterOut):
    body: str
    actions: list[ActionOut]


class MatterPage(Schema):
    count: int
    items: list[MatterOut]


class MatterIn(Schema):
    center_id: int = Field(..., ge=1, le=2**62)
    kind: str = Field(..., max_length=30)
    title: str = Field(..., max_length=200)
    body: str = Field("", max_length=services_matters.MAX_TEXT)
    occurred_on: dt.date | None = None


class MatterPatch(Schema):
    kind: str | None = Field(None, max_length=30)
    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=services_matters.MAX_TEXT)
    occurred_on: dt.date | None = None


def _matter_out(m) -> dict:
    return {
        "id": m.pk,
        "center_id": m.center_id,
        "center": m.center.name,
        "city": m.center.city.code,
        "kind": m.kind,
        "kind_label": str(m.get_kind_display()),
        "title": m.title,
        "occurred_on": m.occurred_on,
        "status": m.status,
        "status_label": str(m.get_status_display()),
        "submitted_at": m.submitted_at,
        "filed_at": m.filed_at,
        "updated_at": m.updated_at,
    }


def _matter_detail(request, matter_id) -> dict:
    user = request.auth
    m = selectors_matters.major_matter_get(user=user, pk=matter_id)
    return {
        **_matter_out(m),
        "body": m.body,
        "actions": actions_out(MAJOR_MATTER_WORKFLOW, user, m),
    }


@router.get("/major-matters", response={200: MatterPage, **LIST})
def major_matter_list(request: HttpRequest, query: Query[MatterListQuery]):
    qs = selectors_matters.major_matter_list(
        user=request.auth,
        kind=query.kind,
        status=query.status,
        city=query.city,
        center_id=query.center_id,
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_matter_out(m) for m in items]}


@router.get("/major-matters/{matter_id}", response={200: MatterDetailOut, **READ})
def major_matter_detail(request: HttpRequest, matter_id: int):
    return _matter_detail(request, matter_id)


@router.post("/major-matters", response={201: MatterDetailOut, **WRITE})
def major_matter_create(request: HttpRequest, payload: MatterIn):
    matter = services_matters.major_matter_create(actor=request.auth, **payload.dict())
    return 201, _matter_detail(request, matter.pk)


@router.patch("/major-matters/{matter_id}", response={200: MatterDetailOut, **WRITE})
def major_matter_update(request: HttpRequest, matter_id: int, payload: MatterPatch):
    services_matters.major_matter_save(
        actor=request.auth, matter_id=matter_id, **payload.dict(exclude_unset=True)
    )
    return _matter_detail(request, matter_id)


@router.post(
    "/major-matters/{matter_id}/transitions/{action}", response={200: MatterDetailOut, **WRITE}
)
def major_matter_transition(
    request: HttpRequest, matter_id: int, action: str, payload: TransitionIn
):
    services_matters.major_matter_transition(
        actor=request.auth,
        matter_id=matter_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _matter_detail(request, matter_id)


# --- change requests -------------------------------------------------------------------------


class ChangeFindingOut(Schema):
    rule: str
    article: str
    severity: str
    outcome: str
    message: str


class LineOut(Schema):
    label: str
    text: str


class ChangeRequestOut(Schema):
    id: int
    center_id: int
    center: str
    city: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    updated_at: dt.datetime


class ChangeDetailOut(ChangeRequestOut):
    reason: str
    proposed: dict[str, Any]
    proposal: list[LineOut]
    city_opinion: str
    justification: str
    rule_set_code: str
    findings: list[ChangeFindingOut]
    actions: list[ActionOut]


class ChangePage(Schema):
    count: int
    items: list[ChangeRequestOut]


class ChangeIn(Schema):
    center_id: int = Field(..., ge=1, le=2**62)
    kind: str = Field(..., max_length=30)
    reason: str = Field("", max_length=services_matters.MAX_TEXT)
    proposed: dict[str, Any] | None = None


class ChangePatch(Schema):
    reason: str | None = Field(None, max_length=services_matters.MAX_TEXT)
    proposed: dict[str, Any] | None = None


def _change_out(c) -> dict:
    return {
        "id": c.pk,
        "center_id": c.center_id,
        "center": c.center.name,
        "city": c.center.city.code,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "submitted_at": c.submitted_at,
        "decided_at": c.decided_at,
        "updated_at": c.updated_at,
    }


def _change_detail(request, change_id) -> dict:
    user = request.auth
    c = selectors_matters.change_request_get(user=user, pk=change_id)
    rule_set_code, _rows, findings = checks_matters.displayed_findings(c, user)
    return {
        **_change_out(c),
        "reason": c.reason,
        "proposed": c.proposed,
        "proposal": [
            {"label": str(label), "text": str(text)} for label, text in proposals.proposal_lines(c)
        ],
        "city_opinion": c.city_opinion,
        "justification": c.justification,
        "rule_set_code": rule_set_code,
        "findings": findings,
        "actions": actions_out(CHANGE_REQUEST_WORKFLOW, user, c),
    }


@router.get("/change-requests", response={200: ChangePage, **LIST})
def change_request_list(request: HttpRequest, query: Query[MatterListQuery]):
    qs = selectors_matters.change_request_list(
        user=request.auth,
        kind=query.kind,
        status=query.status,
        city=query.city,
        center_id=query.center_id,
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_change_out(c) for c in items]}


@router.get("/change-requests/{change_id}", response={200: ChangeDetailOut, **READ})
def change_request_detail(request: HttpRequest, change_id: int):
    return _change_detail(request, change_id)


@router.post("/change-requests", response={201: ChangeDetailOut, **WRITE})
def change_request_create(request: HttpRequest, payload: ChangeIn):
    """`proposed` by kind — director: `{"name", "id_number"}`; executive_director: the same
    and `"full_time": true|false`; co_builders: `{"add": [{"uscc", "name", "kind", "duties",
    "agreement_signed_on": "YYYY-MM-DD"}], "remove": ["<uscc>"]}` (the co-building agreement's
    date is required and not in the future, 第十二条第1项); host_unit: `{"uscc", "name"}` (a
    legal person registered in Jiangsu, 第十二条第1项); research_direction,
    development_goals, organisation_structure: `{"text"}`. ID numbers are hashed at once and
    never returned."""
    change = services_matters.change_request_create(
        actor=request.auth,
        center_id=payload.center_id,
        kind=payload.kind,
        reason=payload.reason,
        proposed=payload.proposed,
    )
    return 201, _change_detail(request, change.pk)


@router.patch("/change-requests/{change_id}", response={200: ChangeDetailOut, **WRITE})
def change_request_update(request: HttpRequest, change_id: int, payload: ChangePatch):
    services_matters.change_request_save(
        actor=request.auth, change_id=change_id, **payload.dict(exclude_unset=True)
    )
    return _change_detail(request, change_id)


@router.post(
    "/change-requests/{change_id}/transitions/{action}",
    response={200: ChangeDetailOut, **WRITE},
)
def change_request_transition(
    request: HttpRequest, change_id: int, action: str, payload: TransitionIn
):
    services_matters.change_request_transition(
        actor=request.auth,
        change_id=change_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _change_detail(request, change_id)


class VersionChangeOut(Schema):
    label: str
    before: str
    after: str


class RecordVersionOut(Schema):
    number: int
    change_request_id: int | None
    approved_by: str | None
    approved_at: dt.datetime | None
    snapshot: dict[str, Any]
    changes: list[VersionChangeOut]


@router.get("/centers/{center_id}/record-versions", response={200: list[RecordVersionOut], **READ})
def center_record_versions(request: HttpRequest, center_id: int):
    """Every version of the parts of the record change requests change, newest first, with who
    approved it and when."""
    center = selectors_matters.center_for_history(user=request.auth, pk=center_id)
    return [
        {
            "number": v.number,
            "change_request_id": v.change_request_id,
            "approved_by": str(v.approved_by) if v.approved_by_id else None,
            "approved_at": v.approved_at,
            "snapshot": v.snapshot,
            "changes": [{k: str(x) for k, x in c.items()} for c in v.changes],
        }
        for v in selectors_matters.center_record_versions(center)
    ]

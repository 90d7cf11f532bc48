"""integrity API (第二十六条): the province's findings; for anyone else a finding is 404 (like a
missing one) and the list is refused, like the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import ErrorOut, ValidationErrorOut
from ticms.common.exceptions import PermissionDenied
from ticms.common.paging import slice_by_pk

from .integrity import selectors, services

router = Router(tags=["integrity"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


class FindingListQuery(Schema):
    subject: str = Field("", max_length=10)
    q: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class FindingOut(Schema):
    id: int
    subject: str
    subject_label: str
    center_id: int | None
    person_id: int | None
    expert_id: int | None
    name: str
    kind: str
    kind_label: str
    facts: str
    source: str
    decision: str
    decided_on: dt.date
    excluded_until: dt.date | None
    created_at: dt.datetime


class FindingPage(Schema):
    count: int
    items: list[FindingOut]


class FindingIn(Schema):
    subject: str = Field(..., max_length=10)
    center_id: int | None = Field(None, ge=1, le=2**62)
    person_id: int | None = Field(None, ge=1, le=2**62)
    person_id_number: str = Field("", max_length=32)
    expert_id: int | None = Field(None, ge=1, le=2**62)
    kind: str = Field(..., max_length=20)
    facts: str = Field(..., max_length=services.MAX_TEXT)
    source: str = Field(..., max_length=200)
    decision: str = Field(..., max_length=services.MAX_TEXT)
    decided_on: dt.date
    exclusion_months: int | None = Field(None, ge=-(2**31), le=2**31)


def _out(f) -> dict:
    return {
        "id": f.pk,
        "subject": f.subject,
        "subject_label": str(f.get_subject_display()),
        "center_id": f.center_id,
        "person_id": f.person_id,
        "expert_id": f.expert_id,
        "name": f.subject_label,
        "kind": f.kind,
        "kind_label": str(f.get_kind_display()),
        "facts": f.facts,
        "source": f.source,
        "decision": f.decision,
        "decided_on": f.decided_on,
        "excluded_until": f.excluded_until,
        "created_at": f.created_at,
    }


@router.get(
    "/integrity/findings",
    response={200: FindingPage, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
)
def finding_list(request: HttpRequest, query: Query[FindingListQuery]):
    if not getattr(request.auth, "is_province", False):
        raise PermissionDenied()
    qs = selectors.finding_list(user=request.auth, subject=query.subject, q=query.q)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_out(f) for f in items]}


@router.get("/integrity/findings/{finding_id}", response={200: FindingOut, **READ})
def finding_detail(request: HttpRequest, finding_id: int):
    return _out(selectors.finding_get(user=request.auth, pk=finding_id))


@router.post("/integrity/findings", response={201: FindingOut, **WRITE})
def finding_create(request: HttpRequest, payload: FindingIn):
    finding = services.finding_record(actor=request.auth, **payload.dict())
    return 201, _out(selectors.finding_get(user=request.auth, pk=finding.pk))

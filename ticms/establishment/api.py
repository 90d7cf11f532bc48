"""/api/v1 for applications: lists, details, eligibility, versions and transitions — the same
services and selectors as the pages, scoped the same way (a record outside the caller's scope
answers 404 like a missing one). Guides are in api_guides, drafting in api_drafting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ticms.catalog.models import IndustryField
from ticms.common.api_schemas import (
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.common.paging import slice_by_pk
from ticms.regulation.api import EligibilityOut

from . import selectors, services
from .eligibility import application_eligibility
from .models import PLAN_SECTIONS
from .versions import compare
from .workflow import APPLICATION_WORKFLOW

router = Router(tags=["establishment"])

READ = {200: None, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


# --- Applications ---------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    code: str
    guide_id: int
    center_name: str
    city: str
    host_unit: str
    host_unit_uscc: str
    sub_field: str | None
    status: str
    status_label: str
    version: int
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class TargetOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target_value: Decimal
    target_year: int


class ApplicationDetailOut(ApplicationOut):
    plan: dict[str, str]
    profile: dict
    targets: list[TargetOut]
    co_builders: list[dict]
    team_size: int
    director: str | None
    executive_director: str | None
    attachments: list[dict]
    rule_set_code: str
    approval_doc_no: str
    approved_on: dt.date | None
    center_id: int | None
    actions: list[ActionOut]


class ApplicationPage(Schema):
    count: int
    items: list[ApplicationOut]


class ApplicationQuery(Schema):
    guide: int | None = Field(None, ge=1, le=2**62)
    city: str = Field("", max_length=6)
    status: str = Field("", max_length=20)
    q: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


def _application_out(a) -> dict:
    return {
        "id": a.pk,
        "code": a.code,
        "guide_id": a.guide_id,
        "center_name": a.center_name,
        "city": a.city.code,
        "host_unit": a.host_unit.name,
        "host_unit_uscc": a.host_unit.uscc,
        "sub_field": a.sub_field.code if a.sub_field_id else None,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "version": a.version,
        "submitted_at": a.submitted_at,
        "updated_at": a.updated_at,
    }


def _application_detail(user, a) -> dict:
    from .eligibility import profile_dict

    return {
        **_application_out(a),
        "plan": {name: getattr(a, name) for name, _label in PLAN_SECTIONS},
        "profile": profile_dict(a),
        "targets": [
            {
                "id": t.pk,
                "name": t.name,
                "unit": t.unit,
                "baseline": t.baseline,
                "target_value": t.target_value,
                "target_year": t.target_year,
            }
            for t in a.targets.all()
        ],
        "co_builders": [
            {"id": c.pk, "name": c.name, "uscc": c.uscc, "kind": c.kind, "duties": c.duties}
            for c in a.co_builders.all()
        ],
        "team_size": a.team_members.count(),
        "director": a.director.name if a.director_id else None,
        "executive_director": a.executive_director.name if a.executive_director_id else None,
        "attachments": [
            {
                "id": x.pk,
                "kind": x.kind,
                "name": x.original_name,
                "size": x.size,
                "sha256": x.sha256,
            }
            for x in a.attachments.all()
        ],
        "rule_set_code": a.rule_set_code,
        "approval_doc_no": a.approval_doc_no,
        "approved_on": a.approved_on,
        "center_id": a.center_id,
        "actions": actions_out(APPLICATION_WORKFLOW, user, a),
    }


def _detail(request, application_id: int) -> dict:
    return _application_detail(
        request.auth, selectors.application_get(user=request.auth, pk=application_id)
    )


@router.get(
    "/applications", response={200: ApplicationPage, 401: ErrorOut, 422: ValidationErrorOut}
)
def application_list(request: HttpRequest, query: Query[ApplicationQuery]):
    qs = selectors.application_list(
        user=request.auth,
        filters=selectors.ApplicationFilters(
            guide=query.guide, city=query.city, status=query.status, q=query.q
        ),
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_application_out(a) for a in items]}


@router.get("/applications/{application_id}", response={**READ, 200: ApplicationDetailOut})
def application_detail(request: HttpRequest, application_id: int):
    return _detail(request, application_id)


@router.get("/applications/{application_id}/eligibility", response={**READ, 200: EligibilityOut})
def application_eligibility_check(request: HttpRequest, application_id: int):
    application = selectors.application_get(user=request.auth, pk=application_id)
    return application_eligibility(application, viewer=request.auth).as_dict(
        language=request.LANGUAGE_CODE
    )


class VersionOut(Schema):
    number: int
    event: str
    created_at: dt.datetime
    created_by: str


@router.get("/applications/{application_id}/versions", response={**READ, 200: list[VersionOut]})
def application_versions(request: HttpRequest, application_id: int):
    application = selectors.application_get(user=request.auth, pk=application_id)
    return [
        {
            "number": v.number,
            "event": v.event,
            "created_at": v.created_at,
            "created_by": str(v.created_by),
        }
        for v in selectors.application_versions(application)
    ]


class CompareQuery(Schema):
    old: int = Field(..., ge=1, le=10**6)
    new: int = Field(..., ge=1, le=10**6)


class ChangeOut(Schema):
    path: str
    label: str
    old: object = None
    new: object = None


@router.get(
    "/applications/{application_id}/versions/compare", response={**READ, 200: list[ChangeOut]}
)
def application_compare(request: HttpRequest, application_id: int, query: Query[CompareQuery]):
    application = selectors.application_get(user=request.auth, pk=application_id)
    versions = {v.number: v for v in application.versions.filter(number__in=[query.old, query.new])}
    if query.old not in versions or query.new not in versions:
        raise NotFound()
    return compare(versions[query.old].snapshot, versions[query.new].snapshot)


# The same path as the list: one router answers both methods.
class ApplicationIn(Schema):
    guide_id: int = Field(..., ge=1, le=2**62)
    center_name: str = Field("", max_length=200)
    sub_field: str | None = Field(None, max_length=20)
    # For a regional center the caller runs (第六条): its contract will promote that record.
    center_id: int | None = Field(None, ge=1, le=2**62)


def _sub_field(code: str | None):
    if not code:
        return None
    field = IndustryField.objects.filter(code=code, parent__isnull=False, is_active=True).first()
    if field is None:
        raise ValidationFailed({"sub_field": [f"unknown sub-field: {code}"]})
    return field


@router.post("/applications", response={201: ApplicationDetailOut, **WRITE})
def application_create(request: HttpRequest, payload: ApplicationIn):
    application = services.application_create(
        actor=request.auth,
        guide_id=payload.guide_id,
        center_name=payload.center_name,
        sub_field=_sub_field(payload.sub_field),
        center_id=payload.center_id,
    )
    return 201, _detail(request, application.pk)


@router.post(
    "/applications/{application_id}/transitions/{action}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_transition(
    request: HttpRequest, application_id: int, action: str, payload: TransitionIn
):
    services.application_transition(
        actor=request.auth,
        application_id=application_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _detail(request, application_id)

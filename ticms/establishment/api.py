"""/api/v1 for guides and applications: the same services and selectors as the pages, scoped
the same way (a record outside the caller's scope answers 404 like a missing one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Body, Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from ticms.accounts.models import City
from ticms.catalog.models import IndustryField
from ticms.common.api_schemas import (
    FILE_DOWNLOAD,
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.common.files import attachment_download
from ticms.regulation.api import EligibilityOut

from . import selectors, services
from .eligibility import application_eligibility
from .models import PLAN_SECTIONS
from .versions import compare
from .workflow import APPLICATION_WORKFLOW, GUIDE_WORKFLOW

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


# --- Guides ---------------------------------------------------------------------------------


class CriterionOut(Schema):
    name: str
    description: str
    weight: Decimal


class GuideOut(Schema):
    id: int
    year: int
    title: str
    status: str
    status_label: str
    opens_on: dt.date
    closes_on: dt.date
    city_review_ends_on: dt.date | None
    priority_fields: list[str]
    required_materials: list[str]
    notice_workdays: int


class GuideDetailOut(GuideOut):
    requirements: str
    criteria: list[CriterionOut]
    quotas: dict[str, int]
    actions: list[ActionOut]


def _guide_out(g) -> dict:
    return {
        "id": g.pk,
        "year": g.year,
        "title": g.title,
        "status": g.status,
        "status_label": str(g.get_status_display()),
        "opens_on": g.opens_on,
        "closes_on": g.closes_on,
        "city_review_ends_on": g.city_review_ends_on,
        "priority_fields": [f.code for f in g.priority_fields.all()],
        "required_materials": list(g.required_materials),
        "notice_workdays": g.notice_workdays,
    }


def _guide_detail(user, g) -> dict:
    return {
        **_guide_out(g),
        "requirements": g.requirements,
        "criteria": [
            {"name": c.name, "description": c.description, "weight": c.weight}
            for c in g.criteria.all()
        ],
        "quotas": {q.city.code: q.quota for q in g.quotas.select_related("city")},
        "actions": actions_out(GUIDE_WORKFLOW, user, g),
    }


@router.get("/guides", response={200: list[GuideOut], 401: ErrorOut})
def guide_list(request: HttpRequest):
    return [_guide_out(g) for g in selectors.guide_list(user=request.auth)]


@router.get("/guides/{guide_id}", response={**READ, 200: GuideDetailOut})
def guide_detail(request: HttpRequest, guide_id: int):
    return _guide_detail(request.auth, selectors.guide_get(user=request.auth, pk=guide_id))


class CriterionIn(Schema):
    name: str = Field(..., max_length=100)
    description: str = Field("", max_length=500)
    weight: Decimal = Field(..., gt=0, le=100, max_digits=5, decimal_places=2)


class GuideIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., max_length=200)
    opens_on: dt.date
    closes_on: dt.date
    city_review_ends_on: dt.date | None = None
    priority_fields: list[str] = Field([], max_length=100)
    required_materials: list[str] = Field([], max_length=20)
    requirements: str = Field("", max_length=20000)
    notice_workdays: int = Field(5, ge=5, le=30)
    criteria: list[CriterionIn] = Field([], max_length=20)
    quotas: dict[str, int] = {}


def _guide_kwargs(payload: GuideIn) -> dict:
    fields = list(IndustryField.objects.filter(code__in=payload.priority_fields, is_active=True))
    unknown = sorted(set(payload.priority_fields) - {f.code for f in fields})
    cities = {c.code: c for c in City.objects.filter(code__in=payload.quotas)}
    errors = {}
    if unknown:
        errors["priority_fields"] = [f"unknown: {', '.join(unknown)}"]
    missing = sorted(set(payload.quotas) - set(cities))
    if missing:
        errors["quotas"] = [f"unknown city codes: {', '.join(missing)}"]
    if errors:
        raise ValidationFailed(errors)
    data = payload.dict()
    data["priority_fields"] = fields
    data["criteria"] = [c.dict() for c in payload.criteria]
    data["quotas"] = {cities[code]: n for code, n in payload.quotas.items()}
    return data


@router.post("/guides", response={201: GuideDetailOut, **WRITE})
def guide_create(request: HttpRequest, payload: GuideIn):
    guide = services.guide_create(actor=request.auth, **_guide_kwargs(payload))
    return 201, _guide_detail(request.auth, guide)


@router.put("/guides/{guide_id}", response={200: GuideDetailOut, **WRITE})
def guide_update(request: HttpRequest, guide_id: int, payload: GuideIn):
    selectors.guide_get(user=request.auth, pk=guide_id)
    guide = services.guide_update(actor=request.auth, guide_id=guide_id, **_guide_kwargs(payload))
    return _guide_detail(request.auth, guide)


@router.post("/guides/{guide_id}/transitions/{action}", response={200: GuideDetailOut, **WRITE})
def guide_transition(request: HttpRequest, guide_id: int, action: str, payload: TransitionIn):
    guide = services.guide_transition(
        actor=request.auth,
        guide_id=guide_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _guide_detail(request.auth, selectors.guide_get(user=request.auth, pk=guide.pk))


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
    items = qs[query.offset : query.offset + query.limit]
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


class BasicsIn(Schema):
    center_name: str = Field(..., max_length=200)
    sub_field: str | None = Field(None, max_length=20)


@router.put("/applications/{application_id}/basics", response={200: ApplicationDetailOut, **WRITE})
def application_basics(request: HttpRequest, application_id: int, payload: BasicsIn):
    services.application_basics_save(
        actor=request.auth,
        application_id=application_id,
        center_name=payload.center_name,
        sub_field=_sub_field(payload.sub_field),
    )
    return _detail(request, application_id)


@router.patch("/applications/{application_id}/plan", response={200: ApplicationDetailOut, **WRITE})
def application_plan(request: HttpRequest, application_id: int, payload: Body[dict[str, str]]):
    services.application_plan_save(
        actor=request.auth, application_id=application_id, sections=payload
    )
    return _detail(request, application_id)


class ProfileIn(Schema):
    answers: dict[str, str | bool | None] = {}
    rd_investment: dict[str, str | None] = {}


@router.patch(
    "/applications/{application_id}/profile", response={200: ApplicationDetailOut, **WRITE}
)
def application_profile(request: HttpRequest, application_id: int, payload: ProfileIn):
    services.application_profile_save(
        actor=request.auth,
        application_id=application_id,
        answers=payload.answers,
        rd_investment=payload.rd_investment,
    )
    return _detail(request, application_id)


class PersonIn(Schema):
    name: str = Field(..., max_length=100)
    id_number: str = Field(..., max_length=32)
    title_level: str = Field("none", max_length=20)
    degree: str = Field("other", max_length=20)


class LeadersIn(Schema):
    director: PersonIn | None = None
    executive_director: PersonIn | None = None


@router.put("/applications/{application_id}/leaders", response={200: ApplicationDetailOut, **WRITE})
def application_leaders(request: HttpRequest, application_id: int, payload: LeadersIn):
    services.application_leaders_save(
        actor=request.auth,
        application_id=application_id,
        director=payload.director.dict() if payload.director else None,
        executive_director=(
            payload.executive_director.dict() if payload.executive_director else None
        ),
    )
    return _detail(request, application_id)


class TargetIn(Schema):
    name: str = Field(..., max_length=200)
    unit: str = Field(..., max_length=30)
    baseline: str | None = Field(None, max_length=30)
    target_value: str = Field(..., max_length=30)
    target_year: int = Field(..., ge=1900, le=2200)


@router.post(
    "/applications/{application_id}/targets", response={201: ApplicationDetailOut, **WRITE}
)
def application_target_add(request: HttpRequest, application_id: int, payload: TargetIn):
    services.target_add(actor=request.auth, application_id=application_id, **payload.dict())
    return 201, _detail(request, application_id)


@router.delete(
    "/applications/{application_id}/targets/{target_id}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_target_remove(request: HttpRequest, application_id: int, target_id: int):
    services.target_remove(actor=request.auth, application_id=application_id, target_id=target_id)
    return _detail(request, application_id)


class CoBuilderIn(Schema):
    name: str = Field(..., max_length=200)
    uscc: str = Field(..., max_length=18)
    kind: str = Field(..., max_length=30)
    duties: str = Field("", max_length=2000)


@router.post(
    "/applications/{application_id}/co-builders", response={201: ApplicationDetailOut, **WRITE}
)
def application_co_builder_add(request: HttpRequest, application_id: int, payload: CoBuilderIn):
    services.co_builder_add(actor=request.auth, application_id=application_id, **payload.dict())
    return 201, _detail(request, application_id)


@router.delete(
    "/applications/{application_id}/co-builders/{co_builder_id}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_co_builder_remove(request: HttpRequest, application_id: int, co_builder_id: int):
    services.co_builder_remove(
        actor=request.auth, application_id=application_id, co_builder_id=co_builder_id
    )
    return _detail(request, application_id)


class TeamRowIn(PersonIn):
    team: str = Field(..., max_length=20)
    position: str = Field("", max_length=100)
    full_time: bool = True
    is_rd_staff: bool = True


@router.post("/applications/{application_id}/team", response={201: ApplicationDetailOut, **WRITE})
def application_team_add(request: HttpRequest, application_id: int, payload: list[TeamRowIn]):
    services.team_members_add(
        actor=request.auth, application_id=application_id, rows=[r.dict() for r in payload]
    )
    return 201, _detail(request, application_id)


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


@router.delete(
    "/applications/{application_id}/team/{member_id}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_team_remove(request: HttpRequest, application_id: int, member_id: int):
    services.team_member_remove(
        actor=request.auth, application_id=application_id, member_id=member_id
    )
    return _detail(request, application_id)


class ExcludedUnitIn(Schema):
    name: str = Field(..., max_length=200)
    uscc: str = Field("", max_length=18)
    reason: str = Field("", max_length=500)


@router.post(
    "/applications/{application_id}/excluded-units",
    response={201: ApplicationDetailOut, **WRITE},
)
def application_excluded_unit_add(
    request: HttpRequest, application_id: int, payload: ExcludedUnitIn
):
    services.excluded_unit_add(actor=request.auth, application_id=application_id, **payload.dict())
    return 201, _detail(request, application_id)


@router.delete(
    "/applications/{application_id}/excluded-units/{unit_id}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_excluded_unit_remove(request: HttpRequest, application_id: int, unit_id: int):
    services.excluded_unit_remove(
        actor=request.auth, application_id=application_id, unit_id=unit_id
    )
    return _detail(request, application_id)


@router.put(
    "/applications/{application_id}/responses", response={200: ApplicationDetailOut, **WRITE}
)
def application_responses(request: HttpRequest, application_id: int, payload: Body[dict[str, str]]):
    """The answer to each argumentation opinion, by its key (`panel:1`, `assignment:7`)."""
    services.opinion_response_save(
        actor=request.auth, application_id=application_id, responses=payload
    )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/attachments",
    response={201: ApplicationDetailOut, **WRITE},
)
def application_attachment_add(
    request: HttpRequest,
    application_id: int,
    kind: Form[str],
    file: File[UploadedFile],
):
    services.attachment_add(
        actor=request.auth, application_id=application_id, kind=kind, upload=file
    )
    return 201, _detail(request, application_id)


@router.delete(
    "/applications/{application_id}/attachments/{attachment_id}",
    response={200: ApplicationDetailOut, **WRITE},
)
def application_attachment_remove(request: HttpRequest, application_id: int, attachment_id: int):
    services.attachment_remove(
        actor=request.auth, application_id=application_id, attachment_id=attachment_id
    )
    return _detail(request, application_id)


@router.get(
    "/applications/{application_id}/attachments/{attachment_id}",
    response={401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=FILE_DOWNLOAD,
)
def application_attachment_download(request: HttpRequest, application_id: int, attachment_id: int):
    application = selectors.application_get(user=request.auth, pk=application_id)
    return attachment_download(application.attachments.all(), attachment_id)

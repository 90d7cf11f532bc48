"""/api/v1 for drafting an application (第十三条第2项): every section and row the pages edit."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Body, Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from ticms.common.api_schemas import (
    FILE_DOWNLOAD,
    ErrorOut,
    ValidationErrorOut,
)
from ticms.common.files import attachment_download

from . import selectors, services
from .api import WRITE, ApplicationDetailOut, _detail, _sub_field

router = Router(tags=["establishment"])


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

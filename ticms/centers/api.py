import datetime as dt
from decimal import Decimal

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

from . import selectors, services
from .workflow import CENTER_WORKFLOW

router = Router(tags=["centers"])


class CenterOut(Schema):
    id: int
    code: str
    name: str
    city: str
    city_code: str
    sub_field: str
    sub_field_code: str
    category: str
    host_unit: str
    host_unit_uscc: str
    status: str
    status_label: str
    headquarters_id: int | None
    rd_site_area_m2: Decimal | None
    instrument_value_wan_yuan: Decimal | None
    approval_doc_no: str
    construction_starts_on: dt.date | None
    construction_ends_on: dt.date | None
    rectification_deadline: dt.date | None


class CenterDetailOut(CenterOut):
    actions: list[ActionOut]
    team: dict


class CenterPage(Schema):
    count: int
    items: list[CenterOut]


class CenterQuery(Schema):
    city: str = Field("", max_length=6)
    category: str = Field("", max_length=20)
    sub_field: str = Field("", max_length=20)
    status: str = Field("", max_length=20)
    q: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)  # databases refuse offsets beyond 64 bits


def _out(c) -> dict:
    return {
        "id": c.pk,
        "code": c.code,
        "name": c.name,
        "city": c.city.name,
        "city_code": c.city.code,
        "sub_field": c.sub_field.name,
        "sub_field_code": c.sub_field.code,
        "category": c.sub_field.category,
        "host_unit": c.host_unit.name,
        "host_unit_uscc": c.host_unit.uscc,
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "headquarters_id": c.headquarters_id,
        "rd_site_area_m2": c.rd_site_area_m2,
        "instrument_value_wan_yuan": c.instrument_value_wan_yuan,
        "approval_doc_no": c.approval_doc_no,
        "construction_starts_on": c.construction_starts_on,
        "construction_ends_on": c.construction_ends_on,
        "rectification_deadline": c.rectification_deadline,
    }


# 422: a query or path value of the wrong type or length; 400: a body that is not JSON.
@router.get("/centers", response={200: CenterPage, 401: ErrorOut, 422: ValidationErrorOut})
def center_list(request: HttpRequest, query: Query[CenterQuery]):
    filters = selectors.CenterFilters(
        city=query.city,
        category=query.category,
        sub_field=query.sub_field,
        status=query.status,
        q=query.q,
    )
    qs = selectors.center_list(user=request.auth, filters=filters)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_out(c) for c in items]}


def _detail(user, center) -> dict:
    stats = selectors.team_stats(center)
    return {
        **_out(center),
        "actions": actions_out(CENTER_WORKFLOW, user, center),
        "team": {k: v for k, v in stats.items() if k != "teams"},
    }


@router.get(
    "/centers/{center_id}",
    response={200: CenterDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def center_detail(request: HttpRequest, center_id: int):
    return _detail(request.auth, selectors.center_get(user=request.auth, pk=center_id))


@router.post(
    "/centers/{center_id}/transitions/{action}",
    response={
        200: CenterDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
)
def center_transition(request: HttpRequest, center_id: int, action: str, payload: TransitionIn):
    center = services.center_transition(
        actor=request.auth,
        center_id=center_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _detail(request.auth, selectors.center_get(user=request.auth, pk=center.pk))

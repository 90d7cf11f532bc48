"""/api/v1 for guides (第十一条、第十三条第1项): read by all signed in, written by the province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ticms.accounts.models import City
from ticms.catalog.models import IndustryField
from ticms.common.api_schemas import (
    ActionOut,
    ErrorOut,
    TransitionIn,
    actions_out,
)
from ticms.common.exceptions import ValidationFailed

from . import selectors, services
from .api import READ, WRITE
from .workflow import GUIDE_WORKFLOW

router = Router(tags=["guides"])


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

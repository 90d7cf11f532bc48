"""REST API of the acceptance (验收, 第七条第3项): the same services and selectors as the pages,
the same scoping (an acceptance outside the caller's scope is 404, like a missing one)."""

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

from . import acceptance_selectors as selectors
from . import acceptance_services as services
from .acceptance_figures import acceptance_figures
from .workflow_acceptance import ACCEPTANCE_WORKFLOW

router = Router(tags=["acceptance"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 409: ErrorOut, **READ_ERRORS}


class AcceptanceOut(Schema):
    id: int
    code: str
    center_id: int
    center: str
    city: str
    attempt: int
    status: str
    status_label: str
    construction_ends_on: dt.date | None
    submitted_at: dt.datetime | None
    concluded_at: dt.datetime | None
    rectification_deadline: dt.date | None


class AcceptancePage(Schema):
    count: int
    items: list[AcceptanceOut]


class AcceptanceQuery(Schema):
    status: str = Field("", max_length=20)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class SourceOut(Schema):
    report_id: int
    year: int


class AcceptanceTargetOut(Schema):
    target_id: int
    name: str
    unit: str
    target_value: Decimal
    target_year: int
    achieved: Decimal | None
    met: bool | None
    source: SourceOut | None


class MarketOut(Schema):
    """第十八条: passed = 3 × market ≥ total, exact; null without the figures."""

    source: SourceOut | None
    market: Decimal | None
    total: Decimal | None
    passed: bool | None


class InvestmentOut(Schema):
    """第十二条第3项: the region's committed new investment against the reported funding."""

    committed: Decimal | None
    committed_meets_minimum: bool | None
    reported: Decimal
    delivered: bool | None
    sources: list[SourceOut]


class PanelRef(Schema):
    id: int
    status: str
    recommendation: str
    opinion: str


class AcceptanceDetailOut(AcceptanceOut):
    self_assessment: str
    city_opinion: str
    conclusion: str
    panel: PanelRef | None
    targets: list[AcceptanceTargetOut]
    market: MarketOut
    investment: InvestmentOut
    actions: list[ActionOut]


def _source(report) -> dict | None:
    return {"report_id": report.pk, "year": report.year} if report is not None else None


def _acceptance(a) -> dict:
    center = a.center
    return {
        "id": a.pk,
        "code": a.code,
        "center_id": center.pk,
        "center": center.name,
        "city": center.city.name,
        "attempt": a.attempt,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "construction_ends_on": center.construction_ends_on,
        "submitted_at": a.submitted_at,
        "concluded_at": a.concluded_at,
        "rectification_deadline": a.rectification_deadline,
    }


def _detail(user, a) -> dict:
    figures = acceptance_figures(a.center)
    panel = selectors.acceptance_panel(a)
    concluded = panel is not None and panel.status == "concluded"
    inv = figures.investment
    return {
        **_acceptance(a),
        "self_assessment": a.self_assessment,
        "city_opinion": a.city_opinion,
        "conclusion": a.conclusion,
        "panel": {
            "id": panel.pk,
            "status": panel.status,
            "recommendation": panel.recommendation if concluded else "",
            "opinion": panel.opinion if concluded else "",
        }
        if panel is not None
        else None,
        "targets": [
            {
                "target_id": row.target.pk,
                "name": row.target.name,
                "unit": row.target.unit,
                "target_value": row.target.target_value,
                "target_year": row.target.target_year,
                "achieved": row.achieved,
                "met": row.met,
                "source": _source(row.report),
            }
            for row in figures.targets
        ],
        "market": {
            "source": _source(figures.market.report),
            "market": figures.market.market,
            "total": figures.market.total,
            "passed": figures.market.passed,
        },
        "investment": {
            "committed": inv.committed,
            "committed_meets_minimum": inv.committed_meets_minimum,
            "reported": inv.reported,
            "delivered": inv.delivered,
            "sources": [_source(report) for report, _amount in inv.reports],
        },
        "actions": actions_out(ACCEPTANCE_WORKFLOW, user, a),
    }


@router.get("/acceptances", response={200: AcceptancePage, **READ_ERRORS})
def acceptance_list(request: HttpRequest, query: Query[AcceptanceQuery]):
    """The province: every acceptance; a city: its centers'; a center: its own."""
    qs = selectors.acceptance_list(user=request.auth, status=query.status)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_acceptance(a) for a in items]}


@router.get("/acceptances/{acceptance_id}", response={200: AcceptanceDetailOut, **READ_ERRORS})
def acceptance_detail(request: HttpRequest, acceptance_id: int):
    return _detail(request.auth, selectors.acceptance_get(user=request.auth, pk=acceptance_id))


class AcceptanceIn(Schema):
    center_id: int = Field(..., ge=1, le=2**31 - 1)
    self_assessment: str = Field("", max_length=20000)


@router.post("/acceptances", response={201: AcceptanceDetailOut, **WRITE_ERRORS})
def acceptance_create(request: HttpRequest, payload: AcceptanceIn):
    """The center applies (a draft; submit it with the `submit` transition)."""
    a = services.acceptance_create(
        actor=request.auth, center_id=payload.center_id, self_assessment=payload.self_assessment
    )
    return 201, _detail(request.auth, selectors.acceptance_get(user=request.auth, pk=a.pk))


class SelfAssessmentIn(Schema):
    self_assessment: str = Field(..., max_length=20000)


@router.put(
    "/acceptances/{acceptance_id}/self-assessment",
    response={200: AcceptanceDetailOut, **WRITE_ERRORS},
)
def acceptance_update(request: HttpRequest, acceptance_id: int, payload: SelfAssessmentIn):
    services.acceptance_update(
        actor=request.auth, acceptance_id=acceptance_id, self_assessment=payload.self_assessment
    )
    return _detail(request.auth, selectors.acceptance_get(user=request.auth, pk=acceptance_id))


@router.post(
    "/acceptances/{acceptance_id}/transitions/{action}",
    response={200: AcceptanceDetailOut, **WRITE_ERRORS},
)
def acceptance_transition(
    request: HttpRequest, acceptance_id: int, action: str, payload: TransitionIn
):
    """submit (the center); return (comment), city_opinion (params.opinion) by its city; pass,
    fail (params.rectification_deadline), revoke by the province, each with params.conclusion,
    after the expert panel's opinion."""
    services.acceptance_transition(
        actor=request.auth,
        acceptance_id=acceptance_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _detail(request.auth, selectors.acceptance_get(user=request.auth, pk=acceptance_id))


class AcceptancePanelIn(Schema):
    mode: str = Field(..., max_length=20)
    due_on: dt.date
    meeting_at: dt.datetime | None = None
    place: str = Field("", max_length=200)


@router.post(
    "/acceptances/{acceptance_id}/panel", response={201: AcceptanceDetailOut, **WRITE_ERRORS}
)
def acceptance_panel(request: HttpRequest, acceptance_id: int, payload: AcceptancePanelIn):
    """The province forms the expert panel (then invites experts under /reviews/panels/…)."""
    services.acceptance_panel_form(
        actor=request.auth,
        acceptance_id=acceptance_id,
        mode=payload.mode,
        due_on=payload.due_on,
        meeting_at=payload.meeting_at,
        place=payload.place,
    )
    return 201, _detail(request.auth, selectors.acceptance_get(user=request.auth, pk=acceptance_id))

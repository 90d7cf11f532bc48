"""/api/v1 for annual reports (第二十二条): the same services and selectors as the pages, scoped
the same way (a report outside the caller's scope answers 404 like a missing one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, File, Path, Query, Router, Schema
from ninja.files import UploadedFile

from ticms.common.api_schemas import (
    FILE_DOWNLOAD,
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.files import attachment_download
from ticms.common.paging import slice_by_pk

from . import checks, selectors, services
from .branches import branch_rows, with_visibility
from .deadlines import overdue_for, report_due_on, reporting_deadline_set
from .models import ReportingDeadline
from .workflow import ANNUAL_REPORT_WORKFLOW, NARRATIVE

router = Router(tags=["reporting"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class ReportFindingOut(Schema):
    id: str
    article: str
    severity: str
    path: str
    message: str


class ReportTargetOut(Schema):
    target_id: int
    name: str
    unit: str
    target_value: Decimal
    target_year: int
    achieved: Decimal | None
    note: str


class ReportOut(Schema):
    id: int
    center_id: int
    center: str
    city: str
    year: int
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    updated_at: dt.datetime


class ReportAttachmentOut(Schema):
    id: int
    name: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class BranchOut(Schema):
    center_id: int
    center: str
    report_id: int | None
    status: str
    filed_in: bool


class ReportDetailOut(ReportOut):
    due_on: dt.date | None
    figures: dict[str, Any]
    attachments: list[ReportAttachmentOut]
    branches: list[BranchOut]
    progress: str
    problems: str
    next_goals: str
    targets: list[ReportTargetOut]
    findings: list[ReportFindingOut]
    actions: list[ActionOut]


class ReportPage(Schema):
    count: int
    items: list[ReportOut]


class ReportQuery(Schema):
    year: int | None = Field(None, ge=2000, le=9999)
    status: str = Field("", max_length=20)
    city: str = Field("", max_length=6)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class ReportIn(Schema):
    center_id: int = Field(..., ge=1, le=2**62)
    year: int = Field(..., ge=0, le=9999)


class NarrativeIn(Schema):
    progress: str | None = Field(None, max_length=services.MAX_TEXT)
    problems: str | None = Field(None, max_length=services.MAX_TEXT)
    next_goals: str | None = Field(None, max_length=services.MAX_TEXT)


def _report_out(r) -> dict:
    return {
        "id": r.pk,
        "center_id": r.center_id,
        "center": r.center.name,
        "city": r.center.city.code,
        "year": r.year,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "submitted_at": r.submitted_at,
        "updated_at": r.updated_at,
    }


def _detail(request, report_id) -> dict:
    user = request.auth
    r = selectors.annual_report_get(user=user, pk=report_id)
    return {
        **_report_out(r),
        "due_on": r.due_on,
        "figures": r.figures,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_at": a.uploaded_at,
            }
            for a in r.attachments.all()
        ],
        # Branch report ids only where the caller may open them.
        "branches": [
            {
                "center_id": row["center_id"],
                "center": row["center"],
                "report_id": row["report_id"] if row["visible"] else None,
                "status": row["status"],
                "filed_in": row["filed_in"],
            }
            for row in with_visibility(user, branch_rows(r))
        ],
        **{name: getattr(r, name) for name, _label in NARRATIVE},
        "targets": [
            {
                "target_id": row.target_id,
                "name": row.target.name,
                "unit": row.target.unit,
                "target_value": row.target.target_value,
                "target_year": row.target.target_year,
                "achieved": row.achieved,
                "note": row.note,
            }
            for row in r.targets.select_related("target")
        ],
        "findings": [f.as_dict() for f in checks.report_findings(r)],
        "actions": actions_out(ANNUAL_REPORT_WORKFLOW, user, r),
    }


@router.get("/annual-reports", response={200: ReportPage, 401: ErrorOut, 422: ValidationErrorOut})
def annual_report_list(request: HttpRequest, query: Query[ReportQuery]):
    qs = selectors.annual_report_list(
        user=request.auth, year=query.year, status=query.status, city=query.city
    )
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_report_out(r) for r in items]}


@router.get("/annual-reports/{report_id}", response={200: ReportDetailOut, **READ})
def annual_report_detail(request: HttpRequest, report_id: int):
    return _detail(request, report_id)


@router.post("/annual-reports", response={201: ReportDetailOut, **WRITE})
def annual_report_create(request: HttpRequest, payload: ReportIn):
    report = services.annual_report_create(
        actor=request.auth, center_id=payload.center_id, year=payload.year
    )
    return 201, _detail(request, report.pk)


@router.patch("/annual-reports/{report_id}/figures", response={200: ReportDetailOut, **WRITE})
def annual_report_figures(request: HttpRequest, report_id: int, payload: Body[dict[str, Any]]):
    """Cells to write, grouped by table (and row): `{"income": {"total": "100.5"}}`; counts are
    whole numbers, amounts (万元) decimal strings; null clears a cell. Nothing is saved if any
    cell is bad or a part exceeds its total."""
    services.annual_report_save(actor=request.auth, report_id=report_id, figures=payload)
    return _detail(request, report_id)


@router.patch("/annual-reports/{report_id}/narrative", response={200: ReportDetailOut, **WRITE})
def annual_report_narrative(request: HttpRequest, report_id: int, payload: NarrativeIn):
    services.annual_report_save(
        actor=request.auth, report_id=report_id, **payload.dict(exclude_unset=True)
    )
    return _detail(request, report_id)


@router.patch("/annual-reports/{report_id}/targets", response={200: ReportDetailOut, **WRITE})
def annual_report_targets(
    request: HttpRequest, report_id: int, payload: Body[dict[str, dict[str, Any]]]
):
    """`{"<target_id>": {"achieved": "12.5", "note": "..."}}` for the report's target rows."""
    services.annual_report_save(actor=request.auth, report_id=report_id, targets=payload)
    return _detail(request, report_id)


@router.post(
    "/annual-reports/{report_id}/transitions/{action}", response={200: ReportDetailOut, **WRITE}
)
def annual_report_transition(
    request: HttpRequest, report_id: int, action: str, payload: TransitionIn
):
    services.annual_report_transition(
        actor=request.auth,
        report_id=report_id,
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _detail(request, report_id)


@router.post("/annual-reports/{report_id}/attachments", response={201: ReportDetailOut, **WRITE})
def annual_report_attachment_add(request: HttpRequest, report_id: int, file: File[UploadedFile]):
    services.annual_report_attachment_add(actor=request.auth, report_id=report_id, upload=file)
    return 201, _detail(request, report_id)


@router.delete(
    "/annual-reports/{report_id}/attachments/{attachment_id}",
    response={200: ReportDetailOut, **WRITE},
)
def annual_report_attachment_remove(request: HttpRequest, report_id: int, attachment_id: int):
    services.annual_report_attachment_remove(
        actor=request.auth, report_id=report_id, attachment_id=attachment_id
    )
    return _detail(request, report_id)


@router.get(
    "/annual-reports/{report_id}/attachments/{attachment_id}",
    response={401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=FILE_DOWNLOAD,
)
def annual_report_attachment_download(request: HttpRequest, report_id: int, attachment_id: int):
    report = selectors.annual_report_get(user=request.auth, pk=report_id)
    return attachment_download(report.attachments.all(), attachment_id)


class DeadlineOut(Schema):
    year: int
    due_on: dt.date
    set_by_province: bool


class DeadlineIn(Schema):
    due_on: dt.date


class OverdueOut(Schema):
    center_id: int
    center: str
    city: str
    year: int
    due_on: dt.date
    days_overdue: int
    report_id: int | None
    status: str


@router.get(
    "/annual-report-deadlines/{year}",
    response={200: DeadlineOut, 401: ErrorOut, 422: ValidationErrorOut},
)
def annual_report_deadline(request: HttpRequest, year: int = Path(..., ge=2000, le=2100)):
    set_years = set(ReportingDeadline.objects.filter(year=year).values_list("year", flat=True))
    return {"year": year, "due_on": report_due_on(year), "set_by_province": year in set_years}


@router.put("/annual-report-deadlines/{year}", response={200: DeadlineOut, **WRITE})
def annual_report_deadline_set(request: HttpRequest, year: int, payload: DeadlineIn):
    row = reporting_deadline_set(actor=request.auth, year=year, due_on=payload.due_on)
    return {"year": row.year, "due_on": row.due_on, "set_by_province": True}


class OverdueQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


class OverduePage(Schema):
    count: int
    items: list[OverdueOut]


@router.get(
    "/annual-reports-overdue",
    response={200: OverduePage, 401: ErrorOut, 422: ValidationErrorOut},
)
def annual_reports_overdue(request: HttpRequest, query: Query[OverdueQuery]):
    """The caller's overdue reports, as on the workbench (第二十二条), a page at a time."""
    overdue = overdue_for(request.auth)
    rows = overdue[query.offset : query.offset + query.limit]
    return {
        "count": len(overdue),
        "items": [
            {
                "center_id": row["center"].pk,
                "center": row["center"].name,
                "city": row["center"].city.code,
                "year": row["year"],
                "due_on": row["due_on"],
                "days_overdue": row["days"],
                "report_id": row["report"].pk if row["report"] else None,
                "status": row["report"].status if row["report"] else "",
            }
            for row in rows
        ],
    }

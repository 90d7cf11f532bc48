"""Public notices (公示) and objections (第十三条第4项) over the API.

Reading the notices and objecting to one need no login; an objection by JSON is a named one
(a unit's stamped objection needs its file: the notice page takes it). The objections
themselves are read and handled by the province only."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import (
    ActionOut,
    ErrorOut,
    TransitionIn,
    ValidationErrorOut,
    actions_out,
)
from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.common.paging import slice_by_pk
from ticms.common.throttle import client_address

from . import selectors_notices as selectors
from . import services
from .workflow import OBJECTION_WORKFLOW

router = Router(tags=["notices"])

MAX_ID = 2**63 - 1  # beyond 64 bits the database cannot hold the id


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise NotFound(_("记录不存在"))
    return value


class NoticeOut(Schema):
    id: int
    title: str
    application_code: str
    center_name: str
    host_unit: str
    city: str
    city_code: str
    starts_on: dt.date
    ends_on: dt.date
    workdays: int
    accepting_objections: bool
    url: str


class NoticeDetailOut(NoticeOut):
    body: str
    not_accepting_reason: str


class NoticePage(Schema):
    count: int
    items: list[NoticeOut]


class NoticeQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**9)


def _notice_out(notice, today) -> dict:
    application = notice.application
    return {
        "id": notice.pk,
        "title": notice.title,
        "application_code": application.code,
        "center_name": application.center_name,
        "host_unit": application.host_unit.name,
        "city": application.city.name,
        "city_code": application.city.code,
        "starts_on": notice.starts_on,
        "ends_on": notice.ends_on,
        "workdays": notice.workdays,
        "accepting_objections": selectors.objection_window(notice, today).open,
        "url": notice.get_absolute_url(),
    }


@router.get("/notices", response={200: NoticePage, 422: ValidationErrorOut}, auth=None)
def notice_list(request: HttpRequest, query: Query[NoticeQuery]):
    """Every public notice, those in their period first. No login needed."""
    today = timezone.localdate()
    qs = selectors.public_notice_list(today=today)
    items = slice_by_pk(qs, query.offset, query.offset + query.limit)
    return {"count": qs.count(), "items": [_notice_out(n, today) for n in items]}


@router.get(
    "/notices/{notice_id}",
    response={200: NoticeDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
)
def notice_detail(request: HttpRequest, notice_id: int):
    notice = selectors.public_notice_detail(_id(notice_id))
    today = timezone.localdate()
    window = selectors.objection_window(notice, today)
    return {
        **_notice_out(notice, today),
        "body": notice.body,
        "not_accepting_reason": window.reason,
    }


class ObjectionIn(Schema):
    name: str = ""
    contact: str = ""
    unit_name: str = ""
    content: str = ""


class ObjectionReceiptOut(Schema):
    receipt_no: str  # random: the receipt reveals nothing of other objections
    notice_id: int
    basis: str
    status: str
    submitted_at: dt.datetime


@router.post(
    "/notices/{notice_id}/objections",
    response={
        201: ObjectionReceiptOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    auth=None,
)
def objection_submit(request: HttpRequest, notice_id: int, payload: ObjectionIn):
    """Object to a notice during its period, with a real name and a contact (anonymous
    objections are refused). 409 outside the period; 422 with the field paths of what is
    missing or wrong; 429 beyond the objections one address may make per hour."""
    try:
        objection = services.objection_submit(
            notice_id=_id(notice_id),
            name=payload.name,
            contact=payload.contact,
            unit_name=payload.unit_name,
            stamp_upload=None,
            content=payload.content,
            client_ip=client_address(request),
        )
    except ValidationFailed as exc:
        if "stamp" in exc.errors:
            exc.errors["stamp"] = [
                _(
                    "以单位名义提出、需上传盖章材料的异议，请在公示页面提交；"
                    "通过接口提出的异议须填写真实姓名和联系方式"
                )
            ]
        raise
    return 201, {
        "receipt_no": objection.receipt_no,
        "notice_id": objection.notice_id,
        "basis": "named" if objection.name and objection.contact else "stamped",
        "status": objection.status,
        "submitted_at": objection.submitted_at,
    }


class ObjectionOut(Schema):
    id: int
    receipt_no: str
    notice_id: int
    name: str
    contact: str
    unit_name: str
    stamp_url: str | None
    content: str
    submitted_at: dt.datetime
    status: str
    status_label: str
    handled_by: str | None
    handled_at: dt.datetime | None
    handling_reason: str
    actions: list[ActionOut]


def _objection_out(user, o) -> dict:
    return {
        "id": o.pk,
        "receipt_no": o.receipt_no,
        "notice_id": o.notice_id,
        "name": o.name,
        "contact": o.contact,
        "unit_name": o.unit_name,
        "stamp_url": reverse("establishment:objection_stamp", args=[o.pk]) if o.stamp else None,
        "content": o.content,
        "submitted_at": o.submitted_at,
        "status": o.status,
        "status_label": str(o.get_status_display()),
        "handled_by": str(o.handled_by) if o.handled_by_id else None,
        "handled_at": o.handled_at,
        "handling_reason": o.handling_reason,
        "actions": actions_out(OBJECTION_WORKFLOW, user, o),
    }


@router.get(
    "/notices/{notice_id}/objections",
    response={200: list[ObjectionOut], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def objection_list(request: HttpRequest, notice_id: int):
    """The objections to a notice, with the objectors' names and contacts: province only."""
    user = request.auth
    notice = selectors.notice_for_objections(user=user, notice_id=_id(notice_id))
    return [_objection_out(user, o) for o in selectors.notice_objections(user=user, notice=notice)]


@router.post(
    "/objections/{objection_id}/transitions/{action}",
    response={
        200: ObjectionOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
    },
)
def objection_transition(
    request: HttpRequest, objection_id: int, action: str, payload: TransitionIn
):
    """Uphold or dismiss an objection (province only), with the reasons in `comment`."""
    user = request.auth
    objection = services.objection_transition(
        actor=user,
        objection_id=_id(objection_id),
        action=action,
        params=payload.params,
        comment=payload.comment,
    )
    return _objection_out(user, selectors.objection_get(user=user, pk=objection.pk))

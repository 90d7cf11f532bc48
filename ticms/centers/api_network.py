"""API of the center network (第五条, 第十九条): the same graph as the pages, the same scope
(a center outside it answers 404 exactly like a missing one), and the alliance members."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ticms.common.api_schemas import ErrorOut, ValidationErrorOut
from ticms.common.exceptions import ValidationFailed

from . import network, selectors, services_network
from .models import CenterStatus

router = Router(tags=["network"])

WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


class CategoryOut(Schema):
    key: str
    name: str


class NodeOut(Schema):
    id: str = Field(..., description="c:<center id> or o:<organisation id>")
    name: str
    category: str
    category_label: str
    url: str | None = Field(None, description="page of the node; null outside the user's scope")
    network_url: str | None
    details: list[str]
    degree: int


class EdgeOut(Schema):
    source: str
    target: str
    relation: str = Field(..., description="branch, host_unit, co_builder or alliance")
    relation_label: str


class NetworkOut(Schema):
    categories: list[CategoryOut]
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class NetworkQuery(Schema):
    city: str = Field("", max_length=6)
    status: str = Field("", max_length=30)


@router.get("/network", response={200: NetworkOut, 401: ErrorOut, 422: ValidationErrorOut})
def province_network(request: HttpRequest, query: Query[NetworkQuery]):
    if query.status and query.status not in CenterStatus.values:
        raise ValidationFailed({"status": [_("请从列表中选择状态")]})
    filters = network.NetworkFilters(city=query.city, status=query.status)
    return network.network_for_province(user=request.auth, filters=filters).graph


@router.get(
    "/centers/{center_id}/network",
    response={200: NetworkOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def center_network(request: HttpRequest, center_id: int):
    _center, result = network.network_for_center(user=request.auth, pk=center_id)
    return result.graph


class AllianceMemberOut(Schema):
    id: int
    organisation: str
    uscc: str
    kind: str
    kind_label: str
    joined_on: dt.date | None
    note: str


def _member_out(m) -> dict:
    return {
        "id": m.pk,
        "organisation": m.organisation.name,
        "uscc": m.organisation.uscc,
        "kind": m.kind,
        "kind_label": str(network.member_kind_label(m.kind)),
        "joined_on": m.joined_on,
        "note": m.note,
    }


def _members(center) -> list[dict]:
    return [_member_out(m) for m in network.alliance_members_of(center)]


@router.get(
    "/centers/{center_id}/alliance-members",
    response={200: list[AllianceMemberOut], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
)
def alliance_member_list(request: HttpRequest, center_id: int):
    return _members(selectors.center_get(user=request.auth, pk=center_id))


class AllianceMemberIn(Schema):
    # Generous bounds: the service checks the real ones and explains them in Chinese.
    uscc: str = Field(..., max_length=64)
    name: str = Field(..., max_length=1000)
    kind: str = Field(..., max_length=64)
    joined_on: dt.date | None = None
    note: str = Field("", max_length=5000)


@router.post(
    "/centers/{center_id}/alliance-members",
    response={201: AllianceMemberOut, **WRITE},
)
def alliance_member_add(request: HttpRequest, center_id: int, payload: AllianceMemberIn):
    member = services_network.alliance_member_add(
        actor=request.auth, center_id=center_id, **payload.dict()
    )
    return 201, _member_out(member)


@router.delete(
    "/centers/{center_id}/alliance-members/{member_id}",
    response={200: list[AllianceMemberOut], **WRITE},
)
def alliance_member_remove(request: HttpRequest, center_id: int, member_id: int):
    services_network.alliance_member_remove(
        actor=request.auth, center_id=center_id, member_id=member_id
    )
    return _members(selectors.center_get(user=request.auth, pk=center_id))

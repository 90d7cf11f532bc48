"""API of the center network (第五条, 第十九条): the same data as the pages, the same scope
(a center outside it answers 404 exactly like a missing one), and the alliance members. Like the
page, the network of the whole scope is a summary by cluster, and a cluster comes page by page
(issue 10)."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from ticms.common.api_schemas import ErrorOut, ValidationErrorOut
from ticms.common.exceptions import ValidationFailed

from . import network, selectors, services_network
from . import network_clusters as clusters
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


# --- the province at scale: a summary by cluster, then one cluster a page at a time ----------

Group = Literal["city", "field", "category"]


class ClusterOut(Schema):
    key: str = Field(..., description="city code, top-level industry field code or category")
    name: str
    centers: int
    headquarters: int
    branches: int
    independent: int
    partners: int = Field(..., description="organisations tied to the cluster's centers")
    shared_partners: int = Field(..., description="of which also tied to another cluster")
    page_url: str = Field(..., description="the page of the cluster")
    api_url: str = Field(..., description="the cluster's graph, page by page")


class ClusterLinkOut(Schema):
    source: str
    target: str
    shared_partners: int


class SharedAcrossOut(Schema):
    organisation_id: int
    name: str
    kind_label: str
    clusters: int


class SharedAcrossPage(Schema):
    count: int = Field(..., description="all of them; the items are the first ones")
    items: list[SharedAcrossOut]


class NetworkSummaryOut(Schema):
    group: str
    group_label: str
    centers: int
    clusters: list[ClusterOut]
    links: list[ClusterLinkOut] = Field(..., description="pairs of clusters, strongest first")
    shared_partners: SharedAcrossPage


class NetworkSummaryQuery(Schema):
    group: Group = "city"
    status: str = Field("", max_length=30)


class SharedPartnerLinkOut(Schema):
    center: str
    url: str
    relation: str


class SharedPartnerOut(Schema):
    organisation_id: int
    name: str
    kind_label: str
    centers: int = Field(..., description="centers of the cluster tied to it; links: the first")
    links: list[SharedPartnerLinkOut]


class SharedPartnerPage(Schema):
    count: int
    items: list[SharedPartnerOut]


class ClusterNetworkOut(NetworkOut):
    group: str
    key: str
    name: str
    count: int = Field(..., description="centers in the cluster; the graph holds limit of them")
    offset: int
    limit: int
    shared_partners: SharedPartnerPage


class ClusterNetworkQuery(Schema):
    status: str = Field("", max_length=30)
    limit: int = Field(clusters.PAGE_SIZE, ge=1, le=clusters.PAGE_SIZE_MAX)
    offset: int = Field(0, ge=0, le=10**9)  # databases refuse offsets beyond 64 bits


def _status(value: str) -> str:
    if value and value not in CenterStatus.values:
        raise ValidationFailed({"status": [_("请从列表中选择状态")]})
    return value


@router.get("/network", response={200: NetworkSummaryOut, 401: ErrorOut, 422: ValidationErrorOut})
def network_summary(request: HttpRequest, query: Query[NetworkSummaryQuery]):
    filters = clusters.ClusterFilters(group=query.group, status=_status(query.status))
    summary = clusters.network_summary(user=request.auth, filters=filters)
    return {
        "group": summary.group,
        "group_label": summary.group_noun,
        "centers": summary.centers,
        "clusters": [
            {
                "key": c.key,
                "name": c.name,
                "centers": c.centers,
                "headquarters": c.headquarters,
                "branches": c.branches,
                "independent": c.independent,
                "partners": c.partners,
                "shared_partners": c.shared_partners,
                "page_url": c.url,
                "api_url": _cluster_api_url(summary.group, c.key, filters.status),
            }
            for c in summary.clusters
        ],
        "links": [
            {"source": x.source.key, "target": x.target.key, "shared_partners": x.shared_partners}
            for x in summary.links
        ],
        "shared_partners": {
            "count": summary.shared_count,
            "items": [vars(p) for p in summary.shared],
        },
    }


def _cluster_api_url(group: str, key: str, status: str) -> str:
    url = reverse("api:network_cluster", kwargs={"group": group, "key": key})
    return f"{url}?{urlencode({'status': status})}" if status else url


@router.get(
    "/network/clusters/{group}/{key}",
    response={200: ClusterNetworkOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="network_cluster",
)
def network_cluster(
    request: HttpRequest,
    group: Group,
    key: Annotated[str, Path(max_length=20)],
    query: Query[ClusterNetworkQuery],
):
    """One cluster of the summary: the graph of `limit` of its centers from `offset` (by code),
    and its shared partners. A cluster outside the user's choices answers 404."""
    name = clusters.cluster_name(user=request.auth, group=group, key=key)
    filters = clusters.ClusterFilters(group=group, status=_status(query.status), **{group: key})
    result = clusters.network_cluster(
        user=request.auth, filters=filters, offset=query.offset, limit=query.limit
    )
    return {
        **result.network.graph,
        "group": group,
        "key": key,
        "name": name,
        "count": result.count,
        "offset": query.offset,
        "limit": query.limit,
        "shared_partners": {
            "count": result.shared_count,
            "items": [
                {
                    "organisation_id": p.organisation_id,
                    "name": p.name,
                    "kind_label": p.kind_label,
                    "centers": p.centers,
                    "links": [
                        {"center": center, "url": url, "relation": relation}
                        for center, url, relation in p.links
                    ],
                }
                for p in result.shared
            ],
        },
    }


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

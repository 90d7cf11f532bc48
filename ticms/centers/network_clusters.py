"""The network of every center in the user's scope, at province scale (issue 10): never drawn
whole. The overview is one node per cluster of centers — a city, an industry field or an
industry category — with counts aggregated in the database; a cluster opens as the detailed
graph (network._build) of one page of its centers, with its shared partners.

Scope exactly as the detailed graph: only the centers the user may see are counted, and only
their ties, so a city officer's counts are those of their city. The partner aggregates group
every tie of the scope (some 200 ms at 5,000 centers): they are cached, keyed by what decides
the scope and by a fingerprint of the network tables (network_ties.fingerprint), so a change to
a center, a co-builder or an alliance member is seen at once. What is cached is ids and counts;
names and labels are read at each request, in the reader's language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ticms.accounts.models import City, Organisation, Role
from ticms.catalog.models import FieldCategory, IndustryField
from ticms.common.exceptions import NotFound
from ticms.common.text import bracketed, labelled

from . import network_ties
from .models import Center
from .network import RELATIONS, Network, SharedPartner, _build, city_choices_for
from .selectors import centers_visible_to

# How the overview clusters the centers; the first one a user may choose is their default.
GROUPS = {
    "city": gettext_lazy("按设区市"),
    "field": gettext_lazy("按产业领域"),
    "category": gettext_lazy("按产业类别"),
}
GROUP_NOUNS = {
    "city": pgettext_lazy("network group", "设区市"),
    "field": pgettext_lazy("network group", "产业领域"),
    "category": pgettext_lazy("network group", "产业类别"),
}
# Centers per page of a cluster: ten centers and their partners (some 150 nodes) are a graph
# that still places its labels (network.js) and a page that stays under 50 ms.
PAGE_SIZE = 10
PAGE_SIZE_MAX = 25  # what the API may ask for
SHARED_LIMIT = 10  # shared partners listed, with the count of all of them
LINKS_PER_PARTNER = 5  # centers listed for each shared partner, with the count of all
CACHE_SECONDS = 600
_PK_SLOT = 987654321  # stands for a center's id in a URL pattern


@dataclass(frozen=True)
class _Group:
    orm: str  # the cluster's id as a Center lookup
    sql: str  # the same over centers `c` joined to their sub-field `f` (network_ties)


_GROUP = {
    "city": _Group("city_id", "c.city_id"),
    "field": _Group("sub_field__parent_id", "f.parent_id"),
    "category": _Group("sub_field__category", "f.category"),
}


@dataclass
class ClusterFilters:
    group: str = "city"
    city: str = ""  # GB/T 2260 code
    field: str = ""  # code of a top-level industry field
    category: str = ""  # FieldCategory
    status: str = ""

    @property
    def narrowed(self) -> bool:
        """Narrowed to one cluster (or less): drawn in detail, page by page."""
        return bool(self.city or self.field or self.category)


def groups_for(user) -> list[str]:
    """How the user's overview may be clustered. Those whose scope grows with the programme (the
    province, a city) get a summary; the others see their own few centers in detail, paged."""
    role = getattr(user, "role", None)
    if role == Role.PROVINCE:
        return ["city", "field", "category"]
    if role == Role.CITY:
        return ["field", "category"]
    return []


def field_choices() -> QuerySet[IndustryField]:
    return IndustryField.objects.filter(parent__isnull=True, is_active=True)


def cluster_name(*, user, group: str, key: str) -> str:
    """The name of a cluster the user may open; any other key is not found, like a missing one
    (a city officer asking for another city)."""
    if group == "city":
        city = city_choices_for(user).filter(code=key).first()
        if city is not None:
            return str(city)
    elif group == "field":
        industry_field = field_choices().filter(code=key).first()
        if industry_field is not None:
            return industry_field.display_name
    elif group == "category" and key in FieldCategory.values:
        return str(FieldCategory(key).label)
    raise NotFound()


def network_scope(*, user, filters: ClusterFilters) -> QuerySet[Center]:
    qs = centers_visible_to(user)
    if filters.city:
        qs = qs.filter(city__code=filters.city)
    if filters.field:
        qs = qs.filter(sub_field__parent__code=filters.field)
    if filters.category:
        qs = qs.filter(sub_field__category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


def _scope_key(user) -> str:
    # Everything centers_visible_to reads from the user; the rest is in the fingerprint.
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return "none"  # sees nothing
    if user.role == Role.PROVINCE:
        return "province"
    if user.role == Role.CITY:
        return f"city:{user.city_id}"
    return f"{user.pk}:{user.role}:{user.organisation_id}:{user.center_id}"


def _cached(user, what: str, parts: tuple, compute):
    shape = (SHARED_LIMIT, LINKS_PER_PARTNER)  # what is cached depends on them too
    raw = repr((what, shape, _scope_key(user), parts, network_ties.fingerprint()))
    key = "centers:network:" + hashlib.sha256(raw.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, CACHE_SECONDS)
    return data


# --- the overview ------------------------------------------------------------------------------


@dataclass
class Cluster:
    key: str  # city code, field code or category
    name: str
    url: str  # the page of this cluster: a plain link, so it works without JavaScript
    centers: int = 0
    headquarters: int = 0
    branches: int = 0
    partners: int = 0
    shared_partners: int = 0  # partners also working with another cluster

    @property
    def independent(self) -> int:
        return self.centers - self.headquarters - self.branches


@dataclass
class ClusterLink:
    source: Cluster
    target: Cluster
    shared_partners: int


@dataclass
class SharedAcross:
    organisation_id: int
    name: str
    kind_label: str
    clusters: int


@dataclass
class NetworkSummary:
    group: str
    clusters: list[Cluster]
    links: list[ClusterLink]  # strongest first
    shared: list[SharedAcross]  # the first SHARED_LIMIT
    shared_count: int
    links_shown: int = 20  # pairs listed in the table

    @property
    def group_noun(self) -> str:
        return str(GROUP_NOUNS[self.group])

    @property
    def centers(self) -> int:
        return sum(c.centers for c in self.clusters)

    @property
    def is_empty(self) -> bool:
        return not self.clusters

    @property
    def top_links(self) -> list[ClusterLink]:
        return self.links[: self.links_shown]

    @property
    def graph(self) -> dict:
        """For ECharts: clusters as nodes, and for each cluster its three strongest ties to
        other clusters (all of them would join nearly every pair)."""
        backbone: set[int] = set()
        for cluster in self.clusters:
            ties = [i for i, link in enumerate(self.links) if cluster in (link.source, link.target)]
            backbone.update(ties[:3])
        edges = [self.links[i] for i in sorted(backbone)]
        degree: dict[str, int] = {}
        for link in edges:
            for end in (link.source, link.target):
                degree[end.key] = degree.get(end.key, 0) + 1
        noun = self.group_noun
        return {
            "kind": "clusters",
            "categories": [{"key": "cluster", "name": noun}],
            "nodes": [
                {
                    "id": f"k:{c.key}",
                    "name": c.name,
                    "category": "cluster",
                    "category_label": noun,
                    "url": c.url,
                    "network_url": None,
                    "details": _cluster_details(c),
                    "degree": degree.get(c.key, 0),
                    "value": c.centers,
                    "caption": bracketed(c.name, c.centers),
                }
                for c in self.clusters
            ],
            "edges": [
                {
                    "source": f"k:{link.source.key}",
                    "target": f"k:{link.target.key}",
                    "relation": "shared",
                    "relation_label": _("共享合作单位 %(n)s 个") % {"n": link.shared_partners},
                    "weight": link.shared_partners,
                }
                for link in edges
            ],
        }


def _cluster_details(c: Cluster) -> list[str]:
    return [
        labelled(_("中心"), c.centers),
        labelled(_("总部"), c.headquarters),
        labelled(_("分中心"), c.branches),
        labelled(_("独立组建"), c.independent),
        labelled(_("合作单位"), c.partners),
        labelled(_("与其他分组共享的合作单位"), c.shared_partners),
    ]


def overview_url(filters: ClusterFilters, **narrow) -> str:
    """The overview in the same grouping and status; with `city=…` (or field, category), the
    page of one of its clusters."""
    params = {"group": filters.group, **narrow}
    if filters.status:
        params["status"] = filters.status
    return f"{reverse('centers:network')}?{urlencode(params)}"


def _names(group: str, ids) -> list[tuple[object, str, str]]:
    """(id, key, name) of the clusters, in their usual order."""
    if group == "city":
        return [(c.pk, c.code, str(c)) for c in City.objects.filter(pk__in=ids).order_by("code")]
    if group == "field":
        return [(f.pk, f.code, f.display_name) for f in IndustryField.objects.filter(pk__in=ids)]
    return [(v, v, str(label)) for v, label in FieldCategory.choices if v in ids]


def _center_counts(scope: QuerySet[Center], group: str) -> dict:
    has_branches = Exists(Center.objects.filter(headquarters_id=OuterRef("pk")))
    rows = (
        scope.order_by()
        .values(k=F(_GROUP[group].orm))
        .annotate(
            centers=Count("pk"),
            branches=Count("pk", filter=Q(headquarters__isnull=False)),
            headquarters=Count("pk", filter=Q(has_branches, headquarters__isnull=True)),
        )
    )
    return {r["k"]: (r["centers"], r["headquarters"], r["branches"]) for r in rows}


def network_summary(*, user, filters: ClusterFilters | None = None) -> NetworkSummary:
    """The user's centers clustered by `filters.group`, with the counts of each cluster."""
    f = filters or ClusterFilters()
    group = f.group if f.group in _GROUP else "city"
    scope = network_scope(user=user, filters=f)

    def compute() -> dict:
        return {
            "centers": _center_counts(scope, group),
            **network_ties.cluster_partners(scope, _GROUP[group].sql, limit=SHARED_LIMIT),
        }

    data = _cached(user, "summary", (group, f.status), compute)
    clusters = {}
    for pk, key, name in _names(group, list(data["centers"])):
        centers, headquarters, branches = data["centers"][pk]
        partners, shared = data["nodes"].get(pk, (0, 0))
        url = overview_url(f, **{group: key})
        clusters[pk] = Cluster(key, name, url, centers, headquarters, branches, partners, shared)
    links = [
        ClusterLink(clusters[a], clusters[b], n)
        for a, b, n in data["links"]
        if a in clusters and b in clusters
    ]
    links.sort(key=lambda link: (-link.shared_partners, link.source.key, link.target.key))
    orgs = Organisation.objects.only("pk", "name", "kind").in_bulk([o for o, _n in data["shared"]])
    shared = [
        SharedAcross(o, orgs[o].name, str(orgs[o].get_kind_display()), n)
        for o, n in data["shared"]
        if o in orgs
    ]
    return NetworkSummary(group, list(clusters.values()), links, shared, data["shared_count"])


# --- one cluster, page by page ---------------------------------------------------------------


@dataclass
class ClusterNetwork:
    count: int  # centers in the cluster
    offset: int
    network: Network  # the graph and rows of this page's centers
    shared: list[SharedPartner]  # of the whole cluster, the first SHARED_LIMIT
    shared_count: int
    page_obj: Page | None = None

    @property
    def is_empty(self) -> bool:
        return not self.count


def _shared_partners(user, scope: QuerySet[Center], filters: ClusterFilters):
    parts = (filters.city, filters.field, filters.category, filters.status)
    data = _cached(
        user,
        "shared",
        parts,
        lambda: network_ties.shared_partners(scope, limit=SHARED_LIMIT, links=LINKS_PER_PARTNER),
    )
    org_ids = [o for o, _p in data["partners"]]
    orgs = Organisation.objects.only("pk", "name", "kind").in_bulk(org_ids)
    center_ids = {cid for _o, p in data["partners"] for cid, _r in p["links"]}
    names = dict(Center.objects.filter(pk__in=center_ids).values_list("pk", "name"))
    # One URL lookup for the pattern, not one per link.
    url_pattern = reverse("centers:detail", args=[_PK_SLOT])
    relation_labels = {k: str(v) for k, v in RELATIONS.items()}
    shared = []
    for o, p in data["partners"]:
        if o not in orgs:
            continue
        links = [
            (names[cid], url_pattern.replace(str(_PK_SLOT), str(cid)), relation_labels[relation])
            for cid, relation in p["links"]
            if cid in names
        ]
        org = orgs[o]
        shared.append(SharedPartner(o, org.name, str(org.get_kind_display()), links, p["centers"]))
    return shared, data["count"]


def network_cluster(
    *,
    user,
    filters: ClusterFilters | None = None,
    page_number=None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> ClusterNetwork:
    """The centers of one cluster (or of the user's whole scope, for those who get no summary),
    `limit` at a time: by page number (the pages) or by offset (the API)."""
    f = filters or ClusterFilters()
    scope = network_scope(user=user, filters=f)
    ordered = scope.order_by("code").values_list("pk", flat=True)
    page_obj = None
    if page_number is not None:
        page_obj = Paginator(ordered, limit).get_page(page_number)
        pks, count = list(page_obj.object_list), page_obj.paginator.count
        offset = page_obj.start_index() - 1 if count else 0
    else:
        count = scope.count()
        pks = list(ordered[offset : offset + limit])
    network = _build(user=user, centers=Center.objects.filter(pk__in=pks).order_by("code"))
    shared, shared_count = _shared_partners(user, scope, f) if count else ([], 0)
    return ClusterNetwork(count, offset, network, shared, shared_count, page_obj)

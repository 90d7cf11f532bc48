"""Reads for the center network, scoped to the user (DESIGN §1): headquarters and branch centers
(第五条), host units, co-building units (第十条) and alliance members (第十九条) as one graph.

An organisation linked to several centers is one node, so shared partners show. Only the links
of centers in the user's scope are followed: a partner's ties to centers the user may not see
are never shown. A headquarters or branch outside the scope appears as a stub without a link,
named only if the public directory names it anyway.

The number of queries does not depend on the number of centers (DESIGN §5). `_build` draws the
centers it is given in full, so callers give it one family or one page of centers; the province
is summarised by cluster in network_clusters (issue 10)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import OrganisationKind, Role
from ticms.common.text import labelled

from .models import PUBLIC_STATUSES, AllianceMember, Center, CenterCoBuilder, CoBuilderKind
from .selectors import center_get, centers_visible_to
from .services import CO_BUILDER_ORGANISATION_KIND

# Node categories in legend order; the order is also the ECharts category index.
CATEGORIES = {
    "headquarters": gettext_lazy("总部"),
    "branch": gettext_lazy("分中心"),
    "center": gettext_lazy("独立组建的中心"),
    "outside": gettext_lazy("范围外的关联中心"),
    "host_unit": gettext_lazy("依托单位"),
    "co_builder": gettext_lazy("共建单位"),
    "alliance": gettext_lazy("联盟成员"),
}
RELATIONS = {
    "branch": gettext_lazy("总部—分中心"),
    "host_unit": gettext_lazy("依托单位"),
    "co_builder": gettext_lazy("共建单位"),
    "alliance": gettext_lazy("联盟成员"),
}
# An organisation in several roles takes the category of its strongest tie.
_ORG_RANK = ("host_unit", "co_builder", "alliance")


@dataclass
class LinkedCenter:
    """A headquarters or branch of a center in the network, shown by what the user may see."""

    pk: int
    name: str
    url: str | None  # None: outside the user's scope
    in_network: bool


@dataclass
class CenterRow:
    center: Center
    category: str
    headquarters: LinkedCenter | None = None
    branches: list[LinkedCenter] = field(default_factory=list)
    co_builders: list[CenterCoBuilder] = field(default_factory=list)
    alliance: list[AllianceMember] = field(default_factory=list)

    @property
    def category_label(self) -> str:
        return str(CATEGORIES[self.category])


@dataclass
class SharedPartner:
    organisation_id: int
    name: str
    kind_label: str
    links: list[tuple[str, str, str]]  # (center name, center url, relation label)
    centers: int = 0  # centers tied to it; more than the links when the list is cut short

    @property
    def more(self) -> int:
        return max(self.centers - len({name for name, _url, _rel in self.links}), 0)


@dataclass
class Network:
    rows: list[CenterRow]
    shared: list[SharedPartner]
    graph: dict

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _stub_name(name: str, status: str) -> str:
    # Named only when the public directory names it anyway; otherwise anonymous.
    return name if status in PUBLIC_STATUSES else _("未公开的中心")


def _build(*, user, centers: QuerySet[Center]) -> Network:
    scope = centers
    centers = list(
        centers.select_related("city", "host_unit", "headquarters").prefetch_related(
            Prefetch(
                "co_builders",
                queryset=CenterCoBuilder.objects.select_related("organisation").order_by("pk"),
            ),
            Prefetch(
                "alliance_members",
                queryset=AllianceMember.objects.select_related("organisation").order_by("pk"),
            ),
        )
    )
    in_network = {c.pk: c for c in centers}
    # Every branch of every center shown, in the network or not (one query).
    branches = list(
        Center.objects.filter(headquarters_id__in=scope.values("pk"))
        .only("pk", "name", "status", "headquarters_id")
        .order_by("code")
    )
    branches_of: dict[int, list[Center]] = {}
    for b in branches:
        branches_of.setdefault(b.headquarters_id, []).append(b)
    linked = {b.pk: (b.name, b.status) for b in branches if b.pk not in in_network}
    for c in centers:
        if c.headquarters_id and c.headquarters_id not in in_network:
            linked[c.headquarters_id] = (c.headquarters.name, c.headquarters.status)
    visible = (
        set(centers_visible_to(user).filter(pk__in=list(linked)).values_list("pk", flat=True))
        if linked
        else set()
    )

    # Labels and URLs resolved once each: a translation or URL lookup per tie is what made the
    # whole province slow (issue 10).
    relation_labels = {k: str(v) for k, v in RELATIONS.items()}
    category_labels = {k: str(v) for k, v in CATEGORIES.items()}
    kind_labels = {k: str(v) for k, v in OrganisationKind.choices}
    urls = {c.pk: c.get_absolute_url() for c in centers}
    # labelled()'s pattern, translated once: "%(label)s：%(value)s" or "%(label)s: %(value)s".
    tie_detail = labelled("%(label)s", "%(value)s")

    def kind_label(org) -> str:
        # Read by the tables too, instead of get_kind_display(), which is slow in a loop.
        org.kind_label = kind_labels.get(org.kind, org.kind)
        return org.kind_label

    def linked_center(pk: int) -> LinkedCenter:
        if pk in in_network:
            c = in_network[pk]
            return LinkedCenter(pk, c.name, urls[pk], True)
        name, status = linked[pk]
        if pk in visible:
            return LinkedCenter(pk, name, reverse("centers:detail", args=[pk]), False)
        return LinkedCenter(pk, _stub_name(name, status), None, False)

    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}
    org_roles: dict[int, dict[str, list]] = {}
    org_nodes: dict[int, object] = {}

    def add_edge(source: str, target: str, relation: str) -> None:
        # A pair tied twice (co-builder and alliance member) keeps its strongest tie.
        key = (source, target)
        if key not in edges:
            edges[key] = {
                "source": source,
                "target": target,
                "relation": relation,
                "relation_label": relation_labels[relation],
            }

    rows = []
    for c in centers:
        if c.headquarters_id:
            category = "branch"
        elif c.pk in branches_of:
            category = "headquarters"
        else:
            category = "center"
        row = CenterRow(
            center=c,
            category=category,
            headquarters=linked_center(c.headquarters_id) if c.headquarters_id else None,
            branches=[linked_center(b.pk) for b in branches_of.get(c.pk, ())],
            co_builders=list(c.co_builders.all()),
            alliance=list(c.alliance_members.all()),
        )
        rows.append(row)
        nodes[f"c:{c.pk}"] = {
            "id": f"c:{c.pk}",
            "name": c.name,
            "category": category,
            "url": urls[c.pk],
            "network_url": reverse("centers:center_network", args=[c.pk]),
            "details": [
                c.code,
                str(c.city),
                str(c.get_status_display()),
            ],
        }
        ties = [(c.host_unit, "host_unit")]
        ties += [(cb.organisation, "co_builder") for cb in row.co_builders]
        ties += [(m.organisation, "alliance") for m in row.alliance]
        for org, relation in ties:
            kind_label(org)
            org_nodes[org.pk] = org
            org_roles.setdefault(org.pk, {}).setdefault(relation, []).append(c)
    for row in rows:
        for linked_row in ([row.headquarters] if row.headquarters else []) + row.branches:
            node_id = f"c:{linked_row.pk}"
            if not linked_row.in_network and node_id not in nodes:
                nodes[node_id] = {
                    "id": node_id,
                    "name": linked_row.name,
                    "category": "outside",
                    "url": linked_row.url,
                    "network_url": None,
                    "details": [
                        _("不在当前筛选范围内") if linked_row.url else _("不在您的查看范围内")
                    ],
                }
        if row.headquarters:
            add_edge(f"c:{row.headquarters.pk}", f"c:{row.center.pk}", "branch")
        for b in row.branches:
            add_edge(f"c:{row.center.pk}", f"c:{b.pk}", "branch")

    shared = []
    for org in sorted(org_nodes.values(), key=lambda o: (o.name, o.pk)):
        roles = org_roles[org.pk]
        category = next(r for r in _ORG_RANK if r in roles)
        details = [org.kind_label, org.uscc]
        links = []
        for relation in _ORG_RANK:
            for c in roles.get(relation, []):
                add_edge(f"c:{c.pk}", f"o:{org.pk}", relation)
                details.append(tie_detail % {"label": relation_labels[relation], "value": c.name})
                links.append((c.name, urls[c.pk], relation_labels[relation]))
        nodes[f"o:{org.pk}"] = {
            "id": f"o:{org.pk}",
            "name": org.name,
            "category": category,
            "url": None,
            "network_url": None,
            "details": details,
        }
        tied = len({c.pk for r in roles.values() for c in r})
        if tied > 1:
            shared.append(SharedPartner(org.pk, org.name, org.kind_label, links, tied))

    degree: dict[str, int] = {}
    for e in edges.values():
        degree[e["source"]] = degree.get(e["source"], 0) + 1
        degree[e["target"]] = degree.get(e["target"], 0) + 1
    for node_id, node in nodes.items():
        node["category_label"] = category_labels[node["category"]]
        node["degree"] = degree.get(node_id, 0)
    graph = {
        "categories": [{"key": k, "name": v} for k, v in category_labels.items()],
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
    }
    return Network(rows=rows, shared=shared, graph=graph)


def network_for_center(*, user, pk) -> tuple[Center, Network]:
    """One center's family: its headquarters (or itself), every branch, and their partners.
    Outside the user's scope, exactly like a missing center (NotFound)."""
    center = center_get(user=user, pk=pk)
    root = center.headquarters_id or center.pk
    family = centers_visible_to(user).filter(Q(pk=root) | Q(headquarters_id=root))
    return center, _build(user=user, centers=family.order_by("code"))


def alliance_members_of(center: Center) -> QuerySet[AllianceMember]:
    """The alliance list of a center already read in the user's scope (center_get)."""
    return center.alliance_members.select_related("organisation", "organisation__city").order_by(
        "organisation__name", "pk"
    )


def city_choices_for(user):
    """The cities worth filtering the network by: every city for the province, the own city for
    a city officer, otherwise only the cities of the centers the user may see."""
    from ticms.accounts.selectors import cities

    qs = cities()
    if user.role == Role.PROVINCE:
        return qs
    if user.role == Role.CITY:
        return qs.filter(pk=user.city_id)
    return qs.filter(pk__in=centers_visible_to(user).values("city_id"))


def member_kind_label(kind: str):
    """A co-builder or alliance member kind in the words of the organisation kinds (the source
    of truth), so that one organisation never reads 「高校」 here and 「高等学校」 there.
    Lazy: safe in form choices built at import time."""
    org_kind = CO_BUILDER_ORGANISATION_KIND.get(kind)
    if org_kind is not None:
        return OrganisationKind(org_kind).label
    return CoBuilderKind(kind).label if kind in CoBuilderKind.values else kind


def member_kind_choices() -> list[tuple[str, object]]:
    return [(k, member_kind_label(k)) for k in CoBuilderKind.values]

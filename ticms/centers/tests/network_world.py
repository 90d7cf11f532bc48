"""The conftest world with alliance members (第十九条), for the network tests.

nj (南京, host A, co-builder D) ──HQ of──> branch (苏州, host C)
sz (苏州, host B, co-builder E)
X (无锡 enterprise): alliance member of nj and of sz — the shared partner
D: co-builder of nj and alliance member of branch — one node, two ties
"""

from __future__ import annotations

from dataclasses import dataclass

from ticms.centers.models import AllianceMember
from ticms.testing import factories as f

from .conftest import World, build_world

WUXI = "320200"


@dataclass
class NetWorld:
    world: World
    x: object  # the shared alliance member
    d: object  # nj's co-builder, alliance member of the branch

    @property
    def users(self):
        return self.world.users


def build_net_world(**statuses) -> NetWorld:
    w = build_world(**statuses)
    x = f.OrganisationFactory(kind="enterprise", city=f.city(WUXI), name="无锡联盟企业X")
    d = w.nj.co_builders.get().organisation
    AllianceMember.objects.create(center=w.nj, organisation=x, kind="enterprise")
    AllianceMember.objects.create(center=w.sz, organisation=x, kind="enterprise")
    AllianceMember.objects.create(center=w.branch, organisation=d, kind="local_government")
    return NetWorld(world=w, x=x, d=d)


def node_ids(graph) -> set[str]:
    return {n["id"] for n in graph["nodes"]}


def edge_set(graph) -> set[tuple[str, str, str]]:
    return {(e["source"], e["target"], e["relation"]) for e in graph["edges"]}


def c(center) -> str:
    return f"c:{center.pk}"


def o(organisation) -> str:
    return f"o:{organisation.pk}"

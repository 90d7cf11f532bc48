"""The network graph (第五条, 第十九条): nodes and edges, shared partners once, scope per role."""

from __future__ import annotations

import json

import pytest

from ticms.centers.network import network_for_center
from ticms.centers.network_clusters import ClusterFilters, network_cluster
from ticms.common.exceptions import NotFound
from ticms.testing import factories as f

from .network_world import WUXI, build_net_world, c, edge_set, node_ids, o

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(db):
    return build_net_world()


def network_for_province(*, user, filters=None):
    """The detailed graph of the user's whole scope: one page holds this small world."""
    return network_cluster(user=user, filters=filters, page_number=1).network


def nodes_by_id(graph) -> dict[str, dict]:
    return {n["id"]: n for n in graph["nodes"]}


def test_province_sees_every_center_and_partner_once(net):
    w = net.world
    graph = network_for_province(user=net.users["province"]).graph
    a, b, cc = w.nj.host_unit, w.sz.host_unit, w.branch.host_unit
    e = w.sz.co_builders.get().organisation
    assert node_ids(graph) == {
        c(w.nj),
        c(w.sz),
        c(w.branch),
        *(o(org) for org in (a, b, cc, net.d, e, net.x)),
    }
    # Node ids are unique: X (two centers) and D (two ties) are one node each.
    assert len(graph["nodes"]) == len(node_ids(graph))
    assert edge_set(graph) == {
        (c(w.nj), c(w.branch), "branch"),
        (c(w.nj), o(a), "host_unit"),
        (c(w.sz), o(b), "host_unit"),
        (c(w.branch), o(cc), "host_unit"),
        (c(w.nj), o(net.d), "co_builder"),
        (c(w.sz), o(e), "co_builder"),
        (c(w.branch), o(net.d), "alliance"),
        (c(w.nj), o(net.x), "alliance"),
        (c(w.sz), o(net.x), "alliance"),
    }
    nodes = nodes_by_id(graph)
    assert nodes[c(w.nj)]["category"] == "headquarters"
    assert nodes[c(w.branch)]["category"] == "branch"
    assert nodes[c(w.sz)]["category"] == "center"
    assert nodes[o(a)]["category"] == "host_unit"
    # An organisation in two roles takes its strongest tie.
    assert nodes[o(net.d)]["category"] == "co_builder"
    assert nodes[o(net.x)]["category"] == "alliance"
    assert nodes[o(net.x)]["degree"] == 2
    assert nodes[c(w.nj)]["url"] == f"/centers/{w.nj.pk}/"
    # Every edge joins two nodes of the graph.
    assert {e for edge in graph["edges"] for e in (edge["source"], edge["target"])} <= node_ids(
        graph
    )
    json.dumps(graph)  # JSON-ready for json_script and the API


def test_shared_partners_are_listed_with_each_center(net):
    network = network_for_province(user=net.users["province"])
    shared = {p.name: {(name, rel) for name, _url, rel in p.links} for p in network.shared}
    assert shared == {
        "无锡联盟企业X": {
            ("南京工业母机技术创新中心", "联盟成员"),
            ("苏州纳米新材料技术创新中心", "联盟成员"),
        },
        "南京共建单位D": {
            ("南京工业母机技术创新中心", "共建单位"),
            ("工业母机苏州分中心", "联盟成员"),
        },
    }


def test_a_pair_tied_twice_keeps_one_edge_of_the_strongest_tie(net):
    from ticms.centers.models import AllianceMember

    w = net.world
    # Entered as alliance member before becoming a co-builder (a change request may do that).
    AllianceMember.objects.create(center=w.nj, organisation=net.d, kind="local_government")
    graph = network_for_province(user=net.users["province"]).graph
    ties = [e for e in graph["edges"] if (e["source"], e["target"]) == (c(w.nj), o(net.d))]
    assert [e["relation"] for e in ties] == ["co_builder"]


def test_filters_keep_linked_centers_as_context(net):
    w = net.world
    network = network_for_province(
        user=net.users["province"], filters=ClusterFilters(city="320100")
    )
    graph = network.graph
    assert [r.center for r in network.rows] == [w.nj]
    nodes = nodes_by_id(graph)
    # The branch is outside the filter, not outside the scope: shown with its link.
    assert nodes[c(w.branch)]["category"] == "outside"
    assert nodes[c(w.branch)]["url"] == f"/centers/{w.branch.pk}/"
    assert o(w.branch.host_unit) not in nodes
    assert c(w.sz) not in nodes
    status = network_for_province(
        user=net.users["province"], filters=ClusterFilters(status="constructing")
    )
    assert [r.center for r in status.rows] == [w.branch]


def test_center_network_is_the_family_of_headquarters_and_branches(net):
    w = net.world
    for pk in (w.nj.pk, w.branch.pk):
        center, network = network_for_center(user=net.users["province"], pk=pk)
        assert center.pk == pk
        assert {r.center for r in network.rows} == {w.nj, w.branch}
        assert c(w.sz) not in node_ids(network.graph)
        assert (c(w.nj), c(w.branch), "branch") in edge_set(network.graph)
    _center, alone = network_for_center(user=net.users["province"], pk=w.sz.pk)
    assert [r.center for r in alone.rows] == [w.sz]
    # X is a partner of sz here; its tie to nj (another family) is not part of this page.
    assert edge_set(alone.graph) >= {(c(w.sz), o(net.x), "alliance")}
    assert c(w.nj) not in node_ids(alone.graph)


# --- scope (DESIGN §1) -----------------------------------------------------------------------

SCOPE = {
    # user: (centers shown in full, stubs without a link)
    "province": ({"nj", "sz", "branch"}, set()),
    "city_nj": ({"nj"}, {"branch"}),
    "city_sz": ({"sz", "branch"}, {"nj"}),
    "staff_a": ({"nj", "branch"}, set()),
    "staff_b": ({"sz"}, set()),
    "staff_c": ({"branch"}, {"nj"}),
    "cobuilder_d": ({"nj"}, {"branch"}),
    "cobuilder_e": ({"sz"}, set()),
    "expert": (set(), set()),
    "evaluator": (set(), set()),
    "sysadmin": (set(), set()),
    "anonymous": (set(), set()),
}


@pytest.mark.parametrize("username", list(SCOPE))
def test_scope_of_the_province_network(net, username):
    w = net.world
    full, stubs = SCOPE[username]
    centers = {"nj": w.nj, "sz": w.sz, "branch": w.branch}
    network = network_for_province(user=net.users[username])
    assert {r.center.pk for r in network.rows} == {centers[k].pk for k in full}
    nodes = nodes_by_id(network.graph)
    for key in stubs:
        stub = nodes[c(centers[key])]
        assert stub["category"] == "outside"
        assert stub["url"] is None and stub["network_url"] is None
        assert stub["details"] == ["不在您的查看范围内"]
    for key in set(centers) - full - stubs:
        assert c(centers[key]) not in nodes
    # Partners only through centers in scope: the host unit of a center out of scope never shows.
    for key in set(centers) - full:
        assert o(centers[key].host_unit) not in nodes


def test_a_city_officer_learns_nothing_of_another_citys_centers(net):
    w = net.world
    text = json.dumps(network_for_province(user=net.users["city_nj"]).graph, ensure_ascii=False)
    # 苏州's own center, the branch's host and the branch's alliance tie stay hidden.
    for secret in (w.sz.name, w.sz.code, w.branch.host_unit.name, w.branch.code, "苏州共建单位E"):
        assert secret not in text
    graph = network_for_province(user=net.users["city_nj"]).graph
    assert (c(w.branch), o(net.d), "alliance") not in edge_set(graph)
    x = nodes_by_id(graph)[o(net.x)]
    assert x["degree"] == 1 and all("苏州" not in line for line in x["details"])


def test_an_officer_of_a_third_city_sees_nothing(net):
    officer = f.city_user(WUXI, username="city_wx")
    network = network_for_province(user=officer)
    assert network.is_empty and network.graph["nodes"] == [] and network.graph["edges"] == []
    # Not even the 无锡 enterprise X, linked only to centers of other cities.
    with pytest.raises(NotFound):
        network_for_center(user=officer, pk=net.world.nj.pk)


def test_a_stub_is_named_only_when_the_public_directory_names_it(db):
    cultivating = build_net_world(branch_status="cultivating")
    graph = network_for_province(user=cultivating.users["city_nj"]).graph
    stub = nodes_by_id(graph)[c(cultivating.world.branch)]
    assert stub["name"] == "未公开的中心"
    assert cultivating.world.branch.name not in json.dumps(graph, ensure_ascii=False)


@pytest.mark.parametrize(
    ("username", "center", "visible"),
    [
        ("city_nj", "sz", False),
        ("city_nj", "branch", False),
        ("city_sz", "branch", True),
        ("staff_c", "nj", False),
        ("staff_a", "branch", True),
        ("cobuilder_e", "nj", False),
        ("expert", "nj", False),
        ("anonymous", "nj", False),
    ],
)
def test_center_network_outside_the_scope_is_not_found(net, username, center, visible):
    w = net.world
    pk = {"nj": w.nj, "sz": w.sz, "branch": w.branch}[center].pk
    if visible:
        network_for_center(user=net.users[username], pk=pk)
    else:
        with pytest.raises(NotFound):
            network_for_center(user=net.users[username], pk=pk)


def test_branch_staff_see_their_headquarters_as_a_stub(net):
    w = net.world
    _center, network = network_for_center(user=net.users["staff_c"], pk=w.branch.pk)
    nodes = nodes_by_id(network.graph)
    assert nodes[c(w.nj)]["category"] == "outside" and nodes[c(w.nj)]["url"] is None
    assert o(w.nj.host_unit) not in nodes
    assert (c(w.nj), c(w.branch), "branch") in edge_set(network.graph)
    assert network.rows[0].headquarters.url is None

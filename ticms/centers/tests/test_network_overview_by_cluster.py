"""The province network at scale (issue 10): an overview of clusters (a city, an industry field or
category) with counts aggregated in the database, each cluster opened by a plain link as the
detailed graph of one page of its centers; counted only over the user's scope."""

from __future__ import annotations

import json
import re

import pytest

from ticms.centers.models import AllianceMember
from ticms.centers.network_clusters import (
    PAGE_SIZE,
    ClusterFilters,
    network_cluster,
    network_summary,
)
from ticms.testing import factories as f

from .conftest import NANJING, SUZHOU, login, main_html
from .network_world import WUXI, build_net_world, c

pytestmark = pytest.mark.django_db

_DATA = re.compile(r'<script id="network-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def net(db):
    return build_net_world()


def graph_of(response) -> dict:
    return json.loads(_DATA.search(response.content.decode()).group(1))


def counts(summary) -> dict[str, tuple]:
    return {
        cl.key: (
            cl.centers,
            cl.headquarters,
            cl.branches,
            cl.independent,
            cl.partners,
            cl.shared_partners,
        )
        for cl in summary.clusters
    }


# --- the overview's counts ---------------------------------------------------------------------


def test_the_province_overview_counts_each_city(net):
    summary = network_summary(user=net.users["province"])
    # 南京: the headquarters with host A, co-builder D, alliance member X.
    # 苏州: sz (host B, co-builder E, member X) and the branch (host C, member D).
    assert counts(summary) == {
        NANJING: (1, 1, 0, 0, 3, 2),
        SUZHOU: (2, 0, 1, 1, 5, 2),
    }
    assert [cl.name for cl in summary.clusters] == ["南京市", "苏州市"]
    [link] = summary.links
    assert (link.source.key, link.target.key, link.shared_partners) == (NANJING, SUZHOU, 2)
    # X and D work with both cities.
    assert [(p.name, p.clusters) for p in summary.shared] == [
        ("南京共建单位D", 2),
        ("无锡联盟企业X", 2),
    ]
    assert summary.shared_count == 2 and summary.centers == 3


def test_the_overview_by_industry_field_and_by_category(net):
    by_field = network_summary(user=net.users["province"], filters=ClusterFilters(group="field"))
    # 高端装备 (E02): nj and its branch, partners A, C, D, X; 新材料 (E03): sz with B, E, X.
    assert counts(by_field) == {"E02": (2, 1, 1, 0, 4, 1), "E03": (1, 0, 0, 1, 3, 1)}
    assert [p.name for p in by_field.shared] == ["无锡联盟企业X"]
    by_category = network_summary(
        user=net.users["province"], filters=ClusterFilters(group="category")
    )
    assert counts(by_category) == {"emerging": (3, 1, 1, 1, 6, 0)}
    assert by_category.links == [] and by_category.shared == []


def test_the_overview_counts_only_the_status_asked_for(net):
    summary = network_summary(
        user=net.users["province"], filters=ClusterFilters(status="constructing")
    )
    assert counts(summary) == {SUZHOU: (1, 0, 1, 0, 2, 0)}  # the branch: host C, member D


def test_a_city_officers_overview_counts_only_their_city(net):
    nj = network_summary(user=net.users["city_nj"], filters=ClusterFilters(group="field"))
    # X and D also work with 苏州's centers: not counted, not shared, not named.
    assert counts(nj) == {"E02": (1, 1, 0, 0, 3, 0)}
    assert nj.shared == [] and nj.shared_count == 0 and nj.links == []
    sz = network_summary(user=net.users["city_sz"], filters=ClusterFilters(group="field"))
    assert counts(sz) == {"E02": (1, 0, 1, 0, 2, 0), "E03": (1, 0, 0, 1, 3, 0)}
    assert sz.links == []  # D is 南京's co-builder and the branch's member: one field here


def test_a_city_officers_overview_page_and_api_show_nothing_of_other_cities(client, net):
    login(client, net.users["city_nj"])
    response = client.get("/centers/network/")
    html = main_html(response)
    graph = graph_of(response)
    assert graph["kind"] == "clusters" and [n["value"] for n in graph["nodes"]] == [1]
    for secret in ("苏州", net.world.sz.name, "苏州依托单位B", "苏州共建单位E", "分中心依托单位C"):
        assert secret not in html
    assert '<select name="group"' in html and '<option value="city"' not in html
    api = client.get("/api/v1/network", {"group": "city"}).json()
    assert [(cl["key"], cl["centers"], cl["partners"]) for cl in api["clusters"]] == [
        (NANJING, 1, 3)
    ]
    assert api["links"] == [] and api["shared_partners"] == {"count": 0, "items": []}


def test_an_officer_of_a_city_without_centers_sees_an_empty_overview(client, net):
    officer = f.city_user(WUXI, username="city_wx")
    assert network_summary(user=officer, filters=ClusterFilters(group="field")).is_empty
    login(client, officer)
    html = client.get("/centers/network/").content.decode()
    assert "您的查看范围内没有符合条件的技术创新中心" in html
    assert 'id="network-chart"' not in html


def test_center_staff_see_their_centers_in_detail_without_grouping(client, net):
    login(client, net.users["staff_a"])
    response = client.get("/centers/network/")
    graph = graph_of(response)
    assert "kind" not in graph
    assert {c(net.world.nj), c(net.world.branch)} <= {n["id"] for n in graph["nodes"]}
    assert '<select name="group"' not in response.content.decode()


def test_the_overview_sees_a_change_at_once(net):
    """Cached, but never stale: a partner added or removed, a center moved, shows at once."""
    province = net.users["province"]
    assert counts(network_summary(user=province))[NANJING][4] == 3
    new = f.OrganisationFactory(name="新加入的联盟企业")
    member = AllianceMember.objects.create(center=net.world.nj, organisation=new, kind="enterprise")
    assert counts(network_summary(user=province))[NANJING][4] == 4
    member.delete()
    net.world.nj.co_builders.get().delete()
    assert counts(network_summary(user=province))[NANJING][4] == 2  # A and X left
    sz = net.world.sz
    sz.city = f.city(WUXI)
    sz.save()
    assert set(counts(network_summary(user=province))) == {NANJING, WUXI, SUZHOU}


# --- the overview page, and a cluster opened from it -------------------------------------------


def test_each_cluster_opens_by_a_plain_link(client, net):
    """The node's link is the table's link: the page of the cluster, which works without JS."""
    login(client, net.users["province"])
    response = client.get("/centers/network/", {"status": "operating"})
    nodes = {n["id"]: n for n in graph_of(response)["nodes"]}
    url = nodes[f"k:{SUZHOU}"]["url"]
    assert url == "/centers/network/?group=city&city=320500&status=operating"
    assert f'href="{url.replace("&", "&amp;")}"' in response.content.decode()
    detail = client.get(url)
    html = detail.content.decode()
    assert detail.status_code == 200
    ids = {n["id"] for n in graph_of(detail)["nodes"]}
    assert c(net.world.sz) in ids and c(net.world.branch) not in ids  # constructing
    assert "苏州市" in html and 'href="/centers/network/?group=city&amp;status=operating"' in html


def test_a_big_cluster_opens_a_page_at_a_time(client, db):
    province = f.province_user()
    partner = f.OrganisationFactory(name="共同的联盟企业")
    centers = [
        f.CenterFactory(code=f"TIC-P-{i:03d}", city=f.city(NANJING)) for i in range(PAGE_SIZE + 3)
    ]
    for center in centers:
        AllianceMember.objects.create(center=center, organisation=partner, kind="enterprise")
    first = network_cluster(user=province, filters=ClusterFilters(city=NANJING), page_number=1)
    assert first.count == PAGE_SIZE + 3
    assert [r.center for r in first.network.rows] == centers[:PAGE_SIZE]
    # The shared partners are those of the whole cluster, their centers listed in part.
    [shared] = first.shared
    assert shared.centers == PAGE_SIZE + 3 and len(shared.links) == 5
    assert shared.more == PAGE_SIZE - 2
    login(client, province)
    last = client.get("/centers/network/", {"city": NANJING, "page": "2"})
    html = last.content.decode()
    ids = {n["id"] for n in graph_of(last)["nodes"] if n["id"].startswith("c:")}
    assert ids == {c(x) for x in centers[PAGE_SIZE:]}
    assert "第 2 / 2 页" in html and "city=320100&amp;page=1" in html
    assert f"共 {PAGE_SIZE + 3} 个中心；图和表显示第 {PAGE_SIZE + 1}–{PAGE_SIZE + 3} 个" in html
    assert f"另有 {PAGE_SIZE - 2} 个中心" in html
    # A page past the end is the last one, not an error.
    assert client.get("/centers/network/", {"city": NANJING, "page": "99"}).status_code == 200


# --- the API -----------------------------------------------------------------------------------


def test_api_summary_and_cluster(client, net):
    login(client, net.users["province"])
    summary = client.get("/api/v1/network").json()
    assert summary["group"] == "city" and summary["centers"] == 3
    nanjing = summary["clusters"][0]
    assert nanjing["page_url"] == "/centers/network/?group=city&city=320100"
    assert nanjing["api_url"] == "/api/v1/network/clusters/city/320100"
    cluster = client.get(nanjing["api_url"]).json()
    assert (cluster["name"], cluster["count"], cluster["offset"], cluster["limit"]) == (
        "南京市",
        1,
        0,
        PAGE_SIZE,
    )
    assert c(net.world.nj) in {n["id"] for n in cluster["nodes"]}
    by_field = client.get("/api/v1/network/clusters/field/E03").json()
    assert by_field["name"] == "新材料" and by_field["count"] == 1
    paged = client.get("/api/v1/network/clusters/category/emerging", {"offset": 1, "limit": 1})
    assert paged.json()["count"] == 3
    assert [n["id"] for n in paged.json()["nodes"] if n["category"] == "center"] == [
        c(net.world.sz)
    ]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("city/320500", 404),  # another city: like a missing one
        ("city/999999", 404),
        ("field/XX", 404),
        ("category/nonsense", 404),
        ("district/320100", 422),
        ("city/320100?limit=1000", 422),
        ("city/320100?offset=-1", 422),
    ],
)
def test_api_cluster_outside_the_choices(client, net, path, status):
    login(client, net.users["city_nj"])
    response = client.get(f"/api/v1/network/clusters/{path}")
    assert response.status_code == status
    if status == 404:
        assert response.json() == client.get("/api/v1/network/clusters/city/999999").json()


def test_api_documents_the_network_endpoints(client, net):
    login(client, net.users["province"])
    doc = client.get("/api/v1/openapi.json").json()
    summary = doc["paths"]["/api/v1/network"]["get"]["responses"]
    cluster = doc["paths"]["/api/v1/network/clusters/{group}/{key}"]["get"]["responses"]
    assert {"200", "401", "422"} <= set(summary)
    assert {"200", "401", "404", "422"} <= set(cluster)
    schemas = doc["components"]["schemas"]
    assert {"NetworkSummaryOut", "ClusterOut", "ClusterNetworkOut", "SharedPartnerOut"} <= set(
        schemas
    )

"""Network pages and API (第五条, 第十九条): they render, carry the graph as json_script, and are
scoped like the registry (a forbidden center looks exactly like a missing one)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

from ticms.accounts.models import City
from ticms.centers.models import AllianceMember
from ticms.testing import factories as f

from .conftest import login, main_html
from .network_world import WUXI, build_net_world, c, o

pytestmark = pytest.mark.django_db

_DATA = re.compile(r'<script id="network-data" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def net(db):
    return build_net_world()


def graph_of(response) -> dict:
    match = _DATA.search(response.content.decode())
    assert match, "no json_script with the graph"
    return json.loads(match.group(1))


def test_province_network_page(client, net):
    login(client, net.users["province"])
    response = client.get("/centers/network/")
    assert response.status_code == 200
    html = response.content.decode()
    # The province overview is a summary: one node per city, opened by a plain link.
    graph = graph_of(response)
    assert graph["kind"] == "clusters"
    assert {n["id"] for n in graph["nodes"]} == {"k:320100", "k:320500"}
    assert 'href="/centers/network/?group=city&amp;city=320100"' in html
    # The accessible table carries the same data; the chart is drawn from local files only.
    assert "无锡联盟企业X" in main_html(response)  # shared by the two cities
    assert "与多组中心合作的单位" in html
    detail = client.get("/centers/network/", {"city": "320100"})
    graph = graph_of(detail)
    assert {c(net.world.nj), o(net.x)} <= {n["id"] for n in graph["nodes"]}
    assert [cat["name"] for cat in graph["categories"]][:2] == ["总部", "分中心"]
    assert "与多个中心合作的单位" in detail.content.decode()
    assert '/static/vendor/echarts/echarts.min.js"' in html
    assert '/static/centers/network.js"' in html
    assert "cdn" not in html.lower()
    assert 'aria-current="page">创新网络</a>' in html  # the navigation item is active


def test_static_files_are_served_locally():
    assert finders.find("vendor/echarts/echarts.min.js")
    assert finders.find("centers/network.js")
    assert finders.find("centers/network.css")


def test_province_network_filters(client, net):
    login(client, net.users["province"])
    graph = graph_of(client.get("/centers/network/", {"city": "320500", "status": "operating"}))
    rows = [n for n in graph["nodes"] if n["category"] in ("headquarters", "branch", "center")]
    assert [n["id"] for n in rows] == [c(net.world.sz)]


_CITY_SELECT = re.compile(r'<select name="city".*?</select>', re.S)


def city_options(response) -> list[str] | None:
    """The city codes offered by the filter; None when the page shows no city filter."""
    select = _CITY_SELECT.search(response.content.decode())
    return re.findall(r'<option value="(\d+)"', select.group(0)) if select else None


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("city_nj", None),  # one city: nothing to choose
        ("staff_a", ["320100", "320500"]),  # the headquarters in 南京, its branch in 苏州
        ("staff_b", None),  # one center, one city
        ("cobuilder_d", None),
        ("expert", None),  # sees no center at all
    ],
)
def test_city_filter_offers_only_cities_that_narrow_the_network(client, net, username, expected):
    login(client, net.users[username])
    assert city_options(client.get("/centers/network/")) == expected


def test_province_city_filter_lists_every_city(client, net):
    login(client, net.users["province"])
    options = city_options(client.get("/centers/network/"))
    assert options == list(City.objects.order_by("code").values_list("code", flat=True))
    assert len(options) > 2  # more than the cities that have centers here


def test_center_user_city_filter(client, net):
    w = net.world
    login(client, net.users["staff_a"])
    graph = graph_of(client.get("/centers/network/", {"city": "320500"}))
    ids = {n["id"] for n in graph["nodes"] if n["category"] in ("headquarters", "branch", "center")}
    assert ids == {c(w.branch)}
    # A city with none of their centers is no choice: ignored with a message, like a bad one.
    response = client.get("/centers/network/", {"city": WUXI})
    assert "以下筛选条件无效或超出您的权限范围，已忽略：设区市" in response.content.decode()
    assert {c(w.nj), c(w.branch)} <= {n["id"] for n in graph_of(response)["nodes"]}


def test_a_bad_filter_is_ignored_with_a_message(client, net):
    login(client, net.users["city_nj"])
    response = client.get("/centers/network/", {"city": "320500", "status": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "以下筛选条件无效或超出您的权限范围，已忽略" in html
    # Their own city's overview, by industry field: 南京's one center, nothing of 苏州.
    graph = graph_of(response)
    assert graph["kind"] == "clusters"
    assert [n["value"] for n in graph["nodes"]] == [1]
    assert net.world.sz.name not in html and "苏州" not in json.dumps(graph, ensure_ascii=False)
    # A city officer's overview is not grouped by city (one city is no grouping).
    response = client.get("/centers/network/", {"group": "city"})
    assert "以下筛选条件无效或超出您的权限范围，已忽略：概览分组" in response.content.decode()
    assert graph_of(response)["nodes"][0]["id"] == "k:E02"


def test_center_network_page(client, net):
    w = net.world
    login(client, net.users["staff_a"])
    response = client.get(f"/centers/{w.branch.pk}/network/")
    assert response.status_code == 200
    ids = {n["id"] for n in graph_of(response)["nodes"]}
    assert {c(w.nj), c(w.branch), o(net.d)} <= ids and c(w.sz) not in ids
    assert f"/centers/{w.branch.pk}/alliance/" in response.content.decode()


def test_empty_network_page(client, net):
    login(client, net.users["expert"])
    response = client.get("/centers/network/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "您的查看范围内没有符合条件的技术创新中心" in html
    assert 'id="network-chart"' not in html


def test_anonymous_users_are_sent_to_log_in(client, net):
    for url in ("/centers/network/", f"/centers/{net.world.nj.pk}/network/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/network").status_code == 401


@pytest.mark.parametrize(
    ("username", "center"),
    [("city_nj", "sz"), ("city_nj", "branch"), ("staff_c", "nj"), ("cobuilder_e", "nj")],
)
def test_forbidden_center_is_a_404_like_a_missing_one(client, net, username, center):
    pk = getattr(net.world, center).pk
    login(client, net.users[username])
    for url in ("/centers/{}/network/", "/centers/{}/alliance/"):
        forbidden, missing = client.get(url.format(pk)), client.get(url.format(999999))
        assert forbidden.status_code == missing.status_code == 404
        assert main_html(forbidden) == main_html(missing)
    for url in ("/api/v1/centers/{}/network", "/api/v1/centers/{}/alliance-members"):
        forbidden, missing = client.get(url.format(pk)), client.get(url.format(999999))
        assert forbidden.status_code == missing.status_code == 404
        assert forbidden.json() == missing.json()
    response = client.post(
        f"/api/v1/centers/{pk}/alliance-members",
        {"uscc": net.x.uscc, "name": "X", "kind": "enterprise"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_detail_page_links_the_network_and_the_alliance(client, net):
    login(client, net.users["province"])
    html = client.get(f"/centers/{net.world.nj.pk}/").content.decode()
    assert f'href="/centers/{net.world.nj.pk}/network/"' in html
    assert f'href="/centers/{net.world.nj.pk}/alliance/"' in html


def _without_graph_data(response) -> str:
    return _DATA.sub("", main_html(response))


def test_an_organisation_kind_reads_the_same_in_every_table(client, net):
    """A university host of sz, co-builder of the branch and alliance member of nj: one word for
    its kind everywhere on the page, the organisation kinds' 「高等学校」."""
    w = net.world
    uni = w.sz.host_unit
    assert uni.kind == "university"
    f.CoBuilderFactory(center=w.branch, organisation=uni, kind="university")
    AllianceMember.objects.create(center=w.nj, organisation=uni, kind="university")
    login(client, net.users["province"])
    response = client.get("/centers/network/", {"category": "emerging"})  # all three centers
    html = _without_graph_data(response)
    assert html.count("高等学校") >= 3  # co-builder column, alliance column, shared partners
    assert "高校" not in html
    node = next(n for n in graph_of(response)["nodes"] if n["id"] == o(uni))
    assert "高等学校" in node["details"]
    one = _without_graph_data(client.get(f"/centers/{w.nj.pk}/network/"))
    assert "高等学校" in one and "高校" not in one


def test_alliance_page_uses_the_organisation_kind_words(client, net):
    w = net.world
    AllianceMember.objects.create(center=w.nj, organisation=w.sz.host_unit, kind="university")
    login(client, net.users["staff_a"])
    html = main_html(client.get(f"/centers/{w.nj.pk}/alliance/"))
    assert '<option value="university">高等学校</option>' in html
    assert "<td>高等学校</td>" in html
    assert ">高校<" not in html


# --- alliance page -----------------------------------------------------------------------------


def test_alliance_page_for_a_reader_has_no_form(client, net):
    login(client, net.users["city_nj"])
    response = client.get(f"/centers/{net.world.nj.pk}/alliance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "无锡联盟企业X" in html
    assert 'name="uscc"' not in html and "移除" not in html
    response = client.post(
        f"/centers/{net.world.nj.pk}/alliance/",
        {"uscc": "", "name": "", "kind": ""},
    )
    assert response.status_code == 403
    assert "只有本中心（依托单位）人员和省科技厅可以维护" in response.content.decode()


def test_alliance_page_add_and_remove(client, net):
    from ticms.accounts import uscc as uscc_codes

    w = net.world
    login(client, net.users["staff_a"])
    url = f"/centers/{w.nj.pk}/alliance/"
    page = client.get(url).content.decode()
    assert 'name="uscc"' in page and "data-confirm" in page
    # A bad code: the form comes back with the reason, in Chinese, nothing saved.
    response = client.post(url, {"uscc": "91320100ABC", "name": "企业", "kind": "enterprise"})
    assert response.status_code == 200
    assert "统一社会信用代码应为18位，当前为11位" in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    code = uscc_codes.make("91320100MA7XYW123")
    response = client.post(
        url, {"uscc": code, "name": "南京新成员", "kind": "enterprise", "joined_on": "2025-01-02"}
    )
    assert response.status_code == 302 and response["Location"] == url
    member = AllianceMember.objects.get(organisation__uscc=code)
    # Twice: refused on the field.
    response = client.post(url, {"uscc": code, "name": "南京新成员", "kind": "enterprise"})
    assert "已是该中心的联盟成员" in response.content.decode()
    assert client.get(f"{url}{member.pk}/remove/").status_code == 405
    response = client.post(f"{url}{member.pk}/remove/")
    assert response.status_code == 302
    assert not AllianceMember.objects.filter(pk=member.pk).exists()
    # Someone else's member through this center: not found.
    other = w.sz.alliance_members.get()
    assert client.post(f"{url}{other.pk}/remove/").status_code == 404


def test_alliance_remove_refused_for_a_reader(client, net):
    member = net.world.nj.alliance_members.get()
    login(client, net.users["cobuilder_d"])
    response = client.post(f"/centers/{net.world.nj.pk}/alliance/{member.pk}/remove/")
    assert response.status_code == 403
    assert AllianceMember.objects.filter(pk=member.pk).exists()


# --- API ---------------------------------------------------------------------------------------


def test_api_network_is_the_pages_graph(client, net):
    login(client, net.users["city_sz"])
    page = graph_of(client.get("/centers/network/", {"city": "320500"}))
    api = client.get("/api/v1/network/clusters/city/320500").json()
    assert {k: api[k] for k in ("categories", "nodes", "edges")} == page
    nodes = {n["id"]: n for n in api["nodes"]}
    assert nodes[c(net.world.nj)]["category"] == "outside"
    assert nodes[c(net.world.nj)]["url"] is None
    one = client.get(f"/api/v1/centers/{net.world.branch.pk}/network").json()
    assert c(net.world.branch) in {n["id"] for n in one["nodes"]}


def test_api_network_filters(client, net):
    login(client, net.users["province"])
    for url in ("/api/v1/network", "/api/v1/network/clusters/city/320100"):
        response = client.get(url, {"status": "nonsense"})
        assert response.status_code == 422
        assert response.json()["detail"][0]["msg"] == "请从列表中选择状态"
    graph = client.get("/api/v1/network/clusters/city/320100").json()
    assert c(net.world.sz) not in {n["id"] for n in graph["nodes"]}
    operating = client.get("/api/v1/network/clusters/city/320500", {"status": "operating"})
    ids = {n["id"] for n in operating.json()["nodes"]}
    assert c(net.world.sz) in ids and c(net.world.branch) not in ids


def test_api_alliance_members(client, net):
    from ticms.accounts import uscc as uscc_codes

    w = net.world
    login(client, net.users["staff_a"])
    url = f"/api/v1/centers/{w.nj.pk}/alliance-members"
    assert [m["organisation"] for m in client.get(url).json()] == ["无锡联盟企业X"]
    bad = client.post(
        url, {"uscc": "123", "name": "企业", "kind": "enterprise"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "uscc"
    assert "统一社会信用代码应为18位" in bad.json()["detail"][0]["msg"]
    code = uscc_codes.make("91320100MA7XYW124")
    created = client.post(
        url,
        {"uscc": code, "name": "API成员", "kind": "university", "joined_on": "2025-03-04"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    # The organisation kinds' word (accounts), not the co-builder kinds' 「高校」.
    assert (body["uscc"], body["kind_label"], body["joined_on"]) == (code, "高等学校", "2025-03-04")
    removed = client.delete(f"{url}/{body['id']}")
    assert removed.status_code == 200
    assert [m["organisation"] for m in removed.json()] == ["无锡联盟企业X"]
    assert client.delete(f"{url}/{body['id']}").status_code == 404


def test_api_alliance_members_refused_for_a_reader(client, net):
    login(client, net.users["city_nj"])
    response = client.post(
        f"/api/v1/centers/{net.world.nj.pk}/alliance-members",
        {"uscc": net.d.uscc, "name": "D", "kind": "enterprise"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "只有本中心（依托单位）人员和省科技厅" in response.json()["detail"]

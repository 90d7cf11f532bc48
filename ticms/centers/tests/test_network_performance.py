"""The network pages and API stay fast as the data grows (DESIGN §5, issue 10): the same number
of SQL queries with 5 centers as with 40, each with its branches, co-builders and alliance
members, whether the overview's aggregates come from the cache or not; and the province overview
does not grow with the centers."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers.models import AllianceMember
from ticms.testing import factories as f

from .conftest import NANJING, login

pytestmark = pytest.mark.django_db

SUZHOU = "320500"
_serial = itertools.count()


def count(client, url, params=None, *, cold=False) -> tuple[int, list[str]]:
    if cold:  # the network's aggregates computed afresh, not read from the cache
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_same(client, url, grow, params=None, *, sizes=(5, 35)):
    """The same number of queries at both sizes, with the network's cached aggregates computed
    (cold) and read from the cache (warm)."""
    grow(sizes[0])
    client.get(url, params or {})  # warm-up: session, content types, translations
    small = {cold: count(client, url, params, cold=cold)[0] for cold in (True, False)}
    grow(sizes[1])
    for cold in (True, False):
        large, sql = count(client, url, params, cold=cold)
        assert small[cold] == large, (
            f"{url} (cold={cold}): {small[cold]} queries with {sizes[0]} centers, {large} with "
            f"{sum(sizes)}\n" + "\n".join(sql)
        )


@pytest.fixture
def shared():
    """Partners every center shares, so shared nodes are in play at both sizes."""
    return [f.OrganisationFactory(name=f"共享单位{i}") for i in range(2)]


def add_centers(shared, *, headquarters=None, city=NANJING, branch_city=SUZHOU):
    """`n` centers in `city`, each with a branch in another city (a stub for a city officer),
    two co-builders, two alliance members (one shared by all); or `n` branches of
    `headquarters`."""

    def grow(n):
        for _ in range(n):
            i = next(_serial)
            center = f.CenterFactory(
                code=f"TIC-N-{i:04d}", city=f.city(city), headquarters=headquarters
            )
            if headquarters is None:
                f.CenterFactory(
                    code=f"TIC-NB-{i:04d}", city=f.city(branch_city), headquarters=center
                )
            f.CoBuilderFactory(center=center)
            f.CoBuilderFactory(center=center, organisation=shared[0])
            AllianceMember.objects.create(center=center, organisation=shared[1], kind="enterprise")
            AllianceMember.objects.create(
                center=center, organisation=f.OrganisationFactory(), kind="university"
            )

    return grow


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"group": "field"},
        {"group": "category", "status": "operating"},
        {"city": NANJING},
        {"city": NANJING, "status": "operating"},
    ],
)
def test_province_network_page(client, shared, params):
    login(client, f.province_user())
    assert_same(client, "/centers/network/", add_centers(shared), params)


def across_cities(shared):
    """Centers spread over four cities and two industry fields, each with a branch elsewhere."""
    cities = ["320100", "320200", "320500", "321000"]
    fields = ["E0201", "E0303"]

    def grow(n):
        for _ in range(n):
            i = next(_serial)
            center = f.CenterFactory(
                code=f"TIC-X-{i:04d}",
                city=f.city(cities[i % 4]),
                sub_field=f.sub_field(fields[i % 2]),
            )
            f.CenterFactory(
                code=f"TIC-XB-{i:04d}", city=f.city(cities[(i + 1) % 4]), headquarters=center
            )
            f.CoBuilderFactory(center=center, organisation=shared[0])
            AllianceMember.objects.create(
                center=center, organisation=f.OrganisationFactory(), kind="university"
            )

    return grow


@pytest.mark.parametrize("group", ["city", "field", "category"])
def test_overview_across_cities_is_the_same_size_at_5_and_40_centers(client, shared, group):
    login(client, f.province_user())
    grow = across_cities(shared)
    grow(5)
    client.get("/centers/network/", {"group": group})
    cache.clear()
    small = client.get("/centers/network/", {"group": group})
    queries = count(client, "/centers/network/", {"group": group}, cold=True)[0]
    grow(35)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        large = client.get("/centers/network/", {"group": group})
    assert len(ctx.captured_queries) == queries
    # One node per cluster however many centers: the page does not grow with them. The digits
    # of the counts may; nothing else.
    assert len(large.content) - len(small.content) < 400, (len(small.content), len(large.content))
    assert "TIC-X-" not in large.content.decode()


@pytest.mark.parametrize("params", [{"field": "E02"}, {"category": "emerging", "page": "2"}])
def test_a_cluster_page(client, shared, params):
    login(client, f.province_user())
    assert_same(client, "/centers/network/", across_cities(shared), params, sizes=(12, 28))


def test_cluster_api(client, shared):
    login(client, f.province_user())
    url = f"/api/v1/network/clusters/city/{NANJING}"
    assert_same(client, url, add_centers(shared), {"offset": "2", "limit": "3"})


def test_province_network_page_for_a_city_officer(client, shared):
    login(client, f.city_user(NANJING))
    assert_same(client, "/centers/network/", add_centers(shared))


def test_province_network_page_for_center_staff(client, shared):
    host = f.OrganisationFactory(kind="new_rd_institution")
    login(client, f.center_user(host))

    def grow(n):
        for _ in range(n):
            center = f.CenterFactory(code=f"TIC-S-{next(_serial):04d}", host_unit=host)
            AllianceMember.objects.create(center=center, organisation=shared[1], kind="enterprise")

    assert_same(client, "/centers/network/", grow)


@pytest.mark.parametrize("group", ["city", "field"])
def test_province_network_api(client, shared, group):
    login(client, f.province_user())
    assert_same(client, "/api/v1/network", across_cities(shared), {"group": group})


def test_center_network_page_with_many_branches(client, shared):
    hq = f.CenterFactory(code="TIC-HQ-0001")
    login(client, f.province_user())
    assert_same(client, f"/centers/{hq.pk}/network/", add_centers(shared, headquarters=hq))


def test_center_network_page_for_a_city_officer_with_branches_elsewhere(client, shared):
    hq = f.CenterFactory(code="TIC-HQ-0002", city=f.city(NANJING))
    login(client, f.city_user(NANJING))
    grow = add_centers(shared, headquarters=hq, city=SUZHOU)  # every branch a stub
    assert_same(client, f"/centers/{hq.pk}/network/", grow)


def test_center_network_api(client, shared):
    hq = f.CenterFactory(code="TIC-HQ-0003")
    login(client, f.province_user())
    assert_same(client, f"/api/v1/centers/{hq.pk}/network", add_centers(shared, headquarters=hq))


def test_alliance_page(client, shared):
    center = f.CenterFactory()
    login(client, f.center_user(center.host_unit))

    def grow(n):
        for _ in range(n):
            AllianceMember.objects.create(
                center=center, organisation=f.OrganisationFactory(), kind="enterprise"
            )

    assert_same(client, f"/centers/{center.pk}/alliance/", grow)

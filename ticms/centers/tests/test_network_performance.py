"""The network pages and API stay fast as the data grows (DESIGN §5): the same number of SQL
queries with 1 center as with 10, each with its branches, co-builders and alliance members."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers.models import AllianceMember
from ticms.testing import factories as f

from .conftest import NANJING, login

pytestmark = pytest.mark.django_db

SUZHOU = "320500"
_serial = itertools.count()


def count(client, url, params=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_same(client, url, grow, params=None):
    grow(1)
    client.get(url, params or {})  # warm-up: session, content types, translations
    small, _ = count(client, url, params)
    grow(9)
    large, sql = count(client, url, params)
    assert small == large, f"{url}: {small} queries with 1 center, {large} with 10\n" + "\n".join(
        sql
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


@pytest.mark.parametrize("params", [{}, {"city": NANJING}, {"status": "operating"}])
def test_province_network_page(client, shared, params):
    login(client, f.province_user())
    assert_same(client, "/centers/network/", add_centers(shared), params)


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


def test_province_network_api(client, shared):
    login(client, f.province_user())
    assert_same(client, "/api/v1/network", add_centers(shared))


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

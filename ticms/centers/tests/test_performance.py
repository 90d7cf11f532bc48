"""Pages stay fast as the data grows (DESIGN §5): the number of SQL queries of each list page is
the same with 3 rows as with 30."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers import services
from ticms.centers.models import GovernanceBody, GovernanceMember
from ticms.common.audit import audit_record
from ticms.testing import factories as f

from .conftest import NANJING, login

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
SUB_FIELDS = ("E0201", "E0202", "E0303", "T0101", "F0201")
CITIES = (NANJING, "320500", "320200")


def queries(client, url, params=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant(client, url, grow, params=None):
    """Measure at SMALL rows and at LARGE rows; the counts must be equal."""
    grow(SMALL)
    client.get(url, params or {})  # warm-up: session, content types, translations
    small, _ = queries(client, url, params)
    grow(LARGE - SMALL)
    large, sql = queries(client, url, params)
    assert small == large, f"{url}: {small} queries with {SMALL} rows, {large} with {LARGE}\n" + (
        "\n".join(sql)
    )


_serial = itertools.count()


def add_centers(n, *, city=None):
    """Centers with their own host unit, varied sub-fields and cities, a headquarters each
    second one, and a small team, so that any lazy load in a row shows up."""
    hq = f.CenterFactory(code=f"TIC-HQ-{next(_serial):04d}", city=f.city(city or NANJING))
    for _ in range(n):
        i = next(_serial)
        center = f.CenterFactory(
            code=f"TIC-P-{i:04d}",
            city=f.city(city or CITIES[i % len(CITIES)]),
            sub_field=f.sub_field(SUB_FIELDS[i % len(SUB_FIELDS)]),
            headquarters=hq if i % 2 else None,
            status="operating",
        )
        f.TeamMemberFactory.create_batch(2, center=center)


@pytest.mark.parametrize(
    "params",
    [{}, {"category": "emerging"}, {"status": "operating", "q": "TIC"}, {"sub_field": "E0201"}],
)
def test_center_list_page(client, params):
    login(client, f.province_user())
    assert_constant(client, "/centers/", add_centers, params)


def test_center_list_page_for_a_city_officer(client):
    login(client, f.city_user(NANJING))
    assert_constant(client, "/centers/", lambda n: add_centers(n, city=NANJING))


@pytest.mark.parametrize("params", [{}, {"category": "emerging", "status": "operating"}])
def test_center_export(client, params):
    login(client, f.province_user())
    assert_constant(client, "/centers/export.xlsx", add_centers, params)


def test_center_api_list(client):
    login(client, f.province_user())
    assert_constant(client, "/api/v1/centers", add_centers, {"limit": 200})


def test_center_team_page(client):
    center = f.CenterFactory()

    def grow(n):
        for _ in range(n):
            f.TeamMemberFactory(
                center=center, person=f.PersonFactory(employer=f.OrganisationFactory())
            )

    login(client, f.province_user())
    assert_constant(client, f"/centers/{center.pk}/team/", grow)


@pytest.fixture
def rich_center():
    center = f.CenterFactory(
        status="constructing",
        director=f.PersonFactory(employer=f.OrganisationFactory()),
        executive_director=f.PersonFactory(employer=f.OrganisationFactory()),
    )
    bodies = [
        GovernanceBody.objects.create(center=center, kind=kind, name=str(kind))
        for kind in ("board", "expert_committee", "party_org")
    ]
    return center, bodies


def grow_detail(center, bodies, province):
    def grow(n):
        for _ in range(n):
            f.TeamMemberFactory(
                center=center, person=f.PersonFactory(employer=f.OrganisationFactory())
            )
            f.CoBuilderFactory(center=center)
            for body in bodies:
                GovernanceMember.objects.create(
                    body=body,
                    person=f.PersonFactory(),
                    organisation=f.OrganisationFactory(),
                    position="成员",
                )
            f.CenterFactory(headquarters=center, city=center.city)
            audit_record(
                actor=province,
                action="center.update",
                obj=center,
                before={"x": 1},
                after={"x": 2},
                article="第二十三条",
                comment="记录",
            )

    return grow


@pytest.mark.parametrize("viewer", ["province", "city", "staff", "co_builder"])
def test_center_detail_page(client, rich_center, viewer):
    center, bodies = rich_center
    province = f.province_user()
    user = {
        "province": lambda: province,
        "city": lambda: f.city_user(center.city.code),
        "staff": lambda: f.center_user(center.host_unit),
        "co_builder": lambda: f.co_builder_user(f.CoBuilderFactory(center=center).organisation),
    }[viewer]()
    login(client, user)
    assert_constant(client, f"/centers/{center.pk}/", grow_detail(center, bodies, province))


def test_center_detail_page_of_a_branch(client, rich_center):
    """A branch page links its headquarters; the staff of the headquarters see it."""
    hq, _bodies = rich_center
    branch = f.CenterFactory(headquarters=hq, status="constructing")
    bodies = [GovernanceBody.objects.create(center=branch, kind="board", name="理事会")]
    province = f.province_user()
    login(client, f.center_user(hq.host_unit))
    assert_constant(client, f"/centers/{branch.pk}/", grow_detail(branch, bodies, province))


def test_center_api_detail(client, rich_center):
    center, bodies = rich_center
    province = f.province_user()
    login(client, province)
    assert_constant(client, f"/api/v1/centers/{center.pk}", grow_detail(center, bodies, province))


def test_team_members_add_is_one_batch():
    """Adding 30 people costs no more statements than adding 3."""
    center = f.CenterFactory()
    province = f.province_user()

    def add(n):
        people = f.PersonFactory.create_batch(n)
        with CaptureQueriesContext(connection) as ctx:
            services.team_members_add(
                actor=province,
                center=center,
                members=[{"person": p, "team": "core_rd"} for p in people],
            )
        return len(ctx.captured_queries)

    add(1)  # warm-up: the audit chain head is created on first use
    assert add(SMALL) == add(LARGE)

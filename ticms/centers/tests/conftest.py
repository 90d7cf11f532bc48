"""Shared fixtures for the center tests: a small two-city world with every role in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from ticms.accounts.models import Role, User
from ticms.centers.models import Center
from ticms.testing import factories as f

NANJING, SUZHOU = "320100", "320500"


@dataclass
class World:
    """Two cities, a headquarters in 南京 with a branch in 苏州, a 苏州 center, a co-builder.

    nj:     南京 center, host org_a, co-built by org_d, headquarters of `branch`
    sz:     苏州 center, host org_b, co-built by org_e
    branch: 苏州 branch center of `nj`, host org_c
    """

    nj: Center
    sz: Center
    branch: Center
    users: dict[str, User | None]


# Which centers each user may see (DESIGN §1); every other center must look missing.
VISIBLE = {
    "province": {"nj", "sz", "branch"},
    "city_nj": {"nj"},
    "city_sz": {"sz", "branch"},
    "staff_a": {"nj", "branch"},  # host unit of the headquarters: sees its branch too
    "staff_b": {"sz"},
    "staff_c": {"branch"},  # a branch's staff do not see their headquarters
    "cobuilder_d": {"nj"},
    "cobuilder_e": {"sz"},
    "expert": set(),
    "evaluator": set(),
    "sysadmin": set(),
    "anonymous": set(),
}
USERS = tuple(VISIBLE)
CENTERS = ("nj", "sz", "branch")


def build_world(nj_status="operating", sz_status="operating", branch_status="constructing"):
    nj_city, sz_city = f.city(NANJING), f.city(SUZHOU)
    org_a = f.OrganisationFactory(kind="new_rd_institution", city=nj_city, name="南京依托单位A")
    org_b = f.OrganisationFactory(kind="university", city=sz_city, name="苏州依托单位B")
    org_c = f.OrganisationFactory(kind="enterprise", city=sz_city, name="苏州分中心依托单位C")
    org_d = f.OrganisationFactory(kind="local_government", city=nj_city, name="南京共建单位D")
    org_e = f.OrganisationFactory(kind="park", city=sz_city, name="苏州共建单位E")
    nj = f.CenterFactory(
        code="TIC-320100-001",
        name="南京工业母机技术创新中心",
        city=nj_city,
        host_unit=org_a,
        status=nj_status,
        sub_field=f.sub_field("E0201"),
    )
    sz = f.CenterFactory(
        code="TIC-320500-001",
        name="苏州纳米新材料技术创新中心",
        city=sz_city,
        host_unit=org_b,
        status=sz_status,
        sub_field=f.sub_field("E0303"),
    )
    branch = f.CenterFactory(
        code="TIC-320500-002",
        name="工业母机苏州分中心",
        city=sz_city,
        host_unit=org_c,
        headquarters=nj,
        status=branch_status,
        sub_field=f.sub_field("E0201"),
    )
    f.CoBuilderFactory(center=nj, organisation=org_d, kind="local_government")
    f.CoBuilderFactory(center=sz, organisation=org_e, kind="park")
    users = {
        "province": f.province_user(username="province"),
        "city_nj": f.city_user(NANJING, username="city_nj"),
        "city_sz": f.city_user(SUZHOU, username="city_sz"),
        "staff_a": f.center_user(org_a, username="staff_a"),
        "staff_b": f.center_user(org_b, username="staff_b"),
        "staff_c": f.center_user(org_c, username="staff_c"),
        "cobuilder_d": f.co_builder_user(org_d, username="cobuilder_d"),
        "cobuilder_e": f.co_builder_user(org_e, username="cobuilder_e"),
        "expert": f.role_user(Role.EXPERT, username="expert"),
        "evaluator": f.role_user(Role.EVALUATOR, username="evaluator"),
        "sysadmin": f.role_user(Role.SYSADMIN, username="sysadmin"),
        "anonymous": None,
    }
    return World(nj=nj, sz=sz, branch=branch, users=users)


@pytest.fixture
def world(db) -> World:
    return build_world()


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main_html(response) -> str:
    """The page's <main> content, with per-request tokens removed (for 404-vs-404 checks)."""
    html = response.content.decode()
    start, end = html.find("<main"), html.find("</main>")
    assert start != -1 and end != -1, html[:500]
    return _CSRF.sub("", html[start:end])


_ACTION_LINK = re.compile(r'href="/centers/(\d+)/actions/([a-z_]+)/"')


def action_buttons(response, center_id: int) -> set[str]:
    return {a for pk, a in _ACTION_LINK.findall(response.content.decode()) if int(pk) == center_id}

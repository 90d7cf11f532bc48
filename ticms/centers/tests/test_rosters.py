"""The center's rosters: co-builders, the team (with its statistics, all or nothing), the leaders
(appointed once, then changed by change request) and the governance bodies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ticms.accounts.models import Role
from ticms.centers import selectors, services
from ticms.centers.models import CenterCoBuilder, CenterStatus, TeamMember
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

from .conftest import NANJING, SUZHOU

pytestmark = pytest.mark.django_db


S = CenterStatus


def events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def center():
    return f.CenterFactory(
        city=f.city(NANJING), research_directions="旧方向", rd_site_area_m2=Decimal("4800")
    )


def test_co_builder_add_and_its_refusals(center):
    province = f.province_user()
    partner = f.OrganisationFactory(kind="university")
    item = services.co_builder_add(
        actor=province,
        center=center,
        organisation=partner,
        kind="university",
        duties=" 共性技术研发 ",
        agreement_signed_on=dt.date(2024, 3, 1),
    )
    assert item.duties == "共性技术研发"
    event = events("center.co_builder_add").get()
    assert event.article == "第十条"
    assert event.after["organisation"] == partner.uscc

    with pytest.raises(ValidationFailed) as exc:
        services.co_builder_add(
            actor=province, center=center, organisation=partner, kind="university"
        )
    assert "已是该中心的共建单位" in exc.value.errors["organisation"][0]

    with pytest.raises(ValidationFailed) as exc:
        services.co_builder_add(
            actor=province, center=center, organisation=center.host_unit, kind="enterprise"
        )
    assert exc.value.errors["organisation"] == ["依托单位本身不作为共建单位登记"]

    with pytest.raises(ValidationFailed) as exc:
        services.co_builder_add(
            actor=province, center=center, organisation=f.OrganisationFactory(), kind="friend"
        )
    assert set(exc.value.errors) == {"kind"}

    assert CenterCoBuilder.objects.filter(center=center).count() == 1
    assert events("center.co_builder_add").count() == 1


def test_co_builder_add_needs_a_manager(center):

    cob = f.CoBuilderFactory(center=center)
    # In scope but not a manager: refused with a reason; out of scope: exactly like missing.
    for actor, error in (
        (f.co_builder_user(cob.organisation), PermissionDenied),
        (f.role_user(Role.EXPERT), NotFound),
        (f.city_user(SUZHOU), NotFound),
        (f.center_user(f.OrganisationFactory()), NotFound),
    ):
        with pytest.raises(error):
            services.co_builder_add(
                actor=actor, center=center, organisation=f.OrganisationFactory(), kind="enterprise"
            )
    assert CenterCoBuilder.objects.filter(center=center).count() == 1


def person(title="none", degree="other"):
    return f.PersonFactory(title_level=title, degree=degree)


def test_team_members_add_and_stats(center):
    staff = f.center_user(center.host_unit)
    added = services.team_members_add(
        actor=staff,
        center=center,
        members=[
            {"person": person("senior", "bachelor"), "team": "core_rd"},  # qualified by title
            {"person": person("none", "master"), "team": "core_rd"},  # qualified by degree
            {"person": person("junior", "bachelor"), "team": "core_rd"},  # not qualified
            {
                "person": person("intermediate", "doctorate"),
                "team": "transfer",
                "is_rd_staff": False,
            },  # qualified, but not R&D staff
            {"person": person("none", "doctorate"), "team": "core_rd", "full_time": False},
            {"person": person("vice_senior", "other"), "team": "tech_support"},
            {"person": person("none", "bachelor"), "team": "tech_support"},
        ],
    )
    assert added == 7
    f.TeamMemberFactory(center=f.CenterFactory())  # someone else's team does not count
    stats = selectors.team_stats(center)
    assert stats["members"] == 7
    assert stats["full_time"] == 6
    assert stats["rd_staff"] == 6
    assert stats["rd_qualified"] == 4
    assert dict((t.value, n) for t, n in stats["teams"]) == {
        "core_rd": 4,
        "tech_support": 2,
        "transfer": 1,
    }
    event = events("center.team_members_add").get()
    assert event.after["added"] == 7
    assert event.article == "第十二条第4项"


def test_team_stats_of_an_empty_team(center):
    stats = selectors.team_stats(center)
    assert (stats["members"], stats["rd_staff"], stats["rd_qualified"]) == (0, 0, 0)


def test_team_members_add_refuses_duplicates_and_bad_teams_atomically(center):
    province = f.province_user()
    existing = person("senior")
    services.team_members_add(
        actor=province, center=center, members=[{"person": existing, "team": "core_rd"}]
    )
    newcomer = person()
    with pytest.raises(ValidationFailed) as exc:
        services.team_members_add(
            actor=province,
            center=center,
            members=[
                {"person": newcomer, "team": "core_rd"},
                {"person": existing, "team": "core_rd"},
                {"person": newcomer, "team": "transfer"},
                {"person": person(), "team": "marketing"},
            ],
        )
    assert set(exc.value.errors) == {
        "members[1].person",
        "members[2].person",
        "members[3].team",
    }
    assert TeamMember.objects.filter(center=center).count() == 1
    assert events("center.team_members_add").count() == 1


def test_team_members_add_needs_a_manager(center):
    cob = f.CoBuilderFactory(center=center)
    with pytest.raises(PermissionDenied):
        services.team_members_add(
            actor=f.co_builder_user(cob.organisation),
            center=center,
            members=[{"person": person(), "team": "core_rd"}],
        )
    assert not TeamMember.objects.exists()


def test_leaders_are_appointed_once_then_changed_by_change_request(center):
    province = f.province_user()
    director, executive = person("senior"), person("vice_senior")
    services.leaders_appoint(
        actor=province,
        center=center,
        director=director,
        executive_director=executive,
        executive_full_time=True,
    )
    center.refresh_from_db()
    assert center.director == director and center.executive_director_full_time
    assert events("center.leaders_appoint").get().article == "第十五条"
    with pytest.raises(PermissionDenied) as exc:
        services.leaders_appoint(
            actor=province,
            center=center,
            director=person(),
            executive_director=executive,
            executive_full_time=True,
        )
    assert "第二十三条" in str(exc.value.message)
    center.refresh_from_db()
    assert center.director == director


def test_governance_body_set_replaces_members(center):
    province = f.province_user()
    body = services.governance_body_set(
        actor=province,
        center=center,
        kind="board",
        name="理事会",
        members=[
            {"person": person(), "position": "理事长"},
            {"organisation": f.OrganisationFactory(), "position": "理事单位"},
        ],
    )
    assert body.members.count() == 2
    body = services.governance_body_set(
        actor=province,
        center=center,
        kind="board",
        name=" 第二届理事会 ",
        members=[{"person": person(), "position": "理事长"}],
    )
    assert body.name == "第二届理事会"
    assert body.members.count() == 1
    assert center.governance.count() == 1
    assert events("center.governance_set").first().article == "第十四条"
    with pytest.raises(ValidationFailed):
        services.governance_body_set(actor=province, center=center, kind="club", name="x")
    with pytest.raises(ValidationFailed):
        services.governance_body_set(actor=province, center=center, kind="board", name=" ")

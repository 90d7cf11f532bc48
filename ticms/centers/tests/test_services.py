"""Center registry writes: registration, descriptive updates, co-builders, teams, governance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ticms.accounts.models import Role
from ticms.centers import selectors, services
from ticms.centers.models import Center, CenterCoBuilder, CenterStatus, TeamMember
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

from .conftest import NANJING, SUZHOU

pytestmark = pytest.mark.django_db

S = CenterStatus


def register(actor, **overrides):
    kwargs = {
        "name": "南京工业机器人技术创新中心",
        "host_unit": overrides.pop("host_unit", None)
        or f.OrganisationFactory(kind="enterprise", city=f.city(NANJING)),
        "city": f.city(NANJING),
        "sub_field": f.sub_field("E0202"),
    }
    kwargs.update(overrides)
    return services.center_register(actor=actor, **kwargs)


def events(action):
    return AuditEvent.objects.filter(action=action)


# --- center_register ----------------------------------------------------------------------------


def test_city_officer_registers_a_cultivating_center_in_their_city():
    officer = f.city_user(NANJING)
    center = register(
        officer,
        rd_site_area_m2="5000.50",
        instrument_value_wan_yuan=Decimal("1200"),
        research_directions="  工业机器人核心部件  ",
        established_on=dt.date(2024, 5, 1),
    )
    assert center.status == S.CULTIVATING
    assert center.code == "TIC-320100-001"
    assert center.rd_site_area_m2 == Decimal("5000.50")
    assert center.instrument_value_wan_yuan == Decimal("1200")
    assert center.research_directions == "工业机器人核心部件"
    assert center.approval_doc_no == "" and center.construction_starts_on is None
    event = events("center.register").get()
    assert event.article == "第六条"
    assert event.after["code"] == center.code
    assert event.after["city"] == NANJING
    # Codes run on per city.
    second = register(officer, name="南京第二中心")
    assert second.code == "TIC-320100-002"


def test_city_officer_may_not_register_in_another_city():
    with pytest.raises(PermissionDenied) as exc:
        register(f.city_user(NANJING), city=f.city(SUZHOU))
    assert "本市" in str(exc.value.message)
    assert not Center.objects.exists()


@pytest.mark.parametrize("who", ["city", "province"])
def test_registration_makes_a_cultivating_center_only(who):
    """The registry takes cultivating regional centers (第六条); a state cannot be chosen: the
    only road to construction is an application and its contract (第十三条第4项)."""
    actor = f.city_user(NANJING) if who == "city" else f.province_user()
    with pytest.raises(TypeError):
        register(actor, status=S.CONSTRUCTING)
    assert register(actor).status == S.CULTIVATING


@pytest.mark.parametrize(
    "role", [Role.CENTER, Role.CO_BUILDER, Role.EXPERT, Role.EVALUATOR, Role.SYSADMIN]
)
def test_only_province_and_city_register(role):
    with pytest.raises(PermissionDenied):
        register(f.role_user(role))
    assert not Center.objects.exists()


def record_approved(actor, **overrides):
    kwargs = {
        "status": S.OPERATING,
        "approval_doc_no": " 苏科技〔2019〕5号 ",
        "approved_on": dt.date(2019, 6, 1),
        "contract_no": "JS-TIC-2019-005",
        "signed_on": dt.date(2019, 7, 1),
        "targets": [
            {"name": "发明专利授权", "unit": "件", "target_value": Decimal(50), "target_year": 2024}
        ],
        "name": "南京工业机器人技术创新中心",
        "host_unit": f.OrganisationFactory(kind="enterprise", city=f.city(NANJING)),
        "city": f.city(NANJING),
        "sub_field": f.sub_field("E0202"),
    }
    kwargs.update(overrides)
    return services.center_record_approved(actor=actor, **kwargs)


@pytest.mark.parametrize("status", [S.CONSTRUCTING, S.OPERATING])
def test_a_center_approved_before_ticms_is_recorded_with_its_contract(status):
    from ticms.establishment.models import Contract

    center = record_approved(f.province_user(), status=status)
    assert center.status == status
    assert center.approval_doc_no == "苏科技〔2019〕5号"
    contract = Contract.objects.get(center=center)
    assert contract.application is None and contract.number == "JS-TIC-2019-005"
    assert (contract.construction_starts_on, contract.construction_ends_on) == (
        dt.date(2019, 7, 1),
        dt.date(2024, 6, 30),
    )
    assert (center.construction_starts_on, center.construction_ends_on) == (
        dt.date(2019, 7, 1),
        dt.date(2024, 6, 30),
    )
    assert list(contract.targets.values_list("name", "center_id")) == [("发明专利授权", center.pk)]
    event = events("center.record_approved").get()
    assert (event.article, event.after["contract_no"]) == ("第十三条第4项", "JS-TIC-2019-005")


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"contract_no": " ", "signed_on": None}, {"contract_no", "signed_on"}),
        ({"approval_doc_no": "", "approved_on": None}, {"approval_doc_no", "approved_on"}),
        ({"signed_on": dt.date(2019, 5, 31)}, {"signed_on"}),  # before the approval
        ({"status": S.CULTIVATING}, {"status"}),
        ({"status": S.RECTIFYING}, {"status"}),
        ({"construction_years": 0}, {"construction_years"}),
        ({"name": "", "contract_no": ""}, {"name", "contract_no"}),  # every problem at once
    ],
)
def test_recording_an_approved_center_needs_its_approval_and_contract(overrides, fields):
    with pytest.raises(ValidationFailed) as exc:
        record_approved(f.province_user(), **overrides)
    assert set(exc.value.errors) == fields
    assert not Center.objects.exists()


@pytest.mark.parametrize("role", [Role.CITY, Role.CENTER, Role.SYSADMIN])
def test_only_the_province_records_an_approved_center(role):
    with pytest.raises(PermissionDenied):
        record_approved(f.role_user(role))
    assert not Center.objects.exists()


def test_duplicate_name_is_refused():
    province = f.province_user()
    register(province, name="南京工业机器人技术创新中心")
    with pytest.raises(ValidationFailed) as exc:
        register(province, name="  南京工业机器人技术创新中心 ")
    assert exc.value.errors["name"] == ["已有名为「南京工业机器人技术创新中心」的技术创新中心"]
    assert Center.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "请填写中心名称"), ("   ", "请填写中心名称"), ("中" * 201, "中心名称不能超过200个字")],
)
def test_name_is_required_and_bounded(name, message):
    with pytest.raises(ValidationFailed) as exc:
        register(f.province_user(), name=name)
    assert exc.value.errors["name"] == [message]


def test_name_of_exactly_200_characters_is_accepted():
    assert len(register(f.province_user(), name="中" * 200).name) == 200


def test_branch_cannot_be_a_headquarters():
    province = f.province_user()
    hq = f.CenterFactory()
    branch = register(province, name="分中心一", headquarters=hq)
    assert branch.headquarters == hq and branch.is_branch
    with pytest.raises(ValidationFailed) as exc:
        register(province, name="分中心的分中心", headquarters=branch)
    assert "headquarters" in exc.value.errors


@pytest.mark.parametrize("kind", ["city_bureau", "province_department", "agency"])
def test_host_unit_cannot_be_an_authority_or_the_agency(kind):
    org = f.OrganisationFactory(kind=kind)
    with pytest.raises(ValidationFailed) as exc:
        register(f.province_user(), host_unit=org)
    assert "host_unit" in exc.value.errors
    assert not Center.objects.exists()


@pytest.mark.parametrize(
    "kind", ["enterprise", "university", "research_institute", "new_rd_institution"]
)
def test_legal_persons_may_host(kind):
    assert register(f.province_user(), host_unit=f.OrganisationFactory(kind=kind)).pk


def test_required_references():
    province = f.province_user()
    with pytest.raises(ValidationFailed) as exc:
        services.center_register(
            actor=province, name="某中心", host_unit=None, city=None, sub_field=None
        )
    assert set(exc.value.errors) == {"host_unit", "city", "sub_field"}
    with pytest.raises(ValidationFailed) as exc:
        register(province, sub_field=f.sub_field("E02"))  # a top-level field, not a sub-field
    assert "sub_field" in exc.value.errors


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-0.01", "不能为负数"),
        (-1, "不能为负数"),
        ("abc", "须为数字"),
        ("1.005", "最多保留两位小数"),
        ("NaN", "须为数字"),
    ],
)
def test_bad_amounts_are_refused(value, message):
    with pytest.raises(ValidationFailed) as exc:
        register(f.province_user(), rd_site_area_m2=value, instrument_value_wan_yuan=value)
    assert set(exc.value.errors) == {"rd_site_area_m2", "instrument_value_wan_yuan"}
    assert message in exc.value.errors["rd_site_area_m2"][0]
    assert not Center.objects.exists()
    assert not AuditEvent.objects.exists()


def test_zero_area_is_accepted():
    assert register(f.province_user(), rd_site_area_m2=0).rd_site_area_m2 == 0


# --- center_update ------------------------------------------------------------------------------


@pytest.fixture
def center():
    return f.CenterFactory(
        city=f.city(NANJING), research_directions="旧方向", rd_site_area_m2=Decimal("4800")
    )


def test_update_saves_allowed_fields_and_audits_the_diff(center):
    center.status = "cultivating"
    center.save()
    staff = f.center_user(center.host_unit)
    services.center_update(
        actor=staff,
        center_id=center.pk,
        changes={
            "research_directions": " 新方向 ",
            "rd_site_area_m2": "5000",
            "instrument_value_wan_yuan": None,
            "established_on": None,
        },
    )
    center.refresh_from_db()
    assert center.research_directions == "新方向"
    assert center.rd_site_area_m2 == Decimal("5000")
    event = events("center.update").get()
    assert event.before == {"research_directions": "旧方向", "rd_site_area_m2": "4800.00"}
    assert event.after == {"research_directions": "新方向", "rd_site_area_m2": "5000"}
    assert event.actor == staff


def test_update_without_a_change_records_nothing(center):
    services.center_update(
        actor=f.province_user(), center_id=center.pk, changes={"research_directions": "旧方向"}
    )
    assert not events("center.update").exists()


@pytest.mark.parametrize("field", ["status", "name", "director_id", "host_unit", "city"])
def test_update_refuses_fields_outside_the_allowed_set(center, field):
    with pytest.raises(ValidationFailed) as exc:
        services.center_update(
            actor=f.province_user(),
            center_id=center.pk,
            changes={field: "x", "research_directions": "新"},
        )
    assert set(exc.value.errors) == {field}
    center.refresh_from_db()
    assert center.research_directions == "旧方向"


@pytest.mark.parametrize("status", [S.REMOVED, S.REVOKED])
def test_removed_or_revoked_center_cannot_be_updated(center, status):
    Center.objects.filter(pk=center.pk).update(status=status)
    with pytest.raises(PermissionDenied):
        services.center_update(
            actor=f.province_user(), center_id=center.pk, changes={"research_directions": "新"}
        )
    assert not events("center.update").exists()


def test_update_permissions_follow_scope(center):
    other = f.CenterFactory(city=f.city(SUZHOU))
    changes = {"research_directions": "新"}
    with pytest.raises(NotFound):
        services.center_update(actor=f.city_user(NANJING), center_id=other.pk, changes=changes)
    with pytest.raises(NotFound):
        services.center_update(actor=f.role_user(Role.EXPERT), center_id=center.pk, changes=changes)
    cobuilder = f.CoBuilderFactory(center=center)
    with pytest.raises(PermissionDenied):
        services.center_update(
            actor=f.co_builder_user(cobuilder.organisation), center_id=center.pk, changes=changes
        )
    # Once approved, the direction changes by change request only (第八条第3项、第二十三条).
    with pytest.raises(ValidationFailed):
        services.center_update(actor=f.city_user(NANJING), center_id=center.pk, changes=changes)
    cultivated = f.CenterFactory(city=f.city(NANJING), status="cultivating")
    services.center_update(actor=f.city_user(NANJING), center_id=cultivated.pk, changes=changes)
    cultivated.refresh_from_db()
    assert cultivated.research_directions == "新"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rd_site_area_m2": "-1"}, "rd_site_area_m2"),
        ({"instrument_value_wan_yuan": "一百"}, "instrument_value_wan_yuan"),
        ({"research_directions": "长" * 5001}, "research_directions"),
    ],
)
def test_update_validates_values_and_saves_nothing(center, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        services.center_update(
            actor=f.province_user(),
            center_id=center.pk,
            changes={**changes, "established_on": dt.date(2020, 1, 1)},
        )
    assert set(exc.value.errors) == {field}
    center.refresh_from_db()
    assert center.established_on is None


# --- co-builders ----------------------------------------------------------------------------------


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
    from ticms.common.exceptions import NotFound

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


# --- team -----------------------------------------------------------------------------------------


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


# --- leaders and governance -----------------------------------------------------------------


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


@pytest.mark.parametrize("kind", ["local_government", "park", "city_bureau", "agency"])
def test_host_unit_must_be_a_building_and_operating_legal_person(kind):
    host = f.OrganisationFactory(kind=kind)
    with pytest.raises(ValidationFailed) as exc:
        services.center_register(
            actor=f.province_user(),
            name="某中心",
            host_unit=host,
            city=host.city,
            sub_field=f.sub_field("E0201"),
        )
    assert "host_unit" in exc.value.errors


def test_after_approval_condition_figures_change_only_by_the_province(center):
    assert center.status != "cultivating"
    staff = f.center_user(center.host_unit)
    with pytest.raises(ValidationFailed) as exc:
        services.center_update(
            actor=staff,
            center_id=center.pk,
            changes={"rd_site_area_m2": "3000", "research_directions": "新"},
        )
    assert set(exc.value.errors) == {"rd_site_area_m2", "research_directions"}
    center.refresh_from_db()
    assert center.research_directions != "新"  # nothing half-saved
    services.center_update(
        actor=f.province_user(), center_id=center.pk, changes={"rd_site_area_m2": "5200"}
    )
    center.refresh_from_db()
    assert center.rd_site_area_m2 == Decimal("5200")


def test_established_on_cannot_be_in_the_future(center):
    with pytest.raises(ValidationFailed) as exc:
        services.center_update(
            actor=f.province_user(),
            center_id=center.pk,
            changes={"established_on": dt.date(2100, 1, 1)},
        )
    assert "established_on" in exc.value.errors

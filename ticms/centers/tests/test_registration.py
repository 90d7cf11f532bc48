"""Registering a center (center_register, by the province or its city) and recording one approved
before TICMS with its contract: who may, and what is refused (names, host units, branches,
references, amounts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ticms.accounts.models import Role
from ticms.centers import services
from ticms.centers.models import Center, CenterStatus
from ticms.common.exceptions import PermissionDenied, ValidationFailed
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

"""Descriptive updates of a center (center_update): allowed fields only, the diff audited, nothing
recorded without a change, scope and state respected, values checked; after approval the
condition figures change only by the province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ticms.accounts.models import Role
from ticms.centers import services
from ticms.centers.models import Center, CenterStatus
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

"""Creating and saving annual reports: who may, when, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ticms.common.audit import verify_chain
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.establishment.models import ContractTarget
from ticms.reporting import services
from ticms.reporting.models import AnnualReport, AnnualReportStatus
from ticms.reporting.selectors import annual_report_get, annual_report_list
from ticms.testing import factories as f

from .conftest import NARRATIVE, filled_report

pytestmark = pytest.mark.django_db


def create(world, user="staff_nj", center=None, year=2024):
    return services.annual_report_create(
        actor=world.users[user], center_id=(center or world.nj).pk, year=year
    )


def test_center_staff_create_one_report_per_year(world):
    report = create(world)
    assert (report.status, report.year, report.figures) == (AnnualReportStatus.DRAFT, 2024, {})
    event = AuditEvent.objects.get(action="annual_report.create")
    assert event.article == "第二十二条"
    with pytest.raises(ValidationFailed) as exc:
        create(world)
    assert "2024 年度报告已存在" in exc.value.errors["year"][0]
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize("user", ["province", "city_nj", "cobuilder"])
def test_only_center_staff_create(world, user):
    with pytest.raises(PermissionDenied):
        create(world, user=user)


def test_another_centers_staff_get_not_found(world):
    with pytest.raises(NotFound):
        create(world, user="staff_sz")
    with pytest.raises(NotFound):
        services.annual_report_create(actor=world.users["staff_nj"], center_id="abc", year=2024)


@pytest.mark.parametrize("status", ["cultivating", "removed", "revoked"])
def test_only_centers_in_construction_or_operation_report(world, status):
    world.nj.status = status
    world.nj.save()
    with pytest.raises(ValidationFailed) as exc:
        create(world)
    assert "center" in exc.value.errors


@pytest.mark.parametrize("year", [1999, timezone.localdate().year + 1, "20x4", True, None])
def test_bad_years_are_refused(world, year):
    with pytest.raises(ValidationFailed) as exc:
        create(world, year=year)
    assert "year" in exc.value.errors


def test_partial_saves_merge_and_are_audited(world):
    report = create(world)
    staff = world.users["staff_nj"]
    services.annual_report_save(
        actor=staff, report_id=report.pk, figures={"income": {"total": "100.5"}}
    )
    report = services.annual_report_save(
        actor=staff, report_id=report.pk, figures={"ip": {"standards": 2}}, progress=" 进展 "
    )
    assert report.figures == {"income": {"total": "100.5"}, "ip": {"standards": 2}}
    assert report.progress == "进展"
    events = AuditEvent.objects.filter(action="annual_report.update").order_by("seq")
    assert events.count() == 2
    assert events.last().after == {"figures": report.figures, "progress": "进展"}
    assert verify_chain().ok


def test_type_errors_are_refused_by_path_and_nothing_saved(world):
    report = create(world)
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_save(
            actor=world.users["staff_nj"],
            report_id=report.pk,
            figures={"income": {"total": "1.5"}, "ip": {"standards": 1.5}},
            progress="新的进展",
        )
    assert list(exc.value.errors) == ["ip.standards"]
    report.refresh_from_db()
    assert (report.figures, report.progress) == ({}, "")


def test_a_part_exceeding_its_total_is_refused_with_nothing_saved(world):
    report = filled_report(world)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_save(
            actor=world.users["staff_nj"],
            report_id=report.pk,
            figures={"people": {"core_rd": {"full_time": 41}}, "ip": {"standards": 9}},
            problems="改过的问题",
        )
    message = exc.value.errors["people.core_rd.full_time"][0]
    assert "41" in message and "40" in message and "第二十二条" in message
    report.refresh_from_db()
    assert report.figures["people"]["core_rd"]["full_time"] == 30
    assert report.figures["ip"]["standards"] == 4
    assert report.problems == NARRATIVE["problems"]
    assert AuditEvent.objects.count() == before


def test_text_limits(world):
    report = create(world)
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_save(
            actor=world.users["staff_nj"], report_id=report.pk, next_goals="字" * 20001
        )
    assert list(exc.value.errors) == ["next_goals"]


def test_only_the_centers_staff_save_and_only_while_editable(world):
    report = filled_report(world)
    for user in ("city_nj", "province"):
        # A draft is the center's own: the city and the province do not see it yet.
        with pytest.raises(NotFound):
            services.annual_report_save(actor=world.users[user], report_id=report.pk)
    with pytest.raises(NotFound):
        services.annual_report_save(actor=world.users["staff_sz"], report_id=report.pk)
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    with pytest.raises(PermissionDenied):
        services.annual_report_save(actor=world.users["city_nj"], report_id=report.pk)
    with pytest.raises(Conflict):
        services.annual_report_save(
            actor=world.users["staff_nj"], report_id=report.pk, progress="迟到的修改"
        )


def test_target_progress_rows_are_laid_out_and_saved(world):
    # A contract needs a whole application; the rows only need the targets of the center.
    contract = _contract_for(world.nj)
    target = ContractTarget.objects.create(
        contract=contract, center=world.nj, name="发明专利", unit="件",
        target_value=Decimal("50"), target_year=2025,
    )  # fmt: skip
    report = create(world)
    [row] = report.targets.all()
    assert row.target == target and row.achieved is None
    services.annual_report_save(
        actor=world.users["staff_nj"],
        report_id=report.pk,
        targets={str(target.pk): {"achieved": "12.5", "note": "按计划推进"}},
    )
    row.refresh_from_db()
    assert (row.achieved, row.note) == (Decimal("12.5"), "按计划推进")
    with pytest.raises(ValidationFailed) as exc:
        services.annual_report_save(
            actor=world.users["staff_nj"],
            report_id=report.pk,
            targets={str(target.pk): {"achieved": "-1"}, "999999": {"achieved": "1"}},
        )
    assert set(exc.value.errors) == {f"targets.{target.pk}.achieved", "targets.999999"}


def _contract_for(center):
    from ticms.establishment.models import Contract
    from ticms.testing.establishment import eligible_application, published_guide

    application = eligible_application(published_guide())
    return Contract.objects.create(
        application=application,
        center=center,
        number=f"HT-{center.pk}",
        signed_on=dt.date(2021, 1, 1),
        construction_starts_on=dt.date(2021, 1, 1),
        construction_ends_on=dt.date(2025, 12, 31),
        rule_set_code="v1",
        signed_by=f.province_user(),
    )


def test_selectors_are_scoped(world):
    report = filled_report(world)
    sz_report = services.annual_report_create(
        actor=world.users["staff_sz"], center_id=world.sz.pk, year=2024
    )
    assert list(annual_report_list(user=world.users["staff_nj"])) == [report]
    assert list(annual_report_list(user=world.users["city_nj"])) == []  # drafts stay home
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    assert list(annual_report_list(user=world.users["city_nj"])) == [report]
    assert list(annual_report_list(user=world.users["province"])) == [report]
    assert list(annual_report_list(user=world.users["city_sz"])) == []
    with pytest.raises(NotFound):
        annual_report_get(user=world.users["city_sz"], pk=report.pk)
    with pytest.raises(NotFound):
        annual_report_get(user=world.users["staff_nj"], pk=sz_report.pk)
    with pytest.raises(NotFound):
        annual_report_get(user=world.users["province"], pk="x")

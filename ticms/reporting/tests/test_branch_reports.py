"""Branch centers in the headquarters' report (第五条): the headquarters submits after its
branches, adds their submitted figures exactly, keeps them as submitted, and shows them in the
reader's language without links the reader may not follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ticms.common.exceptions import GuardFailed
from ticms.reporting import branches, services
from ticms.reporting import figures as F
from ticms.reporting.models import AnnualReport
from ticms.testing import factories as f

from .conftest import NARRATIVE, SUZHOU, filled_report, full_figures

pytestmark = pytest.mark.django_db


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


@pytest.fixture
def branch(world):
    centre = f.CenterFactory(
        city=f.city(SUZHOU),
        status="constructing",
        headquarters=world.nj,
        construction_starts_on=dt.date(2022, 1, 1),
    )
    world.users["staff_branch"] = f.center_user(centre.host_unit)
    return centre


def branch_report(world, branch, year=2024, figures=None):
    report = services.annual_report_create(
        actor=world.users["staff_branch"], center_id=branch.pk, year=year
    )
    return services.annual_report_save(
        actor=world.users["staff_branch"],
        report_id=report.pk,
        figures=figures or full_figures(),
        **NARRATIVE,
    )


def _total(report):
    rows = branches.branch_rows(report)
    return next(
        r for r in branches.consolidated(report, rows) if r["label"] == F.label_of("income.total")
    )


def test_headquarters_submits_only_after_its_branches(world, branch):
    hq = filled_report(world)
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", hq, "submit")
    assert branch.name in str(exc.value)
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    assert act(world, "staff_nj", hq, "submit").status == "submitted"


def test_branches_are_shown_in_the_readers_language_before_and_after_the_copy(world, branch):
    from django.utils import translation

    hq = filled_report(world)
    own = branch_report(world, branch)
    with translation.override("en"):
        (live,) = branches.branch_rows(hq)
    assert (live["city"], live["status_label"]) == ("Suzhou", "Being filled in")
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    act(world, "staff_nj", hq, "submit")
    hq.refresh_from_db()
    assert hq.branch_snapshot[0]["city"] == "苏州市"  # the copy does not follow the reader
    with translation.override("en"):
        (copied,) = branches.branch_rows(hq)
    assert (copied["city"], copied["status_label"]) == ("Suzhou", "Awaiting city bureau review")
    with translation.override("zh-hans"):
        assert branches.branch_rows(hq)[0]["city"] == "苏州市"


def test_a_branch_that_owes_nothing_yet_does_not_block(world, branch):
    hq = filled_report(world, year=2021)  # the branch's construction began in 2022
    assert branches.branch_rows(hq) == []
    assert act(world, "staff_nj", hq, "submit").status == "submitted"


def test_consolidated_figures_add_submitted_branches_exactly(world, branch):
    hq = filled_report(world)
    figures = full_figures()
    figures["income"]["total"] = "0.000001"
    figures["income"]["government_funding"] = "0"
    for key in ("contract_rd", "tech_transfer", "tech_services", "other_market"):
        figures["income"][key] = "0"
    own = branch_report(world, branch, figures=figures)
    rows = branches.branch_rows(hq)
    total = next(
        r for r in branches.consolidated(hq, rows) if r["label"] == F.label_of("income.total")
    )
    assert total["branches"] == 0  # a draft is not carried in
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    rows = branches.branch_rows(hq)
    total = next(
        r for r in branches.consolidated(hq, rows) if r["label"] == F.label_of("income.total")
    )
    assert total["own"] == Decimal("9000")
    assert total["total"] == Decimal("9000.000001")


def test_headquarters_page_shows_branches_without_leaking_links(client, world, branch):
    hq = filled_report(world)
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    act(world, "staff_nj", hq, "submit")
    client.force_login(world.users["city_nj"])
    page = client.get(reverse("reporting:detail", args=[hq.pk])).content.decode()
    assert branch.name in page and "已纳入" in page
    # Nanjing's city sees the branch's figures in the total, not the Suzhou branch report.
    assert reverse("reporting:detail", args=[own.pk]) not in page


def test_the_headquarters_keeps_its_branches_figures_as_submitted(world, branch):
    own = branch_report(world, branch)
    services.annual_report_transition(
        actor=world.users["staff_branch"], report_id=own.pk, action="submit"
    )
    hq = act(world, "staff_nj", filled_report(world), "submit")
    assert hq.branch_snapshot[0]["figures"]["income"]["total"] == "9000"
    assert _total(hq)["total"] == Decimal("18000")
    # The branch's city returns its report; the branch changes its income and resubmits.
    world.users["city_branch"] = f.city_user(SUZHOU)
    services.annual_report_transition(
        actor=world.users["city_branch"],
        report_id=own.pk,
        action="return_to_center",
        comment="请核实收入。",
    )
    changed = full_figures()
    changed["income"]["total"] = "9500"
    services.annual_report_save(
        actor=world.users["staff_branch"], report_id=own.pk, figures=changed
    )
    hq = AnnualReport.objects.get(pk=hq.pk)
    rows = branches.branch_rows(hq)
    assert rows[0]["filed_in"] is True  # the headquarters' report still holds what it had
    assert _total(hq)["total"] == Decimal("18000")
    # Returned to the headquarters, its report reads the branches live again.
    act(world, "city_nj", hq, "return_to_center", comment="请补充。")
    hq = AnnualReport.objects.get(pk=hq.pk)
    assert branches.branch_rows(hq)[0]["filed_in"] is False
    assert _total(hq)["total"] == Decimal("9000")

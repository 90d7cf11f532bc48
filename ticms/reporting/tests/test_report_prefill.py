"""Fill once: a new annual report starts from last year's filed report (its stocks, not its
flows), and from nothing while that report is not filed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ticms.reporting import figures as F
from ticms.reporting import services
from ticms.reporting.models import AnnualReport

from .conftest import filled_report

pytestmark = pytest.mark.django_db


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


def test_next_year_starts_from_last_years_filed_stocks(world):
    last = filled_report(world, year=2024)
    for user, action in (("staff_nj", "submit"), ("city_nj", "approve"), ("province", "file")):
        act(world, user, last, action)
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
    )
    assert F.get(report.figures, "people.core_rd.members") == 40
    assert F.get(report.figures, "instruments.value") == Decimal("25000")
    assert F.get(report.figures, "income.total") is None  # a flow starts empty
    assert F.get(report.figures, "instruments.sharing_hours") is None


def test_no_prefill_from_a_report_not_yet_filed(world):
    filled_report(world, year=2024)
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
    )
    assert report.figures == {}
    assert AnnualReport.objects.count() == 2

"""Deadlines per year, overdue reports on the workbenches, reminders (第二十二条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent, InboxItem
from ticms.reporting import deadlines as D
from ticms.reporting import services
from ticms.reporting.models import AnnualReportReminder, ReportingDeadline
from ticms.testing import factories as f

from .conftest import NANJING, filled_report

pytestmark = pytest.mark.django_db


def test_years_before_ticms_took_reports_over_are_never_overdue(world, settings):
    settings.TICMS = {**settings.TICMS, "ANNUAL_REPORTS_FROM": 2024}
    rows = D.overdue_reports(
        D.reporting_centers().filter(pk=world.nj.pk), today=dt.date(2025, 4, 1)
    )
    assert {r["year"] for r in rows} == {2024}
    assert not D.owes_report(world.nj, 2023)


def test_default_deadline_is_march_31_of_next_year():
    assert D.report_due_on(2025) == dt.date(2026, 3, 31)


def test_province_sets_a_year_deadline_audited(world):
    row = D.reporting_deadline_set(
        actor=world.users["province"], year=2025, due_on=dt.date(2026, 4, 30)
    )
    assert D.report_due_on(2025) == dt.date(2026, 4, 30)
    assert D.report_due_on(2024) == dt.date(2025, 3, 31)  # other years keep the default
    event = AuditEvent.objects.get(action="reporting_deadline.set")
    assert event.before == {"due_on": "2026-03-31"}
    assert event.after == {"year": 2025, "due_on": "2026-04-30"}
    # Setting it again updates the one row.
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 5, 6))
    assert ReportingDeadline.objects.get(pk=row.pk).due_on == dt.date(2026, 5, 6)


@pytest.mark.parametrize("user", ["city_nj", "staff_nj", "cobuilder"])
def test_only_the_province_sets_deadlines(world, user):
    with pytest.raises(PermissionDenied):
        D.reporting_deadline_set(actor=world.users[user], year=2025, due_on=dt.date(2026, 4, 1))
    assert not ReportingDeadline.objects.exists()


@pytest.mark.parametrize(
    ("year", "due_on", "field"),
    [
        (2025, dt.date(2025, 12, 31), "due_on"),  # the last day of the year itself: too early
        (2025, dt.date(2027, 1, 1), "due_on"),  # after the following year: a slip
        (2026, dt.date(9999, 12, 31), "due_on"),
        ("abc", dt.date(2026, 1, 1), "year"),
        (1999, dt.date(2026, 1, 1), "year"),
        (2025, "2026-04-01", "due_on"),
        (2025, None, "due_on"),
    ],
)
def test_bad_deadlines_are_refused(world, year, due_on, field):
    with pytest.raises(ValidationFailed) as exc:
        D.reporting_deadline_set(actor=world.users["province"], year=year, due_on=due_on)
    assert field in exc.value.errors
    assert not ReportingDeadline.objects.exists()


def test_first_day_after_the_year_is_accepted(world):
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 1, 1))
    assert D.report_due_on(2025) == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 1, 1), 2025),
        (dt.date(2026, 3, 31), 2025),  # the deadline day itself still belongs to last year
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 11, 30), 2026),
    ],
)
def test_default_report_year(today, year):
    assert D.default_report_year(today) == year


def test_overdue_lists_missing_and_unsubmitted_reports_by_scope(world):
    # Both centers owe 2024 (due 2025-03-31); Nanjing has a draft, Suzhou nothing at all.
    filled_report(world, year=2024)
    today = dt.date(2025, 4, 1)
    rows = D.overdue_for(world.users["province"], today=today)
    got = {(r["center"].pk, r["year"]) for r in rows}
    assert (world.nj.pk, 2024) in got
    assert (world.sz.pk, 2024) in got
    nj_row = next(r for r in rows if r["center"] == world.nj and r["year"] == 2024)
    assert nj_row["report"] is not None and nj_row["days"] == 1
    # The city sees its own city's centers only; the center its own.
    city_rows = D.overdue_for(world.users["city_nj"], today=today)
    assert {r["center"].pk for r in city_rows} == {world.nj.pk}
    assert {r["center"].pk for r in D.overdue_for(world.users["staff_sz"], today=today)} == {
        world.sz.pk
    }
    assert list(D.overdue_for(world.users["cobuilder"], today=today)) == []
    assert len(D.overdue_for(world.users["cobuilder"], today=today)) == 0


def test_not_overdue_on_the_deadline_day_nor_once_submitted(world):
    report = filled_report(world, year=2024)
    on_the_day = D.overdue_for(world.users["city_nj"], today=dt.date(2025, 3, 31))
    assert (world.nj.pk, 2024) not in {(r["center"].pk, r["year"]) for r in on_the_day}
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    after = D.overdue_for(world.users["city_nj"], today=dt.date(2025, 4, 2))
    assert (world.nj.pk, 2024) not in {(r["center"].pk, r["year"]) for r in after}


def test_a_center_owes_nothing_before_its_construction_started(world):
    # Nanjing's construction started in 2021: 2020 is not owed, 2021 is.
    rows = D.overdue_reports(
        D.reporting_centers().filter(pk=world.nj.pk), today=dt.date(2022, 4, 1)
    )
    assert {r["year"] for r in rows} == {2021}


def test_overdue_query_count_does_not_grow_with_centers(world):
    today = dt.date(2025, 4, 1)
    user = world.users["province"]
    with CaptureQueriesContext(connection) as few:
        D.overdue_for(user, today=today)
    for _ in range(8):
        f.CenterFactory(city=f.city(NANJING), status="operating")
    with CaptureQueriesContext(connection) as many:
        rows = D.overdue_for(user, today=today)
    assert len(rows) > 8
    assert len(many) == len(few)


def test_workbench_shows_overdue_reports_scoped(client, world, monkeypatch):
    monkeypatch.setattr(D.timezone, "localdate", lambda: dt.date(2025, 4, 3))
    client.force_login(world.users["city_nj"])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "逾期未报送的年度报告" in page
    assert world.nj.name in page
    assert world.sz.name not in page
    client.force_login(world.users["cobuilder"])
    assert "逾期未报送的年度报告" not in client.get(reverse("dashboard:home")).content.decode()


# --- reminders -------------------------------------------------------------------------------


def _notices(user):
    return [
        item.title for item in InboxItem.objects.filter(recipient=user, kind=InboxItem.Kind.NOTICE)
    ]


def test_reminder_at_30_days_then_7_then_1_each_once(world):
    staff = world.users["staff_nj"]
    assert D.annual_report_reminders_send(today=dt.date(2026, 2, 28)) == 0  # 31 days before
    sent = D.annual_report_reminders_send(today=dt.date(2026, 3, 1))  # 30 days before
    assert sent == 2  # both centers owe 2025
    assert any("还有 30 天" in t for t in _notices(staff))
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 2)) == 0  # never twice
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 24)) == 2  # 7 days
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 30)) == 2  # 1 day
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 31)) == 0
    assert len(_notices(staff)) == 3
    assert AnnualReportReminder.objects.filter(center=world.nj, year=2025).count() == 3


def test_no_reminder_once_submitted_and_overdue_notice_to_center_and_city(world):
    report = filled_report(world, year=2025)
    services.annual_report_transition(
        actor=world.users["staff_nj"], report_id=report.pk, action="submit"
    )
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 30)) == 1  # Suzhou only
    assert _notices(world.users["staff_nj"]) == []
    # After the deadline: one notice, to the late center's staff and its city.
    assert D.annual_report_reminders_send(today=dt.date(2026, 4, 1)) == 1
    assert any("已逾期" in t for t in _notices(world.users["city_sz"]))
    assert _notices(world.users["city_nj"]) == []
    assert D.annual_report_reminders_send(today=dt.date(2026, 4, 2)) == 0


def test_reminders_follow_the_province_deadline(world):
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 5, 31))
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 30)) == 0
    assert D.annual_report_reminders_send(today=dt.date(2026, 5, 1)) == 2


def test_send_reminders_command_runs_the_task(world, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setattr(D.timezone, "localdate", lambda: dt.date(2026, 3, 30))
    call_command("send_reminders", "--now")
    assert AnnualReportReminder.objects.count() == 2


def test_draft_todo_carries_the_deadline(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.annual_report_create(
            actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
        )
    todo = InboxItem.objects.get(recipient=world.users["staff_nj"], kind=InboxItem.Kind.TODO)
    assert todo.due_on == dt.date(2025, 3, 31)
    assert todo.object_id == str(report.pk)
    assert todo.url == reverse("reporting:detail", args=[report.pk])


def test_city_todo_links_to_the_report(world, django_capture_on_commit_callbacks):
    report = filled_report(world, year=2024)
    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_transition(
            actor=world.users["staff_nj"], report_id=report.pk, action="submit"
        )
    todo = InboxItem.objects.get(recipient=world.users["city_nj"], kind=InboxItem.Kind.TODO)
    assert todo.url == reverse("reporting:detail", args=[report.pk])
    assert todo.due_on is None  # the center's deadline is not the city's


def test_deadline_page_is_for_the_province_only(client, world):
    url = reverse("reporting:deadlines")
    client.force_login(world.users["city_nj"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["province"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2025", "due_on": "2025-12-01"})
    assert response.status_code == 200
    assert "截止日期须在 2025 年结束之后" in response.content.decode()
    response = client.post(url, {"year": "2025", "due_on": "2026-04-15"})
    assert response.status_code == 302
    assert D.report_due_on(2025) == dt.date(2026, 4, 15)


def test_last_day_of_the_following_year_is_accepted(world):
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 12, 31))
    assert D.report_due_on(2025) == dt.date(2026, 12, 31)


def test_a_new_deadline_moves_the_open_todos(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.annual_report_create(
            actor=world.users["staff_nj"], center_id=world.nj.pk, year=2025
        )
        other_year = services.annual_report_create(
            actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
        )
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 2, 1))
    todo = InboxItem.objects.get(object_id=str(report.pk), kind=InboxItem.Kind.TODO)
    assert todo.due_on == dt.date(2026, 2, 1)
    untouched = InboxItem.objects.get(object_id=str(other_year.pk), kind=InboxItem.Kind.TODO)
    assert untouched.due_on == dt.date(2025, 3, 31)


def test_reminder_on_the_deadline_day_says_today(world):
    assert D.annual_report_reminders_send(today=dt.date(2026, 3, 31)) == 2
    [title] = _notices(world.users["staff_nj"])
    assert "今天（2026-03-31）截止" in title


def test_no_deadline_for_years_before_ticms_took_reports_over(world, settings):
    settings.TICMS = {**settings.TICMS, "ANNUAL_REPORTS_FROM": 2025}
    with pytest.raises(ValidationFailed) as exc:
        D.reporting_deadline_set(
            actor=world.users["province"], year=2024, due_on=dt.date(2025, 1, 15)
        )
    assert "自 2025 年度起" in exc.value.errors["year"][0]
    D.reporting_deadline_set(actor=world.users["province"], year=2025, due_on=dt.date(2026, 1, 15))

"""Overdue reports are counted in the database and read a page at a time (issue 10): the rows
of any slice are exactly those the per-center rule (owes_report) gives, in deadline then code
order, whatever the number of centers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.reporting import deadlines as D
from ticms.reporting.models import AnnualReport, AnnualReportStatus
from ticms.testing import factories as f

from .conftest import NANJING

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 2)  # 2025's reports were due on 2026-03-31


def _expected(centers, today):
    """The rule applied center by center, in Python: what the query must give."""
    rows = []
    for year, due_on in sorted(D.due_dates(range(2022, today.year + 1)).items()):
        if due_on >= today:
            continue
        for c in sorted(centers, key=lambda c: c.code):
            if not D.owes_report(c, year):
                continue
            r = AnnualReport.objects.filter(center=c, year=year).first()
            if r is None or r.is_editable:
                rows.append((c.pk, year))
    return rows


@pytest.fixture
def centers(settings):
    settings.TICMS = {**settings.TICMS, "ANNUAL_REPORTS_FROM": 2023}
    made = []
    starts = [None, dt.date(2022, 5, 1), dt.date(2024, 1, 1), dt.date(2025, 12, 31)]
    for i in range(12):
        c = f.CenterFactory(
            code=f"TIC-O-{i:03d}",
            city=f.city(NANJING),
            status="operating",
            construction_starts_on=starts[i % 4],
            approved_on=dt.date(2023, 6, 1) if i % 4 == 0 and i % 8 else None,
        )
        made.append(c)
    # Some filed, some drafts, some returned, some never started.
    for i, c in enumerate(made):
        for year, status in (
            (2024, AnnualReportStatus.FILED if i % 3 == 0 else AnnualReportStatus.DRAFT),
            (2025, AnnualReportStatus.SUBMITTED if i % 2 else AnnualReportStatus.RETURNED),
        ):
            if D.owes_report(c, year) and i % 5:
                AnnualReport.objects.create(center=c, year=year, status=status)
    return made


def test_every_slice_matches_the_rule_center_by_center(centers):
    overdue = D.overdue_reports(D.reporting_centers(), today=TODAY)
    expected = _expected(centers, TODAY)
    assert len(expected) > 10  # the data does cover several years and states
    assert len(overdue) == len(expected)
    got = [(r["center"].pk, r["year"]) for r in overdue[0 : len(overdue)]]
    assert got == expected
    # Slices across the border between two years, empty and past-the-end slices.
    for lo, hi in [(0, 1), (3, 9), (len(expected) - 2, len(expected) + 5), (5, 5)]:
        assert [(r["center"].pk, r["year"]) for r in overdue[lo:hi]] == expected[lo:hi]


def test_years_before_ticms_and_not_yet_due_are_left_out(centers):
    rows = list(D.overdue_reports(D.reporting_centers(), today=TODAY))
    assert {r["year"] for r in rows} == {2023, 2024, 2025}
    # On the deadline day the year is not late yet.
    on_the_day = D.overdue_reports(D.reporting_centers(), today=dt.date(2026, 3, 31))
    assert 2025 not in {r["year"] for r in on_the_day}


def test_a_row_carries_its_report_and_days_late(centers):
    rows = list(D.overdue_reports(D.reporting_centers(), today=TODAY))
    draft = next(r for r in rows if r["report"] is not None)
    assert draft["report"].is_editable
    assert draft["days"] == (TODAY - draft["due_on"]).days > 0
    assert any(r["report"] is None for r in rows)


def test_paginator_pages_with_constant_queries(centers):
    overdue = D.overdue_reports(D.reporting_centers(), today=TODAY)
    paginator = Paginator(overdue, 4)
    seen = []
    counts = set()
    for number in paginator.page_range:
        with CaptureQueriesContext(connection) as ctx:
            page = D.overdue_reports(D.reporting_centers(), today=TODAY)
            seen += [(r["center"].pk, r["year"]) for r in Paginator(page, 4).page(number)]
        counts.add(len(ctx.captured_queries))
    assert seen == _expected(centers, TODAY)
    # due dates, the counts, at most one read per year on the page, and the reports: bounded.
    assert max(counts) <= 1 + 1 + 2 + 1


def test_only_slices_are_offered(centers):
    with pytest.raises(TypeError):
        D.overdue_reports(D.reporting_centers(), today=TODAY)[0]


@pytest.fixture
def at_today(monkeypatch):
    monkeypatch.setattr(D.timezone, "localdate", lambda: TODAY)


def test_overdue_page_is_paged_and_scoped(client, centers, at_today, settings):
    settings.TICMS = {**settings.TICMS, "PAGE_SIZE": 5}
    suzhou = f.CenterFactory(code="TIC-O-SZ", city=f.city("320500"), status="operating")
    client.force_login(f.province_user())
    expected = _expected([*centers, suzhou], TODAY)
    first = client.get("/reports/overdue/").content.decode()
    assert f"第 1 / {-(-len(expected) // 5)} 页" in first
    last = client.get("/reports/overdue/", {"page": "last"}).content.decode()
    assert "TIC-O-SZ" not in last or suzhou.name in last
    # A city officer sees the rows of its own city only, however many pages.
    client.force_login(f.city_user("320500"))
    own = client.get("/reports/overdue/").content.decode()
    assert suzhou.name in own
    assert all(c.name not in own for c in centers)
    for role in ("expert", "co_builder"):
        user = (
            f.co_builder_user(f.OrganisationFactory())
            if role == "co_builder"
            else f.role_user(role)
        )
        client.force_login(user)
        assert client.get("/reports/overdue/").status_code == 404


def test_overdue_page_queries_do_not_grow(client, centers, at_today):
    client.force_login(f.province_user())
    client.get("/reports/overdue/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/reports/overdue/").status_code == 200
    for i in range(30):
        f.CenterFactory(code=f"TIC-O-X{i:02d}", city=f.city(NANJING), status="operating")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/reports/overdue/", {"page": 2}).status_code == 200
    # One read per year the page touches (a page may span two years); nothing per row.
    assert abs(len(many) - len(few)) <= 1


def test_workbench_shows_a_few_rows_the_count_and_a_link(client, centers, at_today):
    client.force_login(f.province_user())
    html = client.get("/").content.decode()
    html = client.get("/dashboard/" if "dashboard" in html else "/", follow=True).content.decode()
    total = len(_expected(centers, TODAY))
    assert total > 10
    assert f"查看全部 {total} 项" in html
    assert html.count('class="text-danger fw-semibold"') == 10


def test_the_report_list_links_to_the_overdue_page_for_officers(client):
    client.force_login(f.province_user())
    assert 'href="/reports/overdue/"' in client.get("/reports/").content.decode()
    client.force_login(f.city_user(NANJING))
    assert 'href="/reports/overdue/"' in client.get("/reports/").content.decode()

"""The page that starts an annual report: the center chosen for a user who has only one, and the
year that is due by default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ticms.reporting.models import AnnualReport
from ticms.testing import factories as f

from .conftest import NANJING

pytestmark = pytest.mark.django_db


def _selected(page: str) -> list[str]:
    start = page.index('name="center"')
    select = page[start : page.index("</select>", start)]
    return [part.split('"')[1] for part in select.split("<option value=")[1:] if "selected" in part]


def test_one_center_is_preselected(client, world):
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:create")).content.decode()
    assert _selected(page) == [str(world.nj.pk)]


def test_with_two_centers_the_user_chooses(client, world):
    f.CenterFactory(
        host_unit=world.nj.host_unit,
        city=f.city(NANJING),
        status="constructing",
        construction_starts_on=dt.date(2021, 1, 1),
    )
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:create")).content.decode()
    assert _selected(page) == [""]


def test_the_center_asked_for_stays_chosen(client, world):
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:create"), {"center": world.nj.pk}).content.decode()
    assert _selected(page) == [str(world.nj.pk)]


def test_create_page_defaults_to_the_report_year(client, world, monkeypatch):
    from ticms.reporting import deadlines

    monkeypatch.setattr(deadlines.timezone, "localdate", lambda: dt.date(2026, 3, 31))
    client.force_login(world.users["staff_nj"])
    page = client.get(reverse("reporting:create")).content.decode()
    assert 'value="2025"' in page
    assert f.city(NANJING)  # the world is Nanjing's


@pytest.mark.parametrize("year", ["202²", "２０２４"])
def test_report_year_must_be_ascii_digits(client, world, year):
    client.force_login(world.users["staff_nj"])
    response = client.post("/reports/new/", {"center": str(world.nj.pk), "year": year})
    assert response.status_code == 200
    assert "报告年度须为四位年份" in response.content.decode()
    assert not AnnualReport.objects.exists()

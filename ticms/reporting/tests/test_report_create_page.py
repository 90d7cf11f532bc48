"""The page that starts an annual report chooses the center for a user who has only one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

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

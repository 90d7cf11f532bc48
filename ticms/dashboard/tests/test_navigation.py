"""The menu: one item is active, the longest one matching the path."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory

from ticms.dashboard.context_processors import navigation
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(db):
    return f.province_user(username="province_officer")


def _active(user, path) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]


def test_only_the_longest_matching_menu_item_is_active(client, province):
    assert _active(province, "/reviews/experts/") == ["专家库"]
    assert _active(province, "/reviews/experts/1/") == ["专家库"]
    assert _active(province, "/reviews/") == ["专家论证"]
    client.force_login(province)
    html = client.get("/reviews/experts/").content.decode()
    assert len(re.findall(r'class="nav-link active"', html)) == 1
    assert re.search(r'class="nav-link active" href="/reviews/experts/"', html)

"""The menu on the annual-report, major-matter and change-request pages: the most specific item
is the only active one."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ticms.dashboard.context_processors import navigation
from ticms.matters.tests.matters_helpers import change

pytestmark = pytest.mark.django_db


def _active(user, path) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(i["label"]) for i in navigation(request)["nav_items"] if i["active"]]


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/reports/", "年度报告"),
        ("/reports/12/", "年度报告"),
        ("/reports/deadlines/", "年度报告"),
        ("/reports/matters/", "重大事项"),
        ("/reports/matters/3/actions/file/", "重大事项"),
        ("/reports/changes/", "重大事项"),
        ("/reports/changes/5/actions/city_review/", "重大事项"),
        ("/reports/changes/history/1/", "重大事项"),
        ("/reviews/experts/", "专家库"),
        ("/reviews/", "专家论证"),
        ("/workbench/", "我的工作台"),
        ("/workbench/other/", None),
        ("/", None),
    ],
)
def test_the_most_specific_menu_item_is_the_only_active_one(world, path, label):
    assert _active(world.users["province"], path) == ([label] if label else [])


def test_menu_on_a_change_request_page(client, world):
    request = change(world, "research_direction")
    client.force_login(world.users["staff_nj"])
    html = client.get(f"/reports/changes/{request.pk}/").content.decode()
    assert html.count('class="nav-link active"') == 1
    assert 'class="nav-link active" href="/reports/changes/"' in html

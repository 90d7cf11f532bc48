"""Change-request pages: the city review asks for its opinion once while other actions keep the
comment box; a second request of the same kind names and links the open one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ticms.common.exceptions import ValidationFailed
from ticms.matters.models import ChangeStatus as C

from .matters_helpers import act, change

pytestmark = pytest.mark.django_db


def test_city_review_page_asks_for_the_opinion_once(client, world):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    client.force_login(world.users["city_nj"])
    url = reverse("matters:change_action", args=[request.pk, "city_review"])
    page = client.get(url)
    assert list(page.context["form"].fields) == ["opinion"]
    html = page.content.decode()
    assert html.count("<textarea") == 1 and "办理意见" not in html
    done = client.post(url, {"opinion": "同意上报。"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == C.CITY_REVIEWED and request.city_opinion == "同意上报。"


def test_other_actions_keep_the_comment_box(client, world):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    client.force_login(world.users["city_nj"])
    url = reverse("matters:change_action", args=[request.pk, "return_to_center"])
    assert "comment" in client.get(url).context["form"].fields


def test_duplicate_request_names_and_links_the_open_one(client, world):
    first = change(world, "research_direction")
    with pytest.raises(ValidationFailed) as exc:
        change(world, "research_direction")
    assert f"第{first.pk}号" in str(exc.value.errors["kind"][0])
    client.force_login(world.users["staff_nj"])
    response = client.post(
        reverse("matters:change_create"),
        {"center": str(world.nj.pk), "kind": "research_direction", "reason": "再次申请"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"第{first.pk}号" in html
    assert f'href="{first.get_absolute_url()}"' in html

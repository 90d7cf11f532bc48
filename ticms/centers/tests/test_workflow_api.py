"""The center lifecycle through the API: a transition taken, and every refusal answered 4xx."""

from __future__ import annotations

import pytest

from ticms.centers.models import Center
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
)
from ticms.common.models import AuditEvent

from .conftest import login
from .lifecycle_helpers import (
    TRANSITIONS,
    USER_TRANSITIONS,
    S,
    actor_key,
    api_post,
    day,
    prepare,
    put,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", [t.action for t in USER_TRANSITIONS])
def test_api_transition_happy_path(client, world, action):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
    response = api_post(login(client, world.users[actor_key(action)]), world.nj, action)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == t.target
    event = AuditEvent.objects.get(action=f"center.{action}")
    assert (event.article, event.after["status"]) == (t.article, t.target)
    assert body["id"] == world.nj.pk
    expected = {
        a.action
        for a in CENTER_WORKFLOW.available(
            world.users[actor_key(action)], Center.objects.get(pk=world.nj.pk)
        )
    }
    assert {a["action"] for a in body["actions"]} == expected


def test_api_refusals(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])

    conflict = api_post(client, world.nj, "pass_rectification")
    assert conflict.status_code == 409
    assert "当前状态为「运行中」" in conflict.json()["detail"]

    missing = api_post(client, world.nj, "remove", params={})
    assert missing.status_code == 422
    assert [d["field"] for d in missing.json()["detail"]] == ["reason"]

    bad_choice = api_post(client, world.nj, "remove", params={"reason": "dislike"})
    assert bad_choice.status_code == 422

    no_comment = api_post(client, world.nj, "revoke", comment="")
    assert no_comment.status_code == 422
    assert no_comment.json()["detail"][0]["field"] == "comment"

    bad_date = api_post(
        client, world.nj, "order_rectification", params={"rectification_deadline": "2025/01/01"}
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["rectification_deadline"]

    for offset, message in ((0, "整改期限须晚于今天"), (731, "整改期限不能晚于")):
        deadline = api_post(
            client,
            world.nj,
            "order_rectification",
            params={"rectification_deadline": day(offset).isoformat()},
        )
        assert deadline.status_code == 422
        [detail] = deadline.json()["detail"]
        assert detail["loc"] == ["rectification_deadline"]
        assert message in detail["msg"]

    unknown_param = api_post(client, world.nj, "revoke", params={"reason": "two_poor"})
    assert unknown_param.status_code == 422
    assert unknown_param.json()["detail"] == [
        {"loc": ["reason"], "field": "reason", "msg": "「撤销」没有名为「reason」的参数"}
    ]

    unknown = api_post(client, world.nj, "promote")
    assert unknown.status_code == 404

    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()

    client.logout()
    login(client, world.users["city_nj"])
    forbidden = api_post(client, world.nj, "revoke")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "「撤销」只能由省科技厅执行"

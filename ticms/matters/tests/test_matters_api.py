"""/api/v1/major-matters and /api/v1/change-requests: scoped like the pages, 4xx for bad input."""

from __future__ import annotations

import json

import pytest

from ticms.matters.models import ChangeRequest
from ticms.testing import factories as f

from .matters_helpers import act, change, matter

pytestmark = pytest.mark.django_db


def call(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )


def as_user(client, world, user):
    client.force_login(world.users[user])
    return client


def test_change_request_through_the_api(client, world):
    as_user(client, world, "staff_nj")
    number = f.make_id_number()
    body = {
        "center_id": world.nj.pk,
        "kind": "executive_director",
        "reason": "原执行主任调离",
        "proposed": {"name": "钱新", "id_number": number, "full_time": True},
    }
    created = call(client, "post", "/change-requests", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and number not in created.content.decode()
    assert [x["rule"] for x in data["findings"]] == [
        "A12.4.executive_director",
        "A12.4.no_repeat_support",
    ]
    assert {a["action"] for a in data["actions"]} == {"submit", "withdraw"}
    cid = data["id"]
    bad = call(
        client, "patch", f"/change-requests/{cid}", {"proposed": {"name": "钱新", "id_number": "1"}}
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "proposed.id_number"
    assert call(client, "post", f"/change-requests/{cid}/transitions/submit", {}).status_code == 200
    as_user(client, world, "city_nj")
    no_opinion = call(client, "post", f"/change-requests/{cid}/transitions/city_review", {})
    assert no_opinion.status_code == 422
    reviewed = call(
        client,
        "post",
        f"/change-requests/{cid}/transitions/city_review",
        {"params": {"opinion": "同意"}},
    )
    assert reviewed.status_code == 200 and reviewed.json()["city_opinion"] == "同意"
    assert (
        call(client, "post", f"/change-requests/{cid}/transitions/approve", {}).status_code == 403
    )
    as_user(client, world, "province")
    approved = call(client, "post", f"/change-requests/{cid}/transitions/approve", {})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    versions = call(client, "get", f"/centers/{world.nj.pk}/record-versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["change_request_id"] == cid and versions[0]["approved_by"]
    assert any(c["after"].startswith("钱新") for c in versions[0]["changes"])


def test_scoping_is_the_pages(client, world):
    draft = change(world, "research_direction")
    for user in ("city_nj", "province", "city_sz", "staff_sz", "cobuilder"):
        as_user(client, world, user)
        assert call(client, "get", f"/change-requests/{draft.pk}").status_code == 404
        assert call(client, "get", "/change-requests").json()["count"] == 0
    act(world, "staff_nj", draft, "submit")
    report = matter(world)
    act(world, "staff_nj", report, "submit")
    for user in ("city_sz", "staff_sz", "cobuilder"):
        as_user(client, world, user)
        for url in (
            f"/change-requests/{draft.pk}",
            f"/major-matters/{report.pk}",
            f"/centers/{world.nj.pk}/record-versions",
        ):
            assert call(client, "get", url).status_code == 404, (user, url)
        answer = call(
            client,
            "post",
            f"/change-requests/{draft.pk}/transitions/city_review",
            {"params": {"opinion": "x"}},
        )
        assert answer.status_code == 404
        assert call(client, "get", "/major-matters").json()["count"] == 0
    as_user(client, world, "staff_sz")
    theirs = call(
        client, "post", "/change-requests", {"center_id": world.nj.pk, "kind": "director"}
    )
    assert theirs.status_code == 404
    as_user(client, world, "province")
    assert call(client, "get", "/change-requests?city=320100").json()["count"] == 1
    assert call(client, "get", "/change-requests?city=320500").json()["count"] == 0
    assert call(client, "get", "/major-matters?kind=result").json()["count"] == 1
    assert call(client, "get", "/major-matters?limit=0").status_code == 422
    client.logout()
    assert call(client, "get", "/change-requests").status_code == 401


def test_major_matter_through_the_api(client, world):
    as_user(client, world, "staff_nj")
    bad = call(
        client, "post", "/major-matters", {"center_id": world.nj.pk, "kind": "nope", "title": ""}
    )
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["detail"]} == {"kind", "title"}
    created = call(
        client,
        "post",
        "/major-matters",
        {"center_id": world.nj.pk, "kind": "benefit", "title": "带动产值十亿元"},
    )
    assert created.status_code == 201
    mid = created.json()["id"]
    blocked = call(client, "get", f"/major-matters/{mid}").json()["actions"][0]
    assert blocked["action"] == "submit" and blocked["not_ready"]
    assert call(client, "post", f"/major-matters/{mid}/transitions/submit", {}).status_code == 409
    patched = call(
        client,
        "patch",
        f"/major-matters/{mid}",
        {"body": "新增产值十亿元", "occurred_on": "2024-06-30"},
    )
    assert patched.status_code == 200
    assert call(client, "post", f"/major-matters/{mid}/transitions/submit", {}).status_code == 200
    as_user(client, world, "city_nj")
    assert call(client, "get", f"/major-matters/{mid}").json()["actions"] == []
    assert call(client, "post", f"/major-matters/{mid}/transitions/file", {}).status_code == 403
    as_user(client, world, "province")
    filed = call(client, "post", f"/major-matters/{mid}/transitions/file", {})
    assert filed.status_code == 200 and filed.json()["status"] == "filed"
    assert ChangeRequest.objects.count() == 0

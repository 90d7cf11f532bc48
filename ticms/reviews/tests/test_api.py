"""The API: the same rules and the same scoping as the pages."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.reviews.models import AssignmentStatus, Panel
from ticms.testing import factories as f

from .conftest import make_expert

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_province_forms_a_panel_and_conflicts_are_409_with_reasons(client, rig):
    login(client, rig.province)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    url = f"/api/v1/reviews/applications/{rig.application.pk}/panel"
    assert post(client, url, {"mode": "online", "due_on": "2000-01-01"}).status_code == 422
    response = post(client, url, {"mode": "online", "due_on": due})
    assert response.status_code == 201, response.content
    panel_id = response.json()["id"]
    conflicted = make_expert(rig.province, employer=rig.application.host_unit)
    response = post(
        client, f"/api/v1/reviews/panels/{panel_id}/experts", {"expert_id": conflicted.pk}
    )
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "「不是申请单位的人员」（第十三条第3项）" in detail and "COI." not in detail
    fine = make_expert(rig.province)
    response = post(client, f"/api/v1/reviews/panels/{panel_id}/experts", {"expert_id": fine.pk})
    assert response.status_code == 200
    members = response.json()["members"]
    assert [(m["expert"], m["status"]) for m in members] == [(fine.name, "invited")]
    assert [a["action"] for a in members[0]["actions"]] == ["withdraw"]


@pytest.mark.parametrize("role", [Role.CITY, Role.CENTER, Role.EXPERT])
def test_others_cannot_form_or_read_panels(client, panel_rig, role):
    user = f.role_user(role)
    login(client, user)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    url = f"/api/v1/reviews/applications/{panel_rig.application.pk}/panel"
    assert post(client, url, {"mode": "online", "due_on": due}).status_code == 403
    assert client.get(f"/api/v1/reviews/panels/{panel_rig.panel.pk}").status_code == 404
    assert client.get("/api/v1/reviews/panels").status_code == 403
    assert client.get("/api/v1/reviews/experts").status_code == 403
    assert Panel.objects.count() == 1


def test_expert_works_through_the_api(client, panel_rig):
    rig = panel_rig
    expert, other = rig.experts[0], rig.experts[1]
    pk = rig.assignment(expert).pk
    login(client, expert.user)
    listed = client.get("/api/v1/reviews/assignments").json()
    assert [a["id"] for a in listed["items"]] == [pk]
    assert listed["items"][0]["expert"] is None  # names are for the province
    theirs = rig.assignment(other).pk
    assert client.get(f"/api/v1/reviews/assignments/{theirs}").status_code == 404
    assert (
        post(client, f"/api/v1/reviews/assignments/{theirs}/transitions/accept", {}).status_code
        == 404
    )
    detail = client.get(f"/api/v1/reviews/assignments/{pk}").json()
    assert detail["plan"] is None and {a["action"] for a in detail["actions"]} == {
        "accept",
        "decline",
        "declare_conflict",
    }
    base = f"/api/v1/reviews/assignments/{pk}"
    assert post(client, f"{base}/transitions/declare", {}).status_code == 409  # not accepted
    assert post(client, f"{base}/transitions/accept", {}).status_code == 200
    bad = post(client, f"{base}/transitions/declare", {"params": {"confirm": False}})
    assert bad.status_code == 422
    declared = post(client, f"{base}/transitions/declare", {"params": {"confirm": True}})
    assert declared.status_code == 200 and declared.json()["plan"]["plan_goals"]
    criteria = rig.criteria()
    out_of_range = put(client, f"{base}/scores", {"scores": {str(criteria[0].pk): "120"}})
    assert out_of_range.status_code == 422
    assert out_of_range.json()["detail"][0]["field"] == f"scores.{criteria[0].pk}"
    saved = put(
        client,
        f"{base}/scores",
        {
            "scores": {str(c.pk): v for c, v in zip(criteria, ("80", "70.5", "90"), strict=True)},
            "comments": "建议补充中试平台建设安排。",
            "recommendation": "support_with_changes",
        },
    )
    assert saved.status_code == 200
    assert Decimal(saved.json()["weighted_total"]) == Decimal("80.15")  # 32 + 21.15 + 27
    assert post(client, f"{base}/transitions/submit", {}).status_code == 200
    assert rig.assignment(expert).status == AssignmentStatus.SUBMITTED
    assert put(client, f"{base}/scores", {"comments": "改"}).status_code == 409


def test_panel_opinion_through_the_api(client, panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    url = f"/api/v1/reviews/panels/{rig.panel.pk}/opinion"
    body = {"opinion": "同意组建。", "recommendation": "support"}
    login(client, leader.user)
    assert post(client, url, body).status_code == 403  # not the leader's turn before its own sheet
    rig.clear(leader)
    rig.score(leader)
    early = post(client, url, body)
    assert early.status_code == 409 and "至少须 3 名" in early.json()["detail"]
    for expert, values in zip(rig.experts[1:], ((60, 75, 85), (90, 95, 70)), strict=True):
        rig.clear(expert)
        rig.score(expert, values)
    assert post(client, url, {**body, "recommendation": "maybe"}).status_code == 422
    login(client, rig.experts[1].user)
    assert post(client, url, body).status_code == 403
    login(client, leader.user)
    response = post(client, url, body)
    assert response.status_code == 200 and response.json()["status"] == "concluded"
    login(client, rig.province)
    detail = client.get(f"/api/v1/reviews/panels/{rig.panel.pk}").json()
    assert detail["opinion"] == "同意组建。" and detail["problems"] == []
    total = detail["statistics"][-1]
    assert total["criterion_id"] is None and total["spread"] is not None


def test_anonymous_gets_401(client, panel_rig):
    assert client.get("/api/v1/reviews/assignments").status_code == 401
    assert client.get(f"/api/v1/reviews/panels/{panel_rig.panel.pk}").status_code == 401

"""/api/v1/evaluation/campaigns: the same services and scope as the pages (第二十四条); another
agency's campaign is 404; bad input is a 4xx with a message, never a 500."""

import json

import pytest
from django.utils import timezone

from ticms.common import jobs
from ticms.evaluation.models import Campaign

from .campaign_fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def call(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )


def test_the_whole_run_through_the_api(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.province)
    today = timezone.localdate()
    body = {
        "name": "API 评估", "year_from": world.year, "year_to": world.year,
        "system_id": world.system.pk, "agency_id": world.agency.pk,
        "self_evaluation_due": str(today.replace(year=today.year + 1)),
        "city_check_due": str(today.replace(year=today.year + 1)),
        "scoring_due": str(today.replace(year=today.year + 1)),
    }  # fmt: skip
    created = call(client, "post", "/evaluation/campaigns", body)
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert [a["action"] for a in created.json()["actions"]] == ["open"]
    opened = call(client, "post", f"/evaluation/campaigns/{cid}/transitions/open", {})
    assert opened.status_code == 200 and opened.json()["status"] == "collecting"
    campaign = Campaign.objects.get(pk=cid)
    entry = world.entry(campaign, world.centers[0])
    client.force_login(world.staff[world.centers[0].pk])
    url = f"/evaluation/campaigns/{cid}/centers/{entry.pk}"
    bad = call(client, "post", f"{url}/transitions/submit_self_evaluation", {"params": {}})
    assert bad.status_code == 422
    done = call(
        client, "post", f"{url}/transitions/submit_self_evaluation",
        {"params": {"data_confirmed": True, "self_evaluation": "自评"}},
    )  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "self_submitted"
    assert done.json()["total"] is None and done.json()["scores"] == []
    client.force_login(world.province)
    started = call(client, "post", f"/evaluation/campaigns/{cid}/transitions/start_scoring", {})
    assert started.status_code == 200
    client.force_login(world.evaluator)
    indicator = world.system.indicators.get(code="B3")
    scored = call(client, "put", f"{url}/scores/{indicator.pk}", {"score": "88", "reason": "好"})
    assert scored.status_code == 200
    b3 = next(s for s in scored.json()["scores"] if s["code"] == "B3")
    assert b3["score"] == "88.00" and b3["reason"] == "好"
    refused = call(client, "put", f"{url}/scores/{indicator.pk}", {"score": "x", "reason": "好"})
    assert refused.status_code == 422
    job = call(client, "post", f"/evaluation/campaigns/{cid}/compute")
    assert job.status_code == 202
    jobs.job_run(job.json()["job_id"])
    detail = call(client, "get", url).json()
    a1 = next(s for s in detail["scores"] if s["code"] == "A1")
    assert a1["inputs"][0]["value"] == "1" and "实际值 1" in a1["explanation"]
    ranking = call(client, "get", f"/evaluation/campaigns/{cid}/ranking").json()
    assert ranking["count"] == 1 and ranking["items"][0]["rank"] == 1  # the others were absent


def test_another_agency_gets_404(client, world):
    campaign = world.opened()
    entry = world.entry(campaign, world.centers[0])
    client.force_login(world.other_evaluator)
    assert call(client, "get", f"/evaluation/campaigns/{campaign.pk}").status_code == 404
    assert call(client, "get", f"/evaluation/campaigns/{campaign.pk}/centers").status_code == 404
    url = f"/evaluation/campaigns/{campaign.pk}/centers/{entry.pk}"
    assert call(client, "get", url).status_code == 404
    assert call(client, "get", "/evaluation/campaigns").json()["count"] == 0
    client.force_login(world.evaluator)
    assert call(client, "get", "/evaluation/campaigns").json()["count"] == 1


def test_city_lists_only_its_centers(client, world):
    campaign = world.opened()
    client.force_login(world.city)
    page = call(client, "get", f"/evaluation/campaigns/{campaign.pk}/centers").json()
    assert page["count"] == len(world.centers)
    assert all("total" not in item or item["total"] is None for item in page["items"])


def test_bad_campaign_input_is_422(client, world):
    client.force_login(world.province)
    body = {"name": "", "year_from": 1, "year_to": 1, "system_id": 1, "agency_id": 1,
            "self_evaluation_due": "2099-01-01", "city_check_due": "2099-01-02",
            "scoring_due": "2099-01-03"}  # fmt: skip
    response = call(client, "post", "/evaluation/campaigns", body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["detail"]}
    assert {"name", "year_from"} <= fields


def test_campaign_paths_are_in_the_openapi_document(client, world):
    client.force_login(world.province)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/evaluation/campaigns/{campaign_id}/ranking" in paths
    assert (
        "/api/v1/evaluation/campaigns/{campaign_id}/centers/{entry_id}/scores/{indicator_id}"
        in paths
    )

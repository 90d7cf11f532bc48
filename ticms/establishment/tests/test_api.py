"""/api/v1 for guides and applications: every drafting step and transition, scoped like the
pages, with 4xx answers for bad input and forbidden access."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from ticms.establishment.models import Application, Guide
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, pdf_upload, published_guide

pytestmark = pytest.mark.django_db


def call(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )


def test_the_province_creates_and_publishes_a_guide(client):
    client.force_login(f.province_user())
    today = timezone.localdate()
    body = {
        "year": today.year,
        "title": "API 指南",
        "opens_on": str(today),
        "closes_on": str(today + dt.timedelta(days=10)),
        "priority_fields": ["F01"],
        "criteria": [{"name": "基础", "weight": "60"}, {"name": "方案", "weight": "40"}],
        "quotas": {"320100": 2},
    }
    response = call(client, "post", "/guides", body)
    assert response.status_code == 201, response.content
    guide_id = response.json()["id"]
    assert response.json()["quotas"] == {"320100": 2}
    published = call(client, "post", f"/guides/{guide_id}/transitions/publish", {})
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = call(client, "put", f"/guides/{guide_id}", body)
    assert again.status_code == 409
    bad = call(client, "post", "/guides", {**body, "priority_fields": ["NOPE"]})
    assert bad.status_code == 422
    assert Guide.objects.count() == 1


def test_other_roles_cannot_create_guides(client):
    client.force_login(f.city_user())
    today = timezone.localdate()
    body = {"year": today.year, "title": "x", "opens_on": str(today), "closes_on": str(today)}
    assert call(client, "post", "/guides", body).status_code == 403


def test_drafting_through_the_api(client):
    guide = published_guide()
    host = f.OrganisationFactory(kind="new_rd_institution")
    applicant = f.center_user(host)
    client.force_login(applicant)
    created = call(
        client,
        "post",
        "/applications",
        {"guide_id": guide.pk, "center_name": "API 中心", "sub_field": "F0104"},
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    plan = call(client, "patch", f"/applications/{pk}/plan", {"plan_goals": "发展目标" * 10})
    assert plan.status_code == 200 and plan.json()["plan"]["plan_goals"].startswith("发展目标")
    assert call(client, "patch", f"/applications/{pk}/plan", {"nope": "x"}).status_code == 422
    profile = call(
        client,
        "patch",
        f"/applications/{pk}/profile",
        {"answers": {"center.rd_site_area_m2": "-1"}},
    )
    assert profile.status_code == 422
    unit = call(
        client,
        "post",
        f"/applications/{pk}/excluded-units",
        {"name": "某竞争单位", "reason": "存在竞争关系"},
    )
    assert unit.status_code == 201
    team = call(
        client,
        "post",
        f"/applications/{pk}/team",
        [{"name": "张三", "id_number": f.make_id_number(), "team": "core_rd"}],
    )
    assert team.status_code == 201 and team.json()["team_size"] == 1
    member = Application.objects.get(pk=pk).team_members.get()
    removed = call(client, "delete", f"/applications/{pk}/team/{member.pk}")
    assert removed.status_code == 200 and removed.json()["team_size"] == 0

    upload = client.post(
        f"/api/v1/applications/{pk}/attachments",
        {"kind": "co_building_agreement", "file": pdf_upload("协议.pdf")},
    )
    assert upload.status_code == 201, upload.content
    attachment = upload.json()["attachments"][0]
    download = client.get(f"/api/v1/applications/{pk}/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    fake = client.post(
        f"/api/v1/applications/{pk}/attachments",
        {"kind": "other", "file": pdf_upload("evil.pdf", b"MZ not a pdf")},
    )
    assert fake.status_code == 422

    # Another host unit's user: everything is 404.
    client.force_login(f.center_user(f.OrganisationFactory()))
    assert call(client, "get", f"/applications/{pk}").status_code == 404
    assert (
        client.get(f"/api/v1/applications/{pk}/attachments/{attachment['id']}").status_code == 404
    )
    assert call(client, "patch", f"/applications/{pk}/plan", {"plan_goals": "x"}).status_code == 404


def test_the_lifecycle_through_the_api(client):
    guide = published_guide()
    application = eligible_application(guide)
    client.force_login(application.created_by)
    submitted = call(client, "post", f"/applications/{application.pk}/transitions/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "city_review"
    versions = call(client, "get", f"/applications/{application.pk}/versions")
    assert [v["number"] for v in versions.json()] == [1]
    eligibility = call(client, "get", f"/applications/{application.pk}/eligibility")
    assert eligibility.json()["verdict"] == "eligible"

    client.force_login(f.city_user("320500"))
    assert call(client, "get", f"/applications/{application.pk}").status_code == 404
    client.force_login(f.city_user(application.city.code))
    listed = call(client, "get", "/applications?status=city_review")
    assert [a["id"] for a in listed.json()["items"]] == [application.pk]
    detail = call(client, "get", f"/applications/{application.pk}").json()
    assert {a["action"] for a in detail["actions"]} == {
        "return_to_applicant",
        "city_reject",
        "recommend",
    }
    no_reason = call(
        client, "post", f"/applications/{application.pk}/transitions/return_to_applicant", {}
    )
    assert no_reason.status_code == 422
    recommended = call(
        client, "post", f"/applications/{application.pk}/transitions/recommend", {"comment": "同意"}
    )
    assert recommended.json()["status"] == "formal_review"
    wrong = call(client, "post", f"/applications/{application.pk}/transitions/recommend", {})
    assert wrong.status_code in (403, 409)

    client.force_login(f.province_user())
    refused = call(
        client, "post", f"/applications/{application.pk}/transitions/pass_formal_review", {}
    )
    assert refused.status_code == 422


def test_the_openapi_document_has_no_duplicate_keys(client):
    # A "200" next to a 200 is valid Python but a duplicate key in JSON: Swagger UI refuses it.
    duplicates = []

    def unique(pairs):
        keys = [k for k, _v in pairs]
        duplicates.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(pairs)

    client.force_login(f.province_user())
    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=unique)
    assert duplicates == []

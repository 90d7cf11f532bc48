"""/api/v1/annual-reports: scoped like the pages, with 4xx answers for bad input."""

from __future__ import annotations

import json

import pytest

from ticms.reporting.models import AnnualReport, AnnualReportStatus

from .conftest import NARRATIVE, filled_report, full_figures

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


def test_center_creates_fills_and_submits(client, world):
    as_user(client, world, "staff_nj")
    created = call(client, "post", "/annual-reports", {"center_id": world.nj.pk, "year": 2024})
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert (
        call(
            client, "post", "/annual-reports", {"center_id": world.nj.pk, "year": 2024}
        ).status_code
        == 422
    )
    figures = call(client, "patch", f"/annual-reports/{report_id}/figures", full_figures())
    assert figures.status_code == 200, figures.content
    assert figures.json()["figures"]["income"]["total"] == "9000"
    narrative = call(client, "patch", f"/annual-reports/{report_id}/narrative", NARRATIVE)
    assert narrative.status_code == 200 and narrative.json()["progress"] == NARRATIVE["progress"]
    detail = call(client, "get", f"/annual-reports/{report_id}").json()
    assert [a["action"] for a in detail["actions"]] == ["submit"]
    assert detail["actions"][0]["not_ready"] == []
    submitted = call(client, "post", f"/annual-reports/{report_id}/transitions/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    late = call(client, "patch", f"/annual-reports/{report_id}/narrative", {"progress": "改"})
    assert late.status_code == 409


def test_bad_figures_answer_422_and_save_nothing(client, world):
    report = filled_report(world)
    as_user(client, world, "staff_nj")
    url = f"/annual-reports/{report.pk}/figures"
    bad = call(client, "patch", url, {"income": {"total": "abc"}, "ip": {"nope": 1}})
    assert bad.status_code == 422
    fields = {d["field"] for d in bad.json()["detail"]}
    assert fields == {"income.total", "ip.nope"}
    over = call(client, "patch", url, {"ip": {"inventions_granted": 21}})
    assert over.status_code == 422 and "超过" in over.json()["detail"][0]["msg"]
    assert AnnualReport.objects.get(pk=report.pk).figures == full_figures()
    targets = call(client, "patch", f"/annual-reports/{report.pk}/targets", {"999": {"note": "x"}})
    assert targets.status_code == 422


def test_scoping_is_the_pages(client, world):
    report = filled_report(world)
    # A draft: only the center's own staff see it.
    for user in ("city_nj", "city_sz", "staff_sz", "province"):
        as_user(client, world, user)
        assert call(client, "get", f"/annual-reports/{report.pk}").status_code == 404, user
        assert call(client, "get", "/annual-reports").json()["count"] == 0
    as_user(client, world, "staff_nj")
    call(client, "post", f"/annual-reports/{report.pk}/transitions/submit", {})
    for user in ("city_sz", "staff_sz"):
        as_user(client, world, user)
        assert call(client, "get", f"/annual-reports/{report.pk}").status_code == 404
        assert call(client, "get", "/annual-reports").json()["count"] == 0
        answer = call(client, "post", f"/annual-reports/{report.pk}/transitions/approve", {})
        assert answer.status_code == 404
        patch = call(client, "patch", f"/annual-reports/{report.pk}/narrative", {"progress": "x"})
        assert patch.status_code == 404
    as_user(client, world, "staff_sz")
    theirs = call(client, "post", "/annual-reports", {"center_id": world.nj.pk, "year": 2024})
    assert theirs.status_code == 404
    as_user(client, world, "province")
    page = call(client, "get", "/annual-reports?city=320100&status=submitted").json()
    assert [r["id"] for r in page["items"]] == [report.pk]
    assert call(client, "get", "/annual-reports?city=320500").json()["count"] == 0
    assert call(client, "get", "/annual-reports?limit=0").status_code == 422


def test_city_returns_and_approves_province_files(client, world):
    report = filled_report(world)
    as_user(client, world, "staff_nj")
    call(client, "post", f"/annual-reports/{report.pk}/transitions/submit", {})
    as_user(client, world, "city_nj")
    detail = call(client, "get", f"/annual-reports/{report.pk}").json()
    assert {a["action"] for a in detail["actions"]} == {"return_to_center", "approve"}
    assert detail["findings"] == []
    no_comment = call(
        client, "post", f"/annual-reports/{report.pk}/transitions/return_to_center", {}
    )
    assert no_comment.status_code == 422
    edit = call(client, "patch", f"/annual-reports/{report.pk}/narrative", {"progress": "x"})
    assert edit.status_code == 403
    wrong = call(client, "post", f"/annual-reports/{report.pk}/transitions/file", {})
    assert wrong.status_code == 403
    approved = call(
        client, "post", f"/annual-reports/{report.pk}/transitions/approve", {"comment": "同意"}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (
        call(client, "post", f"/annual-reports/{report.pk}/transitions/nope", {}).status_code == 404
    )
    as_user(client, world, "province")
    filed = call(client, "post", f"/annual-reports/{report.pk}/transitions/file", {})
    assert filed.status_code == 200 and filed.json()["status"] == "filed"
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReportStatus.FILED


def test_unauthenticated_is_401(client, world):
    assert call(client, "get", "/annual-reports").status_code == 401

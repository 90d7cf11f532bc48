"""/api/v1/annual-reports (with their attachments), the deadlines and the overdue reports: scoped
like the pages, with 4xx answers for bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ticms.reporting import deadlines as D
from ticms.reporting import services
from ticms.reporting.models import AnnualReport, AnnualReportStatus, TargetProgress
from ticms.testing.establishment import pdf_upload

from .conftest import NARRATIVE, filled_report, full_figures
from .excel_helpers import with_targets

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


# --- attachments, deadlines and overdue reports -----------------------------------------------


def test_attachments_through_the_api(client, world):
    report = filled_report(world)
    client.force_login(world.users["staff_nj"])
    url = f"/api/v1/annual-reports/{report.pk}/attachments"
    created = client.post(url, {"file": pdf_upload()})
    assert created.status_code == 201, created.content
    [attachment] = created.json()["attachments"]
    download = client.get(f"{url}/{attachment['id']}")
    assert download.status_code == 200
    bad = client.post(url, {"file": pdf_upload("x.pdf", b"not a pdf")})
    assert bad.status_code == 422
    client.force_login(world.users["staff_sz"])
    assert client.get(f"{url}/{attachment['id']}").status_code == 404
    assert client.delete(f"{url}/{attachment['id']}").status_code == 404
    client.force_login(world.users["staff_nj"])
    removed = client.delete(f"{url}/{attachment['id']}")
    assert removed.status_code == 200 and removed.json()["attachments"] == []


def test_deadline_read_and_set(client, world):
    client.force_login(world.users["staff_nj"])
    got = client.get("/api/v1/annual-report-deadlines/2025").json()
    assert got == {"year": 2025, "due_on": "2026-03-31", "set_by_province": False}
    body = json.dumps({"due_on": "2026-04-30"})
    put = client.put("/api/v1/annual-report-deadlines/2025", body, content_type="application/json")
    assert put.status_code == 403
    client.force_login(world.users["province"])
    put = client.put("/api/v1/annual-report-deadlines/2025", body, content_type="application/json")
    assert put.status_code == 200 and put.json()["set_by_province"] is True
    early = json.dumps({"due_on": "2025-06-30"})
    bad = client.put("/api/v1/annual-report-deadlines/2025", early, content_type="application/json")
    assert bad.status_code == 422
    assert D.report_due_on(2025) == dt.date(2026, 4, 30)


def test_overdue_is_scoped(client, world, monkeypatch):
    monkeypatch.setattr(D.timezone, "localdate", lambda: dt.date(2025, 4, 2))
    client.force_login(world.users["city_nj"])
    body = client.get("/api/v1/annual-reports-overdue").json()
    rows = body["items"]
    assert {row["center_id"] for row in rows} == {world.nj.pk}
    assert body["count"] == len(rows) > 0
    assert all(row["days_overdue"] >= 1 for row in rows)
    client.force_login(world.users["province"])
    everything = client.get("/api/v1/annual-reports-overdue").json()
    assert everything["count"] > body["count"]
    paged = client.get("/api/v1/annual-reports-overdue", {"limit": 1, "offset": 1}).json()
    assert paged["count"] == everything["count"]
    assert paged["items"] == everything["items"][1:2]
    assert client.get("/api/v1/annual-reports-overdue", {"limit": 0}).status_code == 422
    client.force_login(world.users["cobuilder"])
    assert client.get("/api/v1/annual-reports-overdue").json() == {"count": 0, "items": []}


def _report_with_targets(world):
    with_targets(world)
    return services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )


def test_achieved_too_large_for_its_column_is_refused_with_a_message(client, world):
    report = _report_with_targets(world)
    row = report.targets.first()
    client.force_login(world.users["staff_nj"])
    url = f"/api/v1/annual-reports/{report.pk}/targets"
    too_big = client.patch(
        url,
        json.dumps({str(row.target_id): {"achieved": "1000000000"}}),
        content_type="application/json",
    )
    assert too_big.status_code == 422
    assert "数值过大" in json.dumps(too_big.json(), ensure_ascii=False)
    largest = client.patch(
        url,
        json.dumps({str(row.target_id): {"achieved": "999999999.999999"}}),
        content_type="application/json",
    )
    assert largest.status_code == 200
    assert str(TargetProgress.objects.get(pk=row.pk).achieved) == "999999999.999999"

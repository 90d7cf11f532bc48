"""/api/v1 for report attachments, deadlines and overdue reports: scoped like the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ticms.reporting import deadlines as D
from ticms.testing.establishment import pdf_upload

from .conftest import filled_report

pytestmark = pytest.mark.django_db


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
    rows = client.get("/api/v1/annual-reports-overdue").json()
    assert {row["center_id"] for row in rows} == {world.nj.pk}
    assert all(row["days_overdue"] >= 1 for row in rows)
    client.force_login(world.users["cobuilder"])
    assert client.get("/api/v1/annual-reports-overdue").json() == []

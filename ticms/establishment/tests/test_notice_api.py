"""The API of public notices: notices are public, objections are submitted by anyone named or
stamped, and read by the province only."""

from __future__ import annotations

import pytest

from ticms.establishment.models import (
    Objection,
)

from .notice_helpers import (
    API,
    NATIONAL_DAY,
    NATIONAL_DAY_END,
    ONE_DAY,
    D,
    on,
    stamped,
)

pytestmark = pytest.mark.django_db


def test_api_notices_are_public(client, p):
    with on(D(2026, 10, 9)):
        listing = client.get(f"{API}/notices")
        detail = client.get(f"{API}/notices/{p.notice.pk}")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    item = listing.json()["items"][0]
    assert item["ends_on"] == "2026-10-12" and item["workdays"] == 5
    assert item["accepting_objections"] is True
    assert detail.status_code == 200 and detail.json()["body"] == p.notice.body
    with on(D(2026, 10, 13)):
        closed = client.get(f"{API}/notices/{p.notice.pk}").json()
    assert (
        closed["accepting_objections"] is False and "2026-10-12" in closed["not_accepting_reason"]
    )
    assert client.get(f"{API}/notices/{p.notice.pk + 50}").status_code == 404
    assert client.get(f"{API}/notices/{2**70}").status_code in (404, 422)
    assert client.get(f"{API}/notices?limit=0").status_code == 422


def test_api_objection_submit(client, p):
    url = f"{API}/notices/{p.notice.pk}/objections"
    body = {"name": "王实名", "contact": "13812345678", "content": "有异议。"}
    with on(NATIONAL_DAY):
        created = client.post(url, body, content_type="application/json")
        anonymous = client.post(url, {"content": "匿名"}, content_type="application/json")
        unit = client.post(
            url, {"unit_name": "某公司", "content": "x"}, content_type="application/json"
        )
        bad = client.post(url, {**body, "contact": "abc", "content": ""}, "application/json")
        missing = client.post(f"{API}/notices/999999/objections", body, "application/json")
        not_json = client.post(url, "{", content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["basis"] == "named" and created.json()["status"] == "pending"
    assert anonymous.status_code == 422
    assert anonymous.json()["detail"][0]["field"] == "name"
    assert "匿名" in anonymous.json()["detail"][0]["msg"]
    assert unit.status_code == 422
    stamp = [d for d in unit.json()["detail"] if d["field"] == "stamp"]
    assert stamp and "公示页面" in stamp[0]["msg"]
    assert {d["field"] for d in bad.json()["detail"]} == {"contact", "content"}
    assert missing.status_code == 404
    assert not_json.status_code == 400
    with on(NATIONAL_DAY_END + ONE_DAY):
        late = client.post(url, body, content_type="application/json")
    assert late.status_code == 409 and "不再受理" in late.json()["detail"]
    assert Objection.objects.count() == 1


def test_api_objections_are_the_provinces(client, p):
    with on(NATIONAL_DAY):
        objection = stamped(p.notice)
    url = f"{API}/notices/{p.notice.pk}/objections"
    act = f"{API}/objections/{objection.pk}/transitions"
    assert client.get(url).status_code == 401
    assert client.post(f"{act}/uphold", {"comment": "x"}, "application/json").status_code == 401
    client.force_login(p.city)
    assert client.get(url).status_code == 404
    assert client.post(f"{act}/uphold", {"comment": "x"}, "application/json").status_code == 404
    client.force_login(p.province)
    rows = client.get(url).json()
    assert rows[0]["unit_name"] == "南京某科技有限公司"
    assert rows[0]["stamp_url"] == f"/establishment/objections/{objection.pk}/stamp/"
    assert {a["action"] for a in rows[0]["actions"]} == {"uphold", "dismiss"}
    no_reason = client.post(f"{act}/uphold", {"comment": ""}, "application/json")
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "comment"
    done = client.post(f"{act}/uphold", {"comment": "异议属实。"}, "application/json")
    assert done.status_code == 200 and done.json()["status"] == "upheld"
    assert done.json()["actions"] == []
    again = client.post(f"{act}/dismiss", {"comment": "x"}, "application/json")
    assert again.status_code == 409
    assert client.post(f"{act}/nope", {"comment": "x"}, "application/json").status_code == 404

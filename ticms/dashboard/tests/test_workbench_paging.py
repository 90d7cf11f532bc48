"""The workbench pages its to-dos and notices (issue 10): the badge counts all of them, a page
shows twenty, and the queries do not grow with how many a user has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.common import inbox
from ticms.common.messages import msg
from ticms.common.models import InboxItem
from ticms.reporting.deadlines import REMIND_TODAY
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def add(user, center, kind, n, start=0):
    make = inbox.todo_create if kind == "todo" else inbox.notice_create
    for i in range(start, start + n):
        title = msg(REMIND_TODAY, center=f"中心{i:03d}", year=2025, date="2026-03-31")
        extra = {"state": "operating"} if kind == "todo" else {}
        make(recipients=[user], title=title, obj=center, url="/centers/", **extra)


def test_todos_are_paged_and_counted_in_full(client):
    user, center = f.province_user(), f.CenterFactory()
    add(user, center, "todo", 25)
    client.force_login(user)
    first = client.get("/workbench/").content.decode()
    assert '<span class="badge text-bg-secondary">25</span>' in first
    assert first.count('name="follow"') == 20
    assert "?todos=2" in first
    second = client.get("/workbench/", {"todos": 2}).content.decode()
    assert second.count("去办理") == 5


def test_unread_notices_come_first_on_every_page(client):
    user, center = f.province_user(), f.CenterFactory()
    add(user, center, "notice", 22)
    oldest = InboxItem.objects.filter(recipient=user).order_by("pk").first()
    newest_read = InboxItem.objects.filter(recipient=user).order_by("-pk").first()
    InboxItem.objects.filter(pk=newest_read.pk).update(read_at=oldest.created_at)
    client.force_login(user)
    first = client.get("/workbench/").content.decode()
    # 21 unread, newest first: 020 down to 001 fill page 1; the newest, read, is not on it.
    assert "中心020" in first and "中心001" in first
    assert first.index("中心020") < first.index("中心001")
    assert "中心021" not in first and "中心000" not in first
    last = client.get("/workbench/", {"notices": 2}).content.decode()
    assert last.index("中心000") < last.index("中心021")  # the last unread, then the read one


def test_workbench_queries_do_not_grow_with_the_inbox(client):
    user, center = f.province_user(), f.CenterFactory()
    add(user, center, "todo", 3)
    add(user, center, "notice", 3)
    client.force_login(user)
    client.get("/workbench/")
    with CaptureQueriesContext(connection) as few:
        client.get("/workbench/")
    add(user, center, "todo", 40, start=3)
    add(user, center, "notice", 40, start=3)
    with CaptureQueriesContext(connection) as many:
        client.get("/workbench/")
    assert len(many) == len(few)

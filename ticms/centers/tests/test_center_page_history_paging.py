"""A center page shows its history a page at a time, newest first (issue 10): a center with
years of events must not render them all in its sidebar."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.common.audit import audit_record
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def add_events(center, actor, n, start=0):
    for i in range(start, start + n):
        audit_record(actor=actor, action="center.update", obj=center, comment=f"第{i:03d}号记录")


def test_newest_first_twenty_a_page_with_older_pages(client):
    province = f.province_user()
    center = f.CenterFactory()
    add_events(center, province, 45)
    client.force_login(province)
    first = client.get(f"/centers/{center.pk}/").content.decode()
    assert "第044号记录" in first and "第025号记录" in first and "第024号记录" not in first
    assert first.index("第044号记录") < first.index("第025号记录")
    assert "第 1 / 3 页，共 45 条" in first
    assert "?history=2" in first
    last = client.get(f"/centers/{center.pk}/", {"history": 3}).content.decode()
    assert "第000号记录" in last and "第004号记录" in last and "第005号记录" not in last
    # A page number out of range or not a number shows a valid page, never an error.
    assert client.get(f"/centers/{center.pk}/", {"history": "x"}).status_code == 200
    assert "第000号记录" in client.get(f"/centers/{center.pk}/", {"history": 99}).content.decode()


def test_history_queries_and_size_do_not_grow_with_events(client):
    province = f.province_user()
    center = f.CenterFactory()
    add_events(center, province, 25)
    client.force_login(province)
    client.get(f"/centers/{center.pk}/")
    with CaptureQueriesContext(connection) as few:
        small = client.get(f"/centers/{center.pk}/").content
    add_events(center, province, 200, start=25)
    with CaptureQueriesContext(connection) as many:
        large = client.get(f"/centers/{center.pk}/").content
    assert len(many) == len(few)
    assert abs(len(large) - len(small)) < 200  # only the counts in the pager differ


def test_another_citys_officer_gets_404_whatever_the_history_page(client):
    center = f.CenterFactory(city=f.city("320100"))
    add_events(center, f.province_user(), 3)
    client.force_login(f.city_user("320500"))
    assert client.get(f"/centers/{center.pk}/", {"history": 1}).status_code == 404

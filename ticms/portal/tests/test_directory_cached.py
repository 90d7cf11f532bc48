"""The public directory's table is rendered once per change of what it shows, not once per
visitor (issue 10), and a cached table never shows stale rows or a visitor's parameters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "/portal/directory/"


def test_second_visit_reads_no_center_rows(client):
    for i in range(3):
        f.CenterFactory(status="operating", name=f"缓存中心{i}")
    first = client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(URL).content.decode()
    table = first.split("<table", 1)[1]
    assert table == again.split("<table", 1)[1] and "缓存中心2" in table
    assert not any('FROM "centers_center" INNER JOIN' in q["sql"] for q in ctx.captured_queries)
    assert len(ctx) <= 2  # the fingerprint and the city filter; the cache is in memory here


def test_a_renamed_or_removed_center_shows_at_once(client):
    center = f.CenterFactory(status="operating", name="旧名称中心")
    assert "旧名称中心" in client.get(URL).content.decode()
    center.name = "新名称中心"
    center.save()
    html = client.get(URL).content.decode()
    assert "新名称中心" in html and "旧名称中心" not in html
    center.status = "removed"  # as the lifecycle's save() does
    center.save()
    assert "新名称中心" not in client.get(URL).content.decode()


def test_a_renamed_host_unit_shows_at_once(client):
    center = f.CenterFactory(status="operating")
    client.get(URL)
    center.host_unit.name = "改名后的依托单位"
    center.host_unit.save()
    assert "改名后的依托单位" in client.get(URL).content.decode()


def test_each_language_and_page_has_its_own_table(client):
    f.CenterFactory(status="operating")
    zh = client.get(URL).content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(URL).content.decode()
    assert "中心名称" in zh
    assert "中心名称" not in en.split("<table", 1)[1]


def test_a_visitors_parameters_never_reach_the_cached_links(client):
    for _ in range(55):  # two pages of 50
        f.CenterFactory(status="operating", city=f.city("320100"))
    html = client.get(URL, {"city": "320100", "utm": "evil", "page": "1"}).content.decode()
    table = html.split("<table", 1)[1]
    assert "page=2" in table and "utm" not in table
    html = client.get(URL, {"city": "320100", "page": "1"}).content.decode()
    table = html.split("<table", 1)[1]
    assert "city=320100&amp;page=2" in table and "utm" not in html


def test_junk_page_numbers_read_as_the_first_page(client):
    f.CenterFactory(status="operating", name="唯一的中心")
    for junk in ("x", "1e9", "-1", "9999999999"):
        response = client.get(URL, {"page": junk})
        assert response.status_code == 200 and "唯一的中心" in response.content.decode()

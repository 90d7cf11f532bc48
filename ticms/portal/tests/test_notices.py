"""The public notice pages (公示, 第十三条第4项): readable and objectionable without login."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.establishment.models import Application, ApplicationStatus, Objection, PublicNotice
from ticms.establishment.tests.notice_helpers import (
    NATIONAL_DAY,
    NATIONAL_DAY_END,
    notice_on,
    on,
)
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db
D = dt.date
IN_PERIOD = D(2026, 10, 9)
OBJECTION = {"name": "王实名", "contact": "13812345678", "content": "研发场地面积与实际不符。"}


@pytest.fixture
def p():
    return notice_on(NATIONAL_DAY)


def url(p) -> str:
    return f"/portal/notices/{p.notice.pk}/"


def test_home_links_the_notices(client):
    assert 'href="/portal/notices/"' in client.get("/portal/").content.decode()


def test_notice_list_is_public_and_current_first(client, p):
    current = notice_on(D(2026, 10, 19), province=p.province)
    with on(D(2026, 10, 20)):
        response = client.get("/portal/notices/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(current.notice.title) < html.index(p.notice.title)
    assert f'href="{url(current)}"' in html and f'href="{url(p)}"' in html
    assert "公示中，受理异议" in html and "公示期已结束" in html
    assert "2026-09-30 — 2026-10-12" in html


def test_notice_detail_shows_the_period_and_the_form(client, p):
    with on(IN_PERIOD):
        html = client.get(url(p)).content.decode()
    assert p.notice.title in html
    assert p.application.host_unit.name in html  # the body
    assert "2026-09-30" in html and "2026-10-12" in html
    assert "5 个工作日" in html
    assert "正在受理" in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    for field in ("name", "contact", "unit_name", "stamp", "content"):
        assert f'name="{field}"' in html
    assert "查看和处理异议" not in html  # province only


def test_named_objection_by_the_form(client, p):
    with on(IN_PERIOD):
        response = client.post(url(p), OBJECTION, follow=True)
    objection = Objection.objects.get()
    assert (objection.name, objection.contact) == ("王实名", "13812345678")
    assert response.redirect_chain[-1][0] == url(p)
    assert f"受理编号 {objection.receipt_no}" in response.content.decode()


def test_stamped_objection_by_the_form(client, p):
    upload = SimpleUploadedFile("盖章.pdf", b"%PDF-1.4 stamped", content_type="application/pdf")
    data = {"unit_name": "南京某科技有限公司", "stamp": upload, "content": "共建协议不实。"}
    with on(IN_PERIOD):
        response = client.post(url(p), data)
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.unit_name == "南京某科技有限公司" and objection.stamp


def test_anonymous_objection_refused_with_an_error_summary(client, p):
    with on(IN_PERIOD):
        response = client.post(url(p), {"content": "匿名举报"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert "不受理匿名异议" in html and 'href="#id_name"' in html
    assert 'aria-invalid="true"' in html
    assert "匿名举报" in html  # what was typed is kept
    assert not Objection.objects.exists()


def test_unit_without_stamp_and_bad_contact_are_shown_on_their_fields(client, p):
    with on(IN_PERIOD):
        html = client.post(
            url(p), {"unit_name": "某公司", "contact": "abc", "content": "x"}
        ).content.decode()
    assert 'href="#id_stamp"' in html and 'href="#id_contact"' in html
    assert not Objection.objects.exists()


def test_after_the_period_no_form_and_objections_refused(client, p):
    day_after = NATIONAL_DAY_END + dt.timedelta(days=1)
    with on(day_after):
        html = client.get(url(p)).content.decode()
        late = client.post(url(p), OBJECTION)
    assert "不再受理" in html and 'name="content"' not in html
    assert late.status_code == 409
    assert "2026-10-12" in late.content.decode()
    assert not Objection.objects.exists()


def test_last_day_still_accepts(client, p):
    with on(NATIONAL_DAY_END):
        assert client.post(url(p), OBJECTION).status_code == 302
    assert Objection.objects.count() == 1


def test_province_sees_a_link_to_the_objections(client, p):
    client.force_login(p.province)
    with on(IN_PERIOD):
        html = client.get(url(p)).content.decode()
    assert f"/establishment/notices/{p.notice.pk}/objections/" in html


def test_missing_notice_is_a_404(client, p):
    assert client.get("/portal/notices/999999/").status_code == 404
    assert client.get(f"/portal/notices/{2**70}/").status_code == 404
    assert client.get("/portal/notices/abc/").status_code == 404
    assert client.get("/portal/notices/?page=x").status_code == 200


def test_csrf_is_enforced(p):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with on(IN_PERIOD):
        assert strict.post(url(p), OBJECTION).status_code == 403
    assert not Objection.objects.exists()


_serial = itertools.count()


def add_notices(n, guide, province):
    """Notices of distinct applications, host units and cities (test setup by the ORM: the
    service path is covered in the establishment tests)."""
    cities = ("320100", "320500", "320200")
    for _ in range(n):
        i = next(_serial)
        city = f.city(cities[i % len(cities)])
        host = f.OrganisationFactory(city=city, kind="new_rd_institution")
        application = Application.objects.create(
            code=f"SQ-T-{i:04d}",
            guide=guide,
            city=city,
            host_unit=host,
            center_name=f"江苏省测试{i}技术创新中心",
            sub_field=f.sub_field("F0104"),
            status=ApplicationStatus.NOTICE if i % 2 else ApplicationStatus.APPROVED,
            created_by=province,
        )
        PublicNotice.objects.create(
            application=application,
            title=f"关于拟批准组建「{application.center_name}」的公示",
            body="公示内容",
            starts_on=IN_PERIOD - dt.timedelta(days=i % 20),
            ends_on=IN_PERIOD + dt.timedelta(days=5 - i % 20),
            workdays=5,
        )


def test_notice_list_queries_do_not_grow_with_rows(client):
    province = f.province_user()
    with on(IN_PERIOD):
        guide = published_guide(province=province)
        add_notices(3, guide, province)
        client.get("/portal/notices/")  # warm-up
        with CaptureQueriesContext(connection) as small:
            assert client.get("/portal/notices/").status_code == 200
        add_notices(22, guide, province)
        with CaptureQueriesContext(connection) as large:
            assert client.get("/portal/notices/").status_code == 200
    assert len(small) == len(large), "\n".join(q["sql"] for q in large.captured_queries)


def test_notice_api_list_queries_do_not_grow_with_rows(client):
    province = f.province_user()
    with on(IN_PERIOD):
        guide = published_guide(province=province)
        add_notices(3, guide, province)
        client.get("/api/v1/notices")
        with CaptureQueriesContext(connection) as small:
            assert client.get("/api/v1/notices").status_code == 200
        add_notices(22, guide, province)
        with CaptureQueriesContext(connection) as large:
            response = client.get("/api/v1/notices")
    assert response.json()["count"] == 25
    assert len(small) == len(large)

"""Request bodies: a declared size over the limit is refused (413) before the body is read; no
middleware parses a multipart body before the CSRF check; openpyxl reads through defusedxml."""

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory

from ticms.common.files import MAX_ATTACHMENT_BYTES
from ticms.common.middleware import RequestSizeLimitMiddleware
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db
TOO_BIG = str(django_settings.MAX_REQUEST_BYTES + 1)


class Unreadable:
    """A body that fails the test when anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_the_limit_leaves_room_for_the_largest_attachment(settings):
    assert settings.MAX_REQUEST_BYTES > MAX_ATTACHMENT_BYTES
    assert settings.MAX_REQUEST_BYTES - MAX_ATTACHMENT_BYTES <= 2 * 1024 * 1024
    # Fields and JSON stay small; files above this go to a temporary file, not memory.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024


@pytest.mark.parametrize(("extra", "status"), [(0, 200), (1, 413)])
def test_the_boundary(settings, extra, status):
    middleware = RequestSizeLimitMiddleware(lambda request: HttpResponse("passed"))
    request = RequestFactory().post(
        "/portal/", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + extra)
    )
    request.META["wsgi.input"] = Unreadable()
    assert middleware(request).status_code == status


def test_a_page_gets_a_clear_413_unread(client):
    client.force_login(f.province_user())
    response = client.generic(
        "POST",
        "/org/organisations/new/",
        b"name=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=TOO_BIG,
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "提交的内容过大" in html and "单个附件不能超过20MB" in html


def test_the_api_gets_json_413_unread(client):
    response = client.generic(
        "POST",
        "/api/v1/notices/1/objections",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=TOO_BIG,
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "不能超过 21MB" in response.json()["detail"]


def test_a_multipart_body_is_not_parsed_before_the_csrf_check(monkeypatch):
    parsed = []
    original = MultiPartParser.parse
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: parsed.append(1) or original(self))
    client = Client(enforce_csrf_checks=True)
    client.force_login(f.province_user())
    response = client.post("/org/organisations/new/", {"name": "a\x00b", "uscc_code": "x"})
    assert response.status_code == 403  # no CSRF cookie: refused unread
    assert parsed == []


def test_nul_in_a_multipart_form_is_still_refused_after_the_csrf_check(client):
    client.force_login(f.province_user())
    response = client.post("/org/organisations/new/", {"name": "a\x00b", "uscc_code": "x"})
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_openpyxl_reads_through_defusedxml():
    from openpyxl import xml

    assert xml.DEFUSEDXML is True

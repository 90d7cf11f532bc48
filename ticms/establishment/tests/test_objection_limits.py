"""Public objections (第十三条第4项) are held to a few per hour from one address, per notice and
in all, and are made under a plausible real name."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ticms.accounts.names import real_name_problem
from ticms.common.exceptions import Throttled, ValidationFailed
from ticms.common.throttle import client_address
from ticms.establishment import services
from ticms.establishment.models import Objection
from ticms.establishment.tests.notice_helpers import NATIONAL_DAY, notice_on, on

pytestmark = pytest.mark.django_db
IN_PERIOD = NATIONAL_DAY


@pytest.fixture
def p():
    return notice_on(NATIONAL_DAY)


@pytest.fixture
def rates(settings):
    settings.TICMS = {
        **settings.TICMS,
        "OBJECTION_RATE_PER_NOTICE": (3, 3600),
        "OBJECTION_RATE_PER_ADDRESS": (5, 3600),
    }


def submit(notice, n, *, ip="203.0.113.7", **kw):
    data = {"name": "王实名", "contact": "13812345678", "content": f"第{n}条异议：场地不实。"}
    with on(IN_PERIOD):
        return services.objection_submit(notice_id=notice.pk, client_ip=ip, **{**data, **kw})


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "王实名",
        "欧阳娜娜",
        "阿依古丽·买买提",
        "阿卜杜拉•艾力",
        "𠮷野家",  # a character outside the basic plane
        "Anne-Marie O'Neil",
        "José Álvarez",
        "Li Wei",
        "J. R. Smith",
    ],
)
def test_plausible_names(name):
    assert real_name_problem(name) is None


IMPLAUSIBLE = ["😀", "王😀", "123", "王123", "·", "-", "'", "王", "X", "·王", "王·", "王··明"]


@pytest.mark.parametrize("name", [*IMPLAUSIBLE, "张 San", "a_b"])
def test_implausible_names_are_refused_with_what_is_expected(name):
    assert "请填写真实姓名" in real_name_problem(name)


def test_a_name_is_at_most_100_characters():
    assert real_name_problem("王" * 100) is None
    assert "不能超过100个字" in real_name_problem("王" * 101)


def test_the_service_refuses_an_emoji_name_and_saves_nothing(p):
    with pytest.raises(ValidationFailed) as exc:
        submit(p.notice, 1, name="😀")
    assert "请填写真实姓名" in exc.value.errors["name"][0]
    assert not Objection.objects.exists()


def test_a_stamped_objection_needs_no_personal_name(p):
    from ticms.testing.establishment import pdf_upload

    objection = submit(
        p.notice,
        1,
        name="",
        contact="",
        unit_name="南京某科技有限公司",
        stamp_upload=pdf_upload("盖章.pdf", b"%PDF-1.4 stamped"),
    )
    assert objection.unit_name == "南京某科技有限公司"


# --- rates ----------------------------------------------------------------------------------


def test_a_few_per_hour_per_address_and_notice(p, rates):
    for n in range(3):
        submit(p.notice, n)
    with pytest.raises(Throttled) as exc:
        submit(p.notice, 4)
    assert "同一网络地址每小时对同一公示最多提出3条异议" in str(exc.value.message)
    assert 0 < exc.value.retry_after <= 3600
    assert Objection.objects.count() == 3
    # Another address is not held back.
    submit(p.notice, 5, ip="198.51.100.9")
    assert Objection.objects.count() == 4


def test_refused_submissions_do_not_count(p, rates):
    for n in range(5):
        with pytest.raises(ValidationFailed):
            submit(p.notice, n, name="😀")
    for n in range(3):
        submit(p.notice, n)


def test_per_address_over_all_notices(p, rates):
    other = notice_on(NATIONAL_DAY, province=p.province)
    third = notice_on(NATIONAL_DAY, province=p.province)
    for n in range(3):
        submit(p.notice, n)
    for n in range(2):
        submit(other.notice, n)
    with pytest.raises(Throttled) as exc:
        submit(third.notice, 1)
    assert "同一网络地址每小时最多提出5条异议" in str(exc.value.message)


def test_the_window_ends_after_the_period(p, rates, monkeypatch):
    import time as real_time

    for n in range(3):
        submit(p.notice, n)
    later = real_time.time() + 3601
    monkeypatch.setattr("ticms.common.throttle.time.time", lambda: later)
    submit(p.notice, 4)


def test_the_api_answers_429_with_retry_after(client, p, rates):
    url = f"/api/v1/notices/{p.notice.pk}/objections"
    with on(IN_PERIOD):
        for n in range(3):
            body = {"name": "王实名", "contact": "13812345678", "content": f"异议{n}"}
            response = client.post(url, body, content_type="application/json")
            assert response.status_code == 201, response.content
        body = {"name": "王实名", "contact": "13812345678", "content": "异议4"}
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 429
    assert "最多提出3条异议" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_the_api_refuses_an_implausible_name(client, p):
    url = f"/api/v1/notices/{p.notice.pk}/objections"
    body = {"name": "12345", "contact": "13812345678", "content": "异议"}
    with on(IN_PERIOD):
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "name"


def test_the_page_shows_the_limit_with_429_and_keeps_the_text(client, p, rates):
    url = f"/portal/notices/{p.notice.pk}/"
    with on(IN_PERIOD):
        for n in range(3):
            data = {"name": "王实名", "contact": "13812345678", "content": f"异议{n}"}
            assert client.post(url, data).status_code == 302
        data = {"name": "王实名", "contact": "13812345678", "content": "第四条异议的内容"}
        response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 429
    assert "最多提出3条异议" in html and "第四条异议的内容" in html
    assert Objection.objects.count() == 3


# --- the client's address ------------------------------------------------------------------


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_address_is_remote_addr_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_a_trusted_proxy_passes_the_client_on(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    # The client wrote "1.2.3.4" itself: only the hop the proxy added is believed.
    assert client_address(_request("10.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("10.0.0.1", "garbage")) == "10.0.0.1"
    assert client_address(_request("10.0.0.1")) == "10.0.0.1"
    # Someone else sending the header is not believed.
    assert client_address(_request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"

"""The province's pages of a public notice: the objections page (its own), the decision the
objections allow (approval shown disabled with its reason until the period ends, stopping only
after an upheld objection), an objection handled on its page, the stamp file, the contract page."""

from __future__ import annotations

import datetime as dt

import pytest

from ticms.accounts.models import Role
from ticms.establishment import services
from ticms.establishment.models import (
    ObjectionStatus,
)
from ticms.testing import factories as f

from .notice_helpers import (
    NATIONAL_DAY,
    NATIONAL_DAY_END,
    D,
    after_end,
    approved,
    handle,
    named,
    on,
    sign,
    stamped,
)

pytestmark = pytest.mark.django_db


def _objections_url(p):
    return f"/establishment/notices/{p.notice.pk}/objections/"


def test_objections_page_is_the_provinces(client, p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
        stamped(p.notice)
    client.force_login(p.province)
    with on(D(2026, 10, 9)):
        html = client.get(_objections_url(p)).content.decode()
    assert "王实名" in html and "13812345678" in html and "南京某科技有限公司" in html
    assert f"/establishment/objections/{objection.pk}/actions/uphold/" in html
    assert f"/establishment/objections/{objection.pk}/actions/dismiss/" in html
    assert "共 2 条，待处理 2 条" in html
    assert "尚有 2 条异议未处理" in html  # why 批准组建 is not possible yet
    other_city = f.city_user("320500")
    for user in (p.city, p.applicant, other_city, f.role_user(Role.EXPERT)):
        client.force_login(user)
        assert client.get(_objections_url(p)).status_code == 404
    client.logout()
    assert client.get(_objections_url(p)).status_code == 302  # to the login page
    client.force_login(p.province)
    assert client.get("/establishment/notices/999999/objections/").status_code == 404


def test_objections_page_offers_the_decision_the_objections_allow(client, p):
    with on(NATIONAL_DAY):
        first, second = named(p.notice), stamped(p.notice)
    actions = f"/establishment/applications/{p.application.pk}/actions/"
    client.force_login(p.province)
    handle(p, first, "dismiss")
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "尚有 1 条异议未处理" in html
    assert f"{actions}approve/" not in html and f"{actions}stop_after_objection/" not in html
    handle(p, second, "uphold")
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "公示期间有异议成立" in html
    assert f"{actions}approve/" not in html and f"{actions}stop_after_objection/" in html


def test_objections_page_offers_approval_when_clear(client, p):
    with on(NATIONAL_DAY):
        handle(p, named(p.notice), "dismiss")
    client.force_login(p.province)
    with on(NATIONAL_DAY_END):
        html = client.get(_objections_url(p)).content.decode()
    assert "公示期至 2026-10-12 结束" in html
    assert f"/establishment/applications/{p.application.pk}/actions/approve/" not in html
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "可以批准组建" in html
    assert f"/establishment/applications/{p.application.pk}/actions/approve/" in html
    assert "stop_after_objection" not in html


def test_objection_handled_on_its_page(client, p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    url = f"/establishment/objections/{objection.pk}/actions/uphold/"
    client.force_login(p.city)
    assert client.get(url).status_code == 404
    assert client.post(url, {"comment": "x"}).status_code == 404
    client.force_login(p.province)
    page = client.get(url)
    assert page.status_code == 200 and "该单位研发场地面积不实" in page.content.decode()
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    done = client.post(url, {"comment": "经核实，异议属实。"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"{_objections_url(p)}#objection-{objection.pk}")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert client.get(url).status_code == 409  # already handled
    assert client.get(f"/establishment/objections/{objection.pk}/actions/nope/").status_code == 404


def test_stamp_file_is_for_the_province_only(client, p):
    with on(NATIONAL_DAY):
        objection = stamped(p.notice)
        plain = named(p.notice)
    url = f"/establishment/objections/{objection.pk}/stamp/"
    client.force_login(p.province)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stamped objection"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/establishment/objections/{plain.pk}/stamp/").status_code == 404
    for user in (p.city, f.city_user("320500"), p.applicant, f.role_user(Role.SYSADMIN)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_contract_page(client, p):
    approved(p)
    url = f"/establishment/applications/{p.application.pk}/contract/"
    client.force_login(p.province)
    assert client.get(url).status_code == 404  # not signed yet
    sign(p, D(2026, 10, 15))
    for user in (p.province, p.city, p.applicant):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "JS-TIC-2026-001" in html and "突破关键核心技术" in html
        assert "2026-10-15 至 2031-10-14" in html and "5 年" in html
        assert p.application.rule_set_code in html
        assert "苏科技发〔2026〕88号" in html
    for user in (f.city_user("320500"), f.role_user(Role.CENTER)):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_approval_is_shown_disabled_with_its_reason_until_the_period_ends(client, p):
    client.force_login(p.province)
    url = p.application.get_absolute_url()
    action = f"/establishment/applications/{p.application.pk}/actions/approve/"
    with on(p.notice.ends_on):
        page = client.get(url).content.decode()
    assert "期满后方可批准组建" in page and action not in page
    with on(p.notice.ends_on + dt.timedelta(days=1)):
        page = client.get(url).content.decode()
        api = client.get(f"/api/v1/applications/{p.application.pk}").json()
    assert action in page and "期满后方可批准组建" not in page
    approve = next(a for a in api["actions"] if a["action"] == "approve")
    assert approve["not_ready"] == []


def test_stopping_is_offered_only_after_an_upheld_objection(client, p):
    client.force_login(p.province)
    action = f"/establishment/applications/{p.application.pk}/actions/stop_after_objection/"
    with on(NATIONAL_DAY):
        page = client.get(p.application.get_absolute_url()).content.decode()
        assert "异议成立，终止组建" not in page
        objection = named(p.notice)
        services.objection_transition(
            actor=p.province, objection_id=objection.pk, action="uphold", comment="经核实属实"
        )
        page = client.get(p.application.get_absolute_url()).content.decode()
    assert action in page

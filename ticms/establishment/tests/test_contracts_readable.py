"""A contract and its 考核指标 targets (第十三条第4项) are readable on the center page, on a page of
their own and in the API, scoped like the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers import services
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def approved(province, city_code, n):
    return services.center_record_approved(
        actor=province,
        status="constructing",
        approval_doc_no=f"苏科技函〔2024〕{n}号",
        approved_on=dt.date(2024, 3, 1),
        contract_no=f"JSTIC-2024-{n:03d}",
        signed_on=dt.date(2024, 4, 1),
        targets=[
            {"name": "发明专利授权", "unit": "件", "target_value": Decimal(60),
             "target_year": 2028},
            {"name": "技术合同成交额", "unit": "万元", "target_value": Decimal("12000.5"),
             "target_year": 2028, "baseline": Decimal(1500)},
        ],
        name=f"测试中心{n}",
        host_unit=f.OrganisationFactory(kind="enterprise", city=f.city(city_code)),
        city=f.city(city_code),
        sub_field=f.sub_field("E0202"),
    )  # fmt: skip


@pytest.fixture
def two():
    province = f.province_user()
    nj, sz = approved(province, "320100", 1), approved(province, "320500", 2)
    return province, nj, sz


def test_the_api_lists_and_shows_contracts_in_scope(client, two):
    province, nj, sz = two
    client.force_login(province)
    listing = client.get("/api/v1/contracts").json()
    assert listing["count"] == 2
    detail = client.get(f"/api/v1/contracts/{nj.contract.pk}").json()
    assert detail["number"] == "JSTIC-2024-001" and detail["application_code"] is None
    assert [(t["name"], Decimal(t["target_value"])) for t in detail["targets"]] == [
        ("发明专利授权", Decimal(60)),
        ("技术合同成交额", Decimal("12000.5")),
    ]
    client.force_login(f.city_user("320100"))
    assert [c["number"] for c in client.get("/api/v1/contracts").json()["items"]] == [
        "JSTIC-2024-001"
    ]
    assert client.get(f"/api/v1/contracts/{sz.contract.pk}").status_code == 404
    client.force_login(f.center_user(sz.host_unit))
    assert client.get(f"/api/v1/contracts/{sz.contract.pk}").status_code == 200
    assert client.get(f"/api/v1/contracts/{nj.contract.pk}").status_code == 404
    client.force_login(f.UserFactory(role="expert"))
    assert client.get("/api/v1/contracts").json()["count"] == 0
    client.logout()
    assert client.get("/api/v1/contracts").status_code == 401


def test_the_contract_page_and_the_center_page_link(client, two):
    province, nj, sz = two
    client.force_login(f.city_user("320100"))
    center_page = client.get(nj.get_absolute_url()).content.decode()
    url = f"/establishment/contracts/{nj.contract.pk}/"
    assert url in center_page
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "JSTIC-2024-001" in html and "发明专利授权" in html and "12,000.50" in html
    assert client.get(f"/establishment/contracts/{sz.contract.pk}/").status_code == 404
    assert client.get("/establishment/contracts/999999/").status_code == 404


def test_the_contract_list_reads_a_constant_number_of_queries(client, two):
    province, *_ = two
    client.force_login(province)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/contracts")
    for n in range(3, 8):
        approved(province, "320200", n)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/contracts").json()["count"] == 7
    assert len(many) == len(few)

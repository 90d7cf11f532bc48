"""List filters (page, export, API), bad input that must never 500, edit and register pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ticms.accounts.models import Role
from ticms.centers.models import Center, CenterStatus
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

from .conftest import NANJING, SUZHOU, login

pytestmark = pytest.mark.django_db

S = CenterStatus


@pytest.fixture
def catalogue(db):
    """Five centers that differ in exactly one filtered attribute each."""
    nj, sz, wx = f.city(NANJING), f.city(SUZHOU), f.city("320200")
    rows = {
        "base": f.CenterFactory(
            code="TIC-A-01",
            name="工业母机中心",
            city=nj,
            sub_field=f.sub_field("E0201"),
            status=S.OPERATING,
        ),
        "robot": f.CenterFactory(
            code="TIC-A-02",
            name="机器人中心",
            city=nj,
            sub_field=f.sub_field("E0202"),
            status=S.OPERATING,
        ),
        "textile": f.CenterFactory(
            code="TIC-A-03",
            name="高端纺织中心",
            city=nj,
            sub_field=f.sub_field("T0101"),
            status=S.OPERATING,
        ),
        "cultivating": f.CenterFactory(
            code="TIC-A-04",
            name="培育中心",
            city=nj,
            sub_field=f.sub_field("E0201"),
            status=S.CULTIVATING,
        ),
        "suzhou": f.CenterFactory(
            code="TIC-A-05",
            name="苏州母机中心",
            city=sz,
            sub_field=f.sub_field("E0201"),
            status=S.OPERATING,
        ),
        "wuxi": f.CenterFactory(
            code="TIC-A-06",
            name="氢能中心",
            city=wx,
            sub_field=f.sub_field("F0201"),
            status=S.RECTIFYING,
            host_unit=f.OrganisationFactory(name="无锡氢能研究院", city=wx),
        ),
    }
    return rows


def export_rows(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = list(sheet.iter_rows(values_only=True))
    data = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        data.append(row)
    # Where the file came from, on its own sheet: time, who, which filters, how many rows.
    about = dict(workbook["导出说明"].iter_rows(values_only=True))
    assert about["导出时间"] and about["导出人"] and about["记录数"] == len(data)
    return data


FILTERS = [
    ({}, {"base", "robot", "textile", "cultivating", "suzhou", "wuxi"}),
    ({"city": SUZHOU}, {"suzhou"}),
    ({"category": "traditional"}, {"textile"}),
    ({"category": "future"}, {"wuxi"}),
    ({"sub_field": "E0201"}, {"base", "cultivating", "suzhou"}),
    ({"status": "cultivating"}, {"cultivating"}),
    ({"status": "rectifying"}, {"wuxi"}),
    ({"q": "母机"}, {"base", "suzhou"}),
    ({"q": "TIC-A-03"}, {"textile"}),
    ({"q": "无锡氢能"}, {"wuxi"}),  # the host unit's name
    ({"city": NANJING, "sub_field": "E0201", "status": "operating"}, {"base"}),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_apply_to_the_list_the_export_and_the_api(client, catalogue, query, expected):
    codes = {catalogue[k].code for k in expected}
    login(client, f.province_user())
    page = client.get("/centers/", query)
    assert page.status_code == 200
    assert {c.code for c in page.context["page_obj"].object_list} == codes
    export = client.get("/centers/export.xlsx", query)
    assert {row[0] for row in export_rows(export)} == codes
    api = client.get("/api/v1/centers", query)
    assert {item["code"] for item in api.json()["items"]} == codes


def test_export_link_carries_the_filters(client, catalogue):
    login(client, f.province_user())
    html = client.get("/centers/", {"city": SUZHOU, "q": "母机"}).content.decode()
    assert 'href="/centers/export.xlsx?city=320500&amp;q=%E6%AF%8D%E6%9C%BA"' in html


def test_export_row_content(client, catalogue):
    hq = catalogue["base"]
    hq.rd_site_area_m2 = Decimal("5000.50")
    hq.approval_doc_no = "苏科技〔2024〕3号"
    hq.save()
    branch = f.CenterFactory(
        code="TIC-A-07", name="母机分中心", headquarters=hq, sub_field=f.sub_field("E0201")
    )
    f.TeamMemberFactory.create_batch(3, center=hq)
    login(client, f.province_user())
    rows = {r[0]: r for r in export_rows(client.get("/centers/export.xlsx"))}
    row = rows[hq.code]
    assert row[1:10] == (
        "工业母机中心",
        "南京市",
        "新兴产业",
        "高端装备",
        "工业母机",
        hq.host_unit.name,
        hq.host_unit.uscc,
        "运行中",
        None,
    )
    assert row[10] == 3  # team size
    assert Decimal(str(row[11])) == Decimal("5000.5")
    assert row[13] == "苏科技〔2024〕3号"
    assert rows[branch.code][9] == "工业母机中心"


@pytest.mark.parametrize(
    "query",
    [
        {"city": "999999"},
        {"city": "南京"},
        {"category": "bogus"},
        {"sub_field": "NOPE"},
        {"status": "flying"},
        {"q": "x" * 500},
        {"page": "abc"},
        {"page": "9999"},
        {"page": "-1"},
        {"page": "0"},
        {"status": ["operating", "bogus"]},
    ],
)
def test_invalid_filter_values_are_ignored_not_a_500(client, catalogue, query):
    login(client, f.province_user())
    page = client.get("/centers/", query)
    assert page.status_code == 200
    shown = {c.code for c in page.context["page_obj"].object_list}
    if set(query) == {"page"} or "status" in query and isinstance(query["status"], list):
        assert shown  # a valid page is shown instead
    else:
        assert shown == {c.code for c in catalogue.values()}
    assert client.get("/centers/export.xlsx", query).status_code == 200
    assert client.get("/api/v1/centers", query).status_code in (200, 422)


def test_pagination_beyond_the_last_page_shows_the_last_page(client, settings):
    settings.TICMS = {**settings.TICMS, "PAGE_SIZE": 2}
    for n in range(5):
        f.CenterFactory(code=f"TIC-P-{n}")
    login(client, f.province_user())
    last = client.get("/centers/", {"page": "9999"})
    assert last.context["page_obj"].number == 3
    assert [c.code for c in last.context["page_obj"].object_list] == ["TIC-P-4"]
    first = client.get("/centers/", {"page": "abc"})
    assert first.context["page_obj"].number == 1


def test_api_rejects_out_of_range_paging_with_422(client):
    login(client, f.province_user())
    for query in (
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"limit": "many"},
        {"city": "3201001"},
    ):
        response = client.get("/api/v1/centers", query)
        assert response.status_code == 422, query
        assert response.json()["detail"]


def test_api_pages_with_limit_and_offset(client):
    for n in range(5):
        f.CenterFactory(code=f"TIC-P-{n}")
    login(client, f.province_user())
    body = client.get("/api/v1/centers", {"limit": 2, "offset": 2}).json()
    assert body["count"] == 5
    assert [i["code"] for i in body["items"]] == ["TIC-P-2", "TIC-P-3"]


def test_team_page_filters_and_survives_bad_input(client):
    center = f.CenterFactory()
    f.TeamMemberFactory(center=center, team="core_rd", person=f.PersonFactory(name="研发甲"))
    f.TeamMemberFactory(center=center, team="transfer", person=f.PersonFactory(name="转化乙"))
    login(client, f.province_user())
    html = client.get(f"/centers/{center.pk}/team/", {"team": "transfer"}).content.decode()
    assert "转化乙" in html and "研发甲" not in html
    for query in ({"team": "bogus"}, {"page": "abc"}, {"page": "9999"}):
        response = client.get(f"/centers/{center.pk}/team/", query)
        assert response.status_code == 200
        assert "研发甲" in response.content.decode()


def test_team_page_shows_masked_id_numbers_only(client):
    center = f.CenterFactory()
    member = f.TeamMemberFactory(
        center=center, person=f.PersonFactory(id_number="32010219800101001X")
    )
    login(client, f.province_user())
    html = client.get(f"/centers/{center.pk}/team/").content.decode()
    assert member.person.id_masked in html
    assert "32010219800101001X" not in html


# --- edit page ----------------------------------------------------------------------------------


def test_edit_page_saves_and_audits(client):
    center = f.CenterFactory(research_directions="旧", status="cultivating")
    staff = f.center_user(center.host_unit)
    login(client, staff)
    form = client.get(f"/centers/{center.pk}/edit/")
    assert form.status_code == 200
    assert "旧" in form.content.decode()
    response = client.post(
        f"/centers/{center.pk}/edit/",
        {
            "research_directions": "新的研发方向",
            "rd_site_area_m2": "5200",
            "instrument_value_wan_yuan": "",
            "established_on": "2023-01-01",
        },
    )
    assert response.status_code == 302
    center.refresh_from_db()
    assert center.research_directions == "新的研发方向"
    assert center.rd_site_area_m2 == Decimal("5200")
    assert AuditEvent.objects.get(action="center.update").actor == staff


def test_after_approval_the_center_edits_nothing_directly(client):
    center = f.CenterFactory(
        research_directions="旧", status="operating", rd_site_area_m2=Decimal("12600")
    )
    login(client, f.center_user(center.host_unit))
    assert "修改基本信息" not in client.get(f"/centers/{center.pk}/").content.decode()
    page = client.get(f"/centers/{center.pk}/edit/")
    assert page.status_code == 403
    assert "重大事项变更申请" in page.content.decode()
    response = client.post(
        f"/centers/{center.pk}/edit/",
        {"research_directions": "新", "rd_site_area_m2": "3000"},
    )
    assert response.status_code == 403
    center.refresh_from_db()
    assert center.research_directions == "旧" and center.rd_site_area_m2 == Decimal("12600")


def test_edit_page_shows_errors_and_saves_nothing(client):
    center = f.CenterFactory(research_directions="旧")
    login(client, f.province_user())
    response = client.post(
        f"/centers/{center.pk}/edit/",
        {
            "research_directions": "新",
            "rd_site_area_m2": "-5",
            "established_on": "2023-02-30",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "#id_rd_site_area_m2" in html and "#id_established_on" in html
    center.refresh_from_db()
    assert center.research_directions == "旧"
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("status", [S.REMOVED, S.REVOKED])
def test_edit_page_of_a_closed_center_is_refused(client, status):
    center = f.CenterFactory(status=status, research_directions="旧")
    login(client, f.province_user())
    assert client.get(f"/centers/{center.pk}/edit/").status_code == 403
    assert (
        client.post(f"/centers/{center.pk}/edit/", {"research_directions": "新"}).status_code == 403
    )
    center.refresh_from_db()
    assert center.research_directions == "旧"


# --- register page ------------------------------------------------------------------------------


def test_city_officer_registers_through_the_page(client):
    host = f.OrganisationFactory(kind="enterprise", city=f.city(NANJING), name="南京某公司")
    suzhou = f.OrganisationFactory(kind="enterprise", city=f.city(SUZHOU), name="苏州某公司")
    officer = f.city_user(NANJING)
    login(client, officer)
    form = client.get("/centers/new/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "苏州市" not in html.split('name="city"')[1].split("</select>")[0]
    # Host units of their city only: another city's unit is refused by its code.
    refused = client.post(
        "/centers/new/",
        {"name": "越界依托", "host_unit": suzhou.uscc, "city": f.city(NANJING).pk},
    ).content.decode()
    assert f"统一社会信用代码为 {suzhou.uscc} 的单位不在可选范围内" in refused
    assert not Center.objects.filter(name="越界依托").exists()

    sub = f.sub_field("E0202")
    response = client.post(
        "/centers/new/",
        {
            "name": "南京机器人创新中心",
            "host_unit": host.uscc,
            "city": f.city(NANJING).pk,
            "sub_field": sub.pk,
            "rd_site_area_m2": "100",
        },
    )
    assert response.status_code == 302
    center = Center.objects.get(name="南京机器人创新中心")
    assert response["Location"] == f"/centers/{center.pk}/"
    assert center.status == S.CULTIVATING

    other_city = client.post(
        "/centers/new/",
        {
            "name": "越权中心",
            "host_unit": host.uscc,
            "city": f.city(SUZHOU).pk,
            "sub_field": sub.pk,
        },
    )
    assert other_city.status_code == 200  # not a valid choice for them
    assert "error-summary" in other_city.content.decode()
    assert not Center.objects.filter(name="越权中心").exists()


def test_register_page_shows_the_service_errors(client):
    existing = f.CenterFactory(name="已有中心")
    login(client, f.province_user())
    data = {"name": "已有中心", "city": existing.city.pk, "sub_field": f.sub_field("E0201").pk}
    host = f.OrganisationFactory(kind="new_rd_institution")
    response = client.post("/centers/new/", {**data, "host_unit": host.uscc})
    assert response.status_code == 200
    assert "已有名为「已有中心」的技术创新中心" in response.content.decode()
    # A bureau is not even offered as a host unit (第五条).
    bureau = f.OrganisationFactory(kind="city_bureau")
    response = client.post("/centers/new/", {**data, "name": "新中心", "host_unit": bureau.uscc})
    assert f"统一社会信用代码为 {bureau.uscc} 的单位不在可选范围内" in response.content.decode()
    empty = client.post("/centers/new/", {})
    assert "error-summary" in empty.content.decode()
    assert Center.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.CENTER, Role.CO_BUILDER, Role.EXPERT, Role.EVALUATOR, Role.SYSADMIN]
)
def test_register_page_is_for_province_and_city_only(client, role):
    login(client, f.role_user(role))
    assert client.get("/centers/new/").status_code == 403
    assert client.post("/centers/new/", {"name": "x"}).status_code == 403
    assert "登记中心" not in client.get("/centers/").content.decode()


def test_register_page_requires_login(client):
    response = client.get("/centers/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_api_documents_every_status_it_answers(client):
    """The OpenAPI document lists the 422 of a bad query/path and the 400 of a non-JSON body."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"200", "401", "422"} <= set(paths["/api/v1/centers"]["get"]["responses"])
    assert {"200", "401", "404", "422"} <= set(
        paths["/api/v1/centers/{center_id}"]["get"]["responses"]
    )
    post = paths["/api/v1/centers/{center_id}/transitions/{action}"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(post)


def test_api_answers_bad_requests_without_a_500(client):
    center = f.CenterFactory()
    login(client, f.province_user())
    assert client.get("/api/v1/centers/abc").status_code in (404, 422)
    garbage = client.post(
        f"/api/v1/centers/{center.pk}/transitions/revoke",
        b"{not json",
        content_type="application/json",
    )
    assert garbage.status_code == 400
    nul = client.post(
        f"/api/v1/centers/{center.pk}/transitions/revoke",
        b"\x00not json",
        content_type="application/json",
    )
    assert nul.status_code == 422
    wrong_type = client.post(
        f"/api/v1/centers/{center.pk}/transitions/remove",
        {"params": {"reason": 1}, "comment": "x"},
        content_type="application/json",
    )
    assert wrong_type.status_code == 422
    assert Center.objects.get(pk=center.pk).status == S.OPERATING


def test_api_offset_beyond_64_bits_is_refused_not_a_500(client, db):
    from ticms.testing import factories as fac

    client.force_login(fac.province_user())
    response = client.get("/api/v1/centers", {"offset": 467254828406677804626739200})
    assert response.status_code == 422
    assert client.get("/api/v1/centers", {"offset": 10**9}).status_code == 200


def test_export_never_turns_user_text_into_a_formula(client, db):
    import io

    from openpyxl import load_workbook

    from ticms.testing import factories as fac

    fac.CenterFactory(name='=HYPERLINK("http://evil.example/","打开")')
    client.force_login(fac.province_user())
    content = client.get("/centers/export.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet["B2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_timeline_shows_what_an_edit_changed(client):
    center = f.CenterFactory(status="cultivating", rd_site_area_m2=Decimal("12600"))
    login(client, f.province_user())
    client.post(f"/centers/{center.pk}/edit/", {"rd_site_area_m2": "3000"})
    html = client.get(f"/centers/{center.pk}/").content.decode()
    assert "独立研发场地面积（m²）：12600.00 → 3000" in html


def test_export_states_its_filters_and_the_list_says_what_it_ignored(client):
    login(client, f.city_user("320100"))
    response = client.get("/centers/export.xlsx", {"status": "operating", "city": "320500"})
    workbook = load_workbook(io.BytesIO(response.content))
    about = dict(workbook["导出说明"].iter_rows(values_only=True))
    assert "状态：运行中" in about["筛选条件"] and "苏州" not in about["筛选条件"]
    page = client.get("/centers/", {"city": "320500"}).content.decode()
    assert "已忽略" in page and "设区市" in page

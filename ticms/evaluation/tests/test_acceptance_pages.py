"""The acceptance pages and API: the list scoped per role (the province all, a city its own
centers, a center its own), anything else 404 like a missing record; the same answers from the
API; and a query count that does not grow with the rows (DESIGN §5)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.accounts.models import Role
from ticms.establishment.models import ContractTarget
from ticms.evaluation.models import Acceptance
from ticms.testing import factories as f

from .acceptance_world import income, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Two centers in two cities, each with an acceptance submitted."""
    nj, sz = world(), world(city_code="320500")
    for w in (nj, sz):
        w.submit(w.apply())
    return nj, sz


def visible(client, user):
    client.force_login(user)
    page = client.get("/evaluation/acceptances/")
    assert page.status_code == 200
    api = client.get("/api/v1/acceptances").json()
    return page.content.decode(), {item["id"] for item in api["items"]}


def test_the_list_is_scoped_per_role(client, two):
    nj, sz = two
    a_nj, a_sz = (Acceptance.objects.get(center=w.center).pk for w in two)
    html, ids = visible(client, nj.province)
    assert ids == {a_nj, a_sz} and nj.center.name in html and sz.center.name in html
    html, ids = visible(client, nj.city)
    assert ids == {a_nj} and sz.center.name not in html
    html, ids = visible(client, sz.staff)
    assert ids == {a_sz} and nj.center.name not in html


@pytest.mark.parametrize("who", ["other_city", "other_center", "expert", "evaluator", "co_builder"])
def test_an_acceptance_out_of_scope_is_not_found(client, two, who):
    nj, sz = two
    acceptance = Acceptance.objects.get(center=nj.center)
    user = {
        "other_city": sz.city,
        "other_center": sz.staff,
        "expert": f.UserFactory(role=Role.EXPERT),
        "evaluator": f.role_user(Role.EVALUATOR),
        "co_builder": f.co_builder_user(f.CoBuilderFactory(center=nj.center).organisation),
    }[who]
    client.force_login(user)
    assert client.get(f"/evaluation/acceptances/{acceptance.pk}/").status_code == 404
    assert client.get(f"/api/v1/acceptances/{acceptance.pk}").status_code == 404
    action = f"/evaluation/acceptances/{acceptance.pk}/actions/city_opinion/"
    assert client.post(action, {"opinion": "同意"}).status_code == 404
    api = f"/api/v1/acceptances/{acceptance.pk}/transitions/city_opinion"
    body = json.dumps({"params": {"opinion": "同意"}})
    assert client.post(api, body, content_type="application/json").status_code == 404
    acceptance.refresh_from_db()
    assert acceptance.status == "city_review"


def test_the_detail_page_shows_targets_with_their_reports_and_the_exact_verdict(client):
    w = world()
    year = w.center.construction_ends_on.year
    report = w.report(year - 1, figures=income("900.01", ["300"]), achieved=["60", "3000"])
    acceptance = w.apply()
    client.force_login(w.staff)
    html = client.get(f"/evaluation/acceptances/{acceptance.pk}/").content.decode()
    assert f"{year - 1}年度报告" in html and report.get_absolute_url() in html
    assert "不符合：市场化收入低于总收入的1/3" in html
    body = client.get(f"/api/v1/acceptances/{acceptance.pk}").json()
    assert (
        body["market"]
        == {
            "source": {"report_id": report.pk, "year": year - 1},
            "market": "300",
            "total": "900.01",
            "passed": False,
        }
        or body["market"]["passed"] is False
    )
    assert [t["met"] for t in body["targets"]] == [True, True]
    assert body["targets"][0]["source"]["report_id"] == report.pk
    assert [a["action"] for a in body["actions"]] == ["submit"]


def test_the_whole_road_through_the_pages(client):
    w = world()
    client.force_login(w.staff)
    listing = client.get("/evaluation/acceptances/").content.decode()
    assert "申请验收" in listing
    response = client.post("/evaluation/acceptances/new/", {"center": w.center.pk})
    acceptance = Acceptance.objects.get(center=w.center)
    assert response.status_code == 302 and response.url == acceptance.get_absolute_url()
    client.post(acceptance.get_absolute_url(), {"self_assessment": "全部完成。"})
    acceptance.refresh_from_db()
    assert acceptance.self_assessment == "全部完成。"
    url = f"/evaluation/acceptances/{acceptance.pk}/actions/submit/"
    assert client.post(url, {}).status_code == 302
    client.force_login(w.city)
    url = f"/evaluation/acceptances/{acceptance.pk}/actions/city_opinion/"
    assert client.post(url, {"opinion": ""}).status_code == 200  # asked again, nothing saved
    assert client.post(url, {"opinion": "同意报省。"}).status_code == 302
    acceptance.refresh_from_db()
    assert acceptance.status == "province_review"
    client.force_login(w.province)
    html = client.get("/reviews/").content.decode()
    assert "待组建专家组的验收" in html
    panel_page = f"/reviews/acceptance/{acceptance.pk}/panel/"
    response = client.post(panel_page, {"mode": "online", "due_on": "2999-01-01"})
    assert response.status_code == 302
    acceptance.refresh_from_db()
    assert acceptance.status == "expert_review"
    # The conclusion waits for the panel: shown disabled with the reason, refused if forced.
    html = client.get(acceptance.get_absolute_url()).content.decode()
    assert "验收专家组尚未出具专家组意见" in html
    url = f"/evaluation/acceptances/{acceptance.pk}/actions/pass/"
    assert client.post(url, {"conclusion": "通过"}).status_code == 200
    acceptance.refresh_from_db()
    assert acceptance.status == "expert_review"


def test_the_center_cannot_conclude_its_own_acceptance_through_the_api(client):
    w = world()
    acceptance = w.apply()
    client.force_login(w.staff)
    api = f"/api/v1/acceptances/{acceptance.pk}/transitions/pass"
    body = json.dumps({"params": {"conclusion": "通过"}})
    assert client.post(api, body, content_type="application/json").status_code == 403
    api = "/api/v1/acceptances"
    body = json.dumps({"center_id": w.center.pk})
    assert client.post(api, body, content_type="application/json").status_code == 409


def test_the_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/acceptances",
        "/api/v1/acceptances/{acceptance_id}",
        "/api/v1/acceptances/{acceptance_id}/transitions/{action}",
        "/api/v1/acceptances/{acceptance_id}/panel",
        "/api/v1/reviews/subjects/{kind}/{subject_id}/panel",
    ):
        assert path in paths


# --- query counts ---------------------------------------------------------------------------


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_page_costs_the_same_with_more_rows(client):
    province = f.province_user()
    client.force_login(province)
    for _ in range(2):
        w = world()
        w.submit(w.apply())
    client.get("/evaluation/acceptances/")
    small = count(client, "/evaluation/acceptances/")
    for _ in range(8):
        w = world(city_code="320500")
        w.submit(w.apply())
    assert count(client, "/evaluation/acceptances/") == small


def test_the_detail_page_costs_the_same_with_more_targets_and_reports(client):
    w = world()
    acceptance = w.apply()
    year = w.center.construction_ends_on.year
    w.report(year - 1, figures=income(900, ["300"]), achieved=["10", "10"])
    client.force_login(w.province)
    url = acceptance.get_absolute_url()
    client.get(url)
    small = count(client, url)
    for n in range(10):
        w.targets.append(
            ContractTarget.objects.create(
                contract=w.contract,
                center=w.center,
                name=f"指标{n}",
                unit="项",
                target_value=Decimal(5),
                target_year=year,
                order=10 + n,
            )
        )
    for back in range(2, 5):
        w.report(year - back, figures=income(900, ["300"]), achieved=["1"] * len(w.targets))
    assert count(client, url) == small


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.CITY, Role.CENTER])
def test_the_menu_leads_to_the_acceptances(client, role):
    client.force_login(f.role_user(role))
    html = client.get("/evaluation/acceptances/").content.decode()
    assert (
        '<a class="nav-link active" href="/evaluation/acceptances/" aria-current="page">验收'
        in html
    )

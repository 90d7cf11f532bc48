"""The integrity pages and API (the province's alone), and the credit-check panel on the formal
review and change-request pages."""

import json

import pytest

from ticms.establishment import services as establishment
from ticms.evaluation.models import IntegrityFinding
from ticms.matters.tests.matters_helpers import change, to_province
from ticms.reporting.tests.conftest import World, reports_since_2000, world  # noqa: F401, F811
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .integrity_helpers import make_expert, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return f.province_user()


def api(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )


def test_the_list_page_and_detail(client, province):
    finding = record(province, "center", f.CenterFactory(name="甲中心"))
    client.force_login(province)
    page = client.get("/evaluation/integrity/")
    assert page.status_code == 200 and "甲中心" in page.content.decode()
    detail = client.get(finding.get_absolute_url())
    assert detail.status_code == 200 and finding.facts in detail.content.decode()


@pytest.mark.parametrize("role", ["city", "center", "expert", "evaluator"])
def test_others_get_403_on_the_list_and_404_on_a_finding(client, province, role):
    finding = record(province, "center", f.CenterFactory())
    client.force_login(f.role_user(role))
    assert client.get("/evaluation/integrity/").status_code == 403
    assert client.get("/evaluation/integrity/new/").status_code == 403
    assert client.get(finding.get_absolute_url()).status_code == 404
    assert api(client, "get", "/integrity/findings").status_code == 403
    assert api(client, "get", f"/integrity/findings/{finding.pk}").status_code == 404


def test_recording_through_the_page(client, province):
    center = f.CenterFactory()
    client.force_login(province)
    assert client.get("/evaluation/integrity/new/").status_code == 200
    data = {
        "subject": "center",
        "center_id": center.pk,
        "kind": "misconduct",
        "facts": "抄袭他人成果。",
        "source": "举报",
        "decision": "通报批评。",
        "decided_on": "2026-01-05",
    }
    response = client.post("/evaluation/integrity/new/", data)
    finding = IntegrityFinding.objects.get()
    assert response.status_code == 302 and response.url == finding.get_absolute_url()


def test_bad_input_on_the_page_is_shown_not_saved(client, province):
    client.force_login(province)
    response = client.post(
        "/evaluation/integrity/new/",
        {
            "subject": "expert",
            "kind": "misconduct",
            "facts": "x",
            "source": "y",
            "decision": "z",
            "decided_on": "2026-01-05",
        },
    )
    assert response.status_code == 200
    assert "请从专家库中选择专家" in response.content.decode()
    assert not IntegrityFinding.objects.exists()


def test_the_api_records_and_lists(client, province):
    expert = make_expert(province)
    client.force_login(province)
    body = {
        "subject": "expert",
        "expert_id": expert.pk,
        "kind": "falsification",
        "facts": "伪造评审意见。",
        "source": "专家组组长报告",
        "decision": "取消评审专家资格两年。",
        "decided_on": "2026-01-05",
        "exclusion_months": 24,
    }
    created = api(client, "post", "/integrity/findings", body)
    assert created.status_code == 201, created.content
    assert created.json()["excluded_until"] == "2028-01-05"
    listed = api(client, "get", "/integrity/findings?subject=expert")
    assert listed.json()["count"] == 1
    bad = api(client, "post", "/integrity/findings", {**body, "exclusion_months": 0})
    assert bad.status_code == 422 and "exclusion_months" in bad.content.decode()


def test_the_api_refuses_others(client, province):
    client.force_login(f.city_user())
    body = {
        "subject": "center",
        "center_id": f.CenterFactory().pk,
        "kind": "falsification",
        "facts": "x",
        "source": "y",
        "decision": "z",
        "decided_on": "2026-01-05",
    }
    assert api(client, "post", "/integrity/findings", body).status_code == 403
    assert not IntegrityFinding.objects.exists()


def test_the_list_page_query_count_does_not_grow(client, province, django_assert_max_num_queries):
    client.force_login(province)
    record(province, "center", f.CenterFactory())
    with django_assert_max_num_queries(12) as few:
        client.get("/evaluation/integrity/")
    for _ in range(10):
        record(province, "center", f.CenterFactory())
        record(province, "expert", make_expert(province))
        record(province, "person", f.PersonFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/evaluation/integrity/").status_code == 200


# --- credit check -------------------------------------------------------------------------------


@pytest.fixture
def recommended(province):
    application = eligible_application(published_guide(province=province), team_size=100)
    establishment.application_transition(
        actor=application.created_by, application_id=application.pk, action="submit"
    )
    establishment.application_transition(
        actor=f.city_user(application.city.code), application_id=application.pk, action="recommend"
    )
    return application


def test_formal_review_shows_findings_against_the_leaders(client, province, recommended):
    url = f"/establishment/applications/{recommended.pk}/formal-review/"
    client.force_login(province)
    page = client.get(url).content.decode()
    assert "信用核查" in page and "未发现" in page
    record(province, "person", recommended.director, kind="misconduct")
    page = client.get(url).content.decode()
    assert "科研不端行为" in page and recommended.director.name in page


def test_formal_review_shows_a_team_member_found_at_fault_as_an_expert(
    client, province, recommended
):
    member = recommended.team_members.select_related("person").first().person
    expert = make_expert(province)
    expert.person = member
    expert.save()
    record(province, "expert", expert)
    client.force_login(province)
    page = client.get(f"/establishment/applications/{recommended.pk}/formal-review/")
    assert "取消评审资格至" in page.content.decode()


def test_change_request_page_shows_the_centers_findings_to_the_province_only(
    client,
    world,  # noqa: F811
):
    province = world.users["province"]
    request = to_province(world, change(world))
    record(province, "center", world.nj, source="审计发现")
    client.force_login(province)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "信用核查" in page and "弄虚作假" in page
    for user in ("city_nj", "staff_nj"):
        client.force_login(world.users[user])
        page = client.get(request.get_absolute_url())
        assert page.status_code == 200 and "信用核查" not in page.content.decode()

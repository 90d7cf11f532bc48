"""The province's dynamic-management pages and API: lists, a decision, a center's history;
others get 403 on lists and 404 on records; query counts do not grow with the rows."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ticms.evaluation.dynamic import services
from ticms.evaluation.dynamic.source import set_evaluation_provider
from ticms.evaluation.models import DynamicDecision
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def ev(campaign, rating):
    return {"campaign": campaign, "participated": True, "valid_reason": None, "rating": rating}


@pytest.fixture
def provider():
    rows: dict[int, list[dict]] = {}
    previous = set_evaluation_provider(lambda center: rows.get(center.pk, []))
    yield rows
    set_evaluation_provider(previous)


@pytest.fixture
def province():
    return f.province_user()


def api(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )


def proposed(provider, province, rating="poor"):
    center = f.CenterFactory(status="operating")
    provider[center.pk] = [ev("2027", "good"), ev("2029", rating)]
    return services.decision_propose(actor=province, center_id=center.pk)


def test_center_page_shows_the_proposal_and_proposes(client, provider, province):
    center = f.CenterFactory(status="operating")
    provider[center.pk] = [ev("2027", "poor"), ev("2029", "poor")]
    client.force_login(province)
    page = client.get(f"/evaluation/dynamic/centers/{center.pk}/").content.decode()
    assert "A25.removal.two_poor" in page and "连续两次较差" in page
    response = client.post(f"/evaluation/dynamic/centers/{center.pk}/propose/")
    decision = DynamicDecision.objects.get()
    assert response.status_code == 302 and response.url == decision.get_absolute_url()
    again = client.post(f"/evaluation/dynamic/centers/{center.pk}/propose/")
    assert again.status_code == 409


def test_center_page_reports_a_malformed_provider(client, provider, province):
    center = f.CenterFactory()
    provider[center.pk] = [{"campaign": "2029", "participated": True, "rating": "fine"}]
    client.force_login(province)
    page = client.get(f"/evaluation/dynamic/centers/{center.pk}/")
    assert page.status_code == 200 and "evaluations[0].rating" in page.content.decode()


def test_decision_page_and_action_page(client, provider, province):
    decision = proposed(provider, province)
    client.force_login(province)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "确认限期整改" in page and "评为较差" in page
    url = f"/evaluation/dynamic/{decision.pk}/order_rectification/"
    assert client.get(url).status_code == 200
    deadline = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    bad = client.post(url, {"rectification_deadline": deadline, "comment": ""})
    assert bad.status_code == 200 and "请填写" in bad.content.decode()
    done = client.post(url, {"rectification_deadline": deadline, "comment": "限期整改。"})
    assert done.status_code == 302
    decision.refresh_from_db()
    decision.center.refresh_from_db()
    assert decision.status == "rectifying" and decision.center.status == "rectifying"


@pytest.mark.parametrize("role", ["city", "center", "expert", "evaluator"])
def test_others_are_refused(client, provider, province, role):
    decision = proposed(provider, province)
    client.force_login(f.role_user(role))
    assert client.get("/evaluation/dynamic/").status_code == 403
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert client.get(f"/evaluation/dynamic/centers/{decision.center_id}/").status_code == 404
    assert client.post(
        f"/evaluation/dynamic/centers/{decision.center_id}/propose/"
    ).status_code in (403, 404)
    assert api(client, "get", "/dynamic/decisions").status_code == 403
    assert api(client, "get", f"/dynamic/decisions/{decision.pk}").status_code == 404
    assert api(client, "get", f"/dynamic/centers/{decision.center_id}").status_code == 404


def test_the_api(client, provider, province):
    center = f.CenterFactory(status="operating")
    provider[center.pk] = [ev("2029", "excellent")]
    client.force_login(province)
    history = api(client, "get", f"/dynamic/centers/{center.pk}").json()
    assert history["proposal"]["proposal"] == "subsidy"
    created = api(client, "post", f"/dynamic/centers/{center.pk}/proposals")
    assert created.status_code == 201, created.content
    data = created.json()
    assert {a["action"] for a in data["actions"]} == {"grant_subsidy", "dismiss"}
    bad = api(
        client,
        "post",
        f"/dynamic/decisions/{data['id']}/transitions/grant_subsidy",
        {"params": {"subsidy_wan_yuan": "-5"}},
    )
    assert bad.status_code == 422 and "subsidy_wan_yuan" in bad.content.decode()
    done = api(
        client,
        "post",
        f"/dynamic/decisions/{data['id']}/transitions/grant_subsidy",
        {"params": {"subsidy_wan_yuan": "300", "science_projects": True}},
    )
    assert done.status_code == 200
    assert done.json()["subsidy_wan_yuan"] in ("300.00", 300, "300")
    assert done.json()["science_projects"] is True
    listed = api(client, "get", "/dynamic/decisions?status=subsidy_granted").json()
    assert listed["count"] == 1


def _grow(provider, province, n):
    for i in range(n):
        proposed(provider, province, rating=("poor", "good")[i % 2])


def test_list_page_queries_do_not_grow(client, provider, province, django_assert_max_num_queries):
    _grow(provider, province, 1)
    client.force_login(province)
    with django_assert_max_num_queries(15) as few:
        client.get("/evaluation/dynamic/")
    _grow(provider, province, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/evaluation/dynamic/").status_code == 200


def test_center_page_queries_do_not_grow(client, provider, province, django_assert_max_num_queries):
    center = f.CenterFactory(status="operating")
    provider[center.pk] = [ev("2029", "good")]
    client.force_login(province)
    url = f"/evaluation/dynamic/centers/{center.pk}/"
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for i in range(8):
        decision = services.decision_propose(actor=province, center_id=center.pk)
        services.decision_transition(
            actor=province, decision_id=decision.pk, action="dismiss", comment=f"第{i}次"
        )
    provider[center.pk] = [ev(str(2000 + i), "good") for i in range(20)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200

"""Pages of guides, the application list and detail, the action page and the formal review:
scoping (another city's record is a 404), refusals, and query counts that do not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ticms.establishment import services
from ticms.establishment.models import ApplicationStatus, FormalReview, Guide
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

pytestmark = pytest.mark.django_db

CHECKS = {k: "on" for k in ("check_sections", "check_materials", "check_units", "check_commitment")}


def login(client, user):
    client.force_login(user)
    return client


def submitted(guide, **kw):
    application = eligible_application(guide, **kw)
    services.application_transition(
        actor=application.created_by, application_id=application.pk, action="submit"
    )
    return application


@pytest.fixture
def guide():
    return published_guide()


def test_guide_pages_for_each_role(client, guide):
    for user in (f.province_user(), f.city_user(), f.center_user(f.OrganisationFactory())):
        login(client, user)
        assert client.get(reverse("establishment:guide_list")).status_code == 200
        page = client.get(guide.get_absolute_url())
        assert page.status_code == 200
        assert guide.title in page.content.decode()


def test_a_draft_guide_is_404_to_all_but_the_province(client):
    province = f.province_user()
    today = timezone.localdate()
    draft = services.guide_create(
        actor=province, year=today.year, title="草稿指南", opens_on=today, closes_on=today
    )
    login(client, f.city_user())
    assert client.get(draft.get_absolute_url()).status_code == 404
    login(client, province)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_province_drafts_a_guide_through_the_form(client):
    login(client, f.province_user())
    today = timezone.localdate()
    parent = f.sub_field("F0104").parent
    data = {
        "year": today.year,
        "title": "2027年度指南",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=20)).isoformat(),
        "priority_fields": [parent.pk],
        "required_materials": ["co_building_agreement"],
        "notice_workdays": 5,
        "criterion_0_name": "基础",
        "criterion_0_weight": "55",
        "criterion_1_name": "方案",
        "criterion_1_weight": "45",
        "quota_320100": "2",
    }
    response = client.post(reverse("establishment:guide_create"), data)
    assert response.status_code == 302
    guide = Guide.objects.get(title="2027年度指南")
    assert guide.criteria.count() == 2 and guide.quotas.get().quota == 2
    # A weight without a name is refused on the form and nothing is saved.
    bad = {**data, "title": "坏的", "criterion_2_weight": "10"}
    response = client.post(reverse("establishment:guide_create"), bad)
    assert response.status_code == 200
    assert "请填写该权重对应的指标名称" in response.content.decode()
    assert not Guide.objects.filter(title="坏的").exists()


def test_other_roles_cannot_draft_guides(client):
    login(client, f.city_user())
    assert client.get(reverse("establishment:guide_create")).status_code == 403


def test_application_detail_scoping(client, guide):
    application = submitted(guide)
    url = application.get_absolute_url()
    allowed = (application.created_by, f.city_user("320100"), f.province_user())
    for user in allowed:
        login(client, user)
        assert client.get(url).status_code == 200, user.role
    denied = (
        f.city_user("320500"),
        f.center_user(f.OrganisationFactory()),
        f.co_builder_user(f.OrganisationFactory()),
        f.role_user("expert"),
        f.role_user("evaluator"),
    )
    for user in denied:
        login(client, user)
        assert client.get(url).status_code == 404, user.role
        assert (
            client.get(reverse("api:application_detail", args=[application.pk])).status_code == 404
        )


def test_a_co_builder_reads_the_application_it_is_named_in(client, guide):
    application = submitted(guide)
    row = application.co_builders.first()
    organisation = f.OrganisationFactory(uscc=row.uscc)
    login(client, f.co_builder_user(organisation))
    assert client.get(application.get_absolute_url()).status_code == 200


def test_the_city_recommends_through_the_action_page(client, guide):
    application = submitted(guide)
    login(client, f.city_user("320100"))
    url = reverse("establishment:application_action", args=[application.pk, "recommend"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"comment": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FORMAL_REVIEW


def test_the_action_page_refuses_wrong_role_and_state(client, guide):
    application = submitted(guide)
    login(client, application.created_by)
    url = reverse("establishment:application_action", args=[application.pk, "recommend"])
    assert client.get(url).status_code == 403
    login(client, f.city_user("320100"))
    bad_state = reverse("establishment:application_action", args=[application.pk, "approve"])
    assert client.get(bad_state).status_code in (403, 409)
    unknown = reverse("establishment:application_action", args=[application.pk, "nope"])
    assert client.get(unknown).status_code == 404


def test_the_return_page_keeps_the_form_when_reasons_are_missing(client, guide):
    application = submitted(guide)
    login(client, f.city_user("320100"))
    url = reverse("establishment:application_action", args=[application.pk, "return_to_applicant"])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "请填写办理意见" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW


def test_formal_review_page_passes_with_checks(client, guide):
    application = submitted(guide)
    services.application_transition(
        actor=f.city_user("320100"), application_id=application.pk, action="recommend"
    )
    login(client, f.province_user())
    url = reverse("establishment:formal_review", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "独立研发场地面积 5,000 m² ≥ 5,000 m²" in body and "查重" in body
    # Without the checklist: refused on the page, nothing recorded.
    response = client.post(url, {"decision": "pass"})
    assert response.status_code == 200 and not FormalReview.objects.exists()
    response = client.post(url, {**CHECKS, "decision": "pass"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ARGUMENTATION


def test_formal_review_page_fail_needs_reasons(client, guide):
    application = submitted(guide)
    services.application_transition(
        actor=f.city_user("320100"), application_id=application.pk, action="recommend"
    )
    login(client, f.province_user())
    url = reverse("establishment:formal_review", args=[application.pk])
    assert client.post(url, {"decision": "fail"}).status_code == 200
    assert client.post(url, {"decision": "fail", "comment": "材料不实"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_formal_review_page_is_for_the_province_only(client, guide):
    application = submitted(guide)
    services.application_transition(
        actor=f.city_user("320100"), application_id=application.pk, action="recommend"
    )
    login(client, f.city_user("320100"))
    assert (
        client.get(reverse("establishment:formal_review", args=[application.pk])).status_code == 403
    )


def test_similar_plans_are_found(guide):
    first = submitted(guide)
    second = eligible_application(guide, sub_field="F0103")
    from ticms.establishment.selectors import similar_plans

    found = similar_plans(second)
    assert found and found[0]["id"] == first.pk and found[0]["score"] == 1.0


# --- Query counts -------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_application_list_queries_do_not_grow(client, guide):
    province = f.province_user()
    login(client, province)
    url = reverse("establishment:application_list")
    submitted(guide)
    client.get(url)
    small = _count(client, url)
    for code in ("F0103", "F0102", "F0101"):
        host = f.OrganisationFactory(kind="new_rd_institution", city=f.city("320500"))
        submitted(guide, host=host, sub_field=code)
    assert _count(client, url) == small


def test_guide_list_queries_do_not_grow(client):
    province = f.province_user()
    published_guide(province=province)
    login(client, province)
    url = reverse("establishment:guide_list")
    client.get(url)
    small = _count(client, url)
    for _ in range(4):
        published_guide(province=province)
    assert _count(client, url) == small


def test_a_refused_repeat_links_back_to_the_record(client, guide):
    application = submitted(guide)
    login(client, f.city_user("320100"))
    url = reverse("establishment:application_action", args=[application.pk, "return_to_applicant"])
    assert client.post(url, {"comment": "请补充"}).status_code == 302
    again = client.post(url, {"comment": "请补充"}, HTTP_REFERER=f"http://testserver{url}")
    assert again.status_code == 409
    assert f'href="http://testserver{application.get_absolute_url()}"' in again.content.decode()


def test_the_return_reason_is_at_the_top_for_the_applicant(client, guide):
    application = submitted(guide)
    services.application_transition(
        actor=f.city_user("320100"),
        application_id=application.pk,
        action="return_to_applicant",
        comment="请补充产业园区的证明材料",
    )
    login(client, application.created_by)
    page = client.get(application.get_absolute_url()).content.decode()
    top = page.index("请补充产业园区的证明材料")
    assert top < page.index("填写申请书")  # above the task list, not only in the timeline

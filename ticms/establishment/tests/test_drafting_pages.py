"""The drafting pages (第十三条第2项): every one renders for the applicant; the create page
starts an application; nobody else reads or writes one (its own city reads it once submitted);
edits are refused after submission; an unknown row or kind is not there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ticms.establishment.models import Application
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

from .drafting_helpers import LONG, NANJING, SUZHOU, html, page_urls, post_urls, submitted, url

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_the_applicant(client, draft, applicant):
    client.force_login(applicant)
    for address in page_urls(draft):
        response = client.get(address)
        assert response.status_code == 200, address
    # The section pages cite their article and link back to the task list.
    page = html(client.get(url("draft_profile", draft, "center")))
    assert "第十二条第1项" in page and draft.get_absolute_url() in page
    # Not revising: the opinion page sends the applicant back to the task list.
    response = client.get(url("draft_responses", draft))
    assert response.status_code == 302


def test_create_page_starts_an_application_and_lands_on_the_task_list(client, guide):
    host = f.OrganisationFactory(kind="new_rd_institution", city=f.city(NANJING))
    user = f.center_user(host)
    client.force_login(user)
    address = reverse("establishment:application_create", args=[guide.pk])
    page = html(client.get(address))
    assert host.name in page and "细分产业领域" in page
    response = client.post(address, {"center_name": "", "sub_field": ""})
    assert response.status_code == 200 and "请填写拟建中心名称" in html(response)
    assert not Application.objects.filter(host_unit=host).exists()
    sub_field = f.sub_field("F0104")
    response = client.post(address, {"center_name": "江苏省新中心", "sub_field": sub_field.pk})
    application = Application.objects.get(host_unit=host)
    assert response.status_code == 302
    assert response["Location"] == f"{application.get_absolute_url()}#tasklist"
    assert application.sub_field == sub_field and application.city.code == NANJING
    # A second visit goes to the application already begun (one per host unit and guide).
    response = client.get(address)
    assert response.status_code == 302 and str(application.pk) in response["Location"]


def test_create_page_refuses_other_roles_and_closed_guides(client, guide):
    client.force_login(f.city_user(NANJING))
    address = reverse("establishment:application_create", args=[guide.pk])
    assert client.get(address).status_code == 403
    closed = published_guide(
        title="已截止的指南",
        opens_on=timezone.localdate() - dt.timedelta(days=40),
        closes_on=timezone.localdate() + dt.timedelta(days=1),
    )
    closed.closes_on = timezone.localdate() - dt.timedelta(days=1)
    closed.save()
    client.force_login(f.center_user(f.OrganisationFactory()))
    page = html(client.get(reverse("establishment:application_create", args=[closed.pk])))
    assert "不在申报时间内" in page and 'name="center_name"' not in page


@pytest.mark.parametrize("who", ["other_host", "other_city", "anonymous"])
def test_outsiders_never_get_a_drafting_page(client, guide, who):
    application, _applicant = submitted(guide)
    attachment = application.attachments.first()
    outsiders = {
        "other_host": f.center_user(f.OrganisationFactory(city=f.city(NANJING))),
        "other_city": f.city_user(SUZHOU),
        "anonymous": None,
    }
    if outsiders[who] is not None:
        client.force_login(outsiders[who])
    download = url("attachment_download", application, attachment.pk)
    for address in [*page_urls(application), url("draft_responses", application), download]:
        response = client.get(address)
        assert response.status_code in (302, 404), (who, address, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), address
    for address in post_urls(application):
        response = client.post(address, {"plan_goals": "x", "action": "submit"})
        assert response.status_code in (302, 404), (who, address, response.status_code)
    create = reverse("establishment:application_create", args=[guide.pk])
    assert client.get(create).status_code != 200 or who == "other_host"


def test_a_draft_is_not_shown_to_its_own_city_either(client, draft):
    client.force_login(f.city_user(NANJING))
    for address in page_urls(draft):
        assert client.get(address).status_code == 404, address


def test_the_city_reads_a_submitted_application_but_cannot_edit_it(client, guide):
    application, _applicant = submitted(guide)
    client.force_login(f.city_user(NANJING))
    page = html(client.get(url("application_review_page", application)))
    assert application.center_name in page and 'name="action"' not in page
    response = client.get(url("draft_basics", application))
    assert response.status_code == 302
    assert response["Location"] == url("application_review_page", application)
    response = client.post(url("draft_basics", application), {"center_name": "改名"})
    assert response.status_code == 403
    team = html(client.get(url("draft_team", application)))
    assert "成员0" in team and "添加这些成员" not in team


def test_edits_are_refused_after_submission(client, guide):
    application, applicant = submitted(guide)
    client.force_login(applicant)
    before = Application.objects.get(pk=application.pk)
    target = application.targets.first()
    refusals = [
        (url("draft_basics", application), {"center_name": "改名"}),
        (url("draft_plan", application, "goals"), {"plan_goals": LONG + "改"}),
        (url("draft_profile", application, "center"), {"rd_site_area_m2": "9000"}),
        (url("draft_targets", application), {"name": "新指标"}),
        (url("draft_row_remove", application, "targets", target.pk), {}),
    ]
    for address, data in refusals:
        response = client.post(address, data)
        assert response.status_code == 409, address
        assert "不能修改" in html(response)
    response = client.post(url("draft_autosave", application, "plan"), {"plan_goals": "x"})
    assert response.status_code == 200 and "不能修改" in html(response)
    after = Application.objects.get(pk=application.pk)
    assert (after.center_name, after.plan_goals, after.profile_data) == (
        before.center_name,
        before.plan_goals,
        before.profile_data,
    )
    assert application.targets.filter(pk=target.pk).exists()
    # A GET of an edit page shows the read-only summary instead, saying why.
    response = client.get(url("draft_plan", application, "goals"), follow=True)
    assert response.redirect_chain[-1][0] == url("application_review_page", application)
    assert "不能修改" in html(response)
    # The task list turns into the read-only summary.
    context = tasklist_context(application, applicant)["drafting"]
    assert not context["editable"] and context["summary"]["team"]["members"] == 100


def test_row_removal_of_an_unknown_kind_or_row_is_404(client, draft, applicant):
    client.force_login(applicant)
    assert client.post(url("draft_row_remove", draft, "people", 1)).status_code == 404
    assert client.post(url("draft_row_remove", draft, "targets", 999999)).status_code == 404
    assert client.get(url("draft_row_remove", draft, "targets", 1)).status_code == 405

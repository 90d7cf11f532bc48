"""Experts read what they score (第十三条第3项): after declaring no conflict, the application's
attachments are listed on their assignment and can be downloaded, read-only; before declaring,
on another expert's assignment or for another application's file, exactly like missing ones."""

from __future__ import annotations

import pytest

from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .conftest import Rig, to_argumentation

pytestmark = pytest.mark.django_db


@pytest.fixture
def rig(province, application):
    rig = Rig(province=province, application=application)
    rig.form_panel(2)
    return rig


def attachment_of(application):
    return application.attachments.order_by("pk").first()


def page_url(assignment, attachment):
    return f"/reviews/assignments/{assignment.pk}/attachments/{attachment.pk}/"


def api_url(assignment, attachment):
    return f"/api/v1/reviews/assignments/{assignment.pk}/attachments/{attachment.pk}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_after_declaring_the_expert_lists_and_downloads_the_attachments(client, rig):
    expert = rig.experts[0]
    attachment = attachment_of(rig.application)
    assert attachment is not None
    assignment = rig.clear(expert)
    client.force_login(expert.user)
    page = client.get(assignment.get_absolute_url())
    html = page.content.decode()
    assert attachment.original_name in html and page_url(assignment, attachment) in html
    download = client.get(page_url(assignment, attachment))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert body(download) == attachment.file.open("rb").read()
    api = client.get(api_url(assignment, attachment))
    assert api.status_code == 200 and body(api) == attachment.file.open("rb").read()
    detail = client.get(f"/api/v1/reviews/assignments/{assignment.pk}").json()
    assert [a["name"] for a in detail["attachments"]] == list(
        rig.application.attachments.order_by("kind", "pk").values_list("original_name", flat=True)
    )
    # Read-only: the page has no upload or removal form for the files.
    assert 'type="file"' not in html
    assert client.post(page_url(assignment, attachment)).status_code == 405


@pytest.mark.parametrize("step", ["invited", "accepted"])
def test_before_declaring_nothing_is_listed_or_downloadable(client, rig, step):
    expert = rig.experts[0]
    attachment = attachment_of(rig.application)
    if step == "accepted":
        rig.act(expert, "accept")
    assignment = rig.assignment(expert)
    client.force_login(expert.user)
    assert (
        attachment.original_name not in client.get(assignment.get_absolute_url()).content.decode()
    )
    assert client.get(page_url(assignment, attachment)).status_code == 404
    assert client.get(api_url(assignment, attachment)).status_code == 404
    assert client.get(f"/api/v1/reviews/assignments/{assignment.pk}").json()["attachments"] is None


def test_another_experts_assignment_and_another_applications_file_are_missing(
    client, rig, province
):
    first, second = rig.experts
    mine = rig.clear(first)
    theirs = rig.clear(second)
    attachment = attachment_of(rig.application)
    client.force_login(first.user)
    assert client.get(page_url(theirs, attachment)).status_code == 404
    assert client.get(api_url(theirs, attachment)).status_code == 404
    other = to_argumentation(
        eligible_application(published_guide(province=province), sub_field="E0601"), province
    )
    foreign = attachment_of(other)
    assert client.get(page_url(mine, foreign)).status_code == 404
    assert client.get(api_url(mine, foreign)).status_code == 404


@pytest.mark.parametrize("role", ["province", "city", "center"])
def test_only_the_expert_downloads_through_the_assignment(client, rig, role):
    assignment = rig.clear(rig.experts[0])
    attachment = attachment_of(rig.application)
    user = {
        "province": rig.province,
        "city": f.city_user(rig.application.city.code),
        "center": rig.applicant,
    }[role]
    client.force_login(user)
    assert client.get(page_url(assignment, attachment)).status_code == 404
    assert client.get(api_url(assignment, attachment)).status_code == 404


def test_the_expert_view_shows_no_id_numbers(client, rig):
    assignment = rig.clear(rig.experts[0])
    client.force_login(rig.experts[0].user)
    html = client.get(assignment.get_absolute_url()).content.decode()
    people = [rig.application.director, rig.application.executive_director]
    people += [m.person for m in rig.application.team_members.select_related("person")[:5]]
    for person in people:
        assert person.id_masked and person.id_masked not in html

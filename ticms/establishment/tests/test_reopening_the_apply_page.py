"""Opening a guide's apply page again when the host unit already has a live application."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ticms.common.exceptions import ValidationFailed
from ticms.establishment import services
from ticms.establishment.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_draft_is_continued(client, guide, draft, applicant):  # noqa: F811
    client.force_login(applicant)
    response = client.get(reverse("establishment:application_create", args=[guide.pk]), follow=True)
    [message] = _messages(response)
    assert "请继续填写" in message and draft.code in message
    assert response.redirect_chain[-1][0].endswith("#tasklist")


@pytest.mark.parametrize("status", [ApplicationStatus.NOTICE, ApplicationStatus.CITY_REVIEW])
def test_an_application_past_drafting_is_shown_where_it_stands(
    client,
    guide,  # noqa: F811
    draft,  # noqa: F811
    applicant,  # noqa: F811
    status,
):
    Application.objects.filter(pk=draft.pk).update(status=status)
    client.force_login(applicant)
    response = client.get(reverse("establishment:application_create", args=[guide.pk]), follow=True)
    [message] = _messages(response)
    assert "继续填写" not in message
    assert draft.code in message and f"「{status.label}」" in message and "不能再修改" in message
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    page = response.content.decode()
    assert draft.code in page


def test_the_service_tells_the_same(guide, draft, applicant):  # noqa: F811
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.NOTICE)
    with pytest.raises(ValidationFailed) as exc:
        services.application_create(actor=applicant, guide_id=guide.pk, center_name="另一个中心")
    [message] = exc.value.errors["guide"]
    assert "继续填写" not in str(message) and "「公示中」" in str(message)

"""Nothing says 选填 where a value is required (issue 9 §5): when an in-principle condition is
not met, the formal review asks for the written reasons as a required field, and a refused
submit names that field instead of a general refusal."""

import pytest

from ticms.establishment import services
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

pytestmark = pytest.mark.django_db

CHECKS = {
    "check_sections": "on",
    "check_materials": "on",
    "check_units": "on",
    "check_commitment": "on",
}


def _at_formal_review(*, in_principle_failure: bool):
    application = eligible_application(published_guide())
    applicant = application.created_by
    if in_principle_failure:
        services.application_profile_save(
            actor=applicant,
            application_id=application.pk,
            answers={"region.prior_investment_wan_yuan": "9999.99"},
        )
    for actor, action in (
        (applicant, "submit"),
        (f.city_user(application.city.code), "recommend"),
    ):
        services.application_transition(actor=actor, application_id=application.pk, action=action)
    return application


def _page(client, application, data=None):
    url = f"/establishment/applications/{application.pk}/formal-review/"
    return client.post(url, data) if data is not None else client.get(url)


def test_the_reasons_are_required_when_an_in_principle_condition_fails(client):
    application = _at_formal_review(in_principle_failure=True)
    client.force_login(f.province_user())
    page = _page(client, application).content.decode()
    assert "办理意见（选填）" not in page
    assert 'name="comment"' in page and "required" in page.split('name="comment"')[1][:200]
    refused = _page(client, application, {**CHECKS, "decision": "pass"}).content.decode()
    assert "请填写办理意见" in refused
    application.refresh_from_db()
    assert application.status == "formal_review"


def test_the_reasons_stay_optional_when_every_condition_is_met(client):
    application = _at_formal_review(in_principle_failure=False)
    client.force_login(f.province_user())
    assert "办理意见（选填）" in _page(client, application).content.decode()

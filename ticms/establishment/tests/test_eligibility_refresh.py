"""The live eligibility check refreshed: the panel alone through htmx, a page of its own as a
plain link, for every reader of the application."""

from __future__ import annotations

import pytest

from ticms.testing import factories as f

from .drafting_helpers import html, submitted, url

pytestmark = pytest.mark.django_db


def test_eligibility_panel_endpoint(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_eligibility", draft), HTTP_HX_REQUEST="true"))
    assert 'id="eligibility-panel"' in page and "结论" in page and "<html" not in page
    page = html(
        client.get(url("draft_eligibility", draft), {"section": "team"}, HTTP_HX_REQUEST="true")
    )
    assert "团队成员人数" in page and "独立研发场地面积" not in page


def test_every_reader_can_refresh_the_eligibility_check(client, guide):
    application, applicant = submitted(guide)
    co_builder = f.co_builder_user(
        f.OrganisationFactory(uscc=application.co_builders.first().uscc, kind="university")
    )
    refresh = url("draft_eligibility", application)
    for reader in (f.city_user("320100"), f.province_user(), co_builder, applicant):
        client.force_login(reader)
        detail = client.get(application.get_absolute_url()).content.decode()
        assert f'href="{refresh}" hx-get="{refresh}"' in detail, reader.role
        # As a plain link: a page of its own, with the panel and the way back.
        response = client.get(refresh)
        page = response.content.decode()
        assert response.status_code == 200, reader.role
        assert "<html" in page and 'id="eligibility-panel"' in page and "结论" in page
        assert f'href="{application.get_absolute_url()}#eligibility-panel"' in page
        assert "HX-Request" in response["Vary"]
        # Through htmx: the panel alone.
        response = client.get(refresh, {"section": "team"}, HTTP_HX_REQUEST="true")
        page = response.content.decode()
        assert response.status_code == 200 and "<html" not in page
        assert 'id="eligibility-panel"' in page and "团队成员人数" in page

"""Autosave: a section's form saved as the applicant types, answered with the time saved, and the
conditions' check refreshed with it."""

from __future__ import annotations

import pytest

from .drafting_helpers import html, url

pytestmark = pytest.mark.django_db


def test_autosave_saves_a_plan_section_and_answers_with_the_time(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_plan", draft, "goals")))
    assert f'hx-post="{url("draft_autosave", draft, "plan")}"' in page
    assert 'hx-trigger="change, keyup delay:2s"' in page
    response = client.post(
        url("draft_autosave", draft, "plan"),
        {"plan_goals": "正在写的发展目标"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "已自动保存" in html(response)
    assert "<html" not in html(response)
    draft.refresh_from_db()
    assert draft.plan_goals == "正在写的发展目标"
    response = client.post(url("draft_autosave", draft, "plan"), {"plan_goals": "长" * 20001})
    assert "未能自动保存" in html(response)
    draft.refresh_from_db()
    assert draft.plan_goals == "正在写的发展目标"
    assert client.post(url("draft_autosave", draft, "plan"), {"other": "x"}).status_code == 404
    assert client.post(url("draft_autosave", draft, "nothing"), {}).status_code == 404
    assert client.get(url("draft_autosave", draft, "plan")).status_code == 405


def test_autosave_of_conditions_refreshes_their_check(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(url("draft_autosave", draft, "center"), {"rd_site_area_m2": "4800"})
    page = html(response)
    assert "已自动保存" in page and 'hx-swap-oob="true"' in page
    assert "4,800" in page or "4800" in page  # the rule's message shows the number
    assert "不符合" in page
    draft.refresh_from_db()
    assert draft.profile_data["center"]["rd_site_area_m2"] == "4800"
    response = client.post(url("draft_autosave", draft, "center"), {"rd_site_area_m2": "-1"})
    assert "未能自动保存" in html(response)
    draft.refresh_from_db()
    assert draft.profile_data["center"]["rd_site_area_m2"] == "4800"

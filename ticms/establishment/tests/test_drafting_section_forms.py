"""The one-form sections: yes/no questions as explicit radios without a default, the leaders kept
unless replaced, the argumentation opinions answered one by one while revising, and target
numbers shown the one way."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings

from ticms.establishment import services
from ticms.establishment.models import (
    Application,
    ApplicationStatus,
    OpinionResponse,
)
from ticms.testing import factories as f

from .drafting_helpers import _statuses, html, submitted, url

pytestmark = pytest.mark.django_db


def test_booleans_are_explicit_radios_without_a_default(client, draft, applicant):
    client.force_login(applicant)
    page = html(client.get(url("draft_profile", draft, "region")))
    assert page.count('type="radio"') == 4 and "checked" not in page
    client.post(url("draft_profile", draft, "region"), {"industry_policy_issued": "no"})
    draft.refresh_from_db()
    assert draft.profile_data["region"] == {"industry_policy_issued": False}
    page = html(client.get(url("draft_profile", draft, "region")))
    assert page.count("checked") == 1


def test_leaders_keep_the_saved_person_unless_replaced(client, draft, applicant):
    client.force_login(applicant)
    director = {
        "director_name": "张主任",
        "director_id_number": f.make_id_number(),
        "director_title_level": "senior",
        "director_degree": "doctorate",
    }
    assert client.post(url("draft_leaders", draft), director).status_code == 302
    draft.refresh_from_db()
    first = draft.director
    # Saving again with the director fields blank keeps the director.
    response = client.post(url("draft_leaders", draft), {"executive_director_full_time": "no"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.director == first
    assert draft.profile_data["team"]["executive_director_full_time"] is False
    # Part of a person is not enough.
    page = html(client.post(url("draft_leaders", draft), {"executive_director_name": "李"}))
    assert "请填写执行主任证件号码" in page


@pytest.fixture
def revising(guide, monkeypatch):
    application, applicant = submitted(guide)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.REVISING)
    opinions = [
        {"key": "panel:1", "author": "专家组", "text": "请细化考核指标。"},
        {"key": "assignment:7", "author": "专家1", "text": "组建模式需明确。"},
    ]
    monkeypatch.setattr(
        "ticms.reviews.selectors.argumentation.argumentation_opinions", lambda application: opinions
    )
    application.refresh_from_db()
    return application, applicant


def test_opinions_are_answered_one_by_one(client, revising):
    application, applicant = revising
    client.force_login(applicant)
    assert _statuses(application, applicant)["responses"] == "未开始"
    page = html(client.get(url("draft_responses", application)))
    assert "请细化考核指标。" in page and "专家1" in page
    page = html(client.get(url("application_review_page", application)))
    assert "请答复专家组的论证意见" in page and 'value="submit_revision"' in page
    response = client.post(
        url("draft_autosave", application, "responses"), {"opinion_0": "已细化为五项指标。"}
    )
    assert "已自动保存" in html(response)
    assert OpinionResponse.objects.get(application=application, opinion_key="panel:1").response
    response = client.post(
        url("draft_responses", application),
        {"opinion_0": "已细化为五项指标。", "opinion_1": "采用总部加分中心模式。"},
    )
    assert response.status_code == 302
    assert _statuses(application, applicant)["responses"] == "已完成"


def test_target_numbers_are_shown_the_one_way(client, draft, applicant):
    """Money in two decimals; other units as written, without trailing zeros."""
    year = dt.date.today().year + 2
    for name, unit, baseline, value in (
        ("突破关键核心技术", "项", None, Decimal("10.00")),
        ("研发投入", "万元", Decimal("250.50"), Decimal("1000.00")),
        ("成果转化率", "%", Decimal("20.00"), Decimal("33.40")),
    ):
        services.target_add(
            actor=applicant,
            application_id=draft.pk,
            name=name,
            unit=unit,
            baseline=baseline,
            target_value=value,
            target_year=year,
        )
    services.application_profile_save(
        actor=applicant, application_id=draft.pk, answers={"center.rd_site_area_m2": "6000.50"}
    )
    client.force_login(applicant)
    summary = client.get(url("application_review_page", draft)).content.decode()
    for shown in ("10 项", "1,000.00 万元", "250.50 万元", "33.4 %", "20 %", ">6,000.5<"):
        assert shown in summary, shown
    assert "10.00 项" not in summary and "33.40" not in summary and "20.00" not in summary
    table = client.get(url("draft_targets", draft)).content.decode()
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', table)
    assert cells == ["—", "10", "250.50", "1,000.00", "20", "33.4"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    table = client.get(url("draft_targets", draft)).content.decode()
    assert re.findall(r'<td class="text-end">([^<]*)</td>', table)[3] == "1,000.00"

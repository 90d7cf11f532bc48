"""The task list of an application: each section's status follows what is stored; the template
renders links, statuses and the check; readers get the read-only summary."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from ticms.establishment import services
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f

from .drafting_helpers import LONG, _statuses, submitted, url

pytestmark = pytest.mark.django_db


def test_task_list_statuses_follow_what_is_stored(draft, applicant):
    statuses = _statuses(draft, applicant)
    assert statuses["basics"] == "进行中"  # named, no sub-field yet
    assert statuses["plan_goals"] == "未开始" and statuses["targets"] == "未开始"
    assert statuses["excluded_units"] == "未开始" and "responses" not in statuses
    services.application_plan_save(
        actor=applicant, application_id=draft.pk, sections={"plan_goals": "太短"}
    )
    services.application_profile_save(
        actor=applicant, application_id=draft.pk, answers={"region.has_industrial_park": False}
    )
    draft.refresh_from_db()
    statuses = _statuses(draft, applicant)
    assert statuses["plan_goals"] == "进行中" and statuses["region"] == "进行中"
    services.application_plan_save(
        actor=applicant, application_id=draft.pk, sections={"plan_goals": LONG}
    )
    services.target_add(
        actor=applicant,
        application_id=draft.pk,
        name="指标",
        unit="项",
        target_value="1",
        target_year=timezone.localdate().year + 1,
    )
    draft.refresh_from_db()
    statuses = _statuses(draft, applicant)
    assert statuses["plan_goals"] == "已完成" and statuses["targets"] == "已完成"


def test_task_list_template_renders_links_statuses_and_the_check(draft, applicant):
    request = RequestFactory().get(draft.get_absolute_url())
    request.user = applicant
    context = {"application": draft, "user": applicant, **tasklist_context(draft, applicant)}
    page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert url("draft_plan", draft, "goals") in page and "未开始" in page
    assert url("application_review_page", draft) in page
    assert 'id="eligibility-panel"' in page and "第十二条第1项" in page
    assert "数据不完整" in page  # the verdict, live on the draft


def test_the_read_only_summary_for_a_co_builder(guide):
    application, _applicant = submitted(guide)
    uscc = application.co_builders.first().uscc
    org = f.OrganisationFactory(uscc=uscc, kind="university")
    reader = f.co_builder_user(org)
    request = RequestFactory().get(application.get_absolute_url())
    request.user = reader
    context = {"application": application, "user": reader, **tasklist_context(application, reader)}
    page = render_to_string("establishment/includes/tasklist.html", context, request=request)
    assert "申请书内容" in page and ">修改<" not in page and application.plan_goals in page

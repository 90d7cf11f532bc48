"""Guides (第十一条、第十三条第1项): published only with criteria weights summing to 100, written by
the province only, invisible while a draft, one title per year; a new draft is a to-do until
submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.inbox import open_todos
from ticms.establishment import services
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def act(actor, application, action, params=None, comment=""):
    return services.application_transition(
        actor=actor,
        application_id=application.pk,
        action=action,
        params=params,
        comment=comment,
    )


def test_a_guide_publishes_only_with_weights_summing_to_100():
    province = f.province_user()
    today = timezone.localdate()
    guide = services.guide_create(
        actor=province,
        year=today.year,
        title="指南",
        opens_on=today,
        closes_on=today + dt.timedelta(days=10),
        priority_fields=[],
        criteria=[],
    )
    with pytest.raises(GuardFailed) as refused:
        services.guide_transition(actor=province, guide_id=guide.pk, action="publish")
    text = str(refused.value.problems)
    assert "优先布局领域" in text and "评分指标" in text
    with pytest.raises(ValidationFailed) as invalid:
        services.guide_update(
            actor=province,
            guide_id=guide.pk,
            criteria=[
                {"name": "a", "weight": Decimal("60")},
                {"name": "b", "weight": Decimal("39.99")},
            ],
        )
    assert "99.99" in str(invalid.value.errors)
    services.guide_update(
        actor=province,
        guide_id=guide.pk,
        priority_fields=[f.sub_field("F0104").parent],
        criteria=[{"name": "a", "weight": Decimal("60")}, {"name": "b", "weight": Decimal("40")}],
    )
    services.guide_transition(actor=province, guide_id=guide.pk, action="publish")
    with pytest.raises(Conflict):
        services.guide_update(actor=province, guide_id=guide.pk, title="改名")


def test_only_the_province_writes_guides():
    today = timezone.localdate()
    for user in (f.city_user(), f.center_user(f.OrganisationFactory())):
        with pytest.raises(PermissionDenied):
            services.guide_create(
                actor=user, year=today.year, title="x", opens_on=today, closes_on=today
            )


def test_a_draft_guide_is_invisible_and_cannot_be_applied_to():
    province = f.province_user()
    today = timezone.localdate()
    guide = services.guide_create(
        actor=province, year=today.year, title="草稿", opens_on=today, closes_on=today
    )
    applicant = f.center_user(f.OrganisationFactory())
    with pytest.raises(NotFound):
        services.application_create(actor=applicant, guide_id=guide.pk, center_name="x")


def test_a_new_draft_is_a_todo_until_it_is_submitted(guide, django_capture_on_commit_callbacks):
    host = f.OrganisationFactory(kind="new_rd_institution")
    applicant = f.center_user(host)
    colleague = f.center_user(host)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.application_create(
            actor=applicant, guide_id=guide.pk, center_name="某中心"
        )
    for user in (applicant, colleague):
        todo = open_todos(user).get(object_id=str(draft.pk))
        assert todo.due_on == guide.closes_on and "完成并提交" in todo.title
    with django_capture_on_commit_callbacks(execute=True):
        act(applicant, draft, "withdraw")
    assert not open_todos(applicant).exists()


def test_two_guides_of_one_year_cannot_share_a_title(guide):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        services.guide_create(
            actor=f.province_user(),
            year=guide.year,
            title=guide.title,
            opens_on=today,
            closes_on=today,
        )
    assert "已有名为" in str(refused.value.errors["title"])

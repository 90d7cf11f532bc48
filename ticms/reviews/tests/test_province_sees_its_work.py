"""Every step that waits for the province is a to-do on its workbench (issue 9 §6): forming the
panel after the formal review, deciding once the panel opinion has arrived; and an action that
cannot succeed yet is not offered; a meeting cannot come after the scoring deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.inbox import open_todos
from ticms.establishment import services as establishment
from ticms.establishment.workflow import APPLICATION_WORKFLOW
from ticms.reviews import services
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .conftest import FORMAL_CHECKS, Rig

pytestmark = pytest.mark.django_db


def todos_about(user, application):
    return [t for t in open_todos(user) if t.object_id == str(application.pk)]


@pytest.fixture
def recommended(province):
    application = eligible_application(published_guide(province=province), team_size=100)
    establishment.application_transition(
        actor=application.created_by, application_id=application.pk, action="submit"
    )
    establishment.application_transition(
        actor=f.city_user(application.city.code), application_id=application.pk, action="recommend"
    )
    return application


def test_after_the_formal_review_forming_the_panel_is_a_todo_until_done(
    province, recommended, django_capture_on_commit_callbacks
):
    colleague = f.province_user()
    with django_capture_on_commit_callbacks(execute=True):
        establishment.application_transition(
            actor=province,
            application_id=recommended.pk,
            action="pass_formal_review",
            params=FORMAL_CHECKS,
        )
    for officer in (province, colleague):  # the officer who passed it too: it is theirs next
        (todo,) = todos_about(officer, recommended)
        assert todo.title == f"{recommended.center_name}：请组建论证专家组"
    with django_capture_on_commit_callbacks(execute=True):
        Rig(province=province, application=recommended).form_panel(1)
    assert todos_about(province, recommended) == []


def test_an_arrived_panel_opinion_is_a_todo_for_the_decision(
    panel_rig, django_capture_on_commit_callbacks
):
    rig = panel_rig
    rig.set_leader(rig.experts[0])
    with django_capture_on_commit_callbacks(execute=True):
        rig.all_submit()
        services.panel_opinion_write(
            actor=rig.experts[0].user,
            panel_id=rig.panel.pk,
            opinion="建设方案可行。",
            recommendation="support",
        )
    titles = [t.title for t in todos_about(rig.province, rig.application)]
    assert titles == [f"{rig.application.center_name}：专家组意见已出具，请研究论证结论"]
    with django_capture_on_commit_callbacks(execute=True):
        establishment.application_transition(
            actor=rig.province, application_id=rig.application.pk, action="to_decision"
        )
    assert not [t for t in todos_about(rig.province, rig.application) if "专家组意见" in t.title]


def test_failing_the_argumentation_is_not_offered_before_the_panel_opinion(rig):
    action = APPLICATION_WORKFLOW.get("reject_after_argumentation")
    assert action.not_ready(rig.application, rig.province) == ["尚未组建专家组"]
    with pytest.raises(GuardFailed):
        establishment.application_transition(
            actor=rig.province,
            application_id=rig.application.pk,
            action="reject_after_argumentation",
            comment="不予支持",
        )
    rig.application.refresh_from_db()
    assert rig.application.status == "argumentation"


@pytest.mark.parametrize(("days_after_due", "ok"), [(0, True), (1, False)])
def test_a_panel_meeting_after_the_scoring_deadline_is_refused(rig, days_after_due, ok):
    due = timezone.localdate() + dt.timedelta(days=10)
    meeting = timezone.make_aware(
        dt.datetime.combine(due + dt.timedelta(days=days_after_due), dt.time(9, 30))
    )
    call = lambda: services.panel_create(  # noqa: E731
        actor=rig.province,
        application_id=rig.application.pk,
        mode="meeting",
        due_on=due,
        meeting_at=meeting,
        place="省科技厅三楼会议室",
    )
    if ok:
        assert call().meeting_at == meeting
        return
    with pytest.raises(ValidationFailed) as exc:
        call()
    assert "不能晚于评审截止日期" in exc.value.errors["meeting_at"][0]

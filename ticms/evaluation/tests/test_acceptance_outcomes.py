"""Each acceptance outcome (第七条第3项) drives the center lifecycle: 通过 → operating; 不通过 →
rectifying with a deadline, then a new application; 不通过 → revoked (第七条第2项)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.centers.models import CenterStatus
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.evaluation import acceptance_services as services
from ticms.evaluation.models import AcceptanceStatus
from ticms.evaluation.workflow_acceptance import ACCEPTANCE_WORKFLOW

from .acceptance_world import world

pytestmark = pytest.mark.django_db


def todos(user, acceptance):
    return InboxItem.objects.filter(
        recipient=user,
        kind="todo",
        done_at=None,
        object_type="evaluation.acceptance",
        object_id=str(acceptance.pk),
    )


def test_passed_acceptance_puts_the_center_into_operation(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        acceptance = w.apply()
        w.submit(acceptance)
    w.center.refresh_from_db()
    assert w.center.status == CenterStatus.ACCEPTING
    assert todos(w.city, acceptance).exists()  # the city gives its opinion next
    with django_capture_on_commit_callbacks(execute=True):
        w.city_opinion(acceptance)
    assert not todos(w.city, acceptance).exists()
    assert todos(w.province, acceptance).exists()
    with django_capture_on_commit_callbacks(execute=True):
        panel = services.acceptance_panel_form(
            actor=w.province,
            acceptance_id=acceptance.pk,
            mode="online",
            due_on=timezone.localdate() + dt.timedelta(days=7),
        )
    acceptance.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.EXPERT_REVIEW
    assert not todos(w.province, acceptance).exists()  # the panel was formed
    with django_capture_on_commit_callbacks(execute=True):
        w.expert_panel_concludes(panel)
    # The province is asked for the conclusion.
    assert todos(w.province, acceptance).exists()
    with django_capture_on_commit_callbacks(execute=True):
        acceptance = w.conclude(acceptance, "pass")
    assert not todos(w.province, acceptance).exists()
    w.center.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.PASSED
    assert acceptance.concluded_at is not None
    assert w.center.status == CenterStatus.OPERATING
    actions = set(
        AuditEvent.objects.filter(object_type="evaluation.acceptance").values_list(
            "action", flat=True
        )
    )
    assert {"acceptance.create", "acceptance.submit", "acceptance.organise"} <= actions
    assert {"acceptance.city_opinion", "acceptance.pass"} <= actions
    assert AuditEvent.objects.filter(action="center.pass_acceptance").exists()


def test_failed_acceptance_sets_a_deadline_and_the_center_applies_again():
    w = world()
    acceptance, panel = w.to_expert_review()
    w.expert_panel_concludes(panel, recommendation="oppose")
    deadline = timezone.localdate() + dt.timedelta(days=180)
    acceptance = w.conclude(acceptance, "fail", rectification_deadline=deadline.isoformat())
    w.center.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.FAILED
    assert acceptance.rectification_deadline == deadline
    assert w.center.status == CenterStatus.RECTIFYING
    assert w.center.rectification_deadline == deadline
    # After rectifying, a second attempt.
    second = w.apply("已按专家组意见完成整改。")
    assert second.attempt == 2
    w.submit(second)
    w.center.refresh_from_db()
    assert w.center.status == CenterStatus.ACCEPTING
    assert w.center.rectification_deadline is None
    assert AuditEvent.objects.filter(action="center.reapply_acceptance").exists()


def test_failed_acceptance_needs_a_future_deadline():
    w = world()
    acceptance, panel = w.to_expert_review()
    w.expert_panel_concludes(panel, recommendation="oppose")
    with pytest.raises(ValidationFailed) as exc:
        w.conclude(acceptance, "fail", rectification_deadline=timezone.localdate().isoformat())
    assert "rectification_deadline" in exc.value.errors
    acceptance.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.EXPERT_REVIEW


def test_revocation_on_failed_acceptance():
    w = world()
    acceptance, panel = w.to_expert_review()
    w.expert_panel_concludes(panel, recommendation="oppose")
    acceptance = w.conclude(acceptance, "revoke")
    w.center.refresh_from_db()
    assert acceptance.status == AcceptanceStatus.REVOKED
    assert w.center.status == CenterStatus.REVOKED
    assert AuditEvent.objects.filter(action="acceptance.revoke", article="第七条第2项").exists()


def test_no_conclusion_before_the_expert_panel_opinion():
    w = world()
    acceptance, panel = w.to_expert_review()
    with pytest.raises(GuardFailed) as exc:
        w.conclude(acceptance, "pass")
    assert "验收专家组尚未出具专家组意见" in str(exc.value.problems)
    w.center.refresh_from_db()
    assert w.center.status == CenterStatus.ACCEPTING


def test_only_the_province_concludes_and_only_the_own_city_gives_its_opinion():
    w = world()
    acceptance = w.apply()
    w.submit(acceptance)
    other_city = world(city_code="320500").city
    with pytest.raises(NotFound):  # another city's acceptance is not there
        services.acceptance_transition(
            actor=other_city,
            acceptance_id=acceptance.pk,
            action="city_opinion",
            params={"opinion": "同意"},
        )
    with pytest.raises(PermissionDenied):
        services.acceptance_transition(
            actor=w.staff, acceptance_id=acceptance.pk, action="city_opinion", params={}
        )
    w.city_opinion(acceptance)
    with pytest.raises(PermissionDenied):
        services.acceptance_panel_form(
            actor=w.city,
            acceptance_id=acceptance.pk,
            mode="online",
            due_on=timezone.localdate() + dt.timedelta(days=7),
        )


def test_the_city_may_return_the_application_and_the_center_resubmits():
    w = world()
    acceptance = w.apply()
    w.submit(acceptance)
    with pytest.raises(ValidationFailed):  # a return needs its reasons
        services.acceptance_transition(actor=w.city, acceptance_id=acceptance.pk, action="return")
    services.acceptance_transition(
        actor=w.city, acceptance_id=acceptance.pk, action="return", comment="请补充经费情况"
    )
    acceptance = services.acceptance_update(
        actor=w.staff, acceptance_id=acceptance.pk, self_assessment="补充了经费情况。"
    )
    w.submit(acceptance)  # the center is already in acceptance: no second center transition
    w.center.refresh_from_db()
    assert w.center.status == CenterStatus.ACCEPTING
    assert AuditEvent.objects.filter(action="center.request_acceptance").count() == 1


@pytest.mark.parametrize(("days", "allowed"), [(90, True), (91, False), (-10, True)])
def test_the_center_applies_at_the_end_of_its_construction_period(days, allowed):
    w = world(ends_in_days=days)
    if allowed:
        assert w.apply().status == AcceptanceStatus.DRAFT
    else:
        with pytest.raises(GuardFailed) as exc:
            w.apply()
        assert "方可申请验收" in str(exc.value.problems)


def test_one_acceptance_at_a_time_and_a_self_assessment_before_submitting():
    w = world()
    acceptance = w.apply(text="")
    with pytest.raises(Conflict):
        w.apply()
    with pytest.raises(GuardFailed) as exc:
        w.submit(acceptance)
    assert "请填写自评报告" in str(exc.value.problems)


def test_an_operating_center_cannot_apply():
    w = world()
    w.center.status = CenterStatus.OPERATING
    w.center.save()
    with pytest.raises(GuardFailed):
        w.apply()


def test_the_table_cites_its_articles_and_the_panel_step_is_not_a_button():
    assert all(t.article.startswith("第") for t in ACCEPTANCE_WORKFLOW.transitions)
    assert ACCEPTANCE_WORKFLOW.get("revoke").article == "第七条第2项"
    assert ACCEPTANCE_WORKFLOW.get("organise").via == "review_panel.create"
    from ticms.centers.workflow import CENTER_WORKFLOW

    assert CENTER_WORKFLOW.get("reapply_acceptance").via == "acceptance.submit"

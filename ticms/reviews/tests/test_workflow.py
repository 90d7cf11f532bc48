"""Allowed and forbidden actions by role and state: the assignment and panel tables, panel
formation, the score sheet and the panel opinion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent
from ticms.establishment.models import Application
from ticms.reviews import services
from ticms.reviews.models import Assignment, AssignmentStatus, Panel, PanelStatus, Score
from ticms.reviews.workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .conftest import make_expert

pytestmark = pytest.mark.django_db

A = AssignmentStatus


def test_every_transition_cites_article_13_item_3():
    for workflow in (ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW):
        assert {t.article for t in workflow.transitions} == {"第十三条第3项"}


def test_expert_actions_are_the_experts_and_province_actions_the_provinces():
    roles = {t.action: set(t.roles) for t in ASSIGNMENT_WORKFLOW.transitions}
    for action in ("accept", "decline", "declare", "declare_conflict", "submit"):
        assert roles[action] == {Role.EXPERT}
    for action in ("withdraw", "reinvite", "return_scores"):
        assert roles[action] == {Role.PROVINCE}


# --- panel formation -----------------------------------------------------------------------------


def _create(actor, application, **kw):
    return services.panel_create(
        actor=actor,
        application_id=application.pk,
        mode=kw.pop("mode", "online"),
        due_on=kw.pop("due_on", timezone.localdate() + dt.timedelta(days=7)),
        **kw,
    )


@pytest.mark.parametrize("role", [Role.CITY, Role.CENTER, Role.EXPERT, Role.SYSADMIN])
def test_only_the_province_forms_panels(application, role):
    with pytest.raises(PermissionDenied):
        _create(f.role_user(role), application)
    assert not Panel.objects.exists()


def test_panel_only_while_the_application_is_in_argumentation(province):
    draft = eligible_application(published_guide(province=province), team_size=100)
    with pytest.raises(NotFound):  # a draft is not visible to the province at all
        _create(province, draft)
    Application.objects.filter(pk=draft.pk).update(
        status="formal_review", submitted_at=timezone.now()
    )
    with pytest.raises(Conflict) as exc:
        _create(province, draft)
    assert "形式审查中" in str(exc.value)


def test_panel_fields_are_validated(application, province):
    with pytest.raises(ValidationFailed) as exc:
        _create(
            province,
            application,
            mode="meeting",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(exc.value.errors) == {"due_on", "meeting_at", "place"}
    with pytest.raises(ValidationFailed) as exc:
        _create(province, application, mode="carrier_pigeon")
    assert "mode" in exc.value.errors


def test_one_panel_per_application(application, province):
    panel = _create(province, application)
    assert AuditEvent.objects.filter(action="review_panel.create", object_id=str(panel.pk))
    with pytest.raises(ValidationFailed):
        _create(province, application)


def test_invite_refuses_inactive_or_accountless_experts_and_duplicates(panel_rig):
    rig = panel_rig
    retired = make_expert(rig.province, is_active=False)
    offline = make_expert(rig.province, user=False)
    for expert, text in ((retired, "不在库"), (offline, "账号")):
        with pytest.raises(GuardFailed) as exc:
            rig.invite(expert)
        assert text in str(exc.value)
    with pytest.raises(ValidationFailed):
        rig.invite(rig.experts[0])


def test_panel_changes_stop_when_the_application_leaves_argumentation(panel_rig):
    rig = panel_rig
    Application.objects.filter(pk=rig.application.pk).update(status="rejected")
    with pytest.raises(Conflict):
        rig.invite(make_expert(rig.province))
    with pytest.raises(Conflict):
        rig.set_leader(rig.experts[0])
    with pytest.raises(GuardFailed) as exc:
        rig.act(rig.experts[0], "accept")
    assert "不在专家论证阶段" in str(exc.value)


def test_leader_must_be_on_the_panel(panel_rig):
    rig = panel_rig
    with pytest.raises(ValidationFailed):
        rig.set_leader(make_expert(rig.province))
    rig.act(rig.experts[2], "decline")
    with pytest.raises(ValidationFailed):
        rig.set_leader(rig.experts[2])
    assert rig.set_leader(rig.experts[0]).leader == rig.experts[0]


# --- assignment lifecycle by role and state ------------------------------------------------------


def test_the_happy_path_records_every_step(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    assert rig.assignment(expert).status == A.INVITED
    rig.act(expert, "accept")
    rig.act(expert, "declare", params={"confirm": True})
    rig.score(expert)
    a = rig.assignment(expert)
    assert a.status == A.SUBMITTED and a.responded_at and a.declared_at and a.submitted_at
    actions = list(
        AuditEvent.objects.filter(object_type="reviews.assignment", object_id=str(a.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "review_panel.expert_add",
        "review_assignment.accept",
        "review_assignment.declare",
        "review_assignment.scores_save",
        "review_assignment.submit",
    ]


def test_another_expert_finds_nothing(panel_rig):
    rig = panel_rig
    mine, other = rig.experts[0], rig.experts[1]
    with pytest.raises(NotFound):
        services.assignment_transition(
            actor=other.user, assignment_id=rig.assignment(mine).pk, action="accept"
        )


@pytest.mark.parametrize("role", [Role.CITY, Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR])
def test_other_roles_find_nothing(panel_rig, role):
    rig = panel_rig
    with pytest.raises(NotFound):
        services.assignment_transition(
            actor=f.role_user(role),
            assignment_id=rig.assignment(rig.experts[0]).pk,
            action="accept",
        )


def test_the_province_may_not_act_for_an_expert(panel_rig):
    rig = panel_rig
    with pytest.raises(PermissionDenied) as exc:
        services.assignment_transition(
            actor=rig.province, assignment_id=rig.assignment(rig.experts[0]).pk, action="accept"
        )
    assert "评审专家" in str(exc.value)


def test_an_expert_may_not_take_the_provinces_actions(panel_rig):
    rig = panel_rig
    with pytest.raises(PermissionDenied):
        rig.act(rig.experts[0], "withdraw")


@pytest.mark.parametrize(
    ("steps", "action", "params"),
    [
        ((), "declare", {"confirm": True}),  # must accept first
        ((), "submit", None),
        (("accept",), "accept", None),
        (("accept",), "decline", None),  # accepted: declare a conflict instead
        (("decline",), "accept", None),
    ],
)
def test_actions_out_of_state_are_conflicts(panel_rig, steps, action, params):
    rig = panel_rig
    expert = rig.experts[0]
    for step in steps:
        rig.act(expert, step)
    with pytest.raises(Conflict):
        rig.act(expert, action, params=params)


def test_declaration_needs_the_confirmation_and_a_conflict_needs_a_statement(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "accept")
    with pytest.raises(ValidationFailed) as exc:
        rig.act(expert, "declare", params={"confirm": False})
    assert "confirm" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        rig.act(expert, "declare_conflict")
    assert "comment" in exc.value.errors


def test_withdraw_and_invite_again(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    services.assignment_transition(
        actor=rig.province, assignment_id=rig.assignment(expert).pk, action="withdraw"
    )
    assert rig.assignment(expert).status == A.WITHDRAWN
    with pytest.raises(Conflict):
        rig.act(expert, "accept")
    again = services.panel_expert_add(
        actor=rig.province, panel_id=rig.panel.pk, expert_id=expert.pk
    )
    assert again.status == A.INVITED and Assignment.objects.filter(expert=expert).count() == 1


def test_reinvite_reruns_the_conflict_rules(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "decline")
    services.expert_update(
        actor=rig.province,
        expert_id=expert.pk,
        changes={"employer": rig.application.host_unit},
    )
    with pytest.raises(GuardFailed) as exc:
        services.assignment_transition(
            actor=rig.province, assignment_id=rig.assignment(expert).pk, action="reinvite"
        )
    assert "「不是申请单位的人员」" in str(exc.value)


def test_returned_scores_can_be_corrected_and_resubmitted(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    rig.score(expert)
    pk = rig.assignment(expert).pk
    with pytest.raises(ValidationFailed):
        services.assignment_transition(actor=rig.province, assignment_id=pk, action="return_scores")
    services.assignment_transition(
        actor=rig.province, assignment_id=pk, action="return_scores", comment="第二项分数有误"
    )
    assert rig.assignment(expert).status == A.DECLARED
    rig.score(expert, (80, 72, 90))
    assert rig.assignment(expert).status == A.SUBMITTED


# --- the score sheet -----------------------------------------------------------------------------


def _save(rig, expert, scores, **kw):
    return services.score_sheet_save(
        actor=expert.user, assignment_id=rig.assignment(expert).pk, scores=scores, **kw
    )


def test_score_sheet_only_after_the_declaration(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    first = rig.criteria()[0]
    with pytest.raises(Conflict):
        _save(rig, expert, {first.pk: "80"})
    rig.act(expert, "accept")
    with pytest.raises(Conflict):
        _save(rig, expert, {first.pk: "80"})
    rig.act(expert, "declare", params={"confirm": True})
    _save(rig, expert, {first.pk: "80"})
    assert Score.objects.get().score == Decimal("80")


def test_score_sheet_is_the_experts_own(panel_rig):
    rig = panel_rig
    expert, other = rig.experts[0], rig.experts[1]
    rig.clear(expert)
    first = rig.criteria()[0]
    with pytest.raises(NotFound):
        services.score_sheet_save(
            actor=other.user, assignment_id=rig.assignment(expert).pk, scores={first.pk: "1"}
        )
    with pytest.raises(PermissionDenied):
        services.score_sheet_save(
            actor=rig.province, assignment_id=rig.assignment(expert).pk, scores={first.pk: "1"}
        )


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("0", True),
        ("100", True),
        ("99.99", True),
        ("100.01", False),
        ("-1", False),
        ("85.555", False),
        ("八十", False),
        ("NaN", False),
    ],
)
def test_score_range_and_precision(panel_rig, value, accepted):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    first = rig.criteria()[0]
    if accepted:
        _save(rig, expert, {first.pk: value})
        assert Score.objects.get().score == Decimal(value)
    else:
        with pytest.raises(ValidationFailed) as exc:
            _save(rig, expert, {first.pk: value})
        assert f"scores.{first.pk}" in exc.value.errors
        assert not Score.objects.exists()


def test_score_sheet_refuses_criteria_of_another_guide_and_bad_recommendations(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    with pytest.raises(ValidationFailed) as exc:
        _save(rig, expert, {"999999": "80", "abc": "1"}, recommendation="maybe")
    assert set(exc.value.errors) == {"scores.999999", "scores.abc", "recommendation"}


def test_submit_lists_what_is_missing_and_keeps_the_draft(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    first, second, third = rig.criteria()
    _save(rig, expert, {first.pk: "80"}, comments="")
    with pytest.raises(GuardFailed) as exc:
        rig.act(expert, "submit")
    problems = " ".join(str(p) for p in exc.value.problems)
    assert second.name in problems and third.name in problems
    assert "评审意见" in problems and "评审结论" in problems
    assert rig.assignment(expert).status == A.DECLARED
    assert Score.objects.filter(assignment__expert=expert).count() == 1


def test_clearing_a_score_deletes_it(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    first = rig.criteria()[0]
    _save(rig, expert, {first.pk: "80"})
    _save(rig, expert, {first.pk: ""})
    assert not Score.objects.exists()


def test_submitted_sheet_is_frozen(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.clear(expert)
    rig.score(expert)
    with pytest.raises(Conflict):
        _save(rig, expert, {rig.criteria()[0].pk: "10"})


# --- the panel opinion ---------------------------------------------------------------------------


def _conclude(rig, actor):
    return services.panel_opinion_write(
        actor=actor, panel_id=rig.panel.pk, opinion="建设方案可行。", recommendation="support"
    )


def test_only_the_leader_writes_the_panel_opinion(panel_rig):
    rig = panel_rig
    leader, member = rig.experts[0], rig.experts[1]
    rig.set_leader(leader)
    rig.all_submit()
    with pytest.raises(PermissionDenied):
        _conclude(rig, member.user)
    with pytest.raises(PermissionDenied):
        _conclude(rig, rig.province)
    with pytest.raises(NotFound):
        _conclude(rig, make_expert(rig.province).user)  # not on the panel
    with pytest.raises(NotFound):
        _conclude(rig, f.city_user())
    panel = _conclude(rig, leader.user)
    assert panel.status == PanelStatus.CONCLUDED and panel.opinion_at is not None
    with pytest.raises(Conflict):
        _conclude(rig, leader.user)


def test_opinion_waits_for_every_accepted_expert(panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    for expert in rig.experts[:2]:
        rig.clear(expert)
        rig.score(expert)
    rig.act(rig.experts[2], "accept")
    with pytest.raises(GuardFailed) as exc:
        _conclude(rig, leader.user)
    text = str(exc.value)
    assert "至少须 3 名" in text and "1 名已接受邀请的专家未提交评分" in text


def test_opinion_waits_for_open_invitations(panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    rig.all_submit()
    rig.invite(make_expert(rig.province))
    with pytest.raises(GuardFailed) as exc:
        _conclude(rig, leader.user)
    assert "未答复邀请" in str(exc.value)


def test_opinion_needs_three_submitted_sheets(panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    rig.all_submit(values=((80, 70, 90), (60, 75, 85)))
    rig.act(rig.experts[2], "decline")
    with pytest.raises(GuardFailed) as exc:
        _conclude(rig, leader.user)
    assert "已提交评分的专家 2 名，至少须 3 名" in str(exc.value)


def test_the_province_may_reopen_a_concluded_panel(panel_rig):
    rig = panel_rig
    leader = rig.experts[0]
    rig.set_leader(leader)
    rig.all_submit()
    _conclude(rig, leader.user)
    with pytest.raises(PermissionDenied):
        services.panel_transition(actor=leader.user, panel_id=rig.panel.pk, action="reopen")
    with pytest.raises(ValidationFailed):
        services.panel_transition(actor=rig.province, panel_id=rig.panel.pk, action="reopen")
    services.panel_transition(
        actor=rig.province, panel_id=rig.panel.pk, action="reopen", comment="请补充风险分析"
    )
    rig.panel.refresh_from_db()
    assert rig.panel.status == PanelStatus.OPEN

"""The province confirms what 第二十五条's rules propose: each confirmation a transition with its
article; rectification and removal are the center lifecycle's own transitions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ticms.centers.services import center_transition
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent
from ticms.evaluation.dynamic import services
from ticms.evaluation.dynamic.source import history_for_center, set_evaluation_provider
from ticms.evaluation.dynamic.workflow import DECISION_WORKFLOW
from ticms.evaluation.models import DynamicDecision
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def ev(campaign, rating=None, *, absent=False, valid_reason=None):
    return {
        "campaign": campaign,
        "participated": not absent,
        "valid_reason": valid_reason if absent else None,
        "rating": None if absent else rating,
    }


@pytest.fixture
def provider():
    rows: dict[int, list[dict]] = {}
    previous = set_evaluation_provider(lambda center: rows.get(center.pk, []))
    yield rows
    set_evaluation_provider(previous)


@pytest.fixture
def province():
    return f.province_user()


@pytest.fixture
def center():
    return f.CenterFactory(status="operating")


def deadline():
    return (timezone.localdate() + dt.timedelta(days=90)).isoformat()


def act(actor, decision, action, params=None, comment="依第二十五条办理。"):
    return services.decision_transition(
        actor=actor, decision_id=decision.pk, action=action, params=params, comment=comment
    )


def test_every_transition_cites_article_25():
    assert {t.article for t in DECISION_WORKFLOW.transitions} == {"第二十五条"}


def test_subsidy_with_amount_and_linked_support(provider, province, center):
    provider[center.pk] = [ev("2027", "good"), ev("2029", "excellent")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    assert (decision.proposal, decision.rule, decision.campaign) == (
        "subsidy",
        "A25.subsidy",
        "2029",
    )
    decision = act(
        province,
        decision,
        "grant_subsidy",
        {"subsidy_wan_yuan": "200.50", "talent_programme": "on"},
        comment="",
    )
    assert decision.status == "subsidy_granted"
    assert decision.subsidy_wan_yuan == Decimal("200.50")
    assert decision.talent_programme and not decision.science_projects
    event = AuditEvent.objects.get(action="dynamic_decision.grant_subsidy")
    assert event.article == "第二十五条"


@pytest.mark.parametrize("amount", ["-1", "1e3", "12.345", "abc", "", "1000001"])
def test_a_bad_subsidy_amount_is_refused(provider, province, center, amount):
    provider[center.pk] = [ev("2029", "good")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    with pytest.raises(ValidationFailed) as info:
        act(province, decision, "grant_subsidy", {"subsidy_wan_yuan": amount})
    assert "subsidy_wan_yuan" in info.value.errors
    decision.refresh_from_db()
    assert decision.status == "proposed" and decision.subsidy_wan_yuan is None


def test_a_confirmation_must_match_the_proposal(provider, province, center):
    provider[center.pk] = [ev("2029", "good")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    with pytest.raises(GuardFailed):
        act(province, decision, "order_rectification", {"rectification_deadline": deadline()})
    with pytest.raises(GuardFailed):
        act(province, decision, "remove", {"reason": "absent"})


def test_rectification_through_the_center_lifecycle(provider, province, center):
    provider[center.pk] = [ev("2029", "poor")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    assert decision.proposal == "rectification"
    decision = act(
        province, decision, "order_rectification", {"rectification_deadline": deadline()}
    )
    center.refresh_from_db()
    assert decision.status == "rectifying" and center.status == "rectifying"
    assert center.rectification_deadline.isoformat() == deadline()
    assert AuditEvent.objects.filter(action="center.order_rectification").exists()
    # The result can be decided only once the center has submitted its report.
    with pytest.raises(GuardFailed):
        act(province, decision, "pass_rectification")
    staff = f.center_user(center.host_unit)
    center_transition(
        actor=staff,
        center_id=center.pk,
        action="submit_rectification",
        params={"report": "已完成整改。"},
    )
    decision = act(province, decision, "pass_rectification")
    center.refresh_from_db()
    assert decision.status == "rectified" and center.status == "operating"
    # The passed rectification is now part of the center's history.
    history = history_for_center(center)
    assert [r.as_dict() for r in history.rectifications] == [
        {"after_campaign": "2029", "passed": True}
    ]
    with pytest.raises(Conflict):
        services.decision_propose(actor=province, center_id=center.pk)  # nothing to do


def test_a_failed_rectification_proposes_removal_and_removal_removes(provider, province, center):
    provider[center.pk] = [ev("2029", "poor")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    act(province, decision, "order_rectification", {"rectification_deadline": deadline()})
    center_transition(
        actor=f.center_user(center.host_unit),
        center_id=center.pk,
        action="submit_rectification",
        params={"report": "整改不到位。"},
    )
    act(province, decision, "fail_rectification")
    removal = DynamicDecision.objects.get(status="proposed")
    assert (removal.proposal, removal.rule) == ("removal", "A25.removal.rectification_failed")
    assert removal.removal_reason == "rectification_failed"
    act(province, removal, "remove", {"reason": "rectification_failed"})
    center.refresh_from_db()
    assert center.status == "removed"
    assert AuditEvent.objects.filter(action="center.remove").exists()


def test_an_absence_without_reason_is_proposed_for_removal(provider, province, center):
    provider[center.pk] = [ev("2027", "good"), ev("2029", absent=True, valid_reason=False)]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    assert (decision.proposal, decision.removal_reason) == ("removal", "absent")
    act(province, decision, "dismiss", comment="经核实，已补交评估材料。")
    center.refresh_from_db()
    assert center.status == "operating"


def test_nothing_to_propose_and_one_open_at_a_time(provider, province, center):
    with pytest.raises(Conflict):
        services.decision_propose(actor=province, center_id=center.pk)
    provider[center.pk] = [ev("2029", "good")]
    services.decision_propose(actor=province, center_id=center.pk)
    with pytest.raises(Conflict):
        services.decision_propose(actor=province, center_id=center.pk)
    assert DynamicDecision.objects.count() == 1


@pytest.mark.parametrize("role", ["city", "center", "expert", "evaluator"])
def test_only_the_province(provider, province, center, role):
    provider[center.pk] = [ev("2029", "good")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    user = f.role_user(role)
    with pytest.raises(PermissionDenied):
        services.decision_propose(actor=user, center_id=center.pk)
    with pytest.raises(NotFound):
        act(user, decision, "grant_subsidy", {"subsidy_wan_yuan": "1"})


def test_the_province_cannot_order_a_rectification_of_a_center_not_operating(provider, province):
    center = f.CenterFactory(status="constructing")
    provider[center.pk] = [ev("2029", "poor")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    with pytest.raises(GuardFailed):
        act(province, decision, "order_rectification", {"rectification_deadline": deadline()})
    decision.refresh_from_db()
    center.refresh_from_db()
    assert decision.status == "proposed" and center.status == "constructing"


def test_a_rectification_after_an_evaluation_no_longer_listed_is_left_out(
    provider, province, center
):
    provider[center.pk] = [ev("2029", "poor")]
    decision = services.decision_propose(actor=province, center_id=center.pk)
    act(province, decision, "order_rectification", {"rectification_deadline": deadline()})
    center_transition(
        actor=f.center_user(center.host_unit),
        center_id=center.pk,
        action="submit_rectification",
        params={"report": "已完成整改。"},
    )
    act(province, decision, "pass_rectification")
    assert len(history_for_center(center).rectifications) == 1
    provider[center.pk] = [ev("2029", "good")]  # the provider is the one source of ratings
    assert history_for_center(center).rectifications == ()

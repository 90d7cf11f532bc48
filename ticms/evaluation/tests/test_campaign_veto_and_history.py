"""一票否决 (第二十六条) sets the rating whatever the score; a center's evaluation history, oldest
first, for dynamic management (第二十五条)."""

import pytest

from ticms.common import jobs
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.evaluation.campaigns import services
from ticms.evaluation.campaigns.selectors import center_evaluation_history
from ticms.evaluation.models import Campaign, CampaignCenter

from .campaign_fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def _run(world, *, veto_center=None, absent=(), name=None, excuse=()):
    campaign = world.create(
        name=name or "评估", rating_rules={"excellent_min": "0", "good_min": "0"}
    )
    campaign = services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="open"
    )
    for center in world.centers_all:
        if center not in absent:
            world.self_evaluate(campaign, center)
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    for center in excuse:
        services.entry_transition(
            actor=world.province, campaign_id=campaign.pk,
            entry_id=world.entry(campaign, center).pk, action="accept_reason", comment="理由成立",
        )  # fmt: skip
    world.score_all_qualitative(campaign)
    if veto_center is not None:
        services.evaluation_veto_record(
            actor=world.province, campaign_id=campaign.pk, center_id=veto_center.pk,
            reason="年度报告数据弄虚作假", source="integrity finding #1",
        )  # fmt: skip
    jobs.job_run(services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk).pk)
    services.campaign_transition(
        actor=world.evaluator, campaign_id=campaign.pk, action="submit_results"
    )
    services.campaign_transition(actor=world.province, campaign_id=campaign.pk, action="publish")
    return Campaign.objects.get(pk=campaign.pk)


def test_a_veto_rates_poor_whatever_the_score(world):
    best = world.far_center  # the largest figures
    campaign = _run(world, veto_center=best)
    entry = world.entry(campaign, best)
    assert entry.veto and entry.rating == "poor" and entry.rank == 1
    assert entry.rating_note[0][0] == "evaluation.rating.veto"
    event = AuditEvent.objects.get(action="campaign_center.veto")
    assert event.article == "第二十六条" and event.comment == "年度报告数据弄虚作假"
    others = CampaignCenter.objects.filter(campaign=campaign).exclude(pk=entry.pk)
    assert set(others.values_list("rating", flat=True)) == {"excellent"}


def test_a_veto_after_publishing_changes_the_rating_at_once(world):
    campaign = _run(world)
    entry = world.entry(campaign, world.centers[0])
    assert entry.rating == "excellent"
    services.evaluation_veto_record(
        actor=world.province, campaign_id=campaign.pk, center_id=world.centers[0].pk,
        reason="事后查实数据造假",
    )  # fmt: skip
    entry.refresh_from_db()
    assert entry.rating == "poor"
    assert center_evaluation_history(world.centers[0].pk)[0]["rating"] == "poor"


def test_veto_refusals(world):
    campaign = world.opened()
    with pytest.raises(PermissionDenied):
        services.evaluation_veto_record(
            actor=world.evaluator, campaign_id=campaign.pk, center_id=world.centers[0].pk,
            reason="x",
        )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.evaluation_veto_record(
            actor=world.province, campaign_id=campaign.pk, center_id=world.centers[0].pk,
            reason=" ",
        )  # fmt: skip
    outsider = world.centers[0].__class__.objects.filter(status="constructing").first()
    with pytest.raises(NotFound):
        services.evaluation_veto_record(
            actor=world.province, campaign_id=campaign.pk, center_id=outsider.pk, reason="x"
        )


def test_history_in_chronological_order(world):
    center, other = world.centers[0], world.centers[1]
    first = _run(world, name="第一次", absent=(center, other), excuse=(other,))
    # a later period
    Campaign.objects.filter(pk=first.pk).update(year_to=world.year - 2, year_from=world.year - 2)
    second = _run(world, name="第二次")
    assert second.pk > first.pk
    history = center_evaluation_history(center.pk)
    assert [h["campaign"] for h in history] == ["第一次", "第二次"]
    assert history[0] == {
        "campaign": "第一次", "campaign_id": first.pk, "year": world.year - 2,
        "participated": False, "valid_reason": False, "rating": None,
    }  # fmt: skip
    assert history[1]["participated"] is True and history[1]["valid_reason"] is None
    assert history[1]["rating"] in ("excellent", "good", "poor")
    assert center_evaluation_history(other.pk)[0]["valid_reason"] is True


def test_history_leaves_out_unpublished_campaigns(world):
    world.opened()
    assert center_evaluation_history(world.centers[0].pk) == []

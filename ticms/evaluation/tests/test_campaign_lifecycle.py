"""A campaign from opening to publishing (第二十四、二十五条): the province opens it, the centers
confirm their data and evaluate themselves (第九条第4项), the city gives its opinion (第八条第5项),
the agency scores and may check on site, the province reviews and publishes."""

import pytest

from ticms.common import jobs
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.evaluation.campaigns import services
from ticms.evaluation.campaigns.selectors import center_evaluation_history
from ticms.evaluation.models import CampaignCenter

from .campaign_fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def test_opening_covers_the_centers_that_passed_acceptance(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = world.opened()
    assert campaign.status == "collecting"
    assert set(campaign.entries.values_list("center_id", flat=True)) == {
        c.pk for c in world.centers_all
    }
    # each center's staff has its to-do with the self-evaluation deadline
    todo = InboxItem.objects.get(recipient=world.staff[world.centers[0].pk], kind="todo")
    assert todo.due_on == campaign.self_evaluation_due and todo.article == "第九条第4项"


def test_only_the_province_opens(world):
    campaign = world.create()
    with pytest.raises(PermissionDenied):
        services.campaign_transition(actor=world.evaluator, campaign_id=campaign.pk, action="open")
    with pytest.raises(NotFound):  # a draft is the province's and its agency's only
        services.campaign_transition(actor=world.city, campaign_id=campaign.pk, action="open")


def test_campaign_fields_are_checked(world):
    with pytest.raises(ValidationFailed) as exc:
        world.create(year_from=world.year + 1, agency_id=world.city.pk + 999, name="")
    assert {"name", "year_to", "agency_id"} <= set(exc.value.errors)
    with pytest.raises(ValidationFailed) as exc:
        world.create(rating_rules={"excellent_min": "80", "good_min": "90"})
    assert "good_min" in exc.value.errors


def test_self_evaluation_needs_the_data_confirmed_and_the_right_center(world):
    campaign = world.opened()
    center, other = world.centers[0], world.centers[1]
    entry = world.entry(campaign, center)
    with pytest.raises(ValidationFailed):
        services.entry_transition(
            actor=world.staff[center.pk], campaign_id=campaign.pk, entry_id=entry.pk,
            action="submit_self_evaluation", params={"self_evaluation": "x"},
        )  # fmt: skip
    with pytest.raises(Exception) as exc:
        services.entry_transition(
            actor=world.staff[other.pk],
            campaign_id=campaign.pk,
            entry_id=entry.pk,
            action="submit_self_evaluation",
            params={"data_confirmed": True, "self_evaluation": "x"},
        )
    assert type(exc.value).__name__ in ("NotFound", "PermissionDenied")
    entry = world.self_evaluate(campaign, center)
    assert entry.status == "self_submitted" and entry.data_confirmed


def test_city_checks_its_own_centers_only(world):
    campaign = world.opened()
    world.self_evaluate(campaign, world.far_center)
    far = world.entry(campaign, world.far_center)
    with pytest.raises(Exception) as exc:
        services.entry_transition(
            actor=world.city, campaign_id=campaign.pk, entry_id=far.pk, action="city_check",
            params={"city_opinion": "同意"},
        )  # fmt: skip
    assert type(exc.value).__name__ == "NotFound"
    entry = services.entry_transition(
        actor=world.other_city, campaign_id=campaign.pk, entry_id=far.pk, action="city_check",
        params={"city_opinion": "数据属实，同意。"},
    )  # fmt: skip
    assert entry.status == "city_checked" and entry.city_opinion == "数据属实，同意。"


def _through_scoring(world):
    campaign = world.opened()
    for center in world.centers:
        world.self_evaluate(campaign, center)
    # the far center neither submits nor declines: absent when self-evaluation closes
    campaign = services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    return campaign


def test_start_scoring_records_the_absent(world):
    campaign = _through_scoring(world)
    far = world.entry(campaign, world.far_center)
    assert far.status == "absent"
    assert (
        AuditEvent.objects.filter(action="campaign_center.absent", article="第二十五条").count()
        == 1
    )
    # the province accepts a reason: still not participating, but with a valid reason
    services.entry_transition(
        actor=world.province, campaign_id=campaign.pk, entry_id=far.pk, action="accept_reason",
        comment="因重大自然灾害停产，理由成立。",
    )  # fmt: skip
    assert CampaignCenter.objects.get(pk=far.pk).status == "excused"


def test_agency_scores_and_the_province_publishes(world, django_capture_on_commit_callbacks):
    campaign = _through_scoring(world)
    with pytest.raises(GuardFailed):  # nothing computed, qualitative scores missing
        services.campaign_transition(
            actor=world.evaluator, campaign_id=campaign.pk, action="submit_results"
        )
    world.score_all_qualitative(campaign)
    entry = world.entry(campaign, world.centers[0])
    services.entry_transition(
        actor=world.evaluator, campaign_id=campaign.pk, entry_id=entry.pk, action="pick_onsite"
    )
    services.entry_transition(
        actor=world.evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
        action="record_onsite", params={"onsite_findings": "现场核查与报告一致。"},
    )  # fmt: skip
    job = services.campaign_compute_start(actor=world.evaluator, campaign_id=campaign.pk)
    job = jobs.job_run(job.pk)
    assert job.ok is True and "已计算 3 家参评中心" in job.result_text
    entries = {e.center_id: e for e in campaign.entries.all()}
    # the biggest center ranks first; the absent center has no result
    best = entries[world.centers[2].pk]
    assert best.rank == 1 and best.total is not None and best.rating
    assert entries[world.far_center.pk].total is None
    campaign = services.campaign_transition(
        actor=world.evaluator, campaign_id=campaign.pk, action="submit_results"
    )
    with pytest.raises(PermissionDenied):
        services.campaign_transition(
            actor=world.evaluator, campaign_id=campaign.pk, action="publish"
        )
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_transition(
            actor=world.province, campaign_id=campaign.pk, action="publish"
        )
    assert campaign.status == "published" and campaign.published_at
    assert AuditEvent.objects.filter(action="evaluation_campaign.publish").exists()
    notice = InboxItem.objects.filter(recipient=world.staff[world.centers[0].pk], kind="notice")
    assert notice.exists()
    history = center_evaluation_history(world.far_center.pk)
    assert history == [
        {"campaign": campaign.name, "campaign_id": campaign.pk, "year": world.year,
         "participated": False, "valid_reason": False, "rating": None}
    ]  # fmt: skip
    assert center_evaluation_history(world.centers[2].pk)[0]["rating"] == best.rating


def test_a_score_change_after_computing_asks_for_a_new_computation(world):
    campaign = _through_scoring(world)
    world.score_all_qualitative(campaign)
    jobs.job_run(services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk).pk)
    entry = world.entry(campaign, world.centers[0])
    indicator = world.system.indicators.filter(kind="qualitative").first()
    services.qualitative_score_set(
        actor=world.evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
        indicator_id=indicator.pk, score="60", reason="复核后下调。",
    )  # fmt: skip
    with pytest.raises(GuardFailed) as exc:
        services.campaign_transition(
            actor=world.evaluator, campaign_id=campaign.pk, action="submit_results"
        )
    assert "重新计算" in str(exc.value.problems)


@pytest.mark.parametrize(
    ("score", "reason", "field"),
    [("101", "理由", "score"), ("-1", "理由", "score"), ("abc", "理由", "score"),
     ("80.001", "理由", "score"), ("80", "  ", "reason")],
)  # fmt: skip
def test_qualitative_scores_need_a_range_and_a_reason(world, score, reason, field):
    campaign = _through_scoring(world)
    entry = world.entry(campaign, world.centers[0])
    indicator = world.system.indicators.filter(kind="qualitative").first()
    with pytest.raises(ValidationFailed) as exc:
        services.qualitative_score_set(
            actor=world.evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
            indicator_id=indicator.pk, score=score, reason=reason,
        )  # fmt: skip
    assert field in exc.value.errors


def test_scoring_only_while_scoring(world):
    campaign = world.opened()
    entry = world.entry(campaign, world.centers[0])
    indicator = world.system.indicators.filter(kind="qualitative").first()
    with pytest.raises(Conflict):
        services.qualitative_score_set(
            actor=world.evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
            indicator_id=indicator.pk, score="80", reason="x",
        )  # fmt: skip


def test_one_computation_at_a_time(world):
    campaign = _through_scoring(world)
    job = services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk)
    with pytest.raises(Conflict):
        services.campaign_compute_start(actor=world.evaluator, campaign_id=campaign.pk)
    jobs.job_run(job.pk)
    again = services.campaign_compute_start(actor=world.evaluator, campaign_id=campaign.pk)
    assert again.pk != job.pk

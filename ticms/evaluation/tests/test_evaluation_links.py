"""The evaluation areas feed each other: published ratings are the dynamic-management history
(第二十五条), publishing proposes for every center of the campaign, and an integrity finding
against a center vetoes its rating in the campaigns of its period (第二十六条)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from ticms.common import jobs
from ticms.common.models import AuditEvent
from ticms.evaluation.links import campaign_history
from ticms.evaluation.models import Campaign, DynamicDecision

from .campaign_fixtures import World
from .integrity_helpers import make_expert, record
from .test_campaign_veto_and_history import _run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def test_publishing_proposes_for_every_center_of_the_campaign(world):
    campaign = _run(world, veto_center=world.far_center, absent=[world.centers[2]])
    assert campaign.proposals_job is not None
    assert not DynamicDecision.objects.exists()  # in the worker, not in the request
    job = jobs.job_run(campaign.proposals_job.pk)
    assert job.ok and job.done == job.total == len(world.centers_all)
    proposals = dict(DynamicDecision.objects.values_list("center_id", "proposal"))
    assert proposals[world.centers[0].pk] == "subsidy"
    assert proposals[world.far_center.pk] == "rectification"  # vetoed: 较差
    assert proposals[world.centers[2].pk] == "removal"  # absent without a valid reason
    assert set(DynamicDecision.objects.values_list("campaign", flat=True)) == {campaign.name}
    # Run twice (a retried task): nothing is proposed twice while a decision is open.
    Campaign.objects.filter(pk=campaign.pk).update(proposals_job=jobs.job_start(
        actor=world.province, kind="evaluation.dynamic_proposals"
    ))  # fmt: skip
    jobs.job_run(Campaign.objects.get(pk=campaign.pk).proposals_job_id)
    assert DynamicDecision.objects.count() == len(proposals)


def test_the_dynamic_management_command_reads_the_published_ratings(world):
    _run(world, veto_center=world.far_center)
    out = StringIO()
    call_command("dynamic_management", "--center", str(world.far_center.pk), stdout=out)
    result = json.loads(out.getvalue())
    assert result["proposal"] == "rectification" and result["article"] == "第二十五条"
    out = StringIO()
    call_command("dynamic_management", "--center", str(world.centers[0].pk), stdout=out)
    assert json.loads(out.getvalue())["proposal"] == "subsidy"


def test_two_campaigns_with_one_name_stay_two_evaluations(world):
    _run(world, name="同名评估")
    _run(world, name="同名评估")
    history = campaign_history(world.centers[0])
    assert len(history) == 2 and history[0]["campaign"] != history[1]["campaign"]


def test_a_finding_against_a_center_vetoes_its_published_rating(world):
    campaign = _run(world)
    entry = world.entry(campaign, world.centers[0])
    assert entry.rating == "excellent"
    finding = record(world.province, "center", world.centers[0])
    entry.refresh_from_db()
    assert entry.veto and entry.rating == "poor"
    assert entry.veto_source.endswith(f"#{finding.pk}")
    other = world.entry(campaign, world.centers[1])
    assert not other.veto and other.rating == "excellent"


def test_a_finding_before_the_evaluation_period_vetoes_nothing(world):
    campaign = _run(world)
    record(world.province, "center", world.centers[0], decided_on=dt.date(world.year - 3, 6, 1))
    assert world.entry(campaign, world.centers[0]).rating == "excellent"


def test_a_finding_recorded_before_the_campaign_is_applied_when_it_is_computed(world):
    record(world.province, "center", world.centers[1], decided_on=dt.date(world.year, 3, 1))
    campaign = _run(world)
    entry = world.entry(campaign, world.centers[1])
    assert entry.veto and entry.rating == "poor"
    event = AuditEvent.objects.filter(action="campaign_center.veto").get()
    assert event.article == "第二十六条" and event.object_id == str(entry.pk)


def test_a_finding_against_an_expert_vetoes_no_center(world):
    campaign = _run(world)
    record(world.province, "expert", make_expert(world.province))
    ratings = set(campaign.entries.values_list("rating", flat=True))
    assert ratings == {"excellent"}

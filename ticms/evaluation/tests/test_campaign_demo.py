"""The demo province holds a published campaign with every class of rating, an absence with a
reason and one without, an on-site check (issue 11, demo)."""

import pytest
from django.core.management import call_command

from ticms.evaluation.campaigns.selectors import center_evaluation_history
from ticms.evaluation.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_demo_campaign(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    campaign = Campaign.objects.get()
    assert campaign.status == "published" and campaign.computed_at and not campaign.stale
    entries = list(campaign.entries.all())
    ratings = {e.rating for e in entries if e.participated}
    assert ratings == {"excellent", "good", "poor"}
    statuses = {e.status for e in entries}
    assert {"absent", "onsite_done", "city_checked"} <= statuses
    absent = next(e for e in entries if e.status == "absent" and e.absence_reason)
    assert center_evaluation_history(absent.center_id)[0]["participated"] is False
    # 第二十五条: a proposal for every center of the campaign, one 较差 center under
    # rectification (the center lifecycle's own), and the absent one proposed for removal.
    from ticms.evaluation.models import DynamicDecision

    decisions = DynamicDecision.objects.select_related("center")
    assert decisions.count() == len(entries)
    rectifying = decisions.get(status="rectifying")
    assert rectifying.center.status == "rectifying" and rectifying.center.rectification_deadline
    assert decisions.filter(proposal="removal", status="proposed").exists()
    assert decisions.filter(proposal="subsidy").exists()

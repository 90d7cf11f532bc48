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

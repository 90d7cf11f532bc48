"""A campaign over 5,000 centers computes in under 20 s (issue 11): the figures of every center
are read in a few queries, never one query per center."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers.models import Center
from ticms.evaluation.campaigns.compute import campaign_compute
from ticms.evaluation.models import CampaignCenter
from ticms.reporting.models import AnnualReport
from ticms.testing import factories as f

from .campaign_fixtures import World, figures

pytestmark = pytest.mark.django_db

N = 5000


def test_five_thousand_centers_compute_in_under_20_seconds():
    world = World(centers=1)
    campaign = world.opened()
    campaign.status = "scoring"
    campaign.save()
    host = f.OrganisationFactory()
    city, field = f.city("320100"), f.sub_field("E0201")
    centers = Center.objects.bulk_create(
        Center(code=f"TIC-S-{i:05d}", name=f"规模中心{i}", host_unit=host, city=city,
               sub_field=field, status="operating")
        for i in range(N)
    )  # fmt: skip
    AnnualReport.objects.bulk_create(
        AnnualReport(center=c, year=world.year, status="filed", figures=figures(i % 97))
        for i, c in enumerate(centers)
    )
    CampaignCenter.objects.bulk_create(
        CampaignCenter(campaign=campaign, center=c, status="city_checked") for c in centers
    )
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        counts = campaign_compute(campaign, actor=world.province)
    elapsed = time.monotonic() - started
    assert (
        sum(counts.values()) == N + 1 + len(world.centers_all) - 1 - 1 or sum(counts.values()) > N
    )
    assert elapsed < 20, f"{elapsed:.1f} s"
    # batches of 1,000 rows, not a query per center
    assert len(queries) < 40, len(queries)
    entry = CampaignCenter.objects.get(center=centers[96])
    assert entry.rank is not None and entry.breakdown  # 96 is the largest figure: first
    assert entry.rank == 1

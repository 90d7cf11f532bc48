"""seed_scale writes the acceptances of the centers that applied for acceptance since TICMS
took over, consistent with the center lifecycle, so the acceptance pages join the benchmark."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ticms.accounts.models import Role, User
from ticms.centers.models import CenterStatus
from ticms.evaluation.models import Acceptance, AcceptanceStatus

pytestmark = pytest.mark.django_db


def test_seed_scale_writes_acceptances_the_pages_can_show(settings):
    settings.DEBUG = True
    years = 10
    settings.TICMS = {
        **settings.TICMS,
        "ANNUAL_REPORTS_FROM": timezone.localdate().year - years + 1,
    }
    call_command("seed_scale", centers=60, years=years, audit_events=600, seed=11)
    rows = list(Acceptance.objects.select_related("center"))
    assert rows
    for a in rows:
        if a.status == AcceptanceStatus.PROVINCE_REVIEW:
            assert a.center.status == CenterStatus.ACCEPTING
        else:
            assert a.status == AcceptanceStatus.PASSED
            assert a.center.status != CenterStatus.ACCEPTING and a.concluded_at
    client = Client()
    client.force_login(User.objects.filter(role=Role.PROVINCE, is_active=True).first())
    assert client.get("/evaluation/acceptances/").status_code == 200
    assert client.get(rows[0].get_absolute_url()).status_code == 200

"""The demo has one acceptance in progress, made through the services: the center applied at
the end of its construction period, its city gave its opinion, the province forms the panel."""

import pytest
from django.core.management import call_command

from ticms.accounts.models import User
from ticms.centers.models import CenterStatus
from ticms.evaluation.models import Acceptance, AcceptanceStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_acceptance_waiting_for_its_panel(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    acceptance = Acceptance.objects.select_related("center").get()
    assert acceptance.status == AcceptanceStatus.PROVINCE_REVIEW
    assert acceptance.center.status == CenterStatus.ACCEPTING
    assert acceptance.city_opinion and acceptance.self_assessment
    client.force_login(User.objects.get(username="province"))
    assert acceptance.center.name in client.get("/reviews/").content.decode()
    page = client.get(acceptance.get_absolute_url()).content.decode()
    assert "年度报告" in page and "组建验收专家组" in page

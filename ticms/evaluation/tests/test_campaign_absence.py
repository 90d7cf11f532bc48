"""Not taking part (第二十五条): a center says why, or is recorded absent when self-evaluation
closes; the province may accept the reason. Deadlines ride on the to-dos."""

import pytest
from django.conf import settings

from ticms.common.exceptions import Conflict
from ticms.common.models import InboxItem
from ticms.evaluation.campaigns import services
from ticms.evaluation.campaigns.selectors import center_evaluation_history

from .campaign_fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return World()


def test_a_center_declines_with_a_reason_and_the_province_accepts_it(
    world, django_capture_on_commit_callbacks
):
    campaign = world.opened()
    center = world.centers[0]
    entry = world.entry(campaign, center)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.entry_transition(
            actor=world.staff[center.pk], campaign_id=campaign.pk, entry_id=entry.pk,
            action="decline", params={"absence_reason": "主体搬迁，年度内停止运行"},
        )  # fmt: skip
    assert entry.status == "absent" and entry.absence_reason.startswith("主体搬迁")
    todo = InboxItem.objects.get(recipient=world.province, kind="todo", object_id=str(entry.pk))
    assert todo.article == "第二十五条"
    with pytest.raises(Conflict):  # once absent, no self-evaluation
        world.self_evaluate(campaign, center)
    entry = services.entry_transition(
        actor=world.province, campaign_id=campaign.pk, entry_id=entry.pk,
        action="accept_reason", comment="搬迁属实",
    )  # fmt: skip
    assert entry.status == "excused" and not entry.participated


def test_the_city_check_todo_carries_its_deadline(world, django_capture_on_commit_callbacks):
    campaign = world.opened()
    with django_capture_on_commit_callbacks(execute=True):
        world.self_evaluate(campaign, world.centers[0])
    todo = InboxItem.objects.get(recipient=world.city, kind="todo")
    assert todo.due_on == campaign.city_check_due and todo.article == "第八条第5项"
    assert not InboxItem.objects.filter(recipient=world.other_city, kind="todo").exists()


def test_after_self_evaluation_closes_the_center_cannot_submit(world):
    campaign = world.opened()
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    entry = world.entry(campaign, world.centers[0])
    assert entry.status == "absent"
    with pytest.raises(Conflict):
        world.self_evaluate(campaign, world.centers[0])
    assert center_evaluation_history(world.centers[0].pk) == []  # not published yet


def test_pages_and_explanations_in_english(client, world):
    from ticms.common import jobs

    campaign = world.opened()
    world.self_evaluate(campaign, world.centers[0])
    services.campaign_transition(
        actor=world.province, campaign_id=campaign.pk, action="start_scoring"
    )
    jobs.job_run(services.campaign_compute_start(actor=world.province, campaign_id=campaign.pk).pk)
    client.force_login(world.province)
    entry = world.entry(campaign, world.centers[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Indicator scores" in page and "Actual value 1 is not below 1, in that band" in page
    assert "Ranked 1 of 1 in the campaign" not in page  # one center ranked: the n = 1 sentence
    assert "The only center in the campaign with the figure" in page

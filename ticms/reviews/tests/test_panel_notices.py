"""The notices of a panel's events read well: the opinion ends with one full stop (none doubled,
one added when missing), and so does a changed arrangement; the leader is not told of their own
act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common import inbox
from ticms.reviews import services
from ticms.reviews.models import PanelMode

pytestmark = pytest.mark.django_db


def _conclude(rig, opinion="同意组建。"):
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    return services.panel_opinion_write(
        actor=rig.experts[0].user, panel_id=rig.panel.pk, opinion=opinion, recommendation="support"
    )


def test_opinion_notice_has_no_doubled_full_stop(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        _conclude(rig, opinion="同意组建。")
    notices = [n for n in inbox.notices(rig.province) if "出具专家组意见" in n.title]
    assert len(notices) == 1
    body = notices[0].body
    assert "专家组意见：同意组建。" in body and "支持" in body
    assert "。。" not in body
    assert notices[0].url == rig.panel.get_absolute_url()
    # The leader is not told of their own action.
    assert not [n for n in inbox.notices(rig.experts[0].user) if "出具专家组意见" in n.title]


def test_opinion_notice_ends_an_unpunctuated_opinion(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        _conclude(rig, opinion="同意组建！")
    body = next(n.body for n in inbox.notices(rig.province) if "出具专家组意见" in n.title)
    assert "专家组意见：同意组建！专家组论证结论" in body


def test_arrangement_notice_has_no_doubled_full_stop(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_update(
            actor=rig.province,
            panel_id=rig.panel.pk,
            mode=PanelMode.MEETING,
            due_on=rig.panel.due_on,
            meeting_at=timezone.now() + dt.timedelta(days=3),
            place="省科技厅三楼会议室。",
        )
    bodies = [n.body for n in inbox.notices(rig.experts[0].user) if "论证安排已调整" in n.title]
    assert bodies and "三楼会议室。" in bodies[0] and "。。" not in bodies[0]

"""The notices of a change request close each sentence once."""

from __future__ import annotations

import pytest

from ticms.common import inbox

from .matters_helpers import act, change

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("opinion", "ending"),
    [("同意，报请省科技厅审批。", "审批。"), ("同意上报", "同意上报。"), ("可以！", "可以！")],
)
def test_notice_body_closes_each_sentence_once(
    world, django_capture_on_commit_callbacks, opinion, ending
):
    request = change(world, "research_direction")
    act(world, "staff_nj", request, "submit")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "city_nj", request, "city_review", params={"opinion": opinion})
    [notice] = [n for n in inbox.notices(world.users["staff_nj"]) if n.object_id == str(request.pk)]
    assert "。。" not in notice.body and "！。" not in notice.body
    assert notice.body.endswith(ending)

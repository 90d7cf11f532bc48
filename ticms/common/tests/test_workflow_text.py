"""The action page asks for a written opinion once, and a notice closes each sentence once."""

from __future__ import annotations

import pytest

from ticms.common.forms import transition_form
from ticms.common.models import InboxItem
from ticms.common.workflow import Param, transition_execute
from ticms.testing import factories as f

from .workflow_helpers import make, t


def test_a_transition_may_turn_the_comment_field_off():
    opinion = Param("opinion", "审核意见", kind="textarea")
    assert list(transition_form(t(params=(opinion,))).fields) == ["opinion", "comment"]
    form = transition_form(t(params=(opinion,), comment_field=False), {"opinion": "同意"})
    assert list(form.fields) == ["opinion"]
    assert form.is_valid() and form.cleaned_data == {"opinion": "同意"}


def test_a_required_comment_cannot_lose_its_field():
    with pytest.raises(ValueError, match="a required comment needs its field"):
        make([t(comment_required=True, comment_field=False)])


@pytest.mark.django_db
def test_a_value_ending_in_a_full_stop_gets_no_second_one(django_capture_on_commit_callbacks):
    center = f.CenterFactory(status="cultivating")
    officer = f.city_user()
    wf = make(
        [
            t(
                params=(Param("opinion", "审核意见", kind="textarea"),),
                comment_field=False,
                notify=lambda obj: [officer],
            )
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(
            actor=f.province_user(),
            workflow=wf,
            obj=center,
            action="go",
            params={"opinion": "同意，报请省科技厅审批。"},
        )
    notice = InboxItem.objects.get(kind="notice")
    assert notice.body == "状态已变更为「乙」。审核意见：同意，报请省科技厅审批。"

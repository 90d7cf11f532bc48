"""What a transition tells people (common.workflow): to-dos for those who must act next (the
actor too) and notices for those to be told (never the actor), their bodies with the state,
the labelled values and the comment, stored in the system language, and the previous state's
to-dos closed."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from ticms.common.models import InboxItem
from ticms.common.workflow import Param, transition_execute
from ticms.testing import factories as f

from .workflow_helpers import STATES, make, t

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return f.CenterFactory(status="cultivating")


def test_todos_reach_the_actor_too_and_notices_skip_them(
    center, django_capture_on_commit_callbacks
):
    """The next step may be the actor's own (the province forms the panel it ordered): the
    to-do goes to every next actor, once each; a notice tells the others only."""
    province, colleague = f.province_user(), f.province_user()
    officer = f.city_user()
    wf = make(
        [
            t(
                todo_for=lambda obj: [province, colleague, colleague],
                notify=lambda obj: [officer, province],
            )
        ]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        transition_execute(actor=province, workflow=wf, obj=center, action="go")
    assert not InboxItem.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    todos = InboxItem.objects.filter(kind="todo")
    assert sorted(t.recipient_id for t in todos) == sorted([province.pk, colleague.pk])
    todo = todos.get(recipient=colleague)
    assert todo.title == f"{center} 待办理（乙）"
    assert todo.object_state == "constructing"
    assert todo.url == center.get_absolute_url()
    assert todo.article == "第六条"
    notice = InboxItem.objects.get(kind="notice")
    assert notice.recipient == officer
    assert notice.title == f"{center}：前进"
    assert notice.body == "状态已变更为「乙」。"


REASONS = (
    ("poor", gettext_lazy("连续两次评估较差")),
    ("absent", gettext_lazy("无故不参加评估")),
)


def test_notice_body_gives_the_state_the_labelled_values_and_the_comment(
    center, django_capture_on_commit_callbacks
):
    officer = f.city_user()
    wf = make(
        [
            t(
                params=(
                    Param("doc", "文号"),
                    Param("on", "日期", kind="date"),
                    Param("reason", "原因", kind="choice", choices=REASONS),
                    Param("note", "备注", required=False),
                ),
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
            params={"doc": " 1号 ", "on": "2025-03-01", "reason": "poor", "note": "  "},
            comment="  理由如下  ",
        )
    notice = InboxItem.objects.get(kind="notice")
    # Values in the order the action declares them, cleaned; the empty optional one left out;
    # a choice by its label, not its code.
    assert notice.body == (
        "状态已变更为「乙」。文号：1号。日期：2025-03-01。原因：连续两次评估较差。办理意见：理由如下"
    )


def test_notice_body_without_a_comment_has_no_comment_line(
    center, django_capture_on_commit_callbacks
):
    officer = f.city_user()
    wf = make(
        [
            t(
                params=(Param("reason", "原因", kind="choice", choices=REASONS),),
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
            params={"reason": "absent"},
            comment="   ",
        )
    assert InboxItem.objects.get(kind="notice").body == "状态已变更为「乙」。原因：无故不参加评估。"


def test_stored_texts_are_in_the_system_language_whatever_the_actor_reads(
    center, django_capture_on_commit_callbacks
):
    """Notices and to-dos are read by others later: they are written in zh-hans even when the
    transaction commits inside an English request."""
    officer, colleague = f.city_user(), f.province_user()
    wf = make(
        [
            t(
                label=gettext_lazy("撤销"),
                params=(
                    Param("deadline", gettext_lazy("整改期限"), kind="date"),
                    Param("reason", gettext_lazy("原因"), kind="choice", choices=REASONS),
                ),
                todo_for=lambda obj: [colleague],
                notify=lambda obj: [officer],
            )
        ],
        states={**STATES, "constructing": gettext_lazy("建设中")},
    )
    with translation.override("en"):
        # The labels really have English translations, so the test can tell the difference.
        assert str(gettext_lazy("建设中")) == "Under construction"
        assert str(gettext_lazy("连续两次评估较差")) == "Rated poor in two evaluations in a row"
        with django_capture_on_commit_callbacks(execute=True):
            transition_execute(
                actor=f.province_user(),
                workflow=wf,
                obj=center,
                action="go",
                params={"deadline": "2027-01-31", "reason": "poor"},
                comment="As agreed",
            )
        assert translation.get_language() == "en"  # the actor's language is left as it was
    notice = InboxItem.objects.get(kind="notice")
    assert notice.title == f"{center}：撤销"
    assert notice.body == (
        "状态已变更为「建设中」。整改期限：2027-01-31。原因：连续两次评估较差。办理意见：As agreed"
    )
    todo = InboxItem.objects.get(kind="todo")
    assert todo.title == f"{center} 待办理（建设中）"
    with translation.override("en"):
        # Stored as what happened: each reader gets their own language.
        assert notice.body.startswith("The status has changed to “Under construction”.")
        assert "Rated poor in two evaluations in a row" in notice.body


def test_moving_on_closes_the_todos_of_the_previous_state(
    center, django_capture_on_commit_callbacks
):
    province, city = f.province_user(), f.city_user()
    wf = make(
        [
            t(todo_for=lambda obj: [city]),
            t("finish", sources=("constructing",), target="operating"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(actor=province, workflow=wf, obj=center, action="go")
    todo = InboxItem.objects.get(kind="todo")
    assert todo.done_at is None
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(actor=province, workflow=wf, obj=center, action="finish")
    todo.refresh_from_db()
    assert todo.done_at is not None

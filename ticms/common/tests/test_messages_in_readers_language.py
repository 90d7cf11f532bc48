"""Notifications and to-dos are stored as what happened — a message id and its parameters — and
rendered in the reader's language when shown, old records included."""

from __future__ import annotations

import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ticms.common import inbox, messages
from ticms.common import workflow as _workflow  # noqa: F401  (defines the workflow messages)
from ticms.common.models import InboxItem
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def in_language(language, fn):
    with translation.override(language):
        return fn()


def test_a_stored_message_renders_in_each_readers_language():
    center = f.CenterFactory(name="Test Centre")
    message = messages.msg(
        "workflow.notice", obj=messages.ref(center), action=messages.text("验收通过")
    )
    assert in_language("zh-hans", lambda: messages.render(message)) == "Test Centre：验收通过"
    assert in_language("en", lambda: messages.render(message)) == "Test Centre: Acceptance passed"


def test_a_record_is_named_as_it_is_now_and_as_it_was_once_gone():
    center = f.CenterFactory(name="旧名称")
    message = messages.msg("workflow.todo", obj=messages.ref(center), state=messages.text("建设中"))
    center.name = "新名称"
    center.save()
    assert messages.render(message, messages.Records().prefetch([message])).startswith("新名称")
    gone = messages.msg(
        "workflow.todo", obj={"_o": "centers.center:999999", "s": "旧名称"}, state="x"
    )
    assert messages.render(gone, messages.Records().prefetch([gone])).startswith("旧名称")


def test_no_program_value_leaks_from_an_unknown_or_broken_message():
    assert messages.render(["no.such.message", {"text": "保留的文字"}]) == "保留的文字"
    assert messages.render(["no.such.message", {}]) == ""
    assert messages.render([]) == ""
    with pytest.raises(KeyError):
        messages.msg("no.such.message")


def test_an_undefined_state_label_falls_back_to_its_source_text():
    message = messages.msg("workflow.todo", obj="X", state={"_t": "不存在的状态"})
    assert in_language("en", lambda: messages.render(message)) == "X needs action (不存在的状态)"


def test_lists_are_joined_with_the_readers_separator():
    value = messages.seq(messages.text("建设中"), messages.text("运行中"))
    message = messages.msg("legacy", text=value)
    assert in_language("zh-hans", lambda: messages.render(message)) == "建设中、运行中"
    assert in_language("en", lambda: messages.render(message)) == "Under construction, Operating"


def test_a_transition_notice_reads_in_english_for_an_english_reader(
    django_capture_on_commit_callbacks,
):
    from ticms.centers.workflow import CENTER_WORKFLOW
    from ticms.common.workflow import transition_execute

    center = f.CenterFactory(status="accepting", name="Nanjing Machine Tools Centre")
    city = f.city_user(center.city.code)
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(
            actor=f.province_user(),
            workflow=CENTER_WORKFLOW,
            obj=center,
            action="pass_acceptance",
            comment="Well done",
            via="acceptance.pass",
        )
    item = InboxItem.objects.get(recipient=city)
    assert item.title_data[0] == "workflow.notice"
    chinese = in_language("zh-hans", lambda: (item.title, item.body))
    assert chinese == (
        "Nanjing Machine Tools Centre：验收通过",
        "状态已变更为「运行中」。办理意见：Well done",
    )
    english = in_language("en", lambda: (item.title, item.body))
    assert not CJK.search(" ".join(english)), english


def test_the_workbench_renders_every_item_with_a_constant_number_of_queries(client):
    user = f.province_user()
    centers = [f.CenterFactory(name=f"Centre {n}") for n in range(6)]

    def add(n):
        for center in centers[:n]:
            inbox.todo_create(
                recipients=[user],
                title=messages.msg(
                    "workflow.todo", obj=messages.ref(center), state=messages.text("验收中")
                ),
                obj=center,
                state="accepting",
            )

    client.force_login(user)
    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/workbench/").status_code == 200
    add(5)
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as six:
        page = client.get("/workbench/")
    assert len(six) == len(one)
    html = page.content.decode()
    assert "Centre 5" in html


# --- the data migration of the old finished texts ----------------------------------------------

MIGRATION = importlib.import_module("ticms.common.migrations.0004_inbox_messages")


class Old:
    def __init__(self, kind, title, body="", object_type="centers.center", object_id="7"):
        self.kind, self.title, self.body = kind, title, body
        self.object_type, self.object_id = object_type, object_id


def test_old_todo_and_notice_texts_become_messages():
    todo = Old("todo", "江苏省工业母机技术创新中心 待办理（验收中）")
    assert MIGRATION._title(todo) == [
        "workflow.todo",
        {
            "obj": {"_o": "centers.center:7", "s": "江苏省工业母机技术创新中心"},
            "state": {"_t": "验收中"},
        },
    ]
    notice = Old(
        "notice",
        "江苏省工业母机技术创新中心：责令限期整改",
        "状态已变更为「限期整改」。整改期限：2026-03-01。办理意见：按期整改。",
    )
    assert MIGRATION._title(notice)[1]["action"] == {"_t": "责令限期整改"}
    assert MIGRATION._body(notice) == [
        ["workflow.state_changed", {"state": {"_t": "限期整改"}}],
        ["workflow.param", {"label": {"_t": "整改期限"}, "value": {"_t": "2026-03-01"}}],
        ["workflow.comment", {"comment": "按期整改。"}],
    ]
    with translation.override("en"):
        body = messages.render_all(MIGRATION._body(notice))
    assert body.startswith("The status has changed to “Rectification (with deadline)”.")
    assert "2026-03-01" in body and body.endswith("Comments: 按期整改。")


@pytest.mark.parametrize(
    "title", ["论证邀请：某中心（请于 2026-01-01 前完成）", "", "没有冒号的标题"]
)
def test_other_old_texts_are_kept_as_they_were(title):
    old = Old("todo", title, "自由文字的说明")
    assert messages.render(MIGRATION._title(old)) == title
    assert messages.render_all(MIGRATION._body(old)) == "自由文字的说明"


def test_an_audit_note_is_a_message_in_the_chain_and_renders_per_reader():
    from ticms.centers import services as centers
    from ticms.common.audit import verify_chain
    from ticms.common.models import AuditEvent

    center = f.CenterFactory(status="cultivating")
    unit = f.OrganisationFactory(kind="university", name="Canal University")
    centers.co_builder_add(
        actor=f.province_user(), center=center, organisation=unit, kind="university", duties=""
    )
    event = AuditEvent.objects.get(action="center.co_builder_add")
    assert event.comment == "" and event.note[0] == "centers.unit_of_kind"
    assert in_language("zh-hans", lambda: event.note_text) == "Canal University（高校）"
    assert in_language("en", lambda: event.note_text) == "Canal University (University)"
    assert verify_chain().ok
    AuditEvent.objects.filter(pk=event.pk).update(note=["legacy", {"text": "改过"}])
    assert not verify_chain().ok  # the note is part of what the chain protects

"""The center lifecycle's inbox: to-dos for the next actor (closed when the center moves on, passed
back and forth during the rectification review), notices for the city with the new state, the
values and the comment, in the system language; a refused transition tells nobody; an inbox
item is its recipient's alone."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from ticms.centers.models import Center
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    PermissionDenied,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.testing import factories as f

from .conftest import login
from .lifecycle_helpers import REPORT, S, day, notices_titled, one, put, run, tomorrow

pytestmark = pytest.mark.django_db


def test_request_acceptance_creates_todos_for_the_province_and_notices_for_the_city(
    world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    second = f.province_user(username="province2")
    f.province_user(username="retired", is_active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(world, "request_acceptance")
        # Nothing is sent before the transaction commits.
        assert not InboxItem.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()

    todos = InboxItem.objects.filter(kind=InboxItem.Kind.TODO)
    assert {t.recipient.username for t in todos} == {"province", second.username}
    for todo in todos:
        assert todo.object_type == "centers.center"
        assert todo.object_id == str(world.nj.pk)
        assert todo.object_state == S.ACCEPTING
        assert todo.url == f"/centers/{world.nj.pk}/"
        assert todo.article == "第七条第3项"
        assert todo.done_at is None
    notices = InboxItem.objects.filter(kind=InboxItem.Kind.NOTICE)
    assert {n.recipient.username for n in notices} == {"city_nj"}
    assert "验收中" in notices.get().body


def test_todos_close_when_the_center_moves_on(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    assert InboxItem.objects.filter(kind="todo", done_at__isnull=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_acceptance")
    assert not InboxItem.objects.filter(kind="todo", done_at__isnull=True).exists()
    latest = notices_titled("验收通过")
    # City officers and the center's staff are told; the acting province officer is not.
    assert {n.recipient.username for n in latest} == {"city_nj", "staff_a"}


def open_todos():
    return InboxItem.objects.filter(kind="todo", done_at__isnull=True)


def test_rectification_review_passes_the_todo_back_and_forth(
    world, django_capture_on_commit_callbacks
):
    """限期整改 → 提交整改报告 → 退回继续整改 → 提交 → 整改通过: each step closes the to-dos of
    the last one and gives the next actor theirs, with the deadline in force."""
    put(world.nj, S.OPERATING)
    f.province_user(username="province2")
    f.province_user(username="retired", is_active=False)
    first_deadline, second_deadline = day(30), day(60)

    with django_capture_on_commit_callbacks(execute=True):
        run(
            world,
            "order_rectification",
            params={"rectification_deadline": first_deadline.isoformat()},
            comment="评估结果为较差",
        )
    order_todo = open_todos().get()
    assert (order_todo.recipient, order_todo.due_on) == (world.users["staff_a"], first_deadline)
    assert order_todo.object_state == S.RECTIFYING

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "submit_rectification", comment="")
    order_todo.refresh_from_db()
    assert order_todo.done_at is not None
    review_todos = list(open_todos())
    assert {t.recipient.username for t in review_todos} == {"province", "province2"}
    for todo in review_todos:
        assert todo.object_state == S.RECTIFICATION_REVIEW
        assert todo.due_on == first_deadline
        assert todo.article == "第二十五条"
        assert todo.title == "南京工业母机技术创新中心 待办理（整改待复核）"
    submitted = one(notices_titled("提交整改报告"))
    assert submitted.recipient == world.users["city_nj"]
    # The report ends with its own 。: no second one (第二十五条 notice text).
    assert submitted.body == f"状态已变更为「整改待复核」。整改情况报告：{REPORT}"

    with django_capture_on_commit_callbacks(execute=True):
        run(
            world,
            "return_rectification",
            params={"rectification_deadline": second_deadline.isoformat()},
            comment="人员补充不到位",
        )
    assert all(InboxItem.objects.get(pk=t.pk).done_at is not None for t in review_todos)
    returned_todo = open_todos().get()
    assert (returned_todo.recipient, returned_todo.due_on) == (
        world.users["staff_a"],
        second_deadline,
    )
    assert returned_todo.object_state == S.RECTIFYING
    returned = one(notices_titled("退回继续整改"))
    assert returned.recipient == world.users["city_nj"]
    assert returned.body == (
        f"状态已变更为「限期整改」。整改期限：{second_deadline}。办理意见：人员补充不到位"
    )
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == second_deadline

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "submit_rectification", comment="")
    assert {t.due_on for t in open_todos()} == {second_deadline}
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_rectification", comment="整改到位")
    assert not open_todos().exists()
    passed = notices_titled("整改通过")
    assert {n.recipient.username for n in passed} == {"city_nj", "staff_a"}
    center = Center.objects.get(pk=world.nj.pk)
    assert (center.status, center.rectification_deadline) == (S.OPERATING, None)
    assert list(
        AuditEvent.objects.filter(action__startswith="center.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "center.order_rectification",
        "center.submit_rectification",
        "center.return_rectification",
        "center.submit_rectification",
        "center.pass_rectification",
    ]
    # Nobody outside 南京 hears of it: not the branch's staff, not the 苏州 city.
    assert not InboxItem.objects.filter(
        recipient__in=[world.users["staff_c"], world.users["city_sz"], world.users["staff_b"]]
    ).exists()
    assert verify_chain().ok


def test_notices_give_the_new_state_the_values_and_the_comment(
    world, django_capture_on_commit_callbacks
):
    put(world.nj, S.ACCEPTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_acceptance", comment="")
    bodies = {n.body for n in InboxItem.objects.filter(kind="notice")}
    # No comment was given: it is left out, not shown as empty.
    assert bodies == {"状态已变更为「运行中」。"}


def test_notices_are_written_in_the_system_language_with_choice_labels(
    world, django_capture_on_commit_callbacks
):
    """An officer reading English still leaves Chinese text for the others: the state, the
    parameter labels and the label of the reason chosen, never its code."""
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    with translation.override("en"):
        assert gettext("原因") == "Reason"  # English is really what the actors read
        with django_capture_on_commit_callbacks(execute=True):
            run(world, "submit_rectification", comment="")
        with django_capture_on_commit_callbacks(execute=True):
            run(world, "remove", comment="整改后复核仍不合格")

    todos = InboxItem.objects.filter(kind="todo")
    assert {t.title for t in todos} == {"南京工业母机技术创新中心 待办理（整改待复核）"}
    removal = notices_titled("不再纳入序列管理")
    assert {n.recipient.username for n in removal} == {"city_nj", "staff_a"}
    for notice in removal:
        assert notice.title == "南京工业母机技术创新中心：不再纳入序列管理"
        assert notice.body == (
            "状态已变更为「不再纳入序列管理」。原因：连续两次评估较差。办理意见：整改后复核仍不合格"
        )
        assert "two_poor" not in notice.body


def test_refused_transition_tells_nobody(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        run(world, "request_acceptance", who="cobuilder_d")
    assert callbacks == []
    assert not InboxItem.objects.exists()


def test_another_users_inbox_item_cannot_be_marked_read(
    client, world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    notice = InboxItem.objects.get(recipient=world.users["city_nj"])

    login(client, world.users["city_sz"])
    assert client.post(f"/workbench/inbox/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None

    client.logout()
    login(client, world.users["city_nj"])
    response = client.post(f"/workbench/inbox/{notice.pk}/read/", {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{world.nj.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None

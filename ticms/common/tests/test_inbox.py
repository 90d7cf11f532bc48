"""Per-user todos and notices (common.inbox) and the workbench endpoints that mark them read."""

from __future__ import annotations

import datetime as dt

import pytest

from ticms.common import inbox, messages
from ticms.common.exceptions import NotFound
from ticms.common.models import InboxItem
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return f.CenterFactory()


def text(value):
    return messages.msg("legacy", text=value)


def test_todo_create_dedupes_and_skips_inactive_and_missing_recipients(center):
    alice, bob = f.province_user(), f.province_user()
    gone = f.province_user(is_active=False)
    items = inbox.todo_create(
        recipients=[alice, None, bob, alice, gone],
        title=text("标" * 400),
        obj=center,
        state="accepting",
        url="/centers/1/",
        article="第七条第3项",
        due_on=dt.date(2030, 1, 1),
    )
    assert sorted(i.recipient_id for i in items) == sorted([alice.pk, bob.pk])
    stored = InboxItem.objects.get(recipient=alice)
    assert stored.kind == InboxItem.Kind.TODO
    assert stored.title == "标" * 400  # a message, not a column: nothing cut
    assert (stored.object_type, stored.object_id) == ("centers.center", str(center.pk))
    assert stored.object_state == "accepting"
    assert stored.due_on == dt.date(2030, 1, 1)
    assert stored.done_at is None and stored.read_at is None


def test_notice_create(center):
    alice = f.city_user()
    (item,) = inbox.notice_create(
        recipients=[alice, alice],
        title=text("已验收"),
        obj=center,
        body=[text("状态已变更")],
        article="第七条第3项",
    )
    assert item.kind == InboxItem.Kind.NOTICE
    assert item.object_state == ""
    assert inbox.notice_create(recipients=[], title=text("x")) == []


def test_todos_close_for_closes_only_open_state_todos_of_that_object(center):
    other = f.CenterFactory()
    user = f.province_user()
    mine = inbox.todo_create(recipients=[user], title=text("a"), obj=center, state="accepting")[0]
    unbound = inbox.todo_create(recipients=[user], title=text("b"), obj=center)[0]  # no state
    elsewhere = inbox.todo_create(recipients=[user], title=text("c"), obj=other, state="accepting")[
        0
    ]
    notice = inbox.notice_create(recipients=[user], title=text("d"), obj=center)[0]

    assert inbox.todos_close_for(center) == 1
    for item in (mine, unbound, elsewhere, notice):
        item.refresh_from_db()
    assert mine.done_at is not None
    assert unbound.done_at is None
    assert elsewhere.done_at is None
    assert notice.done_at is None
    assert inbox.todos_close_for(center) == 0  # already closed stay as they were


def test_item_mark_read_is_limited_to_the_recipient(center):
    owner, stranger = f.city_user("320100"), f.city_user("320500")
    item = inbox.notice_create(recipients=[owner], title=text("x"), obj=center)[0]
    with pytest.raises(NotFound):
        inbox.item_mark_read(actor=stranger, item_id=item.pk)
    item.refresh_from_db()
    assert item.read_at is None
    with pytest.raises(NotFound):
        inbox.item_mark_read(actor=owner, item_id=item.pk + 1000)

    first = inbox.item_mark_read(actor=owner, item_id=item.pk).read_at
    assert first is not None
    assert inbox.item_mark_read(actor=owner, item_id=item.pk).read_at == first  # idempotent


def test_items_mark_all_read_touches_only_own_notices(center):
    owner, stranger = f.province_user(), f.province_user()
    inbox.notice_create(recipients=[owner, stranger], title=text("n"), obj=center)
    inbox.notice_create(recipients=[owner], title=text("n2"), obj=center)
    todo = inbox.todo_create(recipients=[owner], title=text("t"), obj=center, state="accepting")[0]
    assert inbox.items_mark_all_read(actor=owner) == 2
    todo.refresh_from_db()
    assert todo.read_at is None  # a todo is done by acting, not by reading
    assert InboxItem.objects.get(recipient=stranger).read_at is None


def test_open_todos_oldest_deadline_first(center):
    user = f.province_user()

    def todo(title, due):
        return inbox.todo_create(
            recipients=[user], title=text(title), obj=center, state="s", due_on=due
        )[0]

    later = todo("later", dt.date(2030, 6, 1))
    none_first = todo("no deadline 1", None)
    sooner = todo("sooner", dt.date(2030, 1, 1))
    none_second = todo("no deadline 2", None)
    done = todo("done", dt.date(2029, 1, 1))
    InboxItem.objects.filter(pk=done.pk).update(done_at=dt.datetime(2029, 1, 2, tzinfo=dt.UTC))
    inbox.todo_create(
        recipients=[f.province_user()],
        title=text("someone else's"),
        obj=center,
        state="s",
        due_on=dt.date(2000, 1, 1),
    )
    assert [i.pk for i in inbox.open_todos(user)] == [
        sooner.pk,
        later.pk,
        none_first.pk,
        none_second.pk,
    ]


def test_notices_unread_first_then_newest(center):
    user = f.province_user()
    old = inbox.notice_create(recipients=[user], title=text("old"), obj=center)[0]
    read = inbox.notice_create(recipients=[user], title=text("read"), obj=center)[0]
    new = inbox.notice_create(recipients=[user], title=text("new"), obj=center)[0]
    inbox.item_mark_read(actor=user, item_id=read.pk)
    assert [i.pk for i in inbox.notices(user)] == [new.pk, old.pk, read.pk]


def test_unread_count_counts_unread_notices_and_open_todos(center):
    user = f.province_user()
    inbox.notice_create(recipients=[user], title=text("n1"), obj=center)
    read = inbox.notice_create(recipients=[user], title=text("n2"), obj=center)[0]
    inbox.item_mark_read(actor=user, item_id=read.pk)
    inbox.todo_create(recipients=[user], title=text("t1"), obj=center, state="accepting")
    closed = inbox.todo_create(
        recipients=[user], title=text("t2"), obj=f.CenterFactory(), state="accepting"
    )[0]
    InboxItem.objects.filter(pk=closed.pk).update(done_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    inbox.notice_create(recipients=[f.province_user()], title=text("not mine"), obj=center)
    assert inbox.unread_count(user) == 2


# --- the workbench endpoints ------------------------------------------------------------------


def test_marking_another_users_item_read_is_404(client, center):
    owner, stranger = f.city_user("320100"), f.city_user("320500")
    item = inbox.notice_create(
        recipients=[owner], title=text("南京通知"), obj=center, url=center.get_absolute_url()
    )[0]
    client.force_login(stranger)
    response = client.post(f"/workbench/inbox/{item.pk}/read/")
    assert response.status_code == 404
    assert "南京通知" not in response.content.decode()
    item.refresh_from_db()
    assert item.read_at is None


def test_marking_own_item_read_and_following_it(client, center):
    owner = f.city_user()
    item = inbox.notice_create(
        recipients=[owner], title=text("x"), obj=center, url=center.get_absolute_url()
    )[0]
    client.force_login(owner)
    assert client.get(f"/workbench/inbox/{item.pk}/read/").status_code == 405
    response = client.post(f"/workbench/inbox/{item.pk}/read/", {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"] == center.get_absolute_url()
    item.refresh_from_db()
    assert item.read_at is not None
    plain = client.post(f"/workbench/inbox/{item.pk}/read/")
    assert plain["Location"] == "/workbench/"


def test_read_all_and_anonymous(client, center):
    owner = f.city_user()
    inbox.notice_create(recipients=[owner], title=text("x"), obj=center)
    response = client.post("/workbench/inbox/read-all/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(owner)
    assert client.post("/workbench/inbox/read-all/").status_code == 302
    assert inbox.unread_count(owner) == 0


def test_workbench_lists_the_users_own_items_only(client, center):
    owner, stranger = f.province_user(), f.province_user()
    inbox.todo_create(recipients=[owner], title=text("我的待办事项"), obj=center, state="accepting")
    inbox.todo_create(
        recipients=[stranger], title=text("别人的待办事项"), obj=center, state="accepting"
    )
    client.force_login(owner)
    html = client.get("/workbench/").content.decode()
    assert "我的待办事项" in html
    assert "别人的待办事项" not in html

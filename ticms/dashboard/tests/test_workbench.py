import datetime as dt

import pytest

from ticms.common import inbox, messages
from ticms.common.models import InboxItem
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_workbench_lists_todos_oldest_deadline_first(client):
    user = f.province_user()
    today = dt.date(2026, 11, 30)
    inbox.todo_create(
        recipients=[user], title=messages.msg("legacy", text="无期限"), url="/centers/"
    )
    inbox.todo_create(
        recipients=[user],
        title=messages.msg("legacy", text="较晚"),
        due_on=today + dt.timedelta(days=9),
    )
    inbox.todo_create(
        recipients=[user],
        title=messages.msg("legacy", text="最早"),
        due_on=today + dt.timedelta(days=1),
    )
    inbox.notice_create(recipients=[user], title=messages.msg("legacy", text="一条通知"))
    inbox.todo_create(
        recipients=[f.province_user()], title=messages.msg("legacy", text="别人的待办")
    )
    client.force_login(user)
    html = client.get("/workbench/").content.decode()
    assert html.index("最早") < html.index("较晚") < html.index("无期限")
    assert "一条通知" in html and "别人的待办" not in html


def test_reading_an_item_follows_its_link_and_only_own_items(client):
    user, other = f.province_user(), f.province_user()
    (item,) = inbox.notice_create(
        recipients=[user], title=messages.msg("legacy", text="看这里"), url="/centers/"
    )
    (foreign,) = inbox.notice_create(
        recipients=[other], title=messages.msg("legacy", text="不是你的")
    )
    client.force_login(user)
    response = client.post(f"/workbench/inbox/{item.pk}/read/", {"follow": "1"})
    assert response.status_code == 302 and response["Location"] == "/centers/"
    assert InboxItem.objects.get(pk=item.pk).read_at is not None
    assert client.post(f"/workbench/inbox/{foreign.pk}/read/").status_code == 404
    assert InboxItem.objects.get(pk=foreign.pk).read_at is None
    assert client.get(f"/workbench/inbox/{item.pk}/read/").status_code == 405


def test_unread_badge_counts_notices_and_open_todos(client):
    user = f.province_user()
    inbox.notice_create(recipients=[user], title=messages.msg("legacy", text="n1"))
    inbox.todo_create(recipients=[user], title=messages.msg("legacy", text="t1"))
    client.force_login(user)
    assert inbox.unread_count(user) == 2
    client.post("/workbench/inbox/read-all/")
    assert inbox.unread_count(user) == 1  # the todo waits until it is done
    (todo,) = inbox.open_todos(user)
    client.post(f"/workbench/inbox/{todo.pk}/read/")
    assert inbox.unread_count(user) == 1  # opening it does not do it


def test_root_sends_visitors_to_the_portal_and_users_to_the_workbench(client):
    assert client.get("/")["Location"] == "/portal/"
    client.force_login(f.province_user())
    assert client.get("/")["Location"] == "/workbench/"


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("province", ["/centers/", "/system/audit/"], []),
        ("city", ["/centers/", "/org/organisations/"], ["/system/audit/"]),
        ("center", ["/centers/"], ["/org/organisations/", "/system/audit/"]),
        ("expert", ["/regulation/"], ["/centers/", "/system/audit/"]),
        ("sysadmin", ["/system/calendar/", "/system/audit/"], ["/centers/"]),
    ],
)
def test_menu_follows_the_role(client, role, visible, hidden):
    client.force_login(f.role_user(role))
    html = client.get("/workbench/").content.decode()
    nav = html[html.index('id="nav-main"') : html.index("</nav>")]
    for url in visible:
        assert f'href="{url}"' in nav
    for url in hidden:
        assert f'href="{url}"' not in nav


def test_workbench_needs_login(client):
    response = client.get("/workbench/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

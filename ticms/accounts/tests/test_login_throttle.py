"""Login throttling (django-axes): failures lock the account and the address for a cool-off,
with a clear message; the administrator lifts a lock; every failed login is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from ticms.accounts.models import LoginLock
from ticms.common.audit import verify_chain
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_twenty_wrong_passwords_then_the_right_one_does_not_log_in(client):
    user = f.province_user(username="p1")
    for _ in range(20):
        attempt(client, "p1", "wrong")
    response = attempt(client, "p1", f.PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "登录已暂时锁定" in html and "连续 5 次登录失败" in html and "30 分钟" in html
    assert "联系系统管理员" in html
    # Every failure, including the refused right password, is in the audit chain.
    events = AuditEvent.objects.filter(action="user.login_failed").order_by("seq")
    assert events.count() == 21
    assert {e.object_id for e in events} == {str(user.pk)}
    assert events.first().actor_id is None and events.first().actor_label == "anonymous"
    assert events.first().after == {
        "account": "known",
        "address": "203.0.113.7",
        "locked_out": False,
    }
    assert events.last().after["locked_out"] is True
    assert verify_chain().ok


def test_the_lock_starts_at_the_fifth_failure(client):
    f.province_user(username="p1")
    for _ in range(4):
        assert attempt(client, "p1", "wrong").status_code == 200
    assert attempt(client, "p1", "wrong").status_code == 429


def test_before_the_lock_a_right_password_logs_in_and_resets_the_count(client):
    f.province_user(username="p1")
    for _ in range(4):
        attempt(client, "p1", "wrong")
    assert attempt(client, "p1", f.PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "p1", "wrong")
    assert attempt(client, "p1", f.PASSWORD).status_code == 302


def test_the_login_page_says_when_the_lock_comes(client):
    f.province_user(username="p1")
    html = attempt(client, "p1", "wrong").content.decode()
    assert "用户名或密码不正确" in html
    assert "连续 5 次登录失败后，该账号和当前网络地址将被锁定 30 分钟" in html


def test_the_account_is_locked_from_every_address(client):
    f.province_user(username="p1")
    for n in range(5):
        attempt(client, "p1", "wrong", ip=f"203.0.113.{n + 1}")
    assert attempt(client, "p1", f.PASSWORD, ip="198.51.100.50").status_code == 429
    assert not logged_in(client)


def test_the_address_is_locked_for_every_account(client):
    f.province_user(username="victim")
    for n in range(5):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "victim", f.PASSWORD).status_code == 429
    # From elsewhere the account is fine.
    assert attempt(client, "victim", f.PASSWORD, ip="198.51.100.50").status_code == 302


def test_an_unknown_name_is_audited_without_the_name(client):
    attempt(client, "my-password-typed-here", "wrong")
    event = AuditEvent.objects.get(action="user.login_failed")
    assert event.object_type == "accounts.user" and event.object_id == ""
    assert "my-password-typed-here" not in str(event.after) + event.object_repr
    assert event.after["account"] == "unknown"


def test_the_lock_ends_after_the_cool_off(client):
    f.province_user(username="p1")
    for _ in range(5):
        attempt(client, "p1", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert attempt(client, "p1", f.PASSWORD).status_code == 302


def test_the_administrator_lifts_a_lock_with_a_command(client):
    f.province_user(username="p1")
    for _ in range(5):
        attempt(client, "p1", "wrong")
    call_command("axes_reset_username", "p1")
    assert attempt(client, "p1", f.PASSWORD).status_code == 302


def test_the_administrator_lifts_a_lock_in_the_admin(client):
    f.province_user(username="p1")
    for _ in range(5):
        attempt(client, "p1", "wrong")
    admin = f.UserFactory(role="sysadmin")
    client.force_login(admin)
    page = client.get("/admin/accounts/loginlock/")
    assert page.status_code == 200
    assert "登录失败记录与锁定" in page.content.decode() and "p1" in page.content.decode()
    lock = LoginLock.objects.get(username="p1")
    response = client.post(f"/admin/accounts/loginlock/{lock.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="admin.delete", object_id=str(lock.pk)).exists()
    client.logout()
    assert attempt(client, "p1", f.PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["province", "city"])
def test_only_the_administrator_sees_the_locks(client, role):
    user = f.province_user() if role == "province" else f.city_user()
    client.force_login(user)
    response = client.get("/admin/accounts/loginlock/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_bearer_tokens_are_not_throttled_by_the_login_lock(client):
    from ticms.accounts.tokens import token_create

    user = f.city_user("320500", username="c1")
    for _ in range(5):
        attempt(client, "c1", "wrong", ip="127.0.0.1")
    _item, token = token_create(actor=None, user=user, name="t")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200

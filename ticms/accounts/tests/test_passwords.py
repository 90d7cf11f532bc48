"""Passwords: the validators run when an account is created; every user changes their own
password (audited); only the system administrator is staff."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from ticms.accounts.models import Role, User
from ticms.accounts.services import user_create, user_password_change
from ticms.common.exceptions import ValidationFailed
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db
NEW = "Qing-He-2026-garden"


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short1", "密码太短：至少需要 8 个字符"),
        ("12345678901", "密码只包含数字"),
        ("password123", "太常见"),
        ("province-officer1", "太相似"),
    ],
)
def test_account_creation_runs_the_validators(password, fragment):
    admin = f.UserFactory(role="sysadmin")
    with pytest.raises(ValidationFailed) as exc:
        user_create(
            actor=admin, username="province-officer1", password=password, role=Role.PROVINCE
        )
    assert any(fragment in m for m in exc.value.errors["password"]), exc.value.errors
    assert not User.objects.filter(username="province-officer1").exists()


def test_the_demo_password_passes_the_validators():
    from ticms.demo.province import DEMO_PASSWORD

    admin = f.UserFactory(role="sysadmin")
    user = user_create(actor=admin, username="province", password=DEMO_PASSWORD, role="province")
    assert user.check_password(DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("role", "staff"),
    [("province", False), ("city", False), ("expert", False), ("sysadmin", True)],
)
def test_only_the_system_administrator_is_staff(role, staff):
    admin = f.UserFactory(role="sysadmin")
    extra = {"city": f.city("320500")} if role == "city" else {}
    user = user_create(actor=admin, username=f"u-{role}", password=NEW, role=role, **extra)
    assert user.is_staff is staff


def test_existing_staff_province_users_are_demoted():
    province = f.province_user(is_staff=True)
    sysadmin = f.UserFactory(role="sysadmin", is_staff=True)
    migration = importlib.import_module("ticms.accounts.migrations.0004_only_sysadmin_is_staff")
    migration.only_sysadmin_is_staff(apps, None)
    province.refresh_from_db()
    sysadmin.refresh_from_db()
    assert not province.is_staff and sysadmin.is_staff


def test_the_user_menu_links_the_password_page(client):
    client.force_login(f.city_user())
    html = client.get("/workbench/").content.decode()
    assert 'href="/accounts/password/"' in html and "修改密码" in html


def test_the_page_needs_a_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def change(client, old, new, again=None):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.parametrize("role", ["province", "city", "expert", "sysadmin"])
def test_a_user_changes_their_own_password(client, role):
    extra = {"city": f.city("320500")} if role == "city" else {}
    user = f.UserFactory(role=role, username="someone", **extra)
    client.force_login(user)
    response = change(client, f.PASSWORD, NEW)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    # Still logged in here; the event says who and when, never the hash.
    assert client.get("/workbench/").status_code == 200
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.actor_id == user.pk and event.object_id == str(user.pk)
    assert "pbkdf2" not in str(event.after) and "md5" not in str(event.after)
    client.logout()
    login = {"username": "someone", "password": NEW}
    assert client.post("/accounts/login/", login).status_code == 302


@pytest.mark.parametrize(
    ("old", "new", "again", "fragment"),
    [
        ("wrong", NEW, None, "当前密码不正确"),
        (f.PASSWORD, "12345678901", None, "密码只包含数字"),
        (f.PASSWORD, "short", None, "密码太短：至少需要 8 个字符"),
        (f.PASSWORD, NEW, NEW + "x", "两次输入的新密码不一致"),
        (f.PASSWORD, f.PASSWORD, None, "不能与当前密码相同"),
    ],
)
def test_bad_changes_are_refused_with_a_reason(client, old, new, again, fragment):
    user = f.province_user()
    client.force_login(user)
    response = change(client, old, new, again)
    assert response.status_code == 200
    assert fragment in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(f.PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


def test_the_service_checks_the_current_password():
    user = f.province_user()
    with pytest.raises(ValidationFailed) as exc:
        user_password_change(actor=user, old_password="", new_password=NEW)
    assert "old_password" in exc.value.errors

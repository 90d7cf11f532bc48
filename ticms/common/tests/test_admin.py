import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.models import AuditEvent
from ticms.regulation.models import RuleSet
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["province", "city", "center", "expert", "evaluator"])
def test_admin_is_for_the_system_administrator_only(client, role):
    client.force_login(f.role_user(role))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_user_creation_is_audited_without_the_password_hash(client):
    client.force_login(f.UserFactory(role="sysadmin"))
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcity",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
            "display_name": "新用户",
            "role": "city",
            "city": f.city("320500").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.add")
    assert "password" not in event.after and event.after["role"] == "city"
    assert "pbkdf2" not in str(event.after) and "md5" not in str(event.after)


def test_admin_refuses_a_city_user_without_a_city(client):
    client.force_login(f.UserFactory(role="sysadmin"))
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "nocity",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
            "role": "city",
        },
    )
    assert response.status_code == 200
    assert "设区市科技局用户须绑定所属设区市" in response.content.decode()


def test_password_reset_is_audited_without_the_hash(client):
    admin = f.UserFactory(role="sysadmin")
    target = f.province_user()
    client.force_login(admin)
    response = client.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {
            "password1": "Another-pass-2026",
            "password2": "Another-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.object_id == str(target.pk) and event.after == {}


def test_rule_set_cannot_be_back_dated(client):
    client.force_login(f.UserFactory(role="sysadmin"))
    data = {"code": "2027.1", "title": "t", "thresholds": '{"x": 1}', "notes": ""}
    today = timezone.localdate()
    response = client.post("/admin/regulation/ruleset/add/", {**data, "effective_from": today})
    assert response.status_code == 200 and "须晚于今天" in response.content.decode()
    assert not RuleSet.objects.filter(code="2027.1").exists()
    # A version already in force cannot be edited at all.
    in_force = RuleSet.objects.get(code="2025.1")
    assert client.get(f"/admin/regulation/ruleset/{in_force.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/regulation/ruleset/{in_force.pk}/change/",
        {**data, "code": "2025.1", "effective_from": today + dt.timedelta(days=30)},
    )
    assert response.status_code == 403

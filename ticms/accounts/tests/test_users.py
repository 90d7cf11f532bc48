import pytest
from django.db import IntegrityError, transaction

from ticms.accounts.models import User
from ticms.accounts.services import user_create
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_city_role_requires_a_city_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role="city")


@pytest.mark.parametrize("role", ["center", "co_builder", "evaluator"])
def test_organisation_roles_require_an_organisation(role):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=role)


def test_user_create_checks_binding_and_audits():
    admin = f.UserFactory(role="sysadmin")
    with pytest.raises(ValidationFailed) as exc:
        user_create(actor=admin, username="c1", password="pw-123456", role="city")
    assert "city" in exc.value.errors
    user = user_create(
        actor=admin, username="c1", password="pw-123456", role="city", city=f.city("320500")
    )
    assert user.check_password("pw-123456") and user.city.code == "320500"
    with pytest.raises(ValidationFailed):
        user_create(actor=admin, username="c1", password="pw", role="province")


def test_only_sysadmin_creates_users():
    with pytest.raises(PermissionDenied):
        user_create(actor=f.province_user(), username="z", password="pw", role="province")


def test_login_page_and_bad_password_message(client):
    f.province_user(username="p1")
    response = client.post("/accounts/login/", {"username": "p1", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "p1", "password": f.PASSWORD})
    assert response.status_code == 302


def test_inactive_user_cannot_use_the_api(client):
    user = f.province_user()
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/me").status_code == 401


def test_api_token(client):
    from ticms.accounts.tokens import token_create

    user = f.city_user("320500")
    _item, token = token_create(actor=None, user=user, name="t")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["city"] == "320500"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401

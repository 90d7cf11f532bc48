"""A record missing or outside the user's scope gets the project's 404 page, never Django's
technical page, also with DEBUG on."""

import re

import pytest

from ticms.testing import factories as f

pytestmark = pytest.mark.django_db
TECHNICAL = ("You’re seeing this error because you have", "DEBUG = True", "Raised by:")


@pytest.mark.parametrize("debug", [True, False])
def test_a_center_outside_the_scope_gets_the_project_page(client, settings, debug):
    settings.DEBUG = debug
    center = f.CenterFactory(city=f.city("320500"))
    client.force_login(f.city_user("320100"))
    response = client.get(f"/centers/{center.pk}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "您要找的记录不存在，或不在您的访问范围内" in html
    assert not any(marker in html for marker in TECHNICAL)


def test_a_missing_record_looks_the_same(client, settings):
    settings.DEBUG = True
    client.force_login(f.city_user("320100"))
    outside = client.get(f"/centers/{f.CenterFactory(city=f.city('320500')).pk}/")
    missing = client.get("/centers/999999/")
    assert missing.status_code == outside.status_code == 404

    # The same page, but for the per-request CSRF token and the path in the language switch.
    def page(response):
        return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)

    assert page(missing) == page(outside)


def test_the_public_notice_page_too(client, settings):
    settings.DEBUG = True
    response = client.get("/portal/notices/999999/")
    assert response.status_code == 404
    assert "DEBUG = True" not in response.content.decode()


def test_the_api_still_answers_json(client, settings):
    settings.DEBUG = True
    client.force_login(f.city_user("320100"))
    center = f.CenterFactory(city=f.city("320500"))
    response = client.get(f"/api/v1/centers/{center.pk}")
    assert response.status_code == 404 and "detail" in response.json()

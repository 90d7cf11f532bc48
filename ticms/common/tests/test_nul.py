import json

import pytest

from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/centers/?q=a%00b",
        "/org/organisations/?q=%00",
        "/system/audit/?action=x%00",
        "/api/v1/centers?q=%00",
    ],
)
def test_nul_in_query_is_a_clear_refusal(client, url):
    client.force_login(f.province_user())
    response = client.get(url)
    assert response.status_code in (400, 422)
    assert "NUL" in response.content.decode()


def test_nul_in_json_body_is_refused(client):
    client.force_login(f.province_user())
    body = json.dumps({"layout": {"sub_field": "E02\u000001"}})
    response = client.post("/api/v1/eligibility/check", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "(request)"


def test_nul_in_form_is_refused_and_nothing_saved(client):
    from ticms.accounts.models import Organisation

    client.force_login(f.province_user())
    response = client.post("/org/organisations/new/", {"name": "a\x00b", "uscc_code": "x"})
    assert response.status_code == 400
    assert not Organisation.objects.filter(name__startswith="a").exists()


def test_ordinary_requests_pass(client):
    client.force_login(f.province_user())
    assert client.get("/centers/?q=%E4%B8%AD").status_code == 200

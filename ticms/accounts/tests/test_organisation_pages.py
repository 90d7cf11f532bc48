import pytest

from ticms.accounts import uscc
from ticms.accounts.models import Organisation
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_form_shows_error_summary_for_bad_code(client):
    client.force_login(f.province_user())
    bad = uscc.make("91320100000000123")
    bad = bad[:-1] + ("A" if bad[-1] != "A" else "B")
    response = client.post(
        "/org/organisations/new/",
        {
            "name": "某公司",
            "uscc_code": bad,
            "kind": "enterprise",
            "city": f.city().pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html and "校验位错误" in html
    assert not Organisation.objects.filter(name="某公司").exists()


def test_form_creates_organisation(client):
    client.force_login(f.province_user())
    response = client.post(
        "/org/organisations/new/",
        {
            "name": "某公司",
            "uscc_code": uscc.make("91320100000000123"),
            "kind": "enterprise",
            "city": f.city().pk,
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="某公司").exists()


def test_city_officer_lists_only_own_city(client):
    mine = f.OrganisationFactory(city=f.city("320100"), name="南京甲")
    other = f.OrganisationFactory(city=f.city("320500"), name="苏州乙")
    client.force_login(f.city_user("320100"))
    html = client.get("/org/organisations/").content.decode()
    assert mine.name in html and other.name not in html
    # A city officer cannot pick another city in the form either.
    response = client.post(
        "/org/organisations/new/",
        {
            "name": "苏州丙",
            "uscc_code": uscc.make("91320500000000321"),
            "kind": "enterprise",
            "city": f.city("320500").pk,
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="苏州丙").exists()


@pytest.mark.parametrize("role", ["center", "expert", "evaluator", "co_builder"])
def test_other_roles_cannot_open_the_form(client, role):
    client.force_login(f.role_user(role))
    assert client.get("/org/organisations/new/").status_code == 403


def test_bad_code_is_shown_on_its_own_field(client):
    client.force_login(f.province_user())
    bad = uscc.make("91320100000000123")
    bad = bad[:-1] + ("A" if bad[-1] != "A" else "B")
    response = client.post(
        "/org/organisations/new/",
        {
            "name": "某公司",
            "uscc_code": bad,
            "kind": "enterprise",
            "city": f.city().pk,
        },
    )
    form = response.context["form"]
    assert "校验位错误" in form.errors["uscc_code"][0]
    assert 'id="uscc_code-error"' in response.content.decode()

"""Setting up a cultivating center through the pages: co-builders, leaders, team members."""

import pytest

from ticms.accounts import idnumbers
from ticms.accounts.models import Person
from ticms.centers.models import CenterCoBuilder, TeamMember
from ticms.common.models import AuditEvent
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

DIRECTOR = idnumbers.make_resident("32010219700101001")
EXECUTIVE = idnumbers.make_resident("32010219750202002")


@pytest.fixture
def cultivating():
    return f.CenterFactory(status="cultivating", city=f.city("320100"))


def test_city_sets_up_its_center_step_by_step(client, cultivating):
    officer = f.city_user("320100")
    gov = f.OrganisationFactory(kind="local_government", city=f.city("320100"))
    client.force_login(officer)
    detail = client.get(f"/centers/{cultivating.pk}/").content.decode()
    for url in ("co-builders/new/", "leaders/", "team/new/"):
        assert f"/centers/{cultivating.pk}/{url}" in detail

    response = client.post(
        f"/centers/{cultivating.pk}/co-builders/new/",
        {
            "organisation": gov.uscc,
            "kind": "local_government",
            "agreement_signed_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    assert CenterCoBuilder.objects.get(center=cultivating).organisation == gov

    response = client.post(
        f"/centers/{cultivating.pk}/leaders/",
        {
            "director_name": "张主任",
            "director_id_number": DIRECTOR,
            "director_title_level": "senior",
            "director_degree": "doctorate",
            "executive_name": "李执行",
            "executive_id_number": EXECUTIVE,
            "executive_title_level": "vice_senior",
            "executive_degree": "master",
            "executive_full_time": "on",
        },
    )
    assert response.status_code == 302
    cultivating.refresh_from_db()
    assert cultivating.director.name == "张主任" and cultivating.executive_director_full_time
    assert cultivating.director.id_hash == idnumbers.id_hash(DIRECTOR)

    member = idnumbers.make_resident("32010219900303003")
    response = client.post(
        f"/centers/{cultivating.pk}/team/new/",
        {
            "name": "王工",
            "id_number": member,
            "title_level": "intermediate",
            "degree": "master",
            "team": "core_rd",
            "full_time": "on",
            "is_rd_staff": "on",
            "another": "1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/team/new/")
    assert TeamMember.objects.get(center=cultivating).person.name == "王工"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"center.co_builder_add", "center.leaders_appoint", "center.team_members_add"} <= actions


def test_bad_input_is_shown_on_the_fields_and_nothing_is_saved(client, cultivating):
    client.force_login(f.city_user("320100"))
    response = client.post(
        f"/centers/{cultivating.pk}/team/new/",
        {
            "name": "赵工",
            "id_number": DIRECTOR[:-1] + ("0" if DIRECTOR[-1] != "0" else "1"),
            "title_level": "none",
            "degree": "bachelor",
            "team": "core_rd",
        },
    )
    assert response.status_code == 200
    assert "校验位错误" in response.context["form"].errors["id_number"][0]
    assert not TeamMember.objects.exists() and not Person.objects.filter(name="赵工").exists()

    response = client.post(
        f"/centers/{cultivating.pk}/co-builders/new/",
        {
            "organisation": cultivating.host_unit.uscc,
            "kind": "enterprise",
        },
    )
    assert response.status_code == 200  # the host unit is not even offered
    assert not CenterCoBuilder.objects.exists()


def test_the_same_person_is_not_registered_twice(client, cultivating):
    client.force_login(f.city_user("320100"))
    data = {
        "name": "王工",
        "id_number": DIRECTOR,
        "title_level": "intermediate",
        "degree": "master",
        "team": "core_rd",
    }
    client.post(f"/centers/{cultivating.pk}/team/new/", data)
    response = client.post(f"/centers/{cultivating.pk}/team/new/", data)
    assert "已在团队名单中" in response.content.decode()
    assert Person.objects.filter(id_hash=idnumbers.id_hash(DIRECTOR)).count() == 1


@pytest.mark.parametrize("status", ["operating", "constructing"])
def test_after_approval_only_the_province_changes_the_roster(client, status):
    center = f.CenterFactory(status=status, city=f.city("320100"))
    for user in (f.city_user("320100"), f.center_user(center.host_unit)):
        client.force_login(user)
        assert client.get(f"/centers/{center.pk}/team/new/").status_code == 403
        assert "team/new/" not in client.get(f"/centers/{center.pk}/").content.decode()
    client.force_login(f.province_user())
    assert client.get(f"/centers/{center.pk}/team/new/").status_code == 200


@pytest.mark.parametrize("url", ["co-builders/new/", "leaders/", "team/new/"])
def test_out_of_scope_is_404(client, cultivating, url):
    client.force_login(f.city_user("320500"))
    assert client.get(f"/centers/{cultivating.pk}/{url}").status_code == 404

"""`application_leaders_save` answers the executive director question of 第十二条第4项 in the
same step as naming the leaders (used by the 主任与执行主任 page)."""

from __future__ import annotations

import pytest

from ticms.common.exceptions import Conflict, ValidationFailed
from ticms.common.models import AuditEvent
from ticms.establishment import services
from ticms.establishment.models import Application
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    guide = published_guide()
    applicant = f.center_user(f.OrganisationFactory(kind="new_rd_institution"))
    application = services.application_create(
        actor=applicant, guide_id=guide.pk, center_name="江苏省测试技术创新中心"
    )
    return application, applicant


def test_full_time_answer_is_saved_with_the_leaders(draft):
    application, applicant = draft
    services.application_leaders_save(
        actor=applicant,
        application_id=application.pk,
        director={"name": "张主任", "id_number": f.make_id_number()},
        executive_director=None,
        executive_director_full_time=True,
    )
    application.refresh_from_db()
    assert application.director.name == "张主任" and application.executive_director is None
    assert application.profile_data == {"team": {"executive_director_full_time": True}}
    event = AuditEvent.objects.filter(action="application.update").latest("seq")
    assert event.after["team.executive_director_full_time"] is True


def test_full_time_answer_can_be_cleared_and_other_answers_stay(draft):
    application, applicant = draft
    services.application_profile_save(
        actor=applicant,
        application_id=application.pk,
        answers={"center.rd_site_area_m2": "6000", "team.executive_director_full_time": False},
    )
    services.application_leaders_save(
        actor=applicant,
        application_id=application.pk,
        director=None,
        executive_director=None,
        executive_director_full_time=None,
    )
    application.refresh_from_db()
    assert application.profile_data == {"center": {"rd_site_area_m2": "6000"}, "team": {}}


def test_without_the_argument_the_answer_is_untouched(draft):
    application, applicant = draft
    services.application_profile_save(
        actor=applicant,
        application_id=application.pk,
        answers={"team.executive_director_full_time": True},
    )
    services.application_leaders_save(
        actor=applicant,
        application_id=application.pk,
        director=None,
        executive_director={"name": "李执行", "id_number": f.make_id_number()},
    )
    application.refresh_from_db()
    assert application.profile_data["team"]["executive_director_full_time"] is True
    assert application.executive_director.name == "李执行"


def test_a_non_boolean_answer_is_refused_before_anything_is_saved(draft):
    application, applicant = draft
    with pytest.raises(ValidationFailed) as exc:
        services.application_leaders_save(
            actor=applicant,
            application_id=application.pk,
            director={"name": "张主任", "id_number": f.make_id_number()},
            executive_director=None,
            executive_director_full_time="yes",
        )
    assert "team.executive_director_full_time" in exc.value.errors
    application.refresh_from_db()
    assert application.director is None and application.profile_data == {}


def test_refused_once_submitted(draft):
    application, applicant = draft
    Application.objects.filter(pk=application.pk).update(status="city_review")
    with pytest.raises(Conflict):
        services.application_leaders_save(
            actor=applicant,
            application_id=application.pk,
            director=None,
            executive_director=None,
            executive_director_full_time=True,
        )

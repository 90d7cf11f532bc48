"""A name mistyped in a change request's draft (or a returned request) is corrected in place,
audited; a person whom anything else knows keeps their name, and another person's number is
refused by that person's name."""

from __future__ import annotations

import pytest

from ticms.accounts.models import Person
from ticms.common.exceptions import ValidationFailed
from ticms.common.models import AuditEvent
from ticms.matters import services as services
from ticms.testing import factories as f

from .matters_helpers import act, change, director_proposal

pytestmark = pytest.mark.django_db


def _save(world, request, **proposed):
    return services.change_request_save(
        actor=world.users["staff_nj"], change_id=request.pk, proposed=proposed
    )


def test_a_draft_corrects_the_name_it_mistyped(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    person_id = request.proposed["person_id"]
    people = Person.objects.count()
    request = _save(world, request, name="张新", id_number=number)
    assert request.proposed["person_id"] == person_id and request.proposed["name"] == "张新"
    assert Person.objects.get(pk=person_id).name == "张新"
    assert Person.objects.count() == people
    event = AuditEvent.objects.get(action="person.name_correct")
    assert event.before == {"name": "张心"} and event.after == {"name": "张新"}
    assert event.actor == world.users["staff_nj"]
    # Corrected twice is still this draft's own person.
    request = _save(world, request, name="张鑫", id_number=number)
    assert Person.objects.get(pk=person_id).name == "张鑫"


def test_a_returned_request_may_correct_it_too(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    act(world, "staff_nj", request, "submit")
    act(world, "city_nj", request, "return_to_center", comment="姓名有误")
    request = _save(world, request, name="张新", id_number=number)
    assert Person.objects.get(pk=request.proposed["person_id"]).name == "张新"


def _refused(world, request, number):
    with pytest.raises(ValidationFailed) as exc:
        _save(world, request, name="张新", id_number=number)
    assert "姓名与证件号码不一致" in str(exc.value.errors["proposed.name"][0])
    assert not AuditEvent.objects.filter(action="person.name_correct").exists()


def test_a_person_known_elsewhere_keeps_the_name(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    person = Person.objects.get(pk=request.proposed["person_id"])
    world.sz.executive_director = person  # the registry knows this person now
    world.sz.save()
    _refused(world, request, number)
    assert Person.objects.get(pk=person.pk).name == "张心"


def test_a_person_another_request_proposes_keeps_the_name(world):
    number = f.make_id_number()
    request = change(world, proposed=director_proposal("张心", number))
    other = change(
        world,
        "executive_director",
        proposed={**director_proposal("张心", number), "full_time": True},
    )
    assert other.proposed["person_id"] == request.proposed["person_id"]
    _refused(world, request, number)


def test_a_person_registered_before_the_draft_keeps_the_name(world):
    number = f.make_id_number()
    f.PersonFactory(name="张心", id_number=number)  # registered elsewhere, referenced by nothing
    request = change(world, proposed=director_proposal("张心", number))
    _refused(world, request, number)


def test_another_number_is_still_refused_by_its_own_name(world):
    known = f.make_id_number()
    f.PersonFactory(name="钱某", id_number=known)
    request = change(world, proposed=director_proposal("张心", f.make_id_number()))
    # The number entered is someone else's: no correction of anybody.
    _refused(world, request, known)

"""Eligibility against the pipeline (第四条、第十二条第4项): an application is compared with the
other applications under way, for its sub-field, its leaders and its team."""

from __future__ import annotations

import pytest

from ticms.establishment import services
from ticms.establishment.models import Application
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application

pytestmark = pytest.mark.django_db


def act(actor, application, action, params=None, comment=""):
    return services.application_transition(
        actor=actor,
        application_id=application.pk,
        action=action,
        params=params,
        comment=comment,
    )


def applicant_of(application):
    return application.created_by


def test_duplicate_layout_and_leader_against_other_applications(guide):
    first = eligible_application(guide)
    act(applicant_of(first), first, "submit")
    second = eligible_application(guide, sub_field="F0104")
    from ticms.establishment.eligibility import application_eligibility

    applicant_view = dict(
        (r.id, fi) for r, fi in application_eligibility(second, viewer=second.created_by).results
    )
    assert applicant_view["A4.no_duplicate_layout"].outcome == "fail"
    # The applicant learns that a competitor exists, not who it is.
    assert first.center_name not in applicant_view["A4.no_duplicate_layout"].render()
    assert "另一份正在申报的申请书" in applicant_view["A4.no_duplicate_layout"].render()
    province_view = dict(
        (r.id, fi) for r, fi in application_eligibility(second, viewer=f.province_user()).results
    )
    assert first.center_name in province_view["A4.no_duplicate_layout"].render()

    # A draft is not in the pipeline: the first application does not see the second.
    first_view = dict((r.id, fi) for r, fi in application_eligibility(first).results)
    assert first_view["A4.no_duplicate_layout"].outcome == "pass"


def test_the_same_director_in_two_applications_is_flagged(guide):
    first = eligible_application(guide)
    act(applicant_of(first), first, "submit")
    second = eligible_application(guide, sub_field="F0103")
    Application.objects.filter(pk=second.pk).update(director=first.director)
    second.refresh_from_db()
    from ticms.establishment.eligibility import application_eligibility

    results = dict((r.id, fi) for r, fi in application_eligibility(second).results)
    finding = results["A12.4.no_repeat_support"]
    assert finding.outcome == "fail"
    assert first.director.id_masked in finding.render()


def test_the_same_team_at_half_overlap_is_flagged_and_below_is_not(guide):
    first = eligible_application(guide, team_size=100)
    act(applicant_of(first), first, "submit")
    from ticms.establishment.eligibility import application_eligibility
    from ticms.establishment.models import ApplicationTeamMember

    people = list(first.team_members.values_list("person_id", flat=True))
    second = eligible_application(guide, sub_field="F0103", team_size=51)
    mine = list(second.team_members.order_by("pk"))
    # 25 of 51 shared: below one half.
    for member, person_id in zip(mine[:25], people, strict=False):
        ApplicationTeamMember.objects.filter(pk=member.pk).update(person_id=person_id)
    results = dict((r.id, fi) for r, fi in application_eligibility(second).results)
    assert results["A12.4.no_repeat_support"].outcome == "pass"
    ApplicationTeamMember.objects.filter(pk=mine[25].pk).update(person_id=people[25])
    results = dict((r.id, fi) for r, fi in application_eligibility(second).results)
    assert results["A12.4.no_repeat_support"].outcome == "fail"  # 26 of 51 ≥ 1/2

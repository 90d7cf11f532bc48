"""Rules at the later decision points: resubmission after the window, the panel's verdict, the
re-check of 第十二条 after revision and at the decision, the date an application is judged
by, the quota after a withdrawal, ID numbers with another name, and concurrent starts."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import IntegrityError
from django.utils import timezone

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.establishment import services
from ticms.establishment.eligibility import application_eligibility
from ticms.establishment.models import Application, ApplicationAttachment, ApplicationStatus
from ticms.reviews import services as reviews
from ticms.reviews.tests.conftest import Rig
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, pdf_upload, published_guide

pytestmark = pytest.mark.django_db

CHECKS = {k: "on" for k in ("check_sections", "check_materials", "check_units", "check_commitment")}


def act(actor, application, action, params=None, comment=""):
    services.application_transition(
        actor=actor, application_id=application.pk, action=action, params=params, comment=comment
    )
    application.refresh_from_db()


@pytest.fixture
def province():
    return f.province_user()


@pytest.fixture
def guide(province):
    return published_guide(province=province)


def to_argumentation(application, province):
    act(application.created_by, application, "submit")
    act(f.city_user(application.city.code), application, "recommend")
    act(province, application, "pass_formal_review", params=CHECKS)


def argue(application, province, recommendation="support_with_changes"):
    rig = Rig(province=province, application=application)
    rig.form_panel(3)
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    reviews.panel_opinion_write(
        actor=rig.experts[0].user,
        panel_id=rig.panel.pk,
        opinion="专家组意见。",
        recommendation=recommendation,
    )
    return rig


def test_resubmission_after_a_return_is_allowed_once_the_window_has_closed(guide, province):
    application = eligible_application(guide)
    act(application.created_by, application, "submit")
    act(f.city_user(application.city.code), application, "recommend")
    guide.closes_on = timezone.localdate() - dt.timedelta(days=1)
    guide.save()
    act(province, application, "return_for_correction", comment="请补充盖章页")
    act(application.created_by, application, "resubmit")
    assert application.status == ApplicationStatus.CITY_REVIEW


def test_a_panel_that_does_not_support_stops_the_application(guide, province):
    application = eligible_application(guide)
    to_argumentation(application, province)
    argue(application, province, recommendation="oppose")
    for action in ("to_decision", "request_revision"):
        with pytest.raises(GuardFailed) as refused:
            act(province, application, action)
        assert "未通过专家论证" in str(refused.value.problems)
    act(province, application, "reject_after_argumentation", comment="专家组不支持")
    assert application.status == ApplicationStatus.REJECTED


def test_a_revision_that_breaks_a_mandatory_condition_is_refused(guide, province):
    application = eligible_application(guide)
    to_argumentation(application, province)
    argue(application, province)
    act(province, application, "request_revision")
    applicant = application.created_by
    from ticms.reviews.selectors.argumentation import argumentation_opinions

    services.opinion_response_save(
        actor=applicant,
        application_id=application.pk,
        responses={o["key"]: "已修改" for o in argumentation_opinions(application)},
    )
    services.application_profile_save(
        actor=applicant, application_id=application.pk, answers={"center.rd_site_area_m2": "4999"}
    )
    with pytest.raises(GuardFailed) as refused:
        act(applicant, application, "submit_revision")
    assert "4,999" in str(refused.value.problems)


def test_the_decision_rechecks_and_needs_a_reason_for_an_in_principle_failure(guide, province):
    application = eligible_application(guide)
    to_argumentation(application, province)
    argue(application, province, recommendation="support")
    act(province, application, "to_decision")
    # Since the formal review, a center in the same sub-field entered the registry (第四条).
    f.CenterFactory(sub_field=application.sub_field, status="constructing")
    with pytest.raises(GuardFailed) as refused:
        act(province, application, "approve_for_notice")
    assert "第四条" in str(refused.value.problems)
    act(province, application, "approve_for_notice", comment="该领域需求大，经厅务会研究同意")
    assert application.status == ApplicationStatus.NOTICE
    assert application.eligibility_verdict == "needs_override"
    assert application.rule_set_code == "2025.1"


def test_an_application_is_judged_as_of_its_submission(guide, province):
    application = eligible_application(guide)
    act(application.created_by, application, "submit")
    act(f.city_user(application.city.code), application, "recommend")
    # The formal review happens next year: the "last three years" are still the applicant's.
    next_year = timezone.localdate().replace(month=1, day=15) + dt.timedelta(days=366)
    real = timezone.localdate

    def fake(value=None, timezone=None):
        return next_year if value is None else real(value, timezone)

    with mock.patch("django.utils.timezone.localdate", side_effect=fake):
        report = application_eligibility(application)
        assert report.verdict == "eligible"
        assert report.as_of == timezone.localtime(application.submitted_at).date()
        act(province, application, "pass_formal_review", params=CHECKS)
    assert application.status == ApplicationStatus.ARGUMENTATION


def test_a_withdrawal_gives_the_quota_place_back(province):
    nanjing = f.city("320100")
    guide = published_guide(province=province, quotas={nanjing: 1})
    city = f.city_user("320100")
    first = eligible_application(guide)
    second = eligible_application(guide, sub_field="F0103")
    for a in (first, second):
        act(a.created_by, a, "submit")
    act(city, first, "recommend")
    with pytest.raises(GuardFailed):
        act(city, second, "recommend")
    act(province, first, "return_for_correction", comment="请补正")
    act(first.created_by, first, "withdraw")
    act(city, second, "recommend")
    assert second.status == ApplicationStatus.FORMAL_REVIEW


def test_a_known_id_number_with_another_name_is_refused_without_revealing_it(guide):
    first = eligible_application(guide)
    host = f.OrganisationFactory()
    applicant = f.center_user(host)
    draft = services.application_create(actor=applicant, guide_id=guide.pk, center_name="x")
    from ticms.accounts import idnumbers
    from ticms.accounts.models import Person

    known = Person.objects.get(pk=first.director_id)
    # The test knows a number that hashes to the director's digest only by registering it.
    number = f.make_id_number()
    services.application_leaders_save(
        actor=first.created_by,
        application_id=first.pk,
        director={"name": "王真名", "id_number": number},
        executive_director=None,
    )
    assert Person.objects.filter(id_hash=idnumbers.id_hash(number), name="王真名").exists()
    with pytest.raises(ValidationFailed) as refused:
        services.application_leaders_save(
            actor=applicant,
            application_id=draft.pk,
            director={"name": "乱写", "id_number": number},
            executive_director=None,
        )
    assert "姓名与证件号码不一致" in str(refused.value.errors)
    assert "王真名" not in str(refused.value.errors) and known.name not in str(refused.value.errors)


def test_repeat_support_names_the_center_only_to_the_province(guide):
    application = eligible_application(guide)
    center = f.CenterFactory(
        name="已支持的某中心", status="operating", sub_field=f.sub_field("E0101")
    )
    Application.objects.filter(pk=application.pk)  # (the director leads that center)
    center.director = application.director
    center.save()
    mine = dict(
        (r.id, x)
        for r, x in application_eligibility(application, viewer=application.created_by).results
    )
    theirs = dict(
        (r.id, x) for r, x in application_eligibility(application, viewer=f.province_user()).results
    )
    assert mine["A12.4.no_repeat_support"].outcome == "fail"
    assert "已支持的某中心" not in mine["A12.4.no_repeat_support"].render()
    assert "已支持的某中心" in theirs["A12.4.no_repeat_support"].render()


def test_stated_qualifications_count_not_an_older_record(guide):
    application = eligible_application(guide, team_size=100)
    # Another unit registered one of the members earlier with no title and no degree: the
    # application's own statement still counts for 第十二条第4项.
    member = application.team_members.select_related("person").first()
    member.person.title_level, member.person.degree = "none", "other"
    member.person.save()
    results = dict((r.id, x) for r, x in application_eligibility(application).results)
    assert "100 人" in results["A12.4.qualified_ratio"].render()


def test_one_live_application_per_host_and_guide_is_a_database_rule(guide):
    application = eligible_application(guide)
    with pytest.raises(IntegrityError):
        Application.objects.create(
            code="SQ-DUP-001",
            guide=guide,
            city=application.city,
            host_unit=application.host_unit,
            center_name="重复",
            created_by=application.created_by,
        )


def test_a_failed_attachment_leaves_no_file(guide):
    application = eligible_application(guide)
    storage = ApplicationAttachment._meta.get_field("file").storage
    before = set(storage.listdir(f"applications/{application.pk}")[1])
    with (
        mock.patch(
            "ticms.establishment.services.drafting.attachments._audit_update",
            side_effect=RuntimeError("boom"),
        ),
        pytest.raises(RuntimeError),
    ):
        services.attachment_add(
            actor=application.created_by,
            application_id=application.pk,
            kind="other",
            upload=pdf_upload("x.pdf", b"%PDF-1.4 another file"),
        )
    assert set(storage.listdir(f"applications/{application.pk}")[1]) == before

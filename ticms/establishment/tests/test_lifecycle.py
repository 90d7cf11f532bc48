"""The application lifecycle (第十三条): submission, city recommendation with its quota, the
formal review with its override path, and who may take which step in which state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.inbox import open_todos
from ticms.common.models import AuditEvent
from ticms.establishment import services
from ticms.establishment.models import Application, ApplicationStatus, FormalReview
from ticms.establishment.workflow import APPLICATION_WORKFLOW
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

pytestmark = pytest.mark.django_db

CHECKS = {
    "check_sections": "on",
    "check_materials": "on",
    "check_units": "on",
    "check_commitment": "on",
}


def act(actor, application, action, params=None, comment=""):
    return services.application_transition(
        actor=actor,
        application_id=application.pk,
        action=action,
        params=params,
        comment=comment,
    )


@pytest.fixture
def guide():
    return published_guide()


@pytest.fixture
def application(guide):
    return eligible_application(guide)


def applicant_of(application):
    return application.created_by


def city_of(application):
    return f.city_user(application.city.code)


# --- Submission ----------------------------------------------------------------------------


def test_an_empty_draft_is_refused_with_every_gap_at_once(guide):
    host = f.OrganisationFactory(kind="new_rd_institution")
    applicant = f.center_user(host)
    draft = services.application_create(actor=applicant, guide_id=guide.pk, center_name="某中心")
    with pytest.raises(GuardFailed) as refused:
        act(applicant, draft, "submit")
    problems = "\n".join(str(p) for p in refused.value.problems)
    for expected in (
        "请选择细分产业领域",
        "重点技术领域和研发方向",
        "工作进度",
        "请至少填写一项考核指标",
        "独立研发场地面积",
        "研发投入",
        "请填写拟任主任",
        "请填写共建单位",
        "请填写团队成员名单",
        "共建协议",
    ):
        assert expected in problems
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.version == 0


def test_submission_freezes_a_version_and_gives_the_city_a_todo(
    application, django_capture_on_commit_callbacks
):
    city = city_of(application)
    other_city = f.city_user("320500")
    with django_capture_on_commit_callbacks(execute=True):
        act(applicant_of(application), application, "submit")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW
    assert application.version == 1 and application.submitted_at is not None
    version = application.versions.get()
    assert version.snapshot["center_name"] == application.center_name
    assert len(version.snapshot["team"]) == 100
    assert "id_number" not in str(version.snapshot)  # only masked numbers are frozen
    assert open_todos(city).filter(object_id=str(application.pk)).exists()
    assert not open_todos(other_city).exists()


def test_submission_outside_the_window_is_refused(guide):
    application = eligible_application(guide)
    guide.closes_on = timezone.localdate() - dt.timedelta(days=1)
    guide.save()
    with pytest.raises(GuardFailed) as refused:
        act(applicant_of(application), application, "submit")
    assert "不在申报时间内" in str(refused.value.problems)


def test_last_day_of_the_window_is_still_open(guide):
    application = eligible_application(guide)
    guide.closes_on = timezone.localdate()
    guide.save()
    act(applicant_of(application), application, "submit")


def test_a_mandatory_failure_cannot_be_submitted(guide):
    application = eligible_application(guide)
    services.application_profile_save(
        actor=applicant_of(application),
        application_id=application.pk,
        answers={"center.rd_site_area_m2": "4999.99"},
    )
    with pytest.raises(GuardFailed) as refused:
        act(applicant_of(application), application, "submit")
    assert "5,000" in str(refused.value.problems) and "4,999.99" in str(refused.value.problems)


def test_content_cannot_change_after_submission(application):
    act(applicant_of(application), application, "submit")
    with pytest.raises(Conflict):
        services.application_plan_save(
            actor=applicant_of(application),
            application_id=application.pk,
            sections={"plan_goals": "改一下"},
        )


def test_withdraw_before_the_city_decides_but_not_after(guide):
    first = eligible_application(guide)
    act(applicant_of(first), first, "submit")
    act(applicant_of(first), first, "withdraw")
    first.refresh_from_db()
    assert first.status == ApplicationStatus.WITHDRAWN

    second = eligible_application(guide)
    act(applicant_of(second), second, "submit")
    act(city_of(second), second, "recommend")
    with pytest.raises(Conflict):
        act(applicant_of(second), second, "withdraw")


def test_return_and_resubmit_keeps_both_versions(application):
    applicant, city = applicant_of(application), city_of(application)
    act(applicant, application, "submit")
    with pytest.raises(ValidationFailed):
        act(city, application, "return_to_applicant")  # a return needs its reasons
    act(city, application, "return_to_applicant", comment="请补充重点任务的进度安排")
    services.application_plan_save(
        actor=applicant,
        application_id=application.pk,
        sections={"plan_schedule": "第一年完成平台建设，第二年开展攻关，第三至五年推广转化应用。"},
    )
    act(applicant, application, "resubmit")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW
    assert list(application.versions.values_list("number", flat=True)) == [1, 2]

    from ticms.establishment.versions import compare

    v1, v2 = application.versions.order_by("number")
    changes = compare(v1.snapshot, v2.snapshot)
    assert [c["path"] for c in changes] == ["plan.plan_schedule"]
    assert changes[0]["label"] == "工作进度"


# --- City recommendation -------------------------------------------------------------------


def test_only_the_application_city_sees_and_recommends_it(application):
    act(applicant_of(application), application, "submit")
    other = f.city_user("320500")
    with pytest.raises(NotFound):
        act(other, application, "recommend")
    act(city_of(application), application, "recommend")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FORMAL_REVIEW
    assert application.recommended_at is not None


def test_the_quota_limits_recommendations_per_city():
    province = f.province_user()
    nanjing = f.city("320100")
    guide = published_guide(province=province, quotas={nanjing: 1})
    first = eligible_application(guide)
    second = eligible_application(guide, sub_field="F0103")
    suzhou_host = f.OrganisationFactory(kind="new_rd_institution", city=f.city("320500"))
    third = eligible_application(guide, host=suzhou_host, sub_field="F0102")
    for a in (first, second, third):
        act(applicant_of(a), a, "submit")
    city = f.city_user("320100")
    act(city, first, "recommend")
    with pytest.raises(GuardFailed) as refused:
        act(city, second, "recommend")
    assert "推荐名额为 1 个，已推荐 1 个" in str(refused.value.problems)
    act(f.city_user("320500"), third, "recommend")  # no quota set for 苏州: unlimited


def test_a_quota_of_two_takes_exactly_two():
    nanjing = f.city("320100")
    guide = published_guide(quotas={nanjing: 2})
    city = f.city_user("320100")
    apps = [eligible_application(guide, sub_field=code) for code in ("F0104", "F0103", "F0102")]
    for a in apps:
        act(applicant_of(a), a, "submit")
    act(city, apps[0], "recommend")
    act(city, apps[1], "recommend")
    with pytest.raises(GuardFailed):
        act(city, apps[2], "recommend")


# --- Formal review -------------------------------------------------------------------------


def _to_formal_review(application):
    act(applicant_of(application), application, "submit")
    act(city_of(application), application, "recommend")


def test_formal_review_records_the_rule_set_and_verdict(application):
    _to_formal_review(application)
    province = f.province_user()
    with pytest.raises(ValidationFailed) as missing:
        act(province, application, "pass_formal_review", params={})
    assert set(missing.value.errors) == set(CHECKS)
    act(province, application, "pass_formal_review", params=CHECKS)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ARGUMENTATION
    assert application.rule_set_code == "2025.1"
    assert application.eligibility_verdict == "eligible"
    review = FormalReview.objects.get(application=application)
    assert review.passed and review.verdict == "eligible"
    assert review.report["rule_set"] == "2025.1"
    assert len(review.report["results"]) == 18


def test_in_principle_failure_passes_only_with_a_written_justification(guide):
    application = eligible_application(guide)
    services.application_profile_save(
        actor=applicant_of(application),
        application_id=application.pk,
        answers={"region.prior_investment_wan_yuan": "9999.99"},
    )
    _to_formal_review(application)
    province = f.province_user()
    with pytest.raises(GuardFailed) as refused:
        act(province, application, "pass_formal_review", params=CHECKS)
    assert "书面说明" in str(refused.value.problems)
    reason = "该市前期已通过园区平台投入9999.99万元，差额0.01万元，经研究予以通过"
    act(province, application, "pass_formal_review", params=CHECKS, comment=reason)
    review = FormalReview.objects.get(application=application)
    assert review.verdict == "needs_override" and review.justification == reason
    event = AuditEvent.objects.filter(action="application.pass_formal_review").get()
    assert event.comment == reason and event.article == "第十三条第3项"
    assert verify_chain().ok


def test_a_mandatory_failure_cannot_pass_formal_review_even_with_a_reason(application):
    _to_formal_review(application)
    # Test setup: figures that no longer meet 第十二条第1项 (as a legacy import could hold).
    data = application.profile_data
    data["center"]["instrument_value_wan_yuan"] = "1999.99"
    Application.objects.filter(pk=application.pk).update(profile_data=data)
    with pytest.raises(GuardFailed) as refused:
        act(f.province_user(), application, "pass_formal_review", params=CHECKS, comment="特批")
    assert "不符合强制性条件" in str(refused.value.problems)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FORMAL_REVIEW
    assert not FormalReview.objects.exists()


def test_failing_formal_review_needs_reasons_and_is_recorded(application):
    _to_formal_review(application)
    province = f.province_user()
    with pytest.raises(ValidationFailed):
        act(province, application, "fail_formal_review")
    act(province, application, "fail_formal_review", comment="附件材料不实")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert FormalReview.objects.get(application=application).passed is False


def test_return_for_correction_goes_back_through_the_city(application):
    _to_formal_review(application)
    act(f.province_user(), application, "return_for_correction", comment="请补正盖章页")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RETURNED
    act(applicant_of(application), application, "resubmit")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CITY_REVIEW


def test_argumentation_cannot_conclude_without_a_panel(application):
    _to_formal_review(application)
    province = f.province_user()
    act(province, application, "pass_formal_review", params=CHECKS)
    for action in ("request_revision", "to_decision"):
        with pytest.raises(GuardFailed):
            act(province, application, action)


# --- Who may act, in which state -----------------------------------------------------------


ROLE_USERS = {
    Role.PROVINCE: lambda a: f.province_user(),
    Role.CITY: lambda a: f.city_user(a.city.code),
    Role.CENTER: lambda a: a.created_by,
    Role.CO_BUILDER: lambda a: f.co_builder_user(f.OrganisationFactory()),
    Role.EXPERT: lambda a: f.role_user(Role.EXPERT),
    Role.EVALUATOR: lambda a: f.role_user(Role.EVALUATOR),
}


@pytest.mark.parametrize("transition", APPLICATION_WORKFLOW.transitions, ids=lambda t: t.action)
def test_every_transition_is_refused_to_other_roles(transition, application):
    for role, make in ROLE_USERS.items():
        decision = APPLICATION_WORKFLOW.permission(make(application), application, transition)
        assert bool(decision) == (role in transition.roles), (transition.action, role)
        if not decision:
            assert decision.reason


def test_a_step_in_the_wrong_state_is_a_conflict(application):
    act(applicant_of(application), application, "submit")
    province = f.province_user()
    for action in ("pass_formal_review", "approve_for_notice", "approve", "sign_contract"):
        with pytest.raises(Conflict):
            act(province, application, action)


def test_another_host_units_staff_cannot_act(application):
    stranger = f.center_user(f.OrganisationFactory())
    with pytest.raises(NotFound):
        act(stranger, application, "submit")


def test_the_province_does_not_see_drafts(application):
    with pytest.raises(NotFound):
        act(f.province_user(), application, "withdraw")


def test_an_unknown_action_is_not_found(application):
    with pytest.raises(NotFound):
        act(applicant_of(application), application, "approve_everything")


def test_only_one_live_application_per_host_and_guide(application, guide):
    with pytest.raises(ValidationFailed) as refused:
        services.application_create(
            actor=applicant_of(application), guide_id=guide.pk, center_name="又一个"
        )
    assert "guide" in refused.value.errors


def test_only_center_users_draft(guide):
    with pytest.raises(PermissionDenied):
        services.application_create(actor=f.city_user(), guide_id=guide.pk, center_name="x")

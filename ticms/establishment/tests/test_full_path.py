"""The whole 组建 path of 第十三条 in one test: guide, draft, submission, city recommendation,
formal review, expert argumentation, revision with answers to each opinion, decision, public
notice across its working days, approval, contract — and the center in its construction period."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from ticms.centers.models import Center, CenterStatus
from ticms.common import workdays
from ticms.common.audit import verify_chain
from ticms.common.exceptions import GuardFailed
from ticms.common.inbox import open_todos
from ticms.common.models import AuditEvent
from ticms.establishment import services
from ticms.establishment.models import Application, ApplicationStatus, Contract
from ticms.reviews import services as reviews
from ticms.reviews.selectors.argumentation import argumentation_opinions
from ticms.reviews.tests.conftest import Rig
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

pytestmark = pytest.mark.django_db

CHECKS = {k: "on" for k in ("check_sections", "check_materials", "check_units", "check_commitment")}


def test_from_draft_to_contract(django_capture_on_commit_callbacks):
    province = f.province_user()
    guide = published_guide(province=province)
    application = eligible_application(guide)
    applicant = application.created_by
    city = f.city_user(application.city.code)

    def act(actor, action, params=None, comment=""):
        with django_capture_on_commit_callbacks(execute=True):
            services.application_transition(
                actor=actor,
                application_id=application.pk,
                action=action,
                params=params,
                comment=comment,
            )
        application.refresh_from_db()

    act(applicant, "submit")
    act(city, "recommend", comment="同意推荐")
    act(province, "pass_formal_review", params=CHECKS)
    assert application.status == ApplicationStatus.ARGUMENTATION

    # Expert argumentation: three experts, a leader, scores, the panel opinion.
    rig = Rig(province=province, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        rig.form_panel(3)
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    reviews.panel_opinion_write(
        actor=rig.experts[0].user,
        panel_id=rig.panel.pk,
        opinion="建设方案总体可行，建议细化考核指标的年度分解。",
        recommendation="support_with_changes",
    )
    act(province, "request_revision")
    assert application.status == ApplicationStatus.REVISING
    assert open_todos(applicant).filter(object_id=str(application.pk)).exists()

    # The applicant answers every opinion; an unanswered one refuses the submission.
    opinions = argumentation_opinions(application)
    assert len(opinions) == 4 and opinions[0]["author"] == "专家组"
    with pytest.raises(GuardFailed):
        act(applicant, "submit_revision")
    services.target_add(
        actor=applicant,
        application_id=application.pk,
        name="授权发明专利",
        unit="件",
        target_value="50",
        target_year=timezone.localdate().year + 3,
    )
    services.opinion_response_save(
        actor=applicant,
        application_id=application.pk,
        responses={o["key"]: f"已按意见修改：{o['key']}" for o in opinions},
    )
    act(applicant, "submit_revision")
    assert application.status == ApplicationStatus.REVISION_REVIEW
    assert application.version == 2
    act(city, "confirm_revision")
    assert application.status == ApplicationStatus.DECISION

    # Decision: public notice for 5 working days, counted with the calendar.
    act(province, "approve_for_notice")
    notice = application.notices.get()
    today = timezone.localdate()
    assert notice.starts_on == today
    assert notice.ends_on == workdays.period_end(today, 5)
    assert workdays.workdays_between(notice.starts_on, notice.ends_on) == 5
    with pytest.raises(GuardFailed):
        act(
            province,
            "approve",
            params={"approval_doc_no": "苏科技函〔2026〕1号", "approved_on": str(today)},
        )

    # After the period: approved, then the contract.
    later = notice.ends_on + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        act(
            province,
            "approve",
            params={"approval_doc_no": "苏科技函〔2026〕1号", "approved_on": later.isoformat()},
        )
        assert application.status == ApplicationStatus.APPROVED
        act(
            province,
            "sign_contract",
            params={"contract_no": "JSTIC-2026-001", "signed_on": later.isoformat()},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONTRACTED
    contract = Contract.objects.get(application=application)
    center = Center.objects.get(pk=application.center_id)
    assert contract.center == center
    assert center.status == CenterStatus.CONSTRUCTING
    assert center.construction_starts_on == later
    assert center.construction_ends_on == later.replace(year=later.year + 5) - dt.timedelta(days=1)
    assert center.approval_doc_no == "苏科技函〔2026〕1号"
    # Fill once: the application's data carried over into the registry and the contract.
    assert center.team_members.count() == 100
    assert center.co_builders.count() == 2
    assert center.director == application.director
    assert [t.name for t in contract.targets.order_by("order")] == [
        "突破关键核心技术",
        "授权发明专利",
    ]
    assert contract.rule_set_code == "2025.1"
    assert Application.objects.get(pk=application.pk).rule_set_code == "2025.1"

    actions = list(
        AuditEvent.objects.filter(object_type="establishment.application").values_list(
            "action", flat=True
        )
    )
    for action in (
        "application.submit",
        "application.recommend",
        "application.pass_formal_review",
        "application.request_revision",
        "application.submit_revision",
        "application.confirm_revision",
        "application.approve_for_notice",
        "application.approve",
        "application.sign_contract",
    ):
        assert action in actions
    assert AuditEvent.objects.filter(action="center.establish", article="第十三条第4项").exists()
    assert verify_chain().ok

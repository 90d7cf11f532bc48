"""The guide and application lifecycles (第十一至十三条) as declarative tables."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common import messages
from ticms.common.workflow import Param, Transition, Workflow

from . import effects, guards
from .models import Application, ApplicationStatus, Guide, GuideStatus, Objection, ObjectionStatus
from .permissions import is_applicant, is_city_of

PROVINCE = frozenset({Role.PROVINCE})
CITY = frozenset({Role.CITY})
CENTER = frozenset({Role.CENTER})


PANEL_NEEDED = messages.define(
    "applications.panel_needed", gettext_lazy("%(obj)s：请组建论证专家组")
)


def province_officers(obj=None):
    return accounts.province_officers()


def city_officers(application: Application):
    return accounts.city_officers(application.city_id)


def applicant_staff(application: Application):
    staff = accounts.host_unit_staff(application.host_unit_id)
    if application.center_id is None:
        return staff
    return (staff | accounts.center_staff(application.center)).distinct()


def city_and_applicant(application: Application):
    return [*city_officers(application), *applicant_staff(application)]


def _not_future(day):
    today = timezone.localdate()
    if day > today:
        return _("日期不能晚于今天（%(today)s）") % {"today": today}
    return None


# --- Guides ---------------------------------------------------------------------------------

GUIDE_WORKFLOW = Workflow(
    name="guide",
    model=Guide,
    state_field="status",
    states=dict(GuideStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="publish",
            label=gettext_lazy("发布指南"),
            sources=(GuideStatus.DRAFT,),
            target=GuideStatus.PUBLISHED,
            article="第十三条第1项",
            roles=PROVINCE,
            guard=guards.guide_publishable,
            apply=effects.guide_published,
            confirm=gettext_lazy("发布后各单位即可查看并据此申报，指南内容不能再修改。"),
        ),
        Transition(
            action="close",
            label=gettext_lazy("截止申报"),
            sources=(GuideStatus.PUBLISHED,),
            target=GuideStatus.CLOSED,
            article="第十三条第1项",
            roles=PROVINCE,
            comment_required=True,
            style="warning",
            confirm=gettext_lazy("截止后不能再依据本指南提交申请书。"),
        ),
    ],
)


# --- Applications ---------------------------------------------------------------------------

S = ApplicationStatus
APPLICANT_REASON = gettext_lazy("只有申报单位（依托单位）的用户可以办理")
CITY_REASON = gettext_lazy("只有申请书所在设区市的科技局可以办理")


def _applicant(**kwargs) -> dict:
    return {"roles": CENTER, "scope": is_applicant, "scope_reason": APPLICANT_REASON, **kwargs}


def _city(**kwargs) -> dict:
    return {"roles": CITY, "scope": is_city_of, "scope_reason": CITY_REASON, **kwargs}


FORMAL_CHECKS = (
    Param("check_sections", gettext_lazy("申请书和建设方案各部分齐全"), kind="checkbox"),
    Param("check_materials", gettext_lazy("指南要求的附件材料齐全、有效"), kind="checkbox"),
    Param(
        "check_units",
        gettext_lazy("依托单位、共建单位信息与统一社会信用代码登记一致"),
        kind="checkbox",
    ),
    Param("check_commitment", gettext_lazy("已签署科研诚信承诺"), kind="checkbox"),
)

APPLICATION_WORKFLOW = Workflow(
    name="application",
    model=Application,
    state_field="status",
    states=dict(ApplicationStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit",
            label=gettext_lazy("提交申请书"),
            sources=(S.DRAFT,),
            target=S.CITY_REVIEW,
            article="第十三条第2项",
            **_applicant(),
            guard=guards.submittable,
            effect=effects.submitted,
            todo_for=city_officers,
            page="establishment:application_review_page",
        ),
        Transition(
            action="resubmit",
            label=gettext_lazy("重新提交"),
            sources=(S.RETURNED,),
            target=S.CITY_REVIEW,
            article="第十三条第2项",
            **_applicant(),
            guard=guards.resubmittable,
            effect=effects.submitted,
            todo_for=city_officers,
            page="establishment:application_review_page",
        ),
        Transition(
            action="withdraw",
            label=gettext_lazy("撤回申请"),
            sources=(S.DRAFT, S.CITY_REVIEW, S.RETURNED),
            target=S.WITHDRAWN,
            article="第十三条第2项",
            **_applicant(),
            notify=city_officers,
            style="danger",
            confirm=gettext_lazy("撤回后本申请书不再办理；如需申报，须重新起草。"),
        ),
        Transition(
            action="return_to_applicant",
            label=gettext_lazy("退回修改"),
            sources=(S.CITY_REVIEW,),
            target=S.RETURNED,
            article="第八条第2项",
            **_city(),
            comment_required=True,
            todo_for=applicant_staff,
            style="warning",
        ),
        Transition(
            action="city_reject",
            label=gettext_lazy("不予推荐"),
            sources=(S.CITY_REVIEW,),
            target=S.CITY_REJECTED,
            article="第八条第2项",
            **_city(),
            comment_required=True,
            notify=applicant_staff,
            style="danger",
            confirm=gettext_lazy("不予推荐后本申请书办理结束。"),
        ),
        Transition(
            action="recommend",
            label=gettext_lazy("推荐报省科技厅"),
            sources=(S.CITY_REVIEW,),
            target=S.FORMAL_REVIEW,
            article="第八条第2项",
            **_city(),
            guard=guards.within_quota,
            apply=effects.recommended,
            todo_for=province_officers,
            todo_article="第十三条第3项",
            notify=applicant_staff,
        ),
        Transition(
            action="return_for_correction",
            label=gettext_lazy("形式审查退回补正"),
            sources=(S.FORMAL_REVIEW,),
            target=S.RETURNED,
            article="第十三条第3项",
            roles=PROVINCE,
            comment_required=True,
            effect=effects.formal_review_returned,
            todo_for=applicant_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="pass_formal_review",
            label=gettext_lazy("形式审查通过"),
            sources=(S.FORMAL_REVIEW,),
            target=S.ARGUMENTATION,
            article="第十三条第3项",
            roles=PROVINCE,
            params=FORMAL_CHECKS,
            guard=guards.formal_review_passable,
            comment_needed=guards.needs_justification,
            effect=effects.formal_review_passed,
            # The province's next step: a panel (closed by reviews.services.panel_create).
            todo_for=province_officers,
            todo_message=PANEL_NEEDED,
            notify=city_and_applicant,
            page="establishment:formal_review",
        ),
        Transition(
            action="fail_formal_review",
            label=gettext_lazy("形式审查不通过"),
            sources=(S.FORMAL_REVIEW,),
            target=S.REJECTED,
            article="第十三条第3项",
            roles=PROVINCE,
            comment_required=True,
            effect=effects.formal_review_failed,
            notify=city_and_applicant,
            style="danger",
            page="establishment:formal_review",
        ),
        Transition(
            action="request_revision",
            label=gettext_lazy("按论证意见完善方案"),
            sources=(S.ARGUMENTATION,),
            target=S.REVISING,
            article="第十三条第3项",
            roles=PROVINCE,
            guard=guards.argumentation_supports,
            ready=guards.argumentation_supports,
            todo_for=applicant_staff,
            notify=city_officers,
        ),
        Transition(
            action="to_decision",
            label=gettext_lazy("论证通过，提交研究"),
            sources=(S.ARGUMENTATION,),
            target=S.DECISION,
            article="第十三条第3项",
            roles=PROVINCE,
            guard=guards.argumentation_supports,
            ready=guards.argumentation_supports,
            notify=city_and_applicant,
        ),
        Transition(
            action="reject_after_argumentation",
            label=gettext_lazy("论证未通过"),
            sources=(S.ARGUMENTATION,),
            target=S.REJECTED,
            article="第十三条第3项",
            roles=PROVINCE,
            comment_required=True,
            # Not before the panel has given its opinion: there is nothing to fail yet.
            guard=guards.argumentation_complete,
            ready=guards.argumentation_complete,
            notify=city_and_applicant,
            style="danger",
        ),
        Transition(
            action="submit_revision",
            label=gettext_lazy("提交完善后的方案"),
            sources=(S.REVISING,),
            target=S.REVISION_REVIEW,
            article="第十三条第3项",
            **_applicant(),
            guard=guards.revision_submittable,
            effect=effects.submitted,
            todo_for=city_officers,
            page="establishment:application_review_page",
        ),
        Transition(
            action="return_revision",
            label=gettext_lazy("退回继续完善"),
            sources=(S.REVISION_REVIEW,),
            target=S.REVISING,
            article="第十三条第3项",
            **_city(),
            comment_required=True,
            todo_for=applicant_staff,
            style="warning",
        ),
        Transition(
            action="confirm_revision",
            label=gettext_lazy("审核通过完善后的方案"),
            sources=(S.REVISION_REVIEW,),
            target=S.DECISION,
            article="第十三条第3项",
            **_city(),
            todo_for=province_officers,
            notify=applicant_staff,
        ),
        Transition(
            action="approve_for_notice",
            label=gettext_lazy("研究同意，进行公示"),
            sources=(S.DECISION,),
            target=S.NOTICE,
            article="第十三条第4项",
            roles=PROVINCE,
            params=(
                Param(
                    "notice_workdays",
                    gettext_lazy("公示期（工作日）"),
                    kind="int",
                    min_value=5,
                    max_value=30,
                    required=False,
                    help_text=gettext_lazy("不填则按指南规定，一般为5个工作日"),
                ),
            ),
            guard=guards.decidable,
            comment_needed=guards.needs_justification,
            effect=effects.notice_published,
            # The province approves once the period is over: the to-do carries that date.
            todo_for=province_officers,
            notify=city_and_applicant,
        ),
        Transition(
            action="reject",
            label=gettext_lazy("研究不予支持"),
            sources=(S.DECISION,),
            target=S.REJECTED,
            article="第十三条第4项",
            roles=PROVINCE,
            comment_required=True,
            notify=city_and_applicant,
            style="danger",
        ),
        Transition(
            action="approve",
            label=gettext_lazy("公示期满，批准组建"),
            sources=(S.NOTICE,),
            target=S.APPROVED,
            article="第十三条第4项",
            roles=PROVINCE,
            params=(
                Param("approval_doc_no", gettext_lazy("批准组建文号"), max_length=100),
                Param("approved_on", gettext_lazy("批准日期"), kind="date", validate=_not_future),
            ),
            guard=guards.notice_clear,
            ready=guards.notice_clear,
            apply=effects.approved,
            todo_for=province_officers,
            notify=city_and_applicant,
        ),
        Transition(
            action="stop_after_objection",
            label=gettext_lazy("异议成立，终止组建"),
            sources=(S.NOTICE,),
            target=S.REJECTED,
            article="第十三条第4项",
            roles=PROVINCE,
            comment_required=True,
            guard=guards.objection_upheld,
            ready=guards.objection_upheld,
            hide_until_ready=True,
            notify=city_and_applicant,
            style="danger",
        ),
        Transition(
            action="sign_contract",
            label=gettext_lazy("签订项目合同"),
            sources=(S.APPROVED,),
            target=S.CONTRACTED,
            article="第十三条第4项",
            roles=PROVINCE,
            params=(
                Param("contract_no", gettext_lazy("合同编号"), max_length=100),
                Param("signed_on", gettext_lazy("签订日期"), kind="date", validate=_not_future),
                Param(
                    "construction_years",
                    gettext_lazy("建设期（年）"),
                    kind="int",
                    min_value=1,
                    max_value=10,
                    required=False,
                    help_text=gettext_lazy("建设期一般为5年；不填即为5年，自合同签订之日起算"),
                ),
            ),
            guard=guards.contract_signable,
            effect=effects.contract_signed,
            notify=city_and_applicant,
        ),
    ],
)


# --- Objections to a public notice ------------------------------------------------------------

OBJECTION_WORKFLOW = Workflow(
    name="objection",
    model=Objection,
    state_field="status",
    states=dict(ObjectionStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="uphold",
            label=gettext_lazy("异议成立"),
            sources=(ObjectionStatus.PENDING,),
            target=ObjectionStatus.UPHELD,
            article="第十三条第4项",
            roles=PROVINCE,
            comment_required=True,
            effect=effects.objection_handled,
            style="danger",
            confirm=gettext_lazy("异议成立后，该申请不能批准组建。"),
        ),
        Transition(
            action="dismiss",
            label=gettext_lazy("异议不成立"),
            sources=(ObjectionStatus.PENDING,),
            target=ObjectionStatus.DISMISSED,
            article="第十三条第4项",
            roles=PROVINCE,
            comment_required=True,
            effect=effects.objection_handled,
        ),
    ],
)

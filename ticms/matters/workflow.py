"""The major-matter lifecycles (第二十三条) as declarative tables: reports go straight to the
province; change requests are reviewed by the city and approved or refused by the province."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common.workflow import Param, Transition, Workflow

from . import checks as checks_matters
from . import proposals
from .models import (
    ChangeRequest,
    ChangeStatus,
    MajorMatterReport,
    MajorMatterStatus,
)
from .permissions import is_center_staff, is_city_of

ARTICLE = "第二十三条"
CENTER_REASON = gettext_lazy("只有本中心（依托单位）的用户可以办理")
CITY_REASON = gettext_lazy("只有中心所在设区市的科技局可以办理")
PROVINCE = frozenset({Role.PROVINCE})


def province_officers(obj=None):
    return accounts.province_officers()


def city_officers(obj):
    return accounts.city_officers(obj.center.city_id)


def center_staff(obj):
    return accounts.center_staff(obj.center)


def center_and_city(obj):
    return [*center_staff(obj), *city_officers(obj)]


def _center(**kwargs) -> dict:
    return {"roles": frozenset({Role.CENTER}), "scope": is_center_staff,
            "scope_reason": CENTER_REASON, **kwargs}  # fmt: skip


def _city(**kwargs) -> dict:
    return {"roles": frozenset({Role.CITY}), "scope": is_city_of,
            "scope_reason": CITY_REASON, **kwargs}  # fmt: skip


# --- major-matter reports --------------------------------------------------------------------


def matter_submittable(matter: MajorMatterReport, params, actor, comment) -> list[str]:
    problems = []
    if not matter.title.strip():
        problems.append(_("请填写标题"))
    if not matter.body.strip():
        problems.append(_("请填写事项内容（第二十三条）"))
    if matter.occurred_on is None:
        problems.append(_("请填写发生日期"))
    return problems


def _matter_submitted(matter: MajorMatterReport, params: dict) -> None:
    matter.submitted_at = timezone.now()


def _matter_filed(matter: MajorMatterReport, params: dict) -> None:
    matter.filed_at = timezone.now()


M = MajorMatterStatus
MAJOR_MATTER_WORKFLOW = Workflow(
    name="major_matter",
    model=MajorMatterReport,
    state_field="status",
    states=dict(MajorMatterStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit",
            label=gettext_lazy("报送省科技厅"),
            sources=(M.DRAFT, M.RETURNED),
            target=M.SUBMITTED,
            article=ARTICLE,
            **_center(),
            guard=matter_submittable,
            ready=matter_submittable,
            apply=_matter_submitted,
            todo_for=province_officers,
            # The city supervises its centers (第八条第3项): it is told, it does not act.
            notify=city_officers,
        ),
        Transition(
            action="return_to_center",
            label=gettext_lazy("退回补充"),
            sources=(M.SUBMITTED,),
            target=M.RETURNED,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            todo_for=center_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="file",
            label=gettext_lazy("备案"),
            sources=(M.SUBMITTED,),
            target=M.FILED,
            article="第七条第2项、第二十三条",
            roles=PROVINCE,
            apply=_matter_filed,
            notify=center_and_city,
        ),
    ],
)


# --- change requests -------------------------------------------------------------------------


def change_submittable(change: ChangeRequest, params, actor, comment) -> list[str]:
    return proposals.proposal_problems(change)


def change_decidable(change: ChangeRequest, params, actor, comment) -> list[str]:
    """What refuses approval whatever the province writes: the proposal no longer applies, or
    a mandatory condition of 第十二条第4项 fails on the proposed person."""
    return proposals.proposal_problems(change) + checks_matters.mandatory_problems(change, actor)


def change_approvable(change: ChangeRequest, params, actor, comment) -> list[str]:
    """An in-principle failure (the same leader supported twice) passes only with a written
    justification, which the audit event keeps."""
    problems = change_decidable(change, params, actor, comment)
    if not problems and not (params.get("justification") or "").strip():
        failed = checks_matters.in_principle_problems(change, actor)
        if failed:
            problems.append(
                _("以下原则性条件未满足，须填写例外通过理由：%(rules)s")
                % {"rules": _("；").join(failed)}
            )
    return problems


def _change_submitted(change: ChangeRequest, params: dict) -> None:
    change.submitted_at = timezone.now()


def _city_reviewed(change: ChangeRequest, params: dict) -> None:
    change.city_opinion = params["opinion"]


def _decided(change: ChangeRequest, params: dict) -> None:
    change.decided_at = timezone.now()


def _refused(change: ChangeRequest, params: dict) -> None:
    from .checks import decision_record

    _decided(change, params)
    change.rule_set_code, change.decision_findings = decision_record(change)


def _approved(change: ChangeRequest, params: dict, actor, comment: str) -> None:
    """The center record changes in the same transaction, with its new version."""
    from .services import change_request_apply

    change_request_apply(actor=actor, change=change, justification=params.get("justification"))


def _withdrawal_notice(change: ChangeRequest):
    # A draft never reached the city: nothing to tell it.
    return city_officers(change) if change.submitted_at else []


C = ChangeStatus
CHANGE_REQUEST_WORKFLOW = Workflow(
    name="change_request",
    model=ChangeRequest,
    state_field="status",
    states=dict(ChangeStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit",
            label=gettext_lazy("提交书面申请"),
            sources=(C.DRAFT, C.RETURNED),
            target=C.SUBMITTED,
            article=ARTICLE,
            **_center(),
            guard=change_submittable,
            ready=change_submittable,
            apply=_change_submitted,
            todo_for=city_officers,
        ),
        Transition(
            action="withdraw",
            label=gettext_lazy("撤回申请"),
            sources=(C.DRAFT, C.SUBMITTED, C.RETURNED),
            target=C.WITHDRAWN,
            article=ARTICLE,
            **_center(),
            notify=_withdrawal_notice,
            style="outline-danger",
            confirm=gettext_lazy("撤回后该申请不再办理；如仍需变更，须重新提出申请。"),
        ),
        Transition(
            action="return_to_center",
            label=gettext_lazy("退回修改"),
            sources=(C.SUBMITTED,),
            target=C.RETURNED,
            article=ARTICLE,
            **_city(),
            comment_required=True,
            todo_for=center_staff,
            style="warning",
        ),
        Transition(
            action="city_review",
            label=gettext_lazy("签署审核意见，报省科技厅审批"),
            sources=(C.SUBMITTED,),
            target=C.CITY_REVIEWED,
            # The city reviews (第二十三条) and gives its opinion on major adjustments of
            # direction, goals and organisation (第八条第3项).
            article="第二十三条、第八条第3项",
            **_city(),
            params=(
                Param(
                    "opinion",
                    gettext_lazy("审核意见"),
                    kind="textarea",
                    help_text=gettext_lazy("对变更事项的意见建议，随申请报省科技厅"),
                ),
            ),
            # The opinion is the city's written word: one box, not a second "办理意见".
            comment_field=False,
            guard=change_submittable,
            apply=_city_reviewed,
            todo_for=province_officers,
            todo_article="第七条第2项",
            notify=center_staff,
        ),
        Transition(
            action="approve",
            label=gettext_lazy("批准变更"),
            sources=(C.CITY_REVIEWED,),
            target=C.APPROVED,
            article="第七条第2项、第二十三条",
            roles=PROVINCE,
            params=(
                Param(
                    "justification",
                    gettext_lazy("例外通过理由"),
                    kind="textarea",
                    required=False,
                    help_text=gettext_lazy(
                        "原则性条件（如第十二条第4项同一负责人不重复支持）未满足时必填，记入审计记录"
                    ),
                    # Asked only when an in-principle condition failed (第十二条第4项).
                    needed=lambda change, actor: bool(
                        checks_matters.in_principle_problems(change, actor)
                    ),
                ),
            ),
            guard=change_approvable,
            ready=change_decidable,
            apply=_decided,
            effect=_approved,
            notify=center_and_city,
            style="success",
        ),
        Transition(
            action="refuse",
            label=gettext_lazy("不予批准"),
            sources=(C.CITY_REVIEWED,),
            target=C.REFUSED,
            article="第七条第2项、第二十三条",
            roles=PROVINCE,
            comment_required=True,
            apply=_refused,
            notify=center_and_city,
            style="danger",
        ),
    ],
)

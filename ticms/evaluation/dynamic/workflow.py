"""The dynamic-management decision (第二十五条) as one transition table: the province confirms
what the rules proposed. Rectification and removal are the center lifecycle's own transitions
(`order_rectification`, `pass_rectification`, `remove`), taken through its service in the
same transaction, never copied."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.centers.models import CenterStatus
from ticms.centers.workflow import DEADLINE, REMOVAL_REASONS
from ticms.common.workflow import Param, Transition, Workflow

from ..models import DecisionStatus, DynamicDecision, ProposalKind

S, K = DecisionStatus, ProposalKind
ARTICLE = "第二十五条"
PROVINCE = frozenset({Role.PROVINCE})
MAX_SUBSIDY_WAN_YUAN = Decimal("1000000")
AMOUNT_RE = re.compile(r"[0-9]{1,7}(\.[0-9]{1,2})?")


def province_officers(decision):
    return accounts.province_officers()


def city_and_staff(decision):
    return [
        *accounts.city_officers(decision.center.city_id),
        *accounts.center_staff(decision.center),
    ]


def _amount_problem(text: str):
    if not AMOUNT_RE.fullmatch(text):
        return _("补助金额须为不超过两位小数的非负数，单位万元（如 200 或 150.5）")
    if Decimal(text) > MAX_SUBSIDY_WAN_YUAN:
        return _("补助金额不能超过 %(max)s 万元") % {"max": MAX_SUBSIDY_WAN_YUAN}
    return None


def _proposal_is(kind):
    def guard(decision, params, actor, comment):
        if decision.proposal != kind:
            return [
                _("该处理建议为「%(proposal)s」，不能办理此项")
                % {"proposal": decision.get_proposal_display()}
            ]
        return []

    return guard


def _center_in(status, message):
    def guard(decision, params, actor, comment):
        return [] if decision.center.status == status else [str(message)]

    return guard


def _both(*guards):
    def guard(decision, params, actor, comment):
        return [p for g in guards for p in g(decision, params, actor, comment)]

    return guard


def _center(action: str, params_of=lambda decision, params: {}):
    """An effect taking the center lifecycle's `action` through its service."""

    def effect(decision, params, actor, comment):
        from ticms.centers.services import center_transition

        center_transition(
            actor=actor,
            center_id=decision.center_id,
            action=action,
            params=params_of(decision, params),
            comment=comment,
        )

    return effect


def _apply_subsidy(decision: DynamicDecision, params: dict) -> None:
    decision.subsidy_wan_yuan = Decimal(params["subsidy_wan_yuan"])
    decision.talent_programme = bool(params.get("talent_programme"))
    decision.science_projects = bool(params.get("science_projects"))


def _apply_deadline(decision: DynamicDecision, params: dict) -> None:
    decision.rectification_deadline = params["rectification_deadline"]


def _apply_reason(decision: DynamicDecision, params: dict) -> None:
    decision.removal_reason = params["reason"]


def _after_failure(decision, params, actor, comment):
    """整改未通过 is a ground for removal: the rules propose it for the province to confirm."""
    from .services import proposal_create_if_due

    proposal_create_if_due(actor=actor, center=decision.center)


OPERATING = gettext_lazy("中心须处于运行中方可责令整改")
REVIEWING = gettext_lazy("中心尚未提交整改报告，须待其提交后再认定整改结果")
REMOVABLE = gettext_lazy("中心当前状态不能办理不再纳入序列管理")


def _removable(decision, params, actor, comment):
    ok = decision.center.status in (
        CenterStatus.OPERATING,
        CenterStatus.RECTIFYING,
        CenterStatus.RECTIFICATION_REVIEW,
    )
    return [] if ok else [str(REMOVABLE)]


DECISION_WORKFLOW = Workflow(
    name="dynamic_decision",
    model=DynamicDecision,
    state_field="status",
    states=dict(DecisionStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="grant_subsidy",
            label=gettext_lazy("确认补助及联动支持"),
            sources=(S.PROPOSED,),
            target=S.SUBSIDY_GRANTED,
            article=ARTICLE,
            roles=PROVINCE,
            params=(
                Param(
                    "subsidy_wan_yuan",
                    gettext_lazy("补助金额（万元）"),
                    validate=_amount_problem,
                    max_length=12,
                ),
                Param(
                    "talent_programme",
                    gettext_lazy("人才计划联动支持"),
                    kind="checkbox",
                    required=False,
                ),
                Param(
                    "science_projects",
                    gettext_lazy("科技项目联动支持"),
                    kind="checkbox",
                    required=False,
                ),
            ),
            guard=_proposal_is(K.SUBSIDY),
            ready=_proposal_is(K.SUBSIDY),
            hide_until_ready=True,
            apply=_apply_subsidy,
            notify=city_and_staff,
        ),
        Transition(
            action="order_rectification",
            label=gettext_lazy("确认限期整改"),
            sources=(S.PROPOSED,),
            target=S.RECTIFYING,
            article=ARTICLE,
            roles=PROVINCE,
            params=(DEADLINE,),
            comment_required=True,
            guard=_both(
                _proposal_is(K.RECTIFICATION), _center_in(CenterStatus.OPERATING, OPERATING)
            ),
            ready=_proposal_is(K.RECTIFICATION),
            hide_until_ready=True,
            apply=_apply_deadline,
            effect=_center(
                "order_rectification",
                lambda d, p: {"rectification_deadline": p["rectification_deadline"].isoformat()},
            ),
            style="warning",
        ),
        Transition(
            action="pass_rectification",
            label=gettext_lazy("整改通过"),
            sources=(S.RECTIFYING,),
            target=S.RECTIFIED,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            guard=_center_in(CenterStatus.RECTIFICATION_REVIEW, REVIEWING),
            ready=_center_in(CenterStatus.RECTIFICATION_REVIEW, REVIEWING),
            effect=_center("pass_rectification"),
        ),
        Transition(
            action="fail_rectification",
            label=gettext_lazy("整改未通过"),
            sources=(S.RECTIFYING,),
            target=S.RECTIFICATION_FAILED,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            guard=_center_in(CenterStatus.RECTIFICATION_REVIEW, REVIEWING),
            ready=_center_in(CenterStatus.RECTIFICATION_REVIEW, REVIEWING),
            effect=_after_failure,
            notify=city_and_staff,
            style="danger",
        ),
        Transition(
            action="remove",
            label=gettext_lazy("确认不再纳入序列管理"),
            sources=(S.PROPOSED,),
            target=S.REMOVED,
            article=ARTICLE,
            roles=PROVINCE,
            params=(Param("reason", gettext_lazy("原因"), kind="choice", choices=REMOVAL_REASONS),),
            comment_required=True,
            guard=_both(_proposal_is(K.REMOVAL), _removable),
            ready=_proposal_is(K.REMOVAL),
            hide_until_ready=True,
            apply=_apply_reason,
            effect=_center("remove", lambda d, p: {"reason": p["reason"]}),
            style="danger",
            confirm=gettext_lazy("该中心将不再纳入技术创新中心序列管理，此操作不可撤回。"),
        ),
        Transition(
            action="dismiss",
            label=gettext_lazy("不予采纳"),
            sources=(S.PROPOSED,),
            target=S.DISMISSED,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            style="secondary",
        ),
    ],
)


def offered(user, decision) -> list[tuple[Transition, list[str]]]:
    """The actions to show: a confirmation of another kind of proposal is not offered at all;
    the others with why they cannot be taken yet (the center has not reported)."""
    return [
        (t, problems)
        for t in DECISION_WORKFLOW.available(user, decision)
        if not ((problems := t.not_ready(decision, user)) and t.hide_until_ready)
    ]

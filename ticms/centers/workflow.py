"""The center lifecycle (DESIGN §2) as one declarative table."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common.workflow import Param, Transition, Workflow

from .models import Center, CenterStatus
from .permissions import is_staff_of

S = CenterStatus
ACTIVE = (
    S.CULTIVATING,
    S.CONSTRUCTING,
    S.ACCEPTING,
    S.OPERATING,
    S.RECTIFYING,
    S.RECTIFICATION_REVIEW,
)
MAX_RECTIFICATION_DAYS = 730  # a deadline beyond two years is a typing mistake, not a plan


def province_officers(center):
    return accounts.province_officers()


def city_officers(center):
    return accounts.city_officers(center.city_id)


def center_staff(center):
    return accounts.center_staff(center)


def city_and_staff(center):
    return [*city_officers(center), *center_staff(center)]


def _deadline_problem(deadline: dt.date):
    today = timezone.localdate()
    if deadline <= today:
        return _("整改期限须晚于今天（%(today)s）") % {"today": today}
    latest = today + dt.timedelta(days=MAX_RECTIFICATION_DAYS)
    if deadline > latest:
        return _("整改期限不能晚于 %(latest)s（两年内）") % {"latest": latest}
    return None


def _contract_guard(center, params, actor, comment):
    """第十三条第4项: a center is supported (constructing and after) only under a signed contract,
    which follows argumentation, decision and public notice."""
    from ticms.establishment.models import Contract

    if not Contract.objects.filter(center_id=center.pk).exists():
        return [_("该中心没有已签订的项目合同：须经申报、论证、公示和批准后签订合同方可进入建设期")]
    return []


def _apply_contract(center: Center, params: dict) -> None:
    """The construction period is the contract's (第十三条第4项: 建设期一般为5年)."""
    from ticms.establishment.models import Contract

    contract = Contract.objects.get(center_id=center.pk)
    center.construction_starts_on = contract.construction_starts_on
    center.construction_ends_on = contract.construction_ends_on


def _apply_deadline(center: Center, params: dict) -> None:
    center.rectification_deadline = params["rectification_deadline"]


def _clear_deadline(center: Center, params: dict) -> None:
    center.rectification_deadline = None


DEADLINE = Param(
    "rectification_deadline", gettext_lazy("整改期限"), kind="date", validate=_deadline_problem
)

REMOVAL_REASONS = (
    ("absent", gettext_lazy("无故不参加评估")),
    ("two_poor", gettext_lazy("连续两次评估较差")),
    ("rectification_failed", gettext_lazy("整改未通过")),
)

PROVINCE = frozenset({Role.PROVINCE})

CENTER_WORKFLOW = Workflow(
    name="center",
    model=Center,
    state_field="status",
    states=dict(CenterStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        # The one road to construction (第六条、第十三条第4项): a cultivating center applies
        # under a guide like any other; signing its contract promotes this record.
        Transition(
            action="enter_construction",
            label=gettext_lazy("签订合同，进入建设期"),
            sources=(S.CULTIVATING,),
            target=S.CONSTRUCTING,
            article="第十三条第4项",
            roles=PROVINCE,
            via="application.sign_contract",
            via_label=gettext_lazy("签订项目合同"),
            guard=_contract_guard,
            apply=_apply_contract,
            notify=city_and_staff,
        ),
        # The acceptance (第七条第3项) is its own lifecycle (evaluation: ACCEPTANCE_WORKFLOW);
        # its application and conclusion take these steps of the center with them.
        Transition(
            action="request_acceptance",
            label=gettext_lazy("申请验收"),
            sources=(S.CONSTRUCTING,),
            target=S.ACCEPTING,
            article="第七条第3项",
            roles=frozenset({Role.CENTER}),
            scope=is_staff_of,
            scope_reason=gettext_lazy("只有本中心（依托单位）的用户可以申请验收"),
            via="acceptance.submit",
            via_label=gettext_lazy("提交验收申请"),
            todo_for=province_officers,
            notify=city_officers,
        ),
        # After a failed acceptance and its rectification, the center applies again; taken
        # only with the acceptance application (evaluation: acceptance.submit).
        Transition(
            action="reapply_acceptance",
            label=gettext_lazy("整改后重新申请验收"),
            sources=(S.RECTIFYING,),
            target=S.ACCEPTING,
            article="第七条第3项",
            roles=frozenset({Role.CENTER}),
            scope=is_staff_of,
            scope_reason=gettext_lazy("只有本中心（依托单位）的用户可以申请验收"),
            via="acceptance.submit",
            via_label=gettext_lazy("提交验收申请"),
            apply=_clear_deadline,
            notify=city_officers,
        ),
        Transition(
            action="pass_acceptance",
            label=gettext_lazy("验收通过"),
            sources=(S.ACCEPTING,),
            target=S.OPERATING,
            article="第七条第3项",
            roles=PROVINCE,
            via="acceptance.pass",
            via_label=gettext_lazy("作出验收结论"),
            notify=city_and_staff,
        ),
        Transition(
            action="fail_acceptance",
            label=gettext_lazy("验收未通过，限期整改"),
            sources=(S.ACCEPTING,),
            target=S.RECTIFYING,
            article="第七条第3项",
            roles=PROVINCE,
            via="acceptance.fail",
            via_label=gettext_lazy("作出验收结论"),
            params=(DEADLINE,),
            comment_required=True,
            apply=_apply_deadline,
            todo_for=center_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="order_rectification",
            label=gettext_lazy("责令限期整改"),
            sources=(S.OPERATING,),
            target=S.RECTIFYING,
            article="第二十五条",
            roles=PROVINCE,
            params=(DEADLINE,),
            comment_required=True,
            apply=_apply_deadline,
            todo_for=center_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="submit_rectification",
            label=gettext_lazy("提交整改报告"),
            sources=(S.RECTIFYING,),
            target=S.RECTIFICATION_REVIEW,
            article="第二十五条",
            roles=frozenset({Role.CENTER}),
            scope=is_staff_of,
            scope_reason=gettext_lazy("只有本中心（依托单位）的用户可以提交整改报告"),
            params=(
                Param(
                    "report",
                    gettext_lazy("整改情况报告"),
                    kind="textarea",
                    help_text=gettext_lazy("逐项说明整改措施、完成情况和取得的成效"),
                ),
            ),
            todo_for=province_officers,
            notify=city_officers,
        ),
        Transition(
            action="return_rectification",
            label=gettext_lazy("退回继续整改"),
            sources=(S.RECTIFICATION_REVIEW,),
            target=S.RECTIFYING,
            article="第二十五条",
            roles=PROVINCE,
            params=(DEADLINE,),
            comment_required=True,
            apply=_apply_deadline,
            todo_for=center_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="pass_rectification",
            label=gettext_lazy("整改通过"),
            sources=(S.RECTIFICATION_REVIEW,),
            target=S.OPERATING,
            article="第二十五条",
            roles=PROVINCE,
            comment_required=True,
            apply=_clear_deadline,
            notify=city_and_staff,
        ),
        Transition(
            action="remove",
            label=gettext_lazy("不再纳入序列管理"),
            sources=(S.OPERATING, S.RECTIFYING, S.RECTIFICATION_REVIEW),
            target=S.REMOVED,
            article="第二十五条",
            roles=PROVINCE,
            params=(Param("reason", gettext_lazy("原因"), kind="choice", choices=REMOVAL_REASONS),),
            comment_required=True,
            apply=_clear_deadline,
            notify=city_and_staff,
            style="danger",
            confirm=gettext_lazy("该中心将不再纳入技术创新中心序列管理，此操作不可撤回。"),
        ),
        Transition(
            action="revoke",
            label=gettext_lazy("撤销"),
            sources=ACTIVE,
            target=S.REVOKED,
            article="第七条第2项",
            roles=PROVINCE,
            comment_required=True,
            apply=_clear_deadline,
            notify=city_and_staff,
            style="danger",
            confirm=gettext_lazy("撤销后该中心不再作为技术创新中心建设运行，此操作不可撤回。"),
        ),
    ],
)

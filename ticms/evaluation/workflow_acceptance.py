"""The acceptance lifecycle (验收, 第七条第3项) as one table.

draft → city_review (the center applies with its self-assessment, 第九条) → province_review (the
city's opinion, 第八条第3项) → expert_review (the province forms the expert panel in reviews) →
passed (the center starts operating) / failed (a deadline to rectify, then a new application) /
revoked (第七条第2项). Each outcome drives the center lifecycle's own transition, in the same
transaction (centers.workflow: request_acceptance, pass_acceptance, fail_acceptance, revoke).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.centers.models import CenterStatus
from ticms.centers.permissions import is_city_of, is_staff_of
from ticms.centers.workflow import CENTER_WORKFLOW, _deadline_problem
from ticms.common.workflow import Param, Transition, Workflow, transition_execute

from .models.acceptance import ACCEPTANCE_ARTICLE, Acceptance, AcceptanceStatus

S = AcceptanceStatus
CENTER = frozenset({Role.CENTER})
CITY = frozenset({Role.CITY})
PROVINCE = frozenset({Role.PROVINCE})
# The center may apply from this many days before its construction period ends (the contract's
# five years, 第十三条第4项), so that the acceptance is held at the end of the period.
APPLY_WINDOW_DAYS = 90


def province_officers(acceptance):
    return accounts.province_officers()


def city_officers(acceptance):
    return accounts.city_officers(acceptance.center.city_id)


def center_staff(acceptance):
    return accounts.center_staff(acceptance.center)


def city_and_staff(acceptance):
    return [*city_officers(acceptance), *center_staff(acceptance)]


def _own_center(user, acceptance) -> bool:
    return is_staff_of(user, acceptance.center)


def _own_city(user, acceptance) -> bool:
    return is_city_of(user, acceptance.center)


# --- guards --------------------------------------------------------------------------------------


def apply_problems(center, *, today: dt.date | None = None) -> list[str]:
    """Why `center` may not apply for acceptance now: it must be under construction (or
    rectifying after a failed acceptance), and its construction period near its end."""
    today = today or timezone.localdate()
    problems = []
    reapply = center.status == CenterStatus.RECTIFYING and last_failed(center)
    if center.status not in (CenterStatus.CONSTRUCTING, CenterStatus.ACCEPTING) and not reapply:
        problems.append(
            _("中心当前状态为「%(state)s」：建设期内的中心，或验收不通过后整改中的中心方可申请验收")
            % {"state": center.get_status_display()}
        )
    ends = center.construction_ends_on
    if ends is None:
        problems.append(_("中心没有建设期结束日期（项目合同），无法确定验收时间"))
    elif today < ends - dt.timedelta(days=APPLY_WINDOW_DAYS):
        problems.append(
            _("建设期至 %(ends)s 结束，自 %(opens)s 起方可申请验收（第七条第3项）")
            % {
                "ends": ends.isoformat(),
                "opens": (ends - dt.timedelta(days=APPLY_WINDOW_DAYS)).isoformat(),
            }
        )
    return problems


def last_failed(center) -> bool:
    """The center's latest concluded acceptance failed (rectify, then apply again)."""
    from .models.acceptance import OPEN_ACCEPTANCE_STATUSES

    latest = (
        center.acceptances.exclude(status__in=OPEN_ACCEPTANCE_STATUSES).order_by("-attempt").first()
    )
    return latest is not None and latest.status == S.FAILED


def _may_submit(acceptance, params, actor, comment) -> list[str]:
    problems = apply_problems(acceptance.center)
    if not acceptance.self_assessment.strip():
        problems.append(_("请填写自评报告"))
    return problems


def _panel_concluded(acceptance, params, actor, comment) -> list[str]:
    from ticms.reviews.models import PanelStatus

    panel = acceptance.review_panels.first()
    if panel is None:
        return [_("尚未组建验收专家组")]
    if panel.status != PanelStatus.CONCLUDED:
        return [_("验收专家组尚未出具专家组意见")]
    return []


# --- state changes beside the status ------------------------------------------------------------


def _submitted(acceptance, params) -> None:
    acceptance.submitted_at = timezone.now()


def _opinion(acceptance, params) -> None:
    acceptance.city_opinion = params["opinion"]


def _concluded(acceptance, params) -> None:
    acceptance.conclusion = params["conclusion"]
    acceptance.concluded_at = timezone.now()
    acceptance.rectification_deadline = params.get("rectification_deadline")


def _center_step(acceptance, action: str, actor, *, params=None, comment="", via="") -> None:
    transition_execute(
        actor=actor,
        workflow=CENTER_WORKFLOW,
        obj=acceptance.center,
        action=action,
        params=params,
        comment=comment,
        via=via,
    )


def _center_applies(acceptance, params, actor, comment) -> None:
    """The center enters acceptance with its first submission (again after a failed one)."""
    center = acceptance.center
    center.refresh_from_db(fields=["status"])
    if center.status == CenterStatus.CONSTRUCTING:
        _center_step(acceptance, "request_acceptance", actor, via="acceptance.submit")
    elif center.status == CenterStatus.RECTIFYING:
        _center_step(acceptance, "reapply_acceptance", actor, via="acceptance.submit")
    # ACCEPTING: resubmitted after the city returned it; the center is there already.


def _center_passes(acceptance, params, actor, comment) -> None:
    _center_step(
        acceptance, "pass_acceptance", actor, comment=params["conclusion"], via="acceptance.pass"
    )


def _center_fails(acceptance, params, actor, comment) -> None:
    _center_step(
        acceptance,
        "fail_acceptance",
        actor,
        params={"rectification_deadline": params["rectification_deadline"]},
        comment=params["conclusion"],
        via="acceptance.fail",
    )


def _center_revoked(acceptance, params, actor, comment) -> None:
    _center_step(acceptance, "revoke", actor, comment=params["conclusion"])


CONCLUSION = Param("conclusion", gettext_lazy("验收结论"), kind="textarea", max_length=5000)

ACCEPTANCE_WORKFLOW = Workflow(
    name="acceptance",
    model=Acceptance,
    state_field="status",
    states=dict(AcceptanceStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="submit",
            label=gettext_lazy("提交验收申请"),
            sources=(S.DRAFT,),
            target=S.CITY_REVIEW,
            article=ACCEPTANCE_ARTICLE,
            roles=CENTER,
            scope=_own_center,
            scope_reason=gettext_lazy("只有本中心（依托单位）的用户可以申请验收"),
            guard=_may_submit,
            apply=_submitted,
            effect=_center_applies,
            todo_for=city_officers,
            todo_article="第八条第3项",
            confirm=gettext_lazy("提交后由所在设区市科技局出具意见，再报省科技厅组织验收。"),
        ),
        Transition(
            action="return",
            label=gettext_lazy("退回修改"),
            sources=(S.CITY_REVIEW,),
            target=S.DRAFT,
            article="第八条第3项",
            roles=CITY,
            scope=_own_city,
            comment_required=True,
            todo_for=center_staff,
            style="outline-warning",
        ),
        Transition(
            action="city_opinion",
            label=gettext_lazy("出具设区市意见"),
            sources=(S.CITY_REVIEW,),
            target=S.PROVINCE_REVIEW,
            article="第八条第3项",
            roles=CITY,
            scope=_own_city,
            params=(
                Param("opinion", gettext_lazy("设区市意见"), kind="textarea", max_length=5000),
            ),
            comment_field=False,
            apply=_opinion,
            todo_for=province_officers,
            todo_article=ACCEPTANCE_ARTICLE,
            notify=center_staff,
        ),
        Transition(
            action="organise",
            label=gettext_lazy("组织专家验收"),
            sources=(S.PROVINCE_REVIEW,),
            target=S.EXPERT_REVIEW,
            article=ACCEPTANCE_ARTICLE,
            roles=PROVINCE,
            via="review_panel.create",
            via_label=gettext_lazy("组建验收专家组"),
            notify=city_and_staff,
        ),
        Transition(
            action="pass",
            label=gettext_lazy("验收通过"),
            sources=(S.EXPERT_REVIEW,),
            target=S.PASSED,
            article=ACCEPTANCE_ARTICLE,
            roles=PROVINCE,
            params=(CONCLUSION,),
            comment_field=False,
            guard=_panel_concluded,
            ready=_panel_concluded,
            apply=_concluded,
            effect=_center_passes,
            notify=city_and_staff,
        ),
        Transition(
            action="fail",
            label=gettext_lazy("验收不通过，限期整改"),
            sources=(S.EXPERT_REVIEW,),
            target=S.FAILED,
            article=ACCEPTANCE_ARTICLE,
            roles=PROVINCE,
            params=(
                CONCLUSION,
                Param(
                    "rectification_deadline",
                    gettext_lazy("整改期限"),
                    kind="date",
                    validate=_deadline_problem,
                ),
            ),
            comment_field=False,
            guard=_panel_concluded,
            ready=_panel_concluded,
            apply=_concluded,
            effect=_center_fails,
            todo_for=center_staff,
            notify=city_officers,
            style="warning",
        ),
        Transition(
            action="revoke",
            label=gettext_lazy("验收不通过，撤销"),
            sources=(S.EXPERT_REVIEW,),
            target=S.REVOKED,
            article="第七条第2项",
            roles=PROVINCE,
            params=(CONCLUSION,),
            comment_field=False,
            guard=_panel_concluded,
            ready=_panel_concluded,
            apply=_concluded,
            effect=_center_revoked,
            notify=city_and_staff,
            style="danger",
            confirm=gettext_lazy("撤销后该中心不再作为技术创新中心建设运行，此操作不可撤回。"),
        ),
    ],
)

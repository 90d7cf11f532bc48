"""The assignment and panel lifecycles of expert argumentation (第十三条第3项) as tables.

Assignment: invited → accepted (or declined) → declared (no conflict) → submitted; a declared
conflict ends it, and the province may withdraw an invitation, invite again, or return a score
sheet for correction. Panel: open → concluded when the panel leader writes the panel opinion.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common import inbox, messages
from ticms.common.workflow import NOTICE, Param, Transition, Workflow, notice_body

from .models import (
    ARTICLE,
    Assignment,
    AssignmentStatus,
    Panel,
    PanelStatus,
    Recommendation,
)
from .permissions import is_assigned_expert, is_panel_leader

A = AssignmentStatus
PROVINCE = frozenset({Role.PROVINCE})
EXPERT = frozenset({Role.EXPERT})
OWN_REASON = gettext_lazy("只有受邀专家本人可以办理")
LEADER_REASON = gettext_lazy("只有专家组组长可以出具专家组意见")


def province_officers(obj=None):
    return accounts.province_officers()


def assigned_expert(assignment: Assignment):
    user = assignment.expert.user
    return [user] if user is not None else []


def panel_leader(panel: Panel):
    if panel.leader_id is None or panel.leader.user is None:
        return []
    return [panel.leader.user]


# --- guards --------------------------------------------------------------------------------------


def open_problems(panel: Panel) -> list[str]:
    """Argumentation goes on only while the subject is under review (its kind says) and the
    panel has not concluded."""
    problems = list(panel.kind.review_problems(panel.subject))
    if panel.status != PanelStatus.OPEN:
        problems.append(_("专家组已出具意见，论证已结束"))
    return problems


def _while_open(assignment, params, actor, comment) -> list[str]:
    return open_problems(assignment.panel)


def _no_conflict(assignment, params, actor, comment) -> list[str]:
    """The rules run again at the moment of the declaration (the facts may have changed)."""
    from .conflicts import conflicts_of
    from .selectors.pool import expert_for_conflicts

    problems = open_problems(assignment.panel)
    report = conflicts_of(expert_for_conflicts(assignment.expert_id), assignment.panel.subject)
    if report:
        problems += [
            _("经核查存在回避情形，不能声明无利益冲突，请申报利益冲突：%(m)s") % {"m": m}
            for m in report.messages()
        ]
    return problems


def _may_invite(assignment, params, actor, comment) -> list[str]:
    from .services import invitation_problems

    return open_problems(assignment.panel) + invitation_problems(
        assignment.expert_id, assignment.panel.subject
    )


def _sheet_complete(assignment, params, actor, comment) -> list[str]:
    from .selectors.scores import sheet_problems

    return open_problems(assignment.panel) + sheet_problems(assignment)


def _may_conclude(panel, params, actor, comment) -> list[str]:
    from .selectors.panels import opinion_problems

    return open_problems(panel) + opinion_problems(panel)


def _may_reopen(panel, params, actor, comment) -> list[str]:
    if panel.kind.review_problems(panel.subject):
        return [
            _("%(subject)s已不在专家论证阶段，不能重新开启论证") % {"subject": panel.kind.label}
        ]
    return []


# --- state changes beside the status ------------------------------------------------------------


def _responded(assignment, params) -> None:
    assignment.responded_at = timezone.now()


def _declared(assignment, params) -> None:
    assignment.declared_at = timezone.now()


def _submitted(assignment, params) -> None:
    assignment.submitted_at = timezone.now()


def _returned(assignment, params) -> None:
    assignment.submitted_at = None


def _reinvited(assignment, params) -> None:
    assignment.responded_at = None
    assignment.declared_at = None
    assignment.submitted_at = None


def _left_panel(assignment, params, actor, comment) -> None:
    """An expert who leaves the panel is no longer its leader; then see whether the scores of
    the others are all in."""
    Panel.objects.filter(pk=assignment.panel_id, leader_id=assignment.expert_id).update(leader=None)
    _scores_in(assignment, params, actor, comment)


SCORES_IN = messages.define("reviews.scores_in", gettext_lazy("%(panel)s：专家评分已全部提交"))
SCORES_COMPLETE = messages.define(
    "reviews.scores_complete",
    gettext_lazy("已有 %(n)d 名专家提交评分，等待专家组组长出具专家组意见。"),
)
SCORES_SHORT = messages.define(
    "reviews.scores_short",
    gettext_lazy("已有 %(n)d 名专家提交评分，但尚未满足出具专家组意见的条件：%(why)s"),
)
OPINION_DUE = messages.define("reviews.opinion_due", gettext_lazy("%(panel)s：请出具专家组意见"))


def _scores_in(assignment, params, actor, comment) -> None:
    """When nobody is left to answer or to score, tell the province, and ask the leader for
    the panel opinion (第十三条第3项)."""
    from .selectors.panels import MIN_SUBMITTED_EXPERTS, panel_progress

    panel = Panel.objects.select_related("leader__user").get(pk=assignment.panel_id)
    progress = panel_progress(panel)
    if progress["submitted"] == 0 or progress["invited"] or progress["pending"]:
        return

    def tell():
        enough = progress["submitted"] >= MIN_SUBMITTED_EXPERTS
        n = progress["submitted"]
        body = (
            messages.msg(SCORES_COMPLETE, n=n)
            if enough and panel.leader_id
            else messages.msg(
                SCORES_SHORT,
                n=n,
                why=messages.seq(*({"_m": m} for m in progress["problem_messages"])),
            )
        )
        inbox.notice_create(
            recipients=province_officers(),
            title=messages.msg(SCORES_IN, panel=messages.ref(panel)),
            body=[body],
            obj=panel,
            url=panel.get_absolute_url(),
            article=ARTICLE,
        )
        if enough and panel.leader_id and panel.leader.user_id:
            leader_assignment = panel.assignments.filter(expert_id=panel.leader_id).first()
            inbox.todo_create(
                recipients=[panel.leader.user],
                title=messages.msg(OPINION_DUE, panel=messages.ref(panel)),
                obj=panel,
                state=PanelStatus.OPEN,
                url=leader_assignment.get_absolute_url() if leader_assignment else "",
                article=ARTICLE,
                due_on=panel.due_on,
            )

    transaction.on_commit(tell)


def _apply_opinion(panel, params) -> None:
    panel.opinion = params["opinion"]
    panel.recommendation = params["recommendation"]
    panel.opinion_at = timezone.now()


def _opinion_notice(panel, params, actor, comment) -> None:
    """The province learns of the panel opinion; what follows is the subject's (the decision on
    an application, 第十三条第4项; the acceptance conclusion): the opinion concludes the panel,
    not the subject."""

    transition = PANEL_WORKFLOW.get("conclude")

    def tell():
        inbox.notice_create(
            recipients=[u for u in province_officers(panel) if u != actor],
            title=messages.msg(
                NOTICE, obj=messages.ref(panel), action=messages.text(transition.label)
            ),
            body=notice_body(PANEL_WORKFLOW, transition, params),
            obj=panel,
            url=panel.get_absolute_url(),
            article=transition.article,
        )

    transaction.on_commit(tell)
    panel.kind.on_concluded(panel, actor)


ASSIGNMENT_WORKFLOW = Workflow(
    name="review_assignment",
    model=Assignment,
    state_field="status",
    states=dict(AssignmentStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="accept",
            label=gettext_lazy("接受邀请"),
            sources=(A.INVITED,),
            target=A.ACCEPTED,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_assigned_expert,
            scope_reason=OWN_REASON,
            guard=_while_open,
            apply=_responded,
        ),
        Transition(
            action="decline",
            label=gettext_lazy("谢绝邀请"),
            sources=(A.INVITED,),
            target=A.DECLINED,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_assigned_expert,
            scope_reason=OWN_REASON,
            apply=_responded,
            effect=_left_panel,
            notify=province_officers,
            style="outline-danger",
        ),
        Transition(
            action="declare",
            label=gettext_lazy("声明无利益冲突"),
            sources=(A.ACCEPTED,),
            target=A.DECLARED,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_assigned_expert,
            scope_reason=OWN_REASON,
            params=(
                Param(
                    "confirm",
                    gettext_lazy(
                        "本人承诺：与本申请不存在上列任何回避情形，并对评审内容保密、独立公正评审"
                    ),
                    kind="checkbox",
                ),
            ),
            guard=_no_conflict,
            apply=_declared,
        ),
        Transition(
            action="declare_conflict",
            label=gettext_lazy("申报利益冲突并回避"),
            sources=(A.INVITED, A.ACCEPTED),
            target=A.CONFLICT,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_assigned_expert,
            scope_reason=OWN_REASON,
            comment_required=True,
            apply=_responded,
            effect=_left_panel,
            notify=province_officers,
            style="outline-danger",
            confirm=gettext_lazy("申报后本次论证任务结束，您将不再参加该申请的论证。"),
        ),
        Transition(
            action="submit",
            label=gettext_lazy("提交评分"),
            sources=(A.DECLARED,),
            target=A.SUBMITTED,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_assigned_expert,
            scope_reason=OWN_REASON,
            guard=_sheet_complete,
            apply=_submitted,
            effect=_scores_in,
            confirm=gettext_lazy("提交后不能再修改评分；如需更正，须由省科技厅退回。"),
        ),
        Transition(
            action="withdraw",
            label=gettext_lazy("撤回邀请"),
            sources=(A.INVITED, A.ACCEPTED, A.DECLARED),
            target=A.WITHDRAWN,
            article=ARTICLE,
            roles=PROVINCE,
            guard=_while_open,
            effect=_left_panel,
            notify=assigned_expert,
            style="outline-danger",
        ),
        Transition(
            action="reinvite",
            label=gettext_lazy("重新邀请"),
            sources=(A.WITHDRAWN, A.DECLINED),
            target=A.INVITED,
            article=ARTICLE,
            roles=PROVINCE,
            guard=_may_invite,
            apply=_reinvited,
            todo_for=assigned_expert,
            style="outline-primary",
        ),
        Transition(
            action="return_scores",
            label=gettext_lazy("退回评分更正"),
            sources=(A.SUBMITTED,),
            target=A.DECLARED,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            guard=_while_open,
            apply=_returned,
            notify=assigned_expert,
            style="outline-warning",
        ),
    ],
)


PANEL_WORKFLOW = Workflow(
    name="review_panel",
    model=Panel,
    state_field="status",
    states=dict(PanelStatus.choices),
    role_labels=dict(Role.choices),
    transitions=[
        Transition(
            action="conclude",
            label=gettext_lazy("出具专家组意见"),
            sources=(PanelStatus.OPEN,),
            target=PanelStatus.CONCLUDED,
            article=ARTICLE,
            roles=EXPERT,
            scope=is_panel_leader,
            scope_reason=LEADER_REASON,
            params=(
                Param("opinion", gettext_lazy("专家组意见"), kind="textarea"),
                Param(
                    "recommendation",
                    gettext_lazy("专家组论证结论"),
                    kind="choice",
                    choices=tuple(Recommendation.choices),
                ),
            ),
            guard=_may_conclude,
            apply=_apply_opinion,
            # The notice to the province: _opinion_notice (no doubled full stop).
            effect=_opinion_notice,
            page="reviews:panel_opinion",
        ),
        Transition(
            action="reopen",
            label=gettext_lazy("退回组长重新出具意见"),
            sources=(PanelStatus.CONCLUDED,),
            target=PanelStatus.OPEN,
            article=ARTICLE,
            roles=PROVINCE,
            comment_required=True,
            guard=_may_reopen,
            todo_for=panel_leader,
            style="outline-warning",
        ),
    ],
)

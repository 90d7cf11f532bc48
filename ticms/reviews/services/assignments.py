"""Assignments: the expert's answer, declaration and score sheet; the panel opinion."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import inbox, messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.money import to_decimal
from ticms.common.workflow import transition_execute

from .. import selectors
from ..models import (
    ARTICLE,
    Assignment,
    AssignmentStatus,
    Panel,
    Recommendation,
    Score,
)
from ..permissions import can_form_panels, is_assigned_expert
from ..workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW, open_problems
from .common import MAX_TEXT, clean_text

# --- Assignments --------------------------------------------------------------------------------


def assignment_transition(
    *, actor, assignment_id: int, action: str, params=None, comment: str = ""
) -> Assignment:
    """accept / decline / declare / declare_conflict / submit (the expert); withdraw / reinvite
    / return_scores (the province). Out of scope looks like missing."""
    assignment = selectors.assignment_get(user=actor, pk=assignment_id)
    assignment = transition_execute(
        actor=actor,
        workflow=ASSIGNMENT_WORKFLOW,
        obj=assignment,
        action=action,
        params=params,
        comment=comment,
    )
    _next_step_todo(assignment)
    return assignment


NEXT_STEPS = {
    AssignmentStatus.ACCEPTED: messages.define(
        "reviews.declare_todo", gettext_lazy("请声明有无利益冲突：%(name)s")
    ),
    AssignmentStatus.DECLARED: messages.define(
        "reviews.score_todo", gettext_lazy("请填写并提交评分表：%(name)s")
    ),
}


def _next_step_todo(assignment: Assignment) -> None:
    """The expert's own next step stays on their workbench until done. Queued after the
    executor's own on-commit work (which closes the previous step's to-dos)."""
    title = NEXT_STEPS.get(assignment.status)
    user = assignment.expert.user
    if title is None or user is None:
        return
    panel = assignment.panel
    transaction.on_commit(
        lambda: inbox.todo_create(
            recipients=[user],
            title=messages.msg(title, name=panel.subject.center_name),
            obj=assignment,
            state=assignment.status,
            url=assignment.get_absolute_url(),
            article=ARTICLE,
            due_on=panel.due_on,
        )
    )


def _score_value(errors: dict, key: str, raw, label) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = to_decimal(raw)
    except ValueError:
        errors[key] = [_("「%(label)s」的得分须为数字") % {"label": label}]
        return None
    if not Decimal(0) <= value <= Decimal(100):
        errors[key] = [
            _("「%(label)s」的得分须在0至100之间，当前为 %(v)s")
            % {"label": label, "v": selectors.exact(value)}
        ]
        return None
    if value.as_tuple().exponent < -2:
        errors[key] = [_("「%(label)s」的得分最多保留两位小数") % {"label": label}]
        return None
    return value


def score_sheet_save(
    *,
    actor,
    assignment_id: int,
    scores: dict,
    comments: str | None = None,
    recommendation: str | None = None,
) -> Assignment:
    """Save the expert's score sheet as a draft (any part of it); `scores` maps a criterion id
    of the subject's sheet (the guide's for an application) to a score 0–100 (two decimals at
    most); an empty value clears it."""
    assignment = selectors.assignment_get(user=actor, pk=assignment_id)
    if not is_assigned_expert(actor, assignment):
        raise PermissionDenied(_("只有受邀专家本人可以填写评分表"))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.status != AssignmentStatus.DECLARED:
            raise Conflict(
                _("当前状态为「%(state)s」，不能修改评分表")
                % {"state": assignment.get_status_display()}
            )
        problems = open_problems(assignment.panel)
        if problems:
            raise Conflict(_("；").join(problems))
        kind = assignment.panel.kind
        criteria = {c.pk: c for c in selectors.panel_criteria(assignment.panel)}
        errors: dict[str, list] = {}
        cleaned: dict[int, Decimal | None] = {}
        for raw_key, raw in (scores or {}).items():
            try:
                criterion_id = int(str(raw_key))
            except ValueError:
                criterion_id = None
            if criterion_id not in criteria:
                errors[f"scores.{raw_key}"] = [_("评分表中没有该评审指标")]
                continue
            cleaned[criterion_id] = _score_value(
                errors, f"scores.{criterion_id}", raw, criteria[criterion_id].name
            )
        if comments is not None:
            comments = clean_text(errors, "comments", comments, _("评审意见"), max_length=MAX_TEXT)
        if recommendation not in (None, "") and recommendation not in Recommendation.values:
            errors["recommendation"] = [_("请从列表中选择评审结论")]
        if errors:
            raise ValidationFailed(errors)
        old = dict(assignment.scores.values_list(kind.score_key, "score"))
        before, after = {}, {}
        for criterion_id, value in cleaned.items():
            if old.get(criterion_id) == value:
                continue
            before[f"score.{criterion_id}"] = old.get(criterion_id)
            after[f"score.{criterion_id}"] = value
            if value is None:
                assignment.scores.filter(**{kind.score_key: criterion_id}).delete()
            else:
                Score.objects.update_or_create(
                    assignment=assignment,
                    **{kind.score_key: criterion_id},
                    defaults={"score": value},
                )
        for field, value in (("comments", comments), ("recommendation", recommendation)):
            if value is not None and getattr(assignment, field) != value:
                before[field], after[field] = getattr(assignment, field), value
                setattr(assignment, field, value)
        assignment.save(update_fields=["comments", "recommendation"])
        if after:
            audit_record(
                actor=actor,
                action="review_assignment.scores_save",
                obj=assignment,
                before=to_json(before),
                after=to_json(after),
                article=ARTICLE,
            )
    return assignment


def panel_transition(*, actor, panel_id: int, action: str, params=None, comment: str = "") -> Panel:
    """conclude (the panel leader writes the panel opinion) / reopen (the province)."""
    panel = Panel.objects.select_related("leader").filter(pk=panel_id).first()
    visible = panel is not None and (
        can_form_panels(actor)
        or selectors.assignments_visible_to(actor).filter(panel=panel).exists()
    )
    if not visible:
        raise NotFound(_("专家组不存在"))
    return transition_execute(
        actor=actor,
        workflow=PANEL_WORKFLOW,
        obj=panel,
        action=action,
        params=params,
        comment=comment,
    )


def panel_opinion_write(*, actor, panel_id: int, opinion: str, recommendation: str) -> Panel:
    return panel_transition(
        actor=actor,
        panel_id=panel_id,
        action="conclude",
        params={"opinion": opinion, "recommendation": recommendation},
    )

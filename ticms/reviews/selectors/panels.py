"""Panels (the province's): the list, the applications still without one, one panel with its
assignments and the guide's criteria, where its experts stand and what still stops the panel
opinion, and its history."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import messages
from ticms.common.exceptions import NotFound
from ticms.common.models import AuditEvent

from .. import subjects
from ..models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    PENDING_SCORE_STATUSES,
    Assignment,
    AssignmentStatus,
    Panel,
    Score,
)
from .scope import is_province

# At least this many experts must have submitted their score sheets before the panel may
# conclude (a panel of one or two is no argumentation).
MIN_SUBMITTED_EXPERTS = 3


def panels_visible_to(user) -> QuerySet[Panel]:
    if not is_province(user):
        return Panel.objects.none()
    return Panel.objects.all()


def panel_list(*, user, status: str = "") -> QuerySet[Panel]:
    qs = panels_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related(*subjects.panel_related(), "leader")
        .annotate(
            invited_count=Count(
                "assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)
            ),
            submitted_count=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)
            ),
        )
        .order_by("-created_at", "-pk")
    )


def subjects_awaiting_panel(*, user, kind: str = "application"):
    """Subjects of `kind` under review without a panel yet (the province's to-do list)."""
    subject_kind = subjects.kind(kind)
    qs = subject_kind.awaiting_panel(user)
    return qs if is_province(user) else qs.none()


def applications_awaiting_panel(*, user):
    """Applications in argumentation without a panel yet (the province's to-do list)."""
    return subjects_awaiting_panel(user=user, kind="application")


def _panel_related(qs: QuerySet[Panel]) -> QuerySet[Panel]:
    return qs.select_related(*subjects.panel_related(), "leader", "leader__user", "created_by")


def panel_get(*, user, pk) -> Panel:
    panel = _panel_related(panels_visible_to(user)).filter(pk=pk).first()
    if panel is None:
        raise NotFound(_("专家组不存在"))
    return panel


def panel_for_subject(*, user, kind: str, subject_id):
    """(subject, its panel or None) for the province's panel page; others: not found."""
    subject_kind = subjects.kind(kind)
    if not is_province(user):
        raise NotFound(subject_kind.not_found)
    subject = subject_kind.visible(user).filter(pk=subject_id).first()
    if subject is None:
        raise NotFound(subject_kind.not_found)
    panel = _panel_related(Panel.objects.filter(**{subject_kind.field: subject})).first()
    return subject, panel


def panel_for_application(*, user, application_id):
    return panel_for_subject(user=user, kind="application", subject_id=application_id)


def panel_assignments(panel: Panel) -> list[Assignment]:
    return list(
        panel.assignments.select_related("expert", "expert__employer", "expert__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("pk")))
        .order_by("pk")
    )


def guide_criteria(guide_id: int) -> list:
    from ticms.establishment.models import GuideCriterion

    return list(GuideCriterion.objects.filter(guide_id=guide_id).order_by("order", "pk"))


def panel_criteria(panel: Panel) -> list:
    """The score-sheet criteria of the panel's subject (the guide's for an application)."""
    return panel.kind.criteria(panel.subject)


TOO_FEW_SCORES = messages.define(
    "reviews.too_few_scores", gettext_lazy("已提交评分的专家 %(n)d 名，至少须 %(min)d 名")
)
UNANSWERED = messages.define(
    "reviews.unanswered",
    gettext_lazy("尚有 %(n)d 名专家未答复邀请（请等待答复，或由省科技厅撤回邀请）"),
)
UNSCORED = messages.define(
    "reviews.unscored", gettext_lazy("尚有 %(n)d 名已接受邀请的专家未提交评分")
)
NO_LEADER = messages.define("reviews.no_leader", gettext_lazy("尚未指定专家组组长"))


def panel_progress(panel: Panel) -> dict:
    """Counts by where each expert stands, and what still stops the panel opinion."""
    counts = dict(
        panel.assignments.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    invited = counts.get(AssignmentStatus.INVITED, 0)
    pending = sum(counts.get(s, 0) for s in PENDING_SCORE_STATUSES)
    submitted = counts.get(AssignmentStatus.SUBMITTED, 0)
    found = []
    if submitted < MIN_SUBMITTED_EXPERTS:
        found.append(messages.msg(TOO_FEW_SCORES, n=submitted, min=MIN_SUBMITTED_EXPERTS))
    if invited:
        found.append(messages.msg(UNANSWERED, n=invited))
    if pending:
        found.append(messages.msg(UNSCORED, n=pending))
    if panel.leader_id is None:
        found.append(messages.msg(NO_LEADER))
    return {
        "invited": invited,
        "pending": pending,
        "submitted": submitted,
        "counts": counts,
        "problems": [messages.render(m) for m in found],
        # The same, stored in notifications and rendered in each reader's language.
        "problem_messages": found,
    }


def opinion_problems(panel: Panel) -> list[str]:
    """What stops the leader from writing the panel opinion now."""
    return panel_progress(panel)["problems"]


def panel_history(panel: Panel, assignments=None) -> QuerySet[AuditEvent]:
    ids = [str(a.pk) for a in (assignments or panel.assignments.all())]
    return AuditEvent.objects.filter(
        Q(object_type="reviews.panel", object_id=str(panel.pk))
        | Q(object_type="reviews.assignment", object_id__in=ids)
    ).order_by("seq")

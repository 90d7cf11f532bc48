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
        qs.select_related("application", "application__city", "application__host_unit", "leader")
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


def applications_awaiting_panel(*, user):
    """Applications in argumentation without a panel yet (the province's to-do list)."""
    from ticms.establishment.models import ApplicationStatus
    from ticms.establishment.selectors import applications_visible_to

    if not is_province(user):
        return applications_visible_to(user).none()
    return (
        applications_visible_to(user)
        .filter(status=ApplicationStatus.ARGUMENTATION, review_panels=None)
        .select_related("city", "host_unit")
        .order_by("recommended_at", "pk")
    )


def _panel_related(qs: QuerySet[Panel]) -> QuerySet[Panel]:
    return qs.select_related(
        "application",
        "application__city",
        "application__host_unit",
        "application__guide",
        "application__sub_field",
        "leader",
        "leader__user",
        "created_by",
    )


def panel_get(*, user, pk) -> Panel:
    panel = _panel_related(panels_visible_to(user)).filter(pk=pk).first()
    if panel is None:
        raise NotFound(_("专家组不存在"))
    return panel


def panel_for_application(*, user, application_id):
    """(application, its panel or None) for the province's panel page; others: not found."""
    from ticms.establishment.selectors import applications_visible_to

    if not is_province(user):
        raise NotFound(_("申请书不存在"))
    application = (
        applications_visible_to(user)
        .select_related("guide", "city", "host_unit", "sub_field", "sub_field__parent")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("申请书不存在"))
    panel = _panel_related(Panel.objects.filter(application=application)).first()
    return application, panel


def panel_assignments(panel: Panel) -> list[Assignment]:
    return list(
        panel.assignments.select_related("expert", "expert__employer", "expert__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion_id")))
        .order_by("pk")
    )


def guide_criteria(guide_id: int) -> list:
    from ticms.establishment.models import GuideCriterion

    return list(GuideCriterion.objects.filter(guide_id=guide_id).order_by("order", "pk"))


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

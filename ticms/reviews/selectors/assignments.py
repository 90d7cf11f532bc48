"""Assignments (an expert's own; the province's all): the lists, one assignment with its
scores and history, and the application material the expert reads once cleared of conflict
(the summary and the attachments)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.common.exceptions import NotFound, PermissionDenied
from ticms.common.models import AuditEvent

from .. import subjects
from ..models import CLEARED_STATUSES, PENDING_SCORE_STATUSES, Assignment, AssignmentStatus
from .scope import is_active_user


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """An expert sees only their own assignments; the province all of them."""
    if not is_active_user(user):
        return Assignment.objects.none()
    if user.role == Role.PROVINCE:
        return Assignment.objects.all()
    if user.role == Role.EXPERT:
        return Assignment.objects.filter(expert__user=user)
    return Assignment.objects.none()


def _assignment_related(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.select_related(
        "panel",
        "panel__leader",
        *(f"panel__{path}" for path in subjects.panel_related()),
        "expert",
        "expert__user",
    )


def my_assignments(*, user, status: str = "") -> QuerySet[Assignment]:
    """The expert's own list (the province is sent to panels instead)."""
    qs = assignments_visible_to(user).filter(expert__user=user)
    if status == "open":
        qs = qs.filter(status__in=(*PENDING_SCORE_STATUSES, AssignmentStatus.INVITED))
    elif status:
        qs = qs.filter(status=status)
    return _assignment_related(qs).order_by("panel__due_on", "-pk")


def assignment_list(*, user, status: str = "") -> QuerySet[Assignment]:
    """Every assignment in the user's scope (the expert's own; the province's all)."""
    qs = assignments_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return _assignment_related(qs).order_by("panel__due_on", "-pk")


def assignment_units(assignment: Assignment) -> dict:
    """The units of the subject, which an invited expert needs to judge a conflict of interest
    before accepting (names only; the content comes after the declaration)."""
    return assignment.panel.kind.units(assignment.panel.subject)


def assignment_get(*, user, pk) -> Assignment:
    assignment = _assignment_related(assignments_visible_to(user)).filter(pk=pk).first()
    if assignment is None:
        raise NotFound(_("论证任务不存在"))
    return assignment


def assignment_scores(assignment: Assignment) -> dict[int, Decimal]:
    return dict(assignment.scores.values_list(assignment.panel.kind.score_key, "score"))


def assignment_history(assignment: Assignment) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="reviews.assignment", object_id=str(assignment.pk)
    ).order_by("seq")


# Rules whose findings name other people's ID numbers or other applications: experts see the
# outcome only (the province reads the details in the formal review).
PRIVATE_RULES = ("A12.4.no_repeat_support", "A4.no_duplicate_layout")


def application_summary(assignment: Assignment) -> dict:
    """What the expert needs to score (read-only): the construction plan, the targets, the team
    figures and the eligibility results of the formal review. Never ID numbers. Only after the
    expert has accepted and declared no conflict."""
    from ticms.establishment.eligibility import team_counts
    from ticms.establishment.models import PLAN_SECTIONS
    from ticms.regulation.rules.catalogue import RULES_BY_ID
    from ticms.regulation.rules.outcomes import OUTCOME_LABELS

    if assignment.status not in CLEARED_STATUSES:
        raise PermissionDenied(_("接受邀请并声明无利益冲突后，方可查阅申请材料"))
    application = assignment.panel.application
    review = application.formal_reviews.filter(passed=True).order_by("-created_at", "-pk").first()
    eligibility = []
    if review is not None:
        for row in (review.report or {}).get("results", []):
            rule = RULES_BY_ID.get(row.get("rule"))
            private = row.get("rule") in PRIVATE_RULES
            eligibility.append(
                {
                    "article": row.get("article", ""),
                    "title": rule.title if rule else row.get("rule", ""),
                    "outcome": row.get("outcome", ""),
                    "outcome_label": OUTCOME_LABELS.get(row.get("outcome"), row.get("outcome")),
                    "message": "" if private else row.get("message", ""),
                    "private": private,
                }
            )
    return {
        "application": application,
        "attachments": list(assignment_attachments(assignment)),
        "host_unit": application.host_unit.name,
        "co_builders": list(application.co_builders.values_list("name", flat=True)),
        "sections": [(label, getattr(application, name)) for name, label in PLAN_SECTIONS],
        "targets": list(application.targets.order_by("order", "pk")),
        "team": team_counts(application),
        "review": review,
        "eligibility": eligibility,
    }


def assignment_material(assignment: Assignment) -> dict:
    """What the expert reads to score, supplied by the subject's kind (for an application:
    application_summary). Only after accepting and declaring no conflict."""
    if assignment.status not in CLEARED_STATUSES:
        raise PermissionDenied(_("接受邀请并声明无利益冲突后，方可查阅申请材料"))
    return assignment.panel.kind.material(assignment)


def assignment_attachments(assignment: Assignment):
    """The subject's attachments (for an application: co-building agreement, site proof, ...),
    read-only, for the expert of this assignment once accepted and declared without conflict
    (第十三条第3项); before that, exactly like missing ones."""
    if assignment.status not in CLEARED_STATUSES:
        raise NotFound(_("附件不存在"))
    return assignment.panel.kind.attachments(assignment.panel.subject)


def assignment_attachment_rows(*, user, assignment_pk):
    """What `user` may download on an assignment: an expert's own cleared assignment only."""
    if not is_active_user(user) or user.role != Role.EXPERT:
        raise NotFound(_("附件不存在"))
    return assignment_attachments(assignment_get(user=user, pk=assignment_pk))

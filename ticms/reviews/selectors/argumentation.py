"""The contract with the establishment lifecycle: which applications an expert may read, why
an application's argumentation is not complete yet, the opinions its applicant must answer,
and the panel's recommendation."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.accounts.models import Role

from ..models import CLEARED_STATUSES, Assignment, AssignmentStatus, Panel, PanelStatus
from .panels import MIN_SUBMITTED_EXPERTS, panel_progress
from .scope import is_active_user
from .scores import expert_numbers


def applications_assigned_to(user):
    """Application ids an expert may read: those of their assignments they accepted and declared
    no conflict for (declared or submitted). Usable as `pk__in=`."""
    from ticms.establishment.models import Application

    if not is_active_user(user) or user.role != Role.EXPERT:
        return Application.objects.none().values("pk")
    return (
        Assignment.objects.filter(
            expert__user=user, status__in=CLEARED_STATUSES, panel__application__isnull=False
        )
        .order_by()
        .values("panel__application_id")
    )


def _panel_of(application) -> Panel | None:
    return Panel.objects.filter(application_id=application.pk).first()


def argumentation_problems(application) -> list[str]:
    """Why the argumentation of `application` is not complete yet (empty when complete): a
    panel, at least MIN_SUBMITTED_EXPERTS submitted sheets, and the leader's panel opinion."""
    panel = _panel_of(application)
    if panel is None:
        return [_("尚未组建专家组")]
    problems = []
    progress = panel_progress(panel)
    if panel.status != PanelStatus.CONCLUDED:
        problems += progress["problems"]
        problems.append(_("专家组组长尚未出具专家组意见"))
    elif progress["submitted"] < MIN_SUBMITTED_EXPERTS:
        problems.append(progress["problems"][0])
    return problems


def argumentation_opinions(application) -> list[dict]:
    """The opinions the applicant must answer: the panel opinion (key `panel:<id>`, author
    专家组) and each submitted expert comment (key `assignment:<id>`, author 专家1, 专家2 …).
    Expert names are never shown to the applicant."""
    panel = _panel_of(application)
    if panel is None:
        return []
    opinions = []
    if panel.status == PanelStatus.CONCLUDED and panel.opinion.strip():
        opinions.append({"key": f"panel:{panel.pk}", "author": _("专家组"), "text": panel.opinion})
    submitted = list(
        panel.assignments.filter(status=AssignmentStatus.SUBMITTED)
        .order_by("pk")
        .only("pk", "status", "comments")
    )
    numbers = expert_numbers(submitted)
    for a in submitted:
        if a.comments.strip():
            opinions.append(
                {
                    "key": f"assignment:{a.pk}",
                    "author": _("专家%(n)d") % {"n": numbers[a.pk]},
                    "text": a.comments,
                }
            )
    return opinions


def panel_recommendation(application) -> str | None:
    """The concluded panel's recommendation (support / support_with_changes / oppose)."""
    panel = _panel_of(application)
    return (panel.recommendation or None) if panel is not None else None

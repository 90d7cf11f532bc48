"""Every write of the acceptance (验收, 第七条第3项): one transaction, a permission check and an
audit event each; the steps through ACCEPTANCE_WORKFLOW, the expert panel through reviews."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.centers.permissions import is_staff_of
from ticms.centers.selectors import centers_visible_to
from ticms.common.audit import audit_record
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.labels import register_action_labels, register_object_url
from ticms.common.workflow import transition_execute

from .acceptance_selectors import acceptance_get
from .models.acceptance import (
    ACCEPTANCE_ARTICLE,
    OPEN_ACCEPTANCE_STATUSES,
    Acceptance,
    AcceptanceStatus,
)
from .workflow_acceptance import ACCEPTANCE_WORKFLOW, apply_problems

MAX_TEXT = 20000

register_object_url("evaluation.acceptance", "evaluation:acceptance_detail")
register_action_labels(
    {
        "acceptance.create": gettext_lazy("填写验收申请"),
        "acceptance.update": gettext_lazy("修改自评报告"),
    }
)


def _clean_assessment(text) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            {"self_assessment": [_("自评报告不能超过%(n)d个字") % {"n": MAX_TEXT}]}
        )
    return text


def acceptance_create(*, actor, center_id: int, self_assessment: str = "") -> Acceptance:
    """The center starts its application for acceptance (a draft) near the end of its
    construction period, or after a failed acceptance and its rectification."""
    text = _clean_assessment(self_assessment)
    with transaction.atomic():
        center = (
            centers_visible_to(actor).select_for_update(of=("self",)).filter(pk=center_id).first()
        )
        if center is None:
            raise NotFound(_("技术创新中心不存在"))
        if not is_staff_of(actor, center):
            raise PermissionDenied(_("只有本中心（依托单位）的用户可以申请验收"))
        if center.acceptances.filter(status__in=OPEN_ACCEPTANCE_STATUSES).exists():
            raise Conflict(_("该中心已有正在办理的验收申请"))
        problems = apply_problems(center)
        if problems:
            raise GuardFailed(problems)
        attempt = (center.acceptances.aggregate(n=Max("attempt"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                acceptance = Acceptance.objects.create(
                    center=center, attempt=attempt, self_assessment=text, created_by=actor
                )
        except IntegrityError as exc:
            raise Conflict(_("该中心已有正在办理的验收申请")) from exc
        audit_record(
            actor=actor,
            action="acceptance.create",
            obj=acceptance,
            after={"center": center.code, "attempt": attempt, "status": acceptance.status},
            article=ACCEPTANCE_ARTICLE,
        )
    return acceptance


def acceptance_update(*, actor, acceptance_id: int, self_assessment: str) -> Acceptance:
    acceptance = acceptance_get(user=actor, pk=acceptance_id)
    if not is_staff_of(actor, acceptance.center):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写自评报告"))
    text = _clean_assessment(self_assessment)
    with transaction.atomic():
        acceptance = Acceptance.objects.select_for_update().get(pk=acceptance.pk)
        if acceptance.status != AcceptanceStatus.DRAFT:
            raise Conflict(
                _("当前状态为「%(state)s」，不能修改自评报告")
                % {"state": acceptance.get_status_display()}
            )
        if acceptance.self_assessment != text:
            before = acceptance.self_assessment
            acceptance.self_assessment = text
            acceptance.save(update_fields=["self_assessment", "updated_at"])
            audit_record(
                actor=actor,
                action="acceptance.update",
                obj=acceptance,
                before={"self_assessment": before},
                after={"self_assessment": text},
                article=ACCEPTANCE_ARTICLE,
            )
    return acceptance


def acceptance_transition(
    *, actor, acceptance_id: int, action: str, params=None, comment: str = ""
) -> Acceptance:
    """submit (the center); return / city_opinion (its city); pass / fail / revoke (the
    province, after the panel opinion). Out of scope looks like missing."""
    acceptance = acceptance_get(user=actor, pk=acceptance_id)
    return transition_execute(
        actor=actor,
        workflow=ACCEPTANCE_WORKFLOW,
        obj=acceptance,
        action=action,
        params=params,
        comment=comment,
    )


def acceptance_panel_form(
    *,
    actor,
    acceptance_id: int,
    mode: str,
    due_on: dt.date,
    meeting_at: dt.datetime | None = None,
    place: str = "",
):
    """The province forms the acceptance's expert panel (reviews), which moves the acceptance
    to expert review."""
    from ticms.reviews import services as reviews

    acceptance = acceptance_get(user=actor, pk=acceptance_id)
    return reviews.panel_create(
        actor=actor,
        kind="acceptance",
        subject_id=acceptance.pk,
        mode=mode,
        due_on=due_on,
        meeting_at=meeting_at,
        place=place,
    )


__all__ = [
    "acceptance_create",
    "acceptance_panel_form",
    "acceptance_transition",
    "acceptance_update",
]

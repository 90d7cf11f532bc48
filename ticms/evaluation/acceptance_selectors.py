"""Reads of the acceptances, scoped to the user: the province sees all, a city officer those of
the centers of their city, a center's staff their own (第七、八、九条). Anything else is not
there (404, like a missing one)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.centers.selectors import centers_acted_for, centers_visible_to
from ticms.common.exceptions import NotFound
from ticms.common.models import AuditEvent

from .models.acceptance import OPEN_ACCEPTANCE_STATUSES, Acceptance

READERS = (Role.PROVINCE, Role.CITY, Role.CENTER)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def acceptances_visible_to(user) -> QuerySet[Acceptance]:
    if not _active(user) or user.role not in READERS:
        return Acceptance.objects.none()
    if user.role == Role.PROVINCE:
        return Acceptance.objects.all()
    if user.role == Role.CITY:
        return (
            Acceptance.objects.filter(center__city_id=user.city_id)
            if user.city_id
            else Acceptance.objects.none()
        )
    return Acceptance.objects.filter(center__in=centers_visible_to(user).values("pk"))


def _related(qs: QuerySet[Acceptance]) -> QuerySet[Acceptance]:
    return qs.select_related("center", "center__city", "center__host_unit", "center__sub_field")


def acceptance_list(*, user, status: str = "") -> QuerySet[Acceptance]:
    from ticms.reviews.models import Panel

    qs = acceptances_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return (
        _related(qs)
        .annotate(has_panel=Exists(Panel.objects.filter(acceptance=OuterRef("pk"))))
        .order_by("-created_at", "-pk")
    )


def acceptance_get(*, user, pk) -> Acceptance:
    acceptance = _related(acceptances_visible_to(user)).filter(pk=pk).first()
    if acceptance is None:
        raise NotFound(_("验收不存在"))
    return acceptance


def acceptance_panel(acceptance: Acceptance):
    from ticms.reviews.models import Panel

    return Panel.objects.select_related("leader").filter(acceptance=acceptance).first()


def acceptance_history(acceptance: Acceptance) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(object_type="evaluation.acceptance", object_id=str(acceptance.pk))
        .select_related("actor")
        .order_by("seq")
    )


def centers_may_apply(user):
    """The centers the user acts for that have no acceptance under way (the 申请验收 list)."""
    from ticms.centers.models import CenterStatus

    return (
        centers_acted_for(user)
        .filter(status__in=(CenterStatus.CONSTRUCTING, CenterStatus.RECTIFYING))
        .exclude(acceptances__status__in=OPEN_ACCEPTANCE_STATUSES)
        .order_by("code")
    )

"""Reads of major-matter reports, change requests and record versions, scoped like the annual
reports: center staff their own centers, the city its own city's, the province all, others
nothing; outside the scope exactly like a missing record."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Organisation, Role, User
from ticms.centers.models import Center
from ticms.centers.selectors import centers_acted_for, centers_visible_to
from ticms.common.exceptions import NotFound

from .models import (
    CHANGE_OPEN_STATUSES,
    CenterRecordVersion,
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    MajorMatterReport,
    MajorMatterStatus,
)
from .proposals import snapshot_changes

ROLES = (Role.PROVINCE, Role.CITY, Role.CENTER)


def _centers(user) -> QuerySet[Center]:
    if getattr(user, "role", None) not in ROLES:
        return Center.objects.none()
    if user.role == Role.CENTER:
        # A headquarters' staff see the branch centers, but each center reports for itself.
        return centers_acted_for(user)
    return centers_visible_to(user)


def _pk(pk, message) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise NotFound(message) from None


# --- major-matter reports --------------------------------------------------------------------


def major_matters_visible_to(user) -> QuerySet[MajorMatterReport]:
    qs = MajorMatterReport.objects.filter(center__in=_centers(user))
    if getattr(user, "role", None) != Role.CENTER:
        qs = qs.exclude(status=MajorMatterStatus.DRAFT)
    return qs


def major_matter_list(
    *, user, kind: str = "", status: str = "", city: str = "", center_id: int | None = None
) -> QuerySet[MajorMatterReport]:
    qs = major_matters_visible_to(user).select_related("center", "center__city")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if city:
        qs = qs.filter(center__city__code=city)
    if center_id:
        qs = qs.filter(center_id=center_id)
    return qs.order_by("-created_at", "-pk")


def major_matter_get(*, user, pk) -> MajorMatterReport:
    message = _("重大事项报告不存在")
    matter = (
        major_matters_visible_to(user)
        .select_related("center", "center__city", "center__host_unit")
        .filter(pk=_pk(pk, message))
        .first()
    )
    if matter is None:
        raise NotFound(message)
    return matter


# --- change requests -------------------------------------------------------------------------


def change_requests_visible_to(user) -> QuerySet[ChangeRequest]:
    """A request reaches the city when it is submitted; one withdrawn as a draft never did."""
    qs = ChangeRequest.objects.filter(center__in=_centers(user))
    if getattr(user, "role", None) != Role.CENTER:
        qs = qs.exclude(status=ChangeStatus.DRAFT).exclude(
            Q(status=ChangeStatus.WITHDRAWN) & Q(submitted_at__isnull=True)
        )
    return qs


def change_request_list(
    *, user, kind: str = "", status: str = "", city: str = "", center_id: int | None = None
) -> QuerySet[ChangeRequest]:
    qs = change_requests_visible_to(user).select_related("center", "center__city")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if city:
        qs = qs.filter(center__city__code=city)
    if center_id:
        qs = qs.filter(center_id=center_id)
    return qs.order_by("-created_at", "-pk")


def change_request_get(*, user, pk) -> ChangeRequest:
    message = _("变更申请不存在")
    change = (
        change_requests_visible_to(user)
        .select_related(
            "center",
            "center__city",
            "center__host_unit",
            "center__director",
            "center__executive_director",
        )
        .filter(pk=_pk(pk, message))
        .first()
    )
    if change is None:
        raise NotFound(message)
    return change


def open_change_request_of_kind(*, user, center_id, kind: str) -> ChangeRequest | None:
    """The request still in progress for this center and kind (at most one), if the user may
    see it: the one a new request of the same kind must give way to."""
    try:
        center_id = int(center_id)
    except (TypeError, ValueError):
        return None
    return (
        change_requests_visible_to(user)
        .filter(center_id=center_id, kind=kind, status__in=CHANGE_OPEN_STATUSES)
        .order_by("pk")
        .first()
    )


@dataclass
class AccessHandover:
    """Whose access to the center a host-unit change moves (centers.permissions.acting_q)."""

    keep: list
    lose: list
    gain: list
    new_unit_registered: bool


def host_unit_handover(change: ChangeRequest) -> AccessHandover | None:
    """For a host-unit change still to be decided: the center's own staff keep their access;
    the current host unit's people who are not center staff lose it; the new host unit's
    people gain it (none yet when approval registers the unit)."""
    if change.kind != ChangeKind.HOST_UNIT or change.status not in CHANGE_OPEN_STATUSES:
        return None
    uscc = change.proposed.get("uscc", "")
    center = change.center
    users = User.objects.filter(role=Role.CENTER, is_active=True).order_by("username")
    new_unit = Organisation.objects.filter(uscc=uscc).first() if uscc else None
    return AccessHandover(
        keep=list(users.filter(center_id=center.pk)),
        lose=list(users.filter(organisation_id=center.host_unit_id).exclude(center_id=center.pk)),
        gain=list(users.filter(organisation=new_unit).exclude(center_id=center.pk))
        if new_unit
        else [],
        new_unit_registered=new_unit is not None,
    )


def history_for(obj):
    from ticms.common.audit import history_for as audit_history

    return audit_history(obj)


# --- the center record's versions ------------------------------------------------------------


def center_for_history(*, user, pk) -> Center:
    message = _("中心不存在")
    center = _centers(user).select_related("city", "host_unit").filter(pk=_pk(pk, message)).first()
    if center is None:
        raise NotFound(message)
    return center


def center_record_versions(center: Center) -> list[CenterRecordVersion]:
    """Newest first, each with what changed against the version before it."""
    versions = list(
        CenterRecordVersion.objects.filter(center=center)
        .select_related("approved_by", "change_request")
        .order_by("number")
    )
    previous = None
    for version in versions:
        version.changes = snapshot_changes(previous, version.snapshot)
        previous = version.snapshot
    return versions[::-1]


def open_change_requests(*, user, center: Center) -> QuerySet[ChangeRequest]:
    return change_request_list(user=user, center_id=center.pk).filter(
        status__in=(ChangeStatus.SUBMITTED, ChangeStatus.RETURNED, ChangeStatus.CITY_REVIEWED)
    )

"""Object-level predicates for centers, plain functions shared by selectors and the workflow."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from ticms.accounts.models import Role


def is_city_of(user, center) -> bool:
    return user.role == Role.CITY and user.city_id is not None and center.city_id == user.city_id


def acting_q(user, prefix: str = "") -> Q:
    """The centers `user` acts for (第九条), as a filter on Center (or on a relation to it,
    `prefix="center__"`): the center's own staff, whichever unit hosts it (a center is a legal
    person of its own, 第五条), and the staff of its current host unit (依托单位). A host-unit
    change (第二十三条) therefore moves the host unit's access and leaves the center's own."""
    conditions = []
    if getattr(user, "role", None) == Role.CENTER and user.is_active:
        if user.center_id:
            conditions.append(Q(**{f"{prefix}pk": user.center_id}))
        if user.organisation_id:
            conditions.append(Q(**{f"{prefix}host_unit_id": user.organisation_id}))
    if not conditions:
        return Q(**{f"{prefix}pk__in": []})
    return reduce(or_, conditions)


def visible_q(user, prefix: str = "") -> Q:
    """What a center-side user sees: the centers it acts for and their branches (第五条)."""
    return acting_q(user, prefix) | acting_q(user, f"{prefix}headquarters__")


def acts_for(user, center) -> bool:
    """`acting_q` for one loaded center, without a query."""
    if getattr(user, "role", None) != Role.CENTER or not user.is_active or center is None:
        return False
    return (user.center_id is not None and center.pk == user.center_id) or (
        user.organisation_id is not None and center.host_unit_id == user.organisation_id
    )


def is_staff_of(user, center) -> bool:
    """Acts for the center or for its headquarters (a headquarters leads its branches)."""
    return acts_for(user, center) or acts_for(user, center.headquarters)


def is_co_builder_of(user, center) -> bool:
    return (
        user.role == Role.CO_BUILDER
        and user.organisation_id is not None
        and center.co_builders.filter(organisation_id=user.organisation_id).exists()
    )


def is_province(user, center=None) -> bool:
    return user.role == Role.PROVINCE


def can_view_center(user, center) -> bool:
    return (
        is_province(user, center)
        or is_city_of(user, center)
        or is_staff_of(user, center)
        or is_co_builder_of(user, center)
    )


def can_edit_center(user, center) -> bool:
    """Descriptive facts and rosters: the province, the center's city, its own staff."""
    return user.role == Role.PROVINCE or is_city_of(user, center) or is_staff_of(user, center)


# Facts the conditions of 第十二条 rest on. Before approval the registering city and the center
# keep them up to date; after approval they change only through the annual report and the
# change-request procedure (第二十二、二十三条), or by the province.
CONDITION_FIELDS = (
    "rd_site_area_m2",
    "instrument_value_wan_yuan",
    "established_on",
    "executive_director_full_time",
)
DESCRIPTIVE_FIELDS = ("research_directions",)


def editable_fields(user, center) -> tuple[str, ...]:
    from .models import CenterStatus

    if not can_edit_center(user, center) or center.status in (
        CenterStatus.REMOVED,
        CenterStatus.REVOKED,
    ):
        return ()
    if user.role == Role.PROVINCE or center.status == CenterStatus.CULTIVATING:
        return DESCRIPTIVE_FIELDS + CONDITION_FIELDS
    # Once approved, the research direction is a major adjustment (第八条第3项): it changes by
    # change request (第二十三条), with the city's opinion and a version in the history.
    return ()


def can_edit_roster(user, center) -> bool:
    """Co-builders, leaders and team: set up before approval by the city and the center; once
    approved, changes go through change requests (第二十三条) — only the province corrects."""
    from .models import CenterStatus

    return bool(editable_fields(user, center)) and (
        user.role == Role.PROVINCE or center.status == CenterStatus.CULTIVATING
    )


def can_maintain_alliance(user, center) -> bool:
    """The alliance (第十九条) is the center's own cooperation network: its staff (a headquarters'
    staff for their branches too, 第五条) keep it, the province may correct it. Not a building-unit
    adjustment, so no change request (第二十三条) is needed after approval."""
    from .models import CenterStatus

    if center.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
        return False
    return user.role == Role.PROVINCE or is_staff_of(user, center)

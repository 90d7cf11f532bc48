"""Object-level predicates for centers (`rules`), shared by selectors and the workflow."""

from __future__ import annotations

import rules

from ticms.accounts.models import Role


@rules.predicate
def is_city_of(user, center) -> bool:
    return user.role == Role.CITY and user.city_id is not None and center.city_id == user.city_id


@rules.predicate
def is_staff_of(user, center) -> bool:
    if user.role != Role.CENTER or user.organisation_id is None:
        return False
    if center.host_unit_id == user.organisation_id:
        return True
    hq = center.headquarters
    return hq is not None and hq.host_unit_id == user.organisation_id


@rules.predicate
def is_co_builder_of(user, center) -> bool:
    return (
        user.role == Role.CO_BUILDER
        and user.organisation_id is not None
        and center.co_builders.filter(organisation_id=user.organisation_id).exists()
    )


@rules.predicate
def is_province(user, center=None) -> bool:
    return user.role == Role.PROVINCE


can_view_center = is_province | is_city_of | is_staff_of | is_co_builder_of
rules.add_perm("centers.view_center", can_view_center)


def can_edit_center(user, center) -> bool:
    """Descriptive facts and rosters: the province, the center's city, its own staff."""
    return user.role == Role.PROVINCE or is_city_of(user, center) or is_staff_of(user, center)

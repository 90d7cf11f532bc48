"""Object-level predicates for annual reports, shared by selectors, services and workflows."""

from __future__ import annotations

import rules

from ticms.accounts.models import Role


@rules.predicate
def is_center_staff(user, report) -> bool:
    """Staff of the center's host unit (依托单位), who write and submit its report."""
    return (
        user.role == Role.CENTER
        and user.organisation_id is not None
        and report.center.host_unit_id == user.organisation_id
    )


@rules.predicate
def is_city_of(user, report) -> bool:
    return (
        user.role == Role.CITY
        and user.city_id is not None
        and report.center.city_id == user.city_id
    )


def can_edit_report(user, report) -> bool:
    return is_center_staff(user, report) and report.is_editable

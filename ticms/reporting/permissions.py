"""Object-level predicates for annual reports, shared by selectors, services and workflows."""

from __future__ import annotations

from ticms.accounts.models import Role
from ticms.centers.permissions import acts_for


def is_center_staff(user, report) -> bool:
    """Who acts for the center (its own staff or its host unit's): writes and submits its
    report. Also used for major-matter reports and change requests (anything with a center)."""
    return acts_for(user, report.center)


def is_city_of(user, report) -> bool:
    return (
        user.role == Role.CITY
        and user.city_id is not None
        and report.center.city_id == user.city_id
    )


def can_edit_report(user, report) -> bool:
    return is_center_staff(user, report) and report.is_editable

"""Object-level predicates for guides and applications, shared by selectors and workflows."""

from __future__ import annotations

import rules

from ticms.accounts.models import Role


@rules.predicate
def is_applicant(user, application) -> bool:
    """Staff of the host unit (依托单位) that drafts the application."""
    return (
        user.role == Role.CENTER
        and user.organisation_id is not None
        and application.host_unit_id == user.organisation_id
    )


@rules.predicate
def is_city_of(user, application) -> bool:
    return (
        user.role == Role.CITY and user.city_id is not None and application.city_id == user.city_id
    )


def can_edit_application(user, application) -> bool:
    return is_applicant(user, application) and application.is_editable

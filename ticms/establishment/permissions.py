"""Object-level predicates for guides and applications, shared by selectors and workflows."""

from __future__ import annotations

from ticms.accounts.models import Role
from ticms.centers.permissions import acts_for


def is_applicant(user, application) -> bool:
    """Staff of the host unit (依托单位) that drafts the application, or of the regional
    center it is for (第六条)."""
    if user.role != Role.CENTER:
        return False
    if user.organisation_id is not None and application.host_unit_id == user.organisation_id:
        return True
    return application.center_id is not None and acts_for(user, application.center)


def is_city_of(user, application) -> bool:
    return (
        user.role == Role.CITY and user.city_id is not None and application.city_id == user.city_id
    )


def can_edit_application(user, application) -> bool:
    return is_applicant(user, application) and application.is_editable

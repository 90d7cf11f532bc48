"""Who may act on a major-matter report or a change request: whoever acts for its center."""

from __future__ import annotations

from ticms.accounts.models import Role
from ticms.centers.permissions import acts_for


def is_center_staff(user, obj) -> bool:
    """The center's own staff or its host unit's (centers.permissions.acting_q)."""
    return acts_for(user, obj.center)


def is_city_of(user, obj) -> bool:
    return (
        user.role == Role.CITY and user.city_id is not None and obj.center.city_id == user.city_id
    )

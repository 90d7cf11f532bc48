"""Writes for the center registry: one transaction, a permission check and an audit event each.
By responsibility: `registry` (register, record, edit, transitions), `rosters` (co-builders,
leaders, team, governance) and `approval` (entering the programme by contract, change requests
taking effect)."""

from .approval import (
    BY_REQUEST,
    CHANGEABLE,
    PROMOTED_FIELDS,
    center_apply_change,
    center_establish,
    center_promote,
)
from .registry import (
    EDITABLE,
    NOT_HOST_KINDS,
    center_record_approved,
    center_register,
    center_transition,
    center_update,
)
from .rosters import (
    CO_BUILDER_ORGANISATION_KIND,
    LEADERS,
    PEOPLE_ADDED,
    UNIT_OF_KIND,
    co_builder_add,
    governance_body_set,
    leaders_appoint,
    leaders_register,
    team_member_register,
    team_members_add,
)

__all__ = [
    "BY_REQUEST",
    "CHANGEABLE",
    "CO_BUILDER_ORGANISATION_KIND",
    "EDITABLE",
    "LEADERS",
    "NOT_HOST_KINDS",
    "PEOPLE_ADDED",
    "PROMOTED_FIELDS",
    "UNIT_OF_KIND",
    "center_apply_change",
    "center_establish",
    "center_promote",
    "center_record_approved",
    "center_register",
    "center_transition",
    "center_update",
    "co_builder_add",
    "governance_body_set",
    "leaders_appoint",
    "leaders_register",
    "team_member_register",
    "team_members_add",
]

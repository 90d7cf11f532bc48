"""Who may read the argumentation at all: an active user, and the province among them."""

from __future__ import annotations

from ticms.accounts.models import Role


def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def is_province(user) -> bool:
    return is_active_user(user) and user.role == Role.PROVINCE

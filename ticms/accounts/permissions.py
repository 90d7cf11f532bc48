"""Who may manage accounts data; answers carry their reason."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.permissions import ALLOW, Decision, deny

from .models import Role


def is_province(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.PROVINCE


def is_city(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.CITY


def is_sysadmin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.SYSADMIN


def can_manage_organisation(actor, city) -> Decision:
    if actor is None or not actor.is_authenticated:
        return deny(_("请先登录"))
    if actor.role in (Role.PROVINCE, Role.SYSADMIN):
        return ALLOW
    if actor.role == Role.CITY:
        if city is not None and city.pk == actor.city_id:
            return ALLOW
        return deny(_("设区市科技局只能登记本市的单位"))
    return deny(_("只有省科技厅、设区市科技局和系统管理员可以登记单位"))

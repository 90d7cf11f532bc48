"""Reads for accounts, scoped to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import City, Organisation, Role, User


def cities() -> QuerySet[City]:
    return City.objects.order_by("code")


def organisations_visible_to(user) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("city")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role in (Role.PROVINCE, Role.SYSADMIN):
        return qs
    if user.role == Role.CITY:
        return qs.filter(city_id=user.city_id)
    if user.organisation_id:
        return qs.filter(pk=user.organisation_id)
    return qs.none()


# Who must act or be told next, for the transition tables (todo_for / notify).
def province_officers():
    return User.objects.filter(role=Role.PROVINCE, is_active=True)


def city_officers(city_id):
    return User.objects.filter(role=Role.CITY, city_id=city_id, is_active=True)


def host_unit_staff(organisation_id):
    return User.objects.filter(role=Role.CENTER, organisation_id=organisation_id, is_active=True)


def center_staff(center):
    """Who acts for a center: its own staff and its host unit's (centers.permissions.acting_q)."""
    return User.objects.filter(role=Role.CENTER, is_active=True).filter(
        Q(center_id=center.pk) | Q(organisation_id=center.host_unit_id)
    )


def city_issuing(code: str):
    """The Jiangsu city whose registration authority issued a USCC, or None."""
    from . import uscc
    from .models import City

    city_code = uscc.issuing_city_code(code)
    return City.objects.filter(code=city_code).first() if city_code else None

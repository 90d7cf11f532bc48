"""Writes for accounts: organisations, people, users. Each is one audited transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ticms.common.audit import audit_record
from ticms.common.exceptions import PermissionDenied, ValidationFailed

from . import idnumbers, uscc
from .models import City, Organisation, OrganisationKind, Person, Role
from .permissions import can_manage_organisation


def _require_text(errors: dict, field: str, value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(_("请填写%(label)s") % {"label": label})
    elif len(value) > max_length:
        errors.setdefault(field, []).append(
            _("%(label)s不能超过%(n)d个字") % {"label": label, "n": max_length}
        )
    return value


def organisation_create(
    *, actor, name: str, uscc_code: str, kind: str, city: City | None = None, address: str = ""
) -> Organisation:
    errors: dict[str, list] = {}
    name = _require_text(errors, "name", name, _("单位名称"), 200)
    code = uscc.normalize(uscc_code)
    if not code:
        errors.setdefault("uscc", []).append(_("请填写统一社会信用代码"))
    elif message := uscc.problem(code):
        errors.setdefault("uscc", []).append(message)
    if kind not in OrganisationKind.values:
        errors.setdefault("kind", []).append(_("请选择单位类型"))
    if len(address or "") > 300:
        errors.setdefault("address", []).append(_("地址不能超过300个字"))
    decision = can_manage_organisation(actor, city)
    if not decision:
        raise PermissionDenied(decision.reason)
    if not errors and Organisation.objects.filter(uscc=code).exists():
        errors["uscc"] = [_("统一社会信用代码为 %(code)s 的单位已登记，无需重复登记") % {"code": code}]
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                name=name, uscc=code, kind=kind, city=city, address=(address or "").strip()
            )
            audit_record(
                actor=actor,
                action="organisation.create",
                obj=org,
                after={"name": name, "uscc": code, "kind": kind, "city": city.code if city else None},
            )
    except IntegrityError as exc:  # a concurrent registration of the same code
        raise ValidationFailed(
            {"uscc": [_("统一社会信用代码为 %(code)s 的单位已登记，无需重复登记") % {"code": code}]}
        ) from exc
    return org


def person_upsert(
    *,
    actor,
    name: str,
    id_number: str | None = None,
    title_level: str = "none",
    title: str = "",
    degree: str = "other",
    employer: Organisation | None = None,
) -> Person:
    """Find the person by hashed ID number (fill once), or register them."""
    errors: dict[str, list] = {}
    name = _require_text(errors, "name", name, _("姓名"), 100)
    if id_number and (message := idnumbers.problem(id_number)):
        errors["id_number"] = [message]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = None
        if id_number:
            person = Person.objects.select_for_update().filter(
                id_hash=idnumbers.id_hash(id_number)
            ).first()
        if person is None:
            person = Person.objects.create(
                name=name,
                id_hash=idnumbers.id_hash(id_number) if id_number else None,
                id_masked=idnumbers.mask(id_number) if id_number else "",
                title_level=title_level,
                title=title,
                degree=degree,
                employer=employer,
            )
            audit_record(actor=actor, action="person.create", obj=person,
                         after={"name": name, "id_masked": person.id_masked})
        return person


def user_role_problems(*, role: str, city: City | None, organisation: Organisation | None) -> dict:
    errors: dict[str, list] = {}
    if role not in Role.values:
        errors["role"] = [_("请选择角色")]
    if role == Role.CITY and city is None:
        errors["city"] = [_("设区市科技局用户须绑定所属设区市")]
    if role in (Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR) and organisation is None:
        errors["organisation"] = [_("该角色的用户须绑定所属单位")]
    return errors

"""Writes for accounts: organisations, people, users. Each is one audited transaction."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.audit import audit_record
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels

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


register_action_labels(
    {
        "organisation.create": gettext_lazy("登记单位"),
        "person.create": gettext_lazy("登记人员"),
        "person.bulk_create": gettext_lazy("批量登记人员"),
        "person.name_correct": gettext_lazy("更正人员姓名"),
        "user.create": gettext_lazy("创建用户"),
        "user.password_reset": gettext_lazy("重置密码"),
        "user.password_change": gettext_lazy("修改本人密码"),
        "user.login_failed": gettext_lazy("登录失败"),
        "api_token.create": gettext_lazy("创建 API 令牌"),
    }
)

ADMINISTRATIVE_KINDS = (
    OrganisationKind.PROVINCE_DEPARTMENT,
    OrganisationKind.CITY_BUREAU,
    OrganisationKind.AGENCY,
)


def organisation_create(
    *, actor, name: str, uscc_code: str, kind: str, city: City | None = None, address: str = ""
) -> Organisation:
    errors: dict[str, list] = {}
    name = _require_text(errors, "name", name, _("单位名称"), 200)
    code = uscc.normalize(uscc_code)
    if not code:
        errors.setdefault("uscc_code", []).append(_("请填写统一社会信用代码"))
    elif message := uscc.problem(code):
        errors.setdefault("uscc_code", []).append(message)
    elif message := uscc.division_problem(code, city.code if city else None):
        errors.setdefault("city", []).append(message)
    if kind not in OrganisationKind.values:
        errors.setdefault("kind", []).append(_("请选择单位类型"))
    elif kind in ADMINISTRATIVE_KINDS and actor.role != Role.SYSADMIN:
        # The department, the bureaus and the entrusted agency are set up by the administrator.
        errors.setdefault("kind", []).append(_("该类型的单位由系统管理员登记"))
    if len(address or "") > 300:
        errors.setdefault("address", []).append(_("地址不能超过300个字"))
    decision = can_manage_organisation(actor, city)
    if not decision:
        raise PermissionDenied(decision.reason)
    if not errors and Organisation.objects.filter(uscc=code).exists():
        errors["uscc_code"] = [
            _("统一社会信用代码为 %(code)s 的单位已登记，无需重复登记") % {"code": code}
        ]
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
                after={
                    "name": name,
                    "uscc": code,
                    "kind": kind,
                    "city": city.code if city else None,
                },
            )
    except IntegrityError as exc:  # a concurrent registration of the same code
        message = _("统一社会信用代码为 %(code)s 的单位已登记，无需重复登记") % {"code": code}
        raise ValidationFailed({"uscc_code": [message]}) from exc
    return org


NAME_MISMATCH = gettext_lazy("姓名与证件号码不一致，请核对；如确系更名，请联系省科技厅更正人员信息")


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
            person = (
                Person.objects.select_for_update()
                .filter(id_hash=idnumbers.id_hash(id_number))
                .first()
            )
        if person is not None and person.name != name:
            # Never confirm or reveal whom a number belongs to: a mismatch is only refused.
            raise ValidationFailed({"name": [str(NAME_MISMATCH)]})
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
            audit_record(
                actor=actor,
                action="person.create",
                obj=person,
                after={"name": name, "id_masked": person.id_masked},
            )
        return person


def _person_referenced(person: Person) -> bool:
    """Whether any record refers to the person (a center, a team, an application, a governance
    body, a user, an expert...): every relation to Person, hidden ones included."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model is Person
                and model._base_manager.filter(**{field.name: person}).exists()
            ):
                return True
    return False


def person_name_correct(*, actor, person_id: int, name: str, note: list | None = None) -> Person:
    """Correct the name typed when a person was registered. Only for a person no record refers
    to yet; the caller vouches that the record being edited registered them (and that no other
    record keeps them in its data). A person known elsewhere keeps the name others rely on:
    the mismatch is refused as by person_upsert."""
    errors: dict[str, list] = {}
    name = _require_text(errors, "name", name, _("姓名"), 100)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        if person.name == name:
            return person
        if _person_referenced(person):
            raise ValidationFailed({"name": [str(NAME_MISMATCH)]})
        before = person.name
        person.name = name
        person.save(update_fields=["name"])
        audit_record(
            actor=actor,
            action="person.name_correct",
            obj=person,
            before={"name": before},
            after={"name": name},
            note=note,
        )
    return person


def user_role_problems(
    *, role: str, city: City | None, organisation: Organisation | None, center=None
) -> dict:
    errors: dict[str, list] = {}
    if center is not None and role != Role.CENTER:
        errors["center"] = [_("只有中心（依托单位）用户可以绑定所属技术创新中心")]
    if role not in Role.values:
        errors["role"] = [_("请选择角色")]
    if role == Role.CITY and city is None:
        errors["city"] = [_("设区市科技局用户须绑定所属设区市")]
    if role in (Role.CENTER, Role.CO_BUILDER, Role.EVALUATOR) and organisation is None:
        errors["organisation"] = [_("该角色的用户须绑定所属单位")]
    return errors


def people_bulk_upsert(*, actor, rows: list[dict]) -> list[Person]:
    """Register many people at once (roster imports); known ID numbers reuse the existing
    person. rows: [{name, id_number, title_level, degree, employer}]. One audit event."""
    errors: dict[str, list] = {}
    for index, row in enumerate(rows):
        if not (row.get("name") or "").strip():
            errors[f"rows[{index}].name"] = [_("请填写姓名")]
        number = row.get("id_number")
        if number and (message := idnumbers.problem(number)):
            errors[f"rows[{index}].id_number"] = [message]
    if errors:
        raise ValidationFailed(errors)
    digests = [idnumbers.id_hash(r["id_number"]) if r.get("id_number") else None for r in rows]
    with transaction.atomic():
        known = {p.id_hash: p for p in Person.objects.filter(id_hash__in=[d for d in digests if d])}
        result, new = [], []
        for row, digest in zip(rows, digests, strict=True):
            if digest and digest in known:
                result.append(known[digest])
                continue
            person = Person(
                name=row["name"].strip(),
                id_hash=digest,
                id_masked=idnumbers.mask(row["id_number"]) if digest else "",
                title_level=row.get("title_level", "none"),
                title=row.get("title", ""),
                degree=row.get("degree", "other"),
                employer=row.get("employer"),
            )
            new.append(person)
            result.append(person)
            if digest:
                known[digest] = person
        Person.objects.bulk_create(new)
        if new:
            audit_record(
                actor=actor,
                action="person.bulk_create",
                obj=new[0],
                after={"created": len(new), "reused": len(rows) - len(new)},
            )
    return result


def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    city: City | None = None,
    organisation: Organisation | None = None,
    email: str = "",
    person: Person | None = None,
    center=None,
):
    """`center`: for a center's own staff (第五条), who keep their access whichever unit hosts
    it; center-role users without one act for the centers their organisation hosts."""
    from .models import User

    if actor is not None and actor.role != Role.SYSADMIN:
        raise PermissionDenied(_("只有系统管理员可以创建用户"))
    errors = user_role_problems(role=role, city=city, organisation=organisation, center=center)
    username = (username or "").strip()
    if not username:
        errors["username"] = [_("请填写用户名")]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [_("用户名「%(name)s」已被使用") % {"name": username}]
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        city=city,
        organisation=organisation,
        email=email,
        person=person,
        center=center,
        # Only the system administrator uses Django's admin.
        is_staff=role == Role.SYSADMIN,
    )
    if problems := _password_problems(password, user):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            after={
                "username": username,
                "role": role,
                "city": city.code if city else None,
                "organisation": organisation.uscc if organisation else None,
                "center": center.code if center else None,
            },
        )
    return user


def _password_problems(password: str, user) -> list[str]:
    """What settings.AUTH_PASSWORD_VALIDATORS find wrong with `password` for `user`."""
    try:
        validate_password(password or "", user)
    except DjangoValidationError as exc:
        return list(exc.messages)
    return []


def user_password_change(*, actor, old_password: str, new_password: str) -> None:
    """A user changes their own password: the current one is asked again, the new one passes
    the password validators. The event says that it happened, never the hash."""
    errors: dict[str, list] = {}
    if not actor.check_password(old_password or ""):
        errors["old_password"] = [_("当前密码不正确，请重新输入")]
    elif new_password == old_password:
        errors["new_password1"] = [_("新密码不能与当前密码相同")]
    elif problems := _password_problems(new_password, actor):
        errors["new_password1"] = problems
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit_record(actor=actor, action="user.password_change", obj=actor)


def login_failure_record(*, username: str, address: str | None, locked_out: bool) -> None:
    """A failed login (a wrong password, or any attempt while locked) goes into the audit
    chain: on the account when it exists; an unknown name is not written down (it may be a
    mistyped password)."""
    from .models import User

    user = User.objects.filter(username=(username or "")[:150]).first()
    audit_record(
        actor=None,
        actor_label="anonymous",
        action="user.login_failed",
        obj=user if user is not None else User(),
        after={
            "account": "known" if user is not None else "unknown",
            "address": address,
            "locked_out": locked_out,
        },
    )

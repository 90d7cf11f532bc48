"""The expert pool: profiles and employment histories (the facts of 回避)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Organisation, Person, Role, TitleLevel, User
from ticms.accounts.services import person_upsert
from ticms.accounts.uscc import validate_uscc
from ticms.common.audit import audit_record
from ticms.common.exceptions import (
    NotFound,
    ValidationFailed,
)

from ..models import (
    ARTICLE,
    Expert,
    ExpertEmployment,
)
from .common import MAX_TEXT, clean_text, require_pool_keeper

# --- The expert pool ----------------------------------------------------------------------------


def _expert_errors(*, name, title, title_level, employer, expertise, user, expert=None) -> dict:
    errors: dict[str, list] = {}
    clean_text(errors, "name", name, _("姓名"), max_length=100, required=True)
    clean_text(errors, "title", title, _("职称"), max_length=100)
    clean_text(errors, "expertise", expertise, _("研究专长"), max_length=MAX_TEXT)
    if title_level not in TitleLevel.values:
        errors["title_level"] = [_("请选择职称级别")]
    if not isinstance(employer, Organisation):
        errors["employer"] = [_("请选择工作单位（回避核查依据）")]
    if user is not None:
        if user.role != Role.EXPERT:
            errors["user"] = [_("只能关联角色为「评审专家」的账号")]
        else:
            taken = Expert.objects.filter(user=user)
            if expert is not None:
                taken = taken.exclude(pk=expert.pk)
            if taken.exists():
                errors["user"] = [_("该账号已关联其他专家")]
    return errors


def expert_create(
    *,
    actor,
    name: str,
    employer: Organisation | None,
    title: str = "",
    title_level: str = TitleLevel.SENIOR,
    expertise: str = "",
    fields=(),
    user: User | None = None,
    person: Person | None = None,
    id_number: str = "",
    is_active: bool = True,
) -> Expert:
    """Add an expert to the pool. The person is the account's person, or found or registered by
    ID number (fill once): the team-member check of 回避 compares people by it."""
    require_pool_keeper(actor)
    errors = _expert_errors(
        name=name,
        title=title,
        title_level=title_level,
        employer=employer,
        expertise=expertise,
        user=user,
    )
    if person is None and user is not None and user.person_id:
        person = user.person
    if person is None and not (id_number or "").strip():
        errors["id_number"] = [_("请填写证件号码（用于核查是否为申请团队成员，系统只保存其摘要）")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if person is None:
            person = person_upsert(
                actor=actor,
                name=name,
                id_number=id_number.strip(),
                title_level=title_level,
                title=(title or "").strip(),
                employer=employer,
            )
        if Expert.objects.filter(person=person).exists():
            raise ValidationFailed({"id_number": [_("该人员已在专家库中")]})
        expert = Expert.objects.create(
            user=user,
            person=person,
            name=name.strip(),
            title=(title or "").strip(),
            title_level=title_level,
            employer=employer,
            expertise=(expertise or "").strip(),
            is_active=is_active,
        )
        expert.fields.set(list(fields))
        audit_record(
            actor=actor,
            action="expert.create",
            obj=expert,
            after={
                "name": expert.name,
                "employer": employer.uscc,
                "title": expert.title,
                "user": user.username if user else None,
                "fields": sorted(f.code for f in fields),
            },
            article=ARTICLE,
        )
    return expert


EDITABLE = ("name", "title", "title_level", "employer", "expertise", "is_active", "user")


def expert_update(*, actor, expert_id: int, changes: dict, fields=None) -> Expert:
    require_pool_keeper(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed({k: [_("该项不能修改")] for k in sorted(unknown)})
    with transaction.atomic():
        expert = Expert.objects.select_for_update().filter(pk=expert_id).first()
        if expert is None:
            raise NotFound(_("专家不存在"))
        values = {name: getattr(expert, name) for name in EDITABLE}
        values.update(changes)
        errors = _expert_errors(
            name=values["name"],
            title=values["title"],
            title_level=values["title_level"],
            employer=values["employer"],
            expertise=values["expertise"],
            user=values["user"],
            expert=expert,
        )
        if errors:
            raise ValidationFailed(errors)
        before, after = {}, {}
        for name in EDITABLE:
            new = values[name]
            if isinstance(new, str):
                new = new.strip()
            old = getattr(expert, name)
            if old != new:
                before[name], after[name] = _shown(old), _shown(new)
                setattr(expert, name, new)
        expert.save()
        if fields is not None:
            old_codes = sorted(expert.fields.values_list("code", flat=True))
            new_codes = sorted(f.code for f in fields)
            if old_codes != new_codes:
                expert.fields.set(list(fields))
                before["fields"], after["fields"] = old_codes, new_codes
        if before or after:
            audit_record(
                actor=actor,
                action="expert.update",
                obj=expert,
                before=before,
                after=after,
                article=ARTICLE,
            )
    return expert


def _shown(value):
    if isinstance(value, Organisation):
        return value.uscc
    if isinstance(value, User):
        return value.username
    return value


def employment_add(
    *,
    actor,
    expert_id: int,
    organisation: Organisation | None = None,
    name: str = "",
    uscc: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> ExpertEmployment:
    """Record where the expert worked (the 2-year rule of 回避 reads it)."""
    require_pool_keeper(actor)
    errors: dict[str, list] = {}
    name = clean_text(errors, "name", name, _("单位名称"), max_length=200)
    uscc = (uscc or "").strip().upper()
    if organisation is not None and (name or uscc):
        errors["name"] = [_("已选择登记的单位时，无需再填写单位名称和代码")]
    if uscc:
        try:
            validate_uscc(uscc)
        except DjangoValidationError as exc:
            errors["uscc"] = list(exc.messages)
    if organisation is None and uscc and "uscc" not in errors:
        # A registered unit is linked by its code; its name then comes from the register.
        organisation = Organisation.objects.filter(uscc=uscc).first()
        if organisation is not None:
            name, uscc = "", ""
    if organisation is None and not name and "uscc" not in errors:
        errors["name"] = [
            _("该统一社会信用代码的单位尚未登记，请填写单位名称")
            if uscc
            else _("请填写已登记单位的统一社会信用代码，或填写单位名称")
        ]
    today = timezone.localdate()
    if started_on and started_on > today:
        errors["started_on"] = [_("起始日期不能晚于今天")]
    if ended_on and ended_on > today:
        errors["ended_on"] = [_("截止日期不能晚于今天；仍在职请留空")]
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = [_("截止日期不能早于起始日期")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        expert = Expert.objects.select_for_update().filter(pk=expert_id).first()
        if expert is None:
            raise NotFound(_("专家不存在"))
        row = ExpertEmployment.objects.create(
            expert=expert,
            organisation=organisation,
            name="" if organisation else name,
            uscc="" if organisation else uscc,
            started_on=started_on,
            ended_on=ended_on,
        )
        audit_record(
            actor=actor,
            action="expert.employment_add",
            obj=expert,
            after={
                "unit": row.unit_name,
                "uscc": row.unit_uscc,
                "started_on": started_on,
                "ended_on": ended_on,
            },
            article=ARTICLE,
        )
    return row


def employment_remove(*, actor, expert_id: int, employment_id: int) -> None:
    require_pool_keeper(actor)
    with transaction.atomic():
        row = (
            ExpertEmployment.objects.select_for_update(of=("self",))
            .select_related("expert", "organisation")
            .filter(pk=employment_id, expert_id=expert_id)
            .first()
        )
        if row is None:
            raise NotFound(_("任职经历不存在"))
        audit_record(
            actor=actor,
            action="expert.employment_remove",
            obj=row.expert,
            before={
                "unit": row.unit_name,
                "uscc": row.unit_uscc,
                "started_on": row.started_on,
                "ended_on": row.ended_on,
            },
            article=ARTICLE,
        )
        row.delete()

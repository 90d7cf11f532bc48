"""Writes owned by common: working-calendar overrides."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role

from .audit import audit_record
from .exceptions import NotFound, PermissionDenied, ValidationFailed
from .labels import register_action_labels
from .models import CalendarOverride

register_action_labels(
    {
        "calendar.override_set": gettext_lazy("设置工作日历调整"),
        "calendar.override_delete": gettext_lazy("删除工作日历调整"),
    }
)


def _require_admin(actor) -> None:
    if actor.role != Role.SYSADMIN:
        raise PermissionDenied(_("只有系统管理员可以调整工作日历"))


def calendar_override_set(
    *, actor, date: dt.date, is_workday: bool, note: str = ""
) -> CalendarOverride:
    _require_admin(actor)
    errors = {}
    if not isinstance(date, dt.date):
        errors["date"] = [_("请填写有效日期")]
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = [_("说明不能超过200个字")]
    if errors:  # every problem at once
        raise ValidationFailed(errors)
    with transaction.atomic():
        existing = CalendarOverride.objects.select_for_update().filter(date=date).first()
        before = {"is_workday": existing.is_workday, "note": existing.note} if existing else {}
        item, _created = CalendarOverride.objects.update_or_create(
            date=date, defaults={"is_workday": is_workday, "note": note}
        )
        audit_record(
            actor=actor,
            action="calendar.override_set",
            obj=item,
            before=before,
            after={"date": date, "is_workday": is_workday, "note": note},
        )
    return item


def calendar_override_delete(*, actor, override_id: int) -> None:
    _require_admin(actor)
    with transaction.atomic():
        item = CalendarOverride.objects.select_for_update().filter(pk=override_id).first()
        if item is None:
            raise NotFound()
        audit_record(
            actor=actor,
            action="calendar.override_delete",
            obj=item,
            before={"date": item.date, "is_workday": item.is_workday, "note": item.note},
        )
        item.delete()

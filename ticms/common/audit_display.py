"""What an audit event changed, as a person reads it: each field's label and a plain value
("状态：填写中 → 待设区市审核"), never a stored code, a Python dict or True/False.

Fields whose stored value is structured (a report's figures, a change request's proposal) are
shown by the app that owns them: it registers a function with `register_change_display`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .labels import current_type
from .text import listing, yes_no

Row = tuple[str, str, str]
# "app_label.model.field" -> function(before, after) -> rows
CHANGE_DISPLAYS: dict[str, Callable[[Any, Any], list[Row]]] = {}


def register_change_display(object_type: str, field: str, rows: Callable[[Any, Any], list[Row]]):
    """`rows(before, after)` gives the (label, before, after) lines for one stored field."""
    CHANGE_DISPLAYS[f"{object_type}.{field}"] = rows


def register_value_display(object_type: str, field: str, show: Callable[[Any], str]):
    """`show(value)` turns one stored value of the field into plain text."""

    def rows(before, after):
        label = _field_label(object_type, field)
        return [(label, _blank_or(show, before), _blank_or(show, after))]

    register_change_display(object_type, field, rows)


def _field_label(object_type: str, field: str) -> str:
    try:
        return str(apps.get_model(current_type(object_type))._meta.get_field(field).verbose_name)
    except (LookupError, ValueError):
        return field


def _blank_or(show, value) -> str:
    return "—" if value in (None, "", [], {}) else str(show(value))


def plain_value(field: models.Field, value, names: dict | None = None) -> str:
    """One stored value of a model field in words. A foreign key (stored as the related
    record's id by the admin) is shown as that record: from `names` when the page looked them
    up at once, else looked up here."""
    if field.is_relation and isinstance(value, int) and not isinstance(value, bool):
        key = (field.related_model._meta.label_lower, value)
        if names is None:
            names = _related_names({field.related_model: {value}})
        return names.get(key) or _("已删除的记录")
    if isinstance(value, bool):
        return yes_no(value)
    if value in (None, "", [], {}):
        return "—"
    choices = dict(field.flatchoices) if field.choices else {}
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return listing(choices.get(v, v) for v in value)
    if isinstance(value, dict | list):
        # Structured content no app has described: say that it changed, not how it is stored.
        return _("已修改")
    if isinstance(field, models.TextField) and isinstance(value, int):
        # Long texts are audited by their length (the text itself is on the record).
        return ngettext("%(n)d 字", "%(n)d 字", value) % {"n": value}
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        # Stored as UTC ISO text: shown in local time like every other time on the page.
        parsed = parse_datetime(value)
        if parsed is not None:
            return date_format(timezone.localtime(parsed), "Y-m-d H:i")
    return str(choices.get(value, value))


def _fields(object_type: str) -> dict[str, models.Field]:
    try:
        model = apps.get_model(current_type(object_type))
    except (LookupError, ValueError):
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def _related_names(wanted: dict) -> dict[tuple[str, int], str]:
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model._meta.label_lower, obj.pk)] = str(obj)
    return names


def related_names(events) -> dict[tuple[str, int], str]:
    """The records the events' foreign keys point to, one query per kind of record."""
    wanted: dict = {}
    for event in events:
        fields = _fields(event.object_type)
        for key, value in [*(event.before or {}).items(), *(event.after or {}).items()]:
            field = fields.get(key)
            if field is not None and field.is_relation and isinstance(value, int):
                wanted.setdefault(field.related_model, set()).add(value)
    return _related_names(wanted)


def change_rows(event, names: dict | None = None) -> list[Row]:
    """(label, before, after) for each model field the event changed."""
    fields = _fields(event.object_type)
    before_all = event.before or {}
    rows: list[Row] = []
    for key, after in (event.after or {}).items():
        field = fields.get(key)
        if field is None:
            continue
        before = before_all.get(key)
        custom = CHANGE_DISPLAYS.get(f"{event.object_type}.{key}")
        if custom is not None:
            rows += custom(before, after)
        else:
            rows.append(
                (
                    str(field.verbose_name),
                    plain_value(field, before, names),
                    plain_value(field, after, names),
                )
            )
    return rows

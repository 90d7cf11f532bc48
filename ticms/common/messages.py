"""Messages to people stored as what happened — a message id and its parameters — and rendered in
the reader's language when shown (notifications, to-do titles, reminders).

A message is `[id, params]`. The ids are defined once, with a Chinese source text marked for
translation. A parameter is plain data (a name, a number, an ISO date) or one of:
- `text(label)`: an interface word (a state, an action, a choice), translated when shown;
- `ref(obj)`: a record, shown by its current name in the reader's language (the name it had when
  the message was written stays as the fallback if the record is gone);
- `seq(*values)`: a list, joined with the reader's separator.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .labels import current_type

SOURCE_LANGUAGE = "zh-hans"
MESSAGES: dict[str, Any] = {}


def define(key: str, text) -> str:
    """Register message `key` with its Chinese source text (`gettext_lazy`); returns the key."""
    if key in MESSAGES and str(MESSAGES[key]) != str(text):
        raise ValueError(f"message {key} defined twice with different texts")
    MESSAGES[key] = text
    return key


def source(label) -> str:
    """The Chinese source text (the gettext msgid) of a label, whatever language is active."""
    with translation.override(SOURCE_LANGUAGE):
        return str(label)


def text(label) -> dict:
    return {"_t": source(label)}


def ref(obj: models.Model) -> dict:
    return {"_o": f"{obj._meta.label_lower}:{obj.pk}", "s": source(obj)}


def seq(*values) -> dict:
    return {"_l": list(values)}


def msg(key: str, **params) -> list:
    if key not in MESSAGES:
        raise KeyError(f"undefined message {key}")
    return [key, params]


LEGACY = define("legacy", _("%(text)s"))


# --- rendering ----------------------------------------------------------------------------------


class Records:
    """The records messages refer to, loaded once per page: one query per kind of record."""

    def __init__(self):
        self.loaded: dict[str, dict[str, models.Model]] = {}

    def prefetch(self, messages) -> Records:
        wanted: dict[str, set] = defaultdict(set)
        for message in messages:
            _collect(message, wanted)
        for label, pks in wanted.items():
            if label in self.loaded:
                continue
            try:
                model = apps.get_model(current_type(label))
            except (LookupError, ValueError):
                self.loaded[label] = {}
                continue
            # NAME_RELATED: the relations a record's name is made of (an annual report is
            # named by its center), loaded in the same query rather than one per record.
            manager = model._default_manager.select_related(*getattr(model, "NAME_RELATED", ()))
            # A name is never made of long text or JSON (an annual report's figures): not read.
            bulky = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.TextField | models.JSONField)
            ]
            found = manager.defer(*bulky).in_bulk([p for p in pks if str(p).isdigit()])
            self.loaded[label] = {str(k): v for k, v in found.items()}
        return self

    def get(self, reference: str):
        label, _sep, pk = reference.rpartition(":")
        return self.loaded.get(label, {}).get(pk)


def _collect(value, wanted) -> None:
    if isinstance(value, dict):
        if "_o" in value:
            label, _sep, pk = str(value["_o"]).rpartition(":")
            wanted[label].add(pk)
        for inner in value.values():
            _collect(inner, wanted)
    elif isinstance(value, list | tuple):
        for inner in value:
            _collect(inner, wanted)


def _param(value, records: Records | None):
    if isinstance(value, dict):
        if "_t" in value:
            return gettext(value["_t"]) if value["_t"] else ""
        if "_o" in value:
            obj = records.get(value["_o"]) if records is not None else None
            return str(obj) if obj is not None else value.get("s", "")
        if "_l" in value:
            return gettext("、").join(str(_param(v, records)) for v in value["_l"])
        if "_m" in value:
            return render(value["_m"], records)
    return value


def render(message, records: Records | None = None) -> str:
    """One message in the active language."""
    if not message:
        return ""
    key, params = message[0], (message[1] if len(message) > 1 else {}) or {}
    template = MESSAGES.get(key)
    if template is None:
        return str(params.get("text", ""))
    values = {name: _param(value, records) for name, value in params.items()}
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)


def render_all(messages, records: Records | None = None) -> str:
    """Several messages as one text: sentences run on in Chinese, with a space in English."""
    joiner = " " if translation.get_language().startswith("en") else ""
    return joiner.join(part for part in (render(m, records) for m in messages or []) if part)

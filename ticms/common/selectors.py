"""Reads owned by common."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .labels import action_label
from .models import AuditEvent


def audit_actions() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every action in the log by its label, grouped by the kind of record it acts on (two
    actions may share a label: 「备案」 of an annual report and of a major matter)."""
    pairs = AuditEvent.objects.order_by().values_list("action", "object_type").distinct()
    groups: dict[str, dict[str, str]] = {}
    for action, object_type in pairs:
        if action.startswith("admin."):
            group = str(_("系统管理"))
        else:
            try:
                group = str(apps.get_model(object_type)._meta.verbose_name)
            except (LookupError, ValueError):
                group = str(_("其他"))
        groups.setdefault(group, {})[action] = str(action_label(action))
    return [
        (group, sorted(actions.items(), key=lambda item: item[1]))
        for group, actions in sorted(groups.items())
    ]


def audit_events(*, q="", actor="", action="", date_from=None, date_to=None) -> QuerySet:
    qs = AuditEvent.objects.order_by("-seq")
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(comment__icontains=q))
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tz))
    if date_to:
        qs = qs.filter(
            occurred_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tz)
        )
    return qs

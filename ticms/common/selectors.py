"""Reads owned by common."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .labels import ACTION_LABELS
from .models import AuditEvent


def audit_actions() -> list[tuple[str, object]]:
    """Every action code in the log, with its label, for the filter."""
    codes = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((c, ACTION_LABELS.get(c, c)) for c in codes), key=lambda item: item[0])


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

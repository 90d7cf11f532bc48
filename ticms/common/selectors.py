"""Reads owned by common."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit_search
from .labels import action_label
from .models import AuditAction, AuditActionScan, AuditChainHead, AuditEvent


def _scan_new_actions() -> None:
    """Add the pairs of the events written since the last scan (seq is indexed: only the new
    events are read)."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() or 0
    scanned = AuditActionScan.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    if scanned is not None and scanned >= head:
        return
    scanned_row_missing, scanned = scanned is None, scanned or 0
    new = (
        AuditEvent.objects.filter(seq__gt=scanned, seq__lte=head)
        .order_by()
        .values_list("action", "object_type")
        .distinct()
    )
    # No transaction needed: both writes are idempotent, and a failed one means a rescan.
    pairs = [AuditAction(action=a, object_type=t) for a, t in new]
    if pairs:
        AuditAction.objects.bulk_create(pairs, ignore_conflicts=True)
    if scanned_row_missing:
        AuditActionScan.objects.bulk_create(
            [AuditActionScan(pk=1, last_seq=head)], ignore_conflicts=True
        )
    else:
        AuditActionScan.objects.filter(pk=1, last_seq__lt=head).update(last_seq=head)


def audit_actions() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every action in the log by its label, grouped by the kind of record it acts on (two
    actions may share a label: 「备案」 of an annual report and of a major matter)."""
    _scan_new_actions()
    pairs = AuditAction.objects.order_by().values_list("action", "object_type")
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
        qs = audit_search.matching(qs, q)
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


class WholeChain:
    """Every event, newest first, for the unfiltered audit page: counted from the chain's head
    and sliced by seq, which numbers the events 1..N without gaps (verify_chain proves it), so
    no page counts or skips a million rows (issue 10). Works with Django's Paginator."""

    def __init__(self):
        self._last = (
            AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first() or 0
        )

    def count(self) -> int:
        return self._last

    def __len__(self) -> int:
        return self._last

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("WholeChain supports slices only")
        start = max(index.start or 0, 0)
        stop = min(self._last if index.stop is None else index.stop, self._last)
        if start >= stop:
            return []
        return list(
            AuditEvent.objects.filter(
                seq__lte=self._last - start, seq__gt=self._last - stop
            ).order_by("-seq")
        )

"""The audit chain: the events the phases recorded, topped up with the drafts' autosaves (or
thinned) to the wanted count, put in time order and chained onto the current head — each hash
by common.audit.compute_hash, the head's MAC by head_mac — then written in bulk."""

from __future__ import annotations

import contextlib

from django.db import connection

from ticms.common import audit_search
from ticms.common.audit import compute_hash, head_mac
from ticms.common.models import AuditChainHead, AuditEvent

from .base import Event, Scale
from .reports import ARTICLE, REPORT, report_repr

BATCH = 20000


class _Link:
    """What compute_hash reads of an event, without building a model instance per event."""

    __slots__ = (
        "action",
        "actor_id",
        "actor_label",
        "after",
        "article",
        "before",
        "comment",
        "hash",
        "note",
        "object_id",
        "object_repr",
        "object_type",
        "occurred_at",
        "prev_hash",
        "seq",
    )


def seed(s: Scale) -> None:
    with s.phase("audit events") as written:
        events = _fitted(s)
        events.sort(key=lambda e: e.at)
        written["audit events"] = write_chain(events)


def _fitted(s: Scale) -> list[Event]:
    """Exactly `audit_target` events: the drafts save themselves every few minutes while the
    staff write (annual_report.update), so the missing ones are autosaves of the narrative."""
    events = s.events
    missing = s.audit_target - len(events)
    if missing < 0:
        keep = sorted(s.rng.sample(range(len(events)), s.audit_target))
        return [events[k] for k in keep]
    edits = [e for e in s.report_edits if e[0].progress]
    if not edits:
        return list(events)
    rng = s.rng
    added = []
    for _ in range(missing):
        report, p, start, end = edits[rng.randrange(len(edits))]
        field = rng.choice(("progress", "problems", "next_goals"))
        text = getattr(report, field)
        cut = rng.randrange(1, len(text))
        added.append(
            Event(
                s.moment_between(start, end),
                s.actor(p.staff[0]),
                "annual_report.update",
                REPORT,
                str(report.pk),
                report_repr(p, report.year),
                ARTICLE,
                {field: text[:cut]},
                {field: text},
            )
        )
    return events + added


def _writer(cursor, sql: str, columns: str):
    """executemany on SQLite; COPY on PostgreSQL, several times faster for a million rows."""
    if connection.vendor != "postgresql":
        return lambda rows: cursor.executemany(sql, rows)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    def write(rows):
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)

    return write


@contextlib.contextmanager
def _search_index_rebuilt_after():
    """SQLite: the audit search index (common.audit_search) is built once after the load rather
    than row by row by its trigger, which doubled the time of a million inserts."""
    if connection.vendor != "sqlite" or not audit_search.fts_ready():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {audit_search.FTS_TABLE}_ai")
    yield
    with connection.cursor() as cursor:
        for sql in audit_search.SQLITE_CREATE:  # the trigger again, then a rebuild
            cursor.execute(sql)


def write_chain(events: list[Event]) -> int:
    """Append `events` to the chain in their order, continuing from the current head."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(AuditEvent._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: E501, S608 — names from the model
    names = [f.attname for f in fields]
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    adapt_json = connection.ops.adapt_json_value
    adapt_time = connection.ops.adapt_datetimefield_value

    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    seq, prev = head.last_seq, head.last_hash
    rows = []
    with connection.cursor() as cursor, _search_index_rebuilt_after():
        write = _writer(cursor, sql, columns)
        for event in events:
            seq += 1
            link = _Link()
            link.seq = seq
            link.occurred_at = event.at
            link.actor_id, link.actor_label = event.actor or (None, "system")
            link.action = event.action
            link.object_type = event.object_type
            link.object_id = event.object_id
            link.object_repr = event.object_repr
            link.article = event.article
            link.before = event.before or {}
            link.after = event.after or {}
            link.comment = event.comment
            link.note = event.note or []
            link.prev_hash = prev
            link.hash = prev = compute_hash(link)
            row = []
            for name in names:
                value = getattr(link, name)
                if name in json_fields:
                    value = adapt_json(value, None)
                elif name == "occurred_at":
                    value = adapt_time(value)
                row.append(value)
            rows.append(row)
            if len(rows) == BATCH:
                write(rows)
                rows = []
        if rows:
            write(rows)
    head.last_seq, head.last_hash = seq, prev
    head.mac = head_mac(seq, prev)
    head.save(update_fields=["last_seq", "last_hash", "mac"])
    return len(events)

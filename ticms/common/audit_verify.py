"""Verifying the audit chain (common.audit): every event's keyed hash, every link, the head.

At a million events the work is split into ranges of seq verified in parallel processes (one
per core); each range checks its own events and links, and the ranges are then joined in order:
the first event of a range must link to the last one of the range before it (issue 10)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import multiprocessing
import os
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import connection, connections

from . import messages
from .audit import (
    GENESIS,
    HASHED_FIELDS,
    HEAD_CHANGED,
    HEAD_MISSING,
    MISSING,
    TAIL_MISSING,
    TAMPERED,
    UNLINKED,
    ChainReport,
    _canonical,
    hashed_fields,
    head_mac,
)
from .models import AuditChainHead, AuditEvent

# The hashed fields, then the links: a row is (pk, *_ROW_FIELDS).
_ROW_FIELDS = (*HASHED_FIELDS, "prev_hash", "hash")
# Below this many events one process does it all: starting workers would cost more.
PARALLEL_FROM = 100_000


def _rows(lo: int, hi: int | None):
    """The events with lo <= seq <= hi (no upper bound for None) in seq order, as plain rows
    with their JSON and time decoded here: Django's per-value converters cost more than the
    hashing."""
    meta = AuditEvent._meta
    quote = connection.ops.quote_name
    columns = [meta.pk.column, *(meta.get_field(name).column for name in _ROW_FIELDS)]
    seq = quote(meta.get_field("seq").column)
    # Identifiers from the model, quoted; values as parameters.
    sql = "SELECT {} FROM {} WHERE {} >= %s{} ORDER BY {}".format(  # noqa: S608
        ", ".join(quote(c) for c in columns),
        quote(meta.db_table),
        seq,
        f" AND {seq} <= %s" if hi is not None else "",
        seq,
    )
    loads, parse = json.loads, dt.datetime.fromisoformat
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [lo] if hi is None else [lo, hi])
        while batch := cursor.fetchmany(5000):
            for row in batch:
                row = list(row)
                when = row[2]
                if isinstance(when, str):  # SQLite: UTC without an offset
                    when = parse(when)
                row[2] = when.replace(tzinfo=UTC) if when.tzinfo is None else when
                for i in (10, 11, 13):  # before, after, note
                    if isinstance(row[i], str | bytes):
                        row[i] = loads(row[i])
                yield row


def _row_hash(key: bytes, row) -> str:
    fields = hashed_fields(dict(zip(HASHED_FIELDS, row[1:-2], strict=True)))
    return hmac.new(key, row[-2].encode() + _canonical(fields), hashlib.sha256).hexdigest()


@dataclass
class RangeResult:
    lo: int
    checked: int = 0
    first_prev: str | None = None  # the prev_hash of the range's first event
    last_hash: str | None = None
    next_seq: int = 0  # the seq the range expected next when it ended
    problem: tuple | None = None  # (seq, message key, params)


_counter = None  # a shared counter of events checked, set in worker processes


def verify_range(lo: int, hi: int | None, every: int = 20_000, tick=None) -> RangeResult:
    """Check the events lo..hi on their own: contiguous, linked to each other, hashes true."""
    key = settings.AUDIT_KEY.encode()
    result = RangeResult(lo=lo, next_seq=lo)
    for row in _rows(lo, hi):
        pk, seq, prev_hash, stored_hash = row[0], row[1], row[14], row[15]
        if seq != result.next_seq:
            result.problem = (result.next_seq, MISSING, {"seq": result.next_seq, "next": seq})
            return result
        if result.first_prev is None:
            result.first_prev = prev_hash
        elif prev_hash != result.last_hash:
            result.problem = (seq, UNLINKED, {"seq": seq, "prev": seq - 1})
            return result
        if not hmac.compare_digest(_row_hash(key, row), stored_hash):
            result.problem = (seq, TAMPERED, {"seq": seq, "id": pk})
            return result
        result.last_hash = stored_hash
        result.next_seq += 1
        result.checked += 1
        if result.checked % every == 0:
            if tick is not None:
                tick(every)
            if _counter is not None:
                with _counter.get_lock():
                    _counter.value += every
    return result


def _worker_init(counter) -> None:
    global _counter
    _counter = counter


def _in_worker(bounds) -> RangeResult:
    return verify_range(*bounds)


def _ranges(total: int, parts: int) -> list[tuple[int, int | None]]:
    """Split 1..total into `parts` ranges; the last is open-ended, so that events stored past
    the head are read too."""
    size = -(-total // parts)
    bounds = [(1 + i * size, (i + 1) * size) for i in range(parts)]
    return [*bounds[:-1], (bounds[-1][0], None)]


def _next_stored(after: int) -> int | None:
    return (
        AuditEvent.objects.filter(seq__gt=after).order_by("seq").values_list("seq", flat=True)
    ).first()


def join_ranges(results: list[RangeResult], bounds) -> tuple[ChainReport | None, int, str]:
    """The ranges in order as one chain: (the first problem or None, events checked, the last
    hash)."""
    checked, last = 0, GENESIS
    for result, (lo, hi) in zip(results, bounds, strict=True):
        if result.first_prev is not None and result.first_prev != last:
            message = messages.msg(UNLINKED, seq=lo, prev=lo - 1)
            return ChainReport(False, checked, message, lo), checked, last
        if result.problem:
            seq, key, params = result.problem
            checked += result.checked
            return ChainReport(False, checked, messages.msg(key, **params), seq), checked, last
        checked += result.checked
        last = result.last_hash or last
        if hi is not None and result.next_seq != hi + 1:
            # The range ended early: events are missing up to the next one stored.
            following = _next_stored(result.next_seq - 1)
            if following is not None:
                message = messages.msg(MISSING, seq=result.next_seq, next=following)
                return ChainReport(False, checked, message, result.next_seq), checked, last
            return None, checked, last  # nothing stored after: the head check below tells
    return None, checked, last


def verify_chain(*, progress=None, every: int = 20_000, workers: int | None = None) -> ChainReport:
    """Walk the chain; report the first event that does not hold. `progress(checked, total)`
    is called as the work goes (a background job shows it as a bar)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    total = head.last_seq if head else 0
    workers = workers or min(os.cpu_count() or 1, 4)
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(done[0], total)

    if workers > 1 and total >= PARALLEL_FROM:
        bounds = _ranges(total, workers)
        results = _verify_parallel(bounds, every, progress, total)
    else:
        bounds = [(1, None)]
        results = [verify_range(1, None, every, tick)]
    problem, checked, last = join_ranges(results, bounds)
    if problem is not None:
        return problem

    def broken(at: int, key: str, **params) -> ChainReport:
        return ChainReport(False, checked, messages.msg(key, **params), at)

    if head is None:
        if checked:
            return broken(checked + 1, HEAD_MISSING)
        return ChainReport(True, 0)
    if not hmac.compare_digest(head.mac, head_mac(head.last_seq, head.last_hash)):
        return broken(checked + 1, HEAD_CHANGED, seq=checked)
    if head.last_seq != checked or head.last_hash != last:
        return broken(checked + 1, TAIL_MISSING, seq=checked + 1, total=head.last_seq)
    return ChainReport(True, checked)


def _verify_parallel(bounds, every, progress, total) -> list[RangeResult]:
    """One forked process per range; each opens its own database connection."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    connections.close_all()  # never share a connection across a fork
    with context.Pool(len(bounds), initializer=_worker_init, initargs=(counter,)) as pool:
        pending = pool.map_async(_in_worker, [(lo, hi, every) for lo, hi in bounds])
        while not pending.ready():
            pending.wait(0.5)
            if progress is not None:
                progress(min(counter.value, total), total)
        return pending.get()

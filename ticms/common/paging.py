"""Sequences Django's Paginator can page without sorting or counting more than it must."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import cached_property


class Concatenated:
    """Querysets shown one after the other (unread notices, then read ones): each is counted
    and sliced on its own, so each can walk its own index; a page reads at most one slice of
    each."""

    def __init__(self, *parts: QuerySet):
        self.parts = parts

    @cached_property
    def counts(self) -> list[int]:
        return [part.count() for part in self.parts]

    def count(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        for part in self.parts:
            yield from part

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Concatenated supports slices only")
        start = max(index.start or 0, 0)
        stop = self.count() if index.stop is None else index.stop
        rows, offset = [], 0
        for part, n in zip(self.parts, self.counts, strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                rows += list(part[lo:hi])
            offset += n
            if offset >= stop:
                break
        return rows

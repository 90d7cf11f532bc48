"""Sequences Django's Paginator can page without sorting or counting more than it must."""

from __future__ import annotations

from django.core.paginator import Paginator
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

    def filter(self, *args, **kwargs) -> Concatenated:
        return Concatenated(*(part.filter(*args, **kwargs) for part in self.parts))

    def exists(self) -> bool:
        return any(part.exists() for part in self.parts)

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


def slice_by_pk(qs: QuerySet, bottom: int, top: int) -> list:
    """qs[bottom:top], reading the primary keys first (an index walk, no joins) and then only
    those rows in full: a deep page no longer joins and annotates every row it skips."""
    pks = list(qs.values_list("pk", flat=True)[bottom:top])
    rows = {row.pk: row for row in qs.filter(pk__in=pks).order_by()}
    return [rows[pk] for pk in pks if pk in rows]


class PkFirstPaginator(Paginator):
    """A Paginator over a queryset whose pages are read with slice_by_pk (issue 10)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(slice_by_pk(self.object_list, bottom, top), number, self)

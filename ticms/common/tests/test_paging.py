"""Concatenated querysets page exactly like one list: every slice, across the border."""

import pytest
from django.core.paginator import Paginator

from ticms.common.models import CalendarOverride
from ticms.common.paging import Concatenated

pytestmark = pytest.mark.django_db


@pytest.fixture
def days():
    import datetime as dt

    for i in range(7):
        CalendarOverride.objects.create(date=dt.date(2026, 1, 1 + i), is_workday=i % 2 == 0)
    work = CalendarOverride.objects.filter(is_workday=True).order_by("-date")
    rest = CalendarOverride.objects.filter(is_workday=False).order_by("date")
    return work, rest, [*work, *rest]


def test_every_slice_matches_the_plain_list(days):
    work, rest, expected = days
    joined = Concatenated(work, rest)
    assert len(joined) == 7 and list(joined) == expected
    for lo in range(0, 9):
        for hi in range(lo, 10):
            assert joined[lo:hi] == expected[lo:hi], (lo, hi)


def test_pages_and_an_empty_part(days, django_assert_max_num_queries):
    work, rest, expected = days
    pages = Paginator(Concatenated(work.none(), work, rest), 3)
    assert [list(pages.page(n)) for n in pages.page_range] == [
        expected[0:3],
        expected[3:6],
        expected[6:7],
    ]
    with django_assert_max_num_queries(3 + 2):  # the counts, then at most two slices
        list(Paginator(Concatenated(work.none(), work, rest), 3).page(2))
    with pytest.raises(TypeError):
        Concatenated(work)[0]


def test_keys_first_pages_equal_plain_pages(days):
    from ticms.common.paging import PkFirstPaginator, slice_by_pk

    work, rest, _expected = days
    everything = CalendarOverride.objects.order_by("-is_workday", "date")
    plain = list(everything)
    for lo in range(0, 8):
        for hi in range(lo, 9):
            assert slice_by_pk(everything, lo, hi) == plain[lo:hi]
    pages = PkFirstPaginator(everything, 3)
    assert [list(pages.page(n)) for n in pages.page_range] == [plain[0:3], plain[3:6], plain[6:]]
    assert list(pages.get_page("x")) == plain[0:3] and list(pages.get_page(99)) == plain[6:]


def test_keys_first_reads_the_skipped_rows_as_keys_only(days):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ticms.common.paging import slice_by_pk

    with CaptureQueriesContext(connection) as ctx:
        slice_by_pk(CalendarOverride.objects.order_by("date"), 4, 6)
    offset_query, rows_query = (q["sql"] for q in ctx.captured_queries)
    assert "OFFSET" in offset_query and '"note"' not in offset_query
    assert "OFFSET" not in rows_query and "IN (" in rows_query

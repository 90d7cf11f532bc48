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

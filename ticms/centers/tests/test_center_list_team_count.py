"""The center list shows each center's team size, counted for the rows of the page only: not a
grouped count over every visible center before paging (issue 10)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ticms.centers.selectors import center_list
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_team_sizes_are_exact_including_none():
    province = f.province_user()
    empty = f.CenterFactory(code="TIC-T-0")
    three = f.CenterFactory(code="TIC-T-3")
    f.TeamMemberFactory.create_batch(3, center=three)
    f.TeamMemberFactory.create_batch(2, center=f.CenterFactory(code="TIC-T-2"))
    sizes = {c.code: c.team_size for c in center_list(user=province)}
    assert sizes == {"TIC-T-0": 0, "TIC-T-2": 2, "TIC-T-3": 3}
    assert empty.pk and three.pk


def test_the_page_query_does_not_group_the_whole_registry(client):
    for i in range(3):
        f.TeamMemberFactory.create_batch(2, center=f.CenterFactory(code=f"TIC-G-{i}"))
    client.force_login(f.province_user())
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/centers/").content.decode()
    listing = [q["sql"] for q in ctx.captured_queries if 'FROM "centers_center"' in q["sql"]]
    assert listing
    for sql in listing:
        outer = sql.split("(SELECT")[0]  # the team count lives in the correlated subquery
        assert "GROUP BY" not in outer and "DISTINCT" not in outer.upper(), sql
    assert "TIC-G-2" in html

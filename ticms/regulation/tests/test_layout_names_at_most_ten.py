"""A duplicate-layout finding (第四条) names the first ten centers of the sub-field and counts
the rest: the finding must not grow with the registry (issue 10)."""

import pytest

from ticms.regulation import layout
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("n", "named", "rest"), [(10, 10, None), (11, 10, 1), (13, 10, 3)])
def test_ten_named_then_a_count(n, named, rest):
    sub = f.sub_field("E0201")
    for i in range(n):
        f.CenterFactory(
            code=f"TIC-L-{i:02d}", name=f"布局中心{i:02d}", sub_field=sub, status="operating"
        )
    f.CenterFactory(code="TIC-L-X", name="培育中心", sub_field=sub, status="cultivating")
    found = layout.existing_layout(sub)
    centers = [m for m in found if "name" in m.params and m.params["name"].startswith("布局中心")]
    assert [m.params["name"] for m in centers] == [f"布局中心{i:02d}" for i in range(named)]
    counted = [m for m in found if "n" in m.params]
    assert [m.params["n"] for m in counted] == ([rest] if rest else [])

"""The Jiangsu city that issued a USCC (characters 3–6 of the code)."""

import pytest

from ticms.accounts import uscc
from ticms.testing import factories as f


@pytest.mark.parametrize(
    ("city", "expected"),
    [("320500", "320500"), ("321300", "321300"), ("320000", None), ("110100", None)],
)
def test_issuing_city_code(city, expected):
    assert uscc.issuing_city_code(f.make_uscc(city)) == expected

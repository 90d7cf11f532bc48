"""Who may view a center: a plain predicate (the province, the center's city, those who act for
it or its headquarters, its co-builders), no second permission mechanism beside it."""

import pytest

from ticms.accounts.models import Role
from ticms.centers.permissions import can_view_center
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_who_may_view_a_center():
    center = f.CenterFactory()
    co_builder = f.CoBuilderFactory(center=center)
    branch = f.CenterFactory(headquarters=center, host_unit=f.OrganisationFactory())
    assert can_view_center(f.province_user(), center)
    assert can_view_center(f.city_user("320100"), center)
    assert not can_view_center(f.city_user("320200"), center)
    assert can_view_center(f.center_user(center.host_unit), center)
    assert can_view_center(f.center_user(center.host_unit), branch)  # a headquarters' staff
    assert not can_view_center(f.center_user(branch.host_unit), center)
    assert can_view_center(f.co_builder_user(co_builder.organisation), center)
    assert not can_view_center(f.co_builder_user(f.OrganisationFactory()), center)
    for role in (Role.EXPERT, Role.SYSADMIN, Role.EVALUATOR):
        assert not can_view_center(f.role_user(role), center), role

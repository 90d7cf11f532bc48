"""Demo expert profiles (seed_demo): for expert1..3, idempotent."""

import pytest

from ticms.accounts.models import Role
from ticms.demo.experts import seed_expert_profiles
from ticms.reviews.models import Expert
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_demo_experts_get_a_profile_once():
    f.province_user(username="province")
    for n in (1, 2, 3):
        employer = f.OrganisationFactory(kind="university")
        f.UserFactory(
            username=f"expert{n}",
            role=Role.EXPERT,
            organisation=employer,
            person=f.PersonFactory(name=f"示例专家{n}", employer=employer),
        )
    assert seed_expert_profiles() == 3
    assert seed_expert_profiles() == 0
    experts = list(Expert.objects.select_related("user", "person").order_by("user__username"))
    assert [e.user.username for e in experts] == ["expert1", "expert2", "expert3"]
    assert all(e.person == e.user.person and e.fields.exists() for e in experts)
    assert experts[0].name == "示例专家1" and experts[0].employer == experts[0].user.organisation

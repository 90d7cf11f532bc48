"""An expert found at fault (第二十六条) leaves the pool for the set period: not offered as a
candidate for a panel, and refused when invited."""

import datetime as dt

import pytest
from django.utils import timezone

from ticms.common.exceptions import GuardFailed
from ticms.establishment import services as establishment
from ticms.reviews import selectors as review_selectors
from ticms.reviews import services as reviews
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .integrity_helpers import make_expert, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return f.province_user()


@pytest.fixture
def panel(province):
    application = eligible_application(published_guide(province=province), team_size=100)
    establishment.application_transition(
        actor=application.created_by, application_id=application.pk, action="submit"
    )
    establishment.application_transition(
        actor=f.city_user(application.city.code), application_id=application.pk, action="recommend"
    )
    establishment.application_transition(
        actor=province,
        application_id=application.pk,
        action="pass_formal_review",
        params={
            "check_sections": True,
            "check_materials": True,
            "check_units": True,
            "check_commitment": True,
        },
    )
    return reviews.panel_create(
        actor=province,
        application_id=application.pk,
        mode="online",
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )


def test_an_excluded_expert_is_not_a_candidate(province, panel):
    clean, excluded = make_expert(province), make_expert(province)
    record(province, "expert", excluded, exclusion_months=6)
    candidates = set(review_selectors.candidate_experts(panel))
    assert clean in candidates and excluded not in candidates


def test_an_expired_exclusion_no_longer_counts(province, panel):
    expert = make_expert(province)
    record(
        province,
        "expert",
        expert,
        decided_on=timezone.localdate() - dt.timedelta(days=400),
        exclusion_months=12,
    )
    assert expert in set(review_selectors.candidate_experts(panel))


def test_inviting_an_excluded_expert_is_refused_with_the_reason(province, panel):
    expert = make_expert(province, name="王五")
    finding = record(province, "expert", expert, exclusion_months=6)
    with pytest.raises(GuardFailed) as info:
        reviews.panel_expert_add(actor=province, panel_id=panel.pk, expert_id=expert.pk)
    text = " ".join(str(p) for p in info.value.problems)
    assert "王五" in text and finding.excluded_until.isoformat() in text


def test_a_finding_against_a_center_does_not_touch_the_pool(province, panel):
    expert = make_expert(province)
    record(province, "center", f.CenterFactory())
    reviews.panel_expert_add(actor=province, panel_id=panel.pk, expert_id=expert.pk)

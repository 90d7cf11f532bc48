"""Fixtures of the establishment tests: a published guide, a host unit and its applicant, a draft,
an application on public notice (`p`); a test module may define its own."""

import pytest

from ticms.establishment import services
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

from .drafting_helpers import NANJING
from .notice_helpers import NATIONAL_DAY, Pipeline, notice_on


@pytest.fixture
def guide():
    return published_guide()


@pytest.fixture
def host():
    return f.OrganisationFactory(kind="new_rd_institution", city=f.city(NANJING))


@pytest.fixture
def applicant(host):
    return f.center_user(host)


@pytest.fixture
def draft(guide, applicant):
    return services.application_create(
        actor=applicant, guide_id=guide.pk, center_name="江苏省测试技术创新中心"
    )


@pytest.fixture
def p() -> Pipeline:
    return notice_on(NATIONAL_DAY)

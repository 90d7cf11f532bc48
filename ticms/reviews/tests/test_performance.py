"""Pages stay fast as the data grows (DESIGN §5): the number of SQL queries of each list page is
the same with 3 rows as with 30."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ticms.establishment.models import Application
from ticms.reviews import services
from ticms.reviews.models import Assignment, AssignmentStatus, Panel, Score
from ticms.testing import factories as f
from ticms.testing.establishment import published_guide

from .conftest import make_expert

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
FIELDS = ("E0101", "E0201", "E0303", "T0101", "F0201")
_serial = itertools.count()


def queries(client, url, params=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant(client, url, grow, params=None):
    grow(SMALL)
    client.get(url, params or {})  # warm-up: session, content types, translations
    small, _ = queries(client, url, params)
    grow(LARGE - SMALL)
    large, sql = queries(client, url, params)
    assert small == large, f"{url}: {small} queries with {SMALL} rows, {large} with {LARGE}\n" + (
        "\n".join(sql)
    )


def rich_expert(province, **kw):
    """An expert with fields, an account and an employment history."""
    i = next(_serial)
    expert = make_expert(
        province,
        fields=[f.sub_field(FIELDS[i % len(FIELDS)]), f.sub_field(FIELDS[(i + 1) % len(FIELDS)])],
        employer=f.OrganisationFactory(),
        **kw,
    )
    services.employment_add(
        actor=province,
        expert_id=expert.pk,
        organisation=f.OrganisationFactory(),
        started_on=dt.date(2010, 1, 1),
        ended_on=dt.date(2019, 12, 31),
    )
    return expert


@pytest.fixture
def guide(province):
    return published_guide(province=province)


def bare_application(guide, province, status="argumentation") -> Application:
    """A row enough for list pages (the pages read it, they do not check it)."""
    i = next(_serial)
    host = f.OrganisationFactory(kind="new_rd_institution")
    return Application.objects.create(
        code=f"SQ-P-{i:05d}",
        guide=guide,
        city=host.city,
        host_unit=host,
        center_name=f"性能测试中心{i}",
        sub_field=f.sub_field(FIELDS[i % len(FIELDS)]),
        status=status,
        created_by=province,
        submitted_at=timezone.now(),
    )


def bare_panel(application, province, leader=None) -> Panel:
    return Panel.objects.create(
        application=application,
        mode="meeting",
        meeting_at=timezone.now(),
        place="会议室",
        due_on=timezone.localdate() + dt.timedelta(days=10),
        created_by=province,
        leader=leader,
    )


def scored(panel, expert, criteria, status=AssignmentStatus.SUBMITTED) -> Assignment:
    assignment = Assignment.objects.create(
        panel=panel, expert=expert, status=status, comments="意见", recommendation="support"
    )
    Score.objects.bulk_create(
        Score(assignment=assignment, criterion=c, score=Decimal("80.5")) for c in criteria
    )
    return assignment


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("params", [{}, {"field": "E0101"}, {"q": "专家", "active": "1"}])
def test_expert_pool_list(client, province, guide, params):
    application = bare_application(guide, province)
    panel = bare_panel(application, province)
    criteria = list(guide.criteria.all())

    def grow(n):
        for _ in range(n):
            expert = rich_expert(province)
            scored(panel, expert, criteria, status=AssignmentStatus.INVITED)

    login(client, province)
    assert_constant(client, "/reviews/experts/", grow, params)


def test_expert_pool_api_list(client, province):
    login(client, province)
    assert_constant(
        client, "/api/v1/reviews/experts", lambda n: [rich_expert(province) for _ in range(n)]
    )


def test_my_assignments_list(client, province, guide):
    expert = rich_expert(province)
    criteria = list(guide.criteria.all())

    def grow(n):
        for _ in range(n):
            panel = bare_panel(bare_application(guide, province), province, leader=expert)
            scored(panel, expert, criteria)
            scored(panel, rich_expert(province), criteria)  # someone else's: not listed

    login(client, expert.user)
    assert_constant(client, "/reviews/assignments/", grow)
    assert_constant(client, "/reviews/assignments/", grow, {"status": "submitted"})


def test_my_assignments_api_list(client, province, guide):
    expert = rich_expert(province)
    criteria = list(guide.criteria.all())

    def grow(n):
        for _ in range(n):
            scored(bare_panel(bare_application(guide, province), province), expert, criteria)

    login(client, expert.user)
    assert_constant(client, "/api/v1/reviews/assignments", grow, {"limit": 200})


def test_panel_list_page_and_api(client, province, guide):
    criteria = list(guide.criteria.all())

    def grow(n):
        for _ in range(n):
            leader = rich_expert(province)
            panel = bare_panel(bare_application(guide, province), province, leader=leader)
            scored(panel, leader, criteria)
            bare_application(guide, province)  # waiting for a panel

    login(client, province)
    assert_constant(client, "/reviews/", grow)
    assert_constant(client, "/api/v1/reviews/panels", grow, {"limit": 200})


def test_panel_page_with_many_experts_and_candidates(client, rig, guide):
    """The side-by-side sheet, the member table, the candidate list with its conflict check
    and the history: constant in the number of experts."""
    rig.form_panel(0)
    panel = rig.panel
    criteria = list(rig.application.guide.criteria.all())

    def grow(n):
        for _ in range(n):
            expert = rich_expert(rig.province)
            services.panel_expert_add(actor=rig.province, panel_id=panel.pk, expert_id=expert.pk)
            assignment = Assignment.objects.get(panel=panel, expert=expert)
            Score.objects.bulk_create(
                Score(assignment=assignment, criterion=c, score=Decimal("77.25")) for c in criteria
            )
            Assignment.objects.filter(pk=assignment.pk).update(
                status=AssignmentStatus.SUBMITTED, comments="意见", recommendation="support"
            )
            rich_expert(rig.province)  # a candidate not yet invited

    login(client, rig.province)
    url = f"/reviews/applications/{rig.application.pk}/panel/"
    assert_constant(client, url, grow, {"field": ""})
    assert_constant(client, f"/api/v1/reviews/panels/{panel.pk}", grow)

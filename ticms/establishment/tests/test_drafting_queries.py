"""The drafting pages stay fast as an application grows (DESIGN §5): the number of SQL queries
of the team roster, the task list and the check page is the same with 3 rows as with 30."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ticms.establishment import services
from ticms.establishment.models import Application
from ticms.establishment.views.drafting.tasklist import tasklist_context
from ticms.testing import factories as f
from ticms.testing.establishment import pdf_upload, published_guide

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
TEAMS = ("core_rd", "tech_support", "transfer")
_serial = itertools.count()


@pytest.fixture
def world():
    guide = published_guide(materials=("co_building_agreement", "credit_commitment"))
    host = f.OrganisationFactory(kind="new_rd_institution", city=f.city("320100"))
    applicant = f.center_user(host)
    application = services.application_create(
        actor=applicant, guide_id=guide.pk, center_name="江苏省测试技术创新中心"
    )
    services.application_leaders_save(
        actor=applicant,
        application_id=application.pk,
        director={"name": "张主任", "id_number": f.make_id_number(), "title_level": "senior"},
        executive_director={"name": "李执行", "id_number": f.make_id_number()},
    )
    return application, applicant


def grow(application, applicant, n):
    """n more rows of every kind: targets, co-builders, team members, excluded units,
    attachments."""
    pk = application.pk
    for _ in range(n):
        i = next(_serial)
        services.target_add(
            actor=applicant,
            application_id=pk,
            name=f"指标{i}",
            unit="项",
            target_value=str(i),
            target_year=timezone.localdate().year + 2,
        )
        services.co_builder_add(
            actor=applicant,
            application_id=pk,
            name=f"共建单位{i}",
            uscc=f.make_uscc(),
            kind=("local_government", "university", "park")[i % 3],
        )
        services.excluded_unit_add(actor=applicant, application_id=pk, name=f"回避单位{i}")
        services.attachment_add(
            actor=applicant,
            application_id=pk,
            kind=("co_building_agreement", "credit_commitment", "other")[i % 3],
            upload=pdf_upload(f"材料{i}.pdf", f"%PDF-1.4 {i}".encode()),
        )
    services.team_members_add(
        actor=applicant,
        application_id=pk,
        rows=[
            {
                "name": f"成员{next(_serial)}",
                "id_number": f.make_id_number(),
                "title_level": "intermediate",
                "degree": "master",
                "team": TEAMS[i % 3],
                "full_time": True,
                "is_rd_staff": True,
            }
            for i in range(n)
        ],
    )


def count(fn) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant(fn, application, applicant):
    grow(application, applicant, SMALL)
    fn()  # warm-up: content types, session, translations
    small, _sql = count(fn)
    grow(application, applicant, LARGE - SMALL)
    large, sql = count(fn)
    assert small == large, f"{small} queries with {SMALL} rows, {large} with {LARGE}\n" + (
        "\n".join(sql)
    )


def test_team_roster_page(client, world):
    application, applicant = world
    client.force_login(applicant)
    address = reverse("establishment:draft_team", args=[application.pk])

    def get():
        response = client.get(address)
        assert response.status_code == 200

    assert_constant(get, application, applicant)


def _render_tasklist(application, user):
    application = Application.objects.select_related(
        "guide", "city", "host_unit", "sub_field", "director", "executive_director"
    ).get(pk=application.pk)
    request = RequestFactory().get(application.get_absolute_url())
    request.user = user
    context = {"application": application, "user": user, **tasklist_context(application, user)}
    return render_to_string("establishment/includes/tasklist.html", context, request=request)


def test_task_list(world):
    application, applicant = world
    assert_constant(lambda: _render_tasklist(application, applicant), application, applicant)


def test_read_only_summary_for_a_reader(world):
    """The same include once the application is submitted: the read-only summary. Rows are
    added while it is a draft, and it is read in the submitted state."""
    application, applicant = world
    rows = Application.objects.filter(pk=application.pk)

    def render():
        rows.update(status="city_review")
        try:
            page = _render_tasklist(application, applicant)
        finally:
            rows.update(status="draft")
        assert "申请书内容" in page

    assert_constant(render, application, applicant)


def test_check_page(client, world):
    application, applicant = world
    client.force_login(applicant)
    address = reverse("establishment:application_review_page", args=[application.pk])

    def get():
        response = client.get(address)
        assert response.status_code == 200

    assert_constant(get, application, applicant)

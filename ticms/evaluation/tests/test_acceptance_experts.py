"""The acceptance goes before experts through the one reviews app: the same pool, the same
回避 rules (第十三条第3项) read against the center, the acceptance's own score sheet, and the
pages of the panel and of an expert's assignment."""

from __future__ import annotations

import pytest

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.reviews import services as reviews
from ticms.reviews.models import Score
from ticms.reviews.tests.conftest import make_expert
from ticms.testing import factories as f

from .acceptance_world import income, world

pytestmark = pytest.mark.django_db


def test_an_expert_of_the_host_unit_or_a_co_builder_must_stand_aside():
    w = world()
    co_builder = f.CoBuilderFactory(center=w.center)
    acceptance, panel = w.to_expert_review()
    for employer in (w.center.host_unit, co_builder.organisation):
        expert = make_expert(w.province, employer=employer)
        with pytest.raises(GuardFailed) as exc:
            reviews.panel_expert_add(actor=w.province, panel_id=panel.pk, expert_id=expert.pk)
        assert "不是申请单位的人员" in str(exc.value.problems)


def test_a_member_of_the_center_team_must_stand_aside():
    w = world()
    member = f.TeamMemberFactory(center=w.center)
    acceptance, panel = w.to_expert_review()
    expert = make_expert(w.province, person=member.person)
    with pytest.raises(GuardFailed) as exc:
        reviews.panel_expert_add(actor=w.province, panel_id=panel.pk, expert_id=expert.pk)
    assert "团队成员" in str(exc.value.problems)


def test_the_sheet_is_the_acceptances_own():
    w = world()
    acceptance, panel = w.to_expert_review()
    expert = make_expert(w.province)
    a = reviews.panel_expert_add(actor=w.province, panel_id=panel.pk, expert_id=expert.pk)
    reviews.assignment_transition(actor=expert.user, assignment_id=a.pk, action="accept")
    reviews.assignment_transition(
        actor=expert.user, assignment_id=a.pk, action="declare", params={"confirm": True}
    )
    with pytest.raises(ValidationFailed):
        reviews.score_sheet_save(actor=expert.user, assignment_id=a.pk, scores={"999999": "80"})
    criterion = acceptance.criteria.first()
    reviews.score_sheet_save(actor=expert.user, assignment_id=a.pk, scores={criterion.pk: "80"})
    score = Score.objects.get(assignment=a)
    assert score.acceptance_criterion_id == criterion.pk and score.criterion_id is None
    with pytest.raises(GuardFailed) as exc:  # the other three lines are still empty
        reviews.assignment_transition(actor=expert.user, assignment_id=a.pk, action="submit")
    assert len([p for p in exc.value.problems if "请为评审指标" in str(p)]) == 3


def test_no_second_panel_and_none_before_the_city_opinion():
    w = world()
    acceptance = w.apply()
    w.submit(acceptance)
    import datetime as dt

    from django.utils import timezone

    from ticms.common.exceptions import Conflict
    from ticms.evaluation import acceptance_services as services

    due = timezone.localdate() + dt.timedelta(days=7)
    with pytest.raises(Conflict):
        services.acceptance_panel_form(
            actor=w.province, acceptance_id=acceptance.pk, mode="online", due_on=due
        )
    w.city_opinion(acceptance)
    services.acceptance_panel_form(
        actor=w.province, acceptance_id=acceptance.pk, mode="online", due_on=due
    )
    with pytest.raises(Conflict):
        services.acceptance_panel_form(
            actor=w.province, acceptance_id=acceptance.pk, mode="online", due_on=due
        )


def test_the_panel_and_assignment_pages_show_the_acceptance(client):
    w = world()
    w.report(w.center.construction_ends_on.year - 1, figures=income(900, ["300"]), achieved=["60"])
    acceptance, panel = w.to_expert_review()
    client.force_login(w.province)
    page = client.get(f"/reviews/acceptance/{acceptance.pk}/panel/")
    assert page.status_code == 200
    assert "验收专家组" in page.content.decode()
    listing = client.get("/reviews/").content.decode()
    assert w.center.name in listing
    expert = make_expert(w.province)
    a = reviews.panel_expert_add(actor=w.province, panel_id=panel.pk, expert_id=expert.pk)
    client.force_login(expert.user)
    before = client.get(f"/reviews/assignments/{a.pk}/").content.decode()
    assert "建设任务全部完成" not in before  # nothing of the material before declaring
    reviews.assignment_transition(actor=expert.user, assignment_id=a.pk, action="accept")
    reviews.assignment_transition(
        actor=expert.user, assignment_id=a.pk, action="declare", params={"confirm": True}
    )
    after = client.get(f"/reviews/assignments/{a.pk}/").content.decode()
    assert "建设任务全部完成" in after and "同意报省验收" in after
    assert "市场化收入" in after and "发明专利授权" in after
    # The API names the subject generically.
    body = client.get(f"/api/v1/reviews/assignments/{a.pk}").json()
    assert body["subject"]["kind"] == "acceptance" and body["application"] is None
    assert body["plan"]["self_assessment"] == "建设任务全部完成。"
    assert len(body["scores"]) == 4


def test_the_panel_list_costs_the_same_with_more_acceptance_panels(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    province = f.province_user()
    client.force_login(province)

    def grow(n):
        for _ in range(n):
            w = world()
            w.to_expert_review()
            w2 = world(city_code="320500")
            acceptance = w2.apply()
            w2.submit(acceptance)
            w2.city_opinion(acceptance)  # waiting for its panel

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/reviews/").status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    client.get("/reviews/")
    small = count()
    grow(5)
    assert count() == small


def test_after_the_panel_opinion_the_panel_page_sends_the_province_to_the_acceptance(client):
    w = world()
    acceptance, panel = w.to_expert_review()
    w.expert_panel_concludes(panel)
    client.force_login(w.province)
    html = client.get(f"/reviews/acceptance/{acceptance.pk}/panel/").content.decode()
    assert "专家组意见已出具，请在验收页面作出结论" in html
    assert acceptance.get_absolute_url() in html


def test_a_panel_has_exactly_one_subject_and_an_unknown_kind_is_not_found(client):
    from django.db import IntegrityError, transaction

    from ticms.reviews.models import Panel

    w = world()
    acceptance, panel = w.to_expert_review()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Panel.objects.filter(pk=panel.pk).update(acceptance=None)
    client.force_login(w.province)
    assert client.get(f"/reviews/nothing/{acceptance.pk}/panel/").status_code == 404
    # Another city's officer, a center: the panel page of an acceptance is not there.
    for user in (w.city, w.staff):
        client.force_login(user)
        assert client.get(f"/reviews/acceptance/{acceptance.pk}/panel/").status_code == 404

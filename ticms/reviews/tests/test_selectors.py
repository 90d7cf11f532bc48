"""The contract with the establishment lifecycle, the exact weighted totals and the side-by-side
statistics, and the to-dos and notices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ticms.common import inbox
from ticms.common.models import InboxItem
from ticms.establishment.models import Application
from ticms.reviews import services
from ticms.reviews.selectors.argumentation import (
    applications_assigned_to,
    argumentation_opinions,
    argumentation_problems,
)
from ticms.reviews.selectors.panels import MIN_SUBMITTED_EXPERTS
from ticms.reviews.selectors.scores import panel_sheet, weighted_total
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_minimum_is_three():
    assert MIN_SUBMITTED_EXPERTS == 3


# --- applications_assigned_to --------------------------------------------------------------------


def _visible(user, application) -> bool:
    return Application.objects.filter(pk__in=applications_assigned_to(user), pk=application.pk)


def test_an_expert_reads_the_application_only_after_accepting_and_declaring(panel_rig):
    rig = panel_rig
    expert, other = rig.experts[0], rig.experts[1]
    assert not _visible(expert.user, rig.application)
    rig.act(expert, "accept")
    assert not _visible(expert.user, rig.application)
    rig.act(expert, "declare", params={"confirm": True})
    assert _visible(expert.user, rig.application)
    rig.score(expert)
    assert _visible(expert.user, rig.application)
    assert not _visible(other.user, rig.application)
    assert not _visible(rig.province, rig.application)  # experts only
    assert not _visible(f.city_user(), rig.application)


def test_a_declared_conflict_never_opens_the_application(panel_rig):
    rig = panel_rig
    expert = rig.experts[0]
    rig.act(expert, "accept")
    rig.act(expert, "declare_conflict", comment="近亲属在依托单位任职")
    assert not _visible(expert.user, rig.application)


def test_experts_read_applications_only_on_their_assignment_pages(panel_rig):
    # The applicant's pages show masked ID numbers and other applications: not for experts,
    # cleared or not; their assignment page carries what they score.
    from ticms.establishment.selectors import applications_visible_to

    rig = panel_rig
    expert = rig.experts[0]
    assert not applications_visible_to(expert.user).exists()
    rig.clear(expert)
    assert not applications_visible_to(expert.user).exists()
    assert _visible(expert.user, rig.application)


# --- argumentation_problems ----------------------------------------------------------------------


def test_problems_say_what_is_missing_until_complete(rig):
    app = rig.application
    assert argumentation_problems(app) == ["尚未组建专家组"]
    rig.form_panel(3)
    problems = argumentation_problems(app)
    assert "已提交评分的专家 0 名，至少须 3 名" in problems
    assert "尚有 3 名专家未答复邀请（请等待答复，或由省科技厅撤回邀请）" in problems
    assert "尚未指定专家组组长" in problems
    assert problems[-1] == "专家组组长尚未出具专家组意见"
    rig.set_leader(rig.experts[0])
    rig.all_submit()
    assert argumentation_problems(app) == ["专家组组长尚未出具专家组意见"]
    services.panel_opinion_write(
        actor=rig.experts[0].user,
        panel_id=rig.panel.pk,
        opinion="同意",
        recommendation="support",
    )
    assert argumentation_problems(app) == []


# --- argumentation_opinions ----------------------------------------------------------------------


def test_opinions_are_keyed_and_anonymous(panel_rig):
    rig = panel_rig
    app = rig.application
    assert argumentation_opinions(app) == []
    rig.set_leader(rig.experts[1])
    rig.all_submit()
    before = argumentation_opinions(app)
    assert [o["author"] for o in before] == ["专家1", "专家2", "专家3"]
    services.panel_opinion_write(
        actor=rig.experts[1].user,
        panel_id=rig.panel.pk,
        opinion="专家组建议补充产业化路径。",
        recommendation="support_with_changes",
    )
    opinions = argumentation_opinions(app)
    assignments = list(rig.panel.assignments.order_by("pk"))
    assert [o["key"] for o in opinions] == [f"panel:{rig.panel.pk}"] + [
        f"assignment:{a.pk}" for a in assignments
    ]
    assert opinions[0] == {
        "key": f"panel:{rig.panel.pk}",
        "author": "专家组",
        "text": "专家组建议补充产业化路径。",
    }
    assert [o["author"] for o in opinions[1:]] == ["专家1", "专家2", "专家3"]
    assert [o["text"] for o in opinions[1:]] == [a.comments for a in assignments]
    shown = " ".join(f"{o['author']} {o['text']}" for o in opinions)
    for expert in rig.experts:
        assert expert.name not in shown


def test_opinions_skip_experts_who_did_not_submit(panel_rig):
    rig = panel_rig
    rig.clear(rig.experts[0])
    rig.score(rig.experts[0])
    rig.act(rig.experts[1], "decline")
    assert [o["author"] for o in argumentation_opinions(rig.application)] == ["专家1"]


# --- exact totals and the side-by-side sheet -----------------------------------------------------


class C:
    def __init__(self, pk, weight):
        self.pk, self.weight = pk, Decimal(weight)


def test_weighted_total_is_exact():
    criteria = [C(1, "33.33"), C(2, "33.33"), C(3, "33.34")]
    total = weighted_total({1: Decimal("85.5"), 2: Decimal("70.25"), 3: Decimal("90")}, criteria)
    assert total == Decimal("85.5") * Decimal("0.3333") + Decimal("70.25") * Decimal(
        "0.3333"
    ) + Decimal("90") * Decimal("0.3334")
    assert str(total.normalize()) == "81.917475"
    assert weighted_total({1: Decimal(1)}, criteria) is None  # incomplete: no total


def test_panel_sheet_side_by_side(panel_rig):
    rig = panel_rig
    rig.all_submit(values=((80, 70, 90), (60, 75, 85), (90, 95, 70)))
    sheet = panel_sheet(rig.panel)
    # weights 40/30/30
    totals = [row["total"] for row in sheet["rows"]]
    assert totals == [Decimal("80.00"), Decimal("72.00"), Decimal("85.50")]
    assert [row["label"] for row in sheet["rows"]] == [e.name for e in rig.experts]
    first = sheet["per_criterion"][0]
    assert (first["mean"], first["min"], first["max"], first["spread"]) == (
        Decimal("76.67"),
        Decimal(60),
        Decimal(90),
        Decimal(30),
    )
    assert sheet["total"]["spread"] == Decimal("13.5")
    assert sheet["total"]["mean"] == Decimal("79.17")
    assert ("支持", 3) in [(str(label), n) for label, n in sheet["recommendations"]]
    anonymous = panel_sheet(rig.panel, anonymous=True)
    assert [row["label"] for row in anonymous["rows"]] == ["专家1", "专家2", "专家3"]


def test_panel_sheet_counts_only_submitted_sheets(panel_rig):
    rig = panel_rig
    rig.clear(rig.experts[0])
    rig.score(rig.experts[0], (80, 70, 90))
    rig.clear(rig.experts[1])
    rig.score(rig.experts[1], (10, 10, 10), submit=False)  # a draft
    sheet = panel_sheet(rig.panel)
    assert sheet["submitted"] == 1
    assert sheet["total"]["mean"] == Decimal("80.00") and sheet["total"]["spread"] == 0


# --- to-dos and notices --------------------------------------------------------------------------


def _todos(user):
    return [item.title for item in inbox.open_todos(user)]


def test_invitation_is_a_todo_that_closes_on_answer(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    expert = rig.experts[0]
    todos = _todos(expert.user)
    assert len(todos) == 1 and "论证邀请" in todos[0] and rig.application.center_name in todos[0]
    item = InboxItem.objects.get(recipient=expert.user)
    assert item.due_on == rig.panel.due_on and item.url == rig.assignment(expert).get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        rig.act(expert, "accept")
    # The next step (the declaration) now waits for the expert.
    assert len(_todos(expert.user)) == 1 and "论证邀请" not in _todos(expert.user)[0]


def test_the_province_is_told_when_scores_are_in(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    rig.set_leader(rig.experts[0])
    with django_capture_on_commit_callbacks(execute=True):
        rig.all_submit()
    notices = inbox.notices(rig.province)
    assert any("专家评分已全部提交" in n.title for n in notices)
    leader_todos = _todos(rig.experts[0].user)
    assert any("请出具专家组意见" in t for t in leader_todos)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_opinion_write(
            actor=rig.experts[0].user,
            panel_id=rig.panel.pk,
            opinion="同意",
            recommendation="support",
        )
    assert not any("请出具专家组意见" in t for t in _todos(rig.experts[0].user))
    assert any("出具专家组意见" in n.title for n in inbox.notices(rig.province))


def test_a_decline_tells_the_province(panel_rig, django_capture_on_commit_callbacks):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        rig.act(rig.experts[0], "decline", comment="时间冲突")
    assert any("谢绝邀请" in n.title for n in inbox.notices(rig.province))


def test_workbench_shows_the_invitation(panel_rig, client):
    rig = panel_rig
    client.force_login(rig.experts[0].user)
    html = client.get("/workbench/").content.decode()
    assert "论证邀请" in html and rig.application.center_name in html


def test_the_experts_own_next_steps_stay_on_the_workbench(
    panel_rig, django_capture_on_commit_callbacks
):
    rig = panel_rig
    expert = rig.experts[0]
    with django_capture_on_commit_callbacks(execute=True):
        rig.act(expert, "accept")
    assert [t for t in _todos(expert.user)] == [
        f"请声明有无利益冲突：{rig.application.center_name}"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        rig.act(expert, "declare", params={"confirm": True})
    assert _todos(expert.user) == [f"请填写并提交评分表：{rig.application.center_name}"]
    with django_capture_on_commit_callbacks(execute=True):
        rig.score(expert)
    assert _todos(expert.user) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_transition(
            actor=rig.province,
            assignment_id=rig.assignment(expert).pk,
            action="return_scores",
            comment="请核对第一项",
        )
    assert _todos(expert.user) == [f"请填写并提交评分表：{rig.application.center_name}"]


def test_a_leader_named_after_the_scores_are_in_is_asked_at_once(
    panel_rig, django_capture_on_commit_callbacks
):
    rig = panel_rig
    with django_capture_on_commit_callbacks(execute=True):
        rig.all_submit()
        rig.set_leader(rig.experts[2])
    assert any("请出具专家组意见" in t for t in _todos(rig.experts[2].user))
    with django_capture_on_commit_callbacks(execute=True):
        rig.set_leader(rig.experts[1])
    assert not any("请出具专家组意见" in t for t in _todos(rig.experts[2].user))
    assert any("请出具专家组意见" in t for t in _todos(rig.experts[1].user))

"""The center lifecycle (第五、六、七、十三、二十五条): the table as declared, every transition
taken by who may take it (moving the center, auditing it, setting and clearing the deadlines),
and the one road to construction."""

from __future__ import annotations

import pytest

from ticms.accounts.models import Role
from ticms.centers import selectors
from ticms.centers.models import LAYOUT_STATUSES, Center
from ticms.centers.permissions import is_staff_of
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
    MAX_RECTIFICATION_DAYS,
    center_staff,
    city_and_staff,
    city_officers,
    province_officers,
)
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    GuardFailed,
    PermissionDenied,
)
from ticms.common.models import AuditEvent

from .conftest import login
from .lifecycle_helpers import (
    DEADLINE_ACTIONS,
    REPORT,
    TRANSITIONS,
    USER_TRANSITIONS,
    S,
    action_url,
    actor_key,
    api_post,
    audit_count,
    conditions,
    day,
    make_eligible,
    prepare,
    put,
    run,
    tomorrow,
)

pytestmark = pytest.mark.django_db


def test_the_eligible_center_meets_every_condition_the_registry_checks(world):
    center = make_eligible(put(world.nj, S.CULTIVATING))
    rows = conditions(center)
    assert [r["rule"].id for r in rows if r["outcome"] == "fail"] == []
    assert {r["rule"].id for r in rows if r["outcome"] == "pass"} == {
        "A12.1.jiangsu",
        "A12.1.co_built",
        "A12.1.site_area",
        "A12.1.instruments",
        "A12.4.executive_director",
        "A12.4.team_size",
        "A12.4.full_time_ratio",
        "A12.4.qualified_ratio",
        "A12.4.team_structure",
        "A4.no_duplicate_layout",
    }
    stats = selectors.team_stats(center)
    assert (stats["members"], stats["full_time"], stats["rd_qualified"]) == (100, 100, 100)
    # The world's branch of this center is in the same sub-field and occupies it, yet is part
    # of the same center (第五条): the approval below is not a duplicate layout.
    assert world.branch.sub_field == center.sub_field
    assert world.branch.status in LAYOUT_STATUSES


# --- the table itself ---------------------------------------------------------------------------

EDGES = {
    "enter_construction": ({S.CULTIVATING}, S.CONSTRUCTING),
    "request_acceptance": ({S.CONSTRUCTING}, S.ACCEPTING),
    "reapply_acceptance": ({S.RECTIFYING}, S.ACCEPTING),
    "pass_acceptance": ({S.ACCEPTING}, S.OPERATING),
    "fail_acceptance": ({S.ACCEPTING}, S.RECTIFYING),
    "order_rectification": ({S.OPERATING}, S.RECTIFYING),
    "submit_rectification": ({S.RECTIFYING}, S.RECTIFICATION_REVIEW),
    "return_rectification": ({S.RECTIFICATION_REVIEW}, S.RECTIFYING),
    "pass_rectification": ({S.RECTIFICATION_REVIEW}, S.OPERATING),
    "remove": ({S.OPERATING, S.RECTIFYING, S.RECTIFICATION_REVIEW}, S.REMOVED),
    "revoke": (
        {
            S.CULTIVATING,
            S.CONSTRUCTING,
            S.ACCEPTING,
            S.OPERATING,
            S.RECTIFYING,
            S.RECTIFICATION_REVIEW,
        },
        S.REVOKED,
    ),
}


def test_table_covers_the_lifecycle():
    """Every active state can be left; removal and revocation are final (第七、二十五条)."""
    sources = {s for t in CENTER_WORKFLOW.transitions for s in t.sources}
    assert sources == {
        S.CULTIVATING,
        S.CONSTRUCTING,
        S.ACCEPTING,
        S.OPERATING,
        S.RECTIFYING,
        S.RECTIFICATION_REVIEW,
    }
    assert not (sources & {S.REMOVED, S.REVOKED})
    assert all(t.article.startswith("第") for t in CENTER_WORKFLOW.transitions)
    diagram = CENTER_WORKFLOW.mermaid()
    for t in CENTER_WORKFLOW.transitions:
        assert f"{t.action} ({t.article})" in diagram
    assert "rectification_review --> rectifying: return_rectification (第二十五条)" in diagram


def test_table_edges():
    assert {t.action: (set(t.sources), t.target) for t in CENTER_WORKFLOW.transitions} == EDGES
    assert S.RECTIFICATION_REVIEW.label == "整改待复核"
    assert CENTER_WORKFLOW.states[S.RECTIFICATION_REVIEW] == "整改待复核"


def test_the_review_transitions_as_declared():
    submit, back = TRANSITIONS["submit_rectification"], TRANSITIONS["return_rectification"]
    assert (submit.roles, submit.scope, submit.article) == (
        {Role.CENTER},
        is_staff_of,
        "第二十五条",
    )
    assert [(p.name, p.kind, p.required) for p in submit.params] == [("report", "textarea", True)]
    assert (submit.todo_for, submit.notify) == (province_officers, city_officers)
    assert (back.roles, back.scope, back.article) == ({Role.PROVINCE}, None, "第二十五条")
    assert [p.name for p in back.params] == ["rectification_deadline"]
    assert back.comment_required
    assert (back.todo_for, back.notify) == (center_staff, city_officers)
    passed = TRANSITIONS["pass_rectification"]
    assert (passed.comment_required, passed.notify) == (True, city_and_staff)
    assert MAX_RECTIFICATION_DAYS == 730


# --- happy paths --------------------------------------------------------------------------------


HAPPY = [(t.action, source) for t in USER_TRANSITIONS for source in t.sources]


@pytest.mark.parametrize(("action", "source"), HAPPY)
def test_every_transition_moves_the_center_and_audits_it(world, action, source):
    t = TRANSITIONS[action]
    prepare(world.nj, action, source)
    before = audit_count()

    center = run(world, action, comment="依据评估结果办理")

    assert center.status == t.target
    assert Center.objects.get(pk=world.nj.pk).status == t.target
    assert audit_count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == f"center.{action}"
    assert event.article == t.article
    assert event.object_id == str(world.nj.pk)
    assert event.before["status"] == source
    assert event.after["status"] == t.target
    assert event.comment == "依据评估结果办理"
    assert event.actor == world.users[actor_key(action)]
    if t.params:
        assert set(event.after["params"]) == {p.name for p in t.params}
    assert verify_chain().ok


@pytest.mark.parametrize("action", DEADLINE_ACTIONS)
def test_rectification_sets_the_deadline_that_the_todo_carries(world, action):
    prepare(world.nj, action)
    deadline = day(90)
    center = run(world, action, params={"rectification_deadline": deadline.isoformat()})
    assert center.status == S.RECTIFYING
    assert center.rectification_deadline == deadline
    assert center.due_on == deadline


def test_submitting_the_report_keeps_the_deadline_for_the_review(world):
    deadline = day(45)
    put(world.nj, S.RECTIFYING, rectification_deadline=deadline)
    center = run(world, "submit_rectification", params={"report": f"  {REPORT}\n"})
    assert center.status == S.RECTIFICATION_REVIEW
    assert center.rectification_deadline == deadline
    assert center.due_on == deadline
    event = AuditEvent.objects.get(action="center.submit_rectification")
    assert event.actor == world.users["staff_a"]
    assert event.after == {"status": S.RECTIFICATION_REVIEW, "params": {"report": REPORT}}


@pytest.mark.parametrize(
    ("action", "source"),
    [
        ("pass_rectification", S.RECTIFICATION_REVIEW),
        ("remove", S.RECTIFYING),
        ("remove", S.RECTIFICATION_REVIEW),
        ("revoke", S.RECTIFYING),
        ("revoke", S.RECTIFICATION_REVIEW),
    ],
)
def test_leaving_rectification_clears_the_deadline(world, action, source):
    put(world.nj, source, rectification_deadline=tomorrow())
    center = run(world, action)
    assert center.rectification_deadline is None
    assert center.due_on is None
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline is None


def test_headquarters_staff_may_request_acceptance_of_their_branch(world):
    center = run(world, "request_acceptance", who="staff_a", center=world.branch)
    assert center.status == S.ACCEPTING
    center = run(
        world, "pass_acceptance", who="province", center=world.branch, params={}, comment=""
    )
    assert center.status == S.OPERATING


@pytest.mark.parametrize("who", ["staff_a", "staff_c"])
def test_branch_and_headquarters_staff_may_submit_the_branch_report(world, who):
    put(world.branch, S.RECTIFYING, rectification_deadline=tomorrow())
    center = run(world, "submit_rectification", who=who, center=world.branch)
    assert center.status == S.RECTIFICATION_REVIEW
    assert AuditEvent.objects.get(action="center.submit_rectification").actor == world.users[who]


def test_optional_comment_may_be_empty(world):
    put(world.nj, S.ACCEPTING)
    center = run(world, "pass_acceptance", comment="   ")
    assert center.status == S.OPERATING
    assert AuditEvent.objects.order_by("-seq").first().comment == ""


# --- one road to construction (第六条、第十三条第4项) -------------------------------------------


def test_entering_construction_is_never_offered_nor_taken_alone(client, world):
    """Only signing the contract of an approved application moves a cultivating center on: the
    province has no button, the service, the page and the API refuse it with the reason."""
    put(world.nj, S.CULTIVATING)
    province = world.users["province"]
    assert "enter_construction" not in {
        t.action for t in CENTER_WORKFLOW.available(province, world.nj)
    }
    with pytest.raises(PermissionDenied) as exc:
        run(world, "enter_construction", who="province")
    assert "只能随「签订项目合同」一并办理" in str(exc.value.message)
    page = login(client, province).post(action_url(world.nj, "enter_construction"), {})
    assert page.status_code == 403
    api = api_post(client, world.nj, "enter_construction")
    assert api.status_code == 403 and "签订项目合同" in api.json()["detail"]
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING
    assert not AuditEvent.objects.filter(action="center.enter_construction").exists()


def test_entering_construction_without_a_contract_is_refused_even_as_part_of_it(world):
    from ticms.common.workflow import transition_execute

    put(world.nj, S.CULTIVATING)
    with pytest.raises(GuardFailed) as exc:
        transition_execute(
            actor=world.users["province"],
            workflow=CENTER_WORKFLOW,
            obj=world.nj,
            action="enter_construction",
            via="application.sign_contract",
        )
    assert "没有已签订的项目合同" in exc.value.problems[0]
    assert Center.objects.get(pk=world.nj.pk).status == S.CULTIVATING

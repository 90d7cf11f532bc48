"""Refused transitions of the center lifecycle leave nothing half-saved: a wrong state is a
conflict, a wrong role is refused with a reason naming the roles (in the service, the page and
the API), a scope refusal names its reason, bad or missing parameters and comments are field
errors, the rectification deadline is bounded."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.centers.models import Center
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
    MAX_RECTIFICATION_DAYS,
)
from ticms.common.exceptions import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent

from .conftest import login
from .lifecycle_helpers import (
    ALL_STATES,
    DEADLINE_ACTIONS,
    REPORT,
    TRANSITIONS,
    USER_TRANSITIONS,
    S,
    action_url,
    api_post,
    audit_count,
    day,
    prepare,
    put,
    run,
    tomorrow,
    valid_params,
)

pytestmark = pytest.mark.django_db


def _assert_untouched(world, status, audits_before, callbacks):
    assert Center.objects.get(pk=world.nj.pk).status == status
    assert audit_count() == audits_before
    assert callbacks == []


WRONG_STATE = [
    (t.action, state) for t in USER_TRANSITIONS for state in ALL_STATES if state not in t.sources
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATE)
def test_wrong_state_is_a_conflict(world, action, state, django_capture_on_commit_callbacks):
    put(world.nj, state)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Conflict) as exc:
        run(world, action)
    assert str(CENTER_WORKFLOW.states[state]) in str(exc.value.message)
    assert str(TRANSITIONS[action].label) in str(exc.value.message)
    _assert_untouched(world, state, before, callbacks)


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        ("pass_rectification", S.RECTIFYING, "当前状态为「限期整改」，不能执行「整改通过」"),
        ("return_rectification", S.RECTIFYING, "当前状态为「限期整改」，不能执行「退回继续整改」"),
        (
            "submit_rectification",
            S.RECTIFICATION_REVIEW,
            "当前状态为「整改待复核」，不能执行「提交整改报告」",
        ),
        ("order_rectification", S.RECTIFICATION_REVIEW, "当前状态为「整改待复核」"),
    ],
)
def test_the_report_must_be_reviewed_before_the_rectification_passes(world, action, state, message):
    """整改通过 is decided on a submitted report: never straight from 限期整改 any more."""
    put(world.nj, state, rectification_deadline=tomorrow())
    with pytest.raises(Conflict) as exc:
        run(world, action)
    assert message in str(exc.value.message)
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == tomorrow()


WRONG_ROLE = [
    (t.action, who)
    for t in USER_TRANSITIONS
    for who, role in (
        ("province", Role.PROVINCE),
        ("city_nj", Role.CITY),
        ("staff_a", Role.CENTER),
        ("cobuilder_d", Role.CO_BUILDER),
    )
    if role not in t.roles
]


@pytest.mark.parametrize(("action", "who"), WRONG_ROLE)
def test_wrong_role_is_refused_with_a_reason_naming_the_roles(
    world, action, who, django_capture_on_commit_callbacks
):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied) as exc:
        run(world, action, who=who)
    reason = str(exc.value.message)
    assert str(t.label) in reason
    for role in t.roles:
        assert str(Role(role).label) in reason
    _assert_untouched(world, t.sources[0], before, callbacks)


REVIEW_FORBIDDEN = [
    ("submit_rectification", "province", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("submit_rectification", "city_nj", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("submit_rectification", "cobuilder_d", "「提交整改报告」只能由创新中心/依托单位执行"),
    ("return_rectification", "staff_a", "「退回继续整改」只能由省科技厅执行"),
    ("return_rectification", "city_nj", "「退回继续整改」只能由省科技厅执行"),
    ("return_rectification", "cobuilder_d", "「退回继续整改」只能由省科技厅执行"),
]


def test_the_generic_role_test_covers_the_review_transitions():
    assert {(a, w) for a, w, _m in REVIEW_FORBIDDEN} <= set(WRONG_ROLE)


@pytest.mark.parametrize(("action", "who", "reason"), REVIEW_FORBIDDEN)
def test_review_transitions_refuse_other_roles_in_service_page_and_api(
    client, world, action, who, reason
):
    state = TRANSITIONS[action].sources[0]
    put(world.nj, state, rectification_deadline=tomorrow())
    with pytest.raises(PermissionDenied) as exc:
        run(world, action, who=who)
    assert str(exc.value.message) == reason
    login(client, world.users[who])
    data = {**valid_params(action), "comment": "x"}
    for response in (
        client.get(action_url(world.nj, action)),
        client.post(action_url(world.nj, action), data),
    ):
        assert response.status_code == 403
        assert reason in response.content.decode()
    api = api_post(client, world.nj, action)
    assert api.status_code == 403
    assert api.json()["detail"] == reason
    assert Center.objects.get(pk=world.nj.pk).status == state
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()


@pytest.mark.parametrize(
    ("action", "who"),
    [
        ("pass_acceptance", "city_nj"),
        ("submit_rectification", "city_nj"),
        ("submit_rectification", "province"),
        ("return_rectification", "staff_a"),
    ],
)
def test_wrong_role_is_refused_even_in_a_wrong_state(world, action, who):
    """Who may act does not depend on the state: a city officer gets 403, not 409, for an action
    only the province takes (pages and API answer alike)."""
    put(world.nj, S.OPERATING)
    with pytest.raises(PermissionDenied):
        run(world, action, who=who)


@pytest.mark.parametrize(
    ("action", "state", "reason"),
    [
        ("request_acceptance", S.CONSTRUCTING, "只有本中心（依托单位）的用户可以申请验收"),
        ("submit_rectification", S.RECTIFYING, "只有本中心（依托单位）的用户可以提交整改报告"),
    ],
)
def test_scope_refusal_names_its_reason(world, action, state, reason):
    """A center user of another host unit is refused by the scope predicate with its reason."""
    put(world.nj, state)
    decision = CENTER_WORKFLOW.permission(world.users["staff_b"], world.nj, TRANSITIONS[action])
    assert not decision
    assert decision.reason == reason
    assert CENTER_WORKFLOW.permission(world.users["staff_a"], world.nj, TRANSITIONS[action])


@pytest.mark.parametrize("who", ["staff_b", "staff_c"])
def test_staff_of_another_center_find_no_center_to_report_on(client, world, who):
    """Out of scope looks missing (404) in the service, on the page and in the API; the branch's
    staff do not see their headquarters."""
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    with pytest.raises(NotFound):
        run(world, "submit_rectification", who=who)
    login(client, world.users[who])
    assert client.get(action_url(world.nj, "submit_rectification")).status_code == 404
    post = client.post(action_url(world.nj, "submit_rectification"), {"report": REPORT})
    assert post.status_code == 404
    assert api_post(client, world.nj, "submit_rectification").status_code == 404
    assert Center.objects.get(pk=world.nj.pk).status == S.RECTIFYING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()


@pytest.mark.parametrize(
    ("action", "params", "fields"),
    [
        ("fail_acceptance", {}, {"rectification_deadline"}),
        ("order_rectification", {"rectification_deadline": "下个月"}, {"rectification_deadline"}),
        ("return_rectification", {}, {"rectification_deadline"}),
        ("return_rectification", {"rectification_deadline": "today+0"}, {"rectification_deadline"}),
        ("submit_rectification", {}, {"report"}),
        ("submit_rectification", {"report": " \n "}, {"report"}),
        ("submit_rectification", {"report": "长" * 5001}, {"report"}),
        ("submit_rectification", {"report": REPORT, "attachment": "a.pdf"}, {"attachment"}),
        ("remove", {}, {"reason"}),
        ("remove", {"reason": "dislike"}, {"reason"}),
        # The comment travels beside the parameters, not among them.
        ("remove", {"reason": "two_poor", "comment": "x"}, {"comment"}),
        ("revoke", {"reason": "two_poor"}, {"reason"}),
        ("pass_acceptance", {"status": "operating"}, {"status"}),
    ],
)
def test_missing_or_bad_parameters_are_refused(
    world, action, params, fields, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    before = audit_count()
    params = {
        k: day(int(v[len("today") :])).isoformat() if v.startswith("today") else v
        for k, v in params.items()
    }
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    assert set(exc.value.errors) == fields
    assert all(exc.value.errors[field] for field in fields)
    _assert_untouched(world, state, before, callbacks)


@pytest.mark.parametrize(
    ("action", "params", "name", "label"),
    [
        ("revoke", {"reason": "two_poor"}, "reason", "撤销"),
        (
            "submit_rectification",
            {"report": REPORT, "attachment": "a.pdf"},
            "attachment",
            "提交整改报告",
        ),
    ],
)
def test_an_unknown_parameter_is_a_field_error_naming_it(world, action, params, name, label):
    prepare(world.nj, action)
    with pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    assert exc.value.errors == {name: [f"「{label}」没有名为「{name}」的参数"]}


@pytest.mark.parametrize("action", [t.action for t in USER_TRANSITIONS if t.comment_required])
def test_comment_is_required_where_the_table_says_so(
    world, action, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, comment="  \n ")
    assert exc.value.errors == {"comment": ["请填写办理意见或理由"]}
    _assert_untouched(world, state, before, callbacks)


def test_the_new_review_decisions_need_a_comment():
    assert TRANSITIONS["return_rectification"].comment_required
    assert TRANSITIONS["pass_rectification"].comment_required
    assert not TRANSITIONS["submit_rectification"].comment_required


def test_overlong_comment_is_refused(world):
    put(world.nj, S.OPERATING)
    with pytest.raises(ValidationFailed) as exc:
        run(world, "revoke", comment="长" * 5001)
    assert "comment" in exc.value.errors
    assert run(world, "revoke", comment="长" * 5000).status == S.REVOKED


@pytest.mark.parametrize("action", DEADLINE_ACTIONS)
@pytest.mark.parametrize(
    ("offset", "ok"),
    [(-1, False), (0, False), (1, True), (MAX_RECTIFICATION_DAYS, True), (731, False)],
)
def test_rectification_deadline_is_a_field_error_unless_within_two_years(
    world, action, offset, ok, django_capture_on_commit_callbacks
):
    """The deadline parameter checks itself: after today, and at most today + 730 days."""
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    old_deadline = Center.objects.get(pk=world.nj.pk).rectification_deadline
    deadline = day(offset)
    params = {"rectification_deadline": deadline.isoformat()}
    before = audit_count()
    if ok:
        center = run(world, action, params=params)
        assert (center.status, center.rectification_deadline) == (S.RECTIFYING, deadline)
        return
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    if offset <= 0:
        expected = f"整改期限须晚于今天（{timezone.localdate()}）"
    else:
        expected = f"整改期限不能晚于 {day(MAX_RECTIFICATION_DAYS)}（两年内）"
    assert exc.value.errors == {"rectification_deadline": [expected]}
    _assert_untouched(world, state, before, callbacks)
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline == old_deadline


def test_unknown_action_is_not_found(world):
    with pytest.raises(NotFound):
        run(world, "promote")

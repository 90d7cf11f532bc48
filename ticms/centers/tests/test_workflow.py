"""The center lifecycle (第五、六、七、十三、二十五条): service, pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.centers import services
from ticms.centers.models import Center, CenterStatus
from ticms.centers.workflow import CENTER_WORKFLOW, CONSTRUCTION_YEARS
from ticms.common.audit import verify_chain
from ticms.common.exceptions import Conflict, GuardFailed, PermissionDenied, ValidationFailed
from ticms.common.models import AuditEvent, InboxItem
from ticms.testing import factories as f

from .conftest import action_buttons, login

pytestmark = pytest.mark.django_db

S = CenterStatus
TRANSITIONS = {t.action: t for t in CENTER_WORKFLOW.transitions}
ALL_STATES = [s.value for s in CenterStatus]


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def valid_params(action: str) -> dict:
    return {
        "approve_establishment": {
            "approval_doc_no": "苏科技〔2025〕12号",
            "approved_on": "2025-03-01",
        },
        "fail_acceptance": {"rectification_deadline": tomorrow().isoformat()},
        "order_rectification": {"rectification_deadline": tomorrow().isoformat()},
        "remove": {"reason": "two_poor"},
    }.get(action, {})


def actor_key(action: str) -> str:
    return "staff_a" if action == "request_acceptance" else "province"


def put(center: Center, status: str, **fields) -> Center:
    Center.objects.filter(pk=center.pk).update(status=status, **fields)
    center.refresh_from_db()
    return center


def run(world, action, *, who=None, params=None, comment="按规定办理", center=None):
    center = center or world.nj
    return services.center_transition(
        actor=world.users[who or actor_key(action)],
        center_id=center.pk,
        action=action,
        params=valid_params(action) if params is None else params,
        comment=comment,
    )


def audit_count() -> int:
    return AuditEvent.objects.count()


# --- the table itself ---------------------------------------------------------------------------


def test_table_covers_the_lifecycle():
    """Every active state can be left; removal and revocation are final (第七、二十五条)."""
    sources = {s for t in CENTER_WORKFLOW.transitions for s in t.sources}
    assert sources == {S.CULTIVATING, S.CONSTRUCTING, S.ACCEPTING, S.OPERATING, S.RECTIFYING}
    assert not (sources & {S.REMOVED, S.REVOKED})
    assert all(t.article.startswith("第") for t in CENTER_WORKFLOW.transitions)
    diagram = CENTER_WORKFLOW.mermaid()
    for t in CENTER_WORKFLOW.transitions:
        assert f"{t.action} ({t.article})" in diagram


# --- happy paths --------------------------------------------------------------------------------


HAPPY = [(t.action, source) for t in CENTER_WORKFLOW.transitions for source in t.sources]


@pytest.mark.parametrize(("action", "source"), HAPPY)
def test_every_transition_moves_the_center_and_audits_it(world, action, source):
    t = TRANSITIONS[action]
    put(world.nj, source, rectification_deadline=tomorrow() if source == S.RECTIFYING else None)
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


def test_approve_establishment_records_the_approval_and_a_five_year_construction_period(world):
    put(world.nj, S.CULTIVATING)
    center = run(
        world,
        "approve_establishment",
        params={"approval_doc_no": " 苏科技〔2025〕12号 ", "approved_on": "2025-03-01"},
    )
    assert center.status == S.CONSTRUCTING
    assert center.approval_doc_no == "苏科技〔2025〕12号"
    assert center.approved_on == dt.date(2025, 3, 1)
    assert center.construction_starts_on == dt.date(2025, 3, 1)
    # 第十三条第4项: five years, the last day being the day before the fifth anniversary.
    assert center.construction_ends_on == dt.date(2030, 2, 28)
    assert CONSTRUCTION_YEARS == 5


def test_approve_establishment_with_its_own_start_date(world):
    put(world.nj, S.CULTIVATING)
    center = run(
        world,
        "approve_establishment",
        params={
            "approval_doc_no": "苏科技〔2025〕12号",
            "approved_on": "2025-03-01",
            "construction_starts_on": "2025-07-01",
        },
    )
    assert center.construction_starts_on == dt.date(2025, 7, 1)
    assert center.construction_ends_on == dt.date(2030, 6, 30)


def test_construction_period_starting_on_29_february_is_not_a_day_short(world):
    """Five years from 2024-02-29 cover 2029-02-28 (民法典第二百零三条: 没有对应日的，月末日)."""
    put(world.nj, S.CULTIVATING)
    center = run(
        world,
        "approve_establishment",
        params={"approval_doc_no": "苏科技〔2024〕1号", "approved_on": "2024-02-29"},
    )
    assert center.construction_ends_on == dt.date(2029, 2, 28)


@pytest.mark.parametrize("action", ["fail_acceptance", "order_rectification"])
def test_rectification_sets_the_deadline_that_the_todo_carries(world, action):
    put(world.nj, TRANSITIONS[action].sources[0])
    deadline = timezone.localdate() + dt.timedelta(days=90)
    center = run(world, action, params={"rectification_deadline": deadline.isoformat()})
    assert center.status == S.RECTIFYING
    assert center.rectification_deadline == deadline
    assert center.due_on == deadline


@pytest.mark.parametrize("action", ["pass_rectification", "remove", "revoke"])
def test_leaving_rectification_clears_the_deadline(world, action):
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    center = run(world, action)
    assert center.rectification_deadline is None
    assert center.due_on is None


def test_headquarters_staff_may_request_acceptance_of_their_branch(world):
    center = run(world, "request_acceptance", who="staff_a", center=world.branch)
    assert center.status == S.ACCEPTING
    center = run(
        world, "pass_acceptance", who="province", center=world.branch, params={}, comment=""
    )
    assert center.status == S.OPERATING


def test_optional_comment_may_be_empty(world):
    put(world.nj, S.ACCEPTING)
    center = run(world, "pass_acceptance", comment="   ")
    assert center.status == S.OPERATING
    assert AuditEvent.objects.order_by("-seq").first().comment == ""


# --- refusals: nothing is half-saved ------------------------------------------------------------


def _assert_untouched(world, status, audits_before, callbacks):
    assert Center.objects.get(pk=world.nj.pk).status == status
    assert audit_count() == audits_before
    assert callbacks == []


WRONG_STATE = [
    (t.action, state)
    for t in CENTER_WORKFLOW.transitions
    for state in ALL_STATES
    if state not in t.sources
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


WRONG_ROLE = [
    (t.action, who)
    for t in CENTER_WORKFLOW.transitions
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
    put(world.nj, t.sources[0])
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied) as exc:
        run(world, action, who=who)
    reason = str(exc.value.message)
    assert str(t.label) in reason
    for role in t.roles:
        assert str(Role(role).label) in reason
    _assert_untouched(world, t.sources[0], before, callbacks)


def test_wrong_role_is_refused_even_in_a_wrong_state(world):
    """Who may act does not depend on the state: a city officer gets 403, not 409, for an action
    only the province takes (pages and API answer alike)."""
    put(world.nj, S.OPERATING)
    with pytest.raises(PermissionDenied):
        run(world, "pass_acceptance", who="city_nj")


def test_scope_refusal_names_its_reason(world):
    """A center user of another host unit is refused by the scope predicate with its reason."""
    put(world.nj, S.CONSTRUCTING)
    decision = CENTER_WORKFLOW.permission(
        world.users["staff_b"], world.nj, TRANSITIONS["request_acceptance"]
    )
    assert not decision
    assert decision.reason == "只有本中心（依托单位）的用户可以申请验收"


@pytest.mark.parametrize(
    ("action", "params", "fields"),
    [
        ("approve_establishment", {}, {"approval_doc_no", "approved_on"}),
        (
            "approve_establishment",
            {"approval_doc_no": "  ", "approved_on": "2025-03-01"},
            {"approval_doc_no"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x", "approved_on": "2025-02-30"},
            {"approved_on"},
        ),
        (
            "approve_establishment",
            {"approval_doc_no": "x" * 201, "approved_on": "2025-03-01"},
            {"approval_doc_no"},
        ),
        ("fail_acceptance", {}, {"rectification_deadline"}),
        ("order_rectification", {"rectification_deadline": "下个月"}, {"rectification_deadline"}),
        ("remove", {}, {"reason"}),
        ("remove", {"reason": "dislike"}, {"reason"}),
    ],
)
def test_missing_or_bad_parameters_are_refused(
    world, action, params, fields, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    put(world.nj, state)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, params=params)
    assert set(exc.value.errors) == fields
    assert all(exc.value.errors[field] for field in fields)
    _assert_untouched(world, state, before, callbacks)


@pytest.mark.parametrize(
    "action", [t.action for t in CENTER_WORKFLOW.transitions if t.comment_required]
)
def test_comment_is_required_where_the_table_says_so(
    world, action, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    put(world.nj, state)
    before = audit_count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        run(world, action, comment="  \n ")
    assert exc.value.errors == {"comment": ["请填写办理意见或理由"]}
    _assert_untouched(world, state, before, callbacks)


def test_overlong_comment_is_refused(world):
    put(world.nj, S.OPERATING)
    with pytest.raises(ValidationFailed) as exc:
        run(world, "revoke", comment="长" * 5001)
    assert "comment" in exc.value.errors
    assert run(world, "revoke", comment="长" * 5000).status == S.REVOKED


@pytest.mark.parametrize("action", ["fail_acceptance", "order_rectification"])
@pytest.mark.parametrize(("offset", "ok"), [(-1, False), (0, False), (1, True)])
def test_rectification_deadline_must_be_after_today(
    world, action, offset, ok, django_capture_on_commit_callbacks
):
    state = TRANSITIONS[action].sources[0]
    put(world.nj, state)
    deadline = timezone.localdate() + dt.timedelta(days=offset)
    before = audit_count()
    params = {"rectification_deadline": deadline.isoformat()}
    if ok:
        assert run(world, action, params=params).rectification_deadline == deadline
        return
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed) as exc:
        run(world, action, params=params)
    assert "整改期限须晚于今天" in str(exc.value)
    _assert_untouched(world, state, before, callbacks)
    assert Center.objects.get(pk=world.nj.pk).rectification_deadline is None


def test_unknown_action_is_not_found(world):
    from ticms.common.exceptions import NotFound

    with pytest.raises(NotFound):
        run(world, "promote")


# --- the detail page offers exactly the actions the table allows ------------------------------

PROVINCE_BUTTONS = {
    S.CULTIVATING: {"approve_establishment", "revoke"},
    S.CONSTRUCTING: {"revoke"},
    S.ACCEPTING: {"pass_acceptance", "fail_acceptance", "revoke"},
    S.OPERATING: {"order_rectification", "remove", "revoke"},
    S.RECTIFYING: {"pass_rectification", "remove", "revoke"},
    S.REMOVED: set(),
    S.REVOKED: set(),
}


def expected_buttons(who: str, state: str) -> set[str]:
    if who == "province":
        return PROVINCE_BUTTONS[state]
    if who == "staff_a" and state == S.CONSTRUCTING:
        return {"request_acceptance"}
    return set()


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("who", ["province", "city_nj", "staff_a", "cobuilder_d"])
def test_detail_page_shows_exactly_the_available_actions(client, world, who, state):
    put(world.nj, state)
    user = world.users[who]
    available = {t.action for t in CENTER_WORKFLOW.available(user, world.nj)}
    assert available == expected_buttons(who, state)
    response = login(client, user).get(f"/centers/{world.nj.pk}/")
    assert response.status_code == 200
    assert action_buttons(response, world.nj.pk) == available
    editable = who != "cobuilder_d" and state not in (S.REMOVED, S.REVOKED)
    assert (f'href="/centers/{world.nj.pk}/edit/"' in response.content.decode()) == editable
    api = client.get(f"/api/v1/centers/{world.nj.pk}")
    assert {a["action"] for a in api.json()["actions"]} == available


def test_detail_page_shows_the_history_with_articles(client, world):
    put(world.nj, S.OPERATING)
    run(world, "order_rectification", comment="评估结果为较差")
    response = login(client, world.users["city_nj"]).get(f"/centers/{world.nj.pk}/")
    html = response.content.decode()
    assert "评估结果为较差" in html
    assert "依据第二十五条" in html
    assert "限期整改中，整改期限" in html


# --- through the pages ----------------------------------------------------------------------------


def action_url(center, action):
    return f"/centers/{center.pk}/actions/{action}/"


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_action_page_happy_path(client, world, action, django_capture_on_commit_callbacks):
    t = TRANSITIONS[action]
    put(world.nj, t.sources[0])
    login(client, world.users[actor_key(action)])
    form_page = client.get(action_url(world.nj, action))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert t.article in html
    for param in t.params:
        assert f'name="{param.name}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action_url(world.nj, action), {**valid_params(action), "comment": "同意"}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{world.nj.pk}/"
    assert Center.objects.get(pk=world.nj.pk).status == t.target
    event = AuditEvent.objects.get(action=f"center.{action}")
    assert (event.article, event.after["status"]) == (t.article, t.target)
    assert event.comment == "同意"
    followed = client.get(response["Location"])
    assert f"已办理：{t.label}" in followed.content.decode()


def test_action_without_parameters_or_comment_can_be_posted_empty(client, world):
    put(world.nj, S.ACCEPTING)
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "pass_acceptance"), {}
    )
    assert response.status_code == 302
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_action_page_in_wrong_state_is_409(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])
    for response in (
        client.get(action_url(world.nj, "pass_acceptance")),
        client.post(action_url(world.nj, "pass_acceptance"), {"comment": "x"}),
    ):
        assert response.status_code == 409
        assert "当前状态为「运行中」，不能执行「验收通过」" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_action_page_for_the_wrong_role_is_403_with_its_reason(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["city_nj"])
    for response in (
        client.get(action_url(world.nj, "revoke")),
        client.post(action_url(world.nj, "revoke"), {"comment": "x"}),
    ):
        assert response.status_code == 403
        assert "「撤销」只能由省科技厅执行" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_unknown_action_page_is_404(client, world):
    login(client, world.users["province"])
    assert client.get(action_url(world.nj, "promote")).status_code == 404


@pytest.mark.parametrize(
    ("action", "state", "data", "message"),
    [
        ("revoke", S.OPERATING, {"comment": ""}, "办理意见"),
        ("remove", S.OPERATING, {"reason": "dislike", "comment": "x"}, "原因"),
        ("remove", S.OPERATING, {"comment": "x"}, "原因"),
        ("approve_establishment", S.CULTIVATING, {"approved_on": "2025-13-01"}, "批准日期"),
        ("approve_establishment", S.CULTIVATING, {"approved_on": "2025-03-01"}, "批准组建文号"),
    ],
)
def test_action_form_shows_an_error_summary_and_saves_nothing(
    client, world, action, state, data, message
):
    put(world.nj, state)
    before = audit_count()
    response = login(client, world.users["province"]).post(action_url(world.nj, action), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger error-summary"' in html
    assert message in html.split('id="error-summary"')[1].split("</div>")[0]
    assert Center.objects.get(pk=world.nj.pk).status == state
    assert audit_count() == before


def test_deadline_guard_on_the_page_keeps_the_form_and_explains(client, world):
    """A refused deadline is shown on the form (the typed comment is kept), nothing saved."""
    put(world.nj, S.OPERATING)
    before = audit_count()
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "order_rectification"),
        {"rectification_deadline": timezone.localdate().isoformat(), "comment": "整改意见全文"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert "整改期限须晚于今天" in html
    assert "整改意见全文" in html
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING
    assert audit_count() == before


# --- through the API ------------------------------------------------------------------------------


def api_post(client, center, action, params=None, comment="同意"):
    return client.post(
        f"/api/v1/centers/{center.pk}/transitions/{action}",
        {"params": valid_params(action) if params is None else params, "comment": comment},
        content_type="application/json",
    )


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_api_transition_happy_path(client, world, action):
    t = TRANSITIONS[action]
    put(world.nj, t.sources[0])
    response = api_post(login(client, world.users[actor_key(action)]), world.nj, action)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == t.target
    event = AuditEvent.objects.get(action=f"center.{action}")
    assert (event.article, event.after["status"]) == (t.article, t.target)
    assert body["id"] == world.nj.pk
    expected = {
        a.action
        for a in CENTER_WORKFLOW.available(
            world.users[actor_key(action)], Center.objects.get(pk=world.nj.pk)
        )
    }
    assert {a["action"] for a in body["actions"]} == expected


def test_api_refusals(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])

    conflict = api_post(client, world.nj, "pass_acceptance")
    assert conflict.status_code == 409
    assert "当前状态为「运行中」" in conflict.json()["detail"]

    missing = api_post(client, world.nj, "remove", params={})
    assert missing.status_code == 422
    assert [d["field"] for d in missing.json()["detail"]] == ["reason"]

    bad_choice = api_post(client, world.nj, "remove", params={"reason": "dislike"})
    assert bad_choice.status_code == 422

    no_comment = api_post(client, world.nj, "revoke", comment="")
    assert no_comment.status_code == 422
    assert no_comment.json()["detail"][0]["field"] == "comment"

    bad_date = api_post(
        client, world.nj, "order_rectification", params={"rectification_deadline": "2025/01/01"}
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["rectification_deadline"]

    guard = api_post(
        client,
        world.nj,
        "order_rectification",
        params={"rectification_deadline": timezone.localdate().isoformat()},
    )
    assert guard.status_code == 409
    assert "整改期限须晚于今天" in guard.json()["detail"]

    unknown = api_post(client, world.nj, "promote")
    assert unknown.status_code == 404

    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING
    assert not AuditEvent.objects.filter(action__startswith="center.").exists()

    client.logout()
    login(client, world.users["city_nj"])
    forbidden = api_post(client, world.nj, "revoke")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "「撤销」只能由省科技厅执行"


# --- inbox: todos for the next actor, notices for the city --------------------------------------


def test_request_acceptance_creates_todos_for_the_province_and_notices_for_the_city(
    world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    second = f.province_user(username="province2")
    f.province_user(username="retired", is_active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(world, "request_acceptance")
        # Nothing is sent before the transaction commits.
        assert not InboxItem.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()

    todos = InboxItem.objects.filter(kind=InboxItem.Kind.TODO)
    assert {t.recipient.username for t in todos} == {"province", second.username}
    for todo in todos:
        assert todo.object_type == "centers.center"
        assert todo.object_id == str(world.nj.pk)
        assert todo.object_state == S.ACCEPTING
        assert todo.url == f"/centers/{world.nj.pk}/"
        assert todo.article == "第七条第3项"
        assert todo.done_at is None
    notices = InboxItem.objects.filter(kind=InboxItem.Kind.NOTICE)
    assert {n.recipient.username for n in notices} == {"city_nj"}
    assert "验收中" in notices.get().body


def test_todos_close_when_the_center_moves_on(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    assert InboxItem.objects.filter(kind="todo", done_at__isnull=True).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_acceptance")
    assert not InboxItem.objects.filter(kind="todo", done_at__isnull=True).exists()
    latest = InboxItem.objects.filter(kind="notice", title__contains="验收通过")
    # City officers and the center's staff are told; the acting province officer is not.
    assert {n.recipient.username for n in latest} == {"city_nj", "staff_a"}


def test_rectification_todo_goes_to_the_center_staff_with_the_deadline(
    world, django_capture_on_commit_callbacks
):
    put(world.nj, S.OPERATING)
    deadline = timezone.localdate() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "order_rectification", params={"rectification_deadline": deadline.isoformat()})
    todo = InboxItem.objects.get(kind="todo")
    assert todo.recipient == world.users["staff_a"]
    assert todo.due_on == deadline
    assert todo.object_state == S.RECTIFYING
    # The branch's staff (another host unit) and the 苏州 city are not involved.
    assert not InboxItem.objects.filter(
        recipient__in=[world.users["staff_c"], world.users["city_sz"]]
    ).exists()

    with django_capture_on_commit_callbacks(execute=True):
        run(world, "pass_rectification")
    todo.refresh_from_db()
    assert todo.done_at is not None


def test_refused_transition_tells_nobody(world, django_capture_on_commit_callbacks):
    put(world.nj, S.CONSTRUCTING)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        run(world, "request_acceptance", who="cobuilder_d")
    assert callbacks == []
    assert not InboxItem.objects.exists()


def test_another_users_inbox_item_cannot_be_marked_read(
    client, world, django_capture_on_commit_callbacks
):
    put(world.nj, S.CONSTRUCTING)
    with django_capture_on_commit_callbacks(execute=True):
        run(world, "request_acceptance")
    notice = InboxItem.objects.get(recipient=world.users["city_nj"])

    login(client, world.users["city_sz"])
    assert client.post(f"/workbench/inbox/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None

    client.logout()
    login(client, world.users["city_nj"])
    response = client.post(f"/workbench/inbox/{notice.pk}/read/", {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/centers/{world.nj.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None

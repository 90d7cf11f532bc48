"""The center lifecycle through the pages: the detail page offers exactly the actions the table
allows this user (the branch's report to its staff too) with the history and its articles; the
action pages save, refuse with the right status, and show an error summary saving nothing."""

from __future__ import annotations

import pytest

from ticms.centers.models import Center
from ticms.centers.workflow import (
    CENTER_WORKFLOW,
)
from ticms.common.models import AuditEvent

from .conftest import action_buttons, login
from .lifecycle_helpers import (
    ALL_STATES,
    RECTIFICATION_STATES,
    REPORT,
    TRANSITIONS,
    USER_TRANSITIONS,
    S,
    action_url,
    actor_key,
    audit_count,
    day,
    prepare,
    put,
    run,
    tomorrow,
    valid_params,
)

pytestmark = pytest.mark.django_db


PROVINCE_BUTTONS = {
    S.CULTIVATING: {"revoke"},
    S.CONSTRUCTING: {"revoke"},
    # The acceptance's own page concludes it (evaluation), taking the center with it.
    S.ACCEPTING: {"revoke"},
    S.OPERATING: {"order_rectification", "remove", "revoke"},
    S.RECTIFYING: {"remove", "revoke"},
    S.RECTIFICATION_REVIEW: {"return_rectification", "pass_rectification", "remove", "revoke"},
    S.REMOVED: set(),
    S.REVOKED: set(),
}


STAFF_BUTTONS = {S.RECTIFYING: {"submit_rectification"}}


def expected_buttons(who: str, state: str) -> set[str]:
    if who == "province":
        return PROVINCE_BUTTONS[state]
    if who == "staff_a":
        return STAFF_BUTTONS.get(state, set())
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
    assert str(CENTER_WORKFLOW.states[state]) in response.content.decode()
    # Once approved, only the province edits the record directly (第二十三条 for the others).
    editable = state not in (S.REMOVED, S.REVOKED) and (
        who == "province" or (who != "cobuilder_d" and state == S.CULTIVATING)
    )
    assert (f'href="/centers/{world.nj.pk}/edit/"' in response.content.decode()) == editable
    api = client.get(f"/api/v1/centers/{world.nj.pk}")
    assert {a["action"] for a in api.json()["actions"]} == available


@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("staff_c", S.RECTIFYING, {"submit_rectification"}),
        ("staff_a", S.RECTIFYING, {"submit_rectification"}),
        ("city_sz", S.RECTIFYING, set()),
        ("staff_c", S.RECTIFICATION_REVIEW, set()),
        ("province", S.RECTIFICATION_REVIEW, PROVINCE_BUTTONS[S.RECTIFICATION_REVIEW]),
    ],
)
def test_branch_detail_page_offers_the_report_to_its_staff(client, world, who, state, expected):
    put(world.branch, state, rectification_deadline=tomorrow())
    response = login(client, world.users[who]).get(f"/centers/{world.branch.pk}/")
    assert response.status_code == 200
    assert action_buttons(response, world.branch.pk) == expected


def test_detail_page_shows_the_history_with_articles(client, world):
    put(world.nj, S.OPERATING)
    run(world, "order_rectification", comment="评估结果为较差")
    response = login(client, world.users["city_nj"]).get(f"/centers/{world.nj.pk}/")
    html = response.content.decode()
    assert "评估结果为较差" in html
    assert "依据第二十五条" in html
    assert "限期整改中，整改期限" in html


@pytest.mark.parametrize("action", [t.action for t in USER_TRANSITIONS])
def test_action_page_happy_path(client, world, action, django_capture_on_commit_callbacks):
    t = TRANSITIONS[action]
    prepare(world.nj, action)
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


def test_report_page_has_a_textarea_and_saves_the_report(client, world):
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    login(client, world.users["staff_a"])
    html = client.get(action_url(world.nj, "submit_rectification")).content.decode()
    assert '<textarea name="report"' in html
    assert "逐项说明整改措施、完成情况和取得的成效" in html
    response = client.post(action_url(world.nj, "submit_rectification"), {"report": REPORT})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="center.submit_rectification")
    assert event.after["params"] == {"report": REPORT}


def test_the_acceptance_is_not_concluded_on_the_center_page(client, world):
    put(world.nj, S.ACCEPTING)
    response = login(client, world.users["province"]).post(
        action_url(world.nj, "pass_acceptance"), {}
    )
    assert response.status_code == 403
    assert "只能随「作出验收结论」一并办理" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.ACCEPTING


def test_action_page_in_wrong_state_is_409(client, world):
    put(world.nj, S.OPERATING)
    login(client, world.users["province"])
    for response in (
        client.get(action_url(world.nj, "pass_rectification")),
        client.post(action_url(world.nj, "pass_rectification"), {"comment": "x"}),
    ):
        assert response.status_code == 409
        assert "当前状态为「运行中」，不能执行「整改通过」" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.OPERATING


def test_pass_rectification_page_without_a_report_is_409(client, world):
    put(world.nj, S.RECTIFYING, rectification_deadline=tomorrow())
    login(client, world.users["province"])
    response = client.post(action_url(world.nj, "pass_rectification"), {"comment": "已整改"})
    assert response.status_code == 409
    assert "当前状态为「限期整改」，不能执行「整改通过」" in response.content.decode()
    assert Center.objects.get(pk=world.nj.pk).status == S.RECTIFYING


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


def error_summary(html: str) -> str:
    return html.split('id="error-summary"')[1].split("</div>")[0]


def field_error(html: str, name: str) -> str:
    marker = f'id="{name}-error">'
    assert marker in html, f"no error shown on {name}"
    return html.split(marker)[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("action", "state", "who", "data", "message"),
    [
        ("revoke", S.OPERATING, "province", {"comment": ""}, "办理意见"),
        ("remove", S.OPERATING, "province", {"reason": "dislike", "comment": "x"}, "原因"),
        ("remove", S.OPERATING, "province", {"comment": "x"}, "原因"),
        ("submit_rectification", S.RECTIFYING, "staff_a", {"report": "  "}, "整改情况报告"),
        ("return_rectification", S.RECTIFICATION_REVIEW, "province", {"comment": "x"}, "整改期限"),
    ],
)
def test_action_form_shows_an_error_summary_and_saves_nothing(
    client, world, action, state, who, data, message
):
    put(
        world.nj,
        state,
        rectification_deadline=tomorrow() if state in RECTIFICATION_STATES else None,
    )
    before = audit_count()
    response = login(client, world.users[who]).post(action_url(world.nj, action), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger error-summary"' in html
    assert message in error_summary(html)
    assert Center.objects.get(pk=world.nj.pk).status == state
    assert audit_count() == before


@pytest.mark.parametrize(
    ("action", "offset", "message"),
    [
        ("order_rectification", 0, "整改期限须晚于今天"),
        ("order_rectification", 731, "整改期限不能晚于"),
        ("return_rectification", -1, "整改期限须晚于今天"),
    ],
)
def test_refused_deadline_on_the_page_is_shown_on_its_field_and_keeps_the_form(
    client, world, action, offset, message
):
    """A refused deadline is a field error (the typed comment is kept), nothing saved."""
    state = TRANSITIONS[action].sources[0]
    prepare(world.nj, action)
    old_deadline = Center.objects.get(pk=world.nj.pk).rectification_deadline
    before = audit_count()
    response = login(client, world.users["province"]).post(
        action_url(world.nj, action),
        {"rectification_deadline": day(offset).isoformat(), "comment": "整改意见全文"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_error(html, "rectification_deadline")
    assert 'href="#id_rectification_deadline"' in error_summary(html)
    assert "整改意见全文" in html
    center = Center.objects.get(pk=world.nj.pk)
    assert (center.status, center.rectification_deadline) == (state, old_deadline)
    assert audit_count() == before

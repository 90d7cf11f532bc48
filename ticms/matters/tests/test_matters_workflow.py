"""The major-matter lifecycles (第二十三条): every transition by role and state, and the
workbench to-dos and notices of each step."""

from __future__ import annotations

import pytest

from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.inbox import notices, open_todos
from ticms.common.models import AuditEvent
from ticms.matters.models import ChangeStatus as C
from ticms.matters.models import MajorMatterStatus as M
from ticms.matters.workflow import CHANGE_REQUEST_WORKFLOW, MAJOR_MATTER_WORKFLOW

from .matters_helpers import act, change, matter, to_province

pytestmark = pytest.mark.django_db

ROLES = ("province", "city_nj", "staff_nj", "cobuilder")
MATTER_TABLE = {
    "submit": ((M.DRAFT, M.RETURNED), M.SUBMITTED, "staff_nj"),
    "return_to_center": ((M.SUBMITTED,), M.RETURNED, "province"),
    "file": ((M.SUBMITTED,), M.FILED, "province"),
}
CHANGE_TABLE = {
    "submit": ((C.DRAFT, C.RETURNED), C.SUBMITTED, "staff_nj"),
    "withdraw": ((C.DRAFT, C.SUBMITTED, C.RETURNED), C.WITHDRAWN, "staff_nj"),
    "return_to_center": ((C.SUBMITTED,), C.RETURNED, "city_nj"),
    "city_review": ((C.SUBMITTED,), C.CITY_REVIEWED, "city_nj"),
    "approve": ((C.CITY_REVIEWED,), C.APPROVED, "province"),
    "refuse": ((C.CITY_REVIEWED,), C.REFUSED, "province"),
}
PARAMS = {"city_review": {"opinion": "同意"}}


def test_tables_cite_their_articles():
    assert {t.action for t in MAJOR_MATTER_WORKFLOW.transitions} == set(MATTER_TABLE)
    assert {t.action for t in CHANGE_REQUEST_WORKFLOW.transitions} == set(CHANGE_TABLE)
    for t in [*MAJOR_MATTER_WORKFLOW.transitions, *CHANGE_REQUEST_WORKFLOW.transitions]:
        assert "第二十三条" in t.article
    assert "第八条第3项" in CHANGE_REQUEST_WORKFLOW.get("city_review").article
    assert "第七条第2项" in CHANGE_REQUEST_WORKFLOW.get("approve").article


def _expected(state, user, allowed, sources, draft_states):
    # A draft is the center's own and co-builders see no major matters; beyond that, who
    # acts comes before the state.
    if user == "cobuilder" or (state in draft_states and user != "staff_nj"):
        return NotFound
    if user != allowed:
        return PermissionDenied
    return Conflict


@pytest.mark.parametrize("action", list(MATTER_TABLE))
@pytest.mark.parametrize("state", list(M))
def test_each_matter_transition_by_role_and_state(world, action, state):
    sources, target, allowed = MATTER_TABLE[action]
    report = matter(world)
    report.status = state
    report.save()
    for user in ROLES:
        if user == allowed and state in sources:
            continue
        with pytest.raises(_expected(state, user, allowed, sources, (M.DRAFT,))):
            act(world, user, report, action, comment="意见")
    report.refresh_from_db()
    assert report.status == state
    if state in sources:
        report = act(world, allowed, report, action, comment="意见")
        assert report.status == target
        event = AuditEvent.objects.get(action=f"major_matter.{action}")
        assert event.after["status"] == target and "第二十三条" in event.article


@pytest.mark.parametrize("action", list(CHANGE_TABLE))
@pytest.mark.parametrize("state", list(C))
def test_each_change_transition_by_role_and_state(world, action, state):
    sources, target, allowed = CHANGE_TABLE[action]
    request = change(world, "research_direction")
    request.status = state
    request.save()
    hidden = (C.DRAFT, C.WITHDRAWN)  # withdrawn before submission never reached the city
    for user in ROLES:
        if user == allowed and state in sources:
            continue
        with pytest.raises(_expected(state, user, allowed, sources, hidden)):
            act(world, user, request, action, comment="意见", params=PARAMS.get(action))
    request.refresh_from_db()
    assert request.status == state
    if state in sources:
        request = act(world, allowed, request, action, comment="意见", params=PARAMS.get(action))
        assert request.status == target
        event = AuditEvent.objects.get(action=f"change_request.{action}")
        assert event.after["status"] == target


def test_matter_goes_to_the_province_and_the_city_is_told(
    world, django_capture_on_commit_callbacks
):
    province, city, staff = (world.users[u] for u in ("province", "city_nj", "staff_nj"))
    report = matter(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = act(world, "staff_nj", report, "submit")
    assert report.submitted_at is not None
    assert open_todos(province).filter(object_id=str(report.pk)).count() == 1
    assert not open_todos(city).exists()
    assert notices(city).filter(object_id=str(report.pk)).exists()
    assert not notices(world.users["city_sz"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "province", report, "return_to_center", comment="请补充经济效益数据")
    assert open_todos(staff).filter(object_id=str(report.pk)).count() == 1
    assert not open_todos(province).exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", report, "submit")
        report = act(world, "province", report, "file")
    assert report.status == M.FILED and report.filed_at is not None
    assert not open_todos(province).exists() and not open_todos(staff).exists()
    assert notices(staff).filter(object_id=str(report.pk)).exists()


def test_matter_submit_needs_content(world):
    report = matter(world, body="", occurred_on=None)
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", report, "submit")
    text = "；".join(exc.value.problems)
    assert "事项内容" in text and "发生日期" in text
    report = matter(world)
    act(world, "staff_nj", report, "submit")
    with pytest.raises(ValidationFailed):
        act(world, "province", report, "return_to_center")


def test_change_request_path_with_todos_and_notices(world, django_capture_on_commit_callbacks):
    province, city, staff = (world.users[u] for u in ("province", "city_nj", "staff_nj"))
    request = change(world, "development_goals")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", request, "submit")
    assert open_todos(city).filter(object_id=str(request.pk)).count() == 1
    assert not open_todos(world.users["city_sz"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "city_nj", request, "return_to_center", comment="请附理事会决议")
    assert open_todos(staff).filter(object_id=str(request.pk)).count() == 1
    assert not open_todos(city).exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", request, "submit")
        request = act(world, "city_nj", request, "city_review", params={"opinion": "同意调整"})
    assert request.city_opinion == "同意调整"
    todo = open_todos(province).get(object_id=str(request.pk))
    assert todo.article == "第七条第2项"
    assert notices(staff).filter(object_id=str(request.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        request = act(world, "province", request, "refuse", comment="调整依据不足")
    assert request.status == C.REFUSED and request.decided_at is not None
    assert not open_todos(province).exists()
    assert notices(city).filter(object_id=str(request.pk)).exists()
    world.nj.refresh_from_db()
    assert world.nj.development_goals == ""


def test_city_review_needs_an_opinion_and_refusal_a_reason(world):
    request = change(world, "organisation_structure")
    act(world, "staff_nj", request, "submit")
    with pytest.raises(ValidationFailed) as exc:
        act(world, "city_nj", request, "city_review")
    assert "审核意见" in str(exc.value.errors["opinion"][0])
    act(world, "city_nj", request, "city_review", params={"opinion": "同意"})
    with pytest.raises(ValidationFailed):
        act(world, "province", request, "refuse")
    request.refresh_from_db()
    assert request.status == C.CITY_REVIEWED


def test_withdrawal_tells_the_city_only_when_it_had_the_request(
    world, django_capture_on_commit_callbacks
):
    city = world.users["city_nj"]
    draft = change(world, "research_direction")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", draft, "withdraw")
    assert not notices(city).exists()
    submitted = change(world, "research_direction")
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", submitted, "submit")
        act(world, "staff_nj", submitted, "withdraw")
    assert notices(city).filter(object_id=str(submitted.pk)).exists()
    assert not open_todos(city).exists()


def test_another_citys_officer_and_another_centers_staff_get_not_found(world):
    request = to_province(world, change(world, "research_direction"))
    for user, action in (("city_sz", "return_to_center"), ("staff_sz", "withdraw")):
        with pytest.raises(NotFound):
            act(world, user, request, action, comment="x")
    report = matter(world)
    act(world, "staff_nj", report, "submit")
    with pytest.raises(NotFound):
        act(world, "city_sz", report, "file")
    with pytest.raises(PermissionDenied):
        act(world, "city_nj", report, "file")

"""The annual report lifecycle (第二十二条): every transition by role and state."""

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
from ticms.reporting import checks, services
from ticms.reporting.models import AnnualReportStatus as S
from ticms.reporting.workflow import ANNUAL_REPORT_WORKFLOW

from .conftest import filled_report, full_figures

pytestmark = pytest.mark.django_db

ROLES = ("province", "city_nj", "staff_nj", "cobuilder")
# action -> (source states, target, the one user who may take it)
TABLE = {
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED, "staff_nj"),
    "return_to_center": ((S.SUBMITTED,), S.RETURNED, "city_nj"),
    "approve": ((S.SUBMITTED,), S.APPROVED, "city_nj"),
    "file": ((S.APPROVED,), S.FILED, "province"),
}


def act(world, user, report, action, comment=""):
    return services.annual_report_transition(
        actor=world.users[user], report_id=report.pk, action=action, comment=comment
    )


def in_state(world, state):
    report = filled_report(world)
    report.status = state
    report.save()
    return report


def test_table_cites_article_22_throughout():
    assert {t.action for t in ANNUAL_REPORT_WORKFLOW.transitions} == set(TABLE)
    assert {t.article for t in ANNUAL_REPORT_WORKFLOW.transitions} == {"第二十二条"}


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("state", list(S))
def test_each_transition_by_role_and_state(world, action, state):
    sources, target, allowed = TABLE[action]
    report = in_state(world, state)
    for user in ROLES:
        if user == allowed and state in sources:
            continue
        # A draft is the center's own; beyond that, who acts comes before the state.
        if state == S.DRAFT and user != "staff_nj":
            expected = NotFound
        elif user != allowed:
            expected = PermissionDenied
        else:
            expected = Conflict
        with pytest.raises(expected):
            act(world, user, report, action, comment="意见")
    report.refresh_from_db()
    assert report.status == state
    if state in sources:
        report = act(world, allowed, report, action, comment="意见")
        assert report.status == target
        event = AuditEvent.objects.get(action=f"annual_report.{action}")
        assert event.after["status"] == target and event.article == "第二十二条"


def test_the_whole_path_with_todos_and_notices(world, django_capture_on_commit_callbacks):
    staff, city, province = (world.users[u] for u in ("staff_nj", "city_nj", "province"))
    report = filled_report(world)
    with django_capture_on_commit_callbacks(execute=True):
        report = act(world, "staff_nj", report, "submit")
    assert report.submitted_at is not None
    assert open_todos(city).filter(object_id=str(report.pk)).count() == 1
    assert not open_todos(world.users["city_sz"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "city_nj", report, "return_to_center", comment="补充项目经费说明")
    assert not open_todos(city).exists()
    assert open_todos(staff).filter(object_id=str(report.pk)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        act(world, "staff_nj", report, "submit")
        act(world, "city_nj", report, "approve")
    assert open_todos(province).filter(object_id=str(report.pk)).count() == 1
    assert notices(staff).exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = act(world, "province", report, "file")
    assert report.status == S.FILED
    assert not open_todos(province).exists()
    assert notices(city).filter(object_id=str(report.pk)).exists()


def test_return_needs_a_comment(world):
    report = in_state(world, S.SUBMITTED)
    with pytest.raises(ValidationFailed):
        act(world, "city_nj", report, "return_to_center")


def test_submit_refused_while_incomplete(world):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=2024
    )
    services.annual_report_save(
        actor=world.users["staff_nj"], report_id=report.pk, figures={"income": {"total": "1"}}
    )
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", report, "submit")
    text = "；".join(str(p) for p in exc.value.problems)
    assert "项统计数据未填写" in text and "建设任务实施进展" in text
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_submit_refused_on_an_error_already_stored(world):
    # Stored before a rule tightened (or imported): the guard re-checks, it does not trust.
    report = filled_report(world)
    report.figures["ip"]["standards_national"] = 5
    report.save()
    with pytest.raises(GuardFailed) as exc:
        act(world, "staff_nj", report, "submit")
    assert any("第二十二条" in str(p) and "5" in str(p) for p in exc.value.problems)


def test_warnings_do_not_block_submission(world):
    world.nj.construction_ends_on = world.nj.construction_ends_on.replace(year=2023)
    world.nj.save()
    figures = full_figures()
    figures["income"].update(government_funding="8000", contract_rd="1", tech_transfer="0",
                             tech_services="0", other_market="0")  # fmt: skip
    report = filled_report(world, figures=figures)
    assert [x.id for x in checks.report_findings(report)] == ["income.market_share"]
    assert act(world, "staff_nj", report, "submit").status == S.SUBMITTED


def test_another_citys_officer_gets_not_found(world):
    report = in_state(world, S.SUBMITTED)
    for action in ("approve", "return_to_center"):
        with pytest.raises(NotFound):
            act(world, "city_sz", report, action, comment="意见")
    with pytest.raises(NotFound):
        act(world, "staff_sz", report, "submit")
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_missing_figures_are_counted_by_table(world):
    from ticms.reporting.workflow import submittable

    figures = full_figures()
    del figures["income"]["total"], figures["income"]["other_market"]
    del figures["ip"]["standards_national"]
    report = filled_report(world, figures=figures)
    [message, *_rest] = submittable(report, {}, world.users["staff_nj"], "")
    assert message == "尚有 3 项统计数据未填写：收入情况 2 项、知识产权与标准 1 项"

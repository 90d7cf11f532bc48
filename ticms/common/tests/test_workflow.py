"""The generic transition-table executor (common.workflow), independent of any one lifecycle.

A small workflow over the Center model stands in for a real one: its states are a subset of the
center states, its transitions record what the executor hands them.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.centers.models import Center
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent
from ticms.common.workflow import Param, transition_execute
from ticms.testing import factories as f

from .workflow_helpers import make, t

pytestmark = pytest.mark.django_db


# --- the definition is checked when the table is built ------------------------------------------


def test_unknown_target_state_is_refused():
    with pytest.raises(ValueError, match=r"toy\.go: unknown states \{'flying'\}"):
        make([t(target="flying")])


def test_unknown_source_state_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        make([t(sources=("cultivating", "sleeping"))])


def test_missing_article_is_refused():
    with pytest.raises(ValueError, match="every transition cites its article"):
        make([t(article="")])


def test_duplicate_action_is_refused():
    with pytest.raises(ValueError, match="duplicate actions"):
        make([t(), t(sources=("constructing",), target="operating")])


def test_a_valid_table_builds_and_draws():
    wf = make([t(), t("finish", sources=("constructing",), target="operating", article="第七条")])
    assert wf.get("finish").target == "operating"
    assert wf.mermaid().splitlines() == [
        "stateDiagram-v2",
        "    cultivating --> constructing: go (第六条)",
        "    constructing --> operating: finish (第七条)",
    ]
    with pytest.raises(NotFound):
        wf.get("fly")


# --- permission -----------------------------------------------------------------------------------


@pytest.fixture
def center():
    return f.CenterFactory(status="cultivating")


def test_permission_reasons_name_the_roles(center):
    wf = make([t(roles=frozenset({Role.PROVINCE, Role.CITY}))])
    decision = wf.permission(f.role_user(Role.EXPERT), center, wf.get("go"))
    assert not decision
    assert decision.reason == "「前进」只能由设区市科技局、省科技厅执行"
    assert wf.permission(f.province_user(), center, wf.get("go"))
    assert wf.permission(f.city_user(), center, wf.get("go"))


@pytest.mark.parametrize("who", ["none", "anonymous", "inactive"])
def test_permission_requires_an_active_login(center, who):
    wf = make([t()])
    actor = {
        "none": None,
        "anonymous": AnonymousUser(),
        "inactive": f.province_user(is_active=False),
    }[who]
    decision = wf.permission(actor, center, wf.get("go"))
    assert not decision
    assert decision.reason == "请先登录"


def test_scope_predicate_and_its_reason(center):
    seen = []

    def same_city(user, obj):
        seen.append((user, obj))
        return user.city_id == obj.city_id

    wf = make(
        [
            t(
                roles=frozenset({Role.CITY}),
                scope=same_city,
                scope_reason=gettext_lazy("只能办理本市的中心"),
            )
        ]
    )
    suzhou = f.city_user("320500")
    decision = wf.permission(suzhou, center, wf.get("go"))
    assert decision.reason == "只能办理本市的中心"
    assert seen == [(suzhou, center)]
    assert wf.permission(f.city_user("320100"), center, wf.get("go"))


def test_scope_is_not_consulted_for_a_wrong_role(center):
    def boom(user, obj):
        raise AssertionError("scope must not run for a role that may not act at all")

    wf = make([t(roles=frozenset({Role.CITY}), scope=boom)])
    assert not wf.permission(f.province_user(), center, wf.get("go"))


def test_available_lists_exactly_the_permitted_actions_of_the_state(center):
    wf = make(
        [
            t("go"),
            t("also", target="operating", roles=frozenset({Role.CITY})),
            t("later", sources=("constructing",), target="operating"),
            t("stop", sources=("cultivating", "constructing"), target="revoked"),
        ]
    )
    assert [x.action for x in wf.available(f.province_user(), center)] == ["go", "stop"]
    assert [x.action for x in wf.available(f.city_user(), center)] == ["also"]
    assert wf.available(AnonymousUser(), center) == []


# --- transition_execute ---------------------------------------------------------------------------


def test_execute_changes_state_applies_params_and_audits(center):
    calls = {}

    def guard(obj, params, actor, comment):
        calls["guard"] = (obj.pk, params, actor, comment)
        return []

    def apply(obj, params):
        obj.approval_doc_no = params["doc"]

    wf = make([t(params=(Param("doc", "文号"),), guard=guard, apply=apply)])
    province = f.province_user()
    result = transition_execute(
        actor=province,
        workflow=wf,
        obj=center,
        action="go",
        params={"doc": " 苏科〔2025〕1号 "},
        comment="  同意  ",
    )
    assert result.status == "constructing"
    center.refresh_from_db()
    assert (center.status, center.approval_doc_no) == ("constructing", "苏科〔2025〕1号")
    assert calls["guard"] == (center.pk, {"doc": "苏科〔2025〕1号"}, province, "同意")
    event = AuditEvent.objects.get()
    assert event.action == "toy.go"
    assert event.article == "第六条"
    assert event.comment == "同意"
    assert event.actor == province
    assert event.before["status"] == "cultivating"
    assert event.before["approval_doc_no"] == ""
    assert event.after["status"] == "constructing"
    assert event.after["approval_doc_no"] == "苏科〔2025〕1号"
    assert event.after["params"] == {"doc": "苏科〔2025〕1号"}
    assert "name" not in event.after  # only what changed
    assert verify_chain().ok


def test_execute_reads_the_state_from_the_database_not_the_callers_copy(center):
    """A stale object in hand (another officer acted meanwhile) cannot be moved twice."""
    wf = make([t()])
    Center.objects.filter(pk=center.pk).update(status="constructing")
    assert center.status == "cultivating"
    with pytest.raises(Conflict) as exc:
        transition_execute(actor=f.province_user(), workflow=wf, obj=center, action="go")
    assert str(exc.value.message) == "当前状态为「乙」，不能执行「前进」"
    assert not AuditEvent.objects.exists()


def test_permission_is_checked_before_the_state(center):
    wf = make([t(sources=("constructing",), target="operating")])
    with pytest.raises(PermissionDenied):
        transition_execute(actor=f.city_user(), workflow=wf, obj=center, action="go")
    with pytest.raises(Conflict):
        transition_execute(actor=f.province_user(), workflow=wf, obj=center, action="go")


def test_check_raises_the_same_errors_as_execute(center):
    wf = make([t(sources=("constructing",), target="operating")])
    with pytest.raises(PermissionDenied, match="只能由省科技厅执行"):
        wf.check(f.city_user(), center, wf.get("go"))
    with pytest.raises(Conflict):
        wf.check(f.province_user(), center, wf.get("go"))


def test_guard_problems_refuse_and_nothing_is_saved(center, django_capture_on_commit_callbacks):
    wf = make(
        [
            t(
                guard=lambda obj, params, actor, comment: ["面积 4,800 m² < 5,000 m²", "缺少协议"],
                notify=lambda obj: [f.city_user()],
            )
        ]
    )
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(GuardFailed) as exc:
        transition_execute(actor=f.province_user(), workflow=wf, obj=center, action="go")
    assert exc.value.problems == ["面积 4,800 m² < 5,000 m²", "缺少协议"]
    assert str(exc.value) == "面积 4,800 m² < 5,000 m²; 缺少协议"
    assert callbacks == []
    center.refresh_from_db()
    assert center.status == "cultivating"
    assert not AuditEvent.objects.exists()


def test_guard_runs_last_and_may_ask_for_a_justification(center):
    """The guard gets the stripped comment, so that it can accept an exception only with written
    reasons; it is not consulted for a request refused earlier (role, parameters, comment)."""
    seen = []

    def guard(obj, params, actor, comment):
        seen.append(comment)
        return [] if comment else ["须在办理意见中书面说明理由"]

    wf = make(
        [
            t(params=(Param("doc", "文号"),), guard=guard),
            t("strict", target="revoked", comment_required=True, guard=guard),
        ]
    )
    province = f.province_user()
    with pytest.raises(PermissionDenied):
        transition_execute(
            actor=f.city_user(), workflow=wf, obj=center, action="go", params={"doc": "1"}
        )
    with pytest.raises(ValidationFailed):
        transition_execute(
            actor=province, workflow=wf, obj=center, action="go", params={}, comment="理由"
        )
    with pytest.raises(ValidationFailed):
        transition_execute(actor=province, workflow=wf, obj=center, action="strict", comment=" ")
    assert seen == []

    with pytest.raises(GuardFailed) as exc:
        transition_execute(
            actor=province, workflow=wf, obj=center, action="go", params={"doc": "1"}, comment=" "
        )
    assert exc.value.problems == ["须在办理意见中书面说明理由"]
    assert not AuditEvent.objects.exists()
    result = transition_execute(
        actor=province,
        workflow=wf,
        obj=center,
        action="go",
        params={"doc": "1"},
        comment="  理由如下  ",
    )
    assert result.status == "constructing"
    assert seen == ["", "理由如下"]


def test_a_failing_apply_rolls_everything_back(center):
    def apply(obj, params):
        obj.approval_doc_no = "half"
        raise RuntimeError("disk full")

    wf = make([t(apply=apply)])
    with pytest.raises(RuntimeError):
        transition_execute(actor=f.province_user(), workflow=wf, obj=center, action="go")
    center.refresh_from_db()
    assert (center.status, center.approval_doc_no) == ("cultivating", "")
    assert not AuditEvent.objects.exists()


def test_comment_rules(center):
    wf = make([t(comment_required=True), t("free", target="revoked")])
    province = f.province_user()
    with pytest.raises(ValidationFailed) as exc:
        transition_execute(actor=province, workflow=wf, obj=center, action="go", comment=" ")
    assert exc.value.errors == {"comment": ["请填写办理意见或理由"]}
    with pytest.raises(ValidationFailed) as exc:
        transition_execute(
            actor=province, workflow=wf, obj=center, action="free", comment="x" * 5001
        )
    assert exc.value.errors == {"comment": ["办理意见不能超过5000字"]}
    assert not AuditEvent.objects.exists()
    transition_execute(actor=province, workflow=wf, obj=center, action="free", comment=None)
    assert AuditEvent.objects.get().comment == ""


def test_unknown_action_is_not_found(center):
    with pytest.raises(NotFound):
        transition_execute(actor=f.province_user(), workflow=make([t()]), obj=center, action="fly")

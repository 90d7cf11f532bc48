"""The generic transition-table executor (common.workflow), independent of any one lifecycle.

A small workflow over the Center model stands in for a real one: its states are a subset of the
center states, its transitions record what the executor hands them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
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
from ticms.common.models import AuditEvent, InboxItem
from ticms.common.workflow import Param, Transition, Workflow, transition_execute
from ticms.testing import factories as f

pytestmark = pytest.mark.django_db

STATES = {"cultivating": "甲", "constructing": "乙", "operating": "丙", "revoked": "丁"}
ROLE_LABELS = dict(Role.choices)


def make(transitions, states=None):
    return Workflow(
        name="toy",
        model=Center,
        state_field="status",
        states=states or STATES,
        transitions=transitions,
        role_labels=ROLE_LABELS,
    )


def t(action="go", sources=("cultivating",), target="constructing", **kw):
    kw.setdefault("label", gettext_lazy("前进"))
    kw.setdefault("article", "第六条")
    kw.setdefault("roles", frozenset({Role.PROVINCE}))
    return Transition(action=action, sources=sources, target=target, **kw)


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


# --- Param.clean ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   \n"])
def test_required_param_missing(raw):
    with pytest.raises(ValueError, match="请填写「文号」"):
        Param("doc", "文号").clean(raw)


@pytest.mark.parametrize("kind", ["text", "textarea", "date", "choice"])
def test_optional_param_missing_is_none(kind):
    assert Param("x", "甲", kind=kind, required=False, choices=(("a", "A"),)).clean("  ") is None


def test_text_param_is_stripped_and_bounded():
    p = Param("doc", "文号", max_length=5)
    assert p.clean("  12345 ") == "12345"
    with pytest.raises(ValueError, match="「文号」过长"):
        p.clean("123456")
    assert p.clean(42) == "42"


def test_textarea_param_allows_5000_characters():
    p = Param("note", "说明", kind="textarea", max_length=10)
    assert len(p.clean("字" * 5000)) == 5000
    with pytest.raises(ValueError, match="过长"):
        p.clean("字" * 5001)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-01", dt.date(2025, 3, 1)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 2), dt.date(2025, 1, 2)),
    ],
)
def test_date_param_parses(raw, expected):
    assert Param("d", "日期", kind="date").clean(raw) == expected


@pytest.mark.parametrize("raw", ["2025-02-30", "2023-02-29", "明天", "2025/03/01", "01-03-2025"])
def test_date_param_refuses_bad_dates(raw):
    with pytest.raises(ValueError, match="「日期」须为有效日期，格式为 YYYY-MM-DD"):
        Param("d", "日期", kind="date").clean(raw)


def test_choice_param():
    p = Param("reason", "原因", kind="choice", choices=(("a", gettext_lazy("甲")), ("b", "乙")))
    assert p.clean(" a ") == "a"
    for bad in ("c", "A", "甲"):
        with pytest.raises(ValueError, match="请从列表中选择「原因」"):
            p.clean(bad)


def test_clean_params_reports_every_problem_at_once_and_refuses_extras():
    tr = t(
        params=(
            Param("doc", "文号"),
            Param("on", "日期", kind="date"),
            Param("note", "备注", required=False),
        )
    )
    with pytest.raises(ValidationFailed) as exc:
        tr.clean_params({"on": "soon", "status": "revoked", "actor": "someone"})
    assert exc.value.errors == {
        "actor": ["「前进」没有名为「actor」的参数"],
        "doc": ["请填写「文号」"],
        "on": ["「日期」须为有效日期，格式为 YYYY-MM-DD"],
        "status": ["「前进」没有名为「status」的参数"],
    }
    assert tr.clean_params({"doc": "1号", "on": "2025-01-01"}) == {
        "doc": "1号",
        "on": dt.date(2025, 1, 1),
        "note": None,
    }
    assert t().clean_params(None) == {}
    assert t().clean_params({}) == {}


def test_an_extra_parameter_alone_is_refused_even_when_empty():
    """A name the action does not declare is a mistake of the caller: a value for something
    else (a state, the comment) must never be taken silently."""
    with pytest.raises(ValidationFailed) as exc:
        t().clean_params({"comment": ""})
    assert exc.value.errors == {"comment": ["「前进」没有名为「comment」的参数"]}
    with pytest.raises(ValidationFailed) as exc:
        t(params=(Param("doc", "文号"),)).clean_params({"doc": "1号", "status": None})
    assert list(exc.value.errors) == ["status"]


# --- Param.validate -------------------------------------------------------------------------------


def _after_2025(day):
    return "须晚于2025年" if day.year <= 2025 else None


def test_param_validate_refuses_a_parsed_value_with_its_message():
    p = Param("d", "日期", kind="date", validate=_after_2025)
    assert p.clean("2026-01-01") == dt.date(2026, 1, 1)
    with pytest.raises(ValueError, match="^须晚于2025年$"):
        p.clean("2025-12-31")


def test_param_validate_sees_the_cleaned_value_only():
    """It runs after parsing and stripping, and not at all for a missing optional value or a
    value that failed to parse (that error is the one reported)."""
    seen = []

    def record(value):
        seen.append(value)
        return None

    assert Param("doc", "文号", validate=record).clean("  1号 ") == "1号"
    assert Param("d", "日期", kind="date", validate=record).clean(" 2025-03-01 ") == dt.date(
        2025, 3, 1
    )
    assert Param("x", "甲", required=False, validate=record).clean("  ") is None
    with pytest.raises(ValueError, match="须为有效日期"):
        Param("d", "日期", kind="date", validate=record).clean("2025-02-30")
    with pytest.raises(ValueError, match="请填写「文号」"):
        Param("doc", "文号", validate=record).clean("")
    assert seen == ["1号", dt.date(2025, 3, 1)]


def test_param_validate_may_return_a_lazy_message():
    p = Param("d", "整改期限", kind="date", validate=lambda day: gettext_lazy("整改期限"))
    with pytest.raises(ValueError) as exc:
        p.clean("2025-03-01")
    assert str(exc.value) == "整改期限"
    assert Param("n", "数", validate=lambda value: "").clean("1") == "1"


def test_param_validate_problems_are_field_errors_reported_with_the_others():
    tr = t(
        params=(
            Param("doc", "文号"),
            Param("on", "日期", kind="date", validate=_after_2025),
        )
    )
    with pytest.raises(ValidationFailed) as exc:
        tr.clean_params({"on": "2025-06-01", "extra": "1"})
    assert exc.value.errors == {
        "doc": ["请填写「文号」"],
        "on": ["须晚于2025年"],
        "extra": ["「前进」没有名为「extra」的参数"],
    }


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


def test_todos_reach_the_actor_too_and_notices_skip_them(
    center, django_capture_on_commit_callbacks
):
    """The next step may be the actor's own (the province forms the panel it ordered): the
    to-do goes to every next actor, once each; a notice tells the others only."""
    province, colleague = f.province_user(), f.province_user()
    officer = f.city_user()
    wf = make(
        [
            t(
                todo_for=lambda obj: [province, colleague, colleague],
                notify=lambda obj: [officer, province],
            )
        ]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        transition_execute(actor=province, workflow=wf, obj=center, action="go")
    assert not InboxItem.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    todos = InboxItem.objects.filter(kind="todo")
    assert sorted(t.recipient_id for t in todos) == sorted([province.pk, colleague.pk])
    todo = todos.get(recipient=colleague)
    assert todo.title == f"{center} 待办理（乙）"
    assert todo.object_state == "constructing"
    assert todo.url == center.get_absolute_url()
    assert todo.article == "第六条"
    notice = InboxItem.objects.get(kind="notice")
    assert notice.recipient == officer
    assert notice.title == f"{center}：前进"
    assert notice.body == "状态已变更为「乙」。"


REASONS = (
    ("poor", gettext_lazy("连续两次评估较差")),
    ("absent", gettext_lazy("无故不参加评估")),
)


def test_notice_body_gives_the_state_the_labelled_values_and_the_comment(
    center, django_capture_on_commit_callbacks
):
    officer = f.city_user()
    wf = make(
        [
            t(
                params=(
                    Param("doc", "文号"),
                    Param("on", "日期", kind="date"),
                    Param("reason", "原因", kind="choice", choices=REASONS),
                    Param("note", "备注", required=False),
                ),
                notify=lambda obj: [officer],
            )
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(
            actor=f.province_user(),
            workflow=wf,
            obj=center,
            action="go",
            params={"doc": " 1号 ", "on": "2025-03-01", "reason": "poor", "note": "  "},
            comment="  理由如下  ",
        )
    notice = InboxItem.objects.get(kind="notice")
    # Values in the order the action declares them, cleaned; the empty optional one left out;
    # a choice by its label, not its code.
    assert notice.body == (
        "状态已变更为「乙」。文号：1号。日期：2025-03-01。原因：连续两次评估较差。办理意见：理由如下"
    )


def test_notice_body_without_a_comment_has_no_comment_line(
    center, django_capture_on_commit_callbacks
):
    officer = f.city_user()
    wf = make(
        [
            t(
                params=(Param("reason", "原因", kind="choice", choices=REASONS),),
                notify=lambda obj: [officer],
            )
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(
            actor=f.province_user(),
            workflow=wf,
            obj=center,
            action="go",
            params={"reason": "absent"},
            comment="   ",
        )
    assert InboxItem.objects.get(kind="notice").body == "状态已变更为「乙」。原因：无故不参加评估。"


def test_stored_texts_are_in_the_system_language_whatever_the_actor_reads(
    center, django_capture_on_commit_callbacks
):
    """Notices and to-dos are read by others later: they are written in zh-hans even when the
    transaction commits inside an English request."""
    officer, colleague = f.city_user(), f.province_user()
    wf = make(
        [
            t(
                label=gettext_lazy("撤销"),
                params=(
                    Param("deadline", gettext_lazy("整改期限"), kind="date"),
                    Param("reason", gettext_lazy("原因"), kind="choice", choices=REASONS),
                ),
                todo_for=lambda obj: [colleague],
                notify=lambda obj: [officer],
            )
        ],
        states={**STATES, "constructing": gettext_lazy("建设中")},
    )
    with translation.override("en"):
        # The labels really have English translations, so the test can tell the difference.
        assert str(gettext_lazy("建设中")) == "Under construction"
        assert str(gettext_lazy("连续两次评估较差")) == "Rated poor in two evaluations in a row"
        with django_capture_on_commit_callbacks(execute=True):
            transition_execute(
                actor=f.province_user(),
                workflow=wf,
                obj=center,
                action="go",
                params={"deadline": "2027-01-31", "reason": "poor"},
                comment="As agreed",
            )
        assert translation.get_language() == "en"  # the actor's language is left as it was
    notice = InboxItem.objects.get(kind="notice")
    assert notice.title == f"{center}：撤销"
    assert notice.body == (
        "状态已变更为「建设中」。整改期限：2027-01-31。原因：连续两次评估较差。办理意见：As agreed"
    )
    todo = InboxItem.objects.get(kind="todo")
    assert todo.title == f"{center} 待办理（建设中）"
    with translation.override("en"):
        # Stored as what happened: each reader gets their own language.
        assert notice.body.startswith("The status has changed to “Under construction”.")
        assert "Rated poor in two evaluations in a row" in notice.body


def test_moving_on_closes_the_todos_of_the_previous_state(
    center, django_capture_on_commit_callbacks
):
    province, city = f.province_user(), f.city_user()
    wf = make(
        [
            t(todo_for=lambda obj: [city]),
            t("finish", sources=("constructing",), target="operating"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(actor=province, workflow=wf, obj=center, action="go")
    todo = InboxItem.objects.get(kind="todo")
    assert todo.done_at is None
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(actor=province, workflow=wf, obj=center, action="finish")
    todo.refresh_from_db()
    assert todo.done_at is not None


def test_transition_labels_name_their_audit_events():
    from ticms.centers.workflow import CENTER_WORKFLOW
    from ticms.common.labels import action_label

    for t in CENTER_WORKFLOW.transitions:
        assert action_label(f"center.{t.action}") == t.label


@pytest.mark.parametrize("raw", ["9997-03-01", dt.date(9997, 3, 1), "1899-12-31"])
def test_date_param_refuses_years_beyond_date_arithmetic(raw):
    from ticms.common.workflow import Param

    with pytest.raises(ValueError):
        Param("d", "日期", kind="date").clean(raw)

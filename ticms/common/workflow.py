"""Declarative lifecycles and the one service that executes them.

A Workflow is data: its states and its transitions. Each transition names the action, the source
states, the target, the article it rests on, who may take it (roles plus an object-level scope
predicate), the parameters it needs, a guard, and who must act or be told next. The same table
drives the buttons on a page, the API, the audit log and the state diagram in the docs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import inbox, messages
from .audit import audit_record, to_json
from .exceptions import Conflict, GuardFailed, NotFound, PermissionDenied, ValidationFailed
from .labels import register_action_labels
from .permissions import ALLOW, Decision, deny

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Param:
    """A value the actor supplies with the action (a deadline, a document number...)."""

    name: str
    label: Any
    kind: str = "text"  # text | textarea | date | choice | int | checkbox
    # A required checkbox must be ticked: it is a confirmation (材料齐全).
    required: bool = True
    choices: tuple[tuple[str, Any], ...] = ()
    help_text: Any = ""
    max_length: int = 200
    # Checks of the value alone (a deadline in the future); returns a message or None.
    validate: Callable[[Any], Any] | None = None
    min_value: int | None = None
    max_value: int | None = None
    initial: Any = None
    # needed(obj, actor): whether this object asks for the value now (an exception
    # justification only when an in-principle condition failed). When not, the form leaves the
    # field out and the service refuses a value for it; when it is, the form asks for it as
    # required and the guard says why.
    needed: Callable[[Any, Any], bool] | None = None

    def asked(self, obj, actor) -> bool:
        return self.needed is None or obj is None or bool(self.needed(obj, actor))

    def _clean_date(self, raw) -> dt.date:
        day = raw if isinstance(raw, dt.date) else None
        text = str(raw).strip()
        # fromisoformat alone also takes 20250301 and week dates; the form says YYYY-MM-DD.
        if day is None and DATE_RE.match(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
        if day is None:
            raise ValueError(
                _("「%(label)s」须为有效日期，格式为 YYYY-MM-DD") % {"label": self.label}
            )
        # Deadlines and periods are computed from it: keep it where date arithmetic works.
        if not 1900 <= day.year <= 2100:
            raise ValueError(_("「%(label)s」须在1900年至2100年之间") % {"label": self.label})
        return day

    def clean(self, raw) -> Any:
        value = self._clean(raw)
        if value is not None and self.validate is not None:
            problem = self.validate(value)
            if problem:
                raise ValueError(str(problem))
        return value

    def _clean_int(self, raw) -> int:
        text = str(raw).strip()
        if isinstance(raw, bool) or not re.fullmatch(r"-?[0-9]{1,9}", text):
            raise ValueError(_("「%(label)s」须为整数") % {"label": self.label})
        value = int(text)
        if self.min_value is not None and value < self.min_value:
            raise ValueError(
                _("「%(label)s」不能小于 %(limit)d")
                % {"label": self.label, "limit": self.min_value}
            )
        if self.max_value is not None and value > self.max_value:
            raise ValueError(
                _("「%(label)s」不能大于 %(limit)d")
                % {"label": self.label, "limit": self.max_value}
            )
        return value

    def _clean(self, raw) -> Any:
        if self.kind == "checkbox":
            ticked = raw is True or str(raw).strip().lower() in ("on", "true", "1", "yes")
            if self.required and not ticked:
                raise ValueError(_("请确认「%(label)s」") % {"label": self.label})
            return ticked
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise ValueError(_("请填写「%(label)s」") % {"label": self.label})
            return None
        if self.kind == "date":
            return self._clean_date(raw)
        if self.kind == "int":
            return self._clean_int(raw)
        text = str(raw).strip()
        if self.kind == "choice":
            if text not in {value for value, _label in self.choices}:
                raise ValueError(_("请从列表中选择「%(label)s」") % {"label": self.label})
            return text
        if len(text) > (self.max_length if self.kind == "text" else 5000):
            raise ValueError(_("「%(label)s」过长") % {"label": self.label})
        return text


# guard(obj, params, actor, comment) -> problems; the comment is there so that a guard can ask
# for a written justification (原则上 conditions may be overridden only with one).
Guard = Callable[[Any, dict, Any, str], Sequence[str]]
Recipients = Callable[[Any], Iterable[Any]]


@dataclass(frozen=True)
class Transition:
    action: str
    label: Any
    sources: tuple[str, ...]
    target: str
    article: str
    roles: frozenset[str]
    # Object-level scope, e.g. "the officer's own city"; reason shown when it refuses.
    scope: Callable[[Any, Any], bool] | None = None
    scope_reason: Any = gettext_lazy("该记录不在您的管辖范围内")  # noqa: RUF009 (immutable)
    params: tuple[Param, ...] = ()
    comment_required: bool = False
    # When the guard will ask for a written justification for this object now (an
    # in-principle condition not met): comment_needed(obj, actor). The form then asks for the
    # comment as required instead of offering it as optional.
    comment_needed: Callable[[Any, Any], bool] | None = None
    guard: Guard | None = None
    apply: Callable[[Any, dict], None] | None = None
    # Writes beyond the object itself (a version, a notice, a contract), in the same
    # transaction, after the state is saved: effect(obj, params, actor, comment).
    effect: Callable[[Any, dict, Any, str], None] | None = None
    # A dedicated page collects this action's input; the generic action form does not.
    page: str = ""
    # What can be known before any input (the notice period is not over yet, the panel has
    # not concluded): the page shows the action disabled with these reasons instead of a
    # button that would only be refused. ready(obj, {}, actor, "") -> problems.
    ready: Guard | None = None
    # An exceptional step (stop after an upheld objection) is not offered at all until ready.
    hide_until_ready: bool = False
    # Taken only as part of another lifecycle's transition ("application.sign_contract": a
    # center enters construction when its contract is signed, 第十三条第4项): never offered as
    # a button or accepted from the API on its own. `via_label` names that step for refusals.
    via: str = ""
    via_label: Any = ""

    def not_ready(self, obj, actor) -> list[str]:
        return [str(p) for p in self.ready(obj, {}, actor, "")] if self.ready else []

    todo_for: Recipients | None = None
    # What the next actor's to-do says, when more than "waiting in <state>" (a message id of
    # common.messages taking `obj` and `state`).
    todo_message: str = ""
    # The article of the next actor's step, when it differs (the city recommends under 第八条;
    # the province's to-do is the formal review of 第十三条第3项).
    todo_article: str = ""
    notify: Recipients | None = None
    style: str = "primary"
    confirm: Any = ""
    # The generic comment box of the action page. Off when a parameter already is the actor's
    # written opinion, so the page asks for it once; the service still accepts a comment.
    comment_field: bool = True

    def clean_params(self, raw: dict | None, *, obj=None, actor=None) -> dict:
        raw = raw or {}
        cleaned, errors = {}, {}
        for name in sorted(set(raw) - {p.name for p in self.params}):
            errors[name] = [
                _("「%(action)s」没有名为「%(name)s」的参数") % {"action": self.label, "name": name}
            ]
        for param in self.params:
            if not param.asked(obj, actor):
                value = raw.get(param.name)
                if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
                    errors[param.name] = [_("本次无需填写「%(label)s」") % {"label": param.label}]
                cleaned[param.name] = None
                continue
            try:
                cleaned[param.name] = param.clean(raw.get(param.name))
            except ValueError as exc:
                errors[param.name] = [str(exc)]
        if errors:
            raise ValidationFailed(errors)
        return cleaned


@dataclass
class Workflow:
    name: str
    model: type[models.Model]
    state_field: str
    states: dict[str, Any]
    transitions: list[Transition]
    role_labels: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        actions = [t.action for t in self.transitions]
        if len(actions) != len(set(actions)):
            raise ValueError(f"{self.name}: duplicate actions")
        for t in self.transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.action}: unknown states {unknown}")
            if not t.article:
                raise ValueError(f"{self.name}.{t.action}: every transition cites its article")
            if t.comment_required and not t.comment_field:
                raise ValueError(f"{self.name}.{t.action}: a required comment needs its field")
        # The audit log and timelines show these labels for the events the table writes.
        register_action_labels({f"{self.name}.{t.action}": t.label for t in self.transitions})

    def get(self, action: str) -> Transition:
        for t in self.transitions:
            if t.action == action:
                return t
        raise NotFound(_("不存在名为「%(action)s」的操作") % {"action": action})

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def permission(self, actor, obj, t: Transition) -> Decision:
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return deny(_("请先登录"))
        if actor.role not in t.roles:
            return deny(
                _("「%(action)s」只能由%(roles)s执行")
                % {
                    "action": t.label,
                    "roles": _("、").join(str(self.role_labels.get(r, r)) for r in sorted(t.roles)),
                }
            )
        if t.scope is not None and not t.scope(actor, obj):
            return deny(t.scope_reason)
        return ALLOW

    def check(self, actor, obj, t: Transition) -> None:
        """Raise unless `actor` may take `t` on `obj` now. Who may act comes first: it does not
        depend on the state, so a page and the API refuse the same request the same way."""
        decision = self.permission(actor, obj, t)
        if not decision:
            raise PermissionDenied(decision.reason)
        state = self.state_of(obj)
        if state not in t.sources:
            raise Conflict(
                _("当前状态为「%(state)s」，不能执行「%(action)s」")
                % {"state": self.states[state], "action": t.label}
            )

    def available(self, actor, obj) -> list[Transition]:
        """Transitions this actor may start now; the page shows exactly these as buttons."""
        state = self.state_of(obj)
        return [
            t
            for t in self.transitions
            if not t.via and state in t.sources and self.permission(actor, obj, t)
        ]

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2"]
        for t in self.transitions:
            for source in t.sources:
                lines.append(f"    {source} --> {t.target}: {t.action} ({t.article})")
        return "\n".join(lines)


def _snapshot(obj: models.Model) -> dict:
    # auto_now timestamps change on every save and say nothing the event's own time does not.
    return to_json(
        {
            # A file field holds a FieldFile: its stored name is what can be compared and kept.
            f.attname: getattr(getattr(obj, f.attname), "name", None)
            if isinstance(f, models.FileField)
            else getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not getattr(f, "auto_now", False)
        }
    )


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def transition_execute(
    *,
    actor,
    workflow: Workflow,
    obj: models.Model,
    action: str,
    params: dict | None = None,
    comment: str = "",
    via: str = "",
):
    """Take `action` on `obj`: lock, check state, permission, parameters and guard, change the
    state, record the audit event, then (after commit) close old todos and tell the next actors.
    `via`: the other lifecycle's transition this one is part of (Transition.via)."""
    t = workflow.get(action)
    if t.via != via:
        raise PermissionDenied(
            _("「%(action)s」不能单独办理，只能随「%(via)s」一并办理")
            % {"action": t.label, "via": t.via_label or t.via}
            if t.via
            else _("「%(action)s」不能作为其他事项的一部分办理") % {"action": t.label}
        )
    comment = (comment or "").strip()
    with transaction.atomic():
        # A row lock on PostgreSQL; SQLite serialises writers with IMMEDIATE transactions.
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        workflow.check(actor, locked, t)
        cleaned = t.clean_params(params, obj=locked, actor=actor)
        if t.comment_required and not comment:
            raise ValidationFailed({"comment": [_("请填写办理意见或理由")]})
        if len(comment) > 5000:
            raise ValidationFailed({"comment": [_("办理意见不能超过5000字")]})
        if t.guard is not None:
            problems = list(t.guard(locked, cleaned, actor, comment))
            if problems:
                raise GuardFailed(problems)
        before = _snapshot(locked)
        setattr(locked, workflow.state_field, t.target)
        if t.apply is not None:
            t.apply(locked, cleaned)
        locked.save()
        if t.effect is not None:
            t.effect(locked, cleaned, actor, comment)
        changed_before, changed_after = _diff(before, _snapshot(locked))
        audit_record(
            actor=actor,
            action=f"{workflow.name}.{t.action}",
            obj=locked,
            before=changed_before,
            after={**changed_after, "params": to_json(cleaned)} if cleaned else changed_after,
            article=t.article,
            comment=comment,
        )
        transaction.on_commit(lambda: _after_commit(workflow, t, locked, actor, cleaned, comment))
    return locked


TODO = messages.define("workflow.todo", gettext_lazy("%(obj)s 待办理（%(state)s）"))
NOTICE = messages.define("workflow.notice", gettext_lazy("%(obj)s：%(action)s"))
STATE_CHANGED = messages.define(
    "workflow.state_changed", gettext_lazy("状态已变更为「%(state)s」。")
)
PARAM = messages.define("workflow.param", gettext_lazy("%(label)s：%(value)s。"))
# A value that already closes its sentence (「同意组建。」) gets no second full stop.
PARAM_CLOSED = messages.define("workflow.param_closed", gettext_lazy("%(label)s：%(value)s"))
COMMENT = messages.define("workflow.comment", gettext_lazy("办理意见：%(comment)s"))
SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "…")


def _after_commit(workflow: Workflow, t: Transition, obj, actor, params, comment) -> None:
    _notify(workflow, t, obj, actor, params, comment)


def _param_value(param: Param, value):
    """A parameter as a message value: a choice by its label, a date as ISO, a tick as yes."""
    if param.kind == "choice":
        return messages.text(dict(param.choices).get(value, value))
    if param.kind == "checkbox":
        return messages.text(gettext_lazy("是") if value else gettext_lazy("否"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def notice_body(workflow: Workflow, t: Transition, params: dict, comment: str = "") -> list:
    """What a recipient needs without opening the record: the new state, the dates and
    choices the actor gave, and the actor's reasons."""
    parts = [messages.msg(STATE_CHANGED, state=messages.text(workflow.states[t.target]))]
    for param in t.params:
        value = params.get(param.name)
        if value in (None, ""):
            continue
        closed = isinstance(value, str) and value.strip().endswith(SENTENCE_ENDS)
        parts.append(
            messages.msg(
                PARAM_CLOSED if closed else PARAM,
                label=messages.text(param.label),
                value=_param_value(param, value.strip() if isinstance(value, str) else value),
            )
        )
    if comment:
        parts.append(messages.msg(COMMENT, comment=comment))
    return parts


def _notify(workflow: Workflow, t: Transition, obj, actor, params, comment) -> None:
    inbox.todos_close_for(obj)
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    if t.todo_for is not None:
        # The actor too, when the next step is theirs (the province forms the panel it ordered).
        inbox.todo_create(
            recipients=list(t.todo_for(obj)),
            title=messages.msg(
                t.todo_message or TODO,
                obj=messages.ref(obj),
                state=messages.text(workflow.states[t.target]),
            ),
            obj=obj,
            state=t.target,
            url=url,
            article=t.todo_article or t.article,
            due_on=getattr(obj, "due_on", None),
        )
    if t.notify is not None:
        inbox.notice_create(
            recipients=[u for u in t.notify(obj) if u != actor],
            title=messages.msg(NOTICE, obj=messages.ref(obj), action=messages.text(t.label)),
            body=notice_body(workflow, t, params, comment),
            obj=obj,
            url=url,
            article=t.article,
        )

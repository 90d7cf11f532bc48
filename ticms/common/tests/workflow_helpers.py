"""What the workflow tests share: a small workflow over the Center model standing in for a real one
(its states a subset of the center states) and a transition with defaults."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.centers.models import Center
from ticms.common.workflow import Transition, Workflow

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

"""What the province may put before an expert panel, as a registry of kinds.

Each kind says how its subject is named, which panel key holds it, whether it is still under
review (and why not), the facts the conflict-of-interest rules compare an expert with, the
expert's score-sheet criteria and material, and what happens when the panel concludes. The
reviews app reads a panel's subject only through its kind; the expert pool, the 回避 rules and
the score sheets stay here, one copy for every kind.

The application (组建申请, 第十三条第3项) is the first kind; other apps register theirs in
their own module, listed in PROVIDERS (imported on first use, so no import cycle at start-up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Modules that register a kind when imported.
PROVIDERS = ("ticms.evaluation.acceptance_review",)


@dataclass(frozen=True)
class SubjectKind:
    key: str  # "application"; in URLs and the API
    field: str  # the Panel foreign key holding the subject
    label: Any  # 组建申请
    article: str
    model: str  # app_label.model_name of the subject
    panel_name: Any  # "「%(name)s」论证专家组"
    # select_related paths of the subject as seen from a panel (constant queries on lists).
    related: tuple[str, ...]
    # Why argumentation of this subject cannot go on now (empty: it can).
    review_problems: Callable[[Any], list[str]]
    # The subject for a new panel, locked; raises NotFound / Conflict.
    lock_for_panel: Callable[[int], Any]
    # conflicts.SubjectFacts of the subject (units, excluded units, team).
    facts: Callable[[Any], Any]
    # The host unit's and the co-builders' names, shown to an invited expert before accepting.
    units: Callable[[Any], dict]
    # The score-sheet criteria (objects with pk, name, weight, order).
    criteria: Callable[[Any], list]
    # The Score foreign key the criteria go in.
    score_field: str
    # What the cleared expert reads (a dict for `material_template`).
    material: Callable[[Any], dict]
    material_template: str
    attachments: Callable[[Any], Any]
    # Named text sections of the subject for the API (`plan`).
    sections: Callable[[Any], dict[str, str]]
    # The industry field code experts familiar with come first ("" for none).
    preferred_field: Callable[[Any], str]
    # After the panel opinion: who must act next (a to-do), on commit.
    on_concluded: Callable[[Any, Any], None]
    # The province's panel page of a subject.
    panel_url: Callable[[Any], str]
    # The subjects the province may form a panel for (scoped queryset of the subject model).
    visible: Callable[[Any], Any]
    # Subjects under review still without a panel (the province's list), scoped to the user.
    awaiting_panel: Callable[[Any], Any]
    not_found: Any = gettext_lazy("记录不存在")  # noqa: RUF009 (immutable)
    # Inside the transaction that formed the panel: the subject's own step (an acceptance
    # moves to expert review). on_panel_formed(subject, panel, actor).
    on_panel_formed: Callable[[Any, Any, Any], None] | None = None

    @property
    def score_key(self) -> str:
        return f"{self.score_field}_id"


KINDS: dict[str, SubjectKind] = {}
_loaded = False


def register(kind: SubjectKind) -> SubjectKind:
    KINDS[kind.key] = kind
    return kind


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        importlib.import_module("ticms.reviews.subject_application")
        for module in PROVIDERS:
            importlib.import_module(module)


def kinds() -> list[SubjectKind]:
    _load()
    return list(KINDS.values())


def kind(key: str) -> SubjectKind:
    from ticms.common.exceptions import NotFound

    _load()
    if key not in KINDS:
        raise NotFound(_("不存在该类评审对象"))
    return KINDS[key]


def kind_of_panel(panel) -> SubjectKind:
    for k in kinds():
        if getattr(panel, f"{k.field}_id", None) is not None:
            return k
    raise LookupError(f"panel {panel.pk} has no subject")


def kind_of(subject) -> SubjectKind:
    label = subject._meta.label_lower
    for k in kinds():
        if k.model == label:
            return k
    raise LookupError(f"{label} is not a reviewed kind")


def panel_related() -> tuple[str, ...]:
    """Every kind's subject joined from a panel (outer joins: one query for a list)."""
    return tuple(path for k in kinds() for path in k.related)


def subject_ref(subject) -> dict:
    """The subject as the API names it."""
    k = kind_of(subject)
    return {
        "kind": k.key,
        "id": subject.pk,
        "code": subject.code,
        "name": subject.center_name,
        "status": subject.status,
    }

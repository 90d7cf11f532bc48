"""How the audit log and timelines show a change request's structured fields: the proposal in
words, the findings of the decision by rule and outcome."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.audit_display import register_value_display
from ticms.common.text import bracketed, labelled, yes_no
from ticms.regulation.rules.catalogue import RULES_BY_ID
from ticms.regulation.rules.outcomes import OUTCOME_LABELS, Outcome

from .proposals.lines import co_builder_line


def proposal_text(proposed: dict) -> str:
    """A change request's `proposed` in words, whatever its kind."""
    if not isinstance(proposed, dict):
        return str(proposed)
    lines = []
    if proposed.get("person_id"):
        lines.append((_("拟任"), bracketed(proposed.get("name", ""), proposed.get("id_masked"))))
        if "full_time" in proposed:
            lines.append((_("拟任执行主任全职"), yes_no(proposed["full_time"])))
    elif proposed.get("uscc"):
        lines.append((_("拟任依托单位"), bracketed(proposed.get("name", ""), proposed["uscc"])))
    lines += [(_("增加"), co_builder_line(row)) for row in proposed.get("add") or []]
    lines += [
        (_("退出共建"), bracketed(row.get("name", ""), row.get("uscc")))
        for row in proposed.get("remove") or []
    ]
    if proposed.get("text"):
        lines.append((_("调整后"), proposed["text"]))
    return str(_("；")).join(labelled(label, text) for label, text in lines) or "—"


def findings_text(findings: list) -> str:
    """The conditions checked at the decision and their outcome, without the messages (those
    may name people only the province may read)."""
    shown = []
    for item in findings if isinstance(findings, list) else []:
        rule = RULES_BY_ID.get(item.get("rule"))
        if rule is None or item.get("outcome") not in {o.value for o in Outcome}:
            continue
        shown.append(labelled(rule.title, OUTCOME_LABELS[Outcome(item["outcome"])]))
    return str(_("；")).join(shown)


def register() -> None:
    # Events written before major matters had an app of their own name the old type.
    for object_type in ("matters.changerequest", "reporting.changerequest"):
        register_value_display(object_type, "proposed", proposal_text)
        register_value_display(object_type, "decision_findings", findings_text)

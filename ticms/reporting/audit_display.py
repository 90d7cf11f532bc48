"""How the audit log and timelines show the structured fields of reports and change requests:
figures by their labels, branches by name and status, a proposal in words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.common.audit_display import register_change_display, register_value_display
from ticms.common.text import bracketed, labelled, listing, yes_no
from ticms.regulation.rules.catalogue import RULES_BY_ID
from ticms.regulation.rules.outcomes import OUTCOME_LABELS, Outcome

from . import figures as F
from .models import AnnualReportStatus
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


def branches_text(rows: list) -> str:
    """The branches a headquarters' report took in: name and the branch report's status."""
    shown = []
    for row in rows if isinstance(rows, list) else []:
        status = row.get("status")
        label = AnnualReportStatus(status).label if status in AnnualReportStatus.values else ""
        shown.append(bracketed(row.get("center", ""), label))
    return listing(shown)


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
    register_change_display("reporting.annualreport", "figures", F.change_rows)
    register_value_display("reporting.annualreport", "branch_snapshot", branches_text)
    register_value_display("reporting.changerequest", "proposed", proposal_text)
    register_value_display("reporting.changerequest", "decision_findings", findings_text)

"""How the audit log and timelines show the structured fields of annual reports: figures by
their labels, branches by name and status."""

from __future__ import annotations

from ticms.common.audit_display import register_change_display, register_value_display
from ticms.common.text import bracketed, listing

from . import figures as F
from .models import AnnualReportStatus


def branches_text(rows: list) -> str:
    """The branches a headquarters' report took in: name and the branch report's status."""
    shown = []
    for row in rows if isinstance(rows, list) else []:
        status = row.get("status")
        label = AnnualReportStatus(status).label if status in AnnualReportStatus.values else ""
        shown.append(bracketed(row.get("center", ""), label))
    return listing(shown)


def register() -> None:
    register_change_display("reporting.annualreport", "figures", F.change_rows)
    register_value_display("reporting.annualreport", "branch_snapshot", branches_text)

"""Reads of expert argumentation, scoped to the user: a record outside the scope is simply not
there (404, like a missing one). One module per part: the pool, panels, scores, assignments and
the contract with the establishment lifecycle (`argumentation`). The reviews views, services
and API read them through this package as `selectors.<name>`."""

from .argumentation import (
    applications_assigned_to,
    argumentation_opinions,
    argumentation_problems,
    panel_recommendation,
)
from .assignments import (
    PRIVATE_RULES,
    application_summary,
    assignment_attachment_rows,
    assignment_attachments,
    assignment_get,
    assignment_history,
    assignment_list,
    assignment_scores,
    assignment_units,
    assignments_visible_to,
    my_assignments,
)
from .panels import (
    MIN_SUBMITTED_EXPERTS,
    applications_awaiting_panel,
    guide_criteria,
    opinion_problems,
    panel_assignments,
    panel_for_application,
    panel_get,
    panel_history,
    panel_list,
    panel_progress,
    panels_visible_to,
)
from .pool import (
    ExpertFilters,
    candidate_experts,
    expert_for_conflicts,
    expert_get,
    expert_list,
    experts_visible_to,
)
from .scores import exact, expert_numbers, panel_sheet, sheet_problems, weighted_total

__all__ = [
    "MIN_SUBMITTED_EXPERTS",
    "PRIVATE_RULES",
    "ExpertFilters",
    "application_summary",
    "applications_assigned_to",
    "applications_awaiting_panel",
    "argumentation_opinions",
    "argumentation_problems",
    "assignment_attachment_rows",
    "assignment_attachments",
    "assignment_get",
    "assignment_history",
    "assignment_list",
    "assignment_scores",
    "assignment_units",
    "assignments_visible_to",
    "candidate_experts",
    "exact",
    "expert_for_conflicts",
    "expert_get",
    "expert_list",
    "expert_numbers",
    "experts_visible_to",
    "guide_criteria",
    "my_assignments",
    "opinion_problems",
    "panel_assignments",
    "panel_for_application",
    "panel_get",
    "panel_history",
    "panel_list",
    "panel_progress",
    "panel_recommendation",
    "panel_sheet",
    "panels_visible_to",
    "sheet_problems",
    "weighted_total",
]

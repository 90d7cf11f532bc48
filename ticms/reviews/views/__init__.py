"""Pages of expert argumentation (第十三条第3项): thin — parse, call one service or selector,
render."""

from .assignments import (  # noqa: F401
    assignment_action,
    assignment_attachment,
    assignment_detail,
    assignment_sheet,
    my_assignments,
    panel_opinion,
)
from .panels import (  # noqa: F401
    application_panel,
    panel_action,
    panel_detail,
    panel_expert_add,
    panel_leader,
    panel_list,
    panel_update,
    subject_panel,
)
from .pool import employment_add, employment_remove, expert_create, expert_edit, expert_list  # noqa: F401

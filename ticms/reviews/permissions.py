"""Who may do what in expert argumentation (第十三条第3项); shared by selectors and workflows."""

from __future__ import annotations

from ticms.accounts.models import Role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def is_province(user, obj=None) -> bool:
    return _active(user) and user.role == Role.PROVINCE


def is_assigned_expert(user, assignment) -> bool:
    """The expert the assignment belongs to (through their own account)."""
    return (
        _active(user)
        and user.role == Role.EXPERT
        and assignment.expert.user_id is not None
        and assignment.expert.user_id == user.pk
    )


def is_panel_leader(user, panel) -> bool:
    """The leader acts as leader (reads the others' sheets, writes the opinion) only once their
    own sheet is submitted: before that they are an expert like the others, who see only their
    own assignment and nothing of the application before declaring no conflict."""
    from .models import AssignmentStatus

    return (
        _active(user)
        and user.role == Role.EXPERT
        and panel.leader_id is not None
        and panel.leader.user_id == user.pk
        and panel.assignments.filter(
            expert_id=panel.leader_id, status=AssignmentStatus.SUBMITTED
        ).exists()
    )


def can_manage_pool(user) -> bool:
    """The expert pool is kept by the province (省科技厅组织技术和管理专家)."""
    return bool(is_province(user))


def can_form_panels(user) -> bool:
    return bool(is_province(user))

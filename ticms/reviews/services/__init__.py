"""Every write of expert argumentation (第十三条第3项): one transaction, a permission check and
an audit event each (transitions through the tables in workflow.py)."""

from django.utils.translation import gettext_lazy

from ticms.common.labels import register_action_labels, register_object_url

from .assignments import (
    assignment_transition,
    panel_opinion_write,
    panel_transition,
    score_sheet_save,
)
from .panels import (
    invitation_problems,
    panel_create,
    panel_expert_add,
    panel_leader_set,
    panel_update,
)
from .pool import employment_add, employment_remove, expert_create, expert_update

register_object_url("reviews.assignment", "reviews:assignment_detail")
register_object_url("reviews.panel", "reviews:panel_detail")
register_object_url("reviews.expert", "reviews:expert_edit")
register_action_labels(
    {
        "expert.create": gettext_lazy("入库评审专家"),
        "expert.update": gettext_lazy("修改专家信息"),
        "expert.employment_add": gettext_lazy("登记专家任职经历"),
        "expert.employment_remove": gettext_lazy("删除专家任职经历"),
        "review_panel.create": gettext_lazy("组建论证专家组"),
        "review_panel.update": gettext_lazy("修改论证安排"),
        "review_panel.expert_add": gettext_lazy("邀请专家"),
        "review_panel.leader_set": gettext_lazy("指定专家组组长"),
        "review_assignment.scores_save": gettext_lazy("保存评分表"),
    }
)

__all__ = [
    "assignment_transition",
    "employment_add",
    "employment_remove",
    "expert_create",
    "expert_update",
    "invitation_problems",
    "panel_create",
    "panel_expert_add",
    "panel_leader_set",
    "panel_opinion_write",
    "panel_transition",
    "panel_update",
    "score_sheet_save",
]

"""Research integrity (第九条第5项、第二十六条): findings, the expert-pool exclusion, the credit
check and the findings the campaigns' veto reads."""

from .selectors import (
    credit_check,
    excluded_experts,
    expert_exclusion_problems,
    finding_get,
    finding_list,
    findings_for_center,
)
from .services import finding_record

__all__ = [
    "credit_check",
    "excluded_experts",
    "expert_exclusion_problems",
    "finding_get",
    "finding_list",
    "finding_record",
    "findings_for_center",
]

"""Establishment (第十一至十三条): guides, applications and their versions, city recommendation,
formal review, public notice with objections, and the contract. One module per part; Django
and the callers import every model from here."""

# In the order of the former single module: the order Django registers the models in.
# isort: off
from .guides import Guide, GuideCriterion, GuideQuota, GuideStatus, MaterialKind
from .applications import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    PIPELINE_STATUSES,
    PLAN_SECTIONS,
    Application,
    ApplicationAttachment,
    ApplicationCoBuilder,
    ApplicationStatus,
    ApplicationTarget,
    ApplicationTeamMember,
    ApplicationVersion,
    ExcludedUnit,
    attachment_path,
    target_text,
)
from .reviews import FormalReview, OpinionResponse
from .notices import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Objection,
    ObjectionStatus,
    PublicNotice,
    stamp_path,
)
from .contracts import Contract, ContractTarget
# isort: on

__all__ = [
    "EDITABLE_STATUSES",
    "FINAL_STATUSES",
    "PIPELINE_STATUSES",
    "PLAN_SECTIONS",
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "Application",
    "ApplicationAttachment",
    "ApplicationCoBuilder",
    "ApplicationStatus",
    "ApplicationTarget",
    "ApplicationTeamMember",
    "ApplicationVersion",
    "Contract",
    "ContractTarget",
    "ExcludedUnit",
    "FormalReview",
    "Guide",
    "GuideCriterion",
    "GuideQuota",
    "GuideStatus",
    "MaterialKind",
    "Objection",
    "ObjectionStatus",
    "OpinionResponse",
    "PublicNotice",
    "attachment_path",
    "stamp_path",
    "target_text",
]

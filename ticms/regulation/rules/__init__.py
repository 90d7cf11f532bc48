"""The rules of 第十二条 and 第四条 as code, one module per part: outcomes and severities,
the messages findings explain themselves in, the rule and its context, the building blocks of
the checks, the checks of each article, and the catalogue. The names below stay importable
from `ticms.regulation.rules` for the callers that read the rules as a whole."""

from .base import Context, Rule, article_label
from .catalogue import ESTABLISHMENT_RULES, RULES_BY_ID
from .messages import Finding, Msg, field_paths
from .outcomes import OUTCOME_LABELS, SEVERITY_LABELS, Outcome, Severity

__all__ = [
    "ESTABLISHMENT_RULES",
    "OUTCOME_LABELS",
    "RULES_BY_ID",
    "SEVERITY_LABELS",
    "Context",
    "Finding",
    "Msg",
    "Outcome",
    "Rule",
    "Severity",
    "article_label",
    "field_paths",
]

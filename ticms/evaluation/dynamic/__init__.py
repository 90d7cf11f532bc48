"""Dynamic management (第二十五条): the rules over a center's history, the history itself, and
where a center's history comes from."""

from .history import Evaluation, History, Rectification, decode_history_json, parse_history
from .rules import DYNAMIC_RULES, PROPOSALS, RULES_BY_ID, Proposal, propose

__all__ = [
    "DYNAMIC_RULES",
    "PROPOSALS",
    "RULES_BY_ID",
    "Evaluation",
    "History",
    "Proposal",
    "Rectification",
    "decode_history_json",
    "parse_history",
    "propose",
]

"""What a change request proposes (第二十三条), checked against the center as it stands, and the
snapshot of the record parts that change requests change. One module per part: the snapshot,
cleaning what was entered, the checks at submission and decision, the lines shown. The names
below stay importable from `ticms.matters.proposals` for the change-request modules."""

from .checks import center_changes, proposal_problems
from .cleaning import MAX_DUTIES, MAX_TEXT, proposal_clean
from .lines import co_builder_line, proposal_lines
from .snapshot import (
    LEADER_FIELDS,
    SNAPSHOT_LABELS,
    TEXT_FIELDS,
    record_snapshot,
    snapshot_changes,
)

__all__ = [
    "LEADER_FIELDS",
    "MAX_DUTIES",
    "MAX_TEXT",
    "SNAPSHOT_LABELS",
    "TEXT_FIELDS",
    "center_changes",
    "co_builder_line",
    "proposal_clean",
    "proposal_lines",
    "proposal_problems",
    "record_snapshot",
    "snapshot_changes",
]

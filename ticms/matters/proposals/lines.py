"""What a change request proposes, in (label, text) lines for pages and notices: while open,
the record as it stands beside the proposal; once approved, the values before and after as the
record's versions keep them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.centers.models import CoBuilderKind
from ticms.common.text import bracketed, labelled

from ..models import ChangeKind, ChangeRequest
from .snapshot import (
    LEADER_FIELDS,
    SNAPSHOT_LABELS,
    TEXT_FIELDS,
    decided_snapshots,
    person_entry,
    record_snapshot,
    value_text,
)


def co_builder_line(row: dict) -> str:
    kind = CoBuilderKind(row["kind"]).label
    text = bracketed(row["name"], _("，").join([row["uscc"], str(kind)]))
    if row.get("duties"):
        text = labelled(text, row["duties"])
    if row.get("agreement_signed_on"):
        text += str(_("（共建协议签署于 %(date)s）") % {"date": row["agreement_signed_on"]})
    return text


def proposal_lines(change: ChangeRequest) -> list[tuple[str, str]]:
    """(label, text) lines of what is proposed, for pages and notices. While the request is
    open: the record as it stands and the proposal. Once approved: the values before and after
    the change as the record's versions keep them (the record has the new value by then)."""
    p = change.proposed or {}
    decided = decided_snapshots(change)
    if change.kind in LEADER_FIELDS:
        role = LEADER_FIELDS[change.kind]
        proposed = (
            value_text(role, {"name": p["name"], "id_masked": p["id_masked"]})
            if p.get("person_id")
            else "—"
        )
        if decided is not None:
            before, after = decided
            lines = [
                (_("原任"), value_text(role, before.get(role))),
                (_("新任"), value_text(role, after.get(role)) if after.get(role) else proposed),
            ]
            if change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
                key = "executive_director_full_time"
                lines.append((str(SNAPSHOT_LABELS[key]), value_text(key, after.get(key))))
            return lines
        lines = [
            (_("现任"), value_text(role, person_entry(getattr(change.center, role)))),
            (_("拟任"), proposed),
        ]
        if change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
            lines.append(
                (
                    _("拟任执行主任全职"),
                    value_text("executive_director_full_time", p.get("full_time"))
                    if "full_time" in p
                    else "—",
                )
            )
        return lines
    if change.kind == ChangeKind.HOST_UNIT:
        proposed = value_text("host_unit", p) if p.get("uscc") else "—"
        if decided is not None:
            before, after = decided
            return [
                (_("原依托单位"), value_text("host_unit", before.get("host_unit"))),
                (_("新依托单位"), value_text("host_unit", after.get("host_unit"))),
            ]
        return [
            (_("现依托单位"), value_text("host_unit", record_snapshot(change.center)["host_unit"])),
            (_("拟任依托单位"), proposed),
        ]
    if change.kind == ChangeKind.CO_BUILDERS:
        lines = [(_("增加"), co_builder_line(r)) for r in p.get("add") or []]
        # 「退出共建」, not 「退出」: that msgid is the logout button's.
        lines += [(_("退出共建"), bracketed(r["name"], r["uscc"])) for r in p.get("remove") or []]
        return lines or [(_("拟变更内容"), "—")]
    field = TEXT_FIELDS[change.kind]
    if decided is not None:
        before, after = decided
        return [
            (_("原内容"), before.get(field) or "—"),
            (_("调整后"), after.get(field) or p.get("text") or "—"),
        ]
    return [
        (_("现行内容"), getattr(change.center, field) or "—"),
        (_("调整后"), p.get("text") or "—"),
    ]

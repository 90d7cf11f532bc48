"""A change request re-checked at submission and at each decision (complete, and still
applicable to the center as it stands now), and its proposal as the arguments of
centers.services.center_apply_change."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Person
from ticms.centers.models import Center

from ..models import ChangeKind, ChangeRequest
from .snapshot import LEADER_FIELDS, SNAPSHOT_LABELS, TEXT_FIELDS

REASON_MISSING = gettext_lazy("请填写申请理由（书面申请，第二十三条）")


def proposal_problems(change: ChangeRequest) -> list[str]:
    """Complete, and still applicable to the center as it stands now (another request may
    have been approved since)."""
    center = change.center
    proposed = change.proposed or {}
    problems = []
    if not change.reason.strip():
        problems.append(str(REASON_MISSING))
    if change.kind in LEADER_FIELDS:
        role = LEADER_FIELDS[change.kind]
        role_label = Center._meta.get_field(role).verbose_name
        if not proposed.get("person_id"):
            problems.append(
                _("请填写拟任%(role)s的姓名和证件号码（第十二条第4项）") % {"role": role_label}
            )
        elif proposed["person_id"] == getattr(center, f"{role}_id"):
            problems.append(_("拟任%(role)s已是现任%(role)s，无需变更") % {"role": role_label})
        if change.kind == ChangeKind.EXECUTIVE_DIRECTOR and "full_time" not in proposed:
            problems.append(_("请说明拟任执行主任是否全职（第十二条第4项）"))
    elif change.kind == ChangeKind.HOST_UNIT:
        code = proposed.get("uscc")
        if not code:
            problems.append(_("请填写拟任依托单位的统一社会信用代码"))
        elif code == center.host_unit.uscc:
            problems.append(_("该单位已是本中心的依托单位"))
        elif center.co_builders.filter(organisation__uscc=code).exists():
            problems.append(
                _("该单位是本中心的共建单位；请先通过共建单位调整使其退出，再申请作为依托单位")
            )
    elif change.kind == ChangeKind.CO_BUILDERS:
        add, remove = proposed.get("add") or [], proposed.get("remove") or []
        existing = set(center.co_builders.values_list("organisation__uscc", flat=True))
        if not add and not remove:
            problems.append(_("请至少增加或退出一家共建单位"))
        for row in add:
            if row["uscc"] in existing:
                problems.append(_("「%(org)s」已是该中心的共建单位") % {"org": row["name"]})
            if not row.get("agreement_signed_on"):
                # A draft saved before the date was asked for.
                problems.append(
                    _("请填写与「%(org)s」的共建协议签署日期（第十二条第1项）")
                    % {"org": row["name"]}
                )
        for row in remove:
            if row["uscc"] not in existing:
                problems.append(_("「%(org)s」已不是该中心的共建单位") % {"org": row["name"]})
        remaining = len(existing - {r["uscc"] for r in remove}) + len(add)
        if (add or remove) and remaining < 1:
            problems.append(
                _("技术创新中心须多方共建（第十二条第1项），调整后至少保留一家共建单位")
            )
    else:
        field = TEXT_FIELDS[change.kind]
        label = SNAPSHOT_LABELS[field]
        text = (proposed.get("text") or "").strip()
        if not text:
            problems.append(_("请填写调整后的「%(label)s」") % {"label": label})
        elif text == getattr(center, field).strip():
            problems.append(_("调整后的「%(label)s」与现行内容相同") % {"label": label})
    return problems


def center_changes(change: ChangeRequest) -> dict:
    """The proposal as the arguments of centers.services.center_apply_change."""
    proposed = change.proposed
    if change.kind in LEADER_FIELDS:
        changes = {LEADER_FIELDS[change.kind]: Person.objects.get(pk=proposed["person_id"])}
        if change.kind == ChangeKind.EXECUTIVE_DIRECTOR:
            changes["executive_director_full_time"] = bool(proposed["full_time"])
        return changes
    if change.kind == ChangeKind.HOST_UNIT:
        return {"host_unit": {"uscc": proposed["uscc"], "name": proposed["name"]}}
    if change.kind == ChangeKind.CO_BUILDERS:
        return {
            "co_builders_add": proposed.get("add") or [],
            "co_builders_remove": [r["uscc"] for r in proposed.get("remove") or []],
        }
    return {TEXT_FIELDS[change.kind]: proposed["text"].strip()}

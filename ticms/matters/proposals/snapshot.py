"""The parts of a center's record that change requests change (第二十三条), as a snapshot: what
each kind of request changes, each value as an officer reads it, what differs between two
snapshots, and the record just before and after an approved request."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Person
from ticms.centers.models import Center, CoBuilderKind
from ticms.common.text import bracketed, yes_no

from ..models import CenterRecordVersion, ChangeKind, ChangeRequest, ChangeStatus

TEXT_FIELDS = {
    ChangeKind.RESEARCH_DIRECTION: "research_directions",
    ChangeKind.DEVELOPMENT_GOALS: "development_goals",
    ChangeKind.ORGANISATION_STRUCTURE: "organisation_structure",
}
LEADER_FIELDS = {
    ChangeKind.DIRECTOR: "director",
    ChangeKind.EXECUTIVE_DIRECTOR: "executive_director",
}
SNAPSHOT_LABELS = {
    "host_unit": gettext_lazy("依托单位"),
    "director": gettext_lazy("主任"),
    "executive_director": gettext_lazy("执行主任"),
    "executive_director_full_time": gettext_lazy("执行主任全职"),
    "co_builders": gettext_lazy("共建单位"),
    "research_directions": gettext_lazy("重点技术领域和研发方向"),
    "development_goals": gettext_lazy("发展目标"),
    "organisation_structure": gettext_lazy("组织架构"),
}


def person_entry(p: Person | None) -> dict | None:
    return {"id": p.pk, "name": p.name, "id_masked": p.id_masked} if p else None


def record_snapshot(center: Center) -> dict:
    return {
        "host_unit": {"uscc": center.host_unit.uscc, "name": center.host_unit.name},
        "director": person_entry(center.director),
        "executive_director": person_entry(center.executive_director),
        "executive_director_full_time": center.executive_director_full_time,
        "co_builders": [
            {
                "uscc": c.organisation.uscc,
                "name": c.organisation.name,
                "kind": c.kind,
                "duties": c.duties,
            }
            for c in center.co_builders.select_related("organisation").order_by("pk")
        ],
        "research_directions": center.research_directions,
        "development_goals": center.development_goals,
        "organisation_structure": center.organisation_structure,
    }


def value_text(key: str, value) -> str:
    """One snapshot value as an officer reads it."""
    if value is None or value == "":
        return "—"
    if key in ("director", "executive_director"):
        return bracketed(value["name"], value.get("id_masked"))
    if key == "host_unit":
        return bracketed(value["name"], value["uscc"])
    if key == "executive_director_full_time":
        return yes_no(value)
    if key == "co_builders":
        return (
            str(_("；")).join(bracketed(c["name"], CoBuilderKind(c["kind"]).label) for c in value)
            or "—"
        )
    return str(value)


def snapshot_changes(before: dict | None, after: dict) -> list[dict]:
    if before is None:
        return []
    return [
        {
            "label": SNAPSHOT_LABELS[key],
            "before": value_text(key, before.get(key)),
            "after": value_text(key, after.get(key)),
        }
        for key in SNAPSHOT_LABELS
        if before.get(key) != after.get(key)
    ]


def decided_snapshots(change: ChangeRequest) -> tuple[dict, dict] | None:
    """(before, after): the record as it stood just before this approved request took effect
    (the version before the one it created) and just after; None unless approved."""
    if change.status != ChangeStatus.APPROVED:
        return None
    version = CenterRecordVersion.objects.filter(change_request=change).first()
    if version is None:
        return None
    previous = (
        CenterRecordVersion.objects.filter(center_id=change.center_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    return (previous.snapshot, version.snapshot) if previous else None

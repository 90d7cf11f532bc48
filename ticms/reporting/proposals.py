"""What a change request proposes (第二十三条), checked against the center as it stands, and the
snapshot of the record parts that change requests change."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import idnumbers, uscc
from ticms.accounts.models import Organisation, Person
from ticms.accounts.services import person_name_correct, person_upsert
from ticms.centers.models import Center, CoBuilderKind
from ticms.common import messages
from ticms.common.exceptions import ValidationFailed
from ticms.common.models import AuditEvent
from ticms.common.text import bracketed, labelled, yes_no

from .models_matters import CenterRecordVersion, ChangeKind, ChangeRequest, ChangeStatus

MAX_TEXT = 5000
MAX_DUTIES = 2000
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
REASON_MISSING = gettext_lazy("请填写申请理由（书面申请，第二十三条）")
AGREEMENT_LABEL = gettext_lazy("共建协议签署日期")
CO_BUILDER_ROW_KEYS = {"uscc", "name", "kind", "duties", "agreement_signed_on"}


def _person(p: Person | None) -> dict | None:
    return {"id": p.pk, "name": p.name, "id_masked": p.id_masked} if p else None


def record_snapshot(center: Center) -> dict:
    return {
        "host_unit": {"uscc": center.host_unit.uscc, "name": center.host_unit.name},
        "director": _person(center.director),
        "executive_director": _person(center.executive_director),
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


# --- cleaning what the applicant entered ---------------------------------------------------------


def _text(raw, errors: dict, field: str, label, max_length: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        errors[field] = [_("「%(label)s」须为文本") % {"label": label}]
        return ""
    text = raw.strip()
    if len(text) > max_length:
        errors[field] = [_("「%(label)s」不能超过 %(n)d 字") % {"label": label, "n": max_length}]
    return text


def _registered_by(change: ChangeRequest, person: Person) -> bool:
    """Whether saving this request registered the person: the audit chain holds the person's
    registration immediately followed by this request's own save (one transaction)."""
    created = (
        AuditEvent.objects.filter(
            action="person.create", object_type="accounts.person", object_id=str(person.pk)
        )
        .order_by("seq")
        .first()
    )
    if created is None:
        return False
    following = AuditEvent.objects.filter(seq=created.seq + 1).first()
    return (
        following is not None
        and following.action in ("change_request.create", "change_request.update")
        and following.object_type == "reporting.changerequest"
        and following.object_id == str(change.pk)
    )


def _own_typo_person(change: ChangeRequest | None, current: dict, number: str) -> Person | None:
    """The person this request registered under a mistyped name, when the number entered is
    theirs and nothing else knows them yet (another request, or any record person_name_correct
    checks); None otherwise."""
    if change is None or not change.is_editable or not current.get("person_id"):
        return None
    person = Person.objects.filter(
        pk=current["person_id"], id_hash=idnumbers.id_hash(number)
    ).first()
    if person is None:
        return None
    if ChangeRequest.objects.exclude(pk=change.pk).filter(proposed__person_id=person.pk).exists():
        return None
    return person if _registered_by(change, person) else None


def _resolve_person(actor, change, current: dict, name: str, number: str) -> Person:
    try:
        return person_upsert(actor=actor, name=name, id_number=number)
    except ValidationFailed as exc:
        person = _own_typo_person(change, current, number) if "name" in exc.errors else None
        if person is None:
            raise ValidationFailed(
                {f"proposed.{field}": messages for field, messages in exc.errors.items()}
            ) from exc
    # A name mistyped in this draft is corrected; a person known elsewhere is still refused.
    try:
        return person_name_correct(
            actor=actor,
            person_id=person.pk,
            name=name,
            note=messages.msg(messages.LEGACY, text=messages.ref(change)),
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            {f"proposed.{field}": messages for field, messages in exc.errors.items()}
        ) from exc


def _clean_leader(actor, center: Center, kind: str, raw: dict, current: dict, change=None) -> dict:
    errors: dict[str, list] = {}
    role = LEADER_FIELDS[kind]
    role_label = Center._meta.get_field(role).verbose_name
    name = _text(raw.get("name"), errors, "proposed.name", _("姓名"), 100)
    number = _text(raw.get("id_number"), errors, "proposed.id_number", _("证件号码"), 30)
    # Omitted on a later save: what was already answered stands.
    full_time = raw.get("full_time", current.get("full_time"))
    if kind == ChangeKind.EXECUTIVE_DIRECTOR and not isinstance(full_time, bool):
        errors["proposed.full_time"] = [_("请说明拟任执行主任是否全职（第十二条第4项）")]
    if errors:
        raise ValidationFailed(errors)
    if not name and not number:
        return {"full_time": full_time} if isinstance(full_time, bool) else {}
    if not name:
        raise ValidationFailed(
            {"proposed.name": [_("请填写拟任%(role)s的姓名") % {"role": role_label}]}
        )
    if not number:
        # Editing only the reason keeps the person already resolved; a new person needs the
        # number for the comparison of 第十二条第4项.
        if current.get("person_id") and current.get("name") == name:
            result = {k: current[k] for k in ("person_id", "name", "id_masked")}
        else:
            raise ValidationFailed(
                {"proposed.id_number": [_("请填写证件号码，用于第十二条第4项的重复支持比对")]}
            )
    else:
        person = _resolve_person(actor, change, current, name, number)
        result = {"person_id": person.pk, "name": person.name, "id_masked": person.id_masked}
    if result["person_id"] == getattr(center, f"{role}_id"):
        raise ValidationFailed(
            {"proposed.name": [_("拟任%(role)s即为现任%(role)s，无需变更") % {"role": role_label}]}
        )
    if kind == ChangeKind.EXECUTIVE_DIRECTOR:
        result["full_time"] = full_time
    return result


def _agreement_date(raw, errors: dict, field: str) -> str:
    """The date the added co-builder signed its co-building agreement (第十二条第1项), as
    YYYY-MM-DD; required, and not in the future."""
    if raw in (None, ""):
        errors[field] = [_("请填写与该单位的共建协议签署日期（第十二条第1项）")]
        return ""
    day = raw if isinstance(raw, dt.date) else None
    if day is None and isinstance(raw, str) and len(raw.strip()) == 10:
        try:
            day = dt.date.fromisoformat(raw.strip())
        except ValueError:
            day = None
    if day is None:
        errors[field] = [
            _("「%(label)s」须为有效日期，格式为 YYYY-MM-DD") % {"label": AGREEMENT_LABEL}
        ]
    elif day > timezone.localdate():
        errors[field] = [_("共建协议签署日期不能晚于今天")]
    elif day.year < 1990:
        errors[field] = [_("「%(label)s」须在1990年以后") % {"label": AGREEMENT_LABEL}]
    else:
        return day.isoformat()
    return ""


def _clean_co_builders(center: Center, raw: dict) -> dict:
    errors: dict[str, list] = {}
    add, remove = raw.get("add") or [], raw.get("remove") or []
    if not isinstance(add, list):
        errors["proposed.add"] = [_("「增加的共建单位」须为列表")]
        add = []
    if not isinstance(remove, list):
        errors["proposed.remove"] = [_("「退出的共建单位」须为列表")]
        remove = []
    existing = {
        c.organisation.uscc: c.organisation.name
        for c in center.co_builders.select_related("organisation")
    }
    known = dict(
        Organisation.objects.filter(
            uscc__in=[
                uscc.normalize(r["uscc"])
                for r in add
                if isinstance(r, dict) and isinstance(r.get("uscc"), str)
            ]
        ).values_list("uscc", "name")
    )
    host_uscc = center.host_unit.uscc
    added, seen = [], set()
    for index, row in enumerate(add):
        path = f"proposed.add[{index}]"
        if not isinstance(row, dict) or set(row) - CO_BUILDER_ROW_KEYS:
            errors[path] = [_("须为对象，含 uscc、name、kind、duties、agreement_signed_on")]
            continue
        code = uscc.normalize(row.get("uscc") if isinstance(row.get("uscc"), str) else "")
        row_errors: dict[str, list] = {}
        if not code:
            row_errors[f"{path}.uscc"] = [_("请填写统一社会信用代码")]
        elif message := uscc.problem(code):
            row_errors[f"{path}.uscc"] = [message]
        elif code == host_uscc:
            row_errors[f"{path}.uscc"] = [_("依托单位本身不作为共建单位登记")]
        elif code in existing:
            row_errors[f"{path}.uscc"] = [
                _("「%(org)s」已是该中心的共建单位") % {"org": existing[code]}
            ]
        elif code in seen:
            row_errors[f"{path}.uscc"] = [_("同一单位只能增加一次")]
        name = _text(row.get("name"), row_errors, f"{path}.name", _("单位名称"), 200)
        if not name and code not in known:
            row_errors[f"{path}.name"] = [_("请填写单位名称")]
        kind = row.get("kind")
        if kind not in CoBuilderKind.values:
            row_errors[f"{path}.kind"] = [_("请选择共建单位类型")]
        duties = _text(row.get("duties"), row_errors, f"{path}.duties", _("分工"), MAX_DUTIES)
        signed = _agreement_date(
            row.get("agreement_signed_on"), row_errors, f"{path}.agreement_signed_on"
        )
        if row_errors:
            errors.update(row_errors)
            continue
        seen.add(code)
        # An organisation already registered keeps its registered name (一数一源).
        added.append(
            {
                "uscc": code,
                "name": known.get(code, name),
                "kind": kind,
                "duties": duties,
                "agreement_signed_on": signed,
            }
        )
    removed = []
    for index, code in enumerate(remove):
        code = uscc.normalize(code) if isinstance(code, str) else ""
        if code not in existing:
            errors[f"proposed.remove[{index}]"] = [
                _("统一社会信用代码为 %(code)s 的单位不是本中心的共建单位") % {"code": code or "—"}
            ]
        elif code not in {r["uscc"] for r in removed}:
            removed.append({"uscc": code, "name": existing[code]})
    if not errors and len(existing) - len(removed) + len(added) < 1:
        errors["proposed.remove"] = [
            _("技术创新中心须多方共建（第十二条第1项），调整后至少保留一家共建单位")
        ]
    if errors:
        raise ValidationFailed(errors)
    return {"add": added, "remove": removed}


def _clean_host_unit(center: Center, raw: dict) -> dict:
    """A new host unit (依托单位): a legal person registered in Jiangsu (第十二条第1项), not the
    current one, not one of the center's co-builders (a unit cannot be both)."""
    errors: dict[str, list] = {}
    code = uscc.normalize(raw.get("uscc") if isinstance(raw.get("uscc"), str) else "")
    if not code:
        errors["proposed.uscc"] = [_("请填写拟任依托单位的统一社会信用代码")]
    elif message := uscc.problem(code):
        errors["proposed.uscc"] = [message]
    elif code == center.host_unit.uscc:
        errors["proposed.uscc"] = [_("该单位已是本中心的依托单位")]
    elif not uscc.is_jiangsu(code):
        errors["proposed.uscc"] = [
            _("依托单位须为在江苏境内注册的独立法人（第十二条第1项）：该代码的登记管理机关不在江苏")
        ]
    elif center.co_builders.filter(organisation__uscc=code).exists():
        errors["proposed.uscc"] = [
            _("该单位是本中心的共建单位；请先通过共建单位调整使其退出，再申请作为依托单位")
        ]
    known = Organisation.objects.filter(uscc=code).first() if code else None
    name = _text(raw.get("name"), errors, "proposed.name", _("单位名称"), 200)
    if not name and known is None and "proposed.uscc" not in errors:
        errors["proposed.name"] = [_("请填写单位名称")]
    if errors:
        raise ValidationFailed(errors)
    # An organisation already registered keeps its registered name (一数一源).
    return {"uscc": code, "name": known.name if known else name}


def _clean_text_change(center: Center, kind: str, raw: dict) -> dict:
    errors: dict[str, list] = {}
    label = SNAPSHOT_LABELS[TEXT_FIELDS[kind]]
    text = _text(raw.get("text"), errors, "proposed.text", label, MAX_TEXT)
    if not errors and text and text == getattr(center, TEXT_FIELDS[kind]).strip():
        errors["proposed.text"] = [_("调整后的「%(label)s」与现行内容相同") % {"label": label}]
    if errors:
        raise ValidationFailed(errors)
    return {"text": text}


def proposal_clean(
    *, actor, center: Center, kind: str, raw, current: dict, change: ChangeRequest | None = None
) -> dict:
    """The structured proposal from what was entered; raises ValidationFailed naming fields as
    `proposed.<field>`. Person data go through person_upsert: only pk, name, masked ID kept.
    `change` is the request being edited (None when creating one)."""
    if not isinstance(raw, dict):
        raise ValidationFailed({"proposed": [_("拟变更内容须为对象")]})
    if kind in LEADER_FIELDS:
        return _clean_leader(actor, center, kind, raw, current, change)
    if kind == ChangeKind.CO_BUILDERS:
        return _clean_co_builders(center, raw)
    if kind == ChangeKind.HOST_UNIT:
        return _clean_host_unit(center, raw)
    return _clean_text_change(center, kind, raw)


# --- re-checked at submission and at each decision --------------------------------------------


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
            (_("现任"), value_text(role, _person(getattr(change.center, role)))),
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

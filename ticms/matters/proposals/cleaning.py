"""What the applicant entered for a change request, cleaned into the structured proposal:
leaders (persons resolved by hashed ID number), co-builders added and removed, a new host unit,
or a text of the record. Errors name their fields as `proposed.<field>`."""

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
from ticms.common.labels import types_of
from ticms.common.models import AuditEvent

from ..models import ChangeKind, ChangeRequest
from .snapshot import LEADER_FIELDS, SNAPSHOT_LABELS, TEXT_FIELDS

MAX_TEXT = 5000
MAX_DUTIES = 2000
AGREEMENT_LABEL = gettext_lazy("共建协议签署日期")
CO_BUILDER_ROW_KEYS = {"uscc", "name", "kind", "duties", "agreement_signed_on"}


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
        and following.object_type in types_of("matters.changerequest")
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

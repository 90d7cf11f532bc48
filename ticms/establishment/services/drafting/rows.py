"""The sections of an application that are lists of rows: targets (考核指标), co-builders
(keyed by their 统一社会信用代码), the team roster (all or nothing) and the units excluded
from the review; each row added or removed with its audit event."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts import uscc as uscc_codes
from ticms.accounts.models import Degree, TitleLevel
from ticms.accounts.services import person_upsert
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.common.exceptions import NotFound, ValidationFailed
from ticms.regulation.profile import FieldError, _amount

from ...models import ApplicationCoBuilder, ApplicationTarget, ApplicationTeamMember, ExcludedUnit
from .editing import _audit_update, _locked_draft

MAX_ROWS = 2000  # team roster rows; more is an upload mistake


def _decimal(errors, field, value, label, *, required=True):
    if value is None or value == "":
        if required:
            errors[field] = [_("请填写%(label)s") % {"label": label}]
        return None
    try:
        number = _amount(value, field)
    except FieldError as exc:
        errors[field] = [str(exc)]
        return None
    if number >= Decimal(10) ** 14:
        errors[field] = [_("%(label)s数值过大") % {"label": label}]
        return None
    if number.as_tuple().exponent < -2:
        errors[field] = [_("%(label)s最多保留2位小数") % {"label": label}]
        return None
    return number


def target_add(
    *, actor, application_id: int, name: str, unit: str, target_value, target_year,
    baseline=None,
) -> ApplicationTarget:  # fmt: skip
    """One 考核指标 row: what, in which unit, the target value and the year it is due."""
    errors: dict[str, list] = {}
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name or len(name) > 200:
        errors["name"] = [_("请填写指标名称（200字以内）")]
    if not unit or len(unit) > 30:
        errors["unit"] = [_("请填写计量单位（30字以内）")]
    value = _decimal(errors, "target_value", target_value, _("目标值"))
    base = _decimal(errors, "baseline", baseline, _("现有基础"), required=False)
    try:
        year = int(target_year)
    except (TypeError, ValueError):
        year = None
    this_year = timezone.localdate().year
    if year is None or not this_year <= year <= this_year + 10:
        errors["target_year"] = [
            _("完成年度须在 %(first)d 至 %(last)d 年之间")
            % {"first": this_year, "last": this_year + 10}
        ]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        # The same row twice (same name, unit, value and year) is a slip, never two targets.
        if application.targets.filter(
            name=name, unit=unit, target_value=value, target_year=year
        ).exists():
            raise ValidationFailed(
                {
                    "name": [
                        _(
                            "已有相同的考核指标（指标名称、计量单位、目标值和完成年度都相同），"
                            "不能重复添加"
                        )
                    ]
                }
            )
        order = application.targets.count()
        target = ApplicationTarget.objects.create(
            application=application,
            name=name,
            unit=unit,
            baseline=base,
            target_value=value,
            target_year=year,
            order=order,
        )
        _audit_update(actor, application, "targets", {}, {"target_added": str(target)})
    return target


def _row_remove(actor, application_id: int, model, row_id: int, part: str) -> None:
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        row = model.objects.filter(application=application, pk=row_id).first()
        if row is None:
            raise NotFound(_("该行不存在"))
        label = str(row)
        row.delete()
        _audit_update(
            actor, application, part, {f"{part}_removed": None}, {f"{part}_removed": label}
        )


def target_remove(*, actor, application_id: int, target_id: int) -> None:
    _row_remove(actor, application_id, ApplicationTarget, target_id, "targets")


def co_builder_add(
    *, actor, application_id: int, name: str, uscc: str, kind: str, duties: str = ""
) -> ApplicationCoBuilder:
    """A co-building unit (第十二条第1项), keyed by its 统一社会信用代码 (fill once)."""
    errors: dict[str, list] = {}
    name = (name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = [_("请填写共建单位名称（200字以内）")]
    code = uscc_codes.normalize(uscc or "")
    if not code:
        errors["uscc"] = [_("请填写统一社会信用代码")]
    elif message := uscc_codes.problem(code):
        errors["uscc"] = [message]
    if kind not in CoBuilderKind.values:
        errors["kind"] = [_("请选择共建单位类型")]
    if len(duties or "") > 2000:
        errors["duties"] = [_("分工负责的建设任务不能超过2000字")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        if code == application.host_unit.uscc:
            raise ValidationFailed({"uscc": [_("依托单位本身不是共建单位")]})
        if application.co_builders.filter(uscc=code).exists():
            raise ValidationFailed({"uscc": [_("该单位已在共建单位名单中")]})
        row = ApplicationCoBuilder.objects.create(
            application=application, name=name, uscc=code, kind=kind, duties=(duties or "").strip()
        )
        _audit_update(actor, application, "co_builders", {}, {"co_builder_added": f"{name} {code}"})
    return row


def co_builder_remove(*, actor, application_id: int, co_builder_id: int) -> None:
    _row_remove(actor, application_id, ApplicationCoBuilder, co_builder_id, "co_builders")


def _team_row(errors: dict, index: int | None, row: dict) -> dict:
    prefix = "" if index is None else f"team[{index}]."
    team = row.get("team")
    if team not in TeamType.values:
        errors[f"{prefix}team"] = [_("请选择所属团队")]
    position = (row.get("position") or "").strip()
    if len(position) > 100:
        errors[f"{prefix}position"] = [_("岗位不能超过100个字")]
    if not row.get("id_number"):
        errors[f"{prefix}id_number"] = [_("请填写证件号码（用于第十二条第4项重复支持比对）")]
    title_level = row.get("title_level") or TitleLevel.NONE
    if title_level not in TitleLevel.values:
        errors[f"{prefix}title_level"] = [_("请选择职称级别")]
    degree = row.get("degree") or Degree.OTHER
    if degree not in Degree.values:
        errors[f"{prefix}degree"] = [_("请选择学位")]
    return {
        "team": team,
        "position": position,
        "full_time": bool(row.get("full_time")),
        "is_rd_staff": bool(row.get("is_rd_staff")),
        # What this application states: a person's record elsewhere may be older.
        "title_level": title_level,
        "degree": degree,
    }


PERSON_KEYS = ("name", "id_number", "title_level", "degree")


def team_members_add(*, actor, application_id: int, rows: list[dict]) -> int:
    """Add roster rows (name, id_number, title_level, degree, team, position, full_time,
    is_rd_staff). All or nothing: one bad row and none is saved, every problem named."""
    if len(rows) > MAX_ROWS:
        raise ValidationFailed({"team": [_("一次最多添加%(n)d人") % {"n": MAX_ROWS}]})
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        errors: dict[str, list] = {}
        single = len(rows) == 1
        memberships = []
        for index, row in enumerate(rows):
            membership = _team_row(errors, None if single else index, row)
            memberships.append(membership)
        if errors:
            raise ValidationFailed(errors)
        existing = set(application.team_members.values_list("person_id", flat=True))
        created = []
        for index, (row, membership) in enumerate(zip(rows, memberships, strict=True)):
            prefix = "" if single else f"team[{index}]."
            try:
                person = person_upsert(actor=actor, **{k: row[k] for k in PERSON_KEYS if k in row})
            except ValidationFailed as exc:
                for field, messages in exc.errors.items():
                    errors[f"{prefix}{field}"] = messages
                continue
            if person.pk in existing:
                errors[f"{prefix}id_number"] = [_("%(name)s已在团队名单中") % {"name": person.name}]
                continue
            existing.add(person.pk)
            created.append(
                ApplicationTeamMember(application=application, person=person, **membership)
            )
        if errors:
            raise ValidationFailed(errors)
        ApplicationTeamMember.objects.bulk_create(created)
        application.save(update_fields=["updated_at"])
        _audit_update(actor, application, "team", {}, {"team_added": len(created)})
    return len(created)


def team_member_remove(*, actor, application_id: int, member_id: int) -> None:
    _row_remove(actor, application_id, ApplicationTeamMember, member_id, "team")


def excluded_unit_add(
    *, actor, application_id: int, name: str, uscc: str = "", reason: str = ""
) -> ExcludedUnit:
    """A unit whose experts the applicant asks to keep off its panel (回避, 第十三条第3项)."""
    errors: dict[str, list] = {}
    name = (name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = [_("请填写回避单位名称（200字以内）")]
    code = uscc_codes.normalize(uscc or "")
    if code and (message := uscc_codes.problem(code)):
        errors["uscc"] = [message]
    if len(reason or "") > 500:
        errors["reason"] = [_("回避理由不能超过500字")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        row = ExcludedUnit.objects.create(
            application=application, name=name, uscc=code, reason=(reason or "").strip()
        )
        _audit_update(actor, application, "excluded_units", {}, {"excluded_unit_added": name})
    return row


def excluded_unit_remove(*, actor, application_id: int, unit_id: int) -> None:
    _row_remove(actor, application_id, ExcludedUnit, unit_id, "excluded_units")

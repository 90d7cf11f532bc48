"""Drafting an application (第十三条第2项): partial saves, rows, attachments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import uscc as uscc_codes
from ticms.accounts.models import Degree, Role, TitleLevel
from ticms.accounts.services import person_upsert
from ticms.catalog.models import IndustryField
from ticms.centers.models import CenterStatus, CoBuilderKind, TeamType
from ticms.common import messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.files import file_digest, uploaded_file_problem
from ticms.regulation.profile import FieldError, _amount, _date

from ..fields import QUESTIONS, RD_INVESTMENT
from ..models import (
    FINAL_STATUSES,
    PLAN_SECTIONS,
    Application,
    ApplicationCoBuilder,
    ApplicationTarget,
    ApplicationTeamMember,
    ExcludedUnit,
    Guide,
    GuideStatus,
    MaterialKind,
    OpinionResponse,
)
from ..permissions import is_applicant
from ..selectors import application_get

MAX_TEXT = 20000  # characters per plan section
MAX_ROWS = 2000  # team roster rows; more is an upload mistake

# --- Drafting an application (第十三条第2项) -----------------------------------------------------


def cultivating_center_for(actor, center_id):
    """A regional center the actor acts for that may apply to become a provincial one (第六条)."""
    from ticms.centers.selectors import centers_acted_for

    try:
        center_id = int(center_id)
    except (TypeError, ValueError):
        raise NotFound(_("中心不存在")) from None
    center = centers_acted_for(actor).filter(pk=center_id).select_related("host_unit").first()
    if center is None:
        raise NotFound(_("中心不存在"))
    return center


def _live_message(existing: Application) -> str:
    """Why another start is refused: the live application, and whether it can still be filled."""
    if existing.is_editable:
        return _("本单位已有依据该指南的申请书（编号 %(code)s），请继续填写该申请书") % {
            "code": existing.code
        }
    return _(
        "本单位已有依据该指南的申请书（编号 %(code)s），目前处于「%(state)s」阶段，不能再修改"
    ) % {"code": existing.code, "state": existing.get_status_display()}


def application_create(
    *,
    actor,
    guide_id: int,
    center_name: str,
    sub_field: IndustryField | None = None,
    center_id: int | None = None,
) -> Application:
    """A host unit's staff start an application under an open guide; its city is the host
    unit's. One live application per host unit and guide. With `center_id`, the application is
    for a regional center the actor already runs (第六条, 以建促创): its host unit, city, facts and
    rosters fill the draft, and its contract will promote that record."""
    if actor.role != Role.CENTER:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    center = None if center_id in (None, "") else cultivating_center_for(actor, center_id)
    if center is None and actor.organisation_id is None:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    host = center.host_unit if center is not None else actor.organisation
    guide = Guide.objects.filter(pk=guide_id).exclude(status=GuideStatus.DRAFT).first()
    if guide is None:
        raise NotFound(_("指南不存在"))
    today = timezone.localdate()
    errors: dict[str, list] = {}
    if guide.status != GuideStatus.PUBLISHED or today > guide.closes_on:
        errors["guide"] = [_("「%(guide)s」已截止申报") % {"guide": guide.title}]
    if host.city_id is None:
        errors["guide"] = [_("依托单位未登记所在设区市，请联系设区市科技局补充")]
    if center is not None:
        if center.status != CenterStatus.CULTIVATING:
            errors["center"] = [
                _(
                    "「%(center)s」当前状态为「%(state)s」：只有培育中的地方区域性中心可以申报（第六条）"
                )
                % {"center": center.name, "state": center.get_status_display()}
            ]
        elif Application.objects.filter(center=center).exclude(status__in=FINAL_STATUSES).exists():
            errors["center"] = [_("该中心已有办理中的申请书，请继续办理该申请书")]
        center_name = center_name or center.name
        sub_field = sub_field or center.sub_field
    name = (center_name or "").strip()
    if not name:
        errors["center_name"] = [_("请填写拟建中心名称")]
    elif len(name) > 200:
        errors["center_name"] = [_("拟建中心名称不能超过200个字")]
    if sub_field is not None and (sub_field.parent_id is None or not sub_field.is_active):
        errors["sub_field"] = [_("请选择细分产业领域（第四条）")]
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            existing = (
                Application.objects.filter(guide=guide, host_unit=host)
                .exclude(status__in=FINAL_STATUSES)
                .first()
            )
            if existing is not None:
                raise ValidationFailed({"guide": [_live_message(existing)]})
            city = center.city if center is not None else host.city
            prefix = f"SQ{guide.year}-{city.code}-"
            last = (
                Application.objects.filter(code__startswith=prefix)
                .order_by("-code")
                .values_list("code", flat=True)
                .first()
            )
            number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
            application = Application.objects.create(
                code=f"{prefix}{number:03d}",
                guide=guide,
                city=city,
                host_unit=host,
                center_name=name,
                sub_field=sub_field,
                created_by=actor,
                center=center,
            )
            if center is not None:
                _prefill_from_center(application, center)
            audit_record(
                actor=actor,
                action="application.create",
                obj=application,
                after={
                    "code": application.code,
                    "guide": guide.title,
                    "center_name": name,
                    "center": center.code if center is not None else None,
                },
                article="第六条" if center is not None else "第十三条第2项",
            )
    except IntegrityError as exc:
        # Two starts at once: the database constraints (one live application per host unit
        # and guide; unique codes) let one through; the other is told, nothing half-saved.
        existing = (
            Application.objects.filter(guide=guide, host_unit=host)
            .exclude(status__in=FINAL_STATUSES)
            .first()
        )
        if existing is not None:
            raise ValidationFailed({"guide": [_live_message(existing)]}) from exc
        raise ValidationFailed({"guide": [_("提交冲突，请重试")]}) from exc
    transaction.on_commit(lambda: _draft_todo(application))
    return application


def _prefill_from_center(application: Application, center) -> None:
    """Fill once (DESIGN §5): what the registry holds about the regional center."""
    application.plan_directions = center.research_directions
    application.director_id = center.director_id
    application.executive_director_id = center.executive_director_id
    facts = {
        "rd_site_area_m2": center.rd_site_area_m2,
        "instrument_value_wan_yuan": center.instrument_value_wan_yuan,
        "operating_since": center.established_on,
    }
    application.profile_data = {
        "center": {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in facts.items()
            if v is not None
        },
        "team": {"executive_director_full_time": center.executive_director_full_time},
    }
    application.save()
    ApplicationCoBuilder.objects.bulk_create(
        ApplicationCoBuilder(
            application=application,
            name=cb.organisation.name,
            uscc=cb.organisation.uscc,
            kind=cb.kind,
            duties=cb.duties,
        )
        for cb in center.co_builders.select_related("organisation")
    )
    ApplicationTeamMember.objects.bulk_create(
        ApplicationTeamMember(
            application=application,
            person=m.person,
            team=m.team,
            position=m.position,
            full_time=m.full_time,
            is_rd_staff=m.is_rd_staff,
            title_level=m.person.title_level,
            degree=m.person.degree,
        )
        for m in center.team_members.select_related("person")
    )


DRAFT_TODO = messages.define("applications.draft_todo", gettext_lazy("%(name)s：完成并提交申请书"))


def _draft_todo(application) -> None:
    """The host unit's staff see the unfinished draft, with the guide's deadline."""
    from ticms.common import inbox

    from ..workflow import applicant_staff

    inbox.todo_create(
        recipients=applicant_staff(application),
        title=messages.msg(DRAFT_TODO, name=application.center_name),
        obj=application,
        state=application.status,
        url=application.get_absolute_url(),
        article="第十三条第2项",
        due_on=application.guide.closes_on,
    )


def _locked_draft(actor, application_id: int) -> Application:
    """The application, locked, if `actor` may change its content now."""
    application = application_get(user=actor, pk=application_id)
    if not is_applicant(actor, application):
        raise PermissionDenied(_("只有申报单位（依托单位）的用户可以修改申请书"))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable:
        raise Conflict(
            _("申请书当前状态为「%(state)s」，不能修改") % {"state": locked.get_status_display()}
        )
    return locked


PART_LABELS = {
    "basics": gettext_lazy("基本信息"),
    "plan": gettext_lazy("建设方案"),
    "profile": gettext_lazy("组建条件"),
    "leaders": gettext_lazy("主任与执行主任"),
    "targets": gettext_lazy("考核指标"),
    "co_builders": gettext_lazy("共建单位"),
    "team": gettext_lazy("团队成员"),
    "excluded_units": gettext_lazy("回避单位"),
    "responses": gettext_lazy("论证意见答复"),
    "attachments": gettext_lazy("附件材料"),
}


def _audit_update(actor, application, part: str, before: dict, after: dict) -> None:
    changed = [k for k in after if after[k] != before.get(k)]
    if not changed:
        return
    audit_record(
        actor=actor,
        action="application.update",
        obj=application,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        article="第十三条第2项",
        # The section's name, in each reader's language.
        note=messages.msg(messages.LEGACY, text=messages.text(PART_LABELS.get(part, part))),
    )


def application_basics_save(
    *, actor, application_id: int, center_name: str, sub_field: IndustryField | None
) -> Application:
    name = (center_name or "").strip()
    errors = {}
    if not name:
        errors["center_name"] = [_("请填写拟建中心名称")]
    elif len(name) > 200:
        errors["center_name"] = [_("拟建中心名称不能超过200个字")]
    if sub_field is not None and (sub_field.parent_id is None or not sub_field.is_active):
        errors["sub_field"] = [_("请选择细分产业领域（第四条）")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        before = {"center_name": application.center_name, "sub_field": application.sub_field_id}
        application.center_name = name
        application.sub_field = sub_field
        application.save()
        _audit_update(
            actor,
            application,
            "basics",
            before,
            {"center_name": name, "sub_field": sub_field.pk if sub_field else None},
        )
    return application


def application_plan_save(*, actor, application_id: int, sections: dict[str, str]) -> Application:
    """Save any of the plan sections; a draft may be partly filled."""
    allowed = {name for name, _label in PLAN_SECTIONS}
    errors = {}
    for name, text in sections.items():
        if name not in allowed:
            errors[name] = [_("未知字段")]
        elif not isinstance(text, str):
            errors[name] = [_("须为文字")]
        elif len(text) > MAX_TEXT:
            errors[name] = [_("不能超过%(n)d个字") % {"n": MAX_TEXT}]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        before = {name: getattr(application, name) for name in sections}
        for name, text in sections.items():
            setattr(application, name, text.strip())
        application.save()
        _audit_update(
            actor,
            application,
            "plan",
            {k: len(v) for k, v in before.items()},
            {k: len(getattr(application, k)) for k in sections},
        )
    return application


QUESTION_BY_PATH = {q.path: q for q in QUESTIONS}


def _clean_answer(question, value):
    """A form answer in its JSON-safe stored form; None clears it. Raises FieldError."""
    if value is None or value == "":
        return None
    if question.kind == "bool":
        if not isinstance(value, bool):
            raise FieldError(_("请选择“是”或“否”"))
        return value
    if question.kind == "date":
        day = value if isinstance(value, dt.date) else _date(str(value), question.path)
        if not isinstance(day, dt.date):
            raise FieldError(_("须为 YYYY-MM-DD 格式的日期"))
        if day > timezone.localdate():
            raise FieldError(_("日期不能晚于今天"))
        _date(day.isoformat(), question.path)
        return day.isoformat()
    number = _amount(str(value) if isinstance(value, Decimal) else value, question.path)
    return str(number)


def application_profile_save(
    *, actor, application_id: int, answers: dict[str, object], rd_investment: dict | None = None
) -> Application:
    """Answers to the 第十二条 questions, by path (`center.rd_site_area_m2`), and the host unit's
    R&D investment by year. Every value is checked for its type; completeness waits for
    submission."""
    errors: dict[str, list] = {}
    cleaned = {}
    for path, value in answers.items():
        question = QUESTION_BY_PATH.get(path)
        if question is None:
            errors[path] = [_("未知字段")]
            continue
        try:
            cleaned[path] = _clean_answer(question, value)
        except FieldError as exc:
            errors[path] = [str(exc)]
    investment = {}
    this_year = timezone.localdate().year
    for year, value in (rd_investment or {}).items():
        path = f"{RD_INVESTMENT[0]}.{RD_INVESTMENT[1]}.{year}"
        if not str(year).isdigit() or not 1990 <= int(year) < this_year:
            errors[path] = [_("年份须为已结束的年度")]
            continue
        if value is None or value == "":
            investment[str(year)] = None
            continue
        try:
            investment[str(year)] = str(_amount(value, path))
        except FieldError as exc:
            errors[path] = [str(exc)]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        data = {k: dict(v) for k, v in (application.profile_data or {}).items()}
        before = to_json(data)
        for path, value in cleaned.items():
            section, key = path.split(".")
            if value is None:
                data.setdefault(section, {}).pop(key, None)
            else:
                data.setdefault(section, {})[key] = value
        if investment:
            by_year = dict(data.setdefault("host_unit", {}).get(RD_INVESTMENT[1]) or {})
            for year, value in investment.items():
                if value is None:
                    by_year.pop(year, None)
                else:
                    by_year[year] = value
            data["host_unit"][RD_INVESTMENT[1]] = by_year
        application.profile_data = data
        application.save()
        flat_before = {
            f"{s}.{k}": v for s, values in before.items() for k, v in (values or {}).items()
        }
        flat_after = {f"{s}.{k}": v for s, values in data.items() for k, v in values.items()}
        _audit_update(actor, application, "profile", flat_before, flat_after)
    return application


_UNSET = object()
FULL_TIME = "team.executive_director_full_time"


def application_leaders_save(
    *,
    actor,
    application_id: int,
    director: dict | None,
    executive_director: dict | None,
    executive_director_full_time=_UNSET,
) -> Application:
    """The proposed director and full-time executive director (第十二条第4项、第十五条), each a
    person found or registered by hashed ID number: name, id_number, title_level, degree.
    `executive_director_full_time` (True, False, or None to clear), when given, answers the
    第十二条第4项 question about the executive director in the same step."""
    full_time_given = executive_director_full_time is not _UNSET
    full_time = None
    if full_time_given:
        try:
            full_time = _clean_answer(QUESTION_BY_PATH[FULL_TIME], executive_director_full_time)
        except FieldError as exc:
            raise ValidationFailed({FULL_TIME: [str(exc)]}) from exc
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        errors = {}
        people = {}
        for role, data in (("director", director), ("executive_director", executive_director)):
            if data is None:
                continue
            if not data.get("id_number"):
                errors[f"{role}.id_number"] = [_("请填写证件号码（用于第十二条第4项重复支持比对）")]
                continue
            try:
                people[role] = person_upsert(actor=actor, **data)
            except ValidationFailed as exc:
                for field, messages in exc.errors.items():
                    errors[f"{role}.{field}"] = messages
        if errors:
            raise ValidationFailed(errors)
        team = dict((application.profile_data or {}).get("team") or {})
        section, key = FULL_TIME.split(".")
        before = {
            "director": application.director_id,
            "executive_director": application.executive_director_id,
            FULL_TIME: team.get(key),
        }
        for role, person in people.items():
            setattr(application, role, person)
        if full_time_given:
            if full_time is None:
                team.pop(key, None)
            else:
                team[key] = full_time
            application.profile_data = {**(application.profile_data or {}), section: team}
        application.save()
        _audit_update(
            actor,
            application,
            "leaders",
            before,
            {
                "director": application.director_id,
                "executive_director": application.executive_director_id,
                FULL_TIME: team.get(key),
            },
        )
    return application


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


def opinion_response_save(*, actor, application_id: int, responses: dict[str, str]) -> Application:
    """The applicant's answer to each argumentation opinion (key → text)."""
    from ticms.reviews.selectors import argumentation_opinions

    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        opinions = {o["key"]: o for o in argumentation_opinions(application)}
        errors = {}
        for key, text in responses.items():
            if key not in opinions:
                errors[key] = [_("没有这条论证意见")]
            elif len(text or "") > 5000:
                errors[key] = [_("答复不能超过5000字")]
        if errors:
            raise ValidationFailed(errors)
        for key, text in responses.items():
            OpinionResponse.objects.update_or_create(
                application=application,
                opinion_key=key,
                defaults={"opinion_text": opinions[key]["text"], "response": (text or "").strip()},
            )
        _audit_update(actor, application, "responses", {}, {"responses": sorted(responses)})
    return application


# --- Attachments ----------------------------------------------------------------------------


def attachment_add(*, actor, application_id: int, kind: str, upload):
    from ..models import ApplicationAttachment

    errors: dict[str, list] = {}
    if kind not in MaterialKind.values:
        errors["kind"] = [_("请选择材料类型")]
    if upload is None:
        errors["file"] = [_("请选择要上传的文件")]
    elif problem := uploaded_file_problem(upload):
        errors["file"] = [problem]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        sha = file_digest(upload)
        if application.attachments.filter(sha256=sha).exists():
            raise ValidationFailed({"file": [_("同一文件已上传")]})
        attachment = ApplicationAttachment(
            application=application,
            kind=kind,
            original_name=upload.name.replace("/", "_").replace("\\", "_"),
            size=upload.size,
            sha256=sha,
            uploaded_by=actor,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
            _audit_update(
                actor,
                application,
                "attachments",
                {},
                {"attachment_added": f"{attachment.original_name} {sha[:12]}"},
            )
        except BaseException:
            # The rows roll back; the stored file must not stay behind without them.
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachment_remove(*, actor, application_id: int, attachment_id: int) -> None:
    from ..models import ApplicationAttachment

    with transaction.atomic():
        application = _locked_draft(actor, application_id)
        row = ApplicationAttachment.objects.filter(
            application=application, pk=attachment_id
        ).first()
        if row is None:
            raise NotFound(_("该附件不存在"))
        label = f"{row.original_name} {row.sha256[:12]}"
        storage, path = row.file.storage, row.file.name
        row.delete()
        _audit_update(actor, application, "attachments", {}, {"attachment_removed": label})
        # A submitted version may name the file: keep it then; a never-submitted draft's
        # file goes once the row is gone for good.
        if application.version == 0:
            transaction.on_commit(lambda: storage.delete(path))

"""The sections of an application that are one form each: basics, the plan, the answers to
the 第十二条 questions with the R&D investment by year, the leaders, and the answers to the
argumentation opinions. A draft may be partly filled; completeness waits for submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.services import person_upsert
from ticms.catalog.models import IndustryField
from ticms.common.audit import to_json
from ticms.common.exceptions import ValidationFailed
from ticms.regulation.profile import FieldError, _amount, _date

from ...fields import QUESTIONS, RD_INVESTMENT
from ...models import PLAN_SECTIONS, Application, OpinionResponse
from .editing import _audit_update, _locked_draft

MAX_TEXT = 20000  # characters per plan section


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


def opinion_response_save(*, actor, application_id: int, responses: dict[str, str]) -> Application:
    """The applicant's answer to each argumentation opinion (key → text)."""
    from ticms.reviews.selectors.argumentation import argumentation_opinions

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

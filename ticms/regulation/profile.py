"""The eligibility profile: parsed strictly, every field optional.

An absent (or null) field is kept as MISSING so its rule reports `missing`; a present but
malformed field is an error naming its path (`team.full_time_members`), never a guess.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import idnumbers
from ticms.common.exceptions import ValidationFailed
from ticms.common.money import fmt_number, to_decimal


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

CO_BUILDER_KINDS = {
    "local_government": gettext_lazy("地方政府"),
    "park": gettext_lazy("园区"),
    "enterprise": gettext_lazy("企业"),
    "university": gettext_lazy("高校"),
    "research_institute": gettext_lazy("科研院所"),
    "other": gettext_lazy("其他"),
}
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_DECIMALS = 6
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ASCII digits only, matched in full: `\d` would take other scripts' digits and `$` a trailing
# newline, so "２０２４" or "2024\n" would silently count as 2024.
YEAR_RE = re.compile(r"[0-9]{4}")
# A plain decimal: no thousands separators (a decimal comma, "4999,99", must not become 499999),
# no exponent; the sign is accepted here so that a negative gets the clearer message below.
DECIMAL_RE = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?\s*")


class FieldError(ValueError):
    pass


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def decode_profile_json(text: str | bytes):
    """Decode a profile exactly (decimals stay Decimal) and strictly: a key given twice is an
    error, since JSON parsers silently keep only the last value. Raises ValidationFailed."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        raise ValidationFailed(
            {"(root)": [_("字段「%(key)s」重复出现，请只保留一个") % {"key": exc.args[0]}]}
        ) from exc
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            {
                "(root)": [
                    _("不是有效的 JSON（第 %(line)d 行第 %(col)d 列：%(msg)s）")
                    % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
                ]
            }
        ) from exc
    # ValueError: bad encoding or an integer literal too long; RecursionError: nesting too deep.
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed({"(root)": [_("不是有效的 JSON")]}) from exc


def _bool(value, path):
    if not isinstance(value, bool):
        raise FieldError(_("须为布尔值 true 或 false"))
    return value


def _date(value, path):
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise FieldError(_("须为 YYYY-MM-DD 格式的日期"))
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise FieldError(_("不是有效的日期：%(value)s") % {"value": value}) from exc
    # Date arithmetic (12 months on, 5 years on) must stay inside what dates can hold.
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise FieldError(
            _("日期须在 %(min)d 年至 %(max)d 年之间（当前为 %(value)s）")
            % {"min": MIN_YEAR, "max": MAX_YEAR, "value": value}
        )
    return day


def _amount(value, path):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise FieldError(_("须为数字或十进制数字字符串"))
    if isinstance(value, str) and not DECIMAL_RE.fullmatch(value):
        raise FieldError(_("不是有效的数字：%(value)s") % {"value": value})
    try:
        number = to_decimal(value)
    except ValueError as exc:
        raise FieldError(_("不是有效的数字：%(value)s") % {"value": value}) from exc
    if number < 0:
        raise FieldError(_("不能为负数（当前为 %(value)s）") % {"value": fmt_number(number)})
    # Sums stay exact within Decimal's 28 digits: 16 integer digits + 6 decimals at most.
    if number.as_tuple().exponent < -MAX_DECIMALS:
        raise FieldError(_("最多保留 %(n)d 位小数") % {"n": MAX_DECIMALS})
    return number


def _count(value, path):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise FieldError(_("须为整数"))
    if isinstance(value, int):
        number = value
    else:
        try:
            decimal = to_decimal(value)
        except ValueError as exc:
            raise FieldError(_("须为整数")) from exc
        if decimal != decimal.to_integral_value():
            raise FieldError(_("人数须为整数（当前为 %(value)s）") % {"value": fmt_number(decimal)})
        number = int(decimal)
    if number < 0:
        raise FieldError(_("不能为负数（当前为 %(value)s）") % {"value": number})
    return number


def _text(max_length: int) -> Callable:
    def parse(value, path):
        if not isinstance(value, str) or not value.strip():
            raise FieldError(_("须为非空字符串"))
        if len(value) > max_length:
            raise FieldError(_("不能超过%(n)d个字符") % {"n": max_length})
        return value.strip()

    return parse


def _id_number(value, path):
    if not isinstance(value, str) or not value.strip():
        raise FieldError(_("须为证件号码字符串"))
    problem = idnumbers.problem(value)
    if problem:
        raise FieldError(problem)
    return idnumbers.normalize(value)


def _sub_field(value, path):
    from ticms.catalog.models import IndustryField

    if not isinstance(value, str) or not value.strip():
        raise FieldError(_("须为细分产业领域代码"))
    field = IndustryField.objects.filter(
        code=value.strip(), parent__isnull=False, is_active=True
    ).first()
    if field is None:
        raise FieldError(_("未知的细分产业领域代码：%(code)s") % {"code": value})
    return field


class Collector:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path or "(root)", []).append(str(message))


def _co_builders(value, path, errors: Collector):
    if not isinstance(value, list):
        raise FieldError(_("须为数组"))
    result = []
    seen: dict[str, int] = {}  # name -> first index: one unit listed twice is not two units
    for index, entry in enumerate(value):
        here = f"{path}[{index}]"
        if not isinstance(entry, dict):
            errors.add(here, _("须为包含 name 与 kind 的对象"))
            continue
        for key in sorted(set(entry) - {"name", "kind"}):
            errors.add(f"{here}.{key}", _("未知字段"))
        name, kind = entry.get("name"), entry.get("kind")
        try:
            name = _text(200)(name, f"{here}.name")
        except FieldError as exc:
            errors.add(f"{here}.name", str(exc))
        else:
            if name in seen:
                errors.add(
                    f"{here}.name",
                    _("与 %(path)s[%(first)d] 重复：%(name)s")
                    % {"path": path, "first": seen[name], "name": name},
                )
            seen.setdefault(name, index)
        # An unhashable kind (a list or an object) must be an error, not a TypeError.
        if not isinstance(kind, str) or kind not in CO_BUILDER_KINDS:
            errors.add(
                f"{here}.kind",
                _("须为以下之一：%(kinds)s") % {"kinds": ", ".join(CO_BUILDER_KINDS)},
            )
        result.append({"name": name, "kind": kind})
    return result


def _year_amounts(value, path, errors: Collector):
    if not isinstance(value, dict):
        raise FieldError(_('须为以年份为键的对象，例如 {"2024": "3000"}'))
    result = {}
    for key, amount in value.items():
        here = f"{path}.{key}"
        if not YEAR_RE.fullmatch(str(key)) or not 1900 <= int(key) <= 2200:
            errors.add(here, _("年份须为四位数字，例如 2024"))
            continue
        if amount is None:
            continue
        try:
            result[int(key)] = _amount(amount, here)
        except FieldError as exc:
            errors.add(here, str(exc))
    return result


def _id_list(value, path, errors: Collector):
    if not isinstance(value, list):
        raise FieldError(_("须为证件号码数组"))
    result = []
    for index, number in enumerate(value):
        try:
            result.append(_id_number(number, f"{path}[{index}]"))
        except FieldError as exc:
            errors.add(f"{path}[{index}]", str(exc))
    return list(dict.fromkeys(result))


SIMPLE = "simple"
NESTED = "nested"  # parsers that report their own per-element errors

SCHEMA: dict[str, dict[str, tuple[str, Callable]]] = {
    "center": {
        "registered_in_jiangsu": (SIMPLE, _bool),
        "independent_legal_person": (SIMPLE, _bool),
        "co_building_agreement_signed": (SIMPLE, _bool),
        "co_builders": (NESTED, _co_builders),
        "operating_since": (SIMPLE, _date),
        "rd_site_area_m2": (SIMPLE, _amount),
        "instrument_value_wan_yuan": (SIMPLE, _amount),
    },
    "host_unit": {
        "has_provincial_platform": (SIMPLE, _bool),
        "undertook_provincial_project": (SIMPLE, _bool),
        "rd_investment_wan_yuan": (NESTED, _year_amounts),
    },
    "region": {
        "industry_policy_issued": (SIMPLE, _bool),
        "has_industrial_park": (SIMPLE, _bool),
        "prior_investment_wan_yuan": (SIMPLE, _amount),
        "planned_investment_wan_yuan": (SIMPLE, _amount),
    },
    "team": {
        "executive_director_full_time": (SIMPLE, _bool),
        "members": (SIMPLE, _count),
        "full_time_members": (SIMPLE, _count),
        "rd_staff": (SIMPLE, _count),
        "rd_staff_qualified": (SIMPLE, _count),
        "has_core_rd_team": (SIMPLE, _bool),
        "has_tech_support_team": (SIMPLE, _bool),
        "has_transfer_team": (SIMPLE, _bool),
    },
    "layout": {
        "sub_field": (SIMPLE, _sub_field),
        "director_id_number": (SIMPLE, _id_number),
        "executive_director_id_number": (SIMPLE, _id_number),
        "team_id_numbers": (NESTED, _id_list),
    },
}

# (part, whole): a part larger than its whole is an input error, not a rule failure.
PARTS = (
    ("team.full_time_members", "team.members"),
    ("team.rd_staff", "team.members"),
    ("team.rd_staff_qualified", "team.rd_staff"),
)


class Profile:
    def __init__(self, as_of: dt.date | None, sections: dict[str, dict[str, Any] | None]):
        self.as_of_given = as_of
        self.sections = sections

    def get(self, path: str):
        section, _sep, key = path.partition(".")
        values = self.sections.get(section)
        if values is None:
            return MISSING
        return values.get(key, MISSING)

    def has_section(self, name: str) -> bool:
        return self.sections.get(name) is not None


def parse_profile(data) -> Profile:
    """Validate a decoded JSON profile; raise ValidationFailed mapping paths to messages."""
    errors = Collector()
    if not isinstance(data, dict):
        errors.add("", _("资格核查数据须为 JSON 对象"))
        raise ValidationFailed(errors.errors)
    for key in sorted(set(data) - set(SCHEMA) - {"as_of"}):
        errors.add(key, _("未知字段"))
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = _date(data["as_of"], "as_of")
        except FieldError as exc:
            errors.add("as_of", str(exc))
    sections: dict[str, dict | None] = {}
    for section, fields in SCHEMA.items():
        raw = data.get(section)
        if raw is None:
            sections[section] = None
            continue
        if not isinstance(raw, dict):
            errors.add(section, _("须为 JSON 对象"))
            sections[section] = None
            continue
        for key in sorted(set(raw) - set(fields)):
            errors.add(f"{section}.{key}", _("未知字段"))
        values: dict[str, Any] = {}
        for key, (mode, parser) in fields.items():
            value = raw.get(key)
            if value is None:
                continue
            path = f"{section}.{key}"
            try:
                values[key] = parser(value, path, errors) if mode == NESTED else parser(value, path)
            except FieldError as exc:
                errors.add(path, str(exc))
        sections[section] = values
    profile = Profile(as_of, sections)
    for part, whole in PARTS:
        p, w = profile.get(part), profile.get(whole)
        if isinstance(p, int) and isinstance(w, int) and p > w:
            errors.add(
                part,
                _("%(part)s（%(p)d）不能大于 %(whole)s（%(w)d）")
                % {"part": part, "p": p, "whole": whole, "w": w},
            )
    if errors.errors:
        raise ValidationFailed(errors.errors)
    return profile


_AMOUNT_SCHEMA = {
    "oneOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*$"},
    ],
    "description": "万元 or m²; a JSON number or a decimal string, exact",
}
_ID_SCHEMA = {"type": "string", "pattern": "^[0-9A-Za-z]{6,20}$"}
_FRAGMENTS = {
    _bool: {"type": "boolean"},
    _date: {"type": "string", "format": "date"},
    _amount: _AMOUNT_SCHEMA,
    _count: {"type": "integer", "minimum": 0},
    _id_number: _ID_SCHEMA,
    _sub_field: {"type": "string", "minLength": 1, "maxLength": 20},
    _co_builders: {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "kind"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 200},
                "kind": {"type": "string", "enum": list(CO_BUILDER_KINDS)},
            },
        },
    },
    _year_amounts: {
        "type": "object",
        "propertyNames": {"pattern": "^[0-9]{4}$"},
        "additionalProperties": _AMOUNT_SCHEMA,
    },
    _id_list: {"type": "array", "items": _ID_SCHEMA},
}


def profile_json_schema() -> dict:
    """The profile's JSON Schema, derived from SCHEMA so docs and parser cannot disagree."""
    properties = {"as_of": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}}
    for section, fields in SCHEMA.items():
        section_schema = {
            "type": "object",
            "additionalProperties": False,
            # null is accepted and means "not given", like an absent field.
            "properties": {
                key: {"anyOf": [_FRAGMENTS[parser], {"type": "null"}]}
                for key, (_mode, parser) in fields.items()
            },
        }
        properties[section] = {"anyOf": [section_schema, {"type": "null"}]}
    return {"type": "object", "additionalProperties": False, "properties": properties}

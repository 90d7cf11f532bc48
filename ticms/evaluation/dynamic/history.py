"""A center's dynamic-management history (第二十五条): its evaluations in chronological order and
the rectifications that followed its 较差 ratings. Parsed strictly: every problem names its
field (`evaluations[1].rating`), nothing is guessed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common.exceptions import ValidationFailed

RATINGS = {
    "excellent": gettext_lazy("优秀"),
    "good": gettext_lazy("良好"),
    "poor": gettext_lazy("较差"),
}
MAX_CAMPAIGN_LENGTH = 50


@dataclass(frozen=True)
class Evaluation:
    campaign: str
    participated: bool
    rating: str | None = None  # excellent | good | poor, when participated
    valid_reason: bool | None = None  # when not participated

    def as_dict(self) -> dict:
        if self.participated:
            return {"campaign": self.campaign, "participated": True, "rating": self.rating}
        return {"campaign": self.campaign, "participated": False, "valid_reason": self.valid_reason}


@dataclass(frozen=True)
class Rectification:
    after_campaign: str
    passed: bool

    def as_dict(self) -> dict:
        return {"after_campaign": self.after_campaign, "passed": self.passed}


@dataclass(frozen=True)
class History:
    evaluations: tuple[Evaluation, ...] = ()
    rectifications: tuple[Rectification, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "evaluations": [e.as_dict() for e in self.evaluations],
            "rectifications": [r.as_dict() for r in self.rectifications],
        }


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def decode_history_json(text: str | bytes) -> History:
    """JSON text → History; raises ValidationFailed naming each bad field."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
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
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed({"(root)": [_("不是有效的 JSON")]}) from exc
    return parse_history(data)


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)


def _unknown_keys(errors: _Errors, row: dict, known: tuple[str, ...], prefix: str) -> None:
    for key in row:
        if key not in known:
            errors.add(
                f"{prefix}.{key}" if prefix else key,
                _("未知字段（可用字段：%(known)s）") % {"known": "、".join(known)},
            )


def _bool(errors: _Errors, row: dict, key: str, path: str) -> bool | None:
    if key not in row or row[key] is None:
        errors.add(path, _("缺少字段「%(key)s」") % {"key": key})
        return None
    if not isinstance(row[key], bool):
        errors.add(path, _("须为布尔值 true 或 false"))
        return None
    return row[key]


def _campaign(errors: _Errors, row: dict, key: str, path: str) -> str | None:
    if key not in row or row[key] is None:
        errors.add(path, _("缺少字段「%(key)s」") % {"key": key})
        return None
    value = row[key]
    # A year written as a number (2027) names the same campaign as "2027".
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        errors.add(path, _('须为非空的评估名称（如 "2027"）'))
        return None
    if len(value.strip()) > MAX_CAMPAIGN_LENGTH:
        errors.add(path, _("评估名称不能超过 %(n)d 个字符") % {"n": MAX_CAMPAIGN_LENGTH})
        return None
    return value.strip()


def _evaluation(errors: _Errors, row, path: str) -> tuple[str | None, Evaluation | None]:
    """(its campaign, the evaluation): the campaign alone when the rest is malformed, so that a
    repeat or a rectification naming it is still judged."""
    if not isinstance(row, dict):
        errors.add(path, _("须为对象（含 campaign、participated 等字段）"))
        return None, None
    _unknown_keys(errors, row, ("campaign", "participated", "rating", "valid_reason"), path)
    campaign = _campaign(errors, row, "campaign", f"{path}.campaign")
    participated = _bool(errors, row, "participated", f"{path}.participated")
    rating = reason = None
    if participated is True:
        rating = row.get("rating")
        if rating is None:
            errors.add(f"{path}.rating", _("参加评估时须给出评级（excellent、good 或 poor）"))
        elif not isinstance(rating, str) or rating not in RATINGS:
            errors.add(
                f"{path}.rating",
                _("未知的评级「%(value)s」，须为 excellent、good 或 poor")
                % {"value": json.dumps(rating, ensure_ascii=False)},
            )
            rating = None
        # Said of absences only: on a participated evaluation it is read, never used (a
        # provider may give every key), but it must still be a boolean.
        if row.get("valid_reason") is not None and not isinstance(row["valid_reason"], bool):
            errors.add(f"{path}.valid_reason", _("须为布尔值 true 或 false"))
    elif participated is False:
        reason = _bool(errors, row, "valid_reason", f"{path}.valid_reason")
        if row.get("rating") is not None:
            errors.add(f"{path}.rating", _("未参加评估的记录不能有评级"))
    if campaign is None or participated is None:
        return campaign, None
    if (participated and rating is None) or (not participated and reason is None):
        return campaign, None
    return campaign, Evaluation(campaign, participated, rating, reason)


def _rectification(errors: _Errors, row, path: str) -> Rectification | None:
    if not isinstance(row, dict):
        errors.add(path, _("须为对象（含 after_campaign、passed 字段）"))
        return None
    _unknown_keys(errors, row, ("after_campaign", "passed"), path)
    campaign = _campaign(errors, row, "after_campaign", f"{path}.after_campaign")
    passed = _bool(errors, row, "passed", f"{path}.passed")
    if campaign is None or passed is None:
        return None
    return Rectification(campaign, passed)


def parse_history(data) -> History:
    """A decoded JSON value → History; raises ValidationFailed naming each bad field."""
    errors = _Errors()
    if not isinstance(data, dict):
        raise ValidationFailed({"(root)": [_("须为对象（含 evaluations 与 rectifications）")]})
    _unknown_keys(errors, data, ("evaluations", "rectifications"), "")
    if "evaluations" not in data or data["evaluations"] is None:
        errors.add("evaluations", _("缺少字段「%(key)s」") % {"key": "evaluations"})
    raw_evaluations = data.get("evaluations")
    # No rectification is a normal history (a center never rated 较差): the list may be left out.
    raw_rectifications = data.get("rectifications")
    raw_evaluations = [] if raw_evaluations is None else raw_evaluations
    raw_rectifications = [] if raw_rectifications is None else raw_rectifications
    for key, value in (("evaluations", raw_evaluations), ("rectifications", raw_rectifications)):
        if not isinstance(value, list):
            errors.add(key, _("须为数组"))
    if errors.errors:
        raise ValidationFailed(errors.errors)

    evaluations: list[Evaluation] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(raw_evaluations):
        path = f"evaluations[{i}]"
        campaign, evaluation = _evaluation(errors, row, path)
        if campaign is None:
            continue
        if campaign in seen:
            errors.add(
                f"{path}.campaign",
                _("评估「%(campaign)s」重复出现（已见于 evaluations[%(first)d]）")
                % {"campaign": campaign, "first": seen[campaign]},
            )
            continue
        seen[campaign] = i
        if evaluation is not None:
            evaluations.append(evaluation)

    by_campaign = {e.campaign: e for e in evaluations}
    rectifications: list[Rectification] = []
    for i, row in enumerate(raw_rectifications):
        path = f"rectifications[{i}]"
        rectification = _rectification(errors, row, path)
        if rectification is None:
            continue
        if rectification.after_campaign not in seen:
            errors.add(
                f"{path}.after_campaign",
                _("评估「%(campaign)s」不在 evaluations 中")
                % {"campaign": rectification.after_campaign},
            )
            continue
        evaluation = by_campaign.get(rectification.after_campaign)
        if evaluation is None:  # listed but malformed: already reported
            continue
        if evaluation.rating != "poor":
            errors.add(
                f"{path}.after_campaign",
                _("整改须在评为较差（poor）的评估之后，评估「%(campaign)s」未评为较差")
                % {"campaign": rectification.after_campaign},
            )
            continue
        rectifications.append(rectification)
    if errors.errors:
        raise ValidationFailed(errors.errors)
    return History(tuple(evaluations), tuple(rectifications))

"""The parameters of a transition (common.workflow.Param): cleaning each kind, every problem at
once, extras refused, and a parameter's own validation of the cleaned value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy

from ticms.common.exceptions import (
    ValidationFailed,
)
from ticms.common.workflow import Param

from .workflow_helpers import t

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", [None, "", "   \n"])
def test_required_param_missing(raw):
    with pytest.raises(ValueError, match="请填写「文号」"):
        Param("doc", "文号").clean(raw)


@pytest.mark.parametrize("kind", ["text", "textarea", "date", "choice"])
def test_optional_param_missing_is_none(kind):
    assert Param("x", "甲", kind=kind, required=False, choices=(("a", "A"),)).clean("  ") is None


def test_text_param_is_stripped_and_bounded():
    p = Param("doc", "文号", max_length=5)
    assert p.clean("  12345 ") == "12345"
    with pytest.raises(ValueError, match="「文号」过长"):
        p.clean("123456")
    assert p.clean(42) == "42"


def test_textarea_param_allows_5000_characters():
    p = Param("note", "说明", kind="textarea", max_length=10)
    assert len(p.clean("字" * 5000)) == 5000
    with pytest.raises(ValueError, match="过长"):
        p.clean("字" * 5001)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-01", dt.date(2025, 3, 1)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 2), dt.date(2025, 1, 2)),
    ],
)
def test_date_param_parses(raw, expected):
    assert Param("d", "日期", kind="date").clean(raw) == expected


@pytest.mark.parametrize("raw", ["2025-02-30", "2023-02-29", "明天", "2025/03/01", "01-03-2025"])
def test_date_param_refuses_bad_dates(raw):
    with pytest.raises(ValueError, match="「日期」须为有效日期，格式为 YYYY-MM-DD"):
        Param("d", "日期", kind="date").clean(raw)


def test_choice_param():
    p = Param("reason", "原因", kind="choice", choices=(("a", gettext_lazy("甲")), ("b", "乙")))
    assert p.clean(" a ") == "a"
    for bad in ("c", "A", "甲"):
        with pytest.raises(ValueError, match="请从列表中选择「原因」"):
            p.clean(bad)


def test_clean_params_reports_every_problem_at_once_and_refuses_extras():
    tr = t(
        params=(
            Param("doc", "文号"),
            Param("on", "日期", kind="date"),
            Param("note", "备注", required=False),
        )
    )
    with pytest.raises(ValidationFailed) as exc:
        tr.clean_params({"on": "soon", "status": "revoked", "actor": "someone"})
    assert exc.value.errors == {
        "actor": ["「前进」没有名为「actor」的参数"],
        "doc": ["请填写「文号」"],
        "on": ["「日期」须为有效日期，格式为 YYYY-MM-DD"],
        "status": ["「前进」没有名为「status」的参数"],
    }
    assert tr.clean_params({"doc": "1号", "on": "2025-01-01"}) == {
        "doc": "1号",
        "on": dt.date(2025, 1, 1),
        "note": None,
    }
    assert t().clean_params(None) == {}
    assert t().clean_params({}) == {}


def test_an_extra_parameter_alone_is_refused_even_when_empty():
    """A name the action does not declare is a mistake of the caller: a value for something
    else (a state, the comment) must never be taken silently."""
    with pytest.raises(ValidationFailed) as exc:
        t().clean_params({"comment": ""})
    assert exc.value.errors == {"comment": ["「前进」没有名为「comment」的参数"]}
    with pytest.raises(ValidationFailed) as exc:
        t(params=(Param("doc", "文号"),)).clean_params({"doc": "1号", "status": None})
    assert list(exc.value.errors) == ["status"]


def _after_2025(day):
    return "须晚于2025年" if day.year <= 2025 else None


def test_param_validate_refuses_a_parsed_value_with_its_message():
    p = Param("d", "日期", kind="date", validate=_after_2025)
    assert p.clean("2026-01-01") == dt.date(2026, 1, 1)
    with pytest.raises(ValueError, match="^须晚于2025年$"):
        p.clean("2025-12-31")


def test_param_validate_sees_the_cleaned_value_only():
    """It runs after parsing and stripping, and not at all for a missing optional value or a
    value that failed to parse (that error is the one reported)."""
    seen = []

    def record(value):
        seen.append(value)
        return None

    assert Param("doc", "文号", validate=record).clean("  1号 ") == "1号"
    assert Param("d", "日期", kind="date", validate=record).clean(" 2025-03-01 ") == dt.date(
        2025, 3, 1
    )
    assert Param("x", "甲", required=False, validate=record).clean("  ") is None
    with pytest.raises(ValueError, match="须为有效日期"):
        Param("d", "日期", kind="date", validate=record).clean("2025-02-30")
    with pytest.raises(ValueError, match="请填写「文号」"):
        Param("doc", "文号", validate=record).clean("")
    assert seen == ["1号", dt.date(2025, 3, 1)]


def test_param_validate_may_return_a_lazy_message():
    p = Param("d", "整改期限", kind="date", validate=lambda day: gettext_lazy("整改期限"))
    with pytest.raises(ValueError) as exc:
        p.clean("2025-03-01")
    assert str(exc.value) == "整改期限"
    assert Param("n", "数", validate=lambda value: "").clean("1") == "1"


def test_param_validate_problems_are_field_errors_reported_with_the_others():
    tr = t(
        params=(
            Param("doc", "文号"),
            Param("on", "日期", kind="date", validate=_after_2025),
        )
    )
    with pytest.raises(ValidationFailed) as exc:
        tr.clean_params({"on": "2025-06-01", "extra": "1"})
    assert exc.value.errors == {
        "doc": ["请填写「文号」"],
        "on": ["须晚于2025年"],
        "extra": ["「前进」没有名为「extra」的参数"],
    }


@pytest.mark.parametrize("raw", ["9997-03-01", dt.date(9997, 3, 1), "1899-12-31"])
def test_date_param_refuses_years_beyond_date_arithmetic(raw):
    from ticms.common.workflow import Param

    with pytest.raises(ValueError):
        Param("d", "日期", kind="date").clean(raw)

"""The declared tables and their strict parser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ticms.reporting import figures as F

from .conftest import full_figures


def test_full_figures_fill_every_path():
    cleaned, errors = F.figures_parse(full_figures())
    assert errors == {}
    assert F.missing_paths(cleaned) == []
    assert cleaned["income"]["total"] == "9000"
    assert cleaned["people"]["core_rd"]["members"] == 40


@pytest.mark.parametrize(
    ("raw", "stored"),
    [(5, 5), ("7", 7), (" 12 ", 12), (0, 0), (None, None), ("", None)],
)
def test_counts_are_whole(raw, stored):
    cleaned, errors = F.figures_parse({"enterprises": {"spin_offs": raw}})
    assert errors == {}
    assert cleaned["enterprises"]["spin_offs"] == stored


@pytest.mark.parametrize("raw", [1.5, "1.5", -1, "-1", True, "abc", [1], 3.0, "1e3"])
def test_counts_refuse_anything_else(raw):
    _cleaned, errors = F.figures_parse({"enterprises": {"spin_offs": raw}})
    assert list(errors) == ["enterprises.spin_offs"]
    assert "衍生与孵化企业 · 衍生企业数" in errors["enterprises.spin_offs"][0]


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("1234.567891", "1234.567891"),
        ("0.10", "0.1"),
        (100, "100"),
        ("999999999999.999999", "999999999999.999999"),  # just under the ceiling
        (2.5, "2.5"),
        ("0", "0"),
        (Decimal("3.000000000"), "3"),
    ],
)
def test_amounts_are_exact_decimal_strings(raw, stored):
    cleaned, errors = F.figures_parse({"income": {"total": raw}})
    assert errors == {}
    assert cleaned["income"]["total"] == stored


@pytest.mark.parametrize(
    "raw",
    ["0.0000001", "-0.01", "abc", "NaN", "Infinity", True, {"a": 1}, "1e6", "1E+2", "1,000", " "],
)
def test_amounts_refuse_bad_values(raw):
    _cleaned, errors = F.figures_parse({"income": {"total": raw}})
    assert list(errors) == (["income.total"] if raw != " " else [])  # blank is "not filled"


@pytest.mark.parametrize("raw", ["1000000000000", "99999999999999999999", 10**13])
def test_amounts_have_a_ceiling(raw):
    _cleaned, errors = F.figures_parse({"income": {"total": raw}})
    assert "数值过大" in errors["income.total"][0]


def test_hours_are_not_money():
    assert str(F.unit_of("instruments.sharing_hours")) == "小时"
    assert str(F.unit_of("instruments.value")) == "万元"
    assert F.unit_of("instruments.count") == ""
    _cleaned, errors = F.figures_parse({"instruments": {"sharing_hours": "x"}})
    assert errors["instruments.sharing_hours"][0].endswith("须为数字（单位：小时）")


def test_unknown_paths_and_shapes_are_reported_by_path():
    _cleaned, errors = F.figures_parse(
        {"income": {"bonus": "1"}, "people": {"core_rd": 5}, "nope": {}}
    )
    assert set(errors) == {"income.bonus", "people.core_rd", "nope"}
    assert F.figures_parse([1])[1] == {"figures": ["统计数据须为对象（按表格分组）"]}


def test_merge_overwrites_and_clears_cells():
    stored = {"income": {"total": "10", "contract_rd": "2"}, "ip": {"standards": 3}}
    merged = F.figures_merge(stored, {"income": {"total": "12", "contract_rd": None}})
    assert merged == {"income": {"total": "12"}, "ip": {"standards": 3}}

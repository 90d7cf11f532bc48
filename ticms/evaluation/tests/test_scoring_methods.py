"""Each scoring method at its edges, exactly (第二十四条: 定量评估)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from ticms.evaluation.campaigns import scoring


@pytest.mark.parametrize(
    ("value", "expected", "case"),
    [
        (None, "0.00", "missing"),
        ("-1", "0.00", "floor"),
        ("10", "0.00", "floor"),  # at the floor
        ("10.000001", "0.00", "between"),
        ("15", "50.00", "between"),
        ("13.33", "33.30", "between"),
        ("20", "100.00", "target"),  # at the target
        ("1000", "100.00", "target"),  # beyond: capped
    ],
)
def test_linear_between_floor_and_target(value, expected, case):
    result = scoring.linear(None if value is None else D(value), D(10), D(20))
    assert result.score == D(expected) and result.working["case"] == case


def test_linear_rounds_half_up_exactly():
    # 100 × 1/8 = 12.5 → 12.50; 100 × 1/3 = 33.333… → 33.33; 100 × 2/3 → 66.67
    assert scoring.linear(D(1), D(0), D(8)).score == D("12.50")
    assert scoring.linear(D(1), D(0), D(3)).score == D("33.33")
    assert scoring.linear(D(2), D(0), D(3)).score == D("66.67")
    # 0.005 exactly is rounded up, not to even
    assert scoring.round_half_up(Fraction(1, 200)) == D("0.01")
    assert scoring.round_half_up(Fraction(-1, 200)) == D("-0.01")


def test_linear_refuses_a_target_not_above_the_floor():
    with pytest.raises(ValueError):
        scoring.linear(D(1), D(5), D(5))


BANDS = [["1", "60"], ["3", "80"], ["5", "100"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0"),
        ("0.999", "0"),
        ("1", "60"),
        ("2.99", "60"),
        ("3", "80"),
        ("5", "100"),
        ("99", "100"),
    ],
)
def test_bands_lower_bounds_are_inclusive(value, expected):
    assert scoring.bands(D(value), BANDS).score == D(expected)


def test_bands_missing_value_scores_zero():
    assert scoring.bands(None, BANDS).working["case"] == "missing"


def test_rank_ties_share_the_best_rank():
    result = scoring.rank({"a": D(10), "b": D(8), "c": D(8), "d": D(1), "e": None})
    assert [result[k].working.get("rank") for k in "abcd"] == [1, 2, 2, 4]
    # n = 4 ranked: 100 × (4 − r) ÷ 3
    assert [result[k].score for k in "abcd"] == [D("100.00"), D("66.67"), D("66.67"), D("0.00")]
    assert result["b"].working["tied"] == 2
    assert result["e"].score == D("0.00") and result["e"].working["case"] == "missing"


def test_rank_of_one_center_is_full_marks():
    assert scoring.rank({"a": D(0)})["a"].score == D("100.00")


def test_all_tied_all_first():
    result = scoring.rank({"a": D(5), "b": D(5), "c": D(5)})
    assert {r.score for r in result.values()} == {D("100.00")}


def test_contribution_is_exact():
    assert scoring.contribution(D(15), D(50), D("33.33")) == D("2.499750")


def test_explanations_show_the_numbers():
    text = scoring.explain(scoring.linear(D(15), D(10), D(20)).working, D("50.00"))
    assert "15" in text and "10" in text and "20" in text and "50.00" in text
    text = scoring.explain(scoring.bands(D(3), BANDS).working, D(80))
    assert "不低于 3" in text
    working = scoring.rank({"a": D(2), "b": D(2), "c": D(1)})["a"].working
    assert "并列" in scoring.explain(working, D(100))

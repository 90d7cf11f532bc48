"""Ratings 优秀/良好/较差 (第二十五条) by thresholds and by shares, ties handled and explained."""

from decimal import Decimal as D

import pytest

from ticms.common.exceptions import ValidationFailed
from ticms.common.messages import render
from ticms.evaluation.campaigns.ratings import RatingRules, distribution, rate, rules_parse


def _rate(totals, rules, vetoes=()):
    return rate(((k, D(t), "造假" if k in vetoes else "") for k, t in totals.items()), rules)


def test_thresholds_are_inclusive():
    rules = RatingRules(excellent_min=D(90), good_min=D(75))
    rated = _rate({"a": "90", "b": "89.99", "c": "75", "d": "74.99"}, rules)
    assert [rated[k].rating for k in "abcd"] == ["excellent", "good", "good", "poor"]
    assert "不低于优秀线 90 分" in render(rated["a"].notes[0])
    assert "低于良好线 75 分" in render(rated["d"].notes[0])


def test_share_caps_round_down():
    # 10 centers, 25% excellent → 2 (2.5 rounded down)
    rules = RatingRules(excellent_min=D(0), good_min=D(0), excellent_share=D(25))
    totals = {str(i): str(100 - i) for i in range(10)}
    rated = _rate(totals, rules)
    assert distribution(rated) == {"excellent": 2, "good": 8, "poor": 0}
    assert rated["2"].rating == "good" and rated["1"].rating == "excellent"


def test_a_tie_across_the_cap_goes_to_the_next_class_together():
    rules = RatingRules(excellent_min=D(80), good_min=D(60), excellent_share=D(20))
    # 10 centers → cap 2; the 2nd and 3rd are tied at 91
    totals = {"a": "95", "b": "91", "c": "91", **{f"x{i}": "70" for i in range(7)}}
    rated = _rate(totals, rules)
    assert rated["a"].rating == "excellent"
    assert rated["b"].rating == rated["c"].rating == "good"
    assert rated["b"].rank == rated["c"].rank == 2
    # explained in the reasons of the tied: they were moved together
    notes = render(rated["b"].notes[0])
    assert notes.startswith("综合得分 91，不低于良好线")  # their final class explains itself


def test_tie_reason_when_the_tied_fall_to_poor():
    rules = RatingRules(excellent_share=D(10), good_share=D(20))
    totals = {"a": "95", "b": "91", "c": "91", **{f"x{i}": "70" for i in range(7)}}
    rated = _rate(totals, rules)
    # cap excellent 1 (a); cap excellent+good 2 → 1 good left, b and c tied → both poor
    assert (rated["a"].rating, rated["b"].rating, rated["c"].rating) == (
        "excellent",
        "poor",
        "poor",
    )
    text = render(rated["b"].notes[0])
    assert "与另外 1 家中心并列" in text and "仅余 1 个" in text


def test_ties_below_the_cap_share_the_class():
    rules = RatingRules(excellent_min=D(90), good_min=D(75), excellent_share=D(50))
    rated = _rate({"a": "95", "b": "95", "c": "80", "d": "70"}, rules)
    assert [rated[k].rating for k in "abcd"] == ["excellent", "excellent", "good", "poor"]


def test_a_veto_rates_poor_whatever_the_score():
    rules = RatingRules(excellent_min=D(90), good_min=D(75))
    rated = _rate({"a": "99", "b": "80"}, rules, vetoes={"a"})
    assert rated["a"].rating == "poor" and rated["a"].rank == 1
    assert "一票否决：造假" in render(rated["a"].notes[0])


def test_empty_campaign():
    assert rate([], RatingRules(excellent_min=D(90), good_min=D(80))) == {}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"excellent_min": "abc", "good_min": "1"}, "excellent_min"),
        ({"excellent_min": "101", "good_min": "1"}, "excellent_min"),
        ({"excellent_min": "80", "good_min": "90"}, "good_min"),
        ({"good_min": "80"}, "excellent_min"),
        ({"excellent_min": "90"}, "good_min"),
        ({"excellent_share": "30", "good_share": "20"}, "good_share"),
        ({"excellent_min": "90.001", "good_min": "80"}, "excellent_min"),
    ],
)
def test_bad_rules_are_refused(raw, field):
    with pytest.raises(ValidationFailed) as exc:
        rules_parse(raw)
    assert field in exc.value.errors


def test_rules_round_trip():
    rules = rules_parse({"excellent_min": "90", "good_min": "75", "excellent_share": "20"})
    assert rules_parse(rules.as_json()) == rules

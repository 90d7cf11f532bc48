"""第二十五条's dynamic-management rules, each at its edges."""

import pytest

from ticms.evaluation.dynamic import DYNAMIC_RULES, parse_history, propose


def ev(campaign, rating=None, *, absent=False, valid_reason=None):
    if absent:
        return {"campaign": campaign, "participated": False, "valid_reason": valid_reason}
    return {"campaign": campaign, "participated": True, "rating": rating}


def rect(campaign, passed):
    return {"after_campaign": campaign, "passed": passed}


def decide(evaluations, rectifications=()):
    result = propose(
        parse_history({"evaluations": list(evaluations), "rectifications": list(rectifications)})
    ).as_dict("zh-hans")
    assert result["article"] == "第二十五条"
    assert result["because"] and all(isinstance(s, str) and s for s in result["because"])
    return result


def test_every_rule_cites_article_25_and_has_a_unique_id():
    ids = [r.id for r in DYNAMIC_RULES]
    assert len(ids) == len(set(ids))
    assert {r.article for r in DYNAMIC_RULES} == {"第二十五条"}


# --- no evaluation ------------------------------------------------------------------------------


def test_an_empty_history_proposes_nothing():
    result = decide([])
    assert (result["proposal"], result["rule"]) == ("none", "A25.none.no_evaluation")


# --- subsidy ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rating,label", [("excellent", "优秀"), ("good", "良好")])
def test_latest_excellent_or_good_is_a_subsidy(rating, label):
    result = decide([ev("2027", rating)])
    assert (result["proposal"], result["rule"]) == ("subsidy", "A25.subsidy")
    assert f"「2027」评为{label}" in result["because"][0]


def test_a_good_rating_after_a_rectified_poor_is_a_subsidy():
    result = decide([ev("2027", "poor"), ev("2029", "good")], [rect("2027", True)])
    assert result["proposal"] == "subsidy" and "2029" in result["because"][0]


def test_only_the_latest_evaluation_counts_for_a_subsidy():
    assert decide([ev("2027", "excellent"), ev("2029", "poor")])["proposal"] == "rectification"


# --- rectification ------------------------------------------------------------------------------


def test_latest_poor_without_rectification_is_a_rectification():
    result = decide([ev("2027", "good"), ev("2029", "poor")])
    assert (result["proposal"], result["rule"]) == ("rectification", "A25.rectification")
    assert any("2029" in s and "尚无整改" in s for s in result["because"])


def test_a_rectification_after_an_earlier_poor_does_not_cover_the_latest():
    result = decide(
        [ev("2025", "poor"), ev("2027", "good"), ev("2029", "poor")], [rect("2025", True)]
    )
    assert result["proposal"] == "rectification"


def test_latest_poor_with_a_passed_rectification_proposes_nothing():
    result = decide([ev("2027", "good"), ev("2029", "poor")], [rect("2029", True)])
    assert (result["proposal"], result["rule"]) == ("none", "A25.none.rectified")
    assert any("整改已通过" in s for s in result["because"])


# --- absence ------------------------------------------------------------------------------------


def test_latest_absence_with_a_valid_reason_proposes_nothing():
    result = decide([ev("2027", "excellent"), ev("2029", absent=True, valid_reason=True)])
    assert (result["proposal"], result["rule"]) == ("none", "A25.none.excused")


def test_an_absence_without_a_valid_reason_is_a_removal_even_if_later_rated_well():
    result = decide([ev("2025", absent=True, valid_reason=False), ev("2027", "excellent")])
    assert (result["proposal"], result["rule"]) == ("removal", "A25.removal.absent")
    assert "2025" in result["because"][0] and "无正当理由" in result["because"][0]


def test_the_latest_absence_without_a_valid_reason_is_a_removal():
    result = decide([ev("2027", "good"), ev("2029", absent=True, valid_reason=False)])
    assert result["rule"] == "A25.removal.absent"


# --- two poor in a row --------------------------------------------------------------------------


def test_two_consecutive_poor_ratings_are_a_removal():
    result = decide([ev("2027", "poor"), ev("2029", "poor")])
    assert (result["proposal"], result["rule"]) == ("removal", "A25.removal.two_poor")
    assert "2027" in result["because"][0] and "2029" in result["because"][-1]


def test_a_passed_rectification_in_between_does_not_break_the_run():
    result = decide([ev("2027", "poor"), ev("2029", "poor")], [rect("2027", True)])
    assert result["rule"] == "A25.removal.two_poor"
    assert any("整改已通过" in s and "不中断" in s for s in result["because"])


@pytest.mark.parametrize("between", ["good", "excellent"])
def test_a_better_rating_in_between_breaks_the_run(between):
    result = decide([ev("2025", "poor"), ev("2027", between), ev("2029", "poor")])
    assert result["proposal"] == "rectification"


def test_an_excused_absence_in_between_does_not_break_the_run():
    # The two are still consecutive participated evaluations.
    result = decide(
        [ev("2025", "poor"), ev("2027", absent=True, valid_reason=True), ev("2029", "poor")],
        [rect("2025", True)],
    )
    assert result["rule"] == "A25.removal.two_poor"
    assert any("2027" in s and "正当理由" in s for s in result["because"])


def test_two_poor_long_ago_are_still_a_removal():
    result = decide([ev("2021", "poor"), ev("2023", "poor"), ev("2025", "excellent")])
    assert result["rule"] == "A25.removal.two_poor"


def test_poor_ratings_that_are_not_consecutive_are_not_a_removal():
    result = decide(
        [ev("2023", "poor"), ev("2025", "good"), ev("2027", "poor"), ev("2029", "good")],
        [rect("2023", True), rect("2027", True)],
    )
    assert result["proposal"] == "subsidy"


# --- failed rectification -----------------------------------------------------------------------


def test_a_failed_rectification_is_a_removal():
    result = decide([ev("2027", "poor")], [rect("2027", False)])
    assert (result["proposal"], result["rule"]) == ("removal", "A25.removal.rectification_failed")
    assert "2027" in result["because"][0] and "未通过" in result["because"][0]


def test_a_failed_rectification_long_ago_is_still_a_removal():
    result = decide([ev("2025", "poor"), ev("2027", "excellent")], [rect("2025", False)])
    assert result["rule"] == "A25.removal.rectification_failed"


def test_a_failed_then_passed_rectification_is_still_a_removal():
    result = decide([ev("2027", "poor")], [rect("2027", False), rect("2027", True)])
    assert result["proposal"] == "removal"


# --- order among the removal rules --------------------------------------------------------------


def test_an_absence_is_named_before_other_removal_grounds():
    result = decide(
        [ev("2025", "poor"), ev("2027", "poor"), ev("2029", absent=True, valid_reason=False)],
        [rect("2025", False)],
    )
    assert result["rule"] == "A25.removal.absent"


def test_two_poor_is_named_before_a_failed_rectification():
    result = decide([ev("2027", "poor"), ev("2029", "poor")], [rect("2027", False)])
    assert result["rule"] == "A25.removal.two_poor"


def test_because_is_rendered_in_the_active_language():
    history = parse_history({"evaluations": [ev("2027", "poor")], "rectifications": []})
    english = propose(history).as_dict("en")
    assert english["because"][0].startswith("The latest evaluation")

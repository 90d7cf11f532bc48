"""The rule set in force on the profile's as_of date (its thresholds, its number of R&D years; the
first one before it began, today by default), and the validation of a rule set's thresholds."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ticms.regulation.eligibility import check_profile, rule_set_for
from ticms.regulation.models import RuleSet
from ticms.regulation.thresholds import FIRST_VERSION, SPECS, threshold_problems

from .profiles import check, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def stricter_rule_set():
    thresholds = dict(
        FIRST_VERSION,
        site_area_min_m2="6000",
        team_size_min=150,
        operation_min_months=24,
        rd_investment_years=2,
    )
    return RuleSet.objects.create(
        code="2026.2", title="修订", effective_from=dt.date(2026, 7, 1), thresholds=thresholds
    )


def test_rule_set_chosen_by_as_of(stricter_rule_set):
    profile = {
        "center": {"rd_site_area_m2": "5500", "operating_since": "2025-01-01"},
        "team": {"members": 120},
    }
    before = check_profile({"as_of": "2026-06-30", **profile})
    after = check_profile({"as_of": "2026-07-01", **profile})

    assert before.as_dict()["rule_set"] == "2025.1"
    assert after.as_dict()["rule_set"] == "2026.2"
    assert after.as_dict()["rule_set_effective_from"] == "2026-07-01"

    assert rule(before, "A12.1.site_area")["outcome"] == "pass"
    assert rule(after, "A12.1.site_area")["outcome"] == "fail"
    assert "6,000 m²" in rule(after, "A12.1.site_area")["message"]

    assert rule(before, "A12.4.team_size")["outcome"] == "pass"
    assert rule(after, "A12.4.team_size")["outcome"] == "fail"

    # 24 months from 2025-01-01 are reached on 2027-01-01, not by 2026-07-01.
    assert rule(before, "A12.1.operation_12m")["outcome"] == "pass"
    assert rule(after, "A12.1.operation_12m")["outcome"] == "fail"
    assert "2027-01-01" in rule(after, "A12.1.operation_12m")["message"]

    # Years after the new version still use it; the old dates keep the old version.
    assert check_profile({"as_of": "2030-01-01", **profile}).rule_set.code == "2026.2"
    assert check_profile({"as_of": "2025-01-01", **profile}).rule_set.code == "2025.1"


def test_rd_investment_years_come_from_the_rule_set(stricter_rule_set):
    years = {"2024": "3000", "2025": "3000"}
    new = rule(
        check(as_of="2026-08-01", host_unit={"rd_investment_wan_yuan": years}),
        "A12.2.rd_investment",
    )
    assert new["outcome"] == "pass" and "2024—2025" in new["message"]
    old = rule(
        check(as_of="2026-06-01", host_unit={"rd_investment_wan_yuan": years}),
        "A12.2.rd_investment",
    )
    assert old["outcome"] == "missing" and "缺少 2023 年度" in old["message"]
    # The window is the rule set's, and the message says so (not a fixed 近三年).
    short = rule(
        check(as_of="2026-08-01", host_unit={"rd_investment_wan_yuan": {"2025": "3000"}}),
        "A12.2.rd_investment",
    )
    assert short["outcome"] == "missing" and "近2年指 2024—2025 年" in short["message"]


def test_date_before_the_first_rule_set_uses_the_first():
    assert rule_set_for(dt.date(2020, 1, 1)).code == "2025.1"
    assert check_profile({"as_of": "2024-12-31"}).rule_set.code == "2025.1"


def test_as_of_defaults_to_today(stricter_rule_set):
    report = check_profile({"team": {"members": 120}})
    today = timezone.localdate()
    assert report.as_of == today
    assert report.rule_set == rule_set_for(today)


def test_first_version_thresholds_are_valid():
    assert threshold_problems(FIRST_VERSION) == []
    assert {s.key for s in SPECS} == set(FIRST_VERSION)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"site_area_min_m2": "-1"}, "site_area_min_m2"),
        ({"site_area_min_m2": "lots"}, "site_area_min_m2"),
        ({"team_size_min": 99.5}, "team_size_min"),
        ({"team_size_min": True}, "team_size_min"),
        ({"full_time_ratio_min": "3/2"}, "full_time_ratio_min"),
        ({"full_time_ratio_min": "1/0"}, "full_time_ratio_min"),
        ({"same_team_ratio": "half"}, "same_team_ratio"),
        # An average over zero years is undefined (it made every check crash).
        ({"rd_investment_years": 0}, "rd_investment_years"),
        ({"bonus": 1}, "未知的阈值：bonus"),
    ],
)
def test_invalid_thresholds_are_reported(changes, fragment):
    problems = threshold_problems(dict(FIRST_VERSION, **changes))
    assert len(problems) == 1 and fragment in problems[0]


def test_missing_threshold_is_reported_and_clean_refuses_it():
    values = dict(FIRST_VERSION)
    del values["qualified_ratio_min"]
    assert threshold_problems(values) == ["缺少阈值：qualified_ratio_min"]
    rule_set = RuleSet(code="x", title="x", effective_from=dt.date(2027, 1, 1), thresholds=values)
    with pytest.raises(ValidationError) as info:
        rule_set.clean()
    assert "thresholds" in info.value.message_dict
    assert threshold_problems([1, 2]) == ["阈值须为 JSON 对象"]

"""The rules of 第十二条第2项 (the host unit's average R&D investment over the calendar years
before the year of as_of) and 第十二条第3项 (the leading region's policy, park and investment):
inclusive boundaries, the numbers in the messages, missing years named."""

import pytest

from .profiles import check, rule

pytestmark = pytest.mark.django_db


def rd(as_of="2026-06-01", **years):
    report = check(as_of=as_of, host_unit={"rd_investment_wan_yuan": years})
    return rule(report, "A12.2.rd_investment"), report


@pytest.mark.parametrize(
    ("years", "outcome"),
    [
        # average exactly 3000: included
        ({"2023": 3100, "2024": 2950, "2025": 2950}, "pass"),
        ({"2023": "3100", "2024": "2950", "2025": "2949.99"}, "fail"),
        ({"2023": "3000", "2024": "3000", "2025": "3000"}, "pass"),
        ({"2023": "3000", "2024": "3000", "2025": "2999.99"}, "fail"),
        # one strong year can carry the average
        ({"2023": "9000", "2024": "0", "2025": "0"}, "pass"),
        # exact arithmetic: in binary floating point these three sum to 8999.999999999998
        ({"2023": "2877.38", "2024": "6030.15", "2025": "92.47"}, "pass"),
    ],
)
def test_rd_investment_average_boundary(years, outcome):
    row, report = rd(**years)
    assert row["outcome"] == outcome
    assert "2023—2025" in row["message"]
    if outcome == "fail":
        assert report.verdict == "ineligible"


def test_rd_investment_messages_show_the_numbers():
    row, _ = rd(**{"2023": 3100, "2024": 2950, "2025": 2950})
    assert "平均研发投入 3,000.00 万元 ≥ 3,000.00 万元" in row["message"]
    assert "3,100.00 + 2,950.00 + 2,950.00" in row["message"]
    row, _ = rd(**{"2023": "3100", "2024": "2950", "2025": "2949.99"})
    # 8999.99 / 3 = 2999.9966…: half up would say 3,000.00, the limit it misses: floored
    # instead, marked 约.
    assert "约 2,999.99 万元" in row["message"]
    assert "2,949.99" in row["message"]
    # 9500 / 3 = 3166.666…: rounded half up, marked 约.
    row, _ = rd(**{"2023": "3000", "2024": "3000", "2025": "3500"})
    assert "平均研发投入 约 3,166.67 万元 ≥ 3,000.00 万元" in row["message"]


def test_rd_investment_uses_the_years_before_the_year_of_as_of():
    years = {"2022": "3000", "2023": "3000", "2024": "3000", "2025": "3000"}
    # On 1 January 2026 the last three calendar years are 2023-2025 (2022 is ignored) ...
    row, _ = rd(as_of="2026-01-01", **years)
    assert row["outcome"] == "pass" and "2023—2025" in row["message"]
    # ... on 31 December 2025 they are 2022-2024, even though 2025's figure is given.
    row, _ = rd(as_of="2025-12-31", **years)
    assert row["outcome"] == "pass" and "2022—2024" in row["message"]


def test_rd_investment_ignores_years_outside_the_window():
    # A huge current-year or older figure does not rescue a weak window.
    row, _ = rd(
        **{"2021": "99999", "2023": "1000", "2024": "1000", "2025": "1000", "2026": "99999"}
    )
    assert row["outcome"] == "fail"


def test_rd_investment_missing_year_is_named():
    row, report = rd(**{"2023": "5000", "2025": "5000"})
    assert row["outcome"] == "missing"
    assert row["message"] == (
        "缺少 2024 年度的依托单位研发投入（host_unit.rd_investment_wan_yuan），近3年指 2023—2025 年"
    )
    assert report.verdict == "incomplete"
    row, _ = rd(as_of="2027-03-01", **{"2023": "5000", "2024": "5000", "2025": "5000"})
    assert row["outcome"] == "missing" and "2026" in row["message"]


@pytest.mark.parametrize(
    ("policy", "park", "outcome", "fragment"),
    [
        (True, True, "pass", "已出台相关产业政策文件"),
        (False, True, "fail", "尚未出台相关产业政策文件"),
        (True, False, "fail", "未配套建有该领域产业园区"),
        (False, None, "fail", "尚未出台"),
        (None, True, "missing", "region.industry_policy_issued"),
        (None, None, "missing", "region.has_industrial_park"),
    ],
)
def test_policy_and_park(policy, park, outcome, fragment):
    report = check(region={"industry_policy_issued": policy, "has_industrial_park": park})
    row = rule(report, "A12.3.policy")
    assert (row["outcome"], row["severity"]) == (outcome, "mandatory")
    assert fragment in row["message"]


@pytest.mark.parametrize(
    ("prior", "planned", "outcome"),
    [
        ("10000", "20000", "pass"),
        (10000, 20000, "pass"),
        ("9999.99", "20000", "fail"),
        ("10000", "19999.99", "fail"),
        ("9999.99", "19999.99", "fail"),
        ("9999.99", None, "fail"),
        (None, "20000", "missing"),
        ("10000", None, "missing"),
    ],
)
def test_local_investment_in_principle(prior, planned, outcome):
    report = check(
        region={"prior_investment_wan_yuan": prior, "planned_investment_wan_yuan": planned}
    )
    row = rule(report, "A12.3.investment")
    assert (row["outcome"], row["severity"]) == (outcome, "in_principle")
    expected = {"pass": "eligible", "fail": "needs_override", "missing": "incomplete"}[outcome]
    assert report.verdict == expected


def test_local_investment_message_shows_the_numbers():
    row = rule(check(region={"prior_investment_wan_yuan": "9999.99"}), "A12.3.investment")
    assert "前期投入 9,999.99 万元，少于 10,000.00 万元" in row["message"]
    assert "建设期内新增投入 25,000" not in row["message"]  # only the failing part is listed

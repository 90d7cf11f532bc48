"""The rules of 第十二条第4项 on the team: its size, the full-time and qualified ratios (inclusive,
compared in integers, shown as percentages that never cross the threshold they miss), and the
three teams."""

import pytest

from .profiles import check, rule

pytestmark = pytest.mark.django_db


def team(**values):
    return check(team=values)


def test_team_size_boundary():
    row = rule(
        team(members=100, full_time_members=50, rd_staff=80, rd_staff_qualified=64),
        "A12.4.team_size",
    )
    assert row["outcome"] == "pass" and "100 人 ≥ 100 人" in row["message"]
    report = team(members=99, full_time_members=50, rd_staff=80, rd_staff_qualified=64)
    row = rule(report, "A12.4.team_size")
    assert row["outcome"] == "fail" and "当前为 99 人" in row["message"]
    assert report.verdict == "ineligible"


@pytest.mark.parametrize(
    ("full_time", "members", "outcome"),
    [
        (50, 100, "pass"),
        (49, 100, "fail"),
        (51, 101, "pass"),
        (50, 101, "fail"),
        (100, 100, "pass"),
        (60, 120, "pass"),
        (59, 120, "fail"),
    ],
)
def test_full_time_ratio_half_inclusive(full_time, members, outcome):
    report = team(members=members, full_time_members=full_time)
    row = rule(report, "A12.4.full_time_ratio")
    assert row["outcome"] == outcome
    assert f"{full_time} 人" in row["message"] and f"{members} 人" in row["message"]
    assert "50.00%" in row["message"] and "1/2" in row["message"]


def test_full_time_ratio_failure_shows_the_percentage():
    message = rule(team(members=100, full_time_members=49), "A12.4.full_time_ratio")["message"]
    assert "当前为 49 人 / 100 人 = 49.00%" in message


@pytest.mark.parametrize(
    ("qualified", "rd_staff", "outcome"),
    [
        (64, 80, "pass"),
        (63, 80, "fail"),
        (80, 100, "pass"),
        (79, 100, "fail"),
        (4, 5, "pass"),
        (3, 5, "fail"),
        (81, 101, "pass"),
        (80, 101, "fail"),
    ],
)
def test_qualified_ratio_four_fifths_inclusive(qualified, rd_staff, outcome):
    row = rule(team(rd_staff=rd_staff, rd_staff_qualified=qualified), "A12.4.qualified_ratio")
    assert row["outcome"] == outcome
    assert "80.00%" in row["message"] and "4/5" in row["message"]


def test_qualified_ratio_percentage_never_reaches_a_threshold_it_misses():
    # 63/80 = 78.75 % exactly.
    message = rule(team(rd_staff=80, rd_staff_qualified=63), "A12.4.qualified_ratio")["message"]
    assert "63 人 / 80 人 = 78.75%" in message
    # 639/800 = 79.875 %: rounded half up, 79.88 %.
    row = rule(team(members=1000, rd_staff=800, rd_staff_qualified=639), "A12.4.qualified_ratio")
    assert row["outcome"] == "fail" and "79.88%" in row["message"]
    # 79999/100000 = 79.999 %: half up would say 80.00 %, the threshold it misses: 79.99 %.
    row = rule(
        team(members=200000, rd_staff=100000, rd_staff_qualified=79999), "A12.4.qualified_ratio"
    )
    assert row["outcome"] == "fail" and "= 79.99%" in row["message"]


def test_ratio_with_zero_whole_fails():
    report = team(members=120, rd_staff=0, rd_staff_qualified=0)
    row = rule(report, "A12.4.qualified_ratio")
    assert row["outcome"] == "fail" and "研发人员为 0 人" in row["message"]


def test_ratio_missing_either_number_is_missing():
    row = rule(team(rd_staff=None), "A12.4.qualified_ratio")
    assert row["outcome"] == "missing" and "team.rd_staff" in row["message"]
    row = rule(team(full_time_members=None), "A12.4.full_time_ratio")
    assert row["outcome"] == "missing" and "team.full_time_members" in row["message"]


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("has_core_rd_team", "缺少核心技术研发团队"),
        ("has_tech_support_team", "缺少技术支撑服务团队"),
        ("has_transfer_team", "缺少成果转化应用团队"),
    ],
)
def test_team_structure_needs_all_three_teams(key, fragment):
    report = team(**{key: False})
    row = rule(report, "A12.4.team_structure")
    assert row["outcome"] == "fail" and fragment in row["message"]
    assert report.verdict == "ineligible"
    row = rule(team(**{key: None}), "A12.4.team_structure")
    assert row["outcome"] == "missing" and f"team.{key}" in row["message"]


def test_team_structure_lists_every_missing_team():
    row = rule(team(has_core_rd_team=False, has_transfer_team=False), "A12.4.team_structure")
    assert "缺少核心技术研发团队" in row["message"] and "缺少成果转化应用团队" in row["message"]
    assert "技术支撑服务团队" not in row["message"]

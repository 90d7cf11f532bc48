"""The rules of 第十二条 (and the verdict): ids, severities, inclusive boundaries, exact numbers,
and the rule set chosen by the profile's as_of date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ticms.regulation.eligibility import check_profile, rule_set_for, verdict_of
from ticms.regulation.models import RuleSet
from ticms.regulation.rules.base import article_label
from ticms.regulation.rules.catalogue import ESTABLISHMENT_RULES, RULES_BY_ID
from ticms.regulation.rules.checks import add_months
from ticms.regulation.rules.messages import Finding
from ticms.regulation.rules.outcomes import Outcome, Severity
from ticms.regulation.thresholds import FIRST_VERSION, SPECS, threshold_problems

from .profiles import RULE_IDS, good_profile, outcomes, result_of

pytestmark = pytest.mark.django_db

IN_PRINCIPLE = {
    "A12.1.operation_12m",
    "A12.3.investment",
    "A12.4.no_repeat_support",
    "A4.no_duplicate_layout",
}
DATABASE_RULES = {"A12.4.no_repeat_support", "A4.no_duplicate_layout"}


def check(**sections):
    return check_profile(good_profile(**sections))


def rule(report, rule_id):
    return result_of(report, rule_id)


# --- the catalogue -----------------------------------------------------------------------------


def test_rule_ids_are_exactly_the_specified_ones_in_order():
    assert [r.id for r in ESTABLISHMENT_RULES] == RULE_IDS
    assert set(RULES_BY_ID) == set(RULE_IDS)


def test_severity_follows_the_text():
    for r in ESTABLISHMENT_RULES:
        expected = Severity.IN_PRINCIPLE if r.id in IN_PRINCIPLE else Severity.MANDATORY
        assert r.severity == expected, r.id


def test_each_rule_cites_its_article_and_item():
    for r in ESTABLISHMENT_RULES:
        if r.id.startswith("A4."):
            assert r.article == "第四条"
        else:
            item = int(r.id.split(".")[1])
            assert r.article == f"第十二条第{item}项", r.id


@pytest.mark.parametrize(
    ("number", "item", "label"),
    [
        (4, None, "第四条"),
        (10, None, "第十条"),
        (12, 1, "第十二条第1项"),
        (20, None, "第二十条"),
        (28, 3, "第二十八条第3项"),
    ],
)
def test_article_label(number, item, label):
    assert article_label(number, item) == label


def test_first_rule_set_holds_the_numbers_of_the_regulation():
    rule_set = RuleSet.objects.get(code="2025.1")
    assert rule_set.effective_from == dt.date(2025, 1, 1)
    t = rule_set.thresholds
    # 第十二条: 5000 m², 2000 万元, 12 months, 3000 万元 over three years, 1 亿 / 2 亿,
    # 100 people, 50 %, 80 %.
    assert Decimal(t["site_area_min_m2"]) == 5000
    assert Decimal(t["instrument_value_min_wan_yuan"]) == 2000
    assert t["operation_min_months"] == 12
    assert t["rd_investment_years"] == 3
    assert Decimal(t["rd_investment_avg_min_wan_yuan"]) == 3000
    assert Decimal(t["prior_investment_min_wan_yuan"]) == 10000
    assert Decimal(t["planned_investment_min_wan_yuan"]) == 20000
    assert t["team_size_min"] == 100
    assert t["full_time_ratio_min"] == "1/2"
    assert t["qualified_ratio_min"] == "4/5"
    assert t["co_builders_min"] == 2
    assert threshold_problems(t) == []


# --- whole reports and the verdict -------------------------------------------------------------


def test_good_profile_is_eligible_and_database_rules_are_skipped_without_layout():
    report = check()
    result = outcomes(report)
    assert list(result) == RULE_IDS
    for rule_id, outcome in result.items():
        assert outcome == ("skipped" if rule_id in DATABASE_RULES else "pass"), rule_id
    assert report.verdict == "eligible"


def test_empty_profile_is_incomplete_with_every_rule_missing():
    report = check_profile({"as_of": "2026-06-01"})
    for rule_id, outcome in outcomes(report).items():
        assert outcome == ("skipped" if rule_id in DATABASE_RULES else "missing"), rule_id
    assert report.verdict == "incomplete"


def test_missing_message_names_the_field_path():
    report = check(team={"members": None, "full_time_members": None})
    message = rule(report, "A12.4.team_size")["message"]
    assert "缺少数据" in message and "team.members" in message
    assert rule(report, "A12.4.full_time_ratio")["outcome"] == "missing"


def test_result_rows_have_the_specified_shape():
    data = check().as_dict()
    assert data["rule_set"] == "2025.1"
    assert data["as_of"] == "2026-06-01"
    for row in data["results"]:
        assert set(row) == {"rule", "article", "severity", "outcome", "message"}
        assert row["severity"] in {"mandatory", "in_principle"}
        assert row["outcome"] in {"pass", "fail", "missing", "skipped"}
        assert row["message"]


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        # a mandatory failure wins over everything else
        ({"center": {"registered_in_jiangsu": False}}, "ineligible"),
        (
            {
                "center": {"registered_in_jiangsu": False, "operating_since": "2026-01-01"},
                "team": {"members": None, "full_time_members": None},
            },
            "ineligible",
        ),
        # then missing data
        ({"team": {"members": None, "full_time_members": None}}, "incomplete"),
        (
            {
                "team": {"members": None, "full_time_members": None},
                "region": {"prior_investment_wan_yuan": "9999"},
            },
            "incomplete",
        ),
        # then in-principle failures
        ({"region": {"prior_investment_wan_yuan": "9999"}}, "needs_override"),
        (
            {
                "center": {"operating_since": "2026-01-01"},
                "region": {"planned_investment_wan_yuan": "1"},
            },
            "needs_override",
        ),
        # nothing wrong
        ({}, "eligible"),
    ],
)
def test_verdict(changes, verdict):
    assert check(**changes).verdict == verdict


def test_verdict_of_precedence_with_synthetic_findings():
    mandatory, principle = RULES_BY_ID["A12.1.jiangsu"], RULES_BY_ID["A12.3.investment"]

    def f(outcome):
        return Finding(outcome, "x")

    assert verdict_of([(mandatory, f(Outcome.PASS)), (principle, f(Outcome.PASS))]) == "eligible"
    assert verdict_of([(mandatory, f(Outcome.SKIPPED))]) == "eligible"
    assert verdict_of([(principle, f(Outcome.FAIL))]) == "needs_override"
    assert verdict_of([(principle, f(Outcome.FAIL)), (mandatory, f(Outcome.MISSING))]) == (
        "incomplete"
    )
    assert verdict_of([(principle, f(Outcome.MISSING))]) == "incomplete"
    assert verdict_of([(mandatory, f(Outcome.MISSING)), (mandatory, f(Outcome.FAIL))]) == (
        "ineligible"
    )


# --- 第十二条第1项 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "path"),
    [
        ("A12.1.jiangsu", ("center", "registered_in_jiangsu")),
        ("A12.1.legal_person", ("center", "independent_legal_person")),
        ("A12.2.platform", ("host_unit", "has_provincial_platform")),
        ("A12.2.projects", ("host_unit", "undertook_provincial_project")),
        ("A12.4.executive_director", ("team", "executive_director_full_time")),
    ],
)
def test_yes_no_rules(rule_id, path):
    section, key = path
    assert rule(check(**{section: {key: True}}), rule_id)["outcome"] == "pass"
    failed = check(**{section: {key: False}})
    assert rule(failed, rule_id)["outcome"] == "fail"
    assert failed.verdict == "ineligible"
    missing = check(**{section: {key: None}})
    assert rule(missing, rule_id)["outcome"] == "missing"
    assert f"{section}.{key}" in rule(missing, rule_id)["message"]


GOV = {"name": "苏州市人民政府", "kind": "local_government"}
UNI = {"name": "南京大学", "kind": "university"}
FIRM = {"name": "某科技有限公司", "kind": "enterprise"}


@pytest.mark.parametrize(
    ("signed", "builders", "outcome", "fragment"),
    [
        (True, [GOV, UNI], "pass", "共建单位 2 家"),
        (True, [GOV, UNI, FIRM], "pass", "其中地方政府 1 家"),
        (True, [GOV], "fail", "共建单位 1 家，少于 2 家"),
        (True, [], "fail", "共建单位 0 家，少于 2 家"),
        (True, [UNI, FIRM], "fail", "没有地方政府"),
        (False, [GOV, UNI], "fail", "尚未签署共建协议"),
        # a known failure is reported even when the other half is missing
        (None, [GOV], "fail", "少于 2 家"),
        (False, None, "fail", "尚未签署共建协议"),
        (None, [GOV, UNI], "missing", "center.co_building_agreement_signed"),
        (True, None, "missing", "center.co_builders"),
    ],
)
def test_co_built(signed, builders, outcome, fragment):
    report = check(center={"co_building_agreement_signed": signed, "co_builders": builders})
    row = rule(report, "A12.1.co_built")
    assert row["outcome"] == outcome
    assert fragment in row["message"]


@pytest.mark.parametrize(
    ("since", "as_of", "outcome"),
    [
        ("2025-05-01", "2026-05-01", "pass"),  # exactly 12 calendar months: included
        ("2025-05-01", "2026-04-30", "fail"),  # one day short
        ("2025-05-31", "2026-05-31", "pass"),
        ("2025-05-31", "2026-05-30", "fail"),
        # 29 February: twelve months later is the last day of February
        ("2024-02-29", "2025-02-28", "pass"),
        ("2024-02-29", "2025-02-27", "fail"),
        ("2024-02-28", "2025-02-28", "pass"),
        ("2024-02-28", "2025-02-27", "fail"),
        # starting in the future, or today
        ("2026-06-02", "2026-06-01", "fail"),
        ("2026-06-01", "2026-06-01", "fail"),
    ],
)
def test_operation_12_months(since, as_of, outcome):
    report = check(as_of=as_of, center={"operating_since": since})
    row = rule(report, "A12.1.operation_12m")
    assert row["outcome"] == outcome
    assert row["severity"] == "in_principle"
    assert since in row["message"] and as_of in row["message"]
    # In principle only: failing it alone asks for an override, it does not disqualify.
    assert report.verdict == ("eligible" if outcome == "pass" else "needs_override")


def test_operation_message_says_when_12_months_are_reached():
    row = rule(
        check(as_of="2025-02-27", center={"operating_since": "2024-02-29"}), "A12.1.operation_12m"
    )
    assert "2025-02-28" in row["message"] and "12 个月" in row["message"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 5, 1), 12, dt.date(2026, 5, 1)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15)),
        (dt.date(2025, 12, 31), 13, dt.date(2027, 1, 31)),
        (dt.date(2025, 6, 15), 0, dt.date(2025, 6, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("rule_id", "key", "limit_text", "passing", "failing"),
    [
        (
            "A12.1.site_area",
            "rd_site_area_m2",
            "5,000",
            ["5000", 5000, "5000.00", "5000.01"],
            ["4999.99", 4999, "0"],
        ),
        (
            "A12.1.instruments",
            "instrument_value_wan_yuan",
            "2,000",
            ["2000", 2000, "2000.0"],
            ["1999.99", "1999.9999"],
        ),
    ],
)
def test_center_minimums_are_inclusive(rule_id, key, limit_text, passing, failing):
    for value in passing:
        row = rule(check(center={key: value}), rule_id)
        assert row["outcome"] == "pass", value
        assert "≥" in row["message"] and limit_text in row["message"]
    for value in failing:
        report = check(center={key: value})
        row = rule(report, rule_id)
        assert row["outcome"] == "fail", value
        assert report.verdict == "ineligible"
        assert limit_text in row["message"]


def test_site_area_failure_message_shows_both_numbers():
    message = rule(check(center={"rd_site_area_m2": "4800"}), "A12.1.site_area")["message"]
    assert message == "独立研发场地面积须不少于 5,000 m²，当前为 4,800 m²"
    message = rule(check(center={"rd_site_area_m2": "4999.99"}), "A12.1.site_area")["message"]
    assert "4,999.99 m²" in message


# --- 第十二条第2项: the three calendar years before the year of as_of ---------------------------


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


# --- 第十二条第3项 -------------------------------------------------------------------------------


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


# --- 第十二条第4项 -------------------------------------------------------------------------------


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


# --- the rule set in force on as_of --------------------------------------------------------------


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


# --- validating a rule set's thresholds ---------------------------------------------------------


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

"""The rule catalogue of 第十二条 and 第四条 and the verdict: ids, severities, articles, the
shape of a report; the rules of 第十二条第1项 on the center (inclusive boundaries, exact numbers,
calendar months)."""

import datetime as dt
from decimal import Decimal

import pytest

from ticms.regulation.eligibility import check_profile, verdict_of
from ticms.regulation.models import RuleSet
from ticms.regulation.rules.base import article_label
from ticms.regulation.rules.catalogue import ESTABLISHMENT_RULES, RULES_BY_ID
from ticms.regulation.rules.checks import add_months
from ticms.regulation.rules.messages import Finding
from ticms.regulation.rules.outcomes import Outcome, Severity
from ticms.regulation.thresholds import threshold_problems

from .profiles import RULE_IDS, check, outcomes, rule

pytestmark = pytest.mark.django_db

IN_PRINCIPLE = {
    "A12.1.operation_12m",
    "A12.3.investment",
    "A12.4.no_repeat_support",
    "A4.no_duplicate_layout",
}
DATABASE_RULES = {"A12.4.no_repeat_support", "A4.no_duplicate_layout"}


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

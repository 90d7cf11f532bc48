"""Shared helpers for the eligibility tests: a profile that meets every rule, its check, and
look-ups."""

from __future__ import annotations

import copy

from ticms.regulation.eligibility import check_profile

RULE_IDS = [
    "A12.1.jiangsu",
    "A12.1.legal_person",
    "A12.1.co_built",
    "A12.1.operation_12m",
    "A12.1.site_area",
    "A12.1.instruments",
    "A12.2.platform",
    "A12.2.projects",
    "A12.2.rd_investment",
    "A12.3.policy",
    "A12.3.investment",
    "A12.4.executive_director",
    "A12.4.team_size",
    "A12.4.full_time_ratio",
    "A12.4.qualified_ratio",
    "A12.4.team_structure",
    "A12.4.no_repeat_support",
    "A4.no_duplicate_layout",
]

# Every value comfortably clear of its threshold (2025.1: 5000 m², 2000 万元, 3000 万元 average,
# 10000/20000 万元, 100 people, 1/2 full time, 4/5 qualified), operating well over 12 months.
GOOD_PROFILE = {
    "as_of": "2026-06-01",
    "center": {
        "registered_in_jiangsu": True,
        "independent_legal_person": True,
        "co_building_agreement_signed": True,
        "co_builders": [
            {"name": "南京市人民政府", "kind": "local_government"},
            {"name": "东南大学", "kind": "university"},
        ],
        "operating_since": "2025-01-15",
        "rd_site_area_m2": "6000",
        "instrument_value_wan_yuan": "2500",
    },
    "host_unit": {
        "has_provincial_platform": True,
        "undertook_provincial_project": True,
        # 2022-2025, so that as_of dates in 2025 and 2026 both find their three years.
        "rd_investment_wan_yuan": {"2022": "3100", "2023": "3200", "2024": "3300", "2025": "3400"},
    },
    "region": {
        "industry_policy_issued": True,
        "has_industrial_park": True,
        "prior_investment_wan_yuan": "12000",
        "planned_investment_wan_yuan": "25000",
    },
    "team": {
        "executive_director_full_time": True,
        "members": 120,
        "full_time_members": 80,
        "rd_staff": 100,
        "rd_staff_qualified": 90,
        "has_core_rd_team": True,
        "has_tech_support_team": True,
        "has_transfer_team": True,
    },
}


def good_profile(**sections) -> dict:
    """A deep copy of GOOD_PROFILE; keyword sections are merged in (None deletes a key)."""
    data = copy.deepcopy(GOOD_PROFILE)
    for name, values in sections.items():
        if values is None:
            data.pop(name, None)
        elif isinstance(values, dict) and isinstance(data.get(name), dict):
            for key, value in values.items():
                if value is None:
                    data[name].pop(key, None)
                else:
                    data[name][key] = value
        else:
            data[name] = values
    return data


def result_of(report, rule_id: str) -> dict:
    """One rule's row of report.as_dict() (rule, article, severity, outcome, message)."""
    rows = [r for r in report.as_dict()["results"] if r["rule"] == rule_id]
    assert len(rows) == 1, rule_id
    return rows[0]


def outcomes(report) -> dict[str, str]:
    return {r["rule"]: r["outcome"] for r in report.as_dict()["results"]}


def check(**sections):
    return check_profile(good_profile(**sections))


def rule(report, rule_id):
    return result_of(report, rule_id)

"""Every error and warning at its boundary, with the numbers and the article."""

from __future__ import annotations

import datetime as dt

import pytest

from ticms.reporting import checks
from ticms.reporting import figures as F
from ticms.reporting.models import AnnualReport, AnnualReportStatus
from ticms.testing import factories as f

from .conftest import full_figures

pytestmark = pytest.mark.django_db


def findings(figures, *, year=2024, ends=dt.date(2025, 12, 31), previous=None):
    center = f.CenterFactory(construction_ends_on=ends)
    if previous is not None:
        AnnualReport.objects.create(
            center=center, year=year - 1, figures=previous, status=AnnualReportStatus.FILED
        )
    report = AnnualReport(center=center, year=year, figures=F.figures_parse(figures)[0])
    return checks.report_findings(report)


def ids(found):
    return [(x.id, x.severity) for x in found]


def test_full_figures_have_no_findings():
    assert findings(full_figures()) == []


# --- parts and totals -----------------------------------------------------------------------


def test_full_time_above_members_is_an_error_with_the_numbers():
    figures = full_figures()
    figures["people"]["transfer"] = {**figures["people"]["transfer"], "full_time": 41}
    [finding] = findings(figures)
    assert (finding.id, finding.severity, finding.article) == (
        "part.people.full_time",
        "error",
        "第二十二条",
    )
    assert finding.path == "people.transfer.full_time"
    assert "41" in finding.text and "40" in finding.text
    assert "成果转化应用团队" in finding.text


def test_part_equal_to_total_passes():
    figures = full_figures()
    figures["people"]["core_rd"] = {**figures["people"]["core_rd"], "full_time": 40}
    assert findings(figures) == []


def test_market_sources_above_total_income_is_an_error():
    figures = full_figures()
    figures["income"].update(total="5999.999999", government_funding="0")
    # market 2000 + 1500 + 1500 + 1000 = 6000 > 5999.999999
    assert ids(findings(figures)) == [
        ("part.income.market", "error"),
        ("part.income.sources", "error"),
    ]


def test_government_plus_market_at_total_passes():
    figures = full_figures()
    figures["income"]["total"] = "9000.000000"
    assert findings(figures) == []


def test_high_tech_within_spin_offs_plus_incubated():
    figures = full_figures()
    figures["enterprises"]["high_tech"] = 8
    assert findings(figures) == []
    figures["enterprises"]["high_tech"] = 9
    assert ids(findings(figures)) == [("part.enterprises.high_tech", "error")]


def test_missing_total_is_not_a_part_error():
    figures = full_figures()
    figures["income"]["total"] = None
    assert findings(figures) == []


# --- jumps against last year's filed report ---------------------------------------------------


def _with_standards(n):
    figures = F.figures_parse(full_figures())[0]
    figures["ip"]["standards"] = n
    figures["ip"]["standards_national"] = 0
    return figures


def test_five_times_last_year_warns_just_under_does_not():
    previous = F.figures_parse(full_figures())[0]
    figures = full_figures()
    figures["instruments"]["sharing_hours"] = "40002.5"  # exactly 8000.5 × 5
    [finding] = findings(figures, previous=previous)
    assert (finding.id, finding.severity, finding.path) == (
        "jump",
        "warning",
        "instruments.sharing_hours",
    )
    assert "40,002.5" in finding.text and "8,000.5" in finding.text and "2023" in finding.text
    figures["instruments"]["sharing_hours"] = "40002.499999"
    assert findings(figures, previous=previous) == []


def test_a_fifth_of_last_year_warns_just_above_does_not():
    previous = _with_standards(20)
    assert ids(findings(_with_standards(4), previous=previous)) == [("jump", "warning")]
    assert findings(_with_standards(5), previous=previous) == []


def test_zero_last_year_and_unfiled_reports_are_not_compared():
    assert findings(_with_standards(4), previous=_with_standards(0)) == []
    center = f.CenterFactory()
    AnnualReport.objects.create(center=center, year=2023, figures=_with_standards(20))
    report = AnnualReport(center=center, year=2024, figures=_with_standards(4))
    assert checks.report_findings(report) == []


# --- team ratios (第十二条第4项) ------------------------------------------------------------------


def _people(members, full_time, rd_staff, qualified):
    figures = full_figures()
    row = {"senior_title": 0, "doctorate": 0}
    figures["people"] = {
        "core_rd": {**row, "members": members, "full_time": full_time,
                    "rd_staff": rd_staff, "qualified_rd": qualified},
        "tech_support": {**row, "members": 0, "full_time": 0, "rd_staff": 0, "qualified_rd": 0},
        "transfer": {**row, "members": 0, "full_time": 0, "rd_staff": 0, "qualified_rd": 0},
    }  # fmt: skip
    return figures


def test_team_at_thresholds_passes():
    assert findings(_people(100, 50, 80, 64)) == []


def test_team_below_thresholds_warns_citing_the_article():
    found = findings(_people(99, 49, 80, 63))
    assert ids(found) == [
        ("team.size", "warning"),
        ("team.full_time_ratio", "warning"),
        ("team.qualified_ratio", "warning"),
    ]
    assert {x.article for x in found} == {"第十二条第4项"}
    assert "99" in found[0].text and "100" in found[0].text
    assert "49" in found[1].text and "1/2" in found[1].text
    assert "63" in found[2].text and "4/5" in found[2].text


# --- market income (第十八条) ---------------------------------------------------------------------


def _income(total, market):
    figures = full_figures()
    figures["income"] = {
        "total": total,
        "government_funding": "0",
        "contract_rd": market,
        "tech_transfer": "0",
        "tech_services": "0",
        "other_market": "0",
    }
    return figures


ENDED = dt.date(2023, 6, 30)


def test_market_income_exactly_one_third_with_decimals_passes():
    # 3 × 1000.333333 = 3000.999999 = total: inclusive boundary, compared exactly.
    assert findings(_income("3000.999999", "1000.333333"), ends=ENDED) == []


def test_market_income_one_cent_less_warns():
    [finding] = findings(_income("3000.999999", "1000.323333"), ends=ENDED)
    assert (finding.id, finding.severity, finding.article) == (
        "income.market_share",
        "warning",
        "第十八条",
    )
    # Money in two decimals; the minimum rounded up, never understated.
    assert "1,000.32 万元" in finding.text and "3,001.00 万元" in finding.text
    assert "应不少于 1,000.34 万元" in finding.text
    assert "2023-06-30" in finding.text


def test_market_income_not_checked_during_construction():
    low = _income("3000", "1")
    assert findings(low, ends=dt.date(2024, 12, 31)) == []
    assert findings(low, ends=None) == []
    assert ids(findings(low, ends=dt.date(2024, 12, 30))) == [("income.market_share", "warning")]


def test_a_single_filled_part_above_its_total_is_an_error_at_once():
    from ticms.reporting.checks import part_findings

    found = part_findings({"income": {"total": "100", "government_funding": "200"}})
    assert found
    assert all("200" in f.text and "100" in f.text for f in found)
    assert part_findings({"income": {"total": "100", "government_funding": "100"}}) == []


def test_cited_article_follows_the_language():
    from django.utils import translation

    from ticms.reporting.checks import part_findings

    [finding, *_rest] = part_findings({"rd_input": {"total": "10", "host_unit": "50"}})
    with translation.override("en"):
        assert finding.cited.endswith("(Art. 22)")
    with translation.override("zh-hans"):
        assert finding.cited.endswith("（第二十二条）")

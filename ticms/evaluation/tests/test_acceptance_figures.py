"""What the acceptance is judged on, from the record: each contract target beside the latest
figure of the filed reports (with its source report), the 第十八条 market-income share of the
last filed year computed exactly (3 × market ≥ total), and the committed local investment
(第十二条第3项) against the government funding the reports declare."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ticms.evaluation.acceptance_figures import MarketShare, acceptance_figures
from ticms.testing.establishment import eligible_application, published_guide

from .acceptance_world import income, world

pytestmark = pytest.mark.django_db


def test_each_target_shows_the_latest_filed_figure_and_its_report():
    w = world()
    year = w.center.construction_ends_on.year
    w.report(year - 2, achieved=["20", "1000"])
    last = w.report(year - 1, achieved=["50", None])
    w.report(year, status="submitted", achieved=["99", "9999"])  # not filed: not counted
    rows = acceptance_figures(w.center).targets
    assert [r.target.name for r in rows] == ["发明专利授权", "技术合同成交额"]
    assert (rows[0].achieved, rows[0].report, rows[0].met) == (Decimal(50), last, True)
    # The second target was last reported two years ago, below its 3000 target.
    assert rows[1].achieved == Decimal(1000) and rows[1].report.year == year - 2
    assert rows[1].met is False


def test_a_target_without_any_figure_is_missing_not_failed():
    w = world()
    row = acceptance_figures(w.center).targets[0]
    assert (row.achieved, row.report, row.met) == (None, None, None)


@pytest.mark.parametrize(
    ("total", "market", "passed"),
    [
        ("900", ["300"], True),  # exactly a third
        ("900.01", ["300"], False),  # a cent short
        ("1000", ["333.33"], False),  # 0.33333 < 1/3: floats would round this away
        ("1000", ["200", "100", "33.34"], True),
        ("0", [], None),  # no market figures at all
    ],
)
def test_market_share_of_the_last_filed_year_is_exact(total, market, passed):
    w = world()
    year = w.center.construction_ends_on.year
    w.report(year - 2, figures=income(100, ["90"]))
    w.report(year - 1, figures=income(total, market))
    share = acceptance_figures(w.center).market
    assert share.report.year == year - 1
    assert share.passed is passed


def test_market_share_without_reports():
    w = world()
    assert acceptance_figures(w.center).market.passed is None
    assert MarketShare(market=Decimal(1), total=Decimal(3)).passed is True


def test_committed_investment_against_the_government_funding_reported():
    w = world()
    w.contract.application = eligible_application(published_guide(), host=w.center.host_unit)
    w.contract.save()
    year = w.center.construction_ends_on.year
    w.report(year - 2, figures={"rd_input": {"total": "9000", "government": "8000"}})
    w.report(year - 1, figures={"rd_input": {"total": "15000", "government": "12000"}})
    w.report(year - 9, figures={"rd_input": {"total": "1", "government": "5000"}})  # before
    inv = acceptance_figures(w.center).investment
    # The application committed 20000 万元 (2亿元, the minimum in principle): delivered exactly.
    assert inv.committed == Decimal(20000) and inv.committed_meets_minimum is True
    assert inv.reported == Decimal(20000) and inv.delivered is True
    assert [r.year for r, _amount in inv.reports] == [year - 2, year - 1]


def test_investment_short_of_the_commitment_or_without_an_application():
    w = world()
    assert acceptance_figures(w.center).investment.committed is None
    w.contract.application = eligible_application(published_guide(), host=w.center.host_unit)
    w.contract.save()
    year = w.center.construction_ends_on.year
    w.report(year - 1, figures={"rd_input": {"total": "20000", "government": "19999.99"}})
    inv = acceptance_figures(w.center).investment
    assert inv.delivered is False

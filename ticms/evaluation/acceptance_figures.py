"""What the acceptance is judged on, taken from the record (一数一源): each contract 考核指标
target beside what the filed annual reports say was achieved (with the report each figure comes
from), the market-income share of the last filed year (第十八条, exact: 3 × market ≥ total),
and the region's committed new investment during construction (第十二条第3项) against the
government funding the reports declare. Three queries, whatever the number of targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ticms.common.money import to_decimal
from ticms.reporting import figures as F

MARKET_ARTICLE = "第十八条"
INVESTMENT_ARTICLE = "第十二条第3项"
# 建设期内地方政府新增投入原则上不少于2亿元 (in 万元); the application's rule set holds the same.
COMMITTED_MIN_WAN_YUAN = Decimal(20000)


@dataclass
class TargetRow:
    target: Any
    achieved: Decimal | None = None
    report: Any = None  # the filed report the figure comes from

    @property
    def met(self) -> bool | None:
        """None without a figure; otherwise achieved ≥ target (inclusive, DESIGN §3)."""
        if self.achieved is None:
            return None
        return self.achieved >= self.target.target_value


@dataclass
class MarketShare:
    report: Any = None
    market: Decimal | None = None
    total: Decimal | None = None

    @property
    def passed(self) -> bool | None:
        """第十八条: market income at least a third of total income, i.e. 3 × market ≥ total,
        compared exactly in Decimal; None when the figures are missing."""
        if self.market is None or self.total is None:
            return None
        return 3 * self.market >= self.total


@dataclass
class Investment:
    committed: Decimal | None = None  # from the application (建设期内地方政府新增投入)
    application: Any = None
    reported: Decimal = Decimal(0)  # Σ rd_input.government over the filed reports
    reports: list = field(default_factory=list)  # (report, amount or None)

    @property
    def committed_meets_minimum(self) -> bool | None:
        return None if self.committed is None else self.committed >= COMMITTED_MIN_WAN_YUAN

    @property
    def delivered(self) -> bool | None:
        """The reported government funding reaches the commitment (inclusive)."""
        return None if self.committed is None else self.reported >= self.committed


@dataclass
class AcceptanceFigures:
    targets: list[TargetRow]
    market: MarketShare
    investment: Investment
    reports: list

    @property
    def targets_met(self) -> int:
        return sum(1 for row in self.targets if row.met)


def _committed(application) -> Decimal | None:
    if application is None:
        return None
    data = application.profile_data or {}
    raw = data.get("region.planned_investment_wan_yuan")
    if raw is None and isinstance(data.get("region"), dict):
        raw = data["region"].get("planned_investment_wan_yuan")
    try:
        return to_decimal(raw) if raw not in (None, "") else None
    except ValueError:
        return None


def _market_of(report) -> MarketShare:
    figures = report.figures or {}
    parts = [F.get(figures, f"income.{k}") for k in F.MARKET_INCOME]
    filled = [p for p in parts if p is not None]
    return MarketShare(
        report=report,
        market=sum(filled, Decimal(0)) if filled else None,
        total=F.get(figures, "income.total"),
    )


def acceptance_figures(center) -> AcceptanceFigures:
    """The figures of `center`'s acceptance, from its contract and its filed reports."""
    from ticms.establishment.models import Contract, ContractTarget
    from ticms.reporting.models import AnnualReport, AnnualReportStatus, TargetProgress

    contract = Contract.objects.select_related("application").filter(center=center).first()
    targets = (
        list(ContractTarget.objects.filter(contract=contract).order_by("order", "pk"))
        if contract is not None
        else []
    )
    reports = list(
        AnnualReport.objects.filter(center=center, status=AnnualReportStatus.FILED)
        .only("pk", "year", "figures", "center_id", "status")
        .order_by("-year")
    )
    rows = {t.pk: TargetRow(target=t) for t in targets}
    if targets:
        # Newest filed report first: the latest figure given for each target is what counts.
        progress = (
            TargetProgress.objects.filter(
                target__in=targets,
                report__status=AnnualReportStatus.FILED,
                report__center=center,
                achieved__isnull=False,
            )
            .select_related("report")
            .order_by("-report__year", "pk")
        )
        for p in progress:
            row = rows[p.target_id]
            if row.report is None:
                row.achieved, row.report = p.achieved, p.report
    market = _market_of(reports[0]) if reports else MarketShare()
    investment = Investment(
        committed=_committed(contract.application if contract else None),
        application=contract.application if contract else None,
    )
    period = (
        (contract.construction_starts_on.year, contract.construction_ends_on.year)
        if contract is not None
        else None
    )
    for report in reversed(reports):
        if period is not None and not period[0] <= report.year <= period[1]:
            continue  # outside the construction period
        amount = F.get(report.figures or {}, "rd_input.government")
        investment.reports.append((report, amount))
        if amount is not None:
            investment.reported += amount
    return AcceptanceFigures(
        targets=list(rows.values()), market=market, investment=investment, reports=reports
    )

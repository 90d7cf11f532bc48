"""Checks of an annual report that explain themselves with the numbers and cite the article.

Errors (a part larger than its total) stop a save and a submission; warnings (an implausible
jump against last year's filed report, team ratios below 第十二条第4项, market income below 1/3
after the construction period, 第十八条) are shown to the center and the reviewers, never block.
Amounts are Decimal and ratios are compared in integers, never floats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from ticms.common.citations import localize
from ticms.common.money import at_least_ratio, fmt_count, fmt_money, fmt_money_beside, fmt_ratio
from ticms.regulation.eligibility import rule_set_for
from ticms.regulation.rules.messages import Msg
from ticms.regulation.thresholds import Thresholds

from . import figures as F
from .selectors import previous_filed_report

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: _("错误"), WARNING: _("提示")}
ARTICLE_REPORT = "第二十二条"
ARTICLE_TEAM = "第十二条第4项"
ARTICLE_MARKET = "第十八条"
JUMP_FACTOR = 5
MARKET_SHARE = Fraction(1, 3)


@dataclass(frozen=True)
class ReportFinding:
    id: str
    article: str
    severity: str  # error | warning
    message: Msg
    path: str = ""  # the figure it is about, for the page to place it
    params: dict = field(default_factory=dict, compare=False)

    @property
    def text(self) -> str:
        return self.message.render()

    @property
    def cited(self) -> str:
        """The message with its article, as a refusal shows it."""
        return str(
            _("%(text)s（%(article)s）") % {"text": self.text, "article": localize(self.article)}
        )

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "article": self.article,
            "severity": self.severity,
            "path": self.path,
            "message": self.text,
        }


def _n(value, path: str = "") -> str:
    """A figure the one way: money for an amount column, a count otherwise."""
    column = F.COLUMNS.get(path)
    return fmt_count(value) if column is None else F.fmt_cell(column, value)


def _sum(figures: dict, paths: list[str]):
    values = [F.get(figures, p) for p in paths]
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


def _filled_sum(figures: dict, paths: list[str]):
    values = [v for p in paths if (v := F.get(figures, p)) is not None]
    return sum(values, Decimal(0)) if values else None


def _part_paths(part: F.Part) -> list[tuple[str, list[str], list[str]]]:
    """(row label prefix, part paths, total paths) for each row of the part's table."""
    table = F.TABLES_BY_KEY[part.table]
    prefixes = [f"{part.table}.{row}." for row, _l in table.rows] or [f"{part.table}."]
    return [
        (
            prefix,
            [prefix + p for p in part.parts],
            [prefix + t for t in part.total.split("+")],
        )
        for prefix in prefixes
    ]


def part_findings(figures: dict) -> list[ReportFinding]:
    found = []
    for part in F.PARTS:
        for _prefix, parts, totals in _part_paths(part):
            # Parts are never negative: the filled ones alone already exceeding the total is
            # an error now, not only once every part is in.
            part_sum, total = _filled_sum(figures, parts), _sum(figures, totals)
            if part_sum is None or total is None or part_sum <= total:
                continue
            found.append(
                ReportFinding(
                    id=f"part.{part.id}",
                    article=ARTICLE_REPORT,
                    severity=ERROR,
                    path=parts[0],
                    message=Msg(
                        _("%(parts)s 合计 %(part)s 超过 %(total_label)s %(total)s"),
                        {
                            "parts": str(_("、")).join(F.label_of(p) for p in parts),
                            "part": _n(part_sum, parts[0]),
                            "total_label": "+".join(F.label_of(t) for t in totals),
                            "total": _n(total, totals[0]),
                        },
                    ),
                )
            )
    return found


def jump_findings(figures: dict, previous: dict | None, previous_year: int) -> list[ReportFinding]:
    """A figure at least ×5 or at most ÷5 of last year's filed value (both inclusive)."""
    if not previous:
        return []
    found = []
    before = F.numeric_values(previous)
    for path, value in F.numeric_values(figures).items():
        last = before.get(path)
        if not last:  # no figure last year, or zero: no ratio to speak of
            continue
        if value >= JUMP_FACTOR * last:
            template = _(
                "%(label)s 为 %(value)s，是 %(year)s 年度（%(last)s）的 %(factor)d 倍以上，请核实"
            )
        elif value * JUMP_FACTOR <= last:
            template = _(
                "%(label)s 为 %(value)s，不足 %(year)s 年度（%(last)s）的 1/%(factor)d，请核实"
            )
        else:
            continue
        found.append(
            ReportFinding(
                id="jump",
                article=ARTICLE_REPORT,
                severity=WARNING,
                path=path,
                message=Msg(
                    template,
                    {
                        "label": F.label_of(path),
                        "value": _n(value, path),
                        "last": _n(last, path),
                        "year": previous_year,
                        "factor": JUMP_FACTOR,
                    },
                ),
            )
        )
    return found


def team_findings(figures: dict, thresholds: Thresholds) -> list[ReportFinding]:
    rows = [row for row, _l in F.TABLES_BY_KEY["people"].rows]
    totals = {
        column: _sum(figures, [f"people.{row}.{column}" for row in rows])
        for column in ("members", "full_time", "rd_staff", "qualified_rd")
    }
    found = []
    members = totals["members"]
    minimum = thresholds.count("team_size_min")
    if members is not None and members < minimum:
        found.append(
            ReportFinding(
                id="team.size",
                article=ARTICLE_TEAM,
                severity=WARNING,
                path="people",
                message=Msg(
                    _("团队成员合计 %(n)s 人，低于 %(min)s 人"),
                    {"n": _n(members), "min": _n(minimum)},
                ),
            )
        )
    for rule_id, part, whole, key, part_label, whole_label in (
        ("team.full_time_ratio", "full_time", "members", "full_time_ratio_min",
         _("全职人员"), _("团队成员")),
        ("team.qualified_ratio", "qualified_rd", "rd_staff", "qualified_ratio_min",
         _("中高级职称或硕士学位以上研发人员"), _("研发人员")),
    ):  # fmt: skip
        part_value, whole_value = totals[part], totals[whole]
        if part_value is None or not whole_value:
            continue
        ratio = thresholds.ratio(key)
        if at_least_ratio(part_value, whole_value, ratio):
            continue
        found.append(
            ReportFinding(
                id=rule_id,
                article=ARTICLE_TEAM,
                severity=WARNING,
                path="people",
                message=Msg(
                    _(
                        "%(part_label)s %(part)s 人，%(whole_label)s %(whole)s 人，"
                        "比例低于 %(ratio)s"
                    ),
                    {
                        "part_label": part_label,
                        "whole_label": whole_label,
                        "part": _n(part_value),
                        "whole": _n(whole_value),
                        "ratio": fmt_ratio(ratio),
                    },
                ),
            )
        )
    return found


def construction_ended(center, year: int) -> bool:
    ends = center.construction_ends_on
    return ends is not None and ends < dt.date(year, 12, 31)


def market_findings(figures: dict, center, year: int) -> list[ReportFinding]:
    """第十八条: after the construction period, 3 × market income ≥ total income (exact)."""
    if not construction_ended(center, year):
        return []
    market = _sum(figures, [f"income.{k}" for k in F.MARKET_INCOME])
    total = F.get(figures, "income.total")
    if market is None or total is None or at_least_ratio(market, total, MARKET_SHARE):
        return []
    return [
        ReportFinding(
            id="income.market_share",
            article=ARTICLE_MARKET,
            severity=WARNING,
            path="income",
            message=Msg(
                _(
                    "建设期已于 %(ends)s 期满，年度市场化收入 %(market)s 万元不足年度总收入 "
                    "%(total)s 万元的 1/3（应不少于 %(required)s 万元）"
                ),
                {
                    "ends": center.construction_ends_on.isoformat(),
                    "market": fmt_money_beside(market, Fraction(total) / 3),
                    "total": fmt_money(total),
                    # A minimum is never understated: rounded up to the cent.
                    "required": fmt_money(
                        (total / 3).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
                    ),
                },
            ),
        )
    ]


def report_findings(report, *, figures: dict | None = None) -> list[ReportFinding]:
    """Every finding on `report` (or on `figures` about to be saved into it)."""
    figures = report.figures if figures is None else figures
    previous = previous_filed_report(report)
    rule_set = rule_set_for(dt.date(report.year, 12, 31))
    return [
        *part_findings(figures),
        *jump_findings(figures, previous.figures if previous else None, report.year - 1),
        *team_findings(figures, Thresholds(rule_set.thresholds)),
        *market_findings(figures, report.center, report.year),
    ]


def errors_of(findings: list[ReportFinding]) -> list[ReportFinding]:
    return [f for f in findings if f.severity == ERROR]

"""Headquarters and branch centers (第五条): a branch files its own report, and its figures
are carried into the headquarters' report of the same year."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from . import figures as F
from .models import EDITABLE_STATUSES, AnnualReport


def branch_rows(report: AnnualReport) -> list[dict]:
    """Every branch that owes a report of the year, with that report or None. Two queries."""
    from .deadlines import owes_report, reporting_centers

    branches = [
        branch
        for branch in reporting_centers()
        .filter(headquarters_id=report.center_id)
        .select_related("city")
        .order_by("code")
        if owes_report(branch, report.year)
    ]
    if not branches:
        return []
    reports = {
        r.center_id: r for r in AnnualReport.objects.filter(center__in=branches, year=report.year)
    }
    return [
        {
            "center": branch,
            "report": reports.get(branch.pk),
            "filed_in": reports.get(branch.pk) is not None
            and reports[branch.pk].status not in EDITABLE_STATUSES,
        }
        for branch in branches
    ]


def branches_not_submitted(report: AnnualReport) -> list[str]:
    """Why the headquarters cannot submit yet: a branch whose figures are not in."""
    return [
        _("分中心「%(branch)s」尚未提交 %(year)d 年度报告，其数据须纳入总部年度报告（第五条）")
        % {"branch": row["center"].name, "year": report.year}
        for row in branch_rows(report)
        if not row["filed_in"]
    ]


def consolidated(report: AnnualReport, rows: list[dict]) -> list[dict]:
    """Per figure: the headquarters' own value, the submitted branches' sum, and the total."""
    own = F.numeric_values(report.figures)
    branch_values = [F.numeric_values(row["report"].figures) for row in rows if row["filed_in"]]
    result = []
    for path in F.ALL_PATHS:
        branch_sum = sum((values.get(path, Decimal(0)) for values in branch_values), Decimal(0))
        mine = own.get(path)
        if mine is None and not branch_sum:
            continue
        total = (mine or Decimal(0)) + branch_sum
        result.append(
            {
                "label": F.label_of(path),
                "own": mine,
                "branches": branch_sum,
                "total": total,
            }
        )
    return result

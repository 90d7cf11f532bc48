"""Headquarters and branch centers (第五条): a branch files its own report, and its figures
are carried into the headquarters' report of the same year.

While the headquarters' report is being written, the branches' submitted reports count as they
stand; on its submission their figures are copied into it, so what the city approves and the
province files stays as it was."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ticms.accounts.models import City

from . import figures as F
from .models import EDITABLE_STATUSES, AnnualReport, AnnualReportStatus


def _live_rows(report: AnnualReport) -> list[dict]:
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
    rows = []
    for branch in branches:
        own = reports.get(branch.pk)
        filed_in = own is not None and own.status not in EDITABLE_STATUSES
        rows.append(
            {
                "center_id": branch.pk,
                "center": branch.name,
                "city": branch.city.name,
                "report_id": own.pk if own else None,
                "status": own.status if own else "",
                "status_label": str(own.get_status_display()) if own else "",
                "filed_in": filed_in,
                "figures": own.figures if filed_in else {},
            }
        )
    return rows


def branch_rows(report: AnnualReport) -> list[dict]:
    """The branches of a headquarters' report: copied at its submission, live before. Rows keep
    the status code and the city's Chinese name (the copy must not change with the reader):
    both are shown here in the reader's language."""
    if report.status not in EDITABLE_STATUSES:
        rows = [dict(row) for row in report.branch_snapshot]
    else:
        rows = _live_rows(report)
    cities = {c.name: str(c) for c in City.objects.all()} if rows else {}
    for row in rows:
        row["city"] = cities.get(row.get("city"), row.get("city", ""))
        if row.get("status") in AnnualReportStatus.values:
            row["status_label"] = str(AnnualReportStatus(row["status"]).label)
    return rows


def snapshot(report: AnnualReport) -> list[dict]:
    """What the headquarters' report keeps of its branches when it is submitted."""
    return _live_rows(report)


def branches_not_submitted(report: AnnualReport) -> list[str]:
    """Why the headquarters cannot submit yet: a branch whose figures are not in."""
    return [
        _("分中心「%(branch)s」尚未提交 %(year)d 年度报告，其数据须纳入总部年度报告（第五条）")
        % {"branch": row["center"], "year": report.year}
        for row in _live_rows(report)
        if not row["filed_in"]
    ]


def with_visibility(user, rows: list[dict]) -> list[dict]:
    """Mark the branch reports the user may open (a link only to those)."""
    from .selectors import annual_reports_visible_to

    ids = [row["report_id"] for row in rows if row["report_id"]]
    visible = set(annual_reports_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for row in rows:
        row["visible"] = row["report_id"] in visible
    return rows


def consolidated(report: AnnualReport, rows: list[dict]) -> list[dict]:
    """Per figure: the headquarters' own value, the filed-in branches' sum, and the total."""
    own = F.numeric_values(report.figures)
    branch_values = [F.numeric_values(row["figures"]) for row in rows if row["filed_in"]]
    result = []
    for path in F.ALL_PATHS:
        branch_sum = sum((values.get(path, Decimal(0)) for values in branch_values), Decimal(0))
        mine = own.get(path)
        if mine is None and not branch_sum:
            continue
        total = (mine or Decimal(0)) + branch_sum
        column = F.COLUMNS[path]
        result.append(
            {
                "label": F.label_of(path),
                "unit": F.unit_of(path),
                "own": mine,
                "branches": branch_sum,
                "total": total,
                # As the tables show them (money two decimals, counts with separators).
                "shown": {
                    "own": None if mine is None else F.fmt_cell(column, mine),
                    "branches": F.fmt_cell(column, branch_sum),
                    "total": F.fmt_cell(column, total),
                },
            }
        )
    return result

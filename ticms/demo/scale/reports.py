"""Annual reports (第二十二条) for every year a center owes one (reporting.deadlines.owes_report,
reporting.services.REPORTING_STATUSES): filed for past years, every state for the last two, some
never started so that they are overdue; progress on each contract target; the headquarters'
copy of its branches' figures (第五条); the overdue reminders already sent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ticms.common.audit import to_json
from ticms.reporting import figures as F
from ticms.reporting.deadlines import OVERDUE, default_due_on
from ticms.reporting.models import (
    EDITABLE_STATUSES,
    AnnualReport,
    AnnualReportReminder,
    AnnualReportStatus,
    TargetProgress,
)

from . import figures as G
from .base import Scale, bulk
from .plans import Plan

R = AnnualReportStatus
REPORT = "reporting.annualreport"
ARTICLE = "第二十二条"
MISSING = None
LAST_YEAR = (
    (R.FILED, 84),
    (R.APPROVED, 5),
    (R.SUBMITTED, 3),
    (R.RETURNED, 2),
    (R.DRAFT, 3),
    (MISSING, 3),
)
# The current year is still running: started or not, a few already with the city.
THIS_YEAR = (
    (MISSING, 35),
    (R.DRAFT, 50),
    (R.RETURNED, 3),
    (R.SUBMITTED, 8),
    (R.APPROVED, 4),
)
RETURN_COMMENT = "请补充成果转化金额的合同佐证材料，并核对研发投入来源构成。"
ORDER = {None: 0, R.DRAFT: 1, R.RETURNED: 1, R.SUBMITTED: 2, R.APPROVED: 3, R.FILED: 4}


def report_repr(p: Plan, year: int) -> str:
    return f"{p.name} {year}年度报告"


def _status(s: Scale, p: Plan, year: int) -> str | None:
    this = s.today.year
    if p is s.scale_center or p.hq is s.scale_center:
        if year < this:
            return R.FILED
        return R.DRAFT if p is s.scale_center else (R.SUBMITTED, R.DRAFT)[p.idx % 2]
    if year == this:
        table = THIS_YEAR
    elif year == this - 1:
        table = LAST_YEAR
    else:
        return MISSING if s.chance(0.004) else R.FILED
    return s.rng.choices([t for t, _w in table], [w for _t, w in table])[0]


def seed(s: Scale, plans: list[Plan]) -> None:
    with s.phase("annual reports") as written:
        s.reports = []
        s.report_edits = []  # (report, plan, start, end): when its staff were editing it
        order = [p for p in plans if p.hq is None and not p.branches] + [
            b for hq in s.headquarters for b in hq.branches
        ]
        hq_status = {}
        for hq in s.headquarters:
            for year in hq.reporting_years(s):
                hq_status[(hq.idx, year)] = _status(s, hq, year)
        made = []
        for p in order:
            made += _center_reports(s, p, hq_status)
        bulk(AnnualReport, made, batch_size=1000)
        heads = []
        for hq in s.headquarters:
            heads += _center_reports(s, hq, hq_status)
        for report in heads:
            if report.status not in EDITABLE_STATUSES:
                report.branch_snapshot = _snapshot(s, report)
        bulk(AnnualReport, heads, batch_size=1000)
        s.reports = made + heads
        progress = _progress(s)
        bulk(TargetProgress, progress, batch_size=5000)
        reminders = _reminders(s, plans)
        for report in s.reports:
            _events(s, report)
        written.update(
            **{
                "annual reports": len(s.reports),
                "target progress rows": len(progress),
                "overdue reminders": len(reminders),
            }
        )


def _center_reports(s: Scale, p: Plan, hq_status: dict) -> list[AnnualReport]:
    years = p.reporting_years(s)
    p.report_years = {}
    reports = []
    previous = None
    for age, year in enumerate(years, start=max(0, years[0] - p.starts_on.year) if years else 0):
        status = hq_status.get((p.idx, year)) if p.branches else _status(s, p, year)
        if p.hq is not None:
            head = hq_status.get((p.hq.idx, year))
            if (
                head is not None
                and head not in EDITABLE_STATUSES
                and year in p.hq.reporting_years(s)
            ):
                status = R.FILED if ORDER[status] < ORDER[R.SUBMITTED] else status
        if status is MISSING:
            previous = None
            continue
        report = _report(s, p, year, age, status, previous)
        p.report_years[year] = report
        reports.append(report)
        previous = report
    return reports


def _report(s, p, year, age, status, previous) -> AnnualReport:
    full = G.report_figures(s, p.size, age)
    editing = status in EDITABLE_STATUSES
    figures = G.partial(s, full) if status == R.DRAFT else full
    texts = G.narrative(s, p.size)
    if status == R.DRAFT and s.chance(0.5):
        texts = {k: "" for k in texts}
    times = _times(s, p, year, status)
    report = AnnualReport(
        center=p.center,
        year=year,
        status=status,
        figures=figures,
        submitted_at=times.get("submitted"),
        created_by=p.staff[0],
        created_at=times["created"],
        updated_at=times["last"],
        **texts,
    )
    carried = (
        F.carried_over(previous.figures)
        if previous is not None and previous.status == R.FILED
        else {}
    )
    report.meta = (p, times, carried, full if not editing else figures)
    return report


def _times(s: Scale, p: Plan, year: int, status) -> dict:
    """When it was started, submitted (perhaps returned once), approved and filed."""
    rng = s.rng
    due = default_due_on(year)
    if year == s.today.year:
        first = max(dt.date(year, 9, 1), p.starts_on)
        created = s.at(s.day_between(first, s.today - dt.timedelta(days=40)))
        room = max(1, (s.now - created).days - 2)
    else:
        created = s.at(dt.date(year + 1, 1, rng.randint(4, 28)))
        room = max(10, (s.at(due) - created).days - 5)
    steps = [("created", created)]
    moment = created
    if status in (R.SUBMITTED, R.APPROVED, R.FILED, R.RETURNED):
        moment += dt.timedelta(days=rng.randint(3, min(40, room)), hours=rng.randint(1, 8))
        steps.append(("first_submitted", moment))
        if status == R.RETURNED or (status != R.SUBMITTED and s.chance(0.08)):
            moment += dt.timedelta(days=rng.randint(2, 8))
            steps.append(("returned", moment))
            if status != R.RETURNED:
                moment += dt.timedelta(days=rng.randint(3, 12))
                steps.append(("resubmitted", moment))
    if status in (R.APPROVED, R.FILED):
        moment += dt.timedelta(days=rng.randint(3, 20), hours=rng.randint(1, 6))
        steps.append(("approved", moment))
    if status == R.FILED:
        moment += dt.timedelta(days=rng.randint(3, 30), hours=rng.randint(1, 6))
        steps.append(("filed", moment))
    # A year still being written: never in the future, kept in order.
    ceiling = s.now - dt.timedelta(hours=1)
    if steps[-1][1] > ceiling:
        span = (ceiling - created) / (len(steps) + 1)
        steps = [(key, created + span * k) for k, (key, _m) in enumerate(steps)]
    times = dict(steps)
    if "first_submitted" in times:
        # The model keeps the latest submission.
        times["submitted"] = times.get("resubmitted", times["first_submitted"])
    times["last"] = steps[-1][1]
    if status in EDITABLE_STATUSES:
        times["last"] = max(times["last"], min(ceiling, times["last"] + dt.timedelta(days=5)))
    return times


def _snapshot(s: Scale, report: AnnualReport) -> list[dict]:
    p = report.meta[0]
    rows = []
    for branch in sorted(p.branches, key=lambda b: b.code):
        if report.year not in branch.reporting_years(s):
            continue
        own = branch.report_years.get(report.year)
        filed_in = own is not None and own.status not in EDITABLE_STATUSES
        rows.append(
            {
                "center_id": branch.center.pk,
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


def _progress(s: Scale) -> list[TargetProgress]:
    rows = []
    for report in s.reports:
        p = report.meta[0]
        elapsed = min(1.0, (report.year - p.starts_on.year + 1) / 5)
        for target in p.targets:
            if report.status == R.DRAFT and s.chance(0.5):
                achieved = None
            else:
                span = target.target_value - (target.baseline or 0)
                value = (target.baseline or 0) + span * Decimal(
                    str(round(elapsed * s.rng.uniform(0.8, 1.2), 3))
                )
                achieved = max(Decimal(0), value).quantize(G.CENT)
            rows.append(TargetProgress(report=report, target=target, achieved=achieved))
        report.progress_rows = rows[-len(p.targets) :] if p.targets else []
    return rows


def _reminders(s: Scale, plans: list[Plan]) -> list[AnnualReportReminder]:
    """Last year's overdue notice, sent once in the week after the deadline to every center
    that had not submitted (reporting.deadlines.annual_report_reminders_send)."""
    year = s.today.year - 1
    due = default_due_on(year)
    if due >= s.today:
        return []
    rows = []
    s.overdue_last_year = []
    for p in plans:
        if year not in p.reporting_years(s):
            continue
        report = p.report_years.get(year)
        if report is None or report.status in EDITABLE_STATUSES:
            sent = s.at(due + dt.timedelta(days=s.rng.randint(1, 7)))
            rows.append(
                AnnualReportReminder(center=p.center, year=year, lead_days=OVERDUE, sent_at=sent)
            )
            s.overdue_last_year.append((p, report, due, sent))
    bulk(AnnualReportReminder, rows)
    return rows


def _transition(s, report, when, actor, action, before, after, comment=""):
    p = report.meta[0]
    s.record(
        when,
        actor,
        f"annual_report.{action}",
        REPORT,
        report.pk,
        report_repr(p, report.year),
        article=ARTICLE,
        before=before,
        after=after,
        comment=comment,
    )


def _events(s: Scale, report: AnnualReport) -> None:
    p, times, carried, _full = report.meta
    staff, repr_ = p.staff[0], report_repr(p, report.year)
    created = times["created"]
    after = {"center": p.code, "year": report.year}
    if carried:
        after.update(prefilled_from=report.year - 1, figures=carried)
    s.record(
        created,
        staff,
        "annual_report.create",
        REPORT,
        report.pk,
        repr_,
        article=ARTICLE,
        after=after,
    )
    end = times.get("first_submitted", times["last"])
    first_save = created + (end - created) / 4
    s.record(
        first_save,
        staff,
        "annual_report.update",
        REPORT,
        report.pk,
        repr_,
        article=ARTICLE,
        before={"figures": carried},
        after={"figures": report.figures},
    )
    if report.progress:
        second = created + (end - created) / 2
        before = {"progress": "", "problems": "", "next_goals": ""}
        after = {
            "progress": report.progress,
            "problems": report.problems,
            "next_goals": report.next_goals,
        }
        for row in report.progress_rows:
            if row.achieved is not None:
                before[f"target.{row.target_id}"] = {"achieved": None}
                after[f"target.{row.target_id}"] = {"achieved": str(row.achieved)}
        s.record(
            second,
            staff,
            "annual_report.update",
            REPORT,
            report.pk,
            repr_,
            article=ARTICLE,
            before=before,
            after=after,
        )
    s.report_edits.append((report, p, first_save, end))
    if "first_submitted" not in times:
        return
    officer = p.officer
    submitted = times["first_submitted"]
    snapshot = to_json(report.branch_snapshot) if report.branch_snapshot else None
    _submit(s, report, submitted, staff, R.DRAFT, None, snapshot)
    if "returned" in times:
        _transition(
            s,
            report,
            times["returned"],
            officer,
            "return_to_center",
            {"status": R.SUBMITTED},
            {"status": R.RETURNED},
            comment=RETURN_COMMENT,
        )
        if "resubmitted" not in times:
            return
        _submit(s, report, times["resubmitted"], staff, R.RETURNED, submitted, None)
    if "approved" in times:
        _transition(
            s,
            report,
            times["approved"],
            officer,
            "approve",
            {"status": R.SUBMITTED},
            {"status": R.APPROVED},
        )
    if "filed" in times:
        _transition(
            s,
            report,
            times["filed"],
            s.province,
            "file",
            {"status": R.APPROVED},
            {"status": R.FILED},
        )


def _submit(s, report, when, staff, source, previous_at, snapshot) -> None:
    before = {"status": source, "submitted_at": to_json(previous_at)}
    after = {"status": R.SUBMITTED, "submitted_at": to_json(when)}
    if snapshot is not None:
        before["branch_snapshot"], after["branch_snapshot"] = [], snapshot
    _transition(s, report, when, staff, "submit", before, after)

"""When the reports of a year are due (第二十二条), who is late, and the reminders before it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role
from ticms.common import inbox, messages
from ticms.common.audit import audit_record, object_type_of
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels
from ticms.common.models import InboxItem

from .models import (
    EDITABLE_STATUSES,
    AnnualReport,
    AnnualReportReminder,
    ReportingDeadline,
)

ARTICLE = "第二十二条"
# Overdue years looked at on a workbench: a center late for longer is a matter for evaluation.
OVERDUE_YEARS_SHOWN = 3
OVERDUE = -1  # AnnualReportReminder.lead_days of the one notice sent after the deadline

register_action_labels({"reporting_deadline.set": gettext_lazy("设定年度报告截止日期")})


def default_due_on(year: int) -> dt.date:
    month, day = settings.TICMS["ANNUAL_REPORT_DUE"]
    return dt.date(year + 1, month, day)


def due_dates(years) -> dict[int, dt.date]:
    """{year: due date} in one query: the province's date, else the default."""
    years = sorted(set(years))
    set_dates = dict(ReportingDeadline.objects.filter(year__in=years).values_list("year", "due_on"))
    return {year: set_dates.get(year) or default_due_on(year) for year in years}


def report_due_on(year: int) -> dt.date:
    return due_dates([year])[year]


def default_report_year(today: dt.date | None = None) -> int:
    """Last year's report until its deadline has passed, then this year's."""
    today = today or timezone.localdate()
    return today.year - 1 if today <= report_due_on(today.year - 1) else today.year


def reporting_deadline_set(*, actor, year, due_on) -> ReportingDeadline:
    """The province sets the deadline of a year's reports; it must fall after the year ends."""
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以设定年度报告截止日期"))
    errors: dict[str, list] = {}
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    first = settings.TICMS["ANNUAL_REPORTS_FROM"]
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = [_("报告年度须为四位年份")]
        year = None
    elif year < first:
        # Earlier years were reported before TICMS: no deadline here would mean anything.
        errors["year"] = [_("本系统自 %(first)d 年度起受理年度报告") % {"first": first}]
        year = None
    if not isinstance(due_on, dt.date):
        errors["due_on"] = [_("请填写截止日期")]
    elif year is not None and due_on <= dt.date(year, 12, 31):
        errors["due_on"] = [
            _("截止日期须在 %(year)d 年结束之后（当前为 %(date)s）")
            % {"year": year, "date": due_on.isoformat()}
        ]
    elif year is not None and due_on > dt.date(year + 1, 12, 31):
        # A year's report is due within the following year: a later date is a typing slip.
        errors["due_on"] = [
            _("截止日期须在 %(next)d 年内（当前为 %(date)s）")
            % {"next": year + 1, "date": due_on.isoformat()}
        ]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = ReportingDeadline.objects.select_for_update().filter(year=year).first()
        before = {"due_on": (row.due_on if row else default_due_on(year)).isoformat()}
        if row is None:
            row = ReportingDeadline(year=year)
        row.due_on, row.set_by = due_on, actor
        row.save()
        # The open to-dos of that year's unsubmitted reports carry the new date.
        inbox_items = InboxItem.objects.filter(
            kind=InboxItem.Kind.TODO,
            done_at__isnull=True,
            object_type=object_type_of(AnnualReport),
            object_id__in=[
                str(pk)
                for pk in AnnualReport.objects.filter(
                    year=year, status__in=EDITABLE_STATUSES
                ).values_list("pk", flat=True)
            ],
        )
        inbox_items.update(due_on=due_on)
        audit_record(
            actor=actor,
            action="reporting_deadline.set",
            obj=row,
            before=before,
            after={"year": year, "due_on": due_on.isoformat()},
            article=ARTICLE,
        )
    return row


def reporting_centers():
    from ticms.centers.models import Center

    from .services import REPORTING_STATUSES

    return Center.objects.filter(status__in=REPORTING_STATUSES)


def owes_report(center, year: int) -> bool:
    """A center reports for every year from the one its construction started in (a center in
    the registry without that date owes every year), from the year TICMS took reports over."""
    if year < settings.TICMS["ANNUAL_REPORTS_FROM"]:
        return False
    start = center.construction_starts_on or center.approved_on
    return start is None or start.year <= year


def _owes_q(year: int) -> Q:
    """The centers that owe the report of `year` (owes_report, as a query)."""
    end = dt.date(year, 12, 31)
    no_start = Q(construction_starts_on__isnull=True)
    return (
        Q(construction_starts_on__lte=end)
        | (no_start & Q(approved_on__lte=end))
        | (no_start & Q(approved_on__isnull=True))
    )


def _submitted(year: int) -> Q:
    """The centers whose report of `year` has been submitted. As `id IN (subquery)`: both
    databases read the year's submitted reports once (an index) and probe that set, where an
    EXISTS per center read report rows center by center (issue 10)."""
    return Q(
        pk__in=AnnualReport.objects.filter(year=year)
        .exclude(status__in=EDITABLE_STATUSES)
        .values("center_id")
    )


class OverdueReports:
    """The reports of some centers past their deadline and not yet submitted, one row per center
    and year (missing reports included), ordered by deadline then center code. Counted in the
    database and read a slice at a time: at 5,000 centers a page must not load every report
    (issue 10). Works with Django's Paginator; the number of queries does not depend on the
    number of centers."""

    def __init__(self, centers, due: dict[int, dt.date], today: dt.date):
        self._centers = centers.order_by()
        self._due = due
        self._today = today
        self._years = sorted(due, key=lambda year: (due[year], year))

    def _year_qs(self, year: int):
        return self._centers.filter(_owes_q(year)).exclude(_submitted(year))

    @cached_property
    def counts(self) -> dict[int, int]:
        if not self._years:
            return {}
        totals = self._centers.aggregate(
            **{
                f"y{year}": Count("pk", filter=_owes_q(year) & ~_submitted(year))
                for year in self._years
            }
        )
        return {year: totals[f"y{year}"] or 0 for year in self._years}

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self):
        return iter(self[: len(self)])

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("OverdueReports supports slices only")
        start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
        parts, offset = [], 0
        for year in self._years:
            n = self.counts[year]
            lo, hi = max(start - offset, 0), min(stop - offset, n)
            if lo < hi:
                qs = self._year_qs(year).select_related("city").order_by("code")[lo:hi]
                parts += [(year, center) for center in qs]
            offset += n
            if offset >= stop:
                break
        reports = {}
        if parts:
            reports = {
                (r.center_id, r.year): r
                for r in AnnualReport.objects.filter(
                    center_id__in={c.pk for _y, c in parts}, year__in={y for y, _c in parts}
                )
            }
        return [
            {
                "center": center,
                "year": year,
                "due_on": self._due[year],
                "days": (self._today - self._due[year]).days,
                "report": reports.get((center.pk, year)),
            }
            for year, center in parts
        ]


def overdue_reports(centers, *, today: dt.date | None = None) -> OverdueReports:
    """The reports of `centers` past their deadline and not yet submitted (OverdueReports)."""
    today = today or timezone.localdate()
    first = settings.TICMS["ANNUAL_REPORTS_FROM"]
    years = range(max(today.year - OVERDUE_YEARS_SHOWN, first), today.year + 1)
    due = {year: date for year, date in due_dates(years).items() if date < today} if years else {}
    return OverdueReports(centers, due, today)


def overdue_for(user, *, today: dt.date | None = None) -> OverdueReports:
    """What the user's workbench shows as late: the center its own, the city its city's, the
    province all (第二十二条)."""
    from ticms.centers.permissions import acting_q
    from ticms.centers.selectors import centers_visible_to

    role = getattr(user, "role", None)
    if role not in (Role.CENTER, Role.CITY, Role.PROVINCE):
        return overdue_reports(reporting_centers().none(), today=today)
    from .services import REPORTING_STATUSES

    centers = centers_visible_to(user).filter(status__in=REPORTING_STATUSES)
    if role == Role.CENTER:
        centers = centers.filter(acting_q(user))
    return overdue_reports(centers, today=today)


REMIND_OVERDUE = messages.define(
    "reports.remind_overdue", gettext_lazy("%(center)s %(year)d 年度报告已逾期（截止 %(date)s）")
)
REMIND_TODAY = messages.define(
    "reports.remind_today", gettext_lazy("%(center)s %(year)d 年度报告今天（%(date)s）截止")
)
REMIND_SOON = messages.define(
    "reports.remind_soon",
    gettext_lazy("%(center)s %(year)d 年度报告将于 %(date)s 截止，还有 %(days)d 天"),
)


def _remind(center, year: int, lead: int, due_on: dt.date, days_left: int) -> bool:
    """Send one reminder once: the unique row is the proof it went out."""
    try:
        with transaction.atomic():
            AnnualReportReminder.objects.create(center=center, year=year, lead_days=lead)
            staff = accounts.center_staff(center)
            url = "/reports/"
            facts = {"center": messages.ref(center), "year": year, "date": due_on.isoformat()}
            if lead == OVERDUE:
                title = messages.msg(REMIND_OVERDUE, **facts)
                recipients = [*staff, *accounts.city_officers(center.city_id)]
            elif days_left == 0:
                title = messages.msg(REMIND_TODAY, **facts)
                recipients = staff
            else:
                title = messages.msg(REMIND_SOON, days=days_left, **facts)
                recipients = staff
            inbox.notice_create(recipients=recipients, title=title, url=url, article=ARTICLE)
    except IntegrityError:
        return False
    return True


def annual_report_reminders_send(*, today: dt.date | None = None) -> int:
    """Reminders before the deadline (the nearest lead time reached, once) and one notice after
    it, for every reporting center that has not submitted. Safe to run any number of times."""
    today = today or timezone.localdate()
    leads = sorted(settings.TICMS["ANNUAL_REPORT_REMIND_DAYS"])
    years = (today.year - 1, today.year)
    due = due_dates(years)
    centers = list(reporting_centers().select_related("city"))
    submitted = set(
        AnnualReport.objects.filter(year__in=years)
        .exclude(status__in=EDITABLE_STATUSES)
        .values_list("center_id", "year")
    )
    sent_before = set(
        AnnualReportReminder.objects.filter(year__in=years).values_list(
            "center_id", "year", "lead_days"
        )
    )
    sent = 0
    for year in years:
        due_on = due[year]
        days_left = (due_on - today).days
        if days_left < 0:
            lead = OVERDUE if days_left >= -7 else None  # one notice, in the week after
        else:
            lead = next((lead for lead in leads if days_left <= lead), None)
        if lead is None:
            continue
        for center in centers:
            if (center.pk, year) in submitted or not owes_report(center, year):
                continue
            if (center.pk, year, lead) in sent_before:
                continue
            sent += _remind(center, year, lead, due_on, days_left)
    return sent

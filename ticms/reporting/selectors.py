"""Reads of annual reports, always scoped to the user like the center registry."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.centers.permissions import acting_q
from ticms.centers.selectors import centers_visible_to
from ticms.common.exceptions import NotFound

from .models import AnnualReport, AnnualReportStatus


def annual_reports_visible_to(user) -> QuerySet[AnnualReport]:
    """Reports of the centers the user sees; a draft only to the center's own staff (a report
    reaches the city when it is submitted, 第二十二条)."""
    role = getattr(user, "role", None)
    if role == Role.PROVINCE and user.is_active:
        qs = AnnualReport.objects.all()  # everything: no subquery of every center
    elif role == Role.CENTER:
        # A headquarters' staff see the branch centers, but each center writes its own report.
        # The few centers are read first: as a subquery of ORs joined to every report, SQLite
        # scanned the registry for each of the page's queries (issue 10).
        acting = centers_visible_to(user).filter(acting_q(user)).values_list("pk", flat=True)
        return AnnualReport.objects.filter(center_id__in=list(acting))
    else:
        qs = AnnualReport.objects.filter(center__in=centers_visible_to(user))
    return qs.exclude(status=AnnualReportStatus.DRAFT)


LIST_DEFERRED = ("figures", "branch_snapshot", "progress", "problems", "next_goals")


def annual_report_list(
    *, user, year: int | None = None, status: str = "", city: str = ""
) -> QuerySet[AnnualReport]:
    # A list shows none of the report's tables or texts: decoding every row's figures took
    # a fifth of the page (issue 10).
    qs = (
        annual_reports_visible_to(user)
        .select_related("center", "center__city")
        .defer(*LIST_DEFERRED)
    )
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if city:
        qs = qs.filter(center__city__code=city)
    # Newest year first, then the center's registration order: an index walk (year, center),
    # where ordering by the center's code joined and sorted every report (issue 10).
    return qs.order_by("-year", "-center_id")


def centers_to_start(*, user, year: int) -> QuerySet:
    """The user's own centers that report (第二十二条) and have no report of `year` yet."""
    from .services import REPORTING_STATUSES

    if getattr(user, "role", None) != Role.CENTER:
        return centers_visible_to(user).none()
    return (
        centers_visible_to(user)
        .filter(acting_q(user), status__in=REPORTING_STATUSES)
        .exclude(annual_reports__year=year)
        .order_by("code")
    )


def annual_report_history(report: AnnualReport):
    from ticms.common.audit import history_for

    return history_for(report)


def annual_report_get(*, user, pk) -> AnnualReport:
    """One report in the user's scope; outside it, exactly like a missing one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("年度报告不存在")) from None
    report = (
        annual_reports_visible_to(user)
        .select_related("center", "center__city", "center__host_unit", "center__headquarters")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound(_("年度报告不存在"))
    return report


def previous_filed_report(report: AnnualReport) -> AnnualReport | None:
    """Last year's report of the same center, once the province has filed it."""
    return AnnualReport.objects.filter(
        center_id=report.center_id, year=report.year - 1, status=AnnualReportStatus.FILED
    ).first()

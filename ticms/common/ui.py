"""Pages owned by common: the audit log and the working-day calendar."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.accounts.models import Role

from . import audit_jobs, jobs, selectors, services, workdays
from .audit_display import change_rows, related_names
from .exceptions import ValidationFailed
from .forms import AuditFilterForm, CalendarOverrideForm, add_service_errors
from .messages import Records
from .models import CalendarOverride
from .views import forbidden, querystring_without_page, service_errors

AUDIT_READERS = (Role.PROVINCE, Role.SYSADMIN)


@login_required
def audit_log(request):
    if request.user.role not in AUDIT_READERS:
        return forbidden(request, _("审计日志仅供省科技厅和系统管理员查阅"))
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_actions())
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    events = selectors.audit_events(**filters) if filters else selectors.WholeChain()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    events = list(page.object_list)
    names = related_names(events)
    records = Records().prefetch(
        [*({"_o": f"{e.object_type}:{e.object_id}"} for e in events), *(e.note for e in events)]
    )
    for event in events:
        event.change_rows = change_rows(event, names)
        event._records = records
    page.object_list = events
    return render(
        request,
        "common/audit.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            # The system administrator reads the log but not the records: no links that 404.
            "link_records": request.user.role == Role.PROVINCE,
        },
    )


@login_required
@require_POST
@service_errors
def audit_verify(request):
    if request.user.role not in AUDIT_READERS:
        return forbidden(request, _("审计日志仅供省科技厅和系统管理员查阅"))
    job = jobs.job_start(actor=request.user, kind=audit_jobs.VERIFY)
    return redirect("common:job", pk=job.pk)


@login_required
@service_errors
def job_page(request, pk: int):
    """A background job's progress; the bar refreshes itself (htmx) until the job ends."""
    job = jobs.job_get(user=request.user, pk=pk)
    template = "common/job_status.html" if request.headers.get("HX-Request") else "common/job.html"
    return render(request, template, {"job": job})


@login_required
@service_errors
def calendar_page(request):
    user = request.user
    if user.role not in (Role.PROVINCE, Role.SYSADMIN):
        return forbidden(request, _("工作日历仅供省科技厅查阅、系统管理员维护"))
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        message = _("年份须在2000年至2100年之间，已显示 %(y)d 年") % {"y": this_year}
        messages.warning(request, message)
        year = this_year
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_override_set(actor=user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    start = dt.date(year, 1, 1)
    end = dt.date(year, 12, 31)
    return render(
        request,
        "common/calendar.html",
        {
            "form": form,
            "year": year,
            "years": [year - 1, year + 1],
            "overrides": CalendarOverride.objects.filter(date__year=year),
            "special_days": workdays.special_days(year),
            "covered": workdays.year_is_covered(year),
            "workday_count": workdays.workdays_between(start, end),
            "can_edit": user.role == Role.SYSADMIN,
            "querystring_base": querystring_without_page(request),
        },
    )


@login_required
@require_POST
@service_errors
def calendar_delete(request, pk: int):
    services.calendar_override_delete(actor=request.user, override_id=pk)
    messages.success(request, _("已删除"))
    return redirect("common:calendar")

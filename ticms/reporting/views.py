"""Annual report pages (第二十二条): list, detail, the task-list edit pages, create, actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities
from ticms.common import files
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from . import checks, selectors, services
from . import figures as F
from .branches import branch_rows, consolidated, with_visibility
from .deadlines import (
    default_report_year,
    due_dates,
    overdue_for,
    report_due_on,
    reporting_deadline_set,
)
from .forms import (
    AttachmentForm,
    DeadlineForm,
    FigureTableForm,
    NarrativeForm,
    ReportCreateForm,
    ReportFilterForm,
    TargetProgressForm,
)
from .models import AnnualReportStatus, ReportingDeadline
from .permissions import is_center_staff
from .workflow import ANNUAL_REPORT_WORKFLOW, NARRATIVE

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
SECTION_STATES = {
    NOT_STARTED: gettext_lazy("未开始"),
    IN_PROGRESS: gettext_lazy("进行中"),
    DONE: gettext_lazy("已完成"),
}


def detail_url(report) -> str:
    return reverse("reporting:detail", args=[report.pk])


@login_required
def report_list(request):
    user = request.user
    report_year = default_report_year()
    form = ReportFilterForm(
        request.GET or None, cities=cities() if user.role == Role.PROVINCE else []
    )
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "year": data.get("year"),
            "status": data.get("status") or "",
            "city": (data.get("city") or "") if user.role == Role.PROVINCE else "",
        }
    elif form.is_bound:
        messages.warning(request, _("筛选条件无效，已忽略"))
    qs = selectors.annual_report_list(user=user, **filters)
    page = PkFirstPaginator(qs, settings.TICMS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "show_city": user.role == Role.PROVINCE,
            "report_year": report_year,
            "report_due_on": report_due_on(report_year),
            "to_start": list(selectors.centers_to_start(user=user, year=report_year)),
            # A late report not even started is the first thing a center must see here; only a
            # center's own (few) rows are read.
            "overdue_to_start": [row for row in overdue_for(user) if row["report"] is None]
            if user.role == Role.CENTER
            else [],
        },
    )


@login_required
@service_errors
def report_create(request):
    user = request.user
    if user.role != Role.CENTER:
        raise PermissionDenied(_("只有中心（依托单位）用户可以起草年度报告"))
    if request.method == "POST":
        form = ReportCreateForm(request.POST, centers=_own_centers(user))
        if form.is_valid():
            try:
                report = services.annual_report_create(
                    actor=user,
                    center_id=form.cleaned_data["center"],
                    year=form.cleaned_data["year"].strip(),
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已起草 %(report)s") % {"report": report})
                return redirect(detail_url(report))
    else:
        form = ReportCreateForm(
            initial={
                "year": request.GET.get("year") or default_report_year(),
                "center": request.GET.get("center"),
            },
            centers=_own_centers(user),
        )
    return render(request, "reporting/create.html", {"form": form})


def _own_centers(user):
    from ticms.centers.selectors import centers_acted_for

    return centers_acted_for(user).order_by("code")


def _sections(report) -> list[dict]:
    """The task list: each table, the narrative and the targets, with how far they got."""
    sections = []
    for table in F.TABLES:
        paths = table.paths()
        filled = sum(1 for p in paths if F.get(report.figures, p) is not None)
        sections.append(
            {
                "label": table.label,
                "url": reverse("reporting:edit_table", args=[report.pk, table.key]),
                "state": _state(filled, len(paths)),
            }
        )
    written = sum(1 for name, _label in NARRATIVE if getattr(report, name).strip())
    sections.append(
        {
            "label": _("年度工作报告（进展、问题、下一步目标）"),
            "url": reverse("reporting:edit_narrative", args=[report.pk]),
            "state": _state(written, len(NARRATIVE)),
        }
    )
    targets = list(report.targets.all())
    if targets:
        achieved = sum(1 for row in targets if row.achieved is not None)
        sections.append(
            {
                "label": _("合同考核指标完成情况"),
                "url": reverse("reporting:edit_targets", args=[report.pk]),
                "state": _state(achieved, len(targets)),
            }
        )
    attached = len(report.attachments.all())
    sections.append(
        {
            "label": _("附件（选填）"),
            "url": reverse("reporting:attachments", args=[report.pk]),
            "state": DONE if attached else NOT_STARTED,
        }
    )
    for section in sections:
        section["state_label"] = SECTION_STATES[section["state"]]
    return sections


def _state(done: int, total: int) -> str:
    if done == 0:
        return NOT_STARTED
    return DONE if done >= total else IN_PROGRESS


def _cell(column, value):
    return None if value is None else F.fmt_cell(column, value)


def _tables(report) -> list[dict]:
    """Every declared table as rows × columns of stored values, for reading."""
    result = []
    for table in F.TABLES:
        rows = table.rows or (("", ""),)
        result.append(
            {
                "key": table.key,
                "label": table.label,
                "columns": [(c.label, F.column_unit(c)) for c in table.columns],
                "has_rows": bool(table.rows),
                "rows": [
                    {
                        "label": label,
                        "values": [
                            _cell(c, F.get(report.figures, f"{table.key}.{row}.{c.key}"))
                            if row
                            else _cell(c, F.get(report.figures, f"{table.key}.{c.key}"))
                            for c in table.columns
                        ],
                    }
                    for row, label in rows
                ],
            }
        )
    return result


@login_required
@service_errors
def report_detail(request, pk: int):
    user = request.user
    report = selectors.annual_report_get(user=user, pk=pk)
    findings = checks.report_findings(report)
    actions = [
        {
            "transition": t,
            "url": reverse("reporting:action", args=[report.pk, t.action]),
            "not_ready": t.not_ready(report, user),
        }
        for t in ANNUAL_REPORT_WORKFLOW.available(user, report)
    ]
    editable = is_center_staff(user, report) and report.is_editable
    history = list(selectors.annual_report_history(report))
    returned = (
        next((e for e in reversed(history) if e.action == RETURN_ACTION), None)
        if report.status == AnnualReportStatus.RETURNED
        else None
    )
    branches = with_visibility(user, branch_rows(report))
    return render(
        request,
        "reporting/detail.html",
        {
            "prefilled_from": next(
                (
                    e.after.get("prefilled_from")
                    for e in history
                    if e.action == "annual_report.create" and isinstance(e.after, dict)
                ),
                None,
            ),
            "attachments": list(report.attachments.all()),
            "branches": branches,
            "consolidated": consolidated(report, branches) if branches else [],
            "report": report,
            "actions": actions,
            "editable": editable,
            "sections": _sections(report) if editable else [],
            "tables": _tables(report),
            "narrative": [(label, getattr(report, name)) for name, label in NARRATIVE],
            "targets": report.targets.select_related("target"),
            "errors": [f for f in findings if f.severity == checks.ERROR],
            "warnings": [f for f in findings if f.severity == checks.WARNING],
            "history": _collapsed(history),
            "returned": returned,
        },
    )


RETURN_ACTION = "annual_report.return_to_center"


def _collapsed(history: list) -> list:
    """One line for a run of saves by the same person: the timeline shows the steps, not every
    keystroke (the audit log keeps each save)."""
    result: list = []
    for event in history:
        last = result[-1] if result else None
        if (
            last is not None
            and event.action == "annual_report.update"
            and last.action == event.action
            and last.actor_id == event.actor_id
        ):
            last.saves = getattr(last, "saves", 1) + 1
            last.occurred_at = event.occurred_at
            continue
        result.append(event)
    return result


def _editable_report(user, pk):
    """The report, if this user may edit it now: 404 outside scope, 403 for the city or the
    province, 409 once submitted."""
    report = selectors.annual_report_get(user=user, pk=pk)
    if not is_center_staff(user, report):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以填写年度报告"))
    if not report.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改年度报告") % {"state": report.get_status_display()}
        )
    return report


def _saved(request, report):
    messages.success(request, _("已保存"))
    return redirect(detail_url(report))


@login_required
@service_errors
def edit_table(request, pk: int, table: str):
    report = _editable_report(request.user, pk)
    declared = F.TABLES_BY_KEY.get(table)
    if declared is None:
        raise Http404(_("表格不存在"))
    data = request.POST if request.method == "POST" else None
    form = FigureTableForm(data, table=declared, stored=report.figures)
    if data is not None and form.is_valid():
        try:
            services.annual_report_save(
                actor=request.user, report_id=report.pk, figures=form.figures()
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            return _saved(request, report)
    return render(
        request,
        "reporting/edit_table.html",
        {
            "report": report,
            "table": declared,
            "columns": [{"label": c.label, "unit": F.column_unit(c)} for c in declared.columns],
            "form": form,
            "grid": form.grid(),
        },
    )


@login_required
@service_errors
def edit_narrative(request, pk: int):
    report = _editable_report(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = NarrativeForm(data, report=report)
    if data is not None and form.is_valid():
        try:
            services.annual_report_save(
                actor=request.user, report_id=report.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, report)
    return render(
        request,
        "reporting/edit_narrative.html",
        {"report": report, "form": form, "previous": selectors.previous_filed_report(report)},
    )


@login_required
@service_errors
def edit_targets(request, pk: int):
    report = _editable_report(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = TargetProgressForm(data, rows=report.targets.select_related("target"))
    if data is not None and form.is_valid():
        try:
            services.annual_report_save(
                actor=request.user, report_id=report.pk, targets=form.targets()
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            return _saved(request, report)
    return render(
        request,
        "reporting/edit_targets.html",
        {"report": report, "form": form, "items": form.items()},
    )


@login_required
@service_errors
def report_action(request, pk: int, action: str):
    report = selectors.annual_report_get(user=request.user, pk=pk)
    return transition_page(
        request,
        workflow=ANNUAL_REPORT_WORKFLOW,
        obj=report,
        action=action,
        run=lambda params, comment: services.annual_report_transition(
            actor=request.user,
            report_id=report.pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=detail_url(report),
        template="reporting/action.html",
        context={
            "obj": report,
            "back_url": detail_url(report),
            "list_url_name": "reporting:list",
            "list_label": _("年度报告"),
        },
    )


@login_required
@service_errors
def deadlines(request):
    """The province sets each year's deadline (第二十二条); the years shown are the recent ones
    and any the province has set."""
    user = request.user
    if user.role != Role.PROVINCE:
        raise Http404
    form = DeadlineForm(request.POST or None, initial={"year": default_report_year()})
    if request.method == "POST" and form.is_valid():
        try:
            row = reporting_deadline_set(
                actor=user, year=form.cleaned_data["year"], due_on=form.cleaned_data["due_on"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(year)d 年度报告截止日期已设为 %(date)s")
                % {"year": row.year, "date": row.due_on.isoformat()},
            )
            return redirect("reporting:deadlines")
    this_year = timezone.localdate().year
    set_years = set(ReportingDeadline.objects.values_list("year", flat=True))
    first = max(this_year - 3, settings.TICMS["ANNUAL_REPORTS_FROM"])
    years = sorted(set(range(first, this_year + 1)) | set_years, reverse=True)
    due = due_dates(years)
    rows = [{"year": y, "due_on": due[y], "set": y in set_years} for y in years]
    return render(request, "reporting/deadlines.html", {"form": form, "rows": rows})


@login_required
@service_errors
def attachments(request, pk: int):
    """Upload and remove the report's supporting files (draft or returned report)."""
    report = _editable_report(request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        remove = request.POST.get("remove")
        try:
            if remove:
                services.annual_report_attachment_remove(
                    actor=request.user, report_id=report.pk, attachment_id=remove
                )
                messages.success(request, _("附件已删除"))
                return redirect("reporting:attachments", pk=report.pk)
            if form.is_valid():
                attachment = services.annual_report_attachment_add(
                    actor=request.user, report_id=report.pk, upload=form.cleaned_data["file"]
                )
                messages.success(request, _("已上传 %(name)s") % {"name": attachment.original_name})
                return redirect("reporting:attachments", pk=report.pk)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "reporting/attachments.html",
        {"report": report, "form": form, "attachments": list(report.attachments.all())},
    )


@login_required
@service_errors
def attachment_download(request, pk: int, attachment_id: int):
    report = selectors.annual_report_get(user=request.user, pk=pk)
    return files.attachment_download(report.attachments.all(), attachment_id)

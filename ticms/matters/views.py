"""Major-matter pages (第二十三条): reports and change requests (list, create, edit, detail with
timeline and actions), and the history of a center record's versions."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities
from ticms.centers.selectors import centers_acted_for
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from . import checks as checks_matters
from . import proposals
from . import selectors as selectors_matters
from . import services as services_matters
from .forms import (
    ChangeCreateForm,
    ChangeEditForm,
    ChangeFilterForm,
    MatterFilterForm,
    MatterForm,
)
from .models import ChangeKind
from .permissions import is_center_staff
from .workflow import CHANGE_REQUEST_WORKFLOW, MAJOR_MATTER_WORKFLOW


def _own_centers(user):
    return (
        centers_acted_for(user).filter(status__in=services_matters.MATTER_STATUSES).order_by("code")
    )


def _listing(request, *, form_class, select, template, extra=None):
    user = request.user
    province = user.role == Role.PROVINCE
    form = form_class(request.GET or None, cities=cities() if province else [])
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "city": (data.get("city") or "") if province else "",
        }
    elif form.is_bound:
        messages.warning(request, _("筛选条件无效，已忽略"))
    center_id = request.GET.get("center") or ""
    # ASCII digits only, within a database integer: anything else is ignored like a bad filter.
    if re.fullmatch(r"[0-9]{1,18}", center_id):
        filters["center_id"] = int(center_id)
    page = PkFirstPaginator(select(user=user, **filters), settings.TICMS["PAGE_SIZE"]).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "show_city": province,
            "can_create": user.role == Role.CENTER,
            **(extra or {}),
        },
    )


def _actions(workflow, user, obj, url_name) -> list[dict]:
    return [
        {
            "transition": t,
            "url": reverse(url_name, args=[obj.pk, t.action]),
            "not_ready": t.not_ready(obj, user),
        }
        for t in workflow.available(user, obj)
    ]


# --- major-matter reports --------------------------------------------------------------------


@login_required
def matter_list(request):
    return _listing(
        request,
        form_class=MatterFilterForm,
        select=selectors_matters.major_matter_list,
        template="matters/matter_list.html",
    )


@login_required
@service_errors
def matter_create(request):
    user = request.user
    if user.role != Role.CENTER:
        raise PermissionDenied(_("只有中心（依托单位）用户可以起草重大事项报告"))
    centers = _own_centers(user)
    form = MatterForm(
        request.POST or None, centers=centers, initial={"center": request.GET.get("center")}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            matter = services_matters.major_matter_create(
                actor=user, center_id=data.pop("center"), **data
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已起草重大事项报告"))
            return redirect(matter.get_absolute_url())
    return render(request, "matters/matter_form.html", {"form": form, "matter": None})


@login_required
@service_errors
def matter_edit(request, pk: int):
    user = request.user
    matter = selectors_matters.major_matter_get(user=user, pk=pk)
    if not is_center_staff(user, matter):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以修改重大事项报告"))
    if not matter.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改重大事项报告")
            % {"state": matter.get_status_display()}
        )
    initial = {k: getattr(matter, k) for k in ("kind", "title", "body", "occurred_on")}
    form = MatterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_matters.major_matter_save(actor=user, matter_id=matter.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(matter.get_absolute_url())
    return render(request, "matters/matter_form.html", {"form": form, "matter": matter})


@login_required
@service_errors
def matter_detail(request, pk: int):
    user = request.user
    matter = selectors_matters.major_matter_get(user=user, pk=pk)
    return render(
        request,
        "matters/matter_detail.html",
        {
            "matter": matter,
            "actions": _actions(MAJOR_MATTER_WORKFLOW, user, matter, "matters:matter_action"),
            "editable": is_center_staff(user, matter) and matter.is_editable,
            "history": list(selectors_matters.history_for(matter)),
        },
    )


@login_required
@service_errors
def matter_action(request, pk: int, action: str):
    matter = selectors_matters.major_matter_get(user=request.user, pk=pk)
    return transition_page(
        request,
        workflow=MAJOR_MATTER_WORKFLOW,
        obj=matter,
        action=action,
        run=lambda params, comment: services_matters.major_matter_transition(
            actor=request.user, matter_id=matter.pk, action=action, params=params, comment=comment
        ),
        success_url=matter.get_absolute_url(),
        template="reporting/action.html",
        context={
            "obj": matter,
            "back_url": matter.get_absolute_url(),
            "list_url_name": "matters:matter_list",
            "list_label": _("重大事项报告"),
        },
    )


# --- change requests -------------------------------------------------------------------------


@login_required
def change_list(request):
    return _listing(
        request,
        form_class=ChangeFilterForm,
        select=selectors_matters.change_request_list,
        template="matters/change_list.html",
    )


@login_required
@service_errors
def change_create(request):
    user = request.user
    if user.role != Role.CENTER:
        raise PermissionDenied(_("只有中心（依托单位）用户可以起草变更申请"))
    form = ChangeCreateForm(
        request.POST or None,
        centers=_own_centers(user),
        initial={"center": request.GET.get("center"), "kind": request.GET.get("kind")},
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        center_id, kind = form.cleaned_data["center"], form.cleaned_data["kind"]
        try:
            change = services_matters.change_request_create(
                actor=user, center_id=center_id, kind=kind, reason=form.cleaned_data["reason"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
            # One open request per center and kind: lead to the one to continue.
            existing = selectors_matters.open_change_request_of_kind(
                user=user, center_id=center_id, kind=kind
            )
        else:
            messages.success(request, _("已起草变更申请，请填写拟变更内容"))
            return redirect(reverse("matters:change_edit", args=[change.pk]))
    return render(request, "matters/change_create.html", {"form": form, "existing": existing})


@login_required
@service_errors
def change_edit(request, pk: int):
    user = request.user
    change = selectors_matters.change_request_get(user=user, pk=pk)
    if not is_center_staff(user, change):
        raise PermissionDenied(_("只有本中心（依托单位）的用户可以修改变更申请"))
    if not change.is_editable:
        raise Conflict(
            _("当前状态为「%(state)s」，不能修改变更申请") % {"state": change.get_status_display()}
        )
    form = ChangeEditForm(request.POST or None, change=change)
    if request.method == "POST" and form.is_valid():
        try:
            services_matters.change_request_save(
                actor=user,
                change_id=change.pk,
                reason=form.cleaned_data["reason"],
                proposed=form.proposal(),
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(change.get_absolute_url())
    return render(
        request,
        "matters/change_edit.html",
        {"form": form, "change": change, "is_co_builders": change.kind == ChangeKind.CO_BUILDERS},
    )


def _handover(user, change):
    # Whose accounts an approval moves is the province's to weigh (第七条第2项).
    return selectors_matters.host_unit_handover(change) if user.role == Role.PROVINCE else None


@login_required
@service_errors
def change_detail(request, pk: int):
    user = request.user
    change = selectors_matters.change_request_get(user=user, pk=pk)
    rule_set_code, findings, _items = checks_matters.displayed_findings(change, user)
    return render(
        request,
        "matters/change_detail.html",
        {
            "change": change,
            "actions": _actions(CHANGE_REQUEST_WORKFLOW, user, change, "matters:change_action"),
            "editable": is_center_staff(user, change) and change.is_editable,
            "lines": proposals.proposal_lines(change),
            "findings": findings,
            "rule_set_code": rule_set_code,
            "history": list(selectors_matters.history_for(change)),
            "handover": _handover(user, change),
        },
    )


@login_required
@service_errors
def change_action(request, pk: int, action: str):
    user = request.user
    change = selectors_matters.change_request_get(user=user, pk=pk)
    _code, findings, _items = checks_matters.displayed_findings(change, user)
    return transition_page(
        request,
        workflow=CHANGE_REQUEST_WORKFLOW,
        obj=change,
        action=action,
        run=lambda params, comment: services_matters.change_request_transition(
            actor=user, change_id=change.pk, action=action, params=params, comment=comment
        ),
        success_url=change.get_absolute_url(),
        template="matters/change_action.html",
        context={
            "obj": change,
            "back_url": change.get_absolute_url(),
            "list_url_name": "matters:change_list",
            "list_label": _("重大事项变更申请"),
            "lines": proposals.proposal_lines(change),
            "findings": findings,
            "handover": _handover(user, change),
        },
    )


@login_required
@service_errors
def center_history(request, center_pk: int):
    user = request.user
    center = selectors_matters.center_for_history(user=user, pk=center_pk)
    return render(
        request,
        "matters/center_history.html",
        {
            "center": center,
            "versions": selectors_matters.center_record_versions(center),
            "labels": proposals.SNAPSHOT_LABELS,
        },
    )

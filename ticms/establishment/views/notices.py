"""The province's side of the public notice (第十三条第4项): objections and their handling,
the stamped files, and the contract that follows the approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.forms import add_service_errors, transition_form
from ticms.common.views import service_errors

from .. import guards, services
from .. import selectors_notices as selectors
from ..workflow import APPLICATION_WORKFLOW, OBJECTION_WORKFLOW

STAMP_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
# What the province decides on the objections page once the period is over.
DECISIONS = ("approve", "stop_after_objection")


def _objections_url(notice_id: int, objection_id: int | None = None) -> str:
    url = reverse("establishment:notice_objections", args=[notice_id])
    return f"{url}#objection-{objection_id}" if objection_id else url


@login_required
@service_errors
def notice_objections(request, pk: int):
    user = request.user
    notice = selectors.notice_for_objections(user=user, notice_id=pk)
    application = notice.application
    objections = [
        (o, OBJECTION_WORKFLOW.available(user, o))
        for o in selectors.notice_objections(user=user, notice=notice)
    ]
    available = [
        t for t in APPLICATION_WORKFLOW.available(user, application) if t.action in DECISIONS
    ]
    # Offer only the decision the objections allow now: 批准组建 once the notice is clear,
    # 终止组建 once an objection is upheld; why not is shown in the guard's own words.
    decisions = [t for t in available if not t.guard(application, {}, user, "")]
    approve_problems = (
        guards.notice_clear(application, {}, user, "")
        if any(t.action == "approve" for t in available)
        else []
    )
    return render(
        request,
        "establishment/notices/objections.html",
        {
            "notice": notice,
            "application": application,
            "objections": objections,
            "window": selectors.objection_window(notice, timezone.localdate()),
            "decisions": decisions,
            "approve_problems": approve_problems,
        },
    )


@login_required
@service_errors
def objection_action(request, pk: int, action: str):
    objection = selectors.objection_get(user=request.user, pk=pk)
    transition = OBJECTION_WORKFLOW.get(action)
    # Wrong role → 403, already handled → 409, before any form is shown.
    OBJECTION_WORKFLOW.check(request.user, objection, transition)
    form = transition_form(transition, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            services.objection_transition(
                actor=request.user,
                objection_id=objection.pk,
                action=action,
                params=data,
                comment=comment,
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": transition.label})
            return redirect(_objections_url(objection.notice_id, objection.pk))
    return render(
        request,
        "establishment/notices/objection_action.html",
        {
            "objection": objection,
            "notice": objection.notice,
            "transition": transition,
            "form": form,
            "state_label": OBJECTION_WORKFLOW.states[objection.status],
        },
    )


@service_errors
def objection_stamp(request, pk: int):
    """The stamped file of an objection: the province only; a 404 for everyone else."""
    objection = selectors.objection_stamp_get(user=request.user, pk=pk)
    suffix = objection.stamp.name.rsplit(".", 1)[-1].lower()
    try:
        handle = objection.stamp.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("盖章文件已不存在")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"objection-{objection.pk}-stamp.{suffix}",
        content_type=STAMP_TYPES.get(suffix, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@service_errors
def contract_detail(request, pk: int):
    contract = selectors.contract_get(user=request.user, application_id=pk)
    return render(
        request,
        "establishment/contract_detail.html",
        {
            "contract": contract,
            "application": contract.application,
            "targets": list(contract.targets.all()),
            "rule_set": selectors.contract_rule_set(contract),
            "center_visible": selectors.contract_center_visible(
                user=request.user, contract=contract
            ),
        },
    )

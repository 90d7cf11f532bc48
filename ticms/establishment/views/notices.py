"""The province's side of the public notice (第十三条第4项): objections and their handling,
the stamped files, and the contract that follows the approval."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.common.files import download_response
from ticms.common.views import service_errors, transition_page

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
    return transition_page(
        request,
        workflow=OBJECTION_WORKFLOW,
        obj=objection,
        action=action,
        run=lambda params, comment: services.objection_transition(
            actor=request.user,
            objection_id=objection.pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=_objections_url(objection.notice_id, objection.pk),
        template="establishment/notices/objection_action.html",
        context={"objection": objection, "notice": objection.notice},
    )


@service_errors
def objection_stamp(request, pk: int):
    """The stamped file of an objection: the province only; a 404 for everyone else."""
    objection = selectors.objection_stamp_get(user=request.user, pk=pk)
    suffix = objection.stamp.name.rsplit(".", 1)[-1].lower()
    response = download_response(
        objection.stamp,
        filename=f"objection-{objection.pk}-stamp.{suffix}",
        content_type=STAMP_TYPES.get(suffix, "application/octet-stream"),
    )
    if response is None:
        raise Http404(_("盖章文件已不存在"))
    return response


@login_required
@service_errors
def contract_detail(request, pk: int):
    contract = selectors.contract_get(user=request.user, application_id=pk)
    return _contract_page(request, contract)


@login_required
@service_errors
def contract_page(request, pk: int):
    """A contract by its own number: also those of centers approved before TICMS."""
    return _contract_page(request, selectors.contract_by_id(user=request.user, pk=pk))


def _contract_page(request, contract):
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

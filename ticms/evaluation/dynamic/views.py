"""The province's dynamic-management pages (第二十五条): the proposals and decisions, one
decision with its reasons and actions, and a center's history with what the rules propose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.centers.workflow import REMOVAL_REASONS
from ticms.common.audit import history_for
from ticms.common.exceptions import PermissionDenied
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from ..models import DecisionStatus, ProposalKind
from . import selectors, services
from .rules import PROPOSALS
from .workflow import DECISION_WORKFLOW, offered

PER_PAGE = 50


def _require_province(user) -> None:
    if not getattr(user, "is_province", False):
        raise PermissionDenied(_("动态管理仅省科技厅可以查看和办理"))


def _actions(user, decision) -> list[dict]:
    return [
        {
            "transition": t,
            "url": reverse("evaluation:dynamic_action", args=[decision.pk, t.action]),
            "not_ready": problems,
        }
        for t, problems in offered(user, decision)
    ]


@login_required
@service_errors
def decision_list(request):
    _require_province(request.user)
    status = request.GET.get("status", "")
    proposal = request.GET.get("proposal", "")
    qs = selectors.decision_list(user=request.user, status=status, proposal=proposal)
    page = PkFirstPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/dynamic/list.html",
        {
            "page_obj": page,
            "statuses": DecisionStatus.choices,
            "proposals": ProposalKind.choices,
            "status": status,
            "proposal": proposal,
            "querystring_base": querystring_without_page(request),
        },
    )


@login_required
@service_errors
def decision_detail(request, pk: int):
    decision = selectors.decision_get(user=request.user, pk=pk)
    return render(
        request,
        "evaluation/dynamic/detail.html",
        {
            "decision": decision,
            "because": selectors.decision_because(decision),
            "actions": _actions(request.user, decision),
            "history": list(history_for(decision)),
            "removal_reason": dict(REMOVAL_REASONS).get(decision.removal_reason, ""),
        },
    )


@login_required
@service_errors
def decision_action(request, pk: int, action: str):
    decision = selectors.decision_get(user=request.user, pk=pk)
    return transition_page(
        request,
        workflow=DECISION_WORKFLOW,
        obj=decision,
        action=action,
        run=lambda params, comment: services.decision_transition(
            actor=request.user, decision_id=pk, action=action, params=params, comment=comment
        ),
        success_url=decision.get_absolute_url(),
        template="evaluation/dynamic/action.html",
        context={"obj": decision, "back_url": decision.get_absolute_url()},
    )


@login_required
@service_errors
def center_history(request, center_id: int):
    view = selectors.center_history(user=request.user, center_id=center_id)
    return render(
        request,
        "evaluation/dynamic/center.html",
        {
            "view": view,
            "center": view.center,
            "result": view.proposal.as_dict() if view.proposal else None,
            "proposal_label": PROPOSALS[view.proposal.proposal] if view.proposal else "",
        },
    )


@login_required
@require_POST
@service_errors
def center_propose(request, center_id: int):
    decision = services.decision_propose(actor=request.user, center_id=center_id)
    messages.success(request, _("已提出动态管理建议，请确认"))
    return redirect(decision.get_absolute_url())

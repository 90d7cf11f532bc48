"""Pages of the acceptance (验收, 第七条第3项): thin — parse, call one service or selector,
render. A record outside the user's scope is 404, like a missing one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.accounts.models import Role
from ticms.centers.permissions import is_staff_of
from ticms.common.exceptions import GuardFailed, NotFound, ValidationFailed
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from . import acceptance_selectors as selectors
from . import acceptance_services as services
from .acceptance_figures import acceptance_figures
from .models.acceptance import AcceptanceStatus
from .workflow_acceptance import ACCEPTANCE_WORKFLOW, apply_problems

READERS = (Role.PROVINCE, Role.CITY, Role.CENTER)


def _require_reader(user) -> None:
    if user.role not in READERS:
        raise NotFound(_("页面不存在"))


@login_required
@service_errors
def acceptance_list(request):
    _require_reader(request.user)
    status = request.GET.get("status", "")
    if status not in AcceptanceStatus.values:
        status = ""
    page = PkFirstPaginator(
        selectors.acceptance_list(user=request.user, status=status), settings.TICMS["PAGE_SIZE"]
    ).get_page(request.GET.get("page"))
    may_apply = []
    if request.user.role == Role.CENTER:
        may_apply = [
            {"center": c, "problems": apply_problems(c)}
            for c in selectors.centers_may_apply(request.user)
        ]
    return render(
        request,
        "evaluation/acceptance/list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": AcceptanceStatus.choices,
            "may_apply": may_apply,
            "querystring_base": querystring_without_page(request),
        },
    )


@login_required
@require_POST
@service_errors
def acceptance_new(request):
    try:
        center_id = int(request.POST.get("center", ""))
    except ValueError:
        raise NotFound(_("技术创新中心不存在")) from None
    try:
        acceptance = services.acceptance_create(actor=request.user, center_id=center_id)
    except GuardFailed as exc:
        for problem in exc.problems:
            messages.error(request, str(problem))
        return redirect("evaluation:acceptance_list")
    messages.success(request, _("已创建验收申请，请填写自评报告后提交"))
    return redirect(acceptance.get_absolute_url())


@login_required
@service_errors
def acceptance_detail(request, pk: int):
    user = request.user
    acceptance = selectors.acceptance_get(user=user, pk=pk)
    panel = selectors.acceptance_panel(acceptance)
    editable = acceptance.status == AcceptanceStatus.DRAFT and is_staff_of(user, acceptance.center)
    errors = {}
    if request.method == "POST" and editable:
        try:
            services.acceptance_update(
                actor=user,
                acceptance_id=acceptance.pk,
                self_assessment=request.POST.get("self_assessment", ""),
            )
        except ValidationFailed as exc:
            errors = {k: [str(m) for m in v] for k, v in exc.errors.items()}
        else:
            messages.success(request, _("已保存自评报告"))
            return redirect(acceptance.get_absolute_url())
    actions = ACCEPTANCE_WORKFLOW.available(user, acceptance)
    return render(
        request,
        "evaluation/acceptance/detail.html",
        {
            "acceptance": acceptance,
            "center": acceptance.center,
            "panel": panel,
            "figures": acceptance_figures(acceptance.center),
            "actions": [{"t": t, "not_ready": t.not_ready(acceptance, user)} for t in actions],
            "editable": editable,
            "errors": errors,
            "draft_text": request.POST.get("self_assessment", acceptance.self_assessment)
            if errors
            else acceptance.self_assessment,
            "apply_problems": apply_problems(acceptance.center)
            if acceptance.status == AcceptanceStatus.DRAFT
            else [],
            "history": selectors.acceptance_history(acceptance),
        },
    )


@login_required
@service_errors
def acceptance_action(request, pk: int, action: str):
    acceptance = selectors.acceptance_get(user=request.user, pk=pk)
    back = acceptance.get_absolute_url()
    return transition_page(
        request,
        workflow=ACCEPTANCE_WORKFLOW,
        obj=acceptance,
        action=action,
        run=lambda params, comment: services.acceptance_transition(
            actor=request.user,
            acceptance_id=acceptance.pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=back,
        template="evaluation/acceptance/action.html",
        context={"acceptance": acceptance, "back_url": back},
    )

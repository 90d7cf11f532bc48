"""Pages of the experts' assignments and the panel opinion."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ticms.accounts.models import Role
from ticms.common.exceptions import GuardFailed, PermissionDenied, ValidationFailed
from ticms.common.files import attachment_download
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from .. import selectors, services
from ..conflicts import CONFLICT_RULES
from ..forms import (
    score_sheet_form,
    transition_form,
)
from ..models import AssignmentStatus
from ..permissions import is_panel_leader
from ..workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW

# --- Assignments (the experts) ------------------------------------------------------------------


@login_required
@service_errors
def my_assignments(request):
    user = request.user
    if user.role == Role.PROVINCE:
        return redirect("reviews:panels")
    if user.role != Role.EXPERT:
        raise PermissionDenied(_("「我的论证任务」仅供评审专家使用"))
    status = request.GET.get("status", "")
    if status not in ("", "open", *AssignmentStatus.values):
        status = ""
    page = PkFirstPaginator(
        selectors.my_assignments(user=user, status=status), settings.TICMS["PAGE_SIZE"]
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/assignments.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": AssignmentStatus.choices,
            "querystring_base": querystring_without_page(request),
        },
    )


def _assignment_context(request, assignment, **extra) -> dict:
    panel = assignment.panel
    context = {
        "assignment": assignment,
        "panel": panel,
        "subject": panel.subject,
        "actions": [
            t
            for t in ASSIGNMENT_WORKFLOW.available(request.user, assignment)
            if t.action not in ("submit",)
        ],
        "history": selectors.assignment_history(assignment),
        "is_leader": is_panel_leader(request.user, panel),
        "conflict_rules": CONFLICT_RULES,
        "units": selectors.assignment_units(assignment),
    }
    if assignment.status in (AssignmentStatus.DECLARED, AssignmentStatus.SUBMITTED):
        context["summary"] = selectors.assignment_material(assignment)
        context["material_template"] = panel.kind.material_template
        criteria = selectors.panel_criteria(panel)
        scores = selectors.assignment_scores(assignment)
        context["criteria_scores"] = [(c, scores.get(c.pk)) for c in criteria]
        context["total"] = selectors.weighted_total(scores, criteria)
        if assignment.status == AssignmentStatus.DECLARED and "sheet_form" not in extra:
            initial = {f"score_{k}": v for k, v in scores.items()}
            initial.update(
                {"comments": assignment.comments, "recommendation": assignment.recommendation}
            )
            context["sheet_form"] = score_sheet_form(criteria, initial=initial)
    if context["is_leader"]:
        context["panel_sheet"] = selectors.panel_sheet(panel, anonymous=True)
        context["progress"] = selectors.panel_progress(panel)
        context["can_conclude"] = bool(
            PANEL_WORKFLOW.available(request.user, panel)
        ) and not selectors.opinion_problems(panel)
    context.update(extra)
    return context


@login_required
@service_errors
def assignment_detail(request, pk: int):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    if request.user.role == Role.PROVINCE:
        return redirect(
            assignment.panel.kind.panel_url(assignment.panel.subject)
            + f"#assignment-{assignment.pk}"
        )
    return render(request, "reviews/assignment.html", _assignment_context(request, assignment))


@login_required
@require_GET
@service_errors
def assignment_attachment(request, pk: int, attachment_pk: int):
    rows = selectors.assignment_attachment_rows(user=request.user, assignment_pk=pk)
    return attachment_download(rows, attachment_pk)


@login_required
@require_POST
@service_errors
def assignment_sheet(request, pk: int):
    """Save the score sheet (a draft), or save and submit it."""
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    criteria = selectors.panel_criteria(assignment.panel)
    form = score_sheet_form(criteria, data=request.POST)
    if form.is_valid():
        try:
            services.score_sheet_save(
                actor=request.user,
                assignment_id=assignment.pk,
                scores=form.scores(),
                comments=form.cleaned_data["comments"],
                recommendation=form.cleaned_data["recommendation"],
            )
            if "submit" in request.POST:
                services.assignment_transition(
                    actor=request.user, assignment_id=assignment.pk, action="submit"
                )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            # The draft is saved; what is missing is listed on the form.
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            if "submit" in request.POST:
                messages.success(request, _("评分已提交"))
            else:
                messages.success(request, _("评分表已保存（尚未提交）"))
            return redirect("reviews:assignment_detail", pk=assignment.pk)
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    return render(
        request,
        "reviews/assignment.html",
        _assignment_context(request, assignment, sheet_form=form),
    )


@login_required
@service_errors
def assignment_action(request, pk: int, action: str):
    """accept, decline, declare, declare_conflict (the expert); withdraw, reinvite,
    return_scores (the province)."""
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    back = (
        assignment.panel.kind.panel_url(assignment.panel.subject)
        if request.user.role == Role.PROVINCE
        else reverse("reviews:assignment_detail", args=[assignment.pk])
    )
    return transition_page(
        request,
        workflow=ASSIGNMENT_WORKFLOW,
        obj=assignment,
        action=action,
        run=lambda params, comment: services.assignment_transition(
            actor=request.user,
            assignment_id=assignment.pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=back,
        template="reviews/action.html",
        context={
            "subject": assignment,
            "back_url": back,
            "conflict_rules": CONFLICT_RULES if action == "declare" else (),
            "expert_name": assignment.expert.name,
        },
    )


@login_required
@service_errors
def panel_opinion(request, pk: int):
    """The panel leader writes the panel opinion once every accepted expert has submitted."""
    assignment = selectors.assignments_visible_to(request.user).filter(panel_id=pk).first()
    if assignment is None or request.user.role != Role.EXPERT:
        from django.http import Http404

        raise Http404(_("专家组不存在"))
    panel = assignment.panel
    transition = PANEL_WORKFLOW.get("conclude")
    PANEL_WORKFLOW.check(request.user, panel, transition)
    data = request.POST if request.method == "POST" else None
    form = transition_form(transition, data)
    del form.fields["comment"]
    if data is None and panel.opinion:
        form.initial = {"opinion": panel.opinion, "recommendation": panel.recommendation}
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_opinion_write(
                actor=request.user,
                panel_id=panel.pk,
                opinion=form.cleaned_data["opinion"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已出具专家组意见"))
            return redirect("reviews:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "reviews/opinion.html",
        {
            "form": form,
            "panel": panel,
            "assignment": assignment,
            "sheet": selectors.panel_sheet(panel, anonymous=True),
            "problems": selectors.opinion_problems(panel),
        },
    )

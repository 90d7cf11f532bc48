"""Pages of the panels (the province)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from .. import selectors, services, subjects
from ..conflicts import conflicts_of
from ..forms import (
    AddExpertForm,
    CandidateFilterForm,
    LeaderForm,
    PanelForm,
    field_choices,
)
from ..models import ACTIVE_ASSIGNMENT_STATUSES, PanelStatus
from ..permissions import can_form_panels
from ..workflow import ASSIGNMENT_WORKFLOW, PANEL_WORKFLOW
from .common import CANDIDATES_PER_PAGE, bound_filters, require_province

# --- Panels (the province) ----------------------------------------------------------------------


@login_required
@service_errors
def panel_list(request):
    require_province(request.user, _("专家论证由省科技厅组织"))
    waiting = selectors.applications_awaiting_panel(user=request.user)
    # Every other kind under review without a panel yet (an acceptance…).
    other_waiting = [
        (
            kind,
            [
                (s, kind.panel_url(s))
                for s in selectors.subjects_awaiting_panel(user=request.user, kind=kind.key)
            ],
        )
        for kind in subjects.kinds()
        if kind.key != "application"
    ]
    page = PkFirstPaginator(selectors.panel_list(user=request.user), settings.TICMS["PAGE_SIZE"])
    return render(
        request,
        "reviews/panels.html",
        {
            "waiting": waiting,
            "other_waiting": other_waiting,
            "page_obj": page.get_page(request.GET.get("page")),
            "querystring_base": querystring_without_page(request),
        },
    )


def _panel_context(request, subject, panel, **forms):
    kind = subjects.kind_of(subject)
    problems = kind.review_problems(subject)
    context = {
        "subject": subject,
        "kind": kind,
        "panel": panel,
        "in_review": not problems,
        "review_problems": problems,
        **forms,
    }
    if panel is None:
        context.setdefault(
            "panel_form",
            PanelForm(initial={"mode": "online"}),
        )
        return context
    assignments = selectors.panel_assignments(panel)
    choices = field_choices()
    candidate_form = CandidateFilterForm(request.GET or None, choices=choices)
    filters = bound_filters(candidate_form)
    # Every eligible expert in the pool, those familiar with the application's sub-field (or
    # its parent field) first; the field filter narrows the list only when the officer asks.
    prefer = kind.preferred_field(subject)
    candidates = PkFirstPaginator(
        selectors.candidate_experts(panel, prefer=prefer, **filters), CANDIDATES_PER_PAGE
    ).get_page(request.GET.get("page"))
    facts = kind.facts(subject)
    candidate_rows = [
        {"expert": e, "conflicts": conflicts_of(e, facts=facts).messages()}
        for e in candidates.object_list
    ]
    active = [a for a in assignments if a.status in ACTIVE_ASSIGNMENT_STATUSES]
    # Once the subject has moved on, nothing here can change: offer no button that would
    # only be refused.
    in_argumentation = not problems
    context.update(
        {
            "assignments": assignments,
            "members": [
                {
                    "assignment": a,
                    "actions": ASSIGNMENT_WORKFLOW.available(request.user, a)
                    if in_argumentation
                    else [],
                }
                for a in assignments
            ],
            "panel_actions": PANEL_WORKFLOW.available(request.user, panel)
            if in_argumentation
            else [],
            "sheet": selectors.panel_sheet(panel, assignments),
            "progress": selectors.panel_progress(panel),
            "min_experts": selectors.MIN_SUBMITTED_EXPERTS,
            "editable": panel.status == PanelStatus.OPEN and in_argumentation,
            "candidate_form": candidate_form,
            "candidates": candidates,
            "candidate_rows": candidate_rows,
            "querystring_base": querystring_without_page(request),
            "leader_form": LeaderForm(
                initial={"leader": str(panel.leader_id or "")}, assignments=active
            ),
            "history": selectors.panel_history(panel, assignments).select_related("actor"),
        }
    )
    context.setdefault("panel_form", PanelForm(initial=_panel_initial(panel)))
    context.setdefault("add_form", AddExpertForm())
    return context


def _panel_initial(panel) -> dict:
    return {
        "mode": panel.mode,
        "due_on": panel.due_on,
        "meeting_at": panel.meeting_at,
        "place": panel.place,
    }


@login_required
@service_errors
def subject_panel(request, kind: str, pk: int):
    """The province's panel page of one subject (an application, an acceptance): form the
    panel, invite experts (refusals shown with their reasons), name the leader, and read the
    scores side by side."""
    subject, panel = selectors.panel_for_subject(user=request.user, kind=kind, subject_id=pk)
    subject_kind = subjects.kind(kind)
    if request.method == "POST" and panel is None:
        form = PanelForm(request.POST)
        if form.is_valid():
            try:
                services.panel_create(
                    actor=request.user, kind=kind, subject_id=subject.pk, **form.cleaned_data
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已组建专家组，请从专家库中邀请专家"))
                return redirect(subject_kind.panel_url(subject))
        return render(
            request,
            "reviews/panel.html",
            _panel_context(request, subject, panel, panel_form=form),
        )
    return render(request, "reviews/panel.html", _panel_context(request, subject, panel))


def application_panel(request, pk: int):
    return subject_panel(request, "application", pk)


def _panel_page(request, pk):
    """The panel for a POST of the panel page (province only; others: not found)."""
    return selectors.panel_get(user=request.user, pk=pk)


@login_required
@require_POST
@service_errors
def panel_update(request, pk: int):
    panel = _panel_page(request, pk)
    form = PanelForm(request.POST)
    if form.is_valid():
        try:
            services.panel_update(actor=request.user, panel_id=panel.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存论证安排"))
            return redirect(panel.get_panel_page_url())
    return render(
        request,
        "reviews/panel.html",
        _panel_context(request, panel.subject, panel, panel_form=form),
    )


@login_required
@require_POST
@service_errors
def panel_expert_add(request, pk: int):
    panel = _panel_page(request, pk)
    form = AddExpertForm(request.POST)
    if form.is_valid():
        try:
            assignment = services.panel_expert_add(
                actor=request.user, panel_id=panel.pk, expert_id=form.cleaned_data["expert"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            # 回避: refused with the rule, its article and the facts.
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已邀请专家：%(name)s") % {"name": assignment.expert.name})
            return redirect(panel.get_panel_page_url())
    return render(
        request,
        "reviews/panel.html",
        _panel_context(request, panel.subject, panel, add_form=form),
        status=200,
    )


@login_required
@require_POST
@service_errors
def panel_leader(request, pk: int):
    panel = _panel_page(request, pk)
    raw = (request.POST.get("leader") or "").strip()
    try:
        expert_id = int(raw) if raw else None
    except ValueError:
        expert_id = -1
    try:
        services.panel_leader_set(actor=request.user, panel_id=panel.pk, expert_id=expert_id)
    except ValidationFailed as exc:
        for message_list in exc.errors.values():
            for message in message_list:
                messages.error(request, str(message))
    else:
        messages.success(request, _("已保存专家组组长"))
    return redirect(panel.get_panel_page_url())


@login_required
def panel_detail(request, pk: int):
    """The address notices carry: the province goes to the panel page, an expert on the panel
    to their own assignment; anyone else finds nothing."""
    user = request.user
    if can_form_panels(user):
        panel = selectors.panel_get(user=user, pk=pk)
        return redirect(panel.get_panel_page_url())
    assignment = selectors.assignments_visible_to(user).filter(panel_id=pk).first()
    if assignment is None:
        from django.http import Http404

        raise Http404(_("专家组不存在"))
    return redirect("reviews:assignment_detail", pk=assignment.pk)


@login_required
@service_errors
def panel_action(request, pk: int, action: str):
    """Generic page for a panel transition without its own page (reopen)."""
    panel = _panel_page(request, pk)
    back = panel.get_panel_page_url()
    return transition_page(
        request,
        workflow=PANEL_WORKFLOW,
        obj=panel,
        action=action,
        run=lambda params, comment: services.panel_transition(
            actor=request.user, panel_id=panel.pk, action=action, params=params, comment=comment
        ),
        success_url=back,
        template="reviews/action.html",
        context={"subject": panel, "back_url": back},
    )

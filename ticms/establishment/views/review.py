"""Application list and detail, the generic action page, and the province's formal review."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities
from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.forms import add_service_errors, transition_form
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors, transition_page

from .. import selectors, services, similarity
from ..completeness import submission_problems
from ..forms.review import ApplicationFilterForm
from ..models import ApplicationStatus
from ..workflow import APPLICATION_WORKFLOW
from .drafting.eligibility import eligibility_context
from .drafting.tasklist import tasklist_context


@login_required
def application_list(request):
    user = request.user
    city_choices = cities() if user.role != Role.CITY else cities().filter(pk=user.city_id)
    form = ApplicationFilterForm(
        request.GET or None, cities=city_choices, guides=selectors.guide_list(user=user)
    )
    filters = selectors.ApplicationFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ApplicationFilters(
            guide=data["guide"].pk if data.get("guide") else None,
            city=data.get("city") or "",
            status=data.get("status") or "",
            q=data.get("q") or "",
        )
    elif form.is_bound:
        messages.warning(request, _("筛选条件无效，已忽略"))
    qs = selectors.application_list(user=user, filters=filters)
    page = PkFirstPaginator(qs, settings.TICMS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "establishment/applications/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "hide_city": user.role in (Role.CITY, Role.CENTER),
            "open_guides": (
                selectors.open_guides(user=user, today=_today()) if user.role == Role.CENTER else []
            ),
        },
    )


def _today():
    from django.utils import timezone

    return timezone.localdate()


def action_url(application, t) -> str:
    """A transition with its own page (submission, formal review) links there."""
    if t.page:
        return reverse(t.page, args=[application.pk])
    return reverse("establishment:application_action", args=[application.pk, t.action])


def _tasklist(application, user) -> dict:
    return tasklist_context(application, user)


def _panel_url(application) -> str:
    try:
        return reverse("reviews:application_panel", args=[application.pk])
    except NoReverseMatch:
        return ""


@login_required
@service_errors
def application_detail(request, pk: int):
    user = request.user
    application = selectors.application_get(user=user, pk=pk)
    actions = [
        {"transition": t, "url": action_url(application, t), "not_ready": problems}
        for t in APPLICATION_WORKFLOW.available(user, application)
        if not ((problems := t.not_ready(application, user)) and t.hide_until_ready)
    ]
    officer = user.role in (Role.PROVINCE, Role.CITY)
    history = list(selectors.application_history(application))
    context = {
        "application": application,
        "actions": actions,
        "history": history,
        "reason": _latest_reason(application, history),
        "formal_reviews": application.formal_reviews.select_related("reviewer")
        if officer
        else [],
        "notices": application.notices.all(),
        "contract": getattr(application, "contract", None)
        if application.status == ApplicationStatus.CONTRACTED
        else None,
        "panel_url": _panel_url(application)
        if user.role == Role.PROVINCE
        and application.status
        in (ApplicationStatus.ARGUMENTATION, ApplicationStatus.REVISING,
            ApplicationStatus.REVISION_REVIEW, ApplicationStatus.DECISION,
            ApplicationStatus.NOTICE, ApplicationStatus.APPROVED,
            ApplicationStatus.CONTRACTED)
        else "",
        "states": APPLICATION_WORKFLOW.states,
    }  # fmt: skip
    context.update(_tasklist(application, user))
    return render(request, "establishment/applications/detail.html", context)


@login_required
@service_errors
def application_action(request, pk: int, action: str):
    application = selectors.application_get(user=request.user, pk=pk)
    transition = APPLICATION_WORKFLOW.get(action)
    APPLICATION_WORKFLOW.check(request.user, application, transition)
    if transition.page:
        return redirect(action_url(application, transition))
    return transition_page(
        request,
        workflow=APPLICATION_WORKFLOW,
        obj=application,
        action=action,
        run=lambda params, comment: services.application_transition(
            actor=request.user,
            application_id=application.pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=application.get_absolute_url(),
        template="establishment/action.html",
        context={
            "obj": application,
            "back_url": application.get_absolute_url(),
            "list_url_name": "establishment:application_list",
            "list_label": _("组建申请"),
        },
    )


@login_required
@service_errors
def formal_review(request, pk: int):
    """形式审查 (第十三条第3项): completeness, the eligibility verdict with its rule set, the
    duplicate check, and the decision — pass (with a justification when an in-principle
    condition fails) or fail."""
    user = request.user
    application = selectors.application_get(user=user, pk=pk)
    passing = APPLICATION_WORKFLOW.get("pass_formal_review")
    failing = APPLICATION_WORKFLOW.get("fail_formal_review")
    APPLICATION_WORKFLOW.check(user, application, passing)
    decision = request.POST.get("decision") if request.method == "POST" else None
    chosen = failing if decision == "fail" else passing
    form = transition_form(
        passing, request.POST if request.method == "POST" else None, obj=application, actor=user
    )
    if decision == "fail":
        # Failing needs only the reasons: the checklist records what was found.
        for param in passing.params:
            form.fields[param.name].required = False
        form.fields["comment"].required = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            services.application_transition(
                actor=user,
                application_id=application.pk,
                action=chosen.action,
                params=data if chosen is passing else {},
                comment=comment,
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": chosen.label})
            return redirect(application.get_absolute_url())
    eligibility = eligibility_context(application, user)
    return render(
        request,
        "establishment/applications/formal_review.html",
        {
            "application": application,
            "form": form,
            "eligibility": eligibility,
            "report": eligibility["report"],
            "gaps": submission_problems(application),
            "similar": selectors.similar_plans(application),
            "similar_high": similarity.HIGH,
            "return_url": reverse(
                "establishment:application_action", args=[application.pk, "return_for_correction"]
            ),
            "in_priority": _in_priority(application),
        },
    )


# Steps whose reasons the applicant must read first (a return, a refusal).
REASON_STATES = {
    ApplicationStatus.RETURNED: (
        "application.return_to_applicant",
        "application.return_for_correction",
    ),
    ApplicationStatus.REVISING: ("application.return_revision", "application.request_revision"),
    ApplicationStatus.CITY_REJECTED: ("application.city_reject",),
    ApplicationStatus.REJECTED: (
        "application.fail_formal_review",
        "application.reject_after_argumentation",
        "application.reject",
        "application.stop_after_objection",
    ),
}


def _latest_reason(application, history):
    """The event that put the application where it is, when it carries reasons to act on."""
    actions = REASON_STATES.get(application.status)
    if not actions:
        return None
    for event in reversed(history):
        if event.action in actions:
            return event
    return None


def _in_priority(application) -> bool:
    field = application.sub_field
    if field is None:
        return False
    ids = set(application.guide.priority_fields.values_list("pk", flat=True))
    return field.pk in ids or field.parent_id in ids

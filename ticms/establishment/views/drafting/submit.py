"""Check before submit: everything entered, each part with a 修改 link and its eligibility
outcome; every gap at the top as a link to its field; the submit button(s) the transition
table offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ticms.common.exceptions import GuardFailed, ValidationFailed
from ticms.common.views import service_errors

from ... import selectors, services
from ...permissions import can_edit_application
from ...workflow import APPLICATION_WORKFLOW
from .eligibility import eligibility_context
from .pages import tasklist_url
from .sections import SECTION_BY_KEY, section_url
from .summary import summary_context
from .tasklist import PAGE_ACTIONS, all_problems, problem_links, revision_opinions


@login_required
@service_errors
def application_review_page(request, pk: int):
    """Everything entered, each part with a 修改 link and its eligibility outcome; every gap
    at the top as a link to its field; the submit button(s) the transition table offers."""
    application = selectors.application_get(user=request.user, pk=pk)
    refused = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in PAGE_ACTIONS:
            raise Http404
        try:
            services.application_transition(
                actor=request.user,
                application_id=application.pk,
                action=action,
                comment=request.POST.get("comment", ""),
            )
        except GuardFailed as exc:
            refused = [str(p) for p in exc.problems]
        except ValidationFailed as exc:
            refused = [str(m) for msgs in exc.errors.values() for m in msgs]
        else:
            label = APPLICATION_WORKFLOW.get(action).label
            messages.success(request, _("已办理：%(action)s") % {"action": label})
            return redirect(application.get_absolute_url())
        application = selectors.application_get(user=request.user, pk=pk)
    editable = can_edit_application(request.user, application)
    opinions = revision_opinions(application)
    problems = all_problems(application, opinions)
    eligibility = eligibility_context(application, request.user)
    links = problem_links(application, problems, editable=editable)
    shown = {link["message"] for link in links}
    return render(
        request,
        "establishment/drafting/review.html",
        {
            "application": application,
            "tasklist_url": tasklist_url(application),
            "editable": editable,
            "problem_links": links,
            "attempted": bool(refused),
            "refused": [p for p in refused if p not in shown],
            "eligibility": eligibility,
            "summary": summary_context(application, report_rows=eligibility["rows"]),
            "opinions": opinions,
            "submit_actions": [
                t
                for t in APPLICATION_WORKFLOW.available(request.user, application)
                if t.action in PAGE_ACTIONS
            ],
            "section_urls": {key: section_url(application, key) for key in SECTION_BY_KEY},
        },
    )

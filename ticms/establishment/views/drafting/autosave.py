"""Autosave (htmx): what a section's form holds now is saved as the applicant types, answered
with a small status line and, for the eligibility data, the refreshed check of that section."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import named
from ticms.common.views import service_errors

from ... import selectors, services
from ...forms.sections import opinion_form, profile_answers
from ...models import PLAN_SECTIONS
from ...permissions import can_edit_application
from .eligibility import eligibility_context
from .pages import refusal
from .section_forms import profile_form_for
from .sections import PROFILE_PAGES
from .tasklist import revision_opinions


@login_required
@require_POST
@service_errors
def draft_autosave(request, pk: int, part: str):
    """htmx: save what the section's form holds now and answer with a small status line (and,
    for the eligibility data, the refreshed check of that section)."""
    application = selectors.application_get(user=request.user, pk=pk)
    if part not in ("plan", "responses", *PROFILE_PAGES):
        raise Http404
    context = {"application": application, "saved_at": None, "problems": []}
    if not can_edit_application(request.user, application):
        context["problems"] = [refusal(request.user, application)]
        return render(request, "establishment/drafting/_autosave.html", context)
    try:
        if part == "plan":
            names = [name for name, _label in PLAN_SECTIONS if name in request.POST]
            if not names:
                raise Http404
            services.application_plan_save(
                actor=request.user,
                application_id=application.pk,
                sections={name: request.POST[name] for name in names},
            )
        elif part == "responses":
            opinions = revision_opinions(application)
            form = opinion_form(opinions, data=request.POST)
            if not form.is_valid():
                raise ValidationFailed({k: v for k, v in form.errors.items()})
            services.opinion_response_save(
                actor=request.user,
                application_id=application.pk,
                responses={
                    o["key"]: form.cleaned_data[f"opinion_{i}"]
                    for i, o in enumerate(opinions)
                    if f"opinion_{i}" in request.POST
                },
            )
        else:
            form = profile_form_for(application, part, request.POST)
            if not form.is_valid():
                raise ValidationFailed({k: v for k, v in form.errors.items()})
            answers, investment = profile_answers(part, form.cleaned_data)
            services.application_profile_save(
                actor=request.user,
                application_id=application.pk,
                answers=answers,
                rd_investment=investment or None,
            )
    except ValidationFailed as exc:
        # Each problem names its field: the status line stands apart from the fields.
        labels = dict(PLAN_SECTIONS)
        context["problems"] = [
            str(m) if str(labels.get(key, "")) in str(m) else named(labels[key], m)
            for key, msgs in exc.errors.items()
            for m in msgs
        ] or [str(exc.message)]
    else:
        context["saved_at"] = timezone.localtime()
    if part in PROFILE_PAGES:
        application = selectors.application_get(user=request.user, pk=pk)
        context["eligibility"] = eligibility_context(application, request.user, section=part)
        context["oob"] = True
    return render(request, "establishment/drafting/_autosave.html", context)

"""Shared view plumbing: service errors become the right page, never a 500."""

from __future__ import annotations

import functools

from django.http import Http404
from django.shortcuts import render

from .exceptions import Conflict, GuardFailed, NotFound, PermissionDenied


def forbidden(request, reason):
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def service_errors(view):
    """NotFound → 404 (same as a missing record), PermissionDenied → 403 with its reason,
    Conflict/GuardFailed → 409 with the explanation."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except PermissionDenied as exc:
            return forbidden(request, exc.message)
        except (Conflict, GuardFailed) as exc:
            problems = getattr(exc, "problems", None) or [exc.message]
            return render(
                request,
                "errors/409.html",
                {"problems": problems, "back_url": _safe_referer(request)},
                status=409,
            )

    return wrapper


def _safe_referer(request) -> str:
    """The page the user came from (the record they were working on), if it is ours."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # An action's form (…/<pk>/actions/<action>/) would refuse again: go to the record.
        return referer.split("/actions/")[0] + "/" if "/actions/" in referer else referer
    return ""


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def transition_page(
    request, *, workflow, obj, action: str, run, success_url, template, context=None
):
    """The page of one lifecycle step: its form built from the transition's parameters; on POST
    `run(params=..., comment=...)` (the service), its refusals shown on the form (the officer
    keeps what they typed), and on success the message and `success_url`."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .exceptions import GuardFailed, ValidationFailed
    from .forms import add_service_errors, transition_form

    transition = workflow.get(action)
    # Wrong role → 403, wrong state → 409, already when the form is asked for.
    workflow.check(request.user, obj, transition)
    form = transition_form(
        transition,
        request.POST if request.method == "POST" else None,
        obj=obj,
        actor=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            run(params=data, comment=comment)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": transition.label})
            return redirect(success_url() if callable(success_url) else success_url)
    return render(
        request,
        template,
        {
            **(context or {}),
            "transition": transition,
            "form": form,
            "state_label": workflow.states[workflow.state_of(obj)],
        },
    )

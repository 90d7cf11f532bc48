"""The live eligibility check beside the drafting pages: each rule's outcome with its article
and numbers, and the verdict (the whole check, or the rules one section feeds), and the view
that refreshes it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ticms.common.views import service_errors

from ... import selectors
from ...eligibility import application_eligibility
from ...models import Application
from ...permissions import can_edit_application
from .pages import render_page
from .sections import SECTION_BY_KEY, rows_for, section_url


def eligibility_context(application: Application, user, *, section: str = "") -> dict:
    """The live check: each rule's outcome with its article and numbers, and the verdict;
    limited to the rules one section feeds when `section` is given."""
    report = application_eligibility(application, viewer=user)
    rows = report.rows()
    if section:
        rows = rows_for(rows, SECTION_BY_KEY[section].rule_fields)
    return {
        "report": report,
        "rows": rows,
        "section": section,
        "editable": can_edit_application(user, application),
        "url": reverse("establishment:draft_eligibility", args=[application.pk])
        + (f"?section={section}" if section else ""),
    }


@login_required
@require_GET
@service_errors
def draft_eligibility(request, pk: int):
    """The eligibility panel, refreshed (the whole check, or one section's rules): read-only,
    so for everybody who may see the application. htmx swaps in the panel alone; the plain
    link (no script) gets a page of its own with the way back."""
    application = selectors.application_get(user=request.user, pk=pk)
    section = request.GET.get("section", "")
    if section and (section not in SECTION_BY_KEY or not SECTION_BY_KEY[section].rule_fields):
        section = ""
    eligibility = eligibility_context(application, request.user, section=section)
    if request.headers.get("HX-Request") == "true":
        response = render(
            request,
            "establishment/drafting/_eligibility.html",
            {"application": application, "eligibility": eligibility},
        )
    else:
        editable = can_edit_application(request.user, application)
        response = render_page(
            request,
            application,
            "eligibility.html",
            eligibility=eligibility,
            title=_("组建条件核查"),
            back_url=section_url(application, section)
            if section and editable
            else f"{application.get_absolute_url()}#eligibility-panel",
        )
    # The same address answers a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response

"""What every drafting page shares: the way back to the task list, who may edit now (and the
refusal for who may not), service errors onto form fields, and rendering a drafting page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed

from ... import selectors
from ...fields import RD_INVESTMENT
from ...forms.sections import rd_field_name
from ...permissions import can_edit_application, is_applicant


def tasklist_url(application) -> str:
    return f"{application.get_absolute_url()}#tasklist"


def refusal(user, application) -> str:
    if not is_applicant(user, application):
        return _("只有申报单位（依托单位）的用户可以修改申请书")
    return _("申请书当前状态为「%(state)s」，不能修改") % {
        "state": application.get_status_display()
    }


def editable_application(request, pk: int):
    """The application if the user may change it now. Outside the user's scope: 404. A reader
    who may not edit is refused: a GET is shown the read-only summary, a POST refused."""
    application = selectors.application_get(user=request.user, pk=pk)
    if can_edit_application(request.user, application):
        return application, None
    reason = refusal(request.user, application)
    if request.method != "GET":
        if is_applicant(request.user, application):
            raise Conflict(reason)
        raise PermissionDenied(reason)
    messages.info(request, reason)
    return application, redirect("establishment:application_review_page", pk=application.pk)


_RD_PATH = re.compile(rf"^{RD_INVESTMENT[0]}\.{RD_INVESTMENT[1]}\.(\d{{4}})$")


def map_errors(form, exc: ValidationFailed) -> None:
    """Service errors (by path, e.g. `center.rd_site_area_m2`, `director.id_number`) onto the
    form's fields; what matches no field goes to the top of the form."""
    mapped = {}
    for path, messages_ in exc.errors.items():
        match = _RD_PATH.match(path)
        candidates = [
            path,
            path.replace(".", "_"),
            path.rsplit(".", 1)[-1],
            rd_field_name(int(match[1])) if match else "",
        ]
        name = next((c for c in candidates if c in form.fields), None)
        mapped.setdefault(name, []).extend(messages_)
    for name, messages_ in mapped.items():
        for message in messages_:
            form.add_error(name, str(message))
    if not exc.errors:
        form.add_error(None, str(exc.message))


def render_page(request, application, template, **context):
    return render(
        request,
        f"establishment/drafting/{template}",
        {"application": application, "tasklist_url": tasklist_url(application), **context},
    )

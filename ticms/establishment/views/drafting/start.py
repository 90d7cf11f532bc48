"""Starting an application under an open guide (第十三条第2项); a host unit that already has
one under the guide is sent to it instead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.catalog.selectors import sub_fields
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.views import service_errors

from ... import selectors, services
from ...forms.sections import CreateForm
from ...models import FINAL_STATUSES
from ...permissions import can_edit_application
from .pages import tasklist_url


@login_required
@service_errors
def application_create(request, guide_pk: int):
    guide = selectors.guide_get(user=request.user, pk=guide_pk)
    user = request.user
    if user.role != Role.CENTER:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    existing = (
        selectors.applications_visible_to(user)
        .filter(guide=guide, host_unit_id=user.organisation_id)
        .exclude(status__in=FINAL_STATUSES)
        .first()
    )
    if existing is not None:
        if can_edit_application(user, existing):
            messages.info(
                request,
                _("本单位已有依据该指南的申请书（编号 %(code)s），请继续填写")
                % {"code": existing.code},
            )
            return redirect(tasklist_url(existing))
        # Past drafting (e.g. on notice): say where it stands, never "continue filling".
        messages.info(
            request,
            _(
                "本单位已有依据该指南的申请书（编号 %(code)s），目前处于「%(state)s」阶段，"
                "不能再修改；以下是该申请书的进展"
            )
            % {"code": existing.code, "state": existing.get_status_display()},
        )
        return redirect(existing.get_absolute_url())
    cultivating = selectors.cultivating_centers_for(user)
    form = CreateForm(
        request.POST if request.method == "POST" else None,
        sub_fields=sub_fields(),
        cultivating=cultivating,
    )
    if request.method == "POST" and form.is_valid():
        center = form.cleaned_data.get("center")
        try:
            application = services.application_create(
                actor=user,
                guide_id=guide.pk,
                center_name=form.cleaned_data["center_name"],
                sub_field=form.cleaned_data["sub_field"],
                center_id=center.pk if center else None,
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建申请书（编号 %(code)s），请按任务列表逐项填写，填写内容随时自动保存")
                % {"code": application.code},
            )
            return redirect(tasklist_url(application))
    return render(
        request,
        "establishment/drafting/create.html",
        {
            "guide": guide,
            "form": form,
            "open": guide.is_open_on(timezone.localdate()),
            "host_unit": user.organisation,
        },
    )

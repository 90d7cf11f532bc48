"""The province's guide pages (第十一条、第十三条第1项); published guides for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities
from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.views import service_errors, transition_page

from .. import selectors, services
from ..forms.guides import GuideForm, guide_initial
from ..models import FINAL_STATUSES, Application, GuideStatus, MaterialKind
from ..workflow import GUIDE_WORKFLOW


@login_required
def guide_list(request):
    guides = list(selectors.guide_list(user=request.user))
    today = timezone.localdate()
    mine = {}
    if request.user.role == Role.CENTER and request.user.organisation_id:
        # The applicant's live application per guide: continue it instead of starting anew.
        for a in Application.objects.filter(host_unit_id=request.user.organisation_id).exclude(
            status__in=FINAL_STATUSES
        ):
            mine[a.guide_id] = a
    rows = [{"guide": g, "open": g.is_open_on(today), "mine": mine.get(g.pk)} for g in guides]
    return render(
        request,
        "establishment/guides/list.html",
        {"rows": rows, "can_create": request.user.role == Role.PROVINCE},
    )


def _guide_form(request, *, guide=None):
    if request.user.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以编制申报指南"))
    initial = (
        guide_initial(guide) if guide else {"year": timezone.localdate().year, "notice_workdays": 5}
    )
    # Once published, units apply against what it says: the page shows it, read-only.
    read_only = guide is not None and guide.status != GuideStatus.DRAFT
    if read_only and request.method == "POST":
        raise Conflict(_("指南已发布，不能再修改"))
    form = GuideForm(
        request.POST if request.method == "POST" else None, initial=initial, cities=cities()
    )
    if read_only:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            if guide is None:
                guide = services.guide_create(actor=request.user, **form.service_kwargs())
            else:
                services.guide_update(
                    actor=request.user, guide_id=guide.pk, **form.service_kwargs()
                )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存指南草稿"))
            return redirect(guide.get_absolute_url())
    return render(
        request,
        "establishment/guides/form.html",
        {"form": form, "guide": guide, "read_only": read_only},
    )


@login_required
@service_errors
def guide_create(request):
    return _guide_form(request)


@login_required
@service_errors
def guide_edit(request, pk: int):
    guide = selectors.guide_get(user=request.user, pk=pk)
    return _guide_form(request, guide=guide)


@login_required
@service_errors
def guide_detail(request, pk: int):
    guide = selectors.guide_get(user=request.user, pk=pk)
    user = request.user
    today = timezone.localdate()
    mine = None
    if user.role == Role.CENTER and user.organisation_id:
        mine = (
            Application.objects.filter(guide=guide, host_unit_id=user.organisation_id)
            .exclude(status__in=FINAL_STATUSES)
            .first()
        )
    labels = dict(MaterialKind.choices)
    return render(
        request,
        "establishment/guides/detail.html",
        {
            "guide": guide,
            "actions": GUIDE_WORKFLOW.available(user, guide),
            "materials": [labels.get(k, k) for k in guide.required_materials],
            "criteria": guide.criteria.all(),
            "quotas": guide.quotas.select_related("city"),
            "priority_fields": guide.priority_fields.all(),
            "open": guide.is_open_on(today),
            "can_apply": user.role == Role.CENTER and guide.is_open_on(today) and mine is None,
            "mine": mine,
            "can_edit": user.role == Role.PROVINCE and guide.status == "draft",
            "history": selectors.history_for(guide) if user.role == Role.PROVINCE else [],
        },
    )


@login_required
@service_errors
def guide_action(request, pk: int, action: str):
    guide = selectors.guide_get(user=request.user, pk=pk)
    return transition_page(
        request,
        workflow=GUIDE_WORKFLOW,
        obj=guide,
        action=action,
        run=lambda params, comment: services.guide_transition(
            actor=request.user, guide_id=guide.pk, action=action, params=params, comment=comment
        ),
        success_url=guide.get_absolute_url(),
        template="establishment/action.html",
        context={
            "obj": guide,
            "back_url": guide.get_absolute_url(),
            "list_url_name": "establishment:guide_list",
            "list_label": _("申报指南"),
        },
    )
